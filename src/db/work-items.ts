import type { WorkItem } from '../domain/lifecycle-types';
import type { ClientScope } from '../auth/actor';
import type { Queryable } from './pool';
import { andClaimInScope } from './scope';

export interface WorkItemRecord extends WorkItem {
  claimId: string;
  status: 'open' | 'done' | 'cancelled';
  closedAt?: string;
}

/** Opens a work item unless its id exists (ids come from workflow state, so retries are no-ops). */
export async function openWorkItem(db: Queryable, claimId: string, item: WorkItem): Promise<void> {
  await db.query(
    `INSERT INTO work_items (work_item_id, claim_id, kind, title, owner, due_on, opened_at, data)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (work_item_id) DO NOTHING`,
    [
      item.id,
      claimId,
      item.kind,
      item.title,
      item.owner ?? null,
      item.dueOn ?? null,
      new Date(item.openedAt),
      { escalatesOn: item.escalatesOn ?? null },
    ],
  );
}

export async function closeWorkItem(db: Queryable, id: string, at: Date): Promise<void> {
  await db.query(
    `UPDATE work_items SET status = 'done', closed_at = $2 WHERE work_item_id = $1 AND status = 'open'`,
    [id, at],
  );
}

export async function escalateWorkItem(db: Queryable, id: string, to: string, at: Date): Promise<void> {
  await db.query(
    `UPDATE work_items SET escalated_to = $2, escalated_at = $3 WHERE work_item_id = $1 AND escalated_at IS NULL`,
    [id, to, at],
  );
}

export async function listWorkItems(
  db: Queryable,
  claimId: string,
  scope: ClientScope,
): Promise<WorkItemRecord[]> {
  const values: unknown[] = [claimId];
  const { rows } = await db.query<{
    work_item_id: string;
    claim_id: string;
    kind: WorkItem['kind'];
    title: string;
    status: WorkItemRecord['status'];
    owner: string | null;
    due_on: string | null;
    escalated_to: string | null;
    opened_at: Date;
    closed_at: Date | null;
  }>(
    `SELECT work_item_id, claim_id, kind, title, status, owner, to_char(due_on, 'YYYY-MM-DD') AS due_on, escalated_to,
            opened_at, closed_at
     FROM work_items WHERE claim_id = $1 ${andClaimInScope(scope, 'claim_id', values)}
     ORDER BY opened_at, work_item_id`,
    values,
  );
  return rows.map((row) => ({
    id: row.work_item_id,
    claimId: row.claim_id,
    kind: row.kind,
    title: row.title,
    status: row.status,
    openedAt: row.opened_at.getTime(),
    ...(row.owner ? { owner: row.owner } : {}),
    ...(row.due_on ? { dueOn: row.due_on } : {}),
    ...(row.escalated_to ? { escalatedTo: row.escalated_to } : {}),
    ...(row.closed_at ? { closedAt: row.closed_at.toISOString() } : {}),
  }));
}
