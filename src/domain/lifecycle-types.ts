/**
 * The shape of a claim's follow-up as the lifecycle rules (`lifecycle.ts`) see it. The workflow holds a
 * `ClaimState`, feeds it events, and applies the `Transition`s the rules return; activities persist the
 * same transitions. Everything here is plain data: it travels in workflow payloads and continue-as-new.
 */
import type { CadencePolicy, PayerClass } from './cadence';
import type { IsoDate } from './dates';
import type { Deadline } from './deadline';
import type { ClaimEvent } from './explanation';

export const claimPhases = [
  'submitted',
  'in_adjudication',
  'needs_correction',
  'needs_documentation',
  'denied',
  'appealed',
  'underpaid',
  'paid',
  'closed',
] as const;
export type ClaimPhase = (typeof claimPhases)[number];

export const closedReasons = ['paid_in_full', 'written_off', 'moved_to_patient', 'voided'] as const;
export type ClosedReason = (typeof closedReasons)[number];

export type PayerOrder = 'primary' | 'secondary' | 'tertiary';

export type WorkItemKind =
  | 'correction'
  | 'replacement_claim'
  | 'documentation'
  | 'patient_outreach'
  | 'appeal'
  | 'underpayment'
  | 'zero_pay_review'
  | 'confirm_submission'
  | 'status_escalation'
  | 'timely_filing_risk'
  | 'patient_billing'
  | 'management_review'
  | 'inquiry_problem';

export interface WorkItem {
  /** `${workflowId}:wi:${n}`: derived from workflow state, stable across retries and runs. */
  id: string;
  kind: WorkItemKind;
  title: string;
  openedAt: number;
  dueOn?: IsoDate;
  /** When a lead is told if the item is still open. */
  escalatesOn?: IsoDate;
  escalatedTo?: string;
  owner?: string;
}

/** What the claim is, as far as follow-up needs: no patient identifiers. */
export interface ClaimFacts {
  claimId: string;
  clientId: string;
  payerId: string;
  payerClass: PayerClass;
  payerOrder: PayerOrder;
  dateOfService: IsoDate;
  /** Last date of service for span claims (institutional); timely filing runs from it. */
  throughDate?: IsoDate;
  submittedOn: IsoDate;
  billedCents: number;
  /** The contracted amount when known, for underpayment checks. */
  expectedCents?: number;
  keyAccount: boolean;
  nextPayers: { order: Exclude<PayerOrder, 'primary'>; payerId: string }[];
}

export interface SubmissionState {
  /** 1 for the original claim, 2 for the first resubmission, ... */
  attempt: number;
  kind: 'original' | 'new_claim' | 'replacement';
  submittedAt: number;
  /** `unknown` for an original submitted before Tickler took the claim over. */
  acknowledgement: 'awaiting' | 'accepted' | 'rejected' | 'overdue' | 'unknown';
  /** When the 277CA is overdue (the domain's acknowledgement window). */
  ackDueAt?: number;
}

export interface ClaimState {
  claim: ClaimFacts;
  phase: ClaimPhase;
  closedReason?: ClosedReason;
  /** Status checks made; the next one's sequence is `checks + 1`. */
  checks: number;
  /** Consecutive checks whose answer did not change the claim's status. */
  checksWithoutChange: number;
  lastStatusChangeAt: number;
  lastStatus?: { category: string; code?: string; at: number };
  transientFailures: number;
  /** Epoch ms of the next status check; undefined while waiting on a person or closed. */
  nextCheckAt?: number;
  snooze?: { until: number; reason: string };
  owner?: string;
  review?: { reason: string; byClient: boolean; at: number };
  workItems: WorkItem[];
  /** Work item counter, for ids. */
  workItemSeq: number;
  deadlines: Deadline[];
  appeal?: { level: number; noticeDate: IsoDate; filedOn?: IsoDate; deniedCode?: string };
  submission: SubmissionState;
  payerClaimNumber?: string;
  paidCents: number;
  /** Keys of reminders and escalations already given, so a timer never repeats one. */
  alertsGiven: string[];
  /** Idempotency keys of ingested events (277/835/999) already applied; bounded. */
  seenEvents: string[];
  /** The cadence policy of the last decision; refreshed from PostgreSQL at every status check. */
  cadence: CadencePolicy;
  /** The last thing that happened, for explanations. */
  lastEvent?: ClaimEvent;
  /** Transition counter: the timeline key of transition n is `${workflowId}:t:${n}`. */
  transitions: number;
}

/** What a decision changes. Absent fields are unchanged. */
export interface Transition {
  /** The timeline entry: what happened and who did it. */
  event: { kind: string; summary: string; actor: string; data?: Record<string, unknown> };
  phase?: ClaimPhase;
  closedReason?: ClosedReason;
  /** `null` stops scheduled checks (waiting on a person, or closed). */
  nextCheckAt?: number | null;
  snooze?: { until: number; reason: string } | null;
  owner?: string;
  review?: { reason: string; byClient: boolean; at: number };
  openWorkItems?: WorkItem[];
  closeWorkItems?: string[];
  escalateWorkItems?: { id: string; to: string }[];
  deadlines?: Deadline[];
  appeal?: ClaimState['appeal'] | null;
  submission?: SubmissionState;
  /** Ask the payer channel to take a new or replacement claim (the workflow runs it as an activity). */
  resubmit?: { kind: 'new_claim' | 'replacement'; frequencyCode: '1' | '7'; payerClaimNumber?: string };
  /** Start follow-up of the balance at the next payer, carrying this payer's remittance. */
  startNextPayer?: {
    order: Exclude<PayerOrder, 'primary'>;
    payerId: string;
    balanceCents: number;
    remittance: Record<string, unknown>;
  };
  payerClaimNumber?: string;
  paidCents?: number;
  lastStatus?: ClaimState['lastStatus'];
  statusChanged?: boolean;
  checked?: boolean;
  transient?: boolean;
  alertsGiven?: string[];
  seenEvent?: string;
  cadence?: CadencePolicy;
  lastEvent?: ClaimEvent;
}
