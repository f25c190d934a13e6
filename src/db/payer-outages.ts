import type { Queryable } from './pool';

/** A payer outage as recorded: one open row per payer/channel at a time, closed when requests succeed again. */
export interface PayerOutage {
  outageId: string;
  payerId: string;
  channel: string;
  openedAt: Date;
  closedAt: Date | null;
  reason: string;
  /** The escalation's work note: what happened and what the office should do. */
  escalationNote: string;
}

/**
 * Opens an outage unless one is open for the payer/channel (a unique partial index decides, so worker
 * processes tripping at once open exactly one). `opened` is true only for the call that opened it.
 */
export async function openPayerOutage(
  db: Queryable,
  outage: { payerId: string; channel: string; at: number; reason: string; escalationNote: string },
): Promise<{ opened: boolean; outageId?: string }> {
  const { rows } = await db.query<{ outage_id: string }>(
    `INSERT INTO payer_outages (payer_id, channel, opened_at, reason, escalation_note)
     VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (payer_id, channel) WHERE closed_at IS NULL DO NOTHING
     RETURNING outage_id`,
    [outage.payerId, outage.channel, new Date(outage.at), outage.reason, outage.escalationNote],
  );
  const row = rows[0];
  return row ? { opened: true, outageId: row.outage_id } : { opened: false };
}

/** Closes the payer/channel's open outage, if there is one. */
export async function closePayerOutage(
  db: Queryable,
  outage: { payerId: string; channel: string; at: number },
): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE payer_outages SET closed_at = GREATEST($3, opened_at)
     WHERE payer_id = $1 AND channel = $2 AND closed_at IS NULL`,
    [outage.payerId, outage.channel, new Date(outage.at)],
  );
  return (rowCount ?? 0) > 0;
}

/** Whether the payer/channel has an open outage (the partial unique index answers it). */
export async function isPayerOutageOpen(
  db: Queryable,
  outage: { payerId: string; channel: string },
): Promise<boolean> {
  const { rows } = await db.query(
    'SELECT 1 FROM payer_outages WHERE payer_id = $1 AND channel = $2 AND closed_at IS NULL',
    [outage.payerId, outage.channel],
  );
  return rows.length > 0;
}

/** Outages newest first; `open` keeps only those not closed yet. */
export async function listPayerOutages(
  db: Queryable,
  filter: { payerId?: string; open?: boolean; limit?: number } = {},
): Promise<PayerOutage[]> {
  const { rows } = await db.query<{
    outage_id: string;
    payer_id: string;
    channel: string;
    opened_at: Date;
    closed_at: Date | null;
    reason: string;
    escalation_note: string;
  }>(
    `SELECT outage_id, payer_id, channel, opened_at, closed_at, reason, escalation_note
     FROM payer_outages
     WHERE ($1::text IS NULL OR payer_id = $1) AND ($2::boolean IS NULL OR (closed_at IS NULL) = $2)
     ORDER BY opened_at DESC, outage_id DESC
     LIMIT $3`,
    [filter.payerId ?? null, filter.open ?? null, filter.limit ?? 100],
  );
  return rows.map((row) => ({
    outageId: row.outage_id,
    payerId: row.payer_id,
    channel: row.channel,
    openedAt: row.opened_at,
    closedAt: row.closed_at,
    reason: row.reason,
    escalationNote: row.escalation_note,
  }));
}
