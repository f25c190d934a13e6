import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { payerClasses } from '../../src/domain/cadence';
import { seedPayerRuleSets } from '../../src/domain/data/payer-rules';
import { addCalendarDays, isIsoDate } from '../../src/domain/dates';
import {
  type AppealLevelRule,
  isPayerRuleSet,
  type PayerRuleSet,
  type Period,
  ruleRefOf,
  ruleSetProblems,
  selectRuleSet,
} from '../../src/domain/payer-rules';

// Every figure below is checked against ../shared/domain/ar-follow-up-reference.md; each case names the
// section (and the row or bullet) it comes from.

function seeded(id: string): PayerRuleSet {
  const ruleSet = seedPayerRuleSets.find((candidate) => candidate.id === id);
  if (!ruleSet) throw new Error(`no seeded rule set ${id}`);
  return ruleSet;
}

/** Every `source` string anywhere in a rule set, with its path. */
function sourcesOf(value: unknown, path = ''): [string, string][] {
  if (Array.isArray(value)) return value.flatMap((item, index) => sourcesOf(item, `${path}[${index}]`));
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, child]) =>
    key === 'source' && typeof child === 'string'
      ? [[path || '(rule set)', child] as [string, string]]
      : sourcesOf(child, path ? `${path}.${key}` : key),
  );
}

function windowOf(level: AppealLevelRule): string {
  if (level.from === 'auto_forwarded') return 'auto';
  const length = level.period.days === undefined ? `${level.period.months}mo` : `${level.period.days}d`;
  return level.from === 'receipt_of_notice' ? `${level.presumedReceiptDays}+${length}` : length;
}

interface Figures {
  source: string;
  timelyFiling: Period;
  rollForward: boolean;
  afterPrimaryPayer?: Period;
  correctedClaim?: { period: Period; from: 'date_of_service' | 'adjudication_date' };
  appeals: string[];
  promptPay: [number, number];
  floor?: [number, number];
}

const commercialPromptPay: [number, number] = [30, 45];

/** The headline figures of every seeded rule set, as the reference gives them. */
const expectedFigures: Record<string, Figures> = {
  'medicare-ffs': {
    source:
      '§4.1 (12 months from DOS, roll forward), §3.3 (corrections same 12 months), §5.1 (120/180/60/60/60, ' +
      '5-day presumed receipt), §6.1 (floor day 14 / 29), §4.4 (30-day ceiling)',
    timelyFiling: { months: 12 },
    rollForward: true,
    correctedClaim: { period: { months: 12 }, from: 'date_of_service' },
    appeals: ['5+120d', '5+180d', '5+60d', '5+60d', '5+60d'],
    promptPay: [30, 30],
    floor: [14, 29],
  },
  'medicare-advantage': {
    source:
      '§5.2 (reconsideration 60 days, IRE automatic, levels 3-5 as FFS); §4.3 (shortest MA limit, 90 days)',
    timelyFiling: { days: 90 },
    rollForward: false,
    appeals: ['60d', 'auto', '5+60d', '5+60d', '5+60d'],
    promptPay: commercialPromptPay,
  },
  'bcbs-nebraska-medicare-advantage': {
    source: '§5.2 (BCBSNE MA-X-052: 65 days from remittance); §4.3 BCBSNE 120 days; §3.3 BCBSNE 12 months',
    timelyFiling: { days: 120 },
    rollForward: false,
    afterPrimaryPayer: { days: 120 },
    correctedClaim: { period: { months: 12 }, from: 'adjudication_date' },
    appeals: ['65d', 'auto', '5+60d', '5+60d', '5+60d'],
    promptPay: commercialPromptPay,
  },
  'ny-medicaid': {
    source: '§4.2 New York Medicaid 90 days from DOS; §3.3 / §5.4 corrections within 60 days of notification',
    timelyFiling: { days: 90 },
    rollForward: false,
    correctedClaim: { period: { days: 60 }, from: 'adjudication_date' },
    appeals: [],
    promptPay: commercialPromptPay,
  },
  'tx-medicaid': {
    source: '§4.2 Texas Medicaid 95 days from each DOS, weekend/holiday roll forward; §5.4 appeal 120 days',
    timelyFiling: { days: 95 },
    rollForward: true,
    appeals: ['120d'],
    promptPay: commercialPromptPay,
  },
  'medi-cal': {
    source: '§4.2 Medi-Cal ~6 months / 180 days; §3.3 replacement within 6 months of payment/denial',
    timelyFiling: { days: 180 },
    rollForward: false,
    correctedClaim: { period: { months: 6 }, from: 'adjudication_date' },
    appeals: [],
    promptPay: commercialPromptPay,
  },
  'fl-medicaid': {
    source: '§4.2 Florida Medicaid 365 days from DOS (discharge date for inpatient)',
    timelyFiling: { days: 365 },
    rollForward: false,
    appeals: [],
    promptPay: commercialPromptPay,
  },
  'commercial-default': {
    source: '§4.3/§10 commercial 90-180 days (shortest); §5.3 ERISA 180 days; §6.2 6-12 months; §6.1 30/45',
    timelyFiling: { days: 90 },
    rollForward: false,
    correctedClaim: { period: { months: 6 }, from: 'adjudication_date' },
    appeals: ['180d'],
    promptPay: commercialPromptPay,
  },
  unitedhealthcare: {
    source: '§4.3 UHC 90 days, secondary from primary response; §5.3 180 days (shorter of two summaries)',
    timelyFiling: { days: 90 },
    rollForward: false,
    afterPrimaryPayer: { days: 90 },
    appeals: ['180d'],
    promptPay: commercialPromptPay,
  },
  cigna: {
    source: '§4.3 Cigna 90 days, COB from primary EOB; §3.3 corrected ~1 year from DOS; §5.3 appeal 180 days',
    timelyFiling: { days: 90 },
    rollForward: false,
    afterPrimaryPayer: { days: 90 },
    correctedClaim: { period: { months: 12 }, from: 'date_of_service' },
    appeals: ['180d'],
    promptPay: commercialPromptPay,
  },
  aetna: {
    source: '§4.3 Aetna 90-180 days (shortest); §3.3 corrected ~365 days from DOS; §5.3 dispute 180 days',
    timelyFiling: { days: 90 },
    rollForward: false,
    correctedClaim: { period: { days: 365 }, from: 'date_of_service' },
    appeals: ['180d'],
    promptPay: commercialPromptPay,
  },
  humana: {
    source: '§4.3 Humana commercial 90 days; §5.3 ERISA 180 days (no Humana figure)',
    timelyFiling: { days: 90 },
    rollForward: false,
    appeals: ['180d'],
    promptPay: commercialPromptPay,
  },
  'bcbs-illinois': {
    source: '§4.3 BCBSIL 180 days from DOS or primary EOB; §4.4 Illinois prompt pay 30 days',
    timelyFiling: { days: 180 },
    rollForward: false,
    afterPrimaryPayer: { days: 180 },
    appeals: ['180d'],
    promptPay: [30, 30],
  },
  'bcbs-massachusetts': {
    source: "§4.3 BCBSMA HMO/POS/PPO 90 days; §3.3 replacement within 1 year of the original's denial",
    timelyFiling: { days: 90 },
    rollForward: false,
    correctedClaim: { period: { months: 12 }, from: 'adjudication_date' },
    appeals: ['180d'],
    promptPay: commercialPromptPay,
  },
  'bcbs-minnesota': {
    source: '§4.3 BCBSMN 6 months; §3.3 replacement 6 months from process date; §5.3 appeals 90 days',
    timelyFiling: { months: 6 },
    rollForward: false,
    correctedClaim: { period: { months: 6 }, from: 'adjudication_date' },
    appeals: ['90d'],
    promptPay: commercialPromptPay,
  },
  'bcbs-nebraska': {
    source: '§4.3 BCBSNE 120 days, COB 120 days from EOB; §3.3 adjustments 12 months from last adjudication',
    timelyFiling: { days: 120 },
    rollForward: false,
    afterPrimaryPayer: { days: 120 },
    correctedClaim: { period: { months: 12 }, from: 'adjudication_date' },
    appeals: ['180d'],
    promptPay: commercialPromptPay,
  },
};

describe('seeded payer rule sets', () => {
  it('are exactly the rule sets whose figures this file checks', () => {
    expect(seedPayerRuleSets.map((ruleSet) => ruleSet.id).sort()).toEqual(
      Object.keys(expectedFigures).sort(),
    );
  });

  it('cover Medicare FFS, Medicare Advantage, at least three Medicaid programs and five commercial payers', () => {
    const count = (payerClass: string) => seedPayerRuleSets.filter((r) => r.payerClass === payerClass).length;
    expect(count('medicare_ffs')).toBe(1);
    expect(count('medicare_advantage')).toBeGreaterThanOrEqual(1);
    expect(count('medicaid')).toBeGreaterThanOrEqual(3);
    expect(count('commercial')).toBeGreaterThanOrEqual(5);
  });

  it.each(seedPayerRuleSets.map((ruleSet) => [ruleSet.id, ruleSet] as const))(
    '%s is well formed, version 1, in force from 2026-01-01, with a unique id',
    (id, ruleSet) => {
      expect(ruleSetProblems(ruleSet)).toEqual([]);
      expect(isPayerRuleSet(ruleSet)).toBe(true);
      expect(ruleSet.version).toBe(1);
      expect(ruleSet.effectiveFrom).toBe('2026-01-01');
      expect(seedPayerRuleSets.filter((other) => other.id === id)).toHaveLength(1);
    },
  );

  it.each(seedPayerRuleSets.map((ruleSet) => [ruleSet.id, ruleSet] as const))(
    '%s: every value cites a reference section, and a primary source URL unless it is a design default',
    (_id, ruleSet) => {
      const sources = sourcesOf(ruleSet);
      // Rule set, timely filing, prompt pay, acknowledgement and each appeal level at least.
      expect(sources.length).toBeGreaterThanOrEqual(4 + ruleSet.appealLevels.length);
      for (const [path, source] of sources) {
        expect(source, path).toMatch(/^shared\/domain\/ar-follow-up-reference\.md §\d/);
        if (path !== '(rule set)' && !source.includes('design default'))
          expect(source, path).toMatch(/https?:\/\//);
      }
    },
  );

  it.each(Object.entries(expectedFigures).map(([id, figures]) => [id, figures.source, figures] as const))(
    '%s carries the reference figures: %s',
    (id, _source, figures) => {
      const ruleSet = seeded(id);
      expect(ruleSet.timelyFiling.period).toEqual(figures.timelyFiling);
      expect(ruleSet.timelyFiling.rollForwardOnNonBusinessDay).toBe(figures.rollForward);
      expect(ruleSet.timelyFiling.afterPrimaryPayer?.period).toEqual(figures.afterPrimaryPayer);
      expect(
        ruleSet.correctedClaim && {
          period: ruleSet.correctedClaim.period,
          from: ruleSet.correctedClaim.from,
        },
      ).toEqual(figures.correctedClaim);
      expect(ruleSet.appealLevels.map(windowOf)).toEqual(figures.appeals);
      const { promptPay, floor } = ruleSet.expectedPayment;
      expect([promptPay.electronicDays, promptPay.paperDays]).toEqual(figures.promptPay);
      expect(floor && [floor.electronicDays, floor.paperDays]).toEqual(figures.floor);
    },
  );

  it('Medicare counts institutional span claims from the through date, professional from the line From date (§4.1)', () => {
    expect(seeded('medicare-ffs').timelyFiling.from).toEqual({
      institutional: 'through_date',
      professional: 'date_of_service',
    });
  });

  it('Medicare reopens clerical errors within 1 year, 4 with good cause (§3.2, 42 CFR 405.980)', () => {
    const reopening = seeded('medicare-ffs').correctedClaim?.reopening;
    expect(reopening?.period).toEqual({ months: 12 });
    expect(reopening?.goodCausePeriod).toEqual({ months: 48 });
    expect(reopening?.from).toBe('adjudication_date');
  });

  it('all wait 1 hour for the 999, alert at +1 business day and investigate at +3 without a 277CA (§0, §6.2)', () => {
    for (const ruleSet of seedPayerRuleSets) {
      const { functionalAckHours, claimAckBusinessDays, investigateAfterBusinessDays } =
        ruleSet.acknowledgement;
      expect([functionalAckHours, claimAckBusinessDays, investigateAfterBusinessDays], ruleSet.id).toEqual([
        1, 1, 3,
      ]);
    }
  });
});

describe('choosing the rule set version in force', () => {
  const base = seeded('cigna');
  const v1 = { ...base, version: 1, effectiveFrom: '2026-01-01' };
  const v2 = {
    ...base,
    version: 2,
    effectiveFrom: '2026-07-01',
    timelyFiling: { ...base.timelyFiling, period: { days: 180 } },
  };
  const other = { ...seeded('aetna'), version: 3, effectiveFrom: '2025-01-01' };
  const ruleSets = [v2, other, v1];

  it.each([
    ['2025-12-31', undefined],
    ['2026-01-01', 1],
    ['2026-06-30', 1],
    ['2026-07-01', 2],
    ['2030-01-01', 2],
  ])('on %s picks version %s', (onDate, version) => {
    expect(selectRuleSet(ruleSets, 'cigna', onDate)?.version).toBe(version);
  });

  it('picks nothing for an unknown id and rejects a malformed date', () => {
    expect(selectRuleSet(ruleSets, 'no-such-payer', '2026-08-01')).toBeUndefined();
    expect(() => selectRuleSet(ruleSets, 'cigna', '2026-02-30')).toThrow(RangeError);
  });

  it('lets a higher version supersede a lower one even when dated earlier (a retroactive correction)', () => {
    const correction = { ...v1, version: 3, effectiveFrom: '2025-06-01' };
    expect(selectRuleSet([v1, v2, correction], 'cigna', '2026-08-01')?.version).toBe(3);
    expect(selectRuleSet([v1, v2, correction], 'cigna', '2025-06-01')?.version).toBe(3);
  });

  it('finds every seeded rule set on its effective date', () => {
    for (const ruleSet of seedPayerRuleSets) {
      expect(selectRuleSet(seedPayerRuleSets, ruleSet.id, ruleSet.effectiveFrom)).toBe(ruleSet);
      expect(
        selectRuleSet(seedPayerRuleSets, ruleSet.id, addCalendarDays(ruleSet.effectiveFrom, -1)),
      ).toBeUndefined();
    }
  });

  it('always picks the highest version effective on the date, for any set of versions', () => {
    const day = fc.integer({ min: 0, max: 2000 }).map((n) => addCalendarDays('2024-01-01', n));
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.record({ version: fc.integer({ min: 1, max: 50 }), effectiveFrom: day }), {
          selector: (v) => v.version,
          maxLength: 8,
        }),
        day,
        (versions, onDate) => {
          const candidates = versions.map((v) => ({ ...base, ...v }));
          const chosen = selectRuleSet([...candidates, other], base.id, onDate);
          const effective = versions.filter((v) => v.effectiveFrom <= onDate);
          if (effective.length === 0) {
            expect(chosen).toBeUndefined();
            return;
          }
          expect(chosen?.version).toBe(Math.max(...effective.map((v) => v.version)));
          expect(chosen!.effectiveFrom <= onDate).toBe(true);
        },
      ),
    );
  });
});

describe('vetting a rule set', () => {
  const good = seeded('medicare-ffs');

  it.each([
    ['not an object', 'nonsense', 'ruleSet: must be an object'],
    [
      'a period with both days and months',
      { ...good, timelyFiling: { ...good.timelyFiling, period: { days: 90, months: 3 } } },
      'timelyFiling.period: give exactly one of days or months',
    ],
    [
      'a zero-day period',
      { ...good, timelyFiling: { ...good.timelyFiling, period: { days: 0 } } },
      'timelyFiling.period.days: must be a whole number from 1 to 3660',
    ],
    [
      'an unknown start',
      {
        ...good,
        timelyFiling: {
          ...good.timelyFiling,
          from: { institutional: 'admission', professional: 'date_of_service' },
        },
      },
      'timelyFiling.from.institutional: must be one of date_of_service, through_date',
    ],
    [
      'levels out of order',
      { ...good, appealLevels: good.appealLevels.slice(1) },
      'appealLevels[0].level: must be 1: levels are numbered 1, 2, ... in order',
    ],
    [
      'a missing presumed receipt',
      { ...good, appealLevels: [{ ...good.appealLevels[0], presumedReceiptDays: undefined }] },
      'appealLevels[0].presumedReceiptDays: must be a whole number from 0 to 30',
    ],
    [
      'an empty source',
      { ...good, correctedClaim: { ...good.correctedClaim, source: ' ' } },
      'correctedClaim.source: must be a non-empty string',
    ],
    [
      'a payment floor after the prompt-pay day',
      {
        ...good,
        expectedPayment: {
          ...good.expectedPayment,
          floor: { electronicDays: 31, paperDays: 29, source: 'x' },
        },
      },
      'expectedPayment.floor.electronicDays: the payment floor must not come after the prompt-pay day',
    ],
    [
      'an unknown payer class',
      { ...good, payerClass: 'tricare' },
      `payerClass: must be one of ${payerClasses.join(', ')}`,
    ],
    [
      'an impossible effective date',
      { ...good, effectiveFrom: '2026-02-29' },
      'effectiveFrom: must be an existing date written YYYY-MM-DD',
    ],
    [
      'investigation before the 277CA alert',
      { ...good, acknowledgement: { ...good.acknowledgement, investigateAfterBusinessDays: 0 } },
      'acknowledgement.investigateAfterBusinessDays: must be a whole number from 1 to 30',
    ],
  ])('names the field at fault for %s', (_case, candidate, problem) => {
    expect(ruleSetProblems(candidate)).toContain(problem);
    expect(isPayerRuleSet(candidate)).toBe(false);
  });

  it('reports every missing part of an almost empty body instead of throwing', () => {
    const problems = ruleSetProblems({ id: 'x', version: 1 });
    expect(problems).toEqual(
      expect.arrayContaining([
        'timelyFiling: must be an object',
        'appealLevels: must be a list (empty when no appeal window is documented)',
        'expectedPayment: must be an object',
        'acknowledgement: must be an object',
      ]),
    );
  });

  it('makes a RuleRef naming the rule set, its version and the value source', () => {
    expect(ruleRefOf(good, good.timelyFiling.source)).toEqual({
      ruleSetId: 'medicare-ffs',
      version: 1,
      source: good.timelyFiling.source,
    });
    expect(isIsoDate(good.effectiveFrom)).toBe(true);
  });
});
