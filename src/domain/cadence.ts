/**
 * Cadence: when to ask a payer about a claim next. Policies are versioned data (see
 * `data/cadence-policies.ts` and the `cadence_policies` table); these functions only apply them.
 * Time is always an argument: `now` is epoch milliseconds supplied by the caller (workflow time in
 * workflows, the wall clock in the API).
 */
import { type BusinessCalendar, nextBusinessDayOnOrAfter } from './business-calendar';
import { type IsoDate, addCalendarDays, atTimeUtc, isoDateOfEpochMs } from './dates';
import type { NormalizedStatus } from './claim-status-codes';

export const payerClasses = ['medicare_ffs', 'medicare_advantage', 'medicaid', 'commercial'] as const;
export type PayerClass = (typeof payerClasses)[number];

export interface CadencePolicy {
  id: string;
  version: number;
  effectiveFrom: IsoDate;
  /** Where the figures come from, so every decision can be explained. */
  source: string;
  /** Time of day (UTC, HH:MM) at which scheduled checks run. */
  checkTimeUtc: string;
  /** Calendar days after submission before the first status inquiry, by payer class. */
  firstCheckAfterDays: Record<PayerClass, number>;
  /** Calendar days between checks, by what the last status said. */
  recheckAfterDays: {
    /** P0/P1: in process. */
    pending: number;
    /** P2: payer review (medical review, repricing). */
    payerReview: number;
    /** A1/A2: received or accepted, not yet adjudicated. */
    acknowledgement: number;
    /** Anything a person must act on; the claim is still watched. */
    needsAttention: number;
  };
  /** Exponential back-off for transient inquiry failures (E1, E2). */
  transientRetry: { firstDelayHours: number; maxDelayHours: number };
}

export interface PolicyRef {
  policyId: string;
  version: number;
}

export interface ScheduledCheck {
  /** The business day of the check. */
  on: IsoDate;
  /** Epoch milliseconds of the check. */
  at: number;
  /** Why this date, in words, naming the rule and the policy version behind it. */
  basis: string;
  policy: PolicyRef;
}

function policyRef(policy: CadencePolicy): PolicyRef {
  return { policyId: policy.id, version: policy.version };
}

function describePolicy(policy: CadencePolicy): string {
  return `policy ${policy.id} v${policy.version}`;
}

function scheduleOn(
  target: IsoDate,
  now: number,
  policy: CadencePolicy,
  calendar: BusinessCalendar,
  basis: string,
): ScheduledCheck {
  const on = nextBusinessDayOnOrAfter(target, calendar);
  const rolled = on === target ? '' : ` (rolled from ${target} to the next business day)`;
  const at = atTimeUtc(on, policy.checkTimeUtc);
  if (at <= now) {
    // Already due (a claim taken over late, or a check time earlier today): check at once.
    return {
      on: isoDateOfEpochMs(now),
      at: now,
      basis: `${basis}; already due, checking now`,
      policy: policyRef(policy),
    };
  }
  return { on, at, basis: `${basis}${rolled}`, policy: policyRef(policy) };
}

/** The first status inquiry after submission: payers cannot answer usefully before their processing floor. */
export function firstCheck(input: {
  submittedOn: IsoDate;
  payerClass: PayerClass;
  policy: CadencePolicy;
  calendar: BusinessCalendar;
  now: number;
}): ScheduledCheck {
  const { submittedOn, payerClass, policy, calendar, now } = input;
  const days = policy.firstCheckAfterDays[payerClass];
  return scheduleOn(
    addCalendarDays(submittedOn, days),
    now,
    policy,
    calendar,
    `first check ${days} days after submission on ${submittedOn} for ${payerClass} (${describePolicy(policy)})`,
  );
}

/**
 * The next inquiry after a status response, or `undefined` when the status ends follow-up (paid).
 * `transientFailures` counts consecutive transient responses, for the back-off.
 */
export function nextCheck(input: {
  status: NormalizedStatus;
  policy: CadencePolicy;
  calendar: BusinessCalendar;
  now: number;
  transientFailures?: number;
}): ScheduledCheck | undefined {
  const { status, policy, calendar, now } = input;
  if (status.paid) return undefined;
  const today = isoDateOfEpochMs(now);
  const named = `${status.category}${status.code ? `:${status.code}` : ''}`;

  if (status.transient) {
    const failures = Math.max(1, input.transientFailures ?? 1);
    const hours = Math.min(
      policy.transientRetry.firstDelayHours * 2 ** (failures - 1),
      policy.transientRetry.maxDelayHours,
    );
    const at = now + hours * 3_600_000;
    return {
      on: isoDateOfEpochMs(at),
      at,
      basis: `${named} is a transient inquiry failure (#${failures}); retry in ${hours} h (${describePolicy(policy)})`,
      policy: policyRef(policy),
    };
  }

  const [days, reason] = recheckInterval(status, policy);
  return scheduleOn(
    addCalendarDays(today, days),
    now,
    policy,
    calendar,
    `${named} ${reason}; re-check in ${days} days (${describePolicy(policy)})`,
  );
}

function recheckInterval(status: NormalizedStatus, policy: CadencePolicy): [number, string] {
  const intervals = policy.recheckAfterDays;
  if (status.category === 'P2') return [intervals.payerReview, 'is under payer review'];
  if (status.group === 'pending' && status.action === 're_check_later')
    return [intervals.pending, 'is pending'];
  if (status.group === 'acknowledgement' && status.action === 're_check_later') {
    return [intervals.acknowledgement, 'is received, not yet adjudicated'];
  }
  return [intervals.needsAttention, `needs attention (${status.action.replace(/_/g, ' ')})`];
}
