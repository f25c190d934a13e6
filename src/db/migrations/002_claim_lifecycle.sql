-- Other payers on the claim, for secondary/tertiary follow-up, and links between a claim and the claim
-- that follows it at the next payer.
ALTER TABLE claims
  ADD COLUMN secondary_payer_id text REFERENCES payers (payer_id),
  ADD COLUMN tertiary_payer_id  text REFERENCES payers (payer_id),
  ADD COLUMN payer_order        text NOT NULL DEFAULT 'primary' CHECK (payer_order IN ('primary', 'secondary', 'tertiary')),
  ADD COLUMN parent_claim_id    text REFERENCES claims (claim_id),
  ADD COLUMN expected_cents     bigint CHECK (expected_cents IS NULL OR expected_cents >= 0),
  ADD COLUMN key_account        boolean NOT NULL DEFAULT false;

-- What worklists and reports read: the next action and when, who owns it, the nearest hard deadline.
ALTER TABLE claim_state
  ADD COLUMN next_action        text,
  ADD COLUMN next_action_at     timestamptz,
  ADD COLUMN owner              text,
  ADD COLUMN snoozed_until      timestamptz,
  ADD COLUMN flagged_reason     text,
  ADD COLUMN nearest_deadline   date,
  ADD COLUMN deadlines          jsonb NOT NULL DEFAULT '[]'::jsonb,
  ADD COLUMN paid_cents         bigint NOT NULL DEFAULT 0,
  ADD COLUMN transition_seq     integer NOT NULL DEFAULT 0;
CREATE INDEX claim_state_next_action_idx ON claim_state (next_action_at) WHERE phase <> 'closed';

-- Human work items opened by claim workflows. The id is derived from workflow state, so a retried
-- activity never opens one twice.
CREATE TABLE work_items (
  work_item_id text PRIMARY KEY,
  claim_id     text NOT NULL REFERENCES claims (claim_id),
  kind         text NOT NULL,
  title        text NOT NULL,
  status       text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'cancelled')),
  owner        text,
  due_on       date,
  escalated_to text,
  escalated_at timestamptz,
  opened_at    timestamptz NOT NULL,
  closed_at    timestamptz,
  data         jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX work_items_open_idx ON work_items (status, due_on) WHERE status = 'open';
CREATE INDEX work_items_claim_idx ON work_items (claim_id);

-- Key accounts: a client with a cadence profile that overrides parts of the default policy. Versioned:
-- a change inserts a new version, running claims read the newest at their next decision.
CREATE TABLE client_cadence_profiles (
  client_id      text NOT NULL,
  version        integer NOT NULL CHECK (version > 0),
  effective_from date NOT NULL,
  source         text NOT NULL,
  body           jsonb NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (client_id, version)
);

-- Payer rules (timely filing, corrected-claim windows, appeal levels, prompt pay, acknowledgement
-- windows) as versioned data with their sources.
CREATE TABLE payer_rule_sets (
  rule_set_id    text NOT NULL,
  version        integer NOT NULL CHECK (version > 0),
  effective_from date NOT NULL,
  source         text NOT NULL,
  body           jsonb NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (rule_set_id, version)
);
ALTER TABLE payers ADD COLUMN rule_set_id text;
