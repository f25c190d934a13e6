import type { ClaimPhase } from '../shared/contracts';
import type { Queryable } from './pool';

export interface ClaimRecord {
  claimId: string;
  clientId: string;
  payerId: string;
  patientAccountRef: string;
  dateOfService: string;
  billedCents: number;
  submittedOn: string;
  workflowId: string;
  createdAt: Date;
}

export interface ClaimStateRecord {
  phase: ClaimPhase;
  checks: number;
  nextCheckAt: Date | null;
  lastStatusCategory: string | null;
  lastStatusCode: string | null;
  lastCheckedAt: Date | null;
  closedReason: string | null;
  explanation: string | null;
  updatedAt: Date;
}

type ClaimRow = {
  claim_id: string;
  client_id: string;
  payer_id: string;
  patient_account_ref: string;
  date_of_service: string;
  billed_cents: string;
  submitted_on: string;
  workflow_id: string;
  created_at: Date;
};

const claimColumns = `claim_id, client_id, payer_id, patient_account_ref, to_char(date_of_service, 'YYYY-MM-DD') AS date_of_service,
  billed_cents, to_char(submitted_on, 'YYYY-MM-DD') AS submitted_on, workflow_id, created_at`;

function toClaim(row: ClaimRow): ClaimRecord {
  return {
    claimId: row.claim_id,
    clientId: row.client_id,
    payerId: row.payer_id,
    patientAccountRef: row.patient_account_ref,
    dateOfService: row.date_of_service,
    billedCents: Number(row.billed_cents),
    submittedOn: row.submitted_on,
    workflowId: row.workflow_id,
    createdAt: row.created_at,
  };
}

/** Inserts the claim unless it exists; returns whether this call created it. */
export async function insertClaim(db: Queryable, claim: Omit<ClaimRecord, 'createdAt'>): Promise<boolean> {
  const result = await db.query(
    `INSERT INTO claims (claim_id, client_id, payer_id, patient_account_ref, date_of_service, billed_cents, submitted_on, workflow_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
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
    ],
  );
  return result.rowCount === 1;
}

export async function findClaim(db: Queryable, claimId: string): Promise<ClaimRecord | undefined> {
  const { rows } = await db.query<ClaimRow>(`SELECT ${claimColumns} FROM claims WHERE claim_id = $1`, [
    claimId,
  ]);
  return rows[0] && toClaim(rows[0]);
}

/** Creates the projection row at intake; a repeated intake leaves the existing row alone. */
export async function initClaimState(
  db: Queryable,
  claimId: string,
  state: { phase: ClaimPhase; nextCheckAt: Date; explanation: string },
): Promise<void> {
  await db.query(
    `INSERT INTO claim_state (claim_id, phase, next_check_at, explanation) VALUES ($1, $2, $3, $4)
     ON CONFLICT (claim_id) DO NOTHING`,
    [claimId, state.phase, state.nextCheckAt, state.explanation],
  );
}

/** Records a status check's result in the projection. */
export async function recordCheckInState(
  db: Queryable,
  claimId: string,
  check: {
    seq: number;
    phase: ClaimPhase;
    checkedAt: Date;
    category: string | null;
    code: string | null;
    nextCheckAt: Date | null;
    closedReason: string | null;
    explanation: string;
  },
): Promise<void> {
  // GREATEST guards against an out-of-order write moving the check counter backwards.
  await db.query(
    `UPDATE claim_state SET phase = $2, checks = GREATEST(checks, $3), last_checked_at = $4,
       last_status_category = $5, last_status_code = $6, next_check_at = $7, closed_reason = $8,
       explanation = $9, updated_at = now()
     WHERE claim_id = $1`,
    [
      claimId,
      check.phase,
      check.seq,
      check.checkedAt,
      check.category,
      check.code,
      check.nextCheckAt,
      check.closedReason,
      check.explanation,
    ],
  );
}

export async function findClaimState(db: Queryable, claimId: string): Promise<ClaimStateRecord | undefined> {
  const { rows } = await db.query<{
    phase: ClaimPhase;
    checks: number;
    next_check_at: Date | null;
    last_status_category: string | null;
    last_status_code: string | null;
    last_checked_at: Date | null;
    closed_reason: string | null;
    explanation: string | null;
    updated_at: Date;
  }>('SELECT * FROM claim_state WHERE claim_id = $1', [claimId]);
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
    updatedAt: row.updated_at,
  };
}
