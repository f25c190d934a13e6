-- The last date of service of a span claim: timely filing and a 276's service dates run to it.
ALTER TABLE claims ADD COLUMN through_date date CHECK (through_date IS NULL OR through_date >= date_of_service);

-- The payer's id at the clearinghouse (276 NM1*PR, PI), when it differs from Tickler's payer id.
ALTER TABLE payers ADD COLUMN x12_payer_id text;

-- Who a claim is about and who billed it, as the claim named them: what a 276 claim status inquiry must
-- carry. PHI: kept here only, never in workflow ids, workflow inputs, search attributes or logs. A claim
-- without a row can still be followed up, but not over X12.
CREATE TABLE claim_parties (
  claim_id              text PRIMARY KEY REFERENCES claims (claim_id),
  subscriber_last_name  text NOT NULL,
  subscriber_first_name text,
  subscriber_member_id  text NOT NULL,
  subscriber_birth_date date,
  -- Set when the patient is not the subscriber (a dependent).
  patient_last_name     text,
  patient_first_name    text,
  patient_birth_date    date,
  billing_provider_name text NOT NULL,
  billing_provider_npi  text NOT NULL CHECK (billing_provider_npi ~ '^[0-9]{10}$'),
  CHECK (patient_last_name IS NOT NULL OR (patient_first_name IS NULL AND patient_birth_date IS NULL))
);

-- ISA13 of the interchanges Tickler sends: unique per sender id, 1 to 999999999, wrapping after that.
CREATE SEQUENCE x12_interchange_control_numbers MINVALUE 1 MAXVALUE 999999999 CYCLE;

-- Every 276 sent, by the trace number (TRN02) its 277 echoes: a 277 that arrives later as a file (a batch
-- answer, or one without REF*EJ) is matched to its claim through it. A retried inquiry keeps its trace
-- number and records its newest interchange.
CREATE TABLE x12_inquiries (
  trace_number               text PRIMARY KEY,
  claim_id                   text NOT NULL REFERENCES claims (claim_id),
  idempotency_key            text NOT NULL,
  interchange_control_number text NOT NULL,
  channel                    text NOT NULL,
  sent_at                    timestamptz NOT NULL,
  attempts                   integer NOT NULL DEFAULT 1
);
CREATE INDEX x12_inquiries_claim_idx ON x12_inquiries (claim_id, sent_at DESC);
