import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addCalendarDays, compareIsoDates } from '../../src/domain/dates';
import type { Deadline } from '../../src/domain/deadline';
import { explainClaim, formatUsd, nearestHardDeadline } from '../../src/domain/explanation';

const appealLevel1: Deadline = {
  kind: 'appeal',
  label: 'Appeal level 1',
  due: '2026-07-05',
  basisDate: '2026-03-02',
  basis: 'Medicare 120 days + 5 days receipt',
  hard: true,
  level: 1,
  rule: { ruleSetId: 'medicare-ffs', version: 1, source: '42 CFR 405.942' },
};
const timelyFiling: Deadline = {
  kind: 'timely_filing',
  label: 'Timely filing',
  due: '2027-01-15',
  basisDate: '2026-01-15',
  basis: '12 months from the date of service',
  hard: true,
};
const appealTask: Deadline = {
  kind: 'work_item_sla',
  label: 'Appeal task',
  due: '2026-03-20',
  basisDate: '2026-03-06',
  basis: 'our 10-business-day SLA',
  hard: false,
};

describe('explainClaim', () => {
  it("words issue 3's example: a CO-197 denial with its level-1 appeal deadline, next action and escalation", () => {
    expect(
      explainClaim({
        phase: 'denied',
        lastEvent: { kind: 'denial', on: '2026-03-02', code: 'CO-197', description: 'no authorization' },
        deadlines: [timelyFiling, appealTask, appealLevel1],
        nextAction: { action: 'file appeal', on: '2026-03-10' },
        escalation: { on: '2026-06-21', to: 'a lead' },
        today: '2026-03-10',
      }),
    ).toBe(
      'Denied CO-197 (no authorization) on 2026-03-02; appeal level 1 due 2026-07-05 ' +
        '(Medicare 120 days + 5 days receipt); next: file appeal; escalates to a lead on 2026-06-21',
    );
  });

  it('SCENARIOS #2: a pending claim names its timely-filing clock and the date of the next check', () => {
    expect(
      explainClaim({
        phase: 'in_adjudication',
        lastEvent: { kind: 'status', on: '2026-04-06', code: 'P1:20', description: 'in process' },
        deadlines: [timelyFiling],
        nextAction: { action: 'check status', on: '2026-04-20' },
        today: '2026-04-06',
      }),
    ).toBe(
      'Payer status P1:20 (in process) on 2026-04-06; timely filing due 2027-01-15 ' +
        '(12 months from the date of service); next: check status on 2026-04-20',
    );
  });

  it('names the phase when nothing has happened yet, and no deadline when there is no hard one', () => {
    expect(
      explainClaim({
        phase: 'in_adjudication',
        deadlines: [appealTask],
        nextAction: { action: 'check status', on: '2026-03-17' },
        today: '2026-03-02',
      }),
    ).toBe('In adjudication; next: check status on 2026-03-17');
  });

  it('says when the nearest hard deadline has passed and an escalation already happened', () => {
    expect(
      explainClaim({
        phase: 'denied',
        lastEvent: { kind: 'denial', on: '2026-03-02', code: 'CO-197', description: 'no authorization' },
        deadlines: [appealLevel1],
        escalation: { on: '2026-06-21', to: 'a lead' },
        today: '2026-07-06',
      }),
    ).toBe(
      'Denied CO-197 (no authorization) on 2026-03-02; appeal level 1 passed 2026-07-05 ' +
        '(Medicare 120 days + 5 days receipt); escalated to a lead on 2026-06-21',
    );
  });

  it('keeps an acronym at the start of a deadline label as written', () => {
    const ma: Deadline = { ...appealLevel1, label: 'MA reconsideration', basis: '65 days from the notice' };
    expect(explainClaim({ phase: 'denied', deadlines: [ma], today: '2026-03-10' })).toBe(
      'Denied; MA reconsideration due 2026-07-05 (65 days from the notice)',
    );
  });

  it('always names the nearest hard deadline still due, with its basis, whatever the list order', () => {
    const deadline = fc
      .record({
        daysFromToday: fc.integer({ min: -200, max: 400 }),
        hard: fc.boolean(),
        n: fc.nat(99),
      })
      .map(({ daysFromToday, hard, n }): Deadline => ({
        kind: hard ? 'appeal' : 'work_item_sla',
        label: `Deadline ${n}`,
        due: addCalendarDays('2026-05-01', daysFromToday),
        basisDate: '2026-01-01',
        basis: `basis ${n}`,
        hard,
      }));
    fc.assert(
      fc.property(fc.array(deadline, { maxLength: 8 }), (deadlines) => {
        const today = '2026-05-01';
        const sentence = explainClaim({ phase: 'denied', deadlines, today });
        const hard = deadlines.filter((d) => d.hard);
        const upcoming = hard.filter((d) => compareIsoDates(d.due, today) >= 0);
        if (hard.length === 0) expect(sentence).toBe('Denied');
        else if (upcoming.length === 0) expect(sentence).toContain(' passed ');
        else {
          const nearestDue = upcoming.map((d) => d.due).reduce((a, b) => (compareIsoDates(b, a) < 0 ? b : a));
          const candidates = upcoming.filter((d) => d.due === nearestDue);
          const named = candidates.filter((d) =>
            sentence.includes(`; ${d.label.toLowerCase()} due ${d.due} (${d.basis})`),
          );
          expect(named.length).toBeGreaterThan(0);
          expect(nearestHardDeadline(deadlines, today)?.due).toBe(nearestDue);
        }
      }),
    );
  });
});

describe('formatUsd', () => {
  it.each([
    [0, '$0.00'],
    [5, '$0.05'],
    [123_456, '$1,234.56'],
    [1_000_000, '$10,000.00'],
    [123_456_789_00, '$123,456,789.00'],
    [-4_500, '-$45.00'],
  ])('%i cents is %s', (cents, text) => {
    expect(formatUsd(cents)).toBe(text);
  });
});
