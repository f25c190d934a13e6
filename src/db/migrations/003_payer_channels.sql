-- Payer outages: one row per outage of a payer on a channel, opened when its circuit breaker trips and
-- closed when requests succeed again. The row is the outage's one escalation (not one per claim); the
-- unique partial index keeps one open outage per payer/channel however many worker processes trip.
CREATE TABLE payer_outages (
  outage_id       bigserial PRIMARY KEY,
  payer_id        text NOT NULL REFERENCES payers (payer_id),
  channel         text NOT NULL,
  opened_at       timestamptz NOT NULL,
  closed_at       timestamptz,
  reason          text NOT NULL,
  escalation_note text NOT NULL,
  CHECK (closed_at IS NULL OR closed_at >= opened_at)
);
CREATE UNIQUE INDEX payer_outages_one_open_idx ON payer_outages (payer_id, channel) WHERE closed_at IS NULL;
CREATE INDEX payer_outages_opened_idx ON payer_outages (opened_at DESC);

-- Simulated payer: scripts per payer (used for claims without a script of their own), behaviour per
-- payer (latency, fault rates, outage windows), scripted answers to submissions, and submissions in the
-- request log beside status inquiries.
CREATE TABLE sim_payer_payer_scripts (
  payer_id    text PRIMARY KEY,
  responses   jsonb NOT NULL,
  submissions jsonb,
  updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE sim_payer_behaviours (
  payer_id   text PRIMARY KEY,
  behaviour  jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

ALTER TABLE sim_payer_scripts ADD COLUMN submissions jsonb;

ALTER TABLE sim_payer_requests
  ADD COLUMN kind     text NOT NULL DEFAULT 'status' CHECK (kind IN ('status', 'submission')),
  -- status: the inquiry's sequence number; submission: the last inquiry's before it arrived.
  ADD COLUMN seq      integer,
  -- submissions only: whether it was accepted into adjudication (it then starts the script's next part).
  ADD COLUMN accepted boolean,
  ADD COLUMN request  jsonb;
CREATE INDEX sim_payer_requests_payer_idx ON sim_payer_requests (payer_id, request_id);
