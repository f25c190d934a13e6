import type { ClientScope } from '../auth/actor';
import type { Queryable } from './pool';
import { andClaimInScope } from './scope';

/**
 * Why an ingested event did not reach an open claim workflow. `outside_scope`: the claim belongs to a
 * client the uploading credential may not reach.
 */
export type UnmatchedReason =
  'not_registered' | 'no_claim_reference' | 'workflow_not_started' | 'closed' | 'outside_scope';

/** What became of one claim event of an ingested file. */
export interface IngestOutcome {
  /** The claim the event went to, or the claim id the file names when none is registered; null when it names none. */
  claimId: string | null;
  outcome: 'signalled' | 'unknown_claim' | 'closed' | 'duplicate';
  idempotencyKey: string;
  /** For a duplicate: the key of the event first ingested for the same payment, from another file. */
  duplicateOf?: string;
  /** Set when the event was kept instead of (or besides) being signalled. */
  reason?: UnmatchedReason;
  unmatchedId?: string;
}

export interface StoredX12File {
  fileId: string;
  kind: string;
  receivedAt: Date;
  /** Set once the file was routed completely. */
  outcomes?: IngestOutcome[];
}

/**
 * Stores a file unless one with the same sha256 exists. `created` is true only for the call that
 * stored it; otherwise the existing file is returned, with its outcomes when its ingestion completed.
 */
export async function storeX12File(
  db: Queryable,
  file: {
    sha256: string;
    kind: string;
    content: Buffer;
    interchanges: { senderId: string; controlNumber: string }[];
  },
): Promise<StoredX12File & { created: boolean }> {
  const inserted = await db.query<{ file_id: string; received_at: Date }>(
    `INSERT INTO x12_files (sha256, kind, size_bytes, interchanges, content)
     VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (sha256) DO NOTHING
     RETURNING file_id, received_at`,
    [file.sha256, file.kind, file.content.length, JSON.stringify(file.interchanges), file.content],
  );
  const row = inserted.rows[0];
  if (row) return { fileId: row.file_id, kind: file.kind, receivedAt: row.received_at, created: true };
  const { rows } = await db.query<{
    file_id: string;
    kind: string;
    received_at: Date;
    outcomes: IngestOutcome[] | null;
  }>('SELECT file_id, kind, received_at, outcomes FROM x12_files WHERE sha256 = $1', [file.sha256]);
  const existing = rows[0];
  if (!existing) throw new Error(`x12 file ${file.sha256} conflicted on insert but cannot be read`);
  return {
    fileId: existing.file_id,
    kind: existing.kind,
    receivedAt: existing.received_at,
    ...(existing.outcomes ? { outcomes: existing.outcomes } : {}),
    created: false,
  };
}

/**
 * Claims an 835 payment's business key for an event; answers the idempotency key of the event that holds
 * it: this one's when it is new (or this event was routed before), another's when the payment came in an
 * earlier file under other control numbers.
 */
export async function claimRemittancePayment(
  db: Queryable,
  payment: { businessKey: string; idempotencyKey: string; fileId: string },
): Promise<string> {
  const { rows } = await db.query<{ idempotency_key: string }>(
    `WITH inserted AS (
       INSERT INTO x12_remittance_payments (business_key, idempotency_key, file_id) VALUES ($1, $2, $3)
       ON CONFLICT (business_key) DO NOTHING
       RETURNING idempotency_key
     )
     SELECT idempotency_key FROM inserted
     UNION ALL
     SELECT idempotency_key FROM x12_remittance_payments WHERE business_key = $1`,
    [payment.businessKey, payment.idempotencyKey, payment.fileId],
  );
  return rows[0]!.idempotency_key;
}

/** Records the outcomes of a file's ingestion; the first completion stands. */
export async function completeX12File(
  db: Queryable,
  fileId: string,
  outcomes: IngestOutcome[],
): Promise<void> {
  await db.query(
    `UPDATE x12_files SET outcomes = $2, completed_at = now() WHERE file_id = $1 AND completed_at IS NULL`,
    [fileId, JSON.stringify(outcomes)],
  );
}

/** The client, workflow id and projected phase of each registered claim among `claimIds`. */
export async function findClaimWorkflowIds(
  db: Queryable,
  claimIds: readonly string[],
): Promise<Map<string, { clientId: string; workflowId: string; phase: string | null }>> {
  if (claimIds.length === 0) return new Map();
  const { rows } = await db.query<{
    claim_id: string;
    client_id: string;
    workflow_id: string;
    phase: string | null;
  }>(
    `SELECT c.claim_id, c.client_id, c.workflow_id, s.phase
     FROM claims c LEFT JOIN claim_state s ON s.claim_id = c.claim_id
     WHERE c.claim_id = ANY($1::text[])`,
    [claimIds],
  );
  return new Map(
    rows.map((row) => [
      row.claim_id,
      { clientId: row.client_id, workflowId: row.workflow_id, phase: row.phase },
    ]),
  );
}

export interface UnmatchedX12Event {
  unmatchedId: string;
  fileId: string;
  idempotencyKey: string;
  kind: string;
  claimId: string | null;
  reason: UnmatchedReason;
  event: Record<string, unknown>;
  createdAt: Date;
}

/** Keeps an event that reached no open workflow, once per idempotency key; returns its id. */
export async function keepUnmatchedX12Event(
  db: Queryable,
  event: Omit<UnmatchedX12Event, 'unmatchedId' | 'createdAt'>,
): Promise<string> {
  // The SELECT sees the table as it was before the INSERT: it answers only when the key was kept before.
  const { rows } = await db.query<{ unmatched_id: string }>(
    `WITH inserted AS (
       INSERT INTO unmatched_x12_events (file_id, idempotency_key, kind, claim_id, reason, event)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (idempotency_key) DO NOTHING
       RETURNING unmatched_id
     )
     SELECT unmatched_id FROM inserted
     UNION ALL
     SELECT unmatched_id FROM unmatched_x12_events WHERE idempotency_key = $2`,
    [
      event.fileId,
      event.idempotencyKey,
      event.kind,
      event.claimId,
      event.reason,
      JSON.stringify(event.event),
    ],
  );
  const row = rows[0];
  if (!row) throw new Error(`unmatched event ${event.idempotencyKey} was neither kept nor found`);
  return row.unmatched_id;
}

/** Kept events, newest first. */
/**
 * Kept events, newest first. A caller limited to some clients sees only events of their registered
 * claims; events naming no registered claim belong to no client and only unscoped callers see them.
 */
export async function listUnmatchedX12Events(
  db: Queryable,
  filter: { reason?: UnmatchedReason; claimId?: string; fileId?: string; limit?: number },
  scope: ClientScope,
): Promise<UnmatchedX12Event[]> {
  const values: unknown[] = [
    filter.reason ?? null,
    filter.claimId ?? null,
    filter.fileId ?? null,
    filter.limit ?? 100,
  ];
  const scoped = andClaimInScope(scope, 'claim_id', values);
  const { rows } = await db.query<{
    unmatched_id: string;
    file_id: string;
    idempotency_key: string;
    kind: string;
    claim_id: string | null;
    reason: UnmatchedReason;
    event: Record<string, unknown>;
    created_at: Date;
  }>(
    `SELECT unmatched_id, file_id, idempotency_key, kind, claim_id, reason, event, created_at
     FROM unmatched_x12_events
     WHERE ($1::text IS NULL OR reason = $1)
       AND ($2::text IS NULL OR claim_id = $2)
       AND ($3::bigint IS NULL OR file_id = $3)
       ${scoped}
     ORDER BY created_at DESC, unmatched_id DESC
     LIMIT $4`,
    values,
  );
  return rows.map((row) => ({
    unmatchedId: row.unmatched_id,
    fileId: row.file_id,
    idempotencyKey: row.idempotency_key,
    kind: row.kind,
    claimId: row.claim_id,
    reason: row.reason,
    event: row.event,
    createdAt: row.created_at,
  }));
}
