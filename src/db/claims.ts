import type { ClientScope } from '../auth/actor';
import type { PayerOrder } from '../domain/lifecycle-types';
import type { ClaimPhase, ClaimProjection } from '../shared/contracts';
import type { Queryable } from './pool';
import { andClaimInScope, andInScope } from './scope';

export interface ClaimRecord {
  claimId: string;
  clientId: string;
  payerId: string;
  patientAccountRef: string;
  dateOfService: string;
  /** The last date of service of a span claim. */
  throughDate?: string;
  billedCents: number;
  submittedOn: string;
  workflowId: string;
  payerOrder: PayerOrder;
  secondaryPayerId?: string;
  tertiaryPayerId?: string;
  parentClaimId?: string;
  expectedCents?: number;
  keyAccount: boolean;
  createdAt: Date;
}

export type NewClaim = Omit<ClaimRecord, 'createdAt' | 'payerOrder' | 'keyAccount'> &
  Partial<Pick<ClaimRecord, 'payerOrder' | 'keyAccount'>>;

export interface ClaimStateRecord {
  phase: ClaimPhase;
  checks: number;
  nextCheckAt: Date | null;
  lastStatusCategory: string | null;
  lastStatusCode: string | null;
  lastCheckedAt: Date | null;
  closedReason: string | null;
  explanation: string | null;
  nextAction: string | null;
  nextActionAt: Date | null;
  owner: string | null;
  snoozedUntil: Date | null;
  flaggedReason: string | null;
  paidCents: number;
  deadlines: unknown[];
  updatedAt: Date;
}

type ClaimRow = {
  claim_id: string;
  client_id: string;
  payer_id: string;
  patient_account_ref: string;
  date_of_service: string;
  through_date: string | null;
  billed_cents: string;
  submitted_on: string;
  workflow_id: string;
  payer_order: PayerOrder;
  secondary_payer_id: string | null;
  tertiary_payer_id: string | null;
  parent_claim_id: string | null;
  expected_cents: string | null;
  key_account: boolean;
  created_at: Date;
};

const claimColumns = `claim_id, client_id, payer_id, patient_account_ref, to_char(date_of_service, 'YYYY-MM-DD') AS date_of_service,
  to_char(through_date, 'YYYY-MM-DD') AS through_date, billed_cents, to_char(submitted_on, 'YYYY-MM-DD') AS submitted_on, workflow_id, payer_order, secondary_payer_id,
  tertiary_payer_id, parent_claim_id, expected_cents, key_account, created_at`;

function toClaim(row: ClaimRow): ClaimRecord {
  return {
    claimId: row.claim_id,
    clientId: row.client_id,
    payerId: row.payer_id,
    patientAccountRef: row.patient_account_ref,
    dateOfService: row.date_of_service,
    ...(row.through_date ? { throughDate: row.through_date } : {}),
    billedCents: Number(row.billed_cents),
    submittedOn: row.submitted_on,
    workflowId: row.workflow_id,
    payerOrder: row.payer_order,
    ...(row.secondary_payer_id ? { secondaryPayerId: row.secondary_payer_id } : {}),
    ...(row.tertiary_payer_id ? { tertiaryPayerId: row.tertiary_payer_id } : {}),
    ...(row.parent_claim_id ? { parentClaimId: row.parent_claim_id } : {}),
    ...(row.expected_cents !== null ? { expectedCents: Number(row.expected_cents) } : {}),
    keyAccount: row.key_account,
    createdAt: row.created_at,
  };
}

/** Inserts the claim unless it exists; returns whether this call created it. */
export async function insertClaim(db: Queryable, claim: NewClaim): Promise<boolean> {
  const result = await db.query(
    `INSERT INTO claims (claim_id, client_id, payer_id, patient_account_ref, date_of_service, billed_cents, submitted_on,
       workflow_id, payer_order, secondary_payer_id, tertiary_payer_id, parent_claim_id, expected_cents, key_account,
       through_date)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
     ON CONFLICT (claim_id) DO NOTHING`,
    [
      claim.claimId,
      claim.clientId,
      claim.payerId,
      claim.patientAccountRef,
      claim.dateOfService,
      claim.billedCents,
      claim.submittedOn,
      claim.workflowId,
      claim.payerOrder ?? 'primary',
      claim.secondaryPayerId ?? null,
      claim.tertiaryPayerId ?? null,
      claim.parentClaimId ?? null,
      claim.expectedCents ?? null,
      claim.keyAccount ?? false,
      claim.throughDate ?? null,
    ],
  );
  return result.rowCount === 1;
}

/** The claim, when it exists and belongs to a client inside `scope` (outside it reads as absent). */
export async function findClaim(
  db: Queryable,
  claimId: string,
  scope: ClientScope,
): Promise<ClaimRecord | undefined> {
  const values: unknown[] = [claimId];
  const { rows } = await db.query<ClaimRow>(
    `SELECT ${claimColumns} FROM claims WHERE claim_id = $1 ${andInScope(scope, 'client_id', values)}`,
    values,
  );
  return rows[0] && toClaim(rows[0]);
}

/** Creates the projection row at intake; a repeated intake leaves the existing row alone. */
export async function initClaimState(db: Queryable, claimId: string, p: ClaimProjection): Promise<void> {
  await db.query(
    `INSERT INTO claim_state (claim_id, phase, checks, next_check_at, next_action, next_action_at, deadlines,
       nearest_deadline, explanation, transition_seq)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
     ON CONFLICT (claim_id) DO NOTHING`,
    [
      claimId,
      p.phase,
      p.checks,
      p.nextCheckAt === null ? null : new Date(p.nextCheckAt),
      p.nextAction,
      p.nextActionAt === null ? null : new Date(p.nextActionAt),
      JSON.stringify(p.deadlines),
      p.nearestDeadline,
      p.explanation,
      p.transitions,
    ],
  );
}

/**
 * Writes the projection after a transition. `transition_seq` only moves forward, so a late write of an
 * older transition never overwrites a newer one.
 */
export async function writeProjection(db: Queryable, claimId: string, p: ClaimProjection): Promise<void> {
  await db.query(
    `UPDATE claim_state SET phase = $2, closed_reason = $3, checks = $4, next_check_at = $5, next_action = $6,
       next_action_at = $7, owner = $8, snoozed_until = $9, flagged_reason = $10, deadlines = $11,
       nearest_deadline = $12, paid_cents = $13, last_status_category = $14, last_status_code = $15,
       last_checked_at = $16, explanation = $17, transition_seq = $18, updated_at = now()
     WHERE claim_id = $1 AND transition_seq <= $18`,
    [
      claimId,
      p.phase,
      p.closedReason,
      p.checks,
      p.nextCheckAt === null ? null : new Date(p.nextCheckAt),
      p.nextAction,
      p.nextActionAt === null ? null : new Date(p.nextActionAt),
      p.owner,
      p.snoozedUntil === null ? null : new Date(p.snoozedUntil),
      p.flaggedReason,
      JSON.stringify(p.deadlines),
      p.nearestDeadline,
      p.paidCents,
      p.lastStatus?.category ?? null,
      p.lastStatus?.code ?? null,
      p.lastStatus ? new Date(p.lastStatus.at) : null,
      p.explanation,
      p.transitions,
    ],
  );
}

export async function findClaimState(
  db: Queryable,
  claimId: string,
  scope: ClientScope,
): Promise<ClaimStateRecord | undefined> {
  const values: unknown[] = [claimId];
  const { rows } = await db.query<{
    phase: ClaimPhase;
    checks: number;
    next_check_at: Date | null;
    last_status_category: string | null;
    last_status_code: string | null;
    last_checked_at: Date | null;
    closed_reason: string | null;
    explanation: string | null;
    next_action: string | null;
    next_action_at: Date | null;
    owner: string | null;
    snoozed_until: Date | null;
    flagged_reason: string | null;
    paid_cents: string;
    deadlines: unknown[];
    updated_at: Date;
  }>(`SELECT * FROM claim_state WHERE claim_id = $1 ${andClaimInScope(scope, 'claim_id', values)}`, values);
  const row = rows[0];
  if (!row) return undefined;
  return {
    phase: row.phase,
    checks: row.checks,
    nextCheckAt: row.next_check_at,
    lastStatusCategory: row.last_status_category,
    lastStatusCode: row.last_status_code,
    lastCheckedAt: row.last_checked_at,
    closedReason: row.closed_reason,
    explanation: row.explanation,
    nextAction: row.next_action,
    nextActionAt: row.next_action_at,
    owner: row.owner,
    snoozedUntil: row.snoozed_until,
    flaggedReason: row.flagged_reason,
    paidCents: Number(row.paid_cents),
    deadlines: row.deadlines,
    updatedAt: row.updated_at,
  };
}
