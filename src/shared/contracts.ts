/**
 * The one contract shared by the API, the worker, workflows, activities and tests: task queue names,
 * workflow ids, inputs, results and message definitions. Deterministic code imports it, so it holds
 * only types and `@temporalio/workflow` definitions.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { CadencePolicy } from '../domain/cadence';
import type { Deadline } from '../domain/deadline';
import type {
  AcknowledgementEvent,
  ClaimUpdate,
  PayerRules,
  RemittanceEvent,
  StatusEvent,
  UpdateType,
} from '../domain/lifecycle';
import type {
  ClaimFacts,
  ClaimPhase,
  ClaimState,
  ClosedReason,
  Transition,
  WorkItem,
} from '../domain/lifecycle-types';

export type { ClaimPhase, ClaimUpdate, UpdateType };

export const DEFAULT_TASK_QUEUE = 'tickler-claims';

/** Cadence policy used when a claim's client has no profile of its own. */
export const DEFAULT_CADENCE_POLICY_ID = 'default';

/** Claim ids are the billing system's business key; they carry no PHI and are safe in workflow ids. */
export const CLAIM_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** One workflow per claim: starting twice for the same claim id is a no-op. */
export function claimWorkflowId(claimId: string): string {
  return `claim-${claimId}`;
}

/** The claim id of the follow-up at the next payer (secondary, tertiary) of a claim. */
export function nextPayerClaimId(claimId: string, order: 'secondary' | 'tertiary'): string {
  return `${claimId}.${order === 'secondary' ? 'S' : 'T'}`;
}

/** The minimum the workflow needs; the patient account reference and other PHI stay in PostgreSQL. */
export interface ClaimFollowUpInput {
  claim: ClaimFacts;
  /** Cadence policy in force at intake; every status check reads the current version again. */
  cadence: CadencePolicy;
  /** Payer rules in force at intake; refreshed at every status check. */
  rules: PayerRules;
  /** Set only by continue-as-new, carrying the previous run's state. */
  carried?: { state: ClaimState; rules: PayerRules };
  /**
   * Continue as new once a run's history has this many events, even if the server has not suggested it
   * (it suggests at 4,096 events or 4 MB; the time-skipping test server never does). Default
   * {@link DEFAULT_CONTINUE_AS_NEW_AFTER_EVENTS}.
   */
  continueAsNewAfterEvents?: number;
}

/** Well under the server's 4,096-event suggestion, so a run stays small even where none comes. */
export const DEFAULT_CONTINUE_AS_NEW_AFTER_EVENTS = 2_000;

export interface ClaimFollowUpResult {
  claimId: string;
  phase: ClaimPhase;
  closedReason?: ClosedReason;
  checks: number;
  paidCents: number;
}

/** What the `claimView` query returns. */
export interface ClaimView {
  phase: ClaimPhase;
  closedReason?: ClosedReason;
  checks: number;
  nextAction: { action: string; at?: number };
  deadlines: (Deadline & { daysToBreach: number })[];
  openWorkItems: WorkItem[];
  owner?: string;
  snoozedUntil?: number;
  flaggedForReview?: string;
  explanation: string;
  paidCents: number;
  lastStatus?: { category: string; code?: string; at: number };
}

/** The projection row written with every transition (worklists and reports read it). */
export interface ClaimProjection {
  phase: ClaimPhase;
  closedReason: ClosedReason | null;
  checks: number;
  nextCheckAt: number | null;
  nextAction: string;
  nextActionAt: number | null;
  owner: string | null;
  snoozedUntil: number | null;
  flaggedReason: string | null;
  deadlines: Deadline[];
  nearestDeadline: string | null;
  paidCents: number;
  lastStatus: { category: string; code?: string; at: number } | null;
  explanation: string;
  transitions: number;
}

export interface CheckClaimStatusInput {
  /** `${workflowId}:check:${seq}`: stable across retries, replays and continue-as-new. */
  idempotencyKey: string;
  workflowId: string;
  seq: number;
  state: ClaimState;
  /** The payer rule set the workflow holds; the activity answers with the rules only if newer ones apply. */
  rulesRef: { id: string; version: number };
}

/** A status check's transition as the activity decided and recorded it (the same on a retry). */
export interface StatusCheckOutcome {
  transition: Transition;
  /** The payer rules in force at the check, when they differ from `rulesRef`: for later decisions. */
  rules?: PayerRules;
}

export interface RecordTransitionsInput {
  workflowId: string;
  claimId: string;
  /** Each transition with its timeline key and the projection after it. */
  items: { key: string; at: number; transition: Transition; projection: ClaimProjection }[];
}

export interface SubmitClaimInput {
  /** `${workflowId}:submit:${attempt}`: one submission per attempt, whatever the retries. */
  idempotencyKey: string;
  claimId: string;
  payerId: string;
  kind: 'new_claim' | 'replacement';
  frequencyCode: '1' | '7';
  payerClaimNumber?: string;
}

export interface RegisterNextPayerClaimInput {
  parentClaimId: string;
  order: 'secondary' | 'tertiary';
  payerId: string;
  balanceCents: number;
  remittance: Record<string, unknown>;
}

export const claimViewQuery = defineQuery<ClaimView>('claimView');
/** The whole state, for engineers and tests. */
export const claimStateQuery = defineQuery<ClaimState>('claimState');

/** Ingested events carry an idempotency key built from the file's control numbers; a duplicate is ignored. */
export const statusReceivedSignal =
  defineSignal<[StatusEvent & { idempotencyKey: string }]>('statusReceived');
export const remittanceReceivedSignal =
  defineSignal<[RemittanceEvent & { idempotencyKey: string }]>('remittanceReceived');
export const acknowledgementReceivedSignal =
  defineSignal<[AcknowledgementEvent & { idempotencyKey: string }]>('acknowledgementReceived');

type UpdateOf<T extends UpdateType> = Omit<Extract<ClaimUpdate, { type: T }>, 'type'>;

/** One update per action a person can take; each has a synchronous validator in the workflow. */
export const claimUpdates = {
  addNote: defineUpdate<ClaimView, [UpdateOf<'addNote'>]>('addNote'),
  snooze: defineUpdate<ClaimView, [UpdateOf<'snooze'>]>('snooze'),
  resume: defineUpdate<ClaimView, [UpdateOf<'resume'>]>('resume'),
  reschedule: defineUpdate<ClaimView, [UpdateOf<'reschedule'>]>('reschedule'),
  assign: defineUpdate<ClaimView, [UpdateOf<'assign'>]>('assign'),
  recordCorrectionSubmitted: defineUpdate<ClaimView, [UpdateOf<'recordCorrectionSubmitted'>]>(
    'recordCorrectionSubmitted',
  ),
  recordDocumentsSent: defineUpdate<ClaimView, [UpdateOf<'recordDocumentsSent'>]>('recordDocumentsSent'),
  recordAppealFiled: defineUpdate<ClaimView, [UpdateOf<'recordAppealFiled'>]>('recordAppealFiled'),
  recordPayment: defineUpdate<ClaimView, [UpdateOf<'recordPayment'>]>('recordPayment'),
  recordDenial: defineUpdate<ClaimView, [UpdateOf<'recordDenial'>]>('recordDenial'),
  flagForReview: defineUpdate<ClaimView, [UpdateOf<'flagForReview'>]>('flagForReview'),
  close: defineUpdate<ClaimView, [UpdateOf<'close'>]>('close'),
} satisfies { [T in UpdateType]: unknown };
