/**
 * Worklist priority: a score that puts first what loses money first, returned with its parts so every
 * row can say why it is where it is. Reference §6.3 and §10.8: prioritize by (a) days left to the
 * timely-filing or appeal deadline, (b) expected recoverable dollars, (c) age, (d) payer behaviour.
 * The weights are versioned data ({@link PriorityWeights}); this module only applies them.
 */
import { type IsoDate, calendarDaysBetween } from './dates';
import type { Deadline } from './deadline';
import { formatUsd, nearestHardDeadline } from './explanation';

export const ageBuckets = ['0-30', '31-60', '61-90', '91-120', '120+'] as const;
/** The standard AR aging buckets (reference §6.3), in days since the aging basis date. */
export type AgeBucket = (typeof ageBuckets)[number];

/** Points rising linearly from 0 at `from` to `points` at `to` (and capped there). */
export interface Ramp {
  from: number;
  to: number;
  points: number;
}

export interface PriorityWeights {
  id: string;
  version: number;
  /** Where the ordering and the figures come from. */
  source: string;
  /** Why the figures have the sizes they have, relative to one another. */
  rationale: string;
  /**
   * Days left to the nearest hard deadline (due today or later): `points × ((horizonDays − daysLeft) /
   * horizonDays)²`, full on the due date, nothing from `horizonDays` out. Squared so the last weeks,
   * when a missed deadline is nearly certain loss, weigh most.
   */
  deadline: { points: number; horizonDays: number };
  /**
   * Expected recoverable dollars (balance × recovery rate) on a log scale: `points × log10(1 + dollars)
   * / log10(1 + fullAtCents / 100)`, capped at `points`, so each tenfold adds the same points.
   */
  dollars: { points: number; fullAtCents: number; defaultRecoveryRate: number };
  /** Points per aging bucket. */
  age: Record<AgeBucket, number>;
  /** Payer behaviour: slow payers and payers that deny often push a claim up. */
  payer: { avgDaysToPay: Ramp; denialRate: Ramp };
  /** A lead flagged the claim for review (SCENARIOS #11). */
  flaggedForReview: number;
  /** The client is a key account (SCENARIOS #8). */
  keyAccount: number;
}

/**
 * Version 1 of the worklist weights. The maxima fall in the order of the reference's list: deadline
 * 1000 > dollars 300 > age 160 > payer 100 (+ key account 50). So a hard deadline within 7 days
 * (≥ 886.7 points) outranks any claim whose nearest deadline is 60 or more days away (≤ 250 + 300 + 160 +
 * 100 + 50 = 860), whatever its dollars, age or payer — SCENARIOS #1 — while among claims with no
 * deadline near, dollars outweigh age and age outweighs payer behaviour.
 */
export const defaultPriorityWeights: PriorityWeights = {
  id: 'default',
  version: 1,
  source:
    'shared/domain/ar-follow-up-reference.md §6.3 (prioritize by days left to the timely-filing/appeal ' +
    'deadline, then expected recoverable dollars, then age, then payer behaviour; 120+ = timely-filing ' +
    'risk), §6.2 (aging transitions at 30/60/90/120 days re-prioritize; deadline alerts at -30/-14/-7 days), ' +
    '§6.1 (prompt pay 30 days), §6.4 (initial denial target <5%, industry 11.8%; net collection 95-97%); ' +
    'SCENARIOS.md #1',
  rationale:
    'Ordering from the reference; sizes are a Tickler design choice: the 120-day horizon is the longest ' +
    'common appeal window (Medicare redetermination) and the 120+ aging line; dollars saturate at $50,000; ' +
    'age steps 40 points per bucket; payer points start at the 30-day prompt-pay line and the 5% denial ' +
    'target and cap at 90 days and 25%.',
  deadline: { points: 1000, horizonDays: 120 },
  dollars: { points: 300, fullAtCents: 5_000_000, defaultRecoveryRate: 0.95 },
  age: { '0-30': 0, '31-60': 40, '61-90': 80, '91-120': 120, '120+': 160 },
  payer: {
    avgDaysToPay: { from: 30, to: 90, points: 50 },
    denialRate: { from: 0.05, to: 0.25, points: 50 },
  },
  flaggedForReview: 150,
  keyAccount: 50,
};

/** The aging bucket of a claim `days` old; not yet aged (negative) counts as 0-30. */
export function ageBucket(days: number): AgeBucket {
  if (Number.isNaN(days)) throw new RangeError('age in days must be a number, got NaN');
  if (days <= 30) return '0-30';
  if (days <= 60) return '31-60';
  if (days <= 90) return '61-90';
  if (days <= 120) return '91-120';
  return '120+';
}

export type PriorityPartName =
  'deadline' | 'dollars' | 'age' | 'payer_speed' | 'payer_denials' | 'review_flag' | 'key_account';

export interface PriorityPart {
  name: PriorityPartName;
  points: number;
  why: string;
}

export interface PriorityScore {
  /** The sum of the parts' points; higher is worked first. */
  score: number;
  /** Deadline, dollars and age always; payer parts when payer behaviour is known; flags when set. */
  parts: PriorityPart[];
  ageBucket: AgeBucket;
  /** The deadline the `deadline` part is about (may have passed), if the claim has a hard one. */
  nearestHardDeadline?: Deadline;
  weights: { id: string; version: number };
}

interface PriorityInputBase {
  today: IsoDate;
  deadlines: readonly Deadline[];
  /** The open balance, in cents. */
  balanceCents: number;
  /** Share of the balance expected to be collected (0-1); the weights' default when absent. */
  expectedRecoveryRate?: number;
  payerBehaviour?: {
    /** The payer's average days from submission to payment. */
    avgDaysToPay?: number;
    /** The payer's initial denial rate (0-1). */
    denialRate?: number;
  };
  flaggedForReview?: boolean;
  keyAccount?: boolean;
  weights?: PriorityWeights;
}

/** Age is given either in days or as the aging basis date (date of service, submission...). */
export type PriorityInput = PriorityInputBase &
  ({ ageDays: number; agingBasisDate?: undefined } | { agingBasisDate: IsoDate; ageDays?: undefined });

/** One decimal place, so sums and comparisons do not depend on the last bits of a float. */
function tenths(points: number): number {
  return Math.round(points * 10) / 10;
}

function clamp01(x: number): number {
  return Math.min(1, Math.max(0, x));
}

function ramp(value: number, r: Ramp): number {
  return tenths(r.points * clamp01((value - r.from) / (r.to - r.from)));
}

function plural(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}

function deadlinePart(input: PriorityInput, weights: PriorityWeights): [PriorityPart, Deadline | undefined] {
  const nearest = nearestHardDeadline(input.deadlines, input.today);
  if (!nearest) return [{ name: 'deadline', points: 0, why: 'no hard payer deadline' }, undefined];
  const daysLeft = calendarDaysBetween(input.today, nearest.due);
  const named = `${nearest.label} (${nearest.basis})`;
  if (daysLeft < 0) {
    const why = `${named} passed on ${nearest.due}: no longer ranks the claim, its own task handles it`;
    return [{ name: 'deadline', points: 0, why }, nearest];
  }
  const { points, horizonDays } = weights.deadline;
  const share = clamp01((horizonDays - daysLeft) / horizonDays);
  const why =
    daysLeft >= horizonDays
      ? `${named} due ${nearest.due}, ${plural(daysLeft, 'day')} left: beyond the ${horizonDays}-day horizon`
      : `${named} due ${nearest.due}, ${plural(daysLeft, 'day')} left of the ${horizonDays}-day horizon`;
  return [{ name: 'deadline', points: tenths(points * share * share), why }, nearest];
}

function dollarsPart(input: PriorityInput, weights: PriorityWeights): PriorityPart {
  const { points, fullAtCents, defaultRecoveryRate } = weights.dollars;
  const rate = clamp01(input.expectedRecoveryRate ?? defaultRecoveryRate);
  const expectedCents = Math.max(0, input.balanceCents) * rate;
  const share = clamp01(Math.log10(1 + expectedCents / 100) / Math.log10(1 + fullAtCents / 100));
  const percent = Math.round(rate * 100);
  return {
    name: 'dollars',
    points: tenths(points * share),
    why: `${formatUsd(input.balanceCents)} open × ${percent}% expected recovery = ${formatUsd(expectedCents)} recoverable`,
  };
}

/**
 * The worklist score of one claim. Deterministic: the same input gives the same score and parts. Only
 * hard deadlines rank (payer deadlines never pause; our own SLAs are soft); a hard deadline that has
 * passed no longer adds points, since the money it guarded is lost or needs a person's exception.
 */
export function priorityScore(input: PriorityInput): PriorityScore {
  const weights = input.weights ?? defaultPriorityWeights;
  const ageDays =
    input.ageDays !== undefined ? input.ageDays : calendarDaysBetween(input.agingBasisDate, input.today);
  const bucket = ageBucket(ageDays);

  const [deadline, nearest] = deadlinePart(input, weights);
  const parts: PriorityPart[] = [
    deadline,
    dollarsPart(input, weights),
    {
      name: 'age',
      points: weights.age[bucket],
      why: `${plural(ageDays, 'day')} old: aging bucket ${bucket}`,
    },
  ];

  const behaviour = input.payerBehaviour;
  if (behaviour?.avgDaysToPay !== undefined) {
    parts.push({
      name: 'payer_speed',
      points: ramp(behaviour.avgDaysToPay, weights.payer.avgDaysToPay),
      why: `payer pays in ${behaviour.avgDaysToPay} days on average (points from ${weights.payer.avgDaysToPay.from} days)`,
    });
  }
  if (behaviour?.denialRate !== undefined) {
    const percent = (rate: number) => `${tenths(rate * 100)}%`;
    parts.push({
      name: 'payer_denials',
      points: ramp(behaviour.denialRate, weights.payer.denialRate),
      why: `payer denies ${percent(behaviour.denialRate)} of claims (points from ${percent(weights.payer.denialRate.from)})`,
    });
  }
  if (input.flaggedForReview) {
    parts.push({ name: 'review_flag', points: weights.flaggedForReview, why: 'flagged for review' });
  }
  if (input.keyAccount) {
    parts.push({ name: 'key_account', points: weights.keyAccount, why: 'key account' });
  }

  const result: PriorityScore = {
    score: tenths(parts.reduce((sum, part) => sum + part.points, 0)),
    parts,
    ageBucket: bucket,
    weights: { id: weights.id, version: weights.version },
  };
  if (nearest) result.nearestHardDeadline = nearest;
  return result;
}
