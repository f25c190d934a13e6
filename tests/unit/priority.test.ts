import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addCalendarDays } from '../../src/domain/dates';
import type { Deadline } from '../../src/domain/deadline';
import {
  type AgeBucket,
  type PriorityInput,
  ageBucket,
  ageBuckets,
  defaultPriorityWeights as weights,
  priorityScore,
} from '../../src/domain/priority';

const today = '2026-11-23';

function hardDeadline(kind: Deadline['kind'], daysLeft: number, label: string, basis: string): Deadline {
  const due = addCalendarDays(today, daysLeft);
  return { kind, label, due, basisDate: addCalendarDays(due, -120), basis, hard: true };
}

const appeal = (daysLeft: number) =>
  hardDeadline('appeal', daysLeft, 'Appeal level 1', 'Medicare 120 days + 5 days receipt');
const timelyFiling = (daysLeft: number) =>
  hardDeadline('timely_filing', daysLeft, 'Timely filing', '12 months from the date of service');
const slaDue = (daysLeft: number): Deadline => ({
  ...hardDeadline('work_item_sla', daysLeft, 'Documentation task', 'our 5-day SLA'),
  hard: false,
});

const part = (input: PriorityInput, name: string) => priorityScore(input).parts.find((p) => p.name === name);

describe('age buckets (reference §6.3: 0-30, 31-60, 61-90, 91-120, 120+)', () => {
  const cases: [number, AgeBucket][] = [
    [-3, '0-30'],
    [0, '0-30'],
    [30, '0-30'],
    [31, '31-60'],
    [60, '31-60'],
    [61, '61-90'],
    [90, '61-90'],
    [91, '91-120'],
    [120, '91-120'],
    [121, '120+'],
    [800, '120+'],
  ];
  it.each(cases)('a claim %i days old is in bucket %s', (days, bucket) => {
    expect(ageBucket(days)).toBe(bucket);
  });

  it('refuses NaN rather than filing it anywhere', () => {
    expect(() => ageBucket(Number.NaN)).toThrow(RangeError);
  });
});

describe('priority score (reference §6.3, SCENARIOS #1)', () => {
  it('SCENARIOS #1: an appeal closing in 6 days outranks a bigger, older claim with months to go', () => {
    const closing = priorityScore({ today, deadlines: [appeal(6)], balanceCents: 45_000, ageDays: 35 });
    const bigger = priorityScore({
      today,
      deadlines: [timelyFiling(150), appeal(95)],
      balanceCents: 1_200_000,
      ageDays: 100,
      payerBehaviour: { avgDaysToPay: 60, denialRate: 0.15 },
    });
    expect(closing.score).toBeGreaterThan(bigger.score);
    expect(closing.parts[0]).toEqual({
      name: 'deadline',
      points: 902.5, // 1000 × ((120 − 6) / 120)²
      why: `Appeal level 1 (Medicare 120 days + 5 days receipt) due 2026-11-29, 6 days left of the 120-day horizon`,
    });
    expect(bigger.nearestHardDeadline?.label).toBe('Appeal level 1');
  });

  it('SCENARIOS #1: with no deadline near, a claim over 60 days old and over $1,000 outranks a small young one', () => {
    const old = priorityScore({ today, deadlines: [], balanceCents: 150_000, ageDays: 70 });
    const young = priorityScore({ today, deadlines: [], balanceCents: 30_000, ageDays: 20 });
    expect(old.score).toBeGreaterThan(young.score);
    expect(old.ageBucket).toBe('61-90');
  });

  it('reference §6.3: a high-dollar 90-day claim outranks a small 30-day claim', () => {
    const high = priorityScore({ today, deadlines: [], balanceCents: 2_500_000, ageDays: 90 });
    const small = priorityScore({ today, deadlines: [], balanceCents: 8_000, ageDays: 30 });
    expect(high.score).toBeGreaterThan(small.score);
  });

  it('explains itself: parts for deadline, dollars and age, each with its reason, summing to the score', () => {
    const result = priorityScore({
      today,
      deadlines: [slaDue(1), timelyFiling(200)],
      balanceCents: 100_000,
      agingBasisDate: '2026-08-01',
      payerBehaviour: { avgDaysToPay: 45, denialRate: 0.118 },
      keyAccount: true,
      flaggedForReview: true,
    });
    expect(result.parts.map((p) => [p.name, p.points])).toEqual([
      ['deadline', 0],
      ['dollars', 190.1],
      ['age', 120],
      ['payer_speed', 12.5],
      ['payer_denials', 17],
      ['review_flag', 150],
      ['key_account', 50],
    ]);
    expect(result.score).toBe(539.6);
    expect(result.ageBucket).toBe('91-120');
    expect(result.parts.map((p) => p.why)).toEqual([
      'Timely filing (12 months from the date of service) due 2027-06-11, 200 days left: beyond the 120-day horizon',
      '$1,000.00 open × 95% expected recovery = $950.00 recoverable',
      '114 days old: aging bucket 91-120',
      'payer pays in 45 days on average (points from 30 days)',
      'payer denies 11.8% of claims (points from 5%)',
      'flagged for review',
      'key account',
    ]);
    expect(result.weights).toEqual({ id: 'default', version: 1 });
  });

  it('ranks by the nearest hard deadline only: our own SLAs are soft', () => {
    const result = priorityScore({
      today,
      deadlines: [slaDue(0), appeal(30)],
      balanceCents: 10_000,
      ageDays: 5,
    });
    expect(result.nearestHardDeadline?.kind).toBe('appeal');
    expect(
      part({ today, deadlines: [slaDue(0)], balanceCents: 10_000, ageDays: 5 }, 'deadline')?.points,
    ).toBe(0);
  });

  it('a passed hard deadline no longer adds points and gives way to the next one due', () => {
    const passedOnly = priorityScore({ today, deadlines: [appeal(-2)], balanceCents: 10_000, ageDays: 5 });
    expect(passedOnly.parts[0]).toMatchObject({
      points: 0,
      why: expect.stringContaining('passed on 2026-11-21'),
    });
    const both = priorityScore({
      today,
      deadlines: [appeal(-2), timelyFiling(60)],
      balanceCents: 10_000,
      ageDays: 5,
    });
    expect(both.nearestHardDeadline?.kind).toBe('timely_filing');
    expect(both.parts[0]?.points).toBe(250);
  });

  it('takes age in days or from the aging basis date alike', () => {
    const byDays = priorityScore({ today, deadlines: [], balanceCents: 10_000, ageDays: 45 });
    const byDate = priorityScore({
      today,
      deadlines: [],
      balanceCents: 10_000,
      agingBasisDate: '2026-10-09',
    });
    expect(byDate).toEqual(byDays);
  });

  it('the weights fall in the reference order: deadline, then dollars, then age, then payer behaviour', () => {
    const maxAge = Math.max(...ageBuckets.map((b) => weights.age[b]));
    const maxPayer = weights.payer.avgDaysToPay.points + weights.payer.denialRate.points;
    expect(weights.deadline.points).toBeGreaterThan(weights.dollars.points);
    expect(weights.dollars.points).toBeGreaterThan(maxAge);
    expect(maxAge).toBeGreaterThan(maxPayer);
    expect(weights.source).toContain('§6.3');
  });
});

const claimWithoutDeadline = fc.record({
  balanceCents: fc.integer({ min: 0, max: 50_000_000 }),
  ageDays: fc.integer({ min: 0, max: 400 }),
  expectedRecoveryRate: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }),
  payerBehaviour: fc.option(
    fc.record({
      avgDaysToPay: fc.option(fc.integer({ min: 0, max: 200 }), { nil: undefined }),
      denialRate: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }),
    }),
    { nil: undefined },
  ),
  keyAccount: fc.boolean(),
});

describe('priority properties', () => {
  it('rises as a deadline approaches, everything else fixed: strictly inside the horizon, never falling', () => {
    fc.assert(
      fc.property(claimWithoutDeadline, fc.integer({ min: 0, max: 200 }), (claim, daysLeft) => {
        const at = (d: number) => priorityScore({ ...claim, today, deadlines: [appeal(d)] }).score;
        if (daysLeft < weights.deadline.horizonDays) expect(at(daysLeft)).toBeGreaterThan(at(daysLeft + 1));
        else expect(at(daysLeft)).toBe(at(daysLeft + 1));
      }),
    );
  });

  it('SCENARIOS #1: a hard deadline within 7 days outranks any unflagged claim whose deadline is 60+ days away', () => {
    fc.assert(
      fc.property(
        claimWithoutDeadline,
        fc.integer({ min: 0, max: 7 }),
        claimWithoutDeadline,
        fc.option(fc.integer({ min: 60, max: 400 }), { nil: undefined }),
        (urgent, soon, other, later) => {
          const a = priorityScore({ ...urgent, today, deadlines: [appeal(soon)] });
          const b = priorityScore({
            ...other,
            today,
            deadlines: later === undefined ? [] : [timelyFiling(later)],
          });
          expect(a.score).toBeGreaterThan(b.score);
        },
      ),
    );
  });

  it('more dollars never lower the score, and the parts always sum to it', () => {
    fc.assert(
      fc.property(claimWithoutDeadline, fc.integer({ min: 0, max: 5_000_000 }), (claim, more) => {
        const base = priorityScore({ ...claim, today, deadlines: [] });
        const richer = priorityScore({
          ...claim,
          balanceCents: claim.balanceCents + more,
          today,
          deadlines: [],
        });
        expect(richer.score).toBeGreaterThanOrEqual(base.score);
        const sum = base.parts.reduce((total, p) => total + p.points, 0);
        expect(base.score).toBeCloseTo(sum, 6);
      }),
    );
  });
});
