import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { federalCalendar, isBusinessDay } from '../../src/domain/business-calendar';
import { firstCheck, nextCheck, payerClasses } from '../../src/domain/cadence';
import { normalizeStatus } from '../../src/domain/claim-status-codes';
import { atTimeUtc, calendarDaysBetween, isoDateOfEpochMs } from '../../src/domain/dates';
import { defaultCadencePolicy as policy } from '../../src/domain/data/cadence-policies';

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
    expect(check.policy).toEqual({ policyId: 'default', version: 1 });
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
