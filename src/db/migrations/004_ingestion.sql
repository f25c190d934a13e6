-- Ingested X12 files (835, 277, 277CA, 999), kept byte for byte. The sha256 of the bytes makes ingestion
-- idempotent: the same file posted again is answered from `outcomes` and nothing is routed twice.
-- `completed_at` is set once every event of the file was routed or kept; a file whose ingestion stopped
-- half-way (no `completed_at`) is routed again when it arrives again, which is safe because every
-- signal carries an idempotency key the claim's workflow remembers.
CREATE TABLE x12_files (
  file_id      bigserial PRIMARY KEY,
  sha256       text NOT NULL UNIQUE CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  kind         text NOT NULL CHECK (kind IN ('835', '277', '277CA', '999')),
  size_bytes   integer NOT NULL CHECK (size_bytes > 0),
  -- [{ "senderId": ISA06, "controlNumber": ISA13 }, ...] in file order.
  interchanges jsonb NOT NULL,
  content      bytea NOT NULL,
  received_at  timestamptz NOT NULL DEFAULT now(),
  completed_at timestamptz,
  -- Per claim event: { claimId, outcome, idempotencyKey, ... }, in file order.
  outcomes     jsonb
);
CREATE INDEX x12_files_received_idx ON x12_files (received_at DESC);

-- Events from ingested files that did not reach an open claim workflow: the claim is not registered,
-- the file names no claim (a 999 acknowledges transaction sets), or the claim's workflow has closed.
-- Kept, never dropped, so a person can act on them.
CREATE TABLE unmatched_x12_events (
  unmatched_id    bigserial PRIMARY KEY,
  file_id         bigint NOT NULL REFERENCES x12_files (file_id),
  idempotency_key text NOT NULL UNIQUE,
  kind            text NOT NULL CHECK (kind IN ('835', '277', '277CA', '999')),
  -- The claim id the file names (patient control number); null when it names none.
  claim_id        text,
  reason          text NOT NULL CHECK (reason IN ('not_registered', 'no_claim_reference', 'workflow_not_started', 'closed')),
  -- { signal, event, envelope, segment }: the parsed event as it would have been signalled.
  event           jsonb NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX unmatched_x12_events_created_idx ON unmatched_x12_events (created_at DESC, unmatched_id DESC);
CREATE INDEX unmatched_x12_events_claim_idx ON unmatched_x12_events (claim_id);
