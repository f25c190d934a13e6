-- Payers Tickler follows up with, and the channel each is reached through.
CREATE TABLE payers (
  payer_id    text PRIMARY KEY,
  name        text NOT NULL,
  payer_class text NOT NULL CHECK (payer_class IN ('medicare_ffs', 'medicare_advantage', 'medicaid', 'commercial')),
  channel     text NOT NULL DEFAULT 'simulated',
  created_at  timestamptz NOT NULL DEFAULT now()
);

-- Cadence policies are versioned data: a change inserts a new version, decisions record the one they used.
CREATE TABLE cadence_policies (
  policy_id      text NOT NULL,
  version        integer NOT NULL CHECK (version > 0),
  effective_from date NOT NULL,
  source         text NOT NULL,
  body           jsonb NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (policy_id, version)
);

-- The claims registry. The only place the patient account reference lives.
CREATE TABLE claims (
  claim_id            text PRIMARY KEY,
  client_id           text NOT NULL,
  payer_id            text NOT NULL REFERENCES payers (payer_id),
  patient_account_ref text NOT NULL,
  date_of_service     date NOT NULL,
  billed_cents        bigint NOT NULL CHECK (billed_cents > 0),
  submitted_on        date NOT NULL,
  workflow_id         text NOT NULL UNIQUE,
  created_at          timestamptz NOT NULL DEFAULT now()
);

-- Projection of each claim's current follow-up state, written at every transition (worklists, reports).
CREATE TABLE claim_state (
  claim_id             text PRIMARY KEY REFERENCES claims (claim_id),
  phase                text NOT NULL,
  checks               integer NOT NULL DEFAULT 0,
  next_check_at        timestamptz,
  last_status_category text,
  last_status_code     text,
  last_checked_at      timestamptz,
  closed_reason        text,
  explanation          text,
  updated_at           timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX claim_state_next_check_idx ON claim_state (next_check_at) WHERE next_check_at IS NOT NULL;

-- Append-only timeline. event_key (workflow id + event sequence) makes every write idempotent.
CREATE TABLE timeline_events (
  event_id    bigserial PRIMARY KEY,
  claim_id    text NOT NULL REFERENCES claims (claim_id),
  event_key   text NOT NULL UNIQUE,
  kind        text NOT NULL,
  occurred_at timestamptz NOT NULL,
  actor       text NOT NULL,
  summary     text NOT NULL,
  data        jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX timeline_events_claim_idx ON timeline_events (claim_id, occurred_at, event_id);

-- Simulated payer: a scripted sequence of status responses per claim, and every request it received.
CREATE TABLE sim_payer_scripts (
  claim_id   text PRIMARY KEY,
  responses  jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE sim_payer_requests (
  request_id      bigserial PRIMARY KEY,
  claim_id        text NOT NULL,
  payer_id        text NOT NULL,
  idempotency_key text NOT NULL,
  received_at     timestamptz NOT NULL DEFAULT now(),
  response        jsonb
);
CREATE INDEX sim_payer_requests_claim_idx ON sim_payer_requests (claim_id, request_id);
