import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { federalCalendar, isBusinessDay } from '../../src/domain/business-calendar';
import { seedPayerRuleSets } from '../../src/domain/data/payer-rules';
import {
  addCalendarDays,
  atTimeUtc,
  compareIsoDates,
  epochDayOf,
  isoDateOfEpochDay,
} from '../../src/domain/dates';
import type { Deadline } from '../../src/domain/deadline';
import {
  type AcknowledgementStatus,
  acknowledgementWindow,
  appealChain,
  appealDeadlines,
  claimDeadlines,
  correctedClaimDeadline,
  expectedPaymentDate,
  filingState,
  isFiledForTimelyFiling,
  nearestHardDeadline,
  timelyFilingDeadline,
} from '../../src/domain/deadlines';
import type { ClaimType, PayerRuleSet } from '../../src/domain/payer-rules';

// Expected dates come from the figures in ../shared/domain/ar-follow-up-reference.md (each case names the
// section) and from the OPM federal holiday schedule for roll-forward.
const calendar = federalCalendar;

function seeded(id: string): PayerRuleSet {
  const ruleSet = seedPayerRuleSets.find((candidate) => candidate.id === id);
  if (!ruleSet) throw new Error(`no seeded rule set ${id}`);
  return ruleSet;
}

function only(deadlines: Deadline[]): Deadline {
  expect(deadlines).toHaveLength(1);
  return deadlines[0]!;
}

const medicare = seeded('medicare-ffs');

describe('timely filing', () => {
  it.each([
    // [source, rule set, date of service, through date, claim type, due]
    ['§4.1 Medicare 12 months from DOS', 'medicare-ffs', '2026-03-15', undefined, undefined, '2027-03-15'],
    [
      '§4.1 Medicare, last day a Saturday rolls to Monday',
      'medicare-ffs',
      '2026-03-13',
      undefined,
      undefined,
      '2027-03-15',
    ],
    [
      '§4.1 Medicare, last day Christmas rolls to Monday',
      'medicare-ffs',
      '2025-12-25',
      undefined,
      undefined,
      '2026-12-28',
    ],
    [
      '§4.1 Medicare, DOS Feb 29 -> Feb 28 next year',
      'medicare-ffs',
      '2028-02-29',
      undefined,
      undefined,
      '2029-02-28',
    ],
    [
      '§4.1 Medicare institutional span: through date',
      'medicare-ffs',
      '2026-03-01',
      '2026-03-10',
      'institutional',
      '2027-03-10',
    ],
    [
      '§4.1 Medicare professional span: line From date',
      'medicare-ffs',
      '2026-03-01',
      '2026-03-10',
      'professional',
      '2027-03-01',
    ],
    [
      '§4.1 Medicare span, claim type unknown: earlier start',
      'medicare-ffs',
      '2026-03-01',
      '2026-03-10',
      undefined,
      '2027-03-01',
    ],
    [
      '§4.2 NY Medicaid 90 days, Sunday not moved',
      'ny-medicaid',
      '2026-03-02',
      undefined,
      undefined,
      '2026-05-31',
    ],
    ['§4.2 Texas Medicaid 95 days', 'tx-medicaid', '2026-03-02', undefined, undefined, '2026-06-05'],
    [
      '§4.2 Texas Medicaid, Saturday rolls forward',
      'tx-medicaid',
      '2026-03-03',
      undefined,
      undefined,
      '2026-06-08',
    ],
    ['§4.2 Medi-Cal 180 days', 'medi-cal', '2026-03-02', undefined, undefined, '2026-08-29'],
    [
      '§4.2 Florida Medicaid 365 days from discharge',
      'fl-medicaid',
      '2026-02-20',
      '2026-03-02',
      'institutional',
      '2027-03-02',
    ],
    [
      '§4.3 UnitedHealthcare 90 days from discharge',
      'unitedhealthcare',
      '2026-02-20',
      '2026-03-02',
      'institutional',
      '2026-05-31',
    ],
    ['§4.3 Cigna 90 days', 'cigna', '2026-03-02', undefined, undefined, '2026-05-31'],
    ['§4.3 Aetna 90 days (shortest of 90-180)', 'aetna', '2026-03-02', undefined, undefined, '2026-05-31'],
    ['§4.3 Humana commercial 90 days', 'humana', '2026-03-02', undefined, undefined, '2026-05-31'],
    ['§4.3 BCBS Illinois 180 days', 'bcbs-illinois', '2026-03-02', undefined, undefined, '2026-08-29'],
    [
      '§4.3 BCBS Massachusetts 90 days',
      'bcbs-massachusetts',
      '2026-03-02',
      undefined,
      undefined,
      '2026-05-31',
    ],
    [
      '§4.3 BCBS Minnesota 6 months, clamped to month end',
      'bcbs-minnesota',
      '2026-08-31',
      undefined,
      undefined,
      '2027-02-28',
    ],
    ['§4.3 BCBS Nebraska 120 days', 'bcbs-nebraska', '2026-03-02', undefined, undefined, '2026-06-30'],
    [
      '§4.3/§10 commercial default 90 days',
      'commercial-default',
      '2026-03-02',
      undefined,
      undefined,
      '2026-05-31',
    ],
    [
      '§4.3 generic MA: shortest MA limit, 90 days',
      'medicare-advantage',
      '2026-03-02',
      undefined,
      undefined,
      '2026-05-31',
    ],
    [
      '§4.3 BCBS Nebraska MA 120 days',
      'bcbs-nebraska-medicare-advantage',
      '2026-03-02',
      undefined,
      undefined,
      '2026-06-30',
    ],
  ] as const)('%s', (_source, id, dateOfService, throughDate, claimType, due) => {
    const deadline = only(
      timelyFilingDeadline({
        dateOfService,
        ...(throughDate ? { throughDate } : {}),
        ...(claimType ? { claimType } : {}),
        ruleSet: seeded(id),
        calendar,
      }),
    );
    expect(deadline.due).toBe(due);
    expect(deadline.kind).toBe('timely_filing');
    expect(deadline.hard).toBe(true);
    expect(deadline.rule).toEqual({ ruleSetId: id, version: 1, source: seeded(id).timelyFiling.source });
  });

  it('explains the roll-forward and that rejected claims are not filed (§4.1, §3.2)', () => {
    const deadline = only(timelyFilingDeadline({ dateOfService: '2026-03-13', ruleSet: medicare, calendar }));
    expect(deadline.basis).toContain('12 months from the date of service 2026-03-13');
    expect(deadline.basis).toContain('2027-03-13 is not a business day');
    expect(deadline.basis).toContain('does not count as filed');
    expect(deadline.basisDate).toBe('2026-03-13');
  });

  it.each([
    ['§4.3 Cigna COB: 90 days from the primary EOB', 'cigna', '2026-08-13'],
    ['§4.3 UnitedHealthcare secondary: from the primary response', 'unitedhealthcare', '2026-08-13'],
    ['§4.3 BCBS Illinois: 180 days from the primary EOB', 'bcbs-illinois', '2026-11-11'],
    ['§4.3 BCBS Nebraska COB: 120 days from the EOB', 'bcbs-nebraska', '2026-09-12'],
  ])('for a secondary claim: %s', (_source, id, due) => {
    const deadline = only(
      timelyFilingDeadline({
        dateOfService: '2026-03-02',
        primaryEobDate: '2026-05-15',
        ruleSet: seeded(id),
        calendar,
      }),
    );
    expect(deadline.due).toBe(due);
    expect(deadline.basisDate).toBe('2026-05-15');
    expect(deadline.rule?.source).toBe(seeded(id).timelyFiling.afterPrimaryPayer?.source);
  });

  it('for a Medicare secondary claim still runs from the date of service (§4.1: MSP does not extend the limit)', () => {
    const deadline = only(
      timelyFilingDeadline({
        dateOfService: '2026-03-15',
        primaryEobDate: '2026-09-01',
        ruleSet: medicare,
        calendar,
      }),
    );
    expect(deadline.due).toBe('2027-03-15');
    expect(deadline.basis).toContain('no separate clock from the primary EOB');
  });

  it('rejects a through date before the date of service', () => {
    expect(() =>
      timelyFilingDeadline({
        dateOfService: '2026-03-10',
        throughDate: '2026-03-01',
        ruleSet: medicare,
        calendar,
      }),
    ).toThrow(RangeError);
  });
});

describe('corrected and replacement claims', () => {
  it('Medicare: the same 12 months from DOS as originals, plus a 1-year reopening from the determination (§3.3, §3.2)', () => {
    const [replacement, reopening] = correctedClaimDeadline({
      dateOfService: '2026-03-15',
      lastAdjudicationDate: '2026-05-01',
      ruleSet: medicare,
      calendar,
    });
    expect(replacement?.due).toBe('2027-03-15');
    expect(replacement?.basisDate).toBe('2026-03-15');
    // 2027-05-01 is a Saturday: the reopening rule documents no roll-forward, so it is not moved.
    expect(reopening?.due).toBe('2027-05-01');
    expect(reopening?.label).toBe('Reopening (clerical error)');
    expect(reopening?.basis).toContain('good cause, up to 48 months');
    expect(reopening?.rule?.source).toBe(medicare.correctedClaim?.reopening?.source);
  });

  it.each([
    ['§3.3 Medi-Cal 6 months from the prior payment/denial', 'medi-cal', '2026-10-30'],
    ['§3.3 NY Medicaid 60 days from notification', 'ny-medicaid', '2026-06-29'],
    ["§3.3 BCBS Massachusetts 1 year from the original's denial", 'bcbs-massachusetts', '2027-04-30'],
    ['§3.3 BCBS Minnesota 6 months from the process date', 'bcbs-minnesota', '2026-10-30'],
    ['§3.3 BCBS Nebraska 12 months from last adjudication', 'bcbs-nebraska', '2027-04-30'],
    [
      '§3.3 BCBS Nebraska (MA) 12 months from last adjudication',
      'bcbs-nebraska-medicare-advantage',
      '2027-04-30',
    ],
    ['§6.2 commercial default: 6 months from last adjudication', 'commercial-default', '2026-10-30'],
  ])('%s', (_source, id, due) => {
    const deadline = only(
      correctedClaimDeadline({ lastAdjudicationDate: '2026-04-30', ruleSet: seeded(id), calendar }),
    );
    expect(deadline.due).toBe(due);
    expect(deadline.basisDate).toBe('2026-04-30');
    expect(deadline.kind).toBe('corrected_claim');
  });

  it.each([
    ['§3.3 Aetna ~365 days from DOS', 'aetna', '2027-03-02'],
    ['§3.3 Cigna ~1 year from DOS', 'cigna', '2027-03-02'],
  ])('%s', (_source, id, due) => {
    const deadline = only(
      correctedClaimDeadline({
        dateOfService: '2026-03-02',
        lastAdjudicationDate: '2026-04-30',
        ruleSet: seeded(id),
        calendar,
      }),
    );
    expect(deadline.due).toBe(due);
    expect(deadline.basisDate).toBe('2026-03-02');
  });

  it.each([
    'medicare-advantage',
    'tx-medicaid',
    'fl-medicaid',
    'unitedhealthcare',
    'humana',
    'bcbs-illinois',
  ])('%s: no window in the reference, so none is invented', (id) => {
    expect(
      correctedClaimDeadline({ lastAdjudicationDate: '2026-04-30', ruleSet: seeded(id), calendar }),
    ).toEqual([]);
  });

  it('needs the date of service when the window runs from it', () => {
    expect(() =>
      correctedClaimDeadline({ lastAdjudicationDate: '2026-04-30', ruleSet: medicare, calendar }),
    ).toThrow(/from the date of service/);
  });
});

describe('appeal deadlines', () => {
  it.each([
    ['§5.1 Medicare level 1: notice + 5 + 120 days', 'medicare-ffs', 1, '2026-03-02', '2026-07-05'],
    [
      '§5.1 Medicare level 2: 180 days from receipt of the redetermination',
      'medicare-ffs',
      2,
      '2026-07-20',
      '2027-01-21',
    ],
    [
      '§5.1 Medicare level 3: 60 days from receipt of the reconsideration',
      'medicare-ffs',
      3,
      '2026-07-20',
      '2026-09-23',
    ],
    [
      '§5.1 Medicare level 4: 60 days from receipt of the ALJ decision',
      'medicare-ffs',
      4,
      '2026-07-20',
      '2026-09-23',
    ],
    [
      '§5.1 Medicare level 5: 60 days from receipt of the Council decision',
      'medicare-ffs',
      5,
      '2026-07-20',
      '2026-09-23',
    ],
    [
      '§5.2 Medicare Advantage reconsideration: 60 days from the notice',
      'medicare-advantage',
      1,
      '2026-03-02',
      '2026-05-01',
    ],
    [
      '§5.2 BCBSNE MA-X-052: 65 days from the remittance',
      'bcbs-nebraska-medicare-advantage',
      1,
      '2026-03-02',
      '2026-05-06',
    ],
    [
      '§5.2 Medicare Advantage level 3 as FFS: receipt + 60 days',
      'medicare-advantage',
      3,
      '2026-07-20',
      '2026-09-23',
    ],
    ['§5.3 commercial default: ERISA 180 days', 'commercial-default', 1, '2026-03-02', '2026-08-29'],
    ['§5.3 Aetna provider dispute 180 days', 'aetna', 1, '2026-03-02', '2026-08-29'],
    ['§5.3 Cigna 180 days from the denial', 'cigna', 1, '2026-03-02', '2026-08-29'],
    ['§5.3 UnitedHealthcare 180 days (shorter summary)', 'unitedhealthcare', 1, '2026-03-02', '2026-08-29'],
    ['§5.3 BCBS Minnesota 90 days from the process date', 'bcbs-minnesota', 1, '2026-03-02', '2026-05-31'],
    ['§5.3 ERISA minimum where Humana has no figure', 'humana', 1, '2026-03-02', '2026-08-29'],
    ['§5.3 ERISA minimum where BCBS Illinois has no figure', 'bcbs-illinois', 1, '2026-03-02', '2026-08-29'],
    [
      '§5.3 ERISA minimum where BCBS Massachusetts has no figure',
      'bcbs-massachusetts',
      1,
      '2026-03-02',
      '2026-08-29',
    ],
    ['§5.3 ERISA minimum where BCBS Nebraska has no figure', 'bcbs-nebraska', 1, '2026-03-02', '2026-08-29'],
    ['§5.4 Texas Medicaid 120 days from the R&S disposition', 'tx-medicaid', 1, '2026-03-02', '2026-06-30'],
    [
      '§4.2 Texas Medicaid: July 4 (a Saturday) rolls to Monday',
      'tx-medicaid',
      1,
      '2026-03-06',
      '2026-07-06',
    ],
  ] as const)('%s', (_source, id, level, noticeDate, due) => {
    const ruleSet = seeded(id);
    const deadline = only(appealDeadlines({ level, noticeDate, ruleSet, calendar }));
    expect(deadline.due).toBe(due);
    expect(deadline.level).toBe(level);
    expect(deadline.basisDate).toBe(noticeDate);
    expect(deadline.hard).toBe(true);
    expect(deadline.rule).toEqual({
      ruleSetId: id,
      version: 1,
      source: ruleSet.appealLevels[level - 1]?.source,
    });
  });

  it('says how Medicare level 1 was counted (§5.1: 42 CFR 405.942(a)(1))', () => {
    const deadline = only(
      appealDeadlines({ level: 1, noticeDate: '2026-03-02', ruleSet: medicare, calendar }),
    );
    expect(deadline.label).toBe('Appeal level 1: Redetermination (MAC)');
    expect(deadline.basis).toContain(
      '120 days after receipt, presumed 5 days after the notice of 2026-03-02',
    );
  });

  it('counts from the actual receipt when it is shown instead of presumed (§5.1)', () => {
    const deadline = only(
      appealDeadlines({
        level: 1,
        noticeDate: '2026-03-02',
        receivedOn: '2026-03-20',
        ruleSet: medicare,
        calendar,
      }),
    );
    expect(deadline.due).toBe('2026-07-18');
    expect(deadline.basis).toContain('receipt on 2026-03-20');
    expect(() =>
      appealDeadlines({
        level: 1,
        noticeDate: '2026-03-02',
        receivedOn: '2026-03-01',
        ruleSet: medicare,
        calendar,
      }),
    ).toThrow(RangeError);
  });

  it('has nothing to file when a Medicare Advantage plan forwards to the IRE itself (§5.2)', () => {
    expect(
      appealDeadlines({
        level: 2,
        noticeDate: '2026-05-01',
        ruleSet: seeded('medicare-advantage'),
        calendar,
      }),
    ).toEqual([]);
  });

  it('refuses a level the rule set does not have', () => {
    expect(() =>
      appealDeadlines({ level: 6, noticeDate: '2026-03-02', ruleSet: medicare, calendar }),
    ).toThrow(/no appeal level 6/);
    expect(() =>
      appealDeadlines({ level: 1, noticeDate: '2026-03-02', ruleSet: seeded('ny-medicaid'), calendar }),
    ).toThrow(RangeError);
  });

  it('lists the Medicare FFS chain 120 / 180 / 60 / 60 / 60 with the 5-day presumed receipt (§5.1)', () => {
    const chain = appealChain({ ruleSet: medicare });
    expect(chain.map((link) => [link.level, link.name, link.filing])).toEqual([
      [1, 'Redetermination (MAC)', '120 days after receipt of the decision (presumed 5 days after its date)'],
      [2, 'Reconsideration (QIC)', '180 days after receipt of the decision (presumed 5 days after its date)'],
      [3, 'ALJ hearing (OMHA)', '60 days after receipt of the decision (presumed 5 days after its date)'],
      [
        4,
        'Medicare Appeals Council review',
        '60 days after receipt of the decision (presumed 5 days after its date)',
      ],
      [
        5,
        'Judicial review (federal district court)',
        '60 days after receipt of the decision (presumed 5 days after its date)',
      ],
    ]);
  });

  it('lists the Medicare Advantage chain with the automatic IRE level (§5.2)', () => {
    const chain = appealChain({ ruleSet: seeded('bcbs-nebraska-medicare-advantage') });
    expect(chain.map((link) => [link.level, link.autoForwarded])).toEqual([
      [1, false],
      [2, true],
      [3, false],
      [4, false],
      [5, false],
    ]);
    expect(chain[0]?.filing).toBe('65 days after the notice date');
  });

  it('says when a chain rolls a weekend end forward (§4.2 Texas) and is empty when the reference has none (§5.4)', () => {
    expect(appealChain({ ruleSet: seeded('tx-medicaid') })[0]?.filing).toContain('next business day');
    expect(appealChain({ ruleSet: seeded('medi-cal') })).toEqual([]);
  });
});

describe('expected payment', () => {
  it.each([
    [
      '§6.1 Medicare electronic: floor day 14, ceiling day 30',
      'medicare-ffs',
      true,
      '2026-03-02',
      ['2026-03-16', '2026-04-01'],
    ],
    [
      '§6.1 Medicare paper: floor day 29, ceiling day 30',
      'medicare-ffs',
      false,
      '2026-03-02',
      ['2026-03-31', '2026-04-01'],
    ],
    [
      '§6.1 Medicare floor on a Saturday: paid the next business day',
      'medicare-ffs',
      true,
      '2026-03-07',
      ['2026-03-23', '2026-04-06'],
    ],
    [
      '§6.1 commercial prompt pay 30 days electronic',
      'commercial-default',
      true,
      '2026-03-02',
      ['2026-04-01'],
    ],
    ['§6.1 commercial prompt pay 45 days paper', 'commercial-default', false, '2026-03-02', ['2026-04-16']],
    ['§4.4 Illinois prompt pay 30 days, paper too', 'bcbs-illinois', false, '2026-03-02', ['2026-04-01']],
    [
      '§6.1 typical prompt pay for a Medicaid program with no figure',
      'tx-medicaid',
      true,
      '2026-03-02',
      ['2026-04-01'],
    ],
  ] as const)('%s', (_source, id, electronic, receivedOn, dues) => {
    const deadlines = expectedPaymentDate({ receivedOn, electronic, ruleSet: seeded(id), calendar });
    expect(deadlines.map((deadline) => deadline.due)).toEqual(dues);
    for (const deadline of deadlines) {
      expect(deadline.kind).toBe('expected_payment');
      expect(deadline.hard).toBe(false);
    }
  });

  it('says which day after receipt it is', () => {
    const [floor] = expectedPaymentDate({
      receivedOn: '2026-03-02',
      electronic: false,
      ruleSet: medicare,
      calendar,
    });
    expect(floor?.basis).toContain('day 29 after receipt on 2026-03-02 for a paper clean claim');
  });
});

describe('acknowledgement windows', () => {
  it('expects the 999 within an hour and the 277CA by the next business day; investigates at +3 (§0, §6.2)', () => {
    const submittedAt = atTimeUtc('2026-03-02', '15:00');
    const window = acknowledgementWindow({ submittedAt, ruleSet: medicare, calendar });
    expect(window.submittedOn).toBe('2026-03-02');
    expect(window.functionalAckOverdueAt).toBe(atTimeUtc('2026-03-02', '16:00'));
    expect(window.claimAckOverdueOn).toBe('2026-03-03');
    expect(window.investigateOn).toBe('2026-03-05');
    expect(window.deadlines.map((deadline) => deadline.due)).toEqual([
      '2026-03-02',
      '2026-03-03',
      '2026-03-05',
    ]);
    expect(window.deadlines.every((deadline) => deadline.kind === 'acknowledgement' && !deadline.hard)).toBe(
      true,
    );
  });

  it('counts business days over a weekend and Thanksgiving (§6.2)', () => {
    const friday = acknowledgementWindow({ submittedAt: '2026-03-06', ruleSet: medicare, calendar });
    expect([friday.claimAckOverdueOn, friday.investigateOn]).toEqual(['2026-03-09', '2026-03-11']);
    const beforeThanksgiving = acknowledgementWindow({
      submittedAt: '2026-11-24',
      ruleSet: medicare,
      calendar,
    });
    expect([beforeThanksgiving.claimAckOverdueOn, beforeThanksgiving.investigateOn]).toEqual([
      '2026-11-25',
      '2026-11-30',
    ]);
  });

  it('with only a submission day, counts the 999 hour from the end of that day', () => {
    const window = acknowledgementWindow({ submittedAt: '2026-03-02', ruleSet: medicare, calendar });
    expect(window.functionalAckOverdueAt).toBe(atTimeUtc('2026-03-03', '01:00'));
    expect(window.deadlines[0]?.basis).toContain('time not known');
  });

  const filingCases: { name: string; state: string; ack: AcknowledgementStatus }[] = [
    { name: 'nothing back yet', state: 'awaiting_acknowledgement', ack: {} },
    { name: '999 accepted, no 277CA', state: 'awaiting_acknowledgement', ack: { functionalAck: 'accepted' } },
    { name: '999 rejected', state: 'rejected', ack: { functionalAck: 'rejected' } },
    {
      name: '999 rejected even with a stray 277CA',
      state: 'rejected',
      ack: { functionalAck: 'rejected', claimAck: 'A2' },
    },
    {
      name: '277CA A0 forwarded by the clearinghouse',
      state: 'awaiting_acknowledgement',
      ack: { functionalAck: 'accepted', claimAck: 'A0' },
    },
    {
      name: '277CA A1 received, not accepted',
      state: 'awaiting_acknowledgement',
      ack: { functionalAck: 'accepted', claimAck: 'A1' },
    },
    {
      name: '277CA A2 accepted into adjudication',
      state: 'filed',
      ack: { functionalAck: 'accepted', claimAck: 'A2' },
    },
    {
      name: '277CA A2 after a 999 accepted with errors',
      state: 'filed',
      ack: { functionalAck: 'accepted_with_errors', claimAck: 'A2' },
    },
    { name: '277CA A5 split on acceptance', state: 'filed', ack: { claimAck: 'A5' } },
    {
      name: '277CA A3 returned as unprocessable',
      state: 'rejected',
      ack: { functionalAck: 'accepted', claimAck: 'A3' },
    },
    { name: '277CA A6 missing information', state: 'rejected', ack: { claimAck: 'A6' } },
    { name: '277CA A7 invalid information', state: 'rejected', ack: { claimAck: 'A7' } },
    { name: '277CA A8 rejected relational field', state: 'rejected', ack: { claimAck: 'A8' } },
    { name: '277 A4 not found', state: 'not_found', ack: { claimAck: 'A4' } },
    { name: '277 P1 pending: in adjudication', state: 'filed', ack: { claimAck: 'P1' } },
    { name: '277 F2 finalized', state: 'filed', ack: { claimAck: 'F2' } },
    { name: '277 R4 information requested', state: 'filed', ack: { claimAck: 'R4' } },
    { name: '277 E1 response unavailable', state: 'awaiting_acknowledgement', ack: { claimAck: 'E1' } },
  ];

  it.each(filingCases)(
    '$name: $state (§3.2, §10.2: rejected or unacknowledged claims are not filed)',
    ({ ack, state }) => {
      expect(filingState(ack)).toBe(state);
      expect(isFiledForTimelyFiling(ack)).toBe(state === 'filed');
    },
  );
});

describe('all deadlines of a claim', () => {
  const cigna = seeded('cigna');
  const claim = { dateOfService: '2026-03-02', ruleSet: cigna, calendar } as const;

  it('before submission: only timely filing', () => {
    expect(claimDeadlines(claim).map((d) => [d.kind, d.due])).toEqual([['timely_filing', '2026-05-31']]);
  });

  it('while a submission awaits acknowledgement: timely filing and the acknowledgement alerts, by due date', () => {
    const deadlines = claimDeadlines({
      ...claim,
      submission: { submittedAt: atTimeUtc('2026-03-05', '10:00'), electronic: true },
    });
    expect(deadlines.map((d) => [d.kind, d.due])).toEqual([
      ['acknowledgement', '2026-03-05'],
      ['acknowledgement', '2026-03-06'],
      ['acknowledgement', '2026-03-10'],
      ['timely_filing', '2026-05-31'],
    ]);
    expect(deadlines[3]?.basis).toContain('not acknowledged yet');
  });

  it('after a rejection: timely filing keeps running and says why (§10.2)', () => {
    const deadlines = claimDeadlines({
      ...claim,
      submission: {
        submittedAt: '2026-03-05',
        electronic: true,
        ack: { functionalAck: 'accepted', claimAck: 'A7' },
      },
    });
    expect(deadlines).toHaveLength(1);
    expect(deadlines[0]?.kind).toBe('timely_filing');
    expect(deadlines[0]?.basis).toContain('rejected by the 277CA (A7)');
  });

  it('once accepted: the expected payment, and timely filing is met', () => {
    const deadlines = claimDeadlines({
      ...claim,
      ruleSet: medicare,
      submission: {
        submittedAt: '2026-03-05',
        receivedOn: '2026-03-06',
        electronic: true,
        ack: { functionalAck: 'accepted', claimAck: 'A2' },
      },
    });
    expect(deadlines.map((d) => [d.kind, d.due])).toEqual([
      ['expected_payment', '2026-03-20'],
      ['expected_payment', '2026-04-06'],
    ]);
  });

  it('after a denial: the corrected-claim window and the appeal, by due date', () => {
    const deadlines = claimDeadlines({
      ...claim,
      submission: { submittedAt: '2026-03-05', electronic: true, ack: { claimAck: 'F2' } },
      lastAdjudicationDate: '2026-04-10',
      appeal: { level: 1, noticeDate: '2026-04-10' },
    });
    expect(deadlines.map((d) => [d.kind, d.due])).toEqual([
      ['appeal', '2026-10-07'],
      ['corrected_claim', '2027-03-02'],
    ]);
  });

  it('nearest hard deadline: the first one due, with days to breach, skipping soft ones', () => {
    const deadlines = claimDeadlines({
      ...claim,
      submission: { submittedAt: '2026-03-05', electronic: true },
    });
    expect(nearestHardDeadline(deadlines, '2026-05-01')).toMatchObject({
      deadline: { kind: 'timely_filing', due: '2026-05-31' },
      daysToBreach: 30,
      breached: false,
    });
    expect(nearestHardDeadline(deadlines, '2026-05-31')?.daysToBreach).toBe(0);
    expect(nearestHardDeadline(deadlines, '2026-06-02')).toMatchObject({ daysToBreach: -2, breached: true });
  });

  it('nearest hard deadline: none among soft deadlines only', () => {
    const window = acknowledgementWindow({ submittedAt: '2026-03-05', ruleSet: cigna, calendar });
    expect(nearestHardDeadline(window.deadlines, '2026-03-05')).toBeUndefined();
    expect(nearestHardDeadline([], '2026-03-05')).toBeUndefined();
  });
});

describe('properties over every seeded rule set', () => {
  const anyDate = fc
    .integer({ min: epochDayOf('2020-01-01'), max: epochDayOf('2040-12-31') })
    .map(isoDateOfEpochDay);
  const anyClaim = fc.record({
    ruleSet: fc.constantFrom(...seedPayerRuleSets),
    dateOfService: anyDate,
    spanDays: fc.integer({ min: 0, max: 60 }),
    claimType: fc.constantFrom<ClaimType | undefined>('institutional', 'professional', undefined),
    eobAfterDays: fc.option(fc.integer({ min: 0, max: 200 }), { nil: undefined }),
    adjudicatedAfterDays: fc.integer({ min: 0, max: 400 }),
    presumedReceiptShown: fc.option(fc.integer({ min: 0, max: 20 }), { nil: undefined }),
    electronic: fc.boolean(),
    submittedAtMinute: fc.integer({ min: 0, max: 24 * 60 - 1 }),
  });

  /** Every deadline every function gives for one random claim, with whether its rule rolls forward. */
  function everyDeadline(
    claim: typeof anyClaim extends fc.Arbitrary<infer T> ? T : never,
  ): [Deadline, boolean][] {
    const { ruleSet, dateOfService, claimType, electronic } = claim;
    const throughDate = addCalendarDays(dateOfService, claim.spanDays);
    const adjudicated = addCalendarDays(throughDate, claim.adjudicatedAfterDays);
    const dates = { dateOfService, throughDate, ...(claimType ? { claimType } : {}) };
    const out: [Deadline, boolean][] = [];
    const eob =
      claim.eobAfterDays === undefined
        ? {}
        : { primaryEobDate: addCalendarDays(throughDate, claim.eobAfterDays) };
    const filingRoll =
      claim.eobAfterDays !== undefined && ruleSet.timelyFiling.afterPrimaryPayer
        ? ruleSet.timelyFiling.afterPrimaryPayer.rollForwardOnNonBusinessDay
        : ruleSet.timelyFiling.rollForwardOnNonBusinessDay;
    for (const d of timelyFilingDeadline({ ...dates, ...eob, ruleSet, calendar })) out.push([d, filingRoll]);
    const corrected = correctedClaimDeadline({
      ...dates,
      lastAdjudicationDate: adjudicated,
      ruleSet,
      calendar,
    });
    corrected.forEach((d, index) =>
      out.push([
        d,
        index === 0
          ? ruleSet.correctedClaim!.rollForwardOnNonBusinessDay
          : ruleSet.correctedClaim!.reopening!.rollForwardOnNonBusinessDay,
      ]),
    );
    for (const level of ruleSet.appealLevels) {
      const receivedOn =
        claim.presumedReceiptShown === undefined
          ? {}
          : { receivedOn: addCalendarDays(adjudicated, claim.presumedReceiptShown) };
      const roll = level.from === 'auto_forwarded' ? false : level.rollForwardOnNonBusinessDay;
      for (const d of appealDeadlines({
        level: level.level,
        noticeDate: adjudicated,
        ...receivedOn,
        ruleSet,
        calendar,
      })) {
        out.push([d, roll]);
      }
    }
    for (const d of expectedPaymentDate({ receivedOn: throughDate, electronic, ruleSet, calendar }))
      out.push([d, true]);
    const submittedAt = atTimeUtc(throughDate, '00:00') + claim.submittedAtMinute * 60_000;
    for (const d of acknowledgementWindow({ submittedAt, ruleSet, calendar }).deadlines) out.push([d, false]);
    return out;
  }

  it('a deadline never precedes its basis date', () => {
    fc.assert(
      fc.property(anyClaim, (claim) => {
        for (const [deadline] of everyDeadline(claim)) {
          expect(compareIsoDates(deadline.due, deadline.basisDate), deadline.label).toBeGreaterThanOrEqual(0);
        }
      }),
    );
  });

  it('a deadline whose rule rolls forward falls on a business day', () => {
    fc.assert(
      fc.property(anyClaim, (claim) => {
        for (const [deadline, rolls] of everyDeadline(claim)) {
          if (rolls)
            expect(isBusinessDay(deadline.due, calendar), `${deadline.label} ${deadline.due}`).toBe(true);
        }
      }),
    );
  });

  it('every deadline names the rule set and version it came from, and a source', () => {
    fc.assert(
      fc.property(anyClaim, (claim) => {
        const deadlines = everyDeadline(claim);
        expect(deadlines.length).toBeGreaterThanOrEqual(4);
        for (const [deadline] of deadlines) {
          expect(deadline.rule?.ruleSetId).toBe(claim.ruleSet.id);
          expect(deadline.rule?.version).toBe(claim.ruleSet.version);
          expect(deadline.rule?.source).toMatch(/§/);
        }
        for (const link of appealChain({ ruleSet: claim.ruleSet })) {
          expect([link.rule.ruleSetId, link.rule.version]).toEqual([claim.ruleSet.id, claim.ruleSet.version]);
        }
      }),
    );
  });

  it('claimDeadlines are sorted by due date and hard deadlines are only payer windows', () => {
    const anyAck = fc.constantFrom<AcknowledgementStatus | undefined>(
      undefined,
      {},
      { functionalAck: 'rejected' },
      { claimAck: 'A2' },
      { claimAck: 'A7' },
      { claimAck: 'A4' },
    );
    fc.assert(
      fc.property(anyClaim, anyAck, fc.boolean(), (claim, ack, denied) => {
        const throughDate = addCalendarDays(claim.dateOfService, claim.spanDays);
        const adjudicated = addCalendarDays(throughDate, claim.adjudicatedAfterDays);
        const appealable = claim.ruleSet.appealLevels.length > 0;
        const deadlines = claimDeadlines({
          ruleSet: claim.ruleSet,
          calendar,
          dateOfService: claim.dateOfService,
          throughDate,
          submission: { submittedAt: throughDate, electronic: claim.electronic, ...(ack ? { ack } : {}) },
          ...(denied ? { lastAdjudicationDate: adjudicated } : {}),
          ...(denied && appealable ? { appeal: { level: 1, noticeDate: adjudicated } } : {}),
        });
        const dues = deadlines.map((deadline) => deadline.due);
        expect(dues).toEqual([...dues].sort());
        for (const deadline of deadlines) {
          expect(deadline.hard).toBe(['timely_filing', 'corrected_claim', 'appeal'].includes(deadline.kind));
        }
      }),
    );
  });

  it('months-based windows without roll-forward keep the day of the month or end the month', () => {
    fc.assert(
      fc.property(anyDate, (dateOfService) => {
        const deadline = only(
          timelyFilingDeadline({ dateOfService, ruleSet: seeded('bcbs-minnesota'), calendar }),
        );
        const day = Number(dateOfService.slice(8));
        const dueDay = Number(deadline.due.slice(8));
        const monthEnds = addCalendarDays(deadline.due, 1).endsWith('-01');
        expect(dueDay === day || (dueDay < day && monthEnds)).toBe(true);
      }),
    );
  });
});
