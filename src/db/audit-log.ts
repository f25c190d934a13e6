import type { Actor, ClientScope } from '../auth/actor';
import type { Queryable } from './pool';
import { andInScope } from './scope';

/** One audited request: who, as what, did which operation to what, and what it answered. */
export interface AuditEntry {
  requestId: string;
  actor: Pick<Actor, 'id' | 'role' | 'via' | 'credential'>;
  permission?: string;
  /** The operation as the OpenAPI document names it, e.g. `POST /claims/{claimId}/actions/close`. */
  action: string;
  target?: string;
  /** The client of the claim acted on; when absent and `target` is a claim, the claim's client. */
  clientId?: string;
  /** The HTTP status answered (or, for the CLI, 200 done / 4xx refused / 500 failed). */
  status: number;
  /** Small facts without PHI. */
  detail?: Record<string, unknown>;
}

export interface AuditRecord {
  auditId: string;
  occurredAt: Date;
  requestId: string;
  actorId: string;
  actorRole: string;
  actorVia: string;
  credential: string | null;
  permission: string | null;
  action: string;
  target: string | null;
  clientId: string | null;
  status: number;
  detail: Record<string, unknown>;
}

/**
 * Appends an audit row. `claimTarget` says the target is a claim id, so a row without a client takes the
 * claim's (the caller may not have been allowed to see it, which is worth recording too).
 */
export async function insertAuditEntry(
  db: Queryable,
  entry: AuditEntry & { claimTarget?: boolean },
): Promise<void> {
  await db.query(
    `INSERT INTO audit_log (request_id, actor_id, actor_role, actor_via, credential, permission, action, target,
       client_id, status, detail)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8,
       coalesce($9, CASE WHEN $12::boolean THEN (SELECT client_id FROM claims WHERE claim_id = $8) END), $10, $11)`,
    [
      entry.requestId,
      entry.actor.id,
      entry.actor.role,
      entry.actor.via,
      entry.actor.credential ?? null,
      entry.permission ?? null,
      entry.action,
      entry.target ?? null,
      entry.clientId ?? null,
      entry.status,
      JSON.stringify(entry.detail ?? {}),
      entry.claimTarget ?? false,
    ],
  );
}

export interface AuditQuery {
  actorId?: string;
  action?: string;
  permission?: string;
  clientId?: string;
  target?: string;
  /** Inclusive. */
  from?: Date;
  /** Exclusive. */
  to?: Date;
  /** Rows older than this audit id (the previous page's `nextCursor`). */
  before?: string;
  limit: number;
}

/**
 * Audit rows, newest first, one page at a time. A caller limited to some clients sees only their rows;
 * rows about no client (keys, payer-wide reference data) only callers who see every client.
 */
export async function listAuditEntries(
  db: Queryable,
  query: AuditQuery,
  scope: ClientScope,
): Promise<AuditRecord[]> {
  const values: unknown[] = [];
  const where: string[] = ['TRUE'];
  const add = (condition: (param: string) => string, value: unknown): void => {
    values.push(value);
    where.push(condition(`$${values.length}`));
  };
  if (query.actorId !== undefined) add((p) => `actor_id = ${p}`, query.actorId);
  if (query.action !== undefined) add((p) => `action = ${p}`, query.action);
  if (query.permission !== undefined) add((p) => `permission = ${p}`, query.permission);
  if (query.clientId !== undefined) add((p) => `client_id = ${p}`, query.clientId);
  if (query.target !== undefined) add((p) => `target = ${p}`, query.target);
  if (query.from !== undefined) add((p) => `occurred_at >= ${p}`, query.from);
  if (query.to !== undefined) add((p) => `occurred_at < ${p}`, query.to);
  if (query.before !== undefined) add((p) => `audit_id < ${p}::bigint`, query.before);
  const scoped = andInScope(scope, 'client_id', values);
  values.push(query.limit);
  const { rows } = await db.query<{
    audit_id: string;
    occurred_at: Date;
    request_id: string;
    actor_id: string;
    actor_role: string;
    actor_via: string;
    credential: string | null;
    permission: string | null;
    action: string;
    target: string | null;
    client_id: string | null;
    status: number;
    detail: Record<string, unknown>;
  }>(
    `SELECT * FROM audit_log WHERE ${where.join(' AND ')} ${scoped}
     ORDER BY audit_id DESC LIMIT $${values.length}`,
    values,
  );
  return rows.map((row) => ({
    auditId: row.audit_id,
    occurredAt: row.occurred_at,
    requestId: row.request_id,
    actorId: row.actor_id,
    actorRole: row.actor_role,
    actorVia: row.actor_via,
    credential: row.credential,
    permission: row.permission,
    action: row.action,
    target: row.target,
    clientId: row.client_id,
    status: row.status,
    detail: row.detail,
  }));
}
