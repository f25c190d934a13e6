import type { ClientScope } from '../auth/actor';

/**
 * The SQL condition that keeps only rows of clients inside `scope`, appending its parameter to `values`:
 * `AND <column> = ANY($n)` for a list of clients, nothing for every client. Every repository query that
 * reads or writes claims ends its WHERE clause with it, so no caller reads another client's claims.
 *
 * ```ts
 * const values: unknown[] = [claimId];
 * await db.query(`SELECT ... FROM claims WHERE claim_id = $1 ${andInScope(scope, 'client_id', values)}`, values);
 * ```
 */
export function andInScope(scope: ClientScope, column: string, values: unknown[]): string {
  if (scope === 'all') return '';
  values.push([...scope]);
  return `AND ${column} = ANY($${values.length}::text[])`;
}

/**
 * The condition for tables keyed by claim id without a client column (timeline, work items, parties):
 * `AND <claimColumn> IN (the claims of clients inside scope)`.
 */
export function andClaimInScope(scope: ClientScope, claimColumn: string, values: unknown[]): string {
  if (scope === 'all') return '';
  values.push([...scope]);
  return `AND ${claimColumn} IN (SELECT claim_id FROM claims WHERE client_id = ANY($${values.length}::text[]))`;
}
