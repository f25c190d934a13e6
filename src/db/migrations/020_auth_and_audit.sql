-- API keys: a random secret shown once at creation. Only its SHA-256 is kept (the secret is 256 random
-- bits, so a slow password hash would add nothing but latency to every request). `clients` NULL means
-- every client; a list limits the key to those clients' claims.
CREATE TABLE api_keys (
  key_id        text PRIMARY KEY CHECK (key_id ~ '^[0-9a-f]{16}$'),
  name          text NOT NULL,
  role          text NOT NULL CHECK (role IN ('specialist', 'lead', 'manager', 'admin', 'ingestion')),
  clients       text[],
  secret_sha256 bytea NOT NULL CHECK (length(secret_sha256) = 32),
  created_at    timestamptz NOT NULL DEFAULT now(),
  created_by    text NOT NULL,
  expires_at    timestamptz,
  revoked_at    timestamptz,
  revoked_by    text,
  last_used_at  timestamptz
);
CREATE INDEX api_keys_created_idx ON api_keys (created_at DESC);

-- The audit log: one row per mutation and per read of PHI, whatever its outcome (`status` is the HTTP
-- status answered). Append-only: the triggers below refuse UPDATE, DELETE and TRUNCATE from anyone; only
-- the table's owner could disable them, so deployments run Tickler as a role that does not own it
-- (docs/security.md).
CREATE TABLE audit_log (
  audit_id    bigserial PRIMARY KEY,
  occurred_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  request_id  text NOT NULL,
  actor_id    text NOT NULL,
  actor_role  text NOT NULL,
  actor_via   text NOT NULL CHECK (actor_via IN ('api_key', 'oidc', 'system')),
  -- Which credential: `key:<key id>`, `oidc:<subject>`, `cli:<user>`.
  credential  text,
  -- The permission the request was checked against (`claims.read`, `claims.write_off`, ...).
  permission  text,
  -- The operation as the OpenAPI document names it: `POST /claims/{claimId}/actions/close`.
  action      text NOT NULL,
  -- What was acted on: a claim id, a client id, a key id, a payer or rule set id.
  target      text,
  client_id   text,
  status      integer NOT NULL,
  -- Small facts without PHI: a close reason, a created key's role, the number of rows listed.
  detail      jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX audit_log_occurred_idx ON audit_log (occurred_at DESC, audit_id DESC);
CREATE INDEX audit_log_actor_idx ON audit_log (actor_id, audit_id DESC);
CREATE INDEX audit_log_client_idx ON audit_log (client_id, audit_id DESC);
CREATE INDEX audit_log_action_idx ON audit_log (action, audit_id DESC);
CREATE INDEX audit_log_target_idx ON audit_log (target, audit_id DESC);

CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER audit_log_no_update_or_delete BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM PUBLIC;

-- Ingestion by a credential limited to some clients keeps the events of other clients' claims.
ALTER TABLE unmatched_x12_events DROP CONSTRAINT unmatched_x12_events_reason_check;
ALTER TABLE unmatched_x12_events ADD CONSTRAINT unmatched_x12_events_reason_check
  CHECK (reason IN ('not_registered', 'no_claim_reference', 'workflow_not_started', 'closed', 'outside_scope'));
