-- Each 835 claim payment by what it is, not by the envelope it came in: the payer (TRN03), the check or
-- EFT trace number (TRN02), the claim (CLP01), its status (CLP02) and the payer's claim number (CLP07),
-- with its occurrence among identical ones. A file re-sent under new control numbers carries the same
-- payments; ingestion reports them as duplicates of the first file's events instead of routing them again.
CREATE TABLE x12_remittance_payments (
  business_key    text PRIMARY KEY,
  -- The first event's key: routing it again (a half-done ingestion resumed) is allowed, any other is a duplicate.
  idempotency_key text NOT NULL,
  file_id         bigint NOT NULL REFERENCES x12_files (file_id),
  recorded_at     timestamptz NOT NULL DEFAULT now()
);
