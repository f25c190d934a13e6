/**
 * The one contract shared by the API, the worker, workflows, activities and tests: task queue names,
 * workflow ids, inputs, results and message definitions. Deterministic code imports it, so it holds
 * only types and `@temporalio/workflow` definitions.
 */
import { defineQuery } from '@temporalio/workflow';
import type { CadencePolicy, PayerClass } from '../domain/cadence';
import type { IsoDate } from '../domain/dates';

export const DEFAULT_TASK_QUEUE = 'tickler-claims';

/** Cadence policy used when a claim's client has no profile of its own. */
export const DEFAULT_CADENCE_POLICY_ID = 'default';

/** Claim ids are the billing system's business key; they carry no PHI and are safe in workflow ids. */
export const CLAIM_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** One workflow per claim: starting twice for the same claim id is a no-op. */
export function claimWorkflowId(claimId: string): string {
  return `claim-${claimId}`;
}

/** Phases a claim moves through (issue #4 fills in the rest of the lifecycle). */
export type ClaimPhase = 'submitted' | 'in_adjudication' | 'needs_attention' | 'closed';

/** The minimum the workflow needs; the patient account reference and other PHI stay in PostgreSQL. */
export interface ClaimFollowUpInput {
  claimId: string;
  clientId: string;
  payerId: string;
  payerClass: PayerClass;
  dateOfService: IsoDate;
  submittedOn: IsoDate;
  billedCents: number;
  /** Cadence policy in force at intake; later decisions read the current version from PostgreSQL. */
  cadence: CadencePolicy;
  /** Set only by continue-as-new, carrying the previous run's state. */
  carried?: ClaimFollowUpState;
}

export interface ClaimFollowUpState {
  phase: ClaimPhase;
  /** Number of status checks made so far; the next check's sequence number is `checks + 1`. */
  checks: number;
  /** Epoch milliseconds of the next scheduled status check, absent once closed. */
  nextCheckAt?: number;
  lastStatus?: { category: string; code?: string; checkedAt: number };
  /** Consecutive transient answers (E1/E2), reset by any other answer. */
  transientFailures: number;
  closedReason?: string;
}

export interface ClaimFollowUpResult {
  claimId: string;
  phase: ClaimPhase;
  closedReason?: string;
  checks: number;
}

/** A status check's outcome as the activity recorded it (also returned on a retried activity). */
export interface StatusCheckOutcome {
  category: string;
  code?: string;
  phase: ClaimPhase;
  nextCheckAt?: number;
  closedReason?: string;
  /** The payer could not answer now (E1/E2): the next check backs off. */
  transient: boolean;
  explanation: string;
  cadence: { policyId: string; version: number };
}

export interface CheckClaimStatusInput {
  /** `${workflowId}:check:${seq}`: stable across retries, replays and continue-as-new. */
  idempotencyKey: string;
  workflowId: string;
  seq: number;
  claimId: string;
  payerId: string;
  payerClass: PayerClass;
  submittedOn: IsoDate;
  /** Consecutive transient answers (E1/E2) so far, for the cadence's back-off. */
  transientFailures: number;
}

export const claimStateQuery = defineQuery<ClaimFollowUpState>('claimState');
