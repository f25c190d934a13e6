import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { federalCalendar, isBusinessDay } from '../../src/domain/business-calendar';
import { effectivePolicy, escalation, firstCheck, nextCheck, payerClasses } from '../../src/domain/cadence';
import { normalizeStatus } from '../../src/domain/claim-status-codes';
import {
  addCalendarDays,
  atTimeUtc,
  calendarDaysBetween,
  epochDayOf,
  isoDateOfEpochDay,
  isoDateOfEpochMs,
} from '../../src/domain/dates';
import {
  defaultCadencePolicy as policy,
  defaultCadencePolicyV1,
  keyAccountCadenceExample,
  seedCadenceOverrides,
  seedCadencePolicies,
} from '../../src/domain/data/cadence-policies';

const calendar = federalCalendar;
const noon = (date: string) => atTimeUtc(date, '12:00');

describe('first status check after submission', () => {
  it('for Medicare FFS falls on day 15, past the 14-day electronic payment floor (reference §6.1, §6.2)', () => {
    // 2026-03-02 + 15 days = 2026-03-17, a Tuesday.
    const check = firstCheck({
      submittedOn: '2026-03-02',
      payerClass: 'medicare_ffs',
      policy,
      calendar,
      now: noon('2026-03-02'),
    });
    expect(check.on).toBe('2026-03-17');
    expect(check.at).toBe(atTimeUtc('2026-03-17', policy.checkTimeUtc));
    expect(check.basis).toContain('15 days after submission');
    expect(check.policy).toEqual({ policyId: 'default', version: 2 });
  });

  it('for a commercial payer falls on day 21 (reference §6.2: +21-30 days)', () => {
    const check = firstCheck({
      submittedOn: '2026-03-02',
      payerClass: 'commercial',
      policy,
      calendar,
      now: noon('2026-03-02'),
    });
    expect(check.on).toBe('2026-03-23');
  });

  it('that lands on a federal holiday rolls to the next business day and says so', () => {
    // 2026-11-11 (Veterans Day, Wednesday) - 15 days = 2026-10-27.
    const check = firstCheck({
      submittedOn: '2026-10-27',
      payerClass: 'medicare_ffs',
      policy,
      calendar,
      now: noon('2026-10-27'),
    });
    expect(check.on).toBe('2026-11-12');
    expect(check.basis).toContain('rolled from 2026-11-11');
  });

  it('for a claim taken over after its first check date is due at once', () => {
    const now = noon('2026-06-01');
    const check = firstCheck({ submittedOn: '2026-01-05', payerClass: 'medicaid', policy, calendar, now });
    expect(check.at).toBe(now);
    expect(check.basis).toContain('already due');
  });

  it('never falls on a weekend or holiday and never precedes submission, for any payer class and date', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('2020-01-01T00:00:00Z'),
          max: new Date('2035-12-31T00:00:00Z'),
          noInvalidDate: true,
        }),
        fc.constantFrom(...payerClasses),
        (date, payerClass) => {
          const submittedOn = isoDateOfEpochMs(date.getTime());
          const check = firstCheck({ submittedOn, payerClass, policy, calendar, now: date.getTime() });
          expect(isBusinessDay(check.on, calendar)).toBe(true);
          expect(calendarDaysBetween(submittedOn, check.on)).toBeGreaterThanOrEqual(
            policy.firstCheckAfterDays[payerClass],
          );
        },
      ),
    );
  });
});

describe('next status check after an answer', () => {
  const at = noon('2026-04-06');

  it('is none once the payer reports the claim paid (F1)', () => {
    expect(
      nextCheck({ status: normalizeStatus({ category: 'F1' }), policy, calendar, now: at }),
    ).toBeUndefined();
  });

  it('while pending (P1) is 14 days out', () => {
    const check = nextCheck({
      status: normalizeStatus({ category: 'P1', code: '20' }),
      policy,
      calendar,
      now: at,
    });
    expect(check?.on).toBe('2026-04-20');
    expect(check?.basis).toContain('P1:20 is pending');
  });

  it('under payer review (P2) waits longer than plain pending', () => {
    const review = nextCheck({ status: normalizeStatus({ category: 'P2' }), policy, calendar, now: at });
    const pending = nextCheck({ status: normalizeStatus({ category: 'P1' }), policy, calendar, now: at });
    expect(review!.at).toBeGreaterThan(pending!.at);
  });

  it('after transient failures (E1) backs off exponentially up to the cap', () => {
    const status = normalizeStatus({ category: 'E1' });
    const delays = [1, 2, 3, 4, 5, 10].map(
      (transientFailures) =>
        (nextCheck({ status, policy, calendar, now: at, transientFailures })!.at - at) / 3_600_000,
    );
    expect(delays).toEqual([4, 8, 16, 32, 48, 48]);
  });

  it('is never before the answer and, outside transient retries, always on a business day', () => {
    const categories = ['A1', 'A2', 'P0', 'P1', 'P2', 'P3', 'P4', 'A3', 'A7', 'F2', 'R4', 'E0', 'D0'];
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('2020-01-01T00:00:00Z'),
          max: new Date('2035-12-31T00:00:00Z'),
          noInvalidDate: true,
        }),
        fc.constantFrom(...categories),
        (date, category) => {
          const check = nextCheck({
            status: normalizeStatus({ category }),
            policy,
            calendar,
            now: date.getTime(),
          });
          expect(check).toBeDefined();
          expect(check!.at).toBeGreaterThan(date.getTime());
          expect(isBusinessDay(check!.on, calendar)).toBe(true);
        },
      ),
    );
  });
});

const anyDay = fc
  .integer({ min: epochDayOf('2020-01-01'), max: epochDayOf('2035-12-31') })
  .map((day) => isoDateOfEpochDay(day));
const anyBilledCents = fc.oneof(
  fc.integer({ min: 0, max: 5_000_000 }),
  fc.constantFrom(999_999, 1_000_000, 1_000_001),
);
const nonTransientCategories = ['A1', 'A2', 'P0', 'P1', 'P2', 'P3', 'P4', 'P5', 'A3', 'A7', 'F2', 'R4', 'E0'];
const allCategories = [...nonTransientCategories, 'E1', 'E2', 'D0', 'F1'];

describe('cadence policies as seeded data', () => {
  it('keep version 1 of the default unchanged next to version 2, each (id, version) seeded once', () => {
    expect(seedCadencePolicies.map((p) => `${p.id}@${p.version}`)).toEqual(['default@1', 'default@2']);
    expect(defaultCadencePolicyV1).toEqual({
      id: 'default',
      version: 1,
      effectiveFrom: '2026-01-01',
      source: expect.stringContaining('§6.2'),
      checkTimeUtc: '14:00',
      firstCheckAfterDays: { medicare_ffs: 15, medicare_advantage: 21, medicaid: 30, commercial: 21 },
      recheckAfterDays: { pending: 14, payerReview: 21, acknowledgement: 7, needsAttention: 14 },
      transientRetry: { firstDelayHours: 4, maxDelayHours: 48 },
    });
  });

  it('version 2 keeps every figure of version 1 and only adds documents-sent, escalation and high dollars', () => {
    const { version: _v2, effectiveFrom: _f2, source: _s2, ...v2 } = policy;
    const { version: _v1, effectiveFrom: _f1, source: _s1, ...v1 } = defaultCadencePolicyV1;
    expect(v2).toMatchObject(v1);
    expect(policy.recheckAfterDays.documentsSent).toBe(21);
    expect(policy.escalation).toEqual({ afterChecksWithoutChange: 3, afterDaysWithoutChange: 45 });
    expect(policy.highDollar?.minBilledCents).toBe(1_000_000);
  });

  it('every policy and profile names its source', () => {
    for (const p of [...seedCadencePolicies, ...seedCadenceOverrides])
      expect(p.source.length).toBeGreaterThan(20);
    expect(keyAccountCadenceExample.source).toContain('SCENARIOS.md #8');
  });
});

describe('first check and re-check intervals by payer class, status and dollars (reference §6.2 defaults)', () => {
  const submittedOn = '2026-03-02'; // a Monday; none of the dates below needs a roll
  const firstCases = [
    // [payer class, billed, expected day, source]
    ['medicare_ffs', 48_000, '2026-03-17', '§6.2 Medicare electronic +14-15 days'],
    ['medicare_advantage', 48_000, '2026-03-23', '§6.2 commercial/MA +21-30 days'],
    ['medicaid', 48_000, '2026-04-01', '§6.2 Medicaid +21-30 days'],
    ['commercial', 48_000, '2026-03-23', '§6.2 commercial +21-30 days'],
    ['medicare_ffs', 1_200_000, '2026-03-16', 'high dollars: §6.1 Medicare payment floor day 14'],
    ['medicare_advantage', 1_200_000, '2026-03-23', 'high dollars: already at the short end'],
    ['medicaid', 1_200_000, '2026-03-23', 'high dollars: §6.2 short end, 21 days'],
    ['commercial', 1_000_000, '2026-03-23', 'high dollars from exactly $10,000.00'],
  ] as const;
  it.each(firstCases)('first check for %s billed %i cents is on %s (%s)', (payerClass, billedCents, on) => {
    const check = firstCheck({
      submittedOn,
      payerClass,
      policy,
      calendar,
      now: noon(submittedOn),
      billedCents,
    });
    expect(check.on).toBe(on);
    expect(check.policy).toEqual({ policyId: 'default', version: 2 });
    if (billedCents >= 1_000_000) expect(check.basis).toContain('high-dollar track');
    else expect(check.basis).not.toContain('high-dollar');
  });

  const at = noon('2026-04-06'); // a Monday
  const recheckCases = [
    // [category, billed, documents sent on, expected day, source]
    ['P1', 48_000, undefined, '2026-04-20', '§6.2 P0/P1 every 7-14 days'],
    ['P2', 48_000, undefined, '2026-04-27', '§6.2 P2 every 14-30 days'],
    ['A2', 48_000, undefined, '2026-04-13', 'accepted, not adjudicated: weekly'],
    [
      'P3',
      48_000,
      undefined,
      '2026-04-20',
      'information requested: a person acts, the claim is still watched',
    ],
    ['P3', 48_000, '2026-04-06', '2026-04-27', '§6.2 P3 documents sent every 14-30 days; SCENARIOS #3'],
    ['R4', 48_000, '2026-04-01', '2026-04-22', 'SCENARIOS #3: checked after the reprocessing date'],
    ['P3', 48_000, '2026-03-01', '2026-04-20', 'reprocessing window long over: back to the status interval'],
    ['F2', 48_000, '2026-04-06', '2026-04-20', 'a decision after documents: needs attention'],
    ['P1', 1_200_000, undefined, '2026-04-13', 'high dollars: §6.2 short end, 7 days'],
    ['P2', 1_200_000, undefined, '2026-04-20', 'high dollars: §6.2 short end, 14 days'],
    ['P3', 1_200_000, '2026-04-06', '2026-04-20', 'high dollars: documents sent, 14 days'],
  ] as const;
  it.each(recheckCases)(
    'after %s billed %i cents (documents sent %s) the next check is on %s (%s)',
    (category, billedCents, documentsSentOn, on) => {
      const check = nextCheck({
        status: normalizeStatus({ category }),
        policy,
        calendar,
        now: at,
        billedCents,
        ...(documentsSentOn ? { documentsSentOn } : {}),
      });
      expect(check?.on).toBe(on);
    },
  );

  it('a version-1 policy (no documents-sent interval) waits the payer-review interval after documents', () => {
    const check = nextCheck({
      status: normalizeStatus({ category: 'P3' }),
      policy: defaultCadencePolicyV1,
      calendar,
      now: at,
      documentsSentOn: '2026-04-06',
    });
    expect(check?.on).toBe('2026-04-27');
    expect(check?.basis).toContain('documents sent on 2026-04-06');
  });

  it('transient back-off is the same on the high-dollar track', () => {
    const status = normalizeStatus({ category: 'E2' });
    const delay = (billedCents: number) =>
      (nextCheck({ status, policy, calendar, now: at, transientFailures: 3, billedCents })!.at - at) /
      3_600_000;
    expect([delay(1_000), delay(5_000_000)]).toEqual([16, 16]);
  });
});

describe('a key-account profile (SCENARIOS #8: first check at day 10, then weekly, escalation at 30 days)', () => {
  const override = keyAccountCadenceExample;

  it('checks first on day 10 for every payer class and names the profile', () => {
    for (const payerClass of payerClasses) {
      const check = firstCheck({
        submittedOn: '2026-03-02',
        payerClass,
        policy,
        override,
        calendar,
        now: noon('2026-03-02'),
      });
      expect(check.on).toBe('2026-03-12');
      expect(check.policy).toEqual({
        policyId: 'default',
        version: 2,
        profile: { id: 'key-account-example', version: 1 },
      });
      expect(check.basis).toContain('key-account profile key-account-example v1');
    }
  });

  it.each(['A2', 'P1', 'P2', 'P3', 'F2'])('re-checks weekly after %s', (category) => {
    const check = nextCheck({
      status: normalizeStatus({ category }),
      policy,
      override,
      calendar,
      now: noon('2026-04-06'),
    });
    expect(check?.on).toBe('2026-04-13');
  });

  it('escalates 30 days after the last status change, not a day before', () => {
    const decide = (today: string) =>
      escalation({
        checksWithoutChange: 1,
        lastStatusChangeOn: '2026-03-02',
        today,
        policy,
        override,
        billedCents: 48_000,
      });
    expect(decide('2026-03-31')).toMatchObject({ escalate: false, on: '2026-04-01' });
    expect(decide('2026-04-01')).toMatchObject({
      escalate: true,
      on: '2026-04-01',
      trigger: 'days_without_change',
    });
    expect(decide('2026-04-01').reason).toContain('threshold 30');
  });
});

describe('effectivePolicy', () => {
  it('without a profile is the base policy itself', () => {
    expect(effectivePolicy(policy)).toBe(policy);
  });

  it('merges a profile field by field, nested sections included, keeping the base id and version', () => {
    const merged = effectivePolicy(policy, {
      id: 'acme',
      version: 3,
      effectiveFrom: '2026-07-01',
      source: 'contract 2026-07',
      firstCheckAfterDays: { commercial: 12, medicaid: undefined },
      recheckAfterDays: { pending: 10 },
      transientRetry: { maxDelayHours: 24 },
      escalation: { afterChecksWithoutChange: 2 },
      highDollar: { minBilledCents: 500_000, recheckAfterDays: { pending: 5 } },
    });
    expect(merged).toEqual({
      ...policy,
      firstCheckAfterDays: { ...policy.firstCheckAfterDays, commercial: 12 },
      recheckAfterDays: { ...policy.recheckAfterDays, pending: 10 },
      transientRetry: { firstDelayHours: 4, maxDelayHours: 24 },
      escalation: { afterChecksWithoutChange: 2, afterDaysWithoutChange: 45 },
      highDollar: {
        ...policy.highDollar,
        minBilledCents: 500_000,
        recheckAfterDays: { ...policy.highDollar?.recheckAfterDays, pending: 5 },
      },
      profile: { id: 'acme', version: 3, source: 'contract 2026-07' },
    });
    expect(merged.id).toBe('default');
    expect(merged.version).toBe(2);
  });

  it('adds escalation to a version-1 base that had none, and leaves out a high-dollar track with no threshold', () => {
    const merged = effectivePolicy(defaultCadencePolicyV1, {
      ...keyAccountCadenceExample,
      highDollar: { recheckAfterDays: { pending: 3 } },
    });
    expect(merged.escalation).toEqual({ afterDaysWithoutChange: 30 });
    expect(merged.highDollar).toBeUndefined();
  });
});

describe('escalation when nothing changes (reference §6.2: after 3 checks or 45-60 days; §10.7)', () => {
  const base = { lastStatusChangeOn: '2026-03-02', policy, billedCents: 48_000 };
  const cases = [
    // [checks without change, today, escalate, on, trigger]
    [2, '2026-04-15', false, '2026-04-16', undefined],
    [3, '2026-04-06', true, '2026-04-06', 'checks_without_change'],
    [0, '2026-04-16', true, '2026-04-16', 'days_without_change'],
    [4, '2026-05-01', true, '2026-04-16', 'days_without_change'],
  ] as const;
  it.each(cases)(
    '%i unchanged checks on %s: escalate %s on %s',
    (checksWithoutChange, today, escalate, on, trigger) => {
      const decision = escalation({ ...base, checksWithoutChange, today });
      expect(decision).toMatchObject({ escalate, on, policy: { policyId: 'default', version: 2 } });
      expect(decision.trigger).toBe(trigger);
    },
  );

  it('on the high-dollar track escalates at 30 days (the §6.1 payment ceiling)', () => {
    const decision = escalation({
      ...base,
      billedCents: 1_500_000,
      checksWithoutChange: 1,
      today: '2026-04-01',
    });
    expect(decision).toMatchObject({ escalate: true, on: '2026-04-01', trigger: 'days_without_change' });
    expect(decision.reason).toContain('high-dollar track');
  });

  it('rolls its date to a business day when given a calendar', () => {
    // 2026-03-05 + 45 days = 2026-04-19, a Sunday: the threshold is reached that day, the lead gets it Monday.
    const decide = (today: string) =>
      escalation({ ...base, lastStatusChangeOn: '2026-03-05', checksWithoutChange: 0, today, calendar });
    expect(decide('2026-04-17')).toMatchObject({ escalate: false, on: '2026-04-20' });
    expect(decide('2026-04-19')).toMatchObject({ escalate: true, on: '2026-04-20' });
  });

  it('never happens under a version-1 policy, which sets no thresholds', () => {
    const decision = escalation({
      ...base,
      policy: defaultCadencePolicyV1,
      checksWithoutChange: 50,
      today: '2027-01-01',
    });
    expect(decision).toMatchObject({ escalate: false });
    expect(decision.on).toBeUndefined();
  });
});

describe('cadence properties', () => {
  it('the SCENARIOS #8 key-account profile is never slower than the default, for any claim', () => {
    fc.assert(
      fc.property(
        anyDay,
        fc.constantFrom(...payerClasses),
        anyBilledCents,
        fc.nat(20),
        (day, payerClass, billedCents, late) => {
          const now = noon(day);
          const submittedOn = addCalendarDays(day, -late);
          const input = { submittedOn, payerClass, policy, calendar, now, billedCents };
          expect(firstCheck({ ...input, override: keyAccountCadenceExample }).at).toBeLessThanOrEqual(
            firstCheck(input).at,
          );
        },
      ),
    );
    fc.assert(
      fc.property(
        anyDay,
        fc.constantFrom(...allCategories),
        anyBilledCents,
        fc.option(fc.nat(40), { nil: undefined }),
        fc.nat(6),
        (day, category, billedCents, sentDaysAgo, transientFailures) => {
          const input = {
            status: normalizeStatus({ category }),
            policy,
            calendar,
            now: noon(day),
            billedCents,
            transientFailures,
            ...(sentDaysAgo === undefined ? {} : { documentsSentOn: addCalendarDays(day, -sentDaysAgo) }),
          };
          const keyAccount = nextCheck({ ...input, override: keyAccountCadenceExample });
          const standard = nextCheck(input);
          if (standard === undefined) expect(keyAccount).toBeUndefined();
          else expect(keyAccount!.at).toBeLessThanOrEqual(standard.at);
        },
      ),
    );
    fc.assert(
      fc.property(
        anyDay,
        fc.nat(120),
        fc.nat(6),
        anyBilledCents,
        (today, sinceChange, checksWithoutChange, billedCents) => {
          const input = {
            checksWithoutChange,
            lastStatusChangeOn: addCalendarDays(today, -sinceChange),
            today,
            policy,
            billedCents,
            calendar,
          };
          const standard = escalation(input);
          const keyAccount = escalation({ ...input, override: keyAccountCadenceExample });
          if (standard.escalate) expect(keyAccount.escalate).toBe(true);
          expect(keyAccount.on! <= standard.on!).toBe(true);
        },
      ),
    );
  });

  it('the high-dollar track is never slower than the standard one under the same policy', () => {
    fc.assert(
      fc.property(
        anyDay,
        fc.constantFrom(...nonTransientCategories),
        fc.constantFrom(...payerClasses),
        (day, category, payerClass) => {
          const now = noon(day);
          const small = { policy, calendar, now, billedCents: 10_000 };
          const large = { ...small, billedCents: 2_000_000 };
          const status = normalizeStatus({ category });
          expect(nextCheck({ ...large, status })!.at).toBeLessThanOrEqual(
            nextCheck({ ...small, status })!.at,
          );
          expect(firstCheck({ ...large, submittedOn: day, payerClass }).at).toBeLessThanOrEqual(
            firstCheck({ ...small, submittedOn: day, payerClass }).at,
          );
        },
      ),
    );
  });

  it('scheduled checks never fall on a weekend or holiday, with any profile, dollars or documents sent', () => {
    fc.assert(
      fc.property(
        anyDay,
        fc.constantFrom(...nonTransientCategories),
        fc.constantFrom(...payerClasses),
        anyBilledCents,
        fc.boolean(),
        fc.option(fc.nat(40), { nil: undefined }),
        (day, category, payerClass, billedCents, keyAccount, sentDaysAgo) => {
          const input = {
            policy,
            calendar,
            now: noon(day),
            billedCents,
            ...(keyAccount ? { override: keyAccountCadenceExample } : {}),
          };
          const first = firstCheck({ ...input, submittedOn: day, payerClass });
          const next = nextCheck({
            ...input,
            status: normalizeStatus({ category }),
            ...(sentDaysAgo === undefined ? {} : { documentsSentOn: addCalendarDays(day, -sentDaysAgo) }),
          });
          expect(isBusinessDay(first.on, calendar)).toBe(true);
          expect(isBusinessDay(next!.on, calendar)).toBe(true);
          expect(next!.at).toBeGreaterThan(noon(day));
        },
      ),
    );
  });

  it('escalation fires exactly when a threshold is reached, never before, and dates on business days', () => {
    fc.assert(
      fc.property(
        anyDay,
        fc.integer({ min: -5, max: 120 }),
        fc.nat(8),
        anyBilledCents,
        fc.boolean(),
        (today, sinceChange, checksWithoutChange, billedCents, keyAccount) => {
          const override = keyAccount ? keyAccountCadenceExample : undefined;
          const decision = escalation({
            checksWithoutChange,
            lastStatusChangeOn: addCalendarDays(today, -sinceChange),
            today,
            policy,
            billedCents,
            calendar,
            ...(override ? { override } : {}),
          });
          const effective = effectivePolicy(policy, override);
          const highDollar = billedCents >= effective.highDollar!.minBilledCents;
          const maxChecks = effective.escalation!.afterChecksWithoutChange!;
          const maxDays = Math.min(
            effective.escalation!.afterDaysWithoutChange!,
            highDollar ? effective.highDollar!.escalation!.afterDaysWithoutChange! : Infinity,
          );
          expect(decision.escalate).toBe(checksWithoutChange >= maxChecks || sinceChange >= maxDays);
          expect(isBusinessDay(decision.on!, calendar)).toBe(true);
          if (decision.trigger === 'days_without_change') {
            expect(
              calendarDaysBetween(addCalendarDays(today, -sinceChange), decision.on!),
            ).toBeGreaterThanOrEqual(maxDays);
          }
        },
      ),
    );
  });
});
