import type { ClientScope } from '../auth/actor';
import type { Queryable } from './pool';
import { andClaimInScope } from './scope';

export interface TimelineEvent {
  eventKey: string;
  claimId: string;
  kind: string;
  occurredAt: Date;
  actor: string;
  summary: string;
  data: Record<string, unknown>;
}

/** Appends an event unless its key was written before; returns whether this call wrote it. */
export async function appendTimelineEvent(db: Queryable, event: TimelineEvent): Promise<boolean> {
  const result = await db.query(
    `INSERT INTO timeline_events (event_key, claim_id, kind, occurred_at, actor, summary, data)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (event_key) DO NOTHING`,
    [event.eventKey, event.claimId, event.kind, event.occurredAt, event.actor, event.summary, event.data],
  );
  return result.rowCount === 1;
}

type TimelineRow = {
  event_key: string;
  claim_id: string;
  kind: string;
  occurred_at: Date;
  actor: string;
  summary: string;
  data: Record<string, unknown>;
};

function toEvent(row: TimelineRow): TimelineEvent {
  return {
    eventKey: row.event_key,
    claimId: row.claim_id,
    kind: row.kind,
    occurredAt: row.occurred_at,
    actor: row.actor,
    summary: row.summary,
    data: row.data,
  };
}

export async function findTimelineEvent(db: Queryable, eventKey: string): Promise<TimelineEvent | undefined> {
  const { rows } = await db.query<TimelineRow>('SELECT * FROM timeline_events WHERE event_key = $1', [
    eventKey,
  ]);
  return rows[0] && toEvent(rows[0]);
}

export async function listTimeline(
  db: Queryable,
  claimId: string,
  scope: ClientScope,
): Promise<TimelineEvent[]> {
  const values: unknown[] = [claimId];
  const { rows } = await db.query<TimelineRow>(
    `SELECT * FROM timeline_events WHERE claim_id = $1 ${andClaimInScope(scope, 'claim_id', values)}
     ORDER BY occurred_at, event_id`,
    values,
  );
  return rows.map(toEvent);
}
