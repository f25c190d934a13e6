import type { X12ClaimRecords, X12InquiryRecord } from '../payers/x12/x12-channel';
import { type PartiesRow, partiesColumns, toClaimParties } from './claim-parties';
import type { Queryable } from './pool';

/** The next ISA13 from the database's sequence: unique across every worker process, wrapping after 999999999. */
export async function nextInterchangeControlNumber(db: Queryable): Promise<number> {
  const { rows } = await db.query<{ n: string }>("SELECT nextval('x12_interchange_control_numbers') AS n");
  return Number(rows[0]!.n);
}

/** Records a 276 as sent; a retry of the same inquiry (same trace number) records its newest interchange. */
export async function recordX12Inquiry(db: Queryable, inquiry: X12InquiryRecord): Promise<void> {
  await db.query(
    `INSERT INTO x12_inquiries (trace_number, claim_id, idempotency_key, interchange_control_number, channel, sent_at)
     VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (trace_number) DO UPDATE SET interchange_control_number = EXCLUDED.interchange_control_number,
       sent_at = EXCLUDED.sent_at, attempts = x12_inquiries.attempts + 1`,
    [
      inquiry.traceNumber,
      inquiry.claimId,
      inquiry.idempotencyKey,
      inquiry.interchangeControlNumber,
      inquiry.channel,
      inquiry.sentAt,
    ],
  );
}

/** The claims that the 276s with these trace numbers asked about. */
export async function claimIdsByTraceNumber(
  db: Queryable,
  traceNumbers: readonly string[],
): Promise<Map<string, string>> {
  if (traceNumbers.length === 0) return new Map();
  const { rows } = await db.query<{ trace_number: string; claim_id: string }>(
    'SELECT trace_number, claim_id FROM x12_inquiries WHERE trace_number = ANY($1)',
    [[...new Set(traceNumbers)]],
  );
  return new Map(rows.map((row) => [row.trace_number, row.claim_id]));
}

/** What the registry knows of a claim for a 276, in one query; undefined when the claim is not registered. */
export async function findX12ClaimRecords(
  db: Queryable,
  claimId: string,
): Promise<X12ClaimRecords | undefined> {
  const { rows } = await db.query<
    PartiesRow & {
      claim_id: string;
      payer_id: string;
      payer_name: string;
      x12_payer_id: string | null;
      date_of_service: string;
      through_date: string | null;
      billed_cents: string;
      has_parties: boolean;
    }
  >(
    `SELECT c.claim_id, c.payer_id, p.name AS payer_name, p.x12_payer_id,
       to_char(c.date_of_service, 'YYYY-MM-DD') AS date_of_service,
       to_char(c.through_date, 'YYYY-MM-DD') AS through_date, c.billed_cents,
       cp.claim_id IS NOT NULL AS has_parties, ${partiesColumns}
     FROM claims c
     JOIN payers p ON p.payer_id = c.payer_id
     LEFT JOIN claim_parties cp ON cp.claim_id = c.claim_id
     WHERE c.claim_id = $1`,
    [claimId],
  );
  const row = rows[0];
  if (!row) return undefined;
  return {
    claimId: row.claim_id,
    payer: { name: row.payer_name, id: row.x12_payer_id ?? row.payer_id },
    dateOfService: row.date_of_service,
    ...(row.through_date ? { throughDate: row.through_date } : {}),
    billedCents: Number(row.billed_cents),
    ...(row.has_parties ? { parties: toClaimParties(row) } : {}),
  };
}
