-- Where a payer takes provider appeals: the channel this office uses, the appeals fax number (10 digits)
-- and mailing address, and where they come from. Empty until a public source or the office gives them;
-- appeal packets add a fax cover sheet when the channel is fax.
ALTER TABLE payers
  ADD COLUMN appeal_channel         text CHECK (appeal_channel IN ('fax', 'mail', 'portal')),
  ADD COLUMN appeal_fax             text CHECK (appeal_fax ~ '^[0-9]{10}$'),
  ADD COLUMN appeal_mailing_address text,
  ADD COLUMN appeal_contact_source  text,
  ADD CONSTRAINT payers_appeal_fax_channel CHECK (appeal_channel IS DISTINCT FROM 'fax' OR appeal_fax IS NOT NULL);

-- Appeal packets generated for a claim: the letter, fax cover and enclosure checklist as PDF and HTML,
-- kept as generated (a later template edit changes the next packet, never these). PHI: the bytes are
-- served only through the claim's routes and never logged; `summary` holds what lists show (level,
-- deadline, checklist states, warnings, page count), without patient data.
CREATE TABLE appeal_packets (
  packet_id        uuid PRIMARY KEY,
  claim_id         text NOT NULL REFERENCES claims (claim_id),
  level            integer NOT NULL CHECK (level BETWEEN 1 AND 9),
  category         text NOT NULL,
  template_id      text NOT NULL,
  template_version integer NOT NULL CHECK (template_version > 0),
  -- sha256 of the template files as read (layout, category, fax cover): which edit produced the packet.
  template_sha256  text NOT NULL CHECK (template_sha256 ~ '^[0-9a-f]{64}$'),
  created_by       text NOT NULL,
  created_at       timestamptz NOT NULL,
  summary          jsonb NOT NULL,
  pdf              bytea NOT NULL,
  html             text NOT NULL
);
CREATE INDEX appeal_packets_claim_idx ON appeal_packets (claim_id, created_at DESC);
