/**
 * Cadence: when to ask a payer about a claim next, and when to hand a claim that does not move to a
 * person. Policies are versioned data (see `data/cadence-policies.ts` and the `cadence_policies` table);
 * key-account profiles override any part of them ({@link effectivePolicy}); these functions only apply
 * them. Time is always an argument: `now` is epoch milliseconds supplied by the caller (workflow time in
 * workflows, the wall clock in the API), `today` an {@link IsoDate}.
 */
import { type BusinessCalendar, nextBusinessDayOnOrAfter } from './business-calendar';
import {
  type IsoDate,
  addCalendarDays,
  atTimeUtc,
  calendarDaysBetween,
  compareIsoDates,
  isoDateOfEpochMs,
} from './dates';
import type { NormalizedStatus } from './claim-status-codes';
import { formatUsd } from './explanation';

export const payerClasses = ['medicare_ffs', 'medicare_advantage', 'medicaid', 'commercial'] as const;
export type PayerClass = (typeof payerClasses)[number];

/** Calendar days between checks, by what the last status said. */
export interface RecheckIntervals {
  /** P0/P1/P5: in process. */
  pending: number;
  /** P2: payer review (medical review, repricing). */
  payerReview: number;
  /** A1/A2: received or accepted, not yet adjudicated. */
  acknowledgement: number;
  /** Anything a person must act on; the claim is still watched. */
  needsAttention: number;
  /**
   * Documents sent in answer to a request for information: days after sending before the first re-check
   * (the payer's reprocessing time). Absent from version-1 policies, which then wait `payerReview`
   * (reference §6.2 puts "P2 (payer review) / P3 docs sent" in one row).
   */
  documentsSent?: number;
}

/** Exponential back-off for transient inquiry failures (E1, E2). */
export interface TransientRetry {
  firstDelayHours: number;
  maxDelayHours: number;
}

/**
 * When a claim that does not move goes to a person. Either trigger fires on its own; an absent trigger
 * never fires.
 */
export interface EscalationThresholds {
  /** Consecutive status checks whose answer was the same as the one before. */
  afterChecksWithoutChange?: number;
  /** Calendar days since the claim's status last changed (the submission date until it first does). */
  afterDaysWithoutChange?: number;
}

/**
 * A tighter track for claims with many dollars at stake. Its figures only ever tighten: each applies
 * where it is shorter than the policy's own, so a high-dollar claim is never checked later than a small
 * one under the same policy (and a key account's tighter figures survive it).
 */
export interface HighDollarTier {
  /** Claims billed at or above this many cents follow the tier. */
  minBilledCents: number;
  firstCheckAfterDays?: Partial<Record<PayerClass, number>>;
  recheckAfterDays?: Partial<RecheckIntervals>;
  escalation?: EscalationThresholds;
}

/** Which versioned record a decision came from. */
export interface ProfileRef {
  id: string;
  version: number;
}

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
  recheckAfterDays: RecheckIntervals;
  /** Exponential back-off for transient inquiry failures (E1, E2). */
  transientRetry: TransientRetry;
  /** When an unchanging claim goes to a person; absent from version-1 policies (they never escalate). */
  escalation?: EscalationThresholds;
  /** Tighter figures for high-dollar claims; absent from version-1 policies. */
  highDollar?: HighDollarTier;
  /** The key-account profile merged in by {@link effectivePolicy}, if any. */
  profile?: ProfileRef & { source: string };
}

/**
 * A key-account cadence profile: versioned data with its own source that overrides any part of a base
 * policy. Absent (or `undefined`) fields keep the base policy's value.
 */
export interface CadenceOverride {
  id: string;
  version: number;
  effectiveFrom: IsoDate;
  /** Why these figures (the client's contract, a lead's decision...). */
  source: string;
  checkTimeUtc?: string;
  firstCheckAfterDays?: Partial<Record<PayerClass, number>>;
  recheckAfterDays?: Partial<RecheckIntervals>;
  transientRetry?: Partial<TransientRetry>;
  escalation?: EscalationThresholds;
  highDollar?: Partial<HighDollarTier>;
}

export interface PolicyRef {
  policyId: string;
  version: number;
  /** The key-account profile applied on top of the policy, if any. */
  profile?: ProfileRef;
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

/** Copies `patch`'s defined values over `base` (an `undefined` in a profile keeps the base value). */
function mergeDefined<T extends object>(base: T, patch: Partial<T> | undefined): T {
  const merged = { ...base };
  if (!patch) return merged;
  for (const key of Object.keys(patch) as (keyof T)[]) {
    const value = patch[key];
    if (value !== undefined) merged[key] = value;
  }
  return merged;
}

function mergeHighDollar(
  base: HighDollarTier | undefined,
  patch: Partial<HighDollarTier> | undefined,
): HighDollarTier | undefined {
  if (!patch) return base;
  const minBilledCents = patch.minBilledCents ?? base?.minBilledCents;
  // A profile that tightens high dollars without naming a threshold, over a policy with none, has no tier.
  if (minBilledCents === undefined) return base;
  const tier: HighDollarTier = { minBilledCents };
  const firstCheckAfterDays = mergeDefined(base?.firstCheckAfterDays ?? {}, patch.firstCheckAfterDays);
  const recheckAfterDays = mergeDefined(base?.recheckAfterDays ?? {}, patch.recheckAfterDays);
  const escalation = mergeDefined(base?.escalation ?? {}, patch.escalation);
  if (Object.keys(firstCheckAfterDays).length > 0) tier.firstCheckAfterDays = firstCheckAfterDays;
  if (Object.keys(recheckAfterDays).length > 0) tier.recheckAfterDays = recheckAfterDays;
  if (Object.keys(escalation).length > 0) tier.escalation = escalation;
  return tier;
}

/**
 * The policy a claim follows: `base` with a key-account profile's figures over it, field by field
 * (nested sections merge too, so a profile that only sets `recheckAfterDays.pending` keeps the rest).
 * The result keeps the base's id and version and names the profile in `profile`, so every decision
 * records both. Without a profile it returns `base` unchanged.
 */
export function effectivePolicy(base: CadencePolicy, override?: CadenceOverride): CadencePolicy {
  if (!override) return base;
  const merged: CadencePolicy = {
    ...base,
    checkTimeUtc: override.checkTimeUtc ?? base.checkTimeUtc,
    firstCheckAfterDays: mergeDefined(base.firstCheckAfterDays, override.firstCheckAfterDays),
    recheckAfterDays: mergeDefined(base.recheckAfterDays, override.recheckAfterDays),
    transientRetry: mergeDefined(base.transientRetry, override.transientRetry),
    profile: { id: override.id, version: override.version, source: override.source },
  };
  if (base.escalation || override.escalation) {
    merged.escalation = mergeDefined(base.escalation ?? {}, override.escalation);
  }
  const highDollar = mergeHighDollar(base.highDollar, override.highDollar);
  if (highDollar) merged.highDollar = highDollar;
  return merged;
}

/** The figures that decide a claim's dates once its profile and dollar tier are applied. */
interface Figures {
  policy: CadencePolicy;
  firstCheckAfterDays: Record<PayerClass, number>;
  recheckAfterDays: RecheckIntervals;
  escalation: EscalationThresholds;
  /** Words for the basis: the tier and the policy (and profile) versions. */
  described: string;
}

function tighter(standard: number | undefined, tier: number | undefined): number | undefined {
  if (tier === undefined) return standard;
  return standard === undefined ? tier : Math.min(standard, tier);
}

function tightenAll<T extends object>(standard: T, tier: Partial<T> | undefined): T {
  const result = { ...standard };
  if (!tier) return result;
  for (const key of Object.keys(tier) as (keyof T)[]) {
    const value = tighter(standard[key] as number | undefined, tier[key] as number | undefined);
    if (value !== undefined) result[key] = value as T[keyof T];
  }
  return result;
}

function describePolicy(policy: CadencePolicy): string {
  const profile = policy.profile
    ? ` with key-account profile ${policy.profile.id} v${policy.profile.version}`
    : '';
  return `policy ${policy.id} v${policy.version}${profile}`;
}

function figuresFor(input: {
  policy: CadencePolicy;
  override?: CadenceOverride;
  billedCents?: number;
}): Figures {
  const policy = effectivePolicy(input.policy, input.override);
  const tier = policy.highDollar;
  const standard = {
    firstCheckAfterDays: policy.firstCheckAfterDays,
    recheckAfterDays: policy.recheckAfterDays,
    escalation: policy.escalation ?? {},
  };
  if (!tier || input.billedCents === undefined || input.billedCents < tier.minBilledCents) {
    return { policy, ...standard, described: describePolicy(policy) };
  }
  return {
    policy,
    firstCheckAfterDays: tightenAll(standard.firstCheckAfterDays, tier.firstCheckAfterDays),
    recheckAfterDays: tightenAll(standard.recheckAfterDays, tier.recheckAfterDays),
    escalation: tightenAll(standard.escalation, tier.escalation),
    described: `high-dollar track, billed ${formatUsd(input.billedCents)} ≥ ${formatUsd(tier.minBilledCents)}; ${describePolicy(policy)}`,
  };
}

function policyRef(policy: CadencePolicy): PolicyRef {
  const ref: PolicyRef = { policyId: policy.id, version: policy.version };
  if (policy.profile) ref.profile = { id: policy.profile.id, version: policy.profile.version };
  return ref;
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
  /** The claim's billed amount, for the policy's high-dollar track. */
  billedCents?: number;
  /** The client's key-account profile, merged over `policy` by {@link effectivePolicy}. */
  override?: CadenceOverride;
}): ScheduledCheck {
  const { submittedOn, payerClass, calendar, now } = input;
  const figures = figuresFor(input);
  const days = figures.firstCheckAfterDays[payerClass];
  return scheduleOn(
    addCalendarDays(submittedOn, days),
    now,
    figures.policy,
    calendar,
    `first check ${days} days after submission on ${submittedOn} for ${payerClass} (${figures.described})`,
  );
}

/**
 * The next inquiry after a status response, or `undefined` when the status ends follow-up (paid).
 * `transientFailures` counts consecutive transient responses, for the back-off. `documentsSentOn` is
 * the day documents went out in answer to a request for information: while the payer still reports the
 * claim pending or awaiting information, the next check is the later of the payer's expected
 * reprocessing date (documents sent + `documentsSent` days; SCENARIOS #3) and the status's own interval.
 */
export function nextCheck(input: {
  status: NormalizedStatus;
  policy: CadencePolicy;
  calendar: BusinessCalendar;
  now: number;
  transientFailures?: number;
  billedCents?: number;
  override?: CadenceOverride;
  documentsSentOn?: IsoDate;
}): ScheduledCheck | undefined {
  const { status, calendar, now } = input;
  if (status.paid) return undefined;
  const figures = figuresFor(input);
  const { policy } = figures;
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

  const [days, reason] = recheckInterval(status, figures.recheckAfterDays);
  const byStatus = addCalendarDays(today, days);
  const statusBasis = `${named} ${reason}; re-check in ${days} days`;
  const { documentsSentOn } = input;
  if (
    documentsSentOn !== undefined &&
    (status.group === 'pending' || status.group === 'request_for_information')
  ) {
    const reprocessingDays = figures.recheckAfterDays.documentsSent ?? figures.recheckAfterDays.payerReview;
    const reprocessedBy = addCalendarDays(documentsSentOn, reprocessingDays);
    const sent = `documents sent on ${documentsSentOn}, payer reprocessing expected within ${reprocessingDays} days (by ${reprocessedBy})`;
    // The later of the two: never before the payer can have reprocessed, never sooner than the status's
    // own interval. A later of two figures keeps a tighter policy tighter on both.
    return compareIsoDates(reprocessedBy, byStatus) > 0
      ? scheduleOn(
          reprocessedBy,
          now,
          policy,
          calendar,
          `${named} with ${sent}; check then (${figures.described})`,
        )
      : scheduleOn(byStatus, now, policy, calendar, `${statusBasis}; ${sent} (${figures.described})`);
  }
  return scheduleOn(byStatus, now, policy, calendar, `${statusBasis} (${figures.described})`);
}

function recheckInterval(status: NormalizedStatus, intervals: RecheckIntervals): [number, string] {
  if (status.category === 'P2') return [intervals.payerReview, 'is under payer review'];
  if (status.group === 'pending' && status.action === 're_check_later')
    return [intervals.pending, 'is pending'];
  if (status.group === 'acknowledgement' && status.action === 're_check_later') {
    return [intervals.acknowledgement, 'is received, not yet adjudicated'];
  }
  return [intervals.needsAttention, `needs attention (${status.action.replace(/_/g, ' ')})`];
}

/** Whether a claim that is not moving goes to a person, and when. */
export interface EscalationDecision {
  /** True once a threshold is reached: `checksWithoutChange ≥ N` or `today` is `X` days past the last change. */
  escalate: boolean;
  /**
   * When the escalation is (or was) due: the day the days threshold is reached, or `today` when it is
   * the checks threshold that fired, whichever is earlier; rolled to a business day when a calendar is
   * given. While not escalating, the day the days threshold will be reached if nothing changes (a
   * further unchanged check may bring it forward). Absent when the policy sets no threshold.
   */
  on?: IsoDate;
  trigger?: 'checks_without_change' | 'days_without_change';
  /** In words, naming the thresholds and the policy version behind them. */
  reason: string;
  policy: PolicyRef;
}

/**
 * Escalation when nothing changes (reference §6.2: "no status change after 3 checks or >45–60 days";
 * §10.7): after `afterChecksWithoutChange` unchanged checks or `afterDaysWithoutChange` calendar days
 * since `lastStatusChangeOn`, whichever comes first, with the key-account profile and the high-dollar
 * track applied. It never fires before a threshold is reached.
 */
export function escalation(input: {
  /** Consecutive checks whose answer was the same as the one before. */
  checksWithoutChange: number;
  /** The day the claim's status last changed (the submission date until it first does). */
  lastStatusChangeOn: IsoDate;
  today: IsoDate;
  policy: CadencePolicy;
  override?: CadenceOverride;
  billedCents?: number;
  /** When given, escalation dates roll forward to the next business day. */
  calendar?: BusinessCalendar;
}): EscalationDecision {
  const { checksWithoutChange, lastStatusChangeOn, today, calendar } = input;
  const figures = figuresFor(input);
  const ref = policyRef(figures.policy);
  const { afterChecksWithoutChange: maxChecks, afterDaysWithoutChange: maxDays } = figures.escalation;
  const roll = (date: IsoDate) => (calendar ? nextBusinessDayOnOrAfter(date, calendar) : date);
  const by = `(${figures.described})`;

  if (maxChecks === undefined && maxDays === undefined) {
    return { escalate: false, reason: `no escalation thresholds ${by}`, policy: ref };
  }
  const daysSince = calendarDaysBetween(lastStatusChangeOn, today);
  const byChecks = maxChecks !== undefined && checksWithoutChange >= maxChecks;
  const byDays = maxDays !== undefined && daysSince >= maxDays;
  const daysDue = maxDays === undefined ? undefined : roll(addCalendarDays(lastStatusChangeOn, maxDays));
  const checksText = `${checksWithoutChange} checks without change (threshold ${maxChecks ?? 'none'})`;
  const daysText = `${daysSince} days since the last status change on ${lastStatusChangeOn} (threshold ${maxDays ?? 'none'})`;

  if (!byChecks && !byDays) {
    const when = daysDue === undefined ? '' : `; escalates on ${daysDue} if nothing changes`;
    return {
      escalate: false,
      ...(daysDue === undefined ? {} : { on: daysDue }),
      reason: `${checksText}, ${daysText}${when} ${by}`,
      policy: ref,
    };
  }
  const checksDue = roll(today);
  const trigger =
    byDays && daysDue !== undefined && (!byChecks || compareIsoDates(daysDue, checksDue) <= 0)
      ? 'days'
      : 'checks';
  const fired = [byChecks ? checksText : undefined, byDays ? daysText : undefined]
    .filter(Boolean)
    .join(' and ');
  return {
    escalate: true,
    on: trigger === 'days' && daysDue !== undefined ? daysDue : checksDue,
    trigger: trigger === 'days' ? 'days_without_change' : 'checks_without_change',
    reason: `escalate: ${fired} ${by}`,
    policy: ref,
  };
}
