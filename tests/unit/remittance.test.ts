import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { carcTable, casGroupTable, clp02Table, rarcTable } from '../../src/domain/data/remittance-codes';
import {
  casGroupCodes,
  classifyRemittance,
  coreDenialCategories,
  fineDenialCategories,
  lookupCarc,
  lookupCasGroup,
  lookupClp02,
  lookupRarc,
  remittanceRoutes,
  type CasGroupCode,
  type CoreDenialCategory,
  type FineDenialCategory,
  type RemittanceAdjustment,
  type RemittanceClaim,
  type RemittanceOutcome,
  type RemittanceRoute,
} from '../../src/domain/remittance';

const outcomes: readonly RemittanceOutcome[] = [
  'paid_in_full',
  'partially_paid',
  'denied',
  'zero_pay_contractual',
  'zero_pay_patient_responsibility',
  'reversal',
  'forwarded',
  'pended',
  'predetermination',
];

/** A $100 claim that paid nothing, with the given adjustments and remarks. */
function zeroPay(adjustments: RemittanceAdjustment[], remarks: string[] = [], clp02 = '1'): RemittanceClaim {
  return { clp02, chargeCents: 10_000, paidCents: 0, adjustments, remarks };
}

function adj(group: CasGroupCode, carc: string, amountCents = 10_000): RemittanceAdjustment {
  return { group, carc, amountCents };
}

/**
 * The spec's non-denial adjustments, written out independently of the implementation: any PR amount,
 * cost sharing (1/2/3), CO-45 contractual, the prior payer's effect (23) and a pended line (133).
 */
function isNonDenial(a: { group: string; carc: string }): boolean {
  return (
    a.group === 'PR' || ['1', '2', '3', '23', '133'].includes(a.carc) || (a.carc === '45' && a.group === 'CO')
  );
}

describe('the remittance code tables', () => {
  it('say where they come from', () => {
    expect(clp02Table.source).toContain('section 2.2');
    expect(casGroupTable.source).toContain('section 2.3');
    expect(carcTable.source).toContain('code list 139');
    expect(carcTable.source).toMatch(/sections? 2\.4/);
    expect(rarcTable.source).toContain('code list 411');
    expect(rarcTable.source).toMatch(/sections? 2\.5/);
  });

  it('hold exactly the codes of reference sections 2.2–2.5, each once', () => {
    const sorted = (codes: readonly string[]) => {
      expect(new Set(codes).size).toBe(codes.length);
      return [...codes].sort();
    };
    expect(sorted(clp02Table.records.map((r) => r.code))).toEqual(
      ['1', '2', '3', '4', '19', '20', '21', '22', '23', '25'].sort(),
    );
    expect(sorted(casGroupTable.records.map((r) => r.code))).toEqual([...casGroupCodes].sort());
    expect(sorted(carcTable.records.map((r) => r.code))).toEqual(
      [
        ...[
          '1',
          '2',
          '3',
          '4',
          '16',
          '18',
          '22',
          '23',
          '26',
          '27',
          '29',
          '31',
          '45',
          '50',
          '96',
          '97',
          '109',
        ],
        ...['119', '133', '151', '163', '164', '167', '197', '198', '252', 'A1'],
      ].sort(),
    );
    expect(sorted(rarcTable.records.map((r) => r.code))).toEqual(
      [
        ...['MA130', 'M127', 'M15', 'M51', 'M76', 'M77', 'M86', 'MA01', 'N1', 'MA04', 'MA02', 'N4', 'N20'],
        ...['N30', 'N115', 'N386', 'N179', 'N290', 'N382', 'N522'],
      ].sort(),
    );
  });

  it('resolve every row through lookup', () => {
    for (const r of clp02Table.records) expect(lookupClp02(r.code)).toBe(r);
    for (const r of casGroupTable.records) expect(lookupCasGroup(r.code)).toBe(r);
    for (const r of carcTable.records) expect(lookupCarc(r.code)).toBe(r);
    for (const r of rarcTable.records) expect(lookupRarc(r.code)).toBe(r);
    expect(lookupClp02('5')).toBeUndefined();
    expect(lookupCarc('9999')).toBeUndefined();
    expect(lookupRarc('ma130')).toBeUndefined();
  });

  it('give every CARC a valid bucket and route, and typical groups that exist', () => {
    for (const r of carcTable.records) {
      expect(coreDenialCategories).toContain(r.core);
      expect(fineDenialCategories).toContain(r.fine);
      expect(remittanceRoutes).toContain(r.route);
      for (const group of r.typicalGroups) expect(casGroupCodes).toContain(group);
    }
  });

  it('give every RARC with a route a valid bucket, and informational RARCs no route', () => {
    for (const r of rarcTable.records) {
      if (r.informational) expect('route' in r).toBe(false);
      else {
        expect('route' in r && remittanceRoutes.includes(r.route)).toBe(true);
        expect('core' in r && coreDenialCategories.includes(r.core)).toBe(true);
      }
      if ('fine' in r) expect(fineDenialCategories).toContain(r.fine);
    }
  });

  it('only PR lets the patient be billed', () => {
    expect(casGroupTable.records.filter((r) => r.patientOwes).map((r) => r.code)).toEqual(['PR']);
  });
});

describe('every table row, read by classifyRemittance', () => {
  it.each(clp02Table.records.map((r) => [r.code, r.kind] as const))(
    'CLP02 %s (%s) classifies a paid claim and names itself first in the reasons',
    (code) => {
      const result = classifyRemittance({
        clp02: code,
        chargeCents: 10_000,
        paidCents: 8_000,
        adjustments: [adj('CO', '45', 2_000)],
        remarks: [],
      });
      expect(outcomes).toContain(result.outcome);
      expect(remittanceRoutes).toContain(result.route);
      expect(result.reasons[0]).toMatch(new RegExp(`^CLP02 ${code}: `));
    },
  );

  it.each(casGroupTable.records.map((r) => [r.code] as const))(
    'group %s is named in the reasons',
    (group) => {
      const result = classifyRemittance(zeroPay([adj(group, '50')]));
      expect(result.reasons.some((reason) => reason.startsWith(`${group}-50 $100.00`))).toBe(true);
    },
  );

  it('every CARC in each of its typical groups is either a named denial or, where the spec says so, not one', () => {
    for (const r of carcTable.records) {
      for (const group of r.typicalGroups) {
        const result = classifyRemittance(zeroPay([adj(group, r.code)]));
        if (isNonDenial({ group, carc: r.code })) {
          expect(result.outcome, `${group}-${r.code}`).not.toBe('denied');
          expect(result.denial).toBeUndefined();
        } else {
          expect(result.outcome, `${group}-${r.code}`).toBe('denied');
          expect(result.denial).toMatchObject({ carc: r.code, group });
          expect(result.denial?.explanation).toContain(`${group}-${r.code}`);
        }
      }
    }
  });

  it('every RARC with a route decides where CO-16 goes; informational ones only add a reason', () => {
    for (const r of rarcTable.records) {
      const result = classifyRemittance(zeroPay([adj('CO', '16')], [r.code]));
      expect(result.outcome).toBe('denied');
      expect(result.reasons.some((reason) => reason.startsWith(`${r.code}: `))).toBe(true);
      expect(result.route, r.code).toBe('route' in r ? r.route : 'corrected_claim');
    }
  });
});

describe('classifyRemittance against the reference figures', () => {
  it('the managed-care.835 payment (§2.1: charge 800.00, paid 450.00, patient 300.00), balanced with CO-45 and PR-1, is paid in full with a patient balance', () => {
    const result = classifyRemittance({
      clp02: '1',
      chargeCents: 80_000,
      paidCents: 45_000,
      patientResponsibilityCents: 30_000,
      adjustments: [adj('CO', '45', 5_000), adj('PR', '1', 30_000)],
      remarks: [],
    });
    expect(result).toMatchObject({ outcome: 'paid_in_full', route: 'patient_responsibility' });
    expect(result.denial).toBeUndefined();
    expect(result.reasons).toContain(
      '$300.00 patient share: bill the patient (or the next payer, if one turns up)',
    );
  });

  it('the same payment with a secondary on file sends the patient share to the next payer (§2.3 PR: bill patient / secondary)', () => {
    const result = classifyRemittance({
      clp02: '1',
      chargeCents: 80_000,
      paidCents: 45_000,
      patientResponsibilityCents: 30_000,
      adjustments: [adj('CO', '45', 5_000), adj('PR', '1', 30_000)],
      remarks: [],
      hasNextPayer: true,
    });
    expect(result.route).toBe('bill_next_payer');
  });

  const denialCases: {
    adjustment: `${CasGroupCode}-${string}`;
    category: CoreDenialCategory;
    fine: FineDenialCategory;
    route: RemittanceRoute;
    source: string;
  }[] = [
    {
      adjustment: 'CO-4',
      category: 'claim_data',
      fine: 'coding',
      route: 'corrected_claim',
      source: '§2.4 / §3.2: modifier error, replacement claim',
    },
    {
      adjustment: 'CO-16',
      category: 'claim_data',
      fine: 'other',
      route: 'corrected_claim',
      source: '§2.4 / §3.2: CO-16 without MA130, replacement claim',
    },
    {
      adjustment: 'OA-18',
      category: 'other',
      fine: 'duplicate',
      route: 'hand_to_person',
      source: '§2.4: exact duplicate, check the original',
    },
    {
      adjustment: 'CO-22',
      category: 'documentation',
      fine: 'coordination_of_benefits',
      route: 'hand_to_person',
      source: '§2.4: COB, confirm and bill the primary',
    },
    {
      adjustment: 'CO-27',
      category: 'not_covered',
      fine: 'eligibility',
      route: 'hand_to_person',
      source: '§2.4: after coverage ended, re-verify eligibility',
    },
    {
      adjustment: 'CO-31',
      category: 'claim_data',
      fine: 'eligibility',
      route: 'new_claim',
      source: '§2.4: patient not identified, fix the member ID',
    },
    {
      adjustment: 'CO-50',
      category: 'not_covered',
      fine: 'medical_necessity',
      route: 'appeal',
      source: '§2.4 / §3.2: medical necessity, appeal',
    },
    {
      adjustment: 'CO-96',
      category: 'not_covered',
      fine: 'other',
      route: 'hand_to_person',
      source: '§2.4: non-covered, review the remark',
    },
    {
      adjustment: 'CO-97',
      category: 'not_separately_payable',
      fine: 'bundling',
      route: 'hand_to_person',
      source: '§2.4 / §2.6: bundled, NCCI review',
    },
    {
      adjustment: 'CO-109',
      category: 'claim_data',
      fine: 'eligibility',
      route: 'new_claim',
      source: '§2.4: wrong payer, re-route',
    },
    {
      adjustment: 'CO-151',
      category: 'not_covered',
      fine: 'medical_necessity',
      route: 'appeal',
      source: '§2.4 / §3.2: frequency, appeal with documentation',
    },
    {
      adjustment: 'CO-163',
      category: 'documentation',
      fine: 'other',
      route: 'send_documentation',
      source: '§2.4: attachment not received',
    },
    {
      adjustment: 'CO-167',
      category: 'not_covered',
      fine: 'coding',
      route: 'hand_to_person',
      source: '§2.4: diagnosis not covered, coding review',
    },
    {
      adjustment: 'CO-197',
      category: 'not_covered',
      fine: 'authorization',
      route: 'appeal',
      source: '§2.4 / §3.2: no authorization, appeal with it',
    },
    {
      adjustment: 'CO-198',
      category: 'not_covered',
      fine: 'authorization',
      route: 'appeal',
      source: '§2.4: authorization exceeded',
    },
    {
      adjustment: 'CO-252',
      category: 'documentation',
      fine: 'other',
      route: 'send_documentation',
      source: '§2.4 / §3.2: documentation needed, not an appeal',
    },
  ];

  it.each(denialCases)(
    'zero paid with $adjustment is a $category / $fine denial routed to $route ($source)',
    ({ adjustment, category, fine, route }) => {
      const [group, carc] = adjustment.split('-') as [CasGroupCode, string];
      expect(classifyRemittance(zeroPay([adj(group, carc)]))).toMatchObject({
        outcome: 'denied',
        route,
        denial: { category, fineCategory: fine, carc, group },
      });
    },
  );

  const remarkCases: {
    remark: string;
    route: RemittanceRoute;
    category: CoreDenialCategory;
    source: string;
  }[] = [
    {
      remark: 'M127',
      route: 'send_documentation',
      category: 'documentation',
      source: '§2.5 / §3.2: medical record missing',
    },
    {
      remark: 'M51',
      route: 'corrected_claim',
      category: 'claim_data',
      source: '§2.5: procedure code invalid',
    },
    {
      remark: 'N382',
      route: 'new_claim',
      category: 'claim_data',
      source: '§2.5 and RFI 1079: patient identifiers with A1',
    },
  ];

  it.each(remarkCases)(
    'a denial that defers to its remarks follows $remark to $route ($source)',
    ({ remark, route, category }) => {
      const result = classifyRemittance(zeroPay([adj('CO', 'A1')], [remark]));
      expect(result).toMatchObject({ outcome: 'denied', route, denial: { carc: 'A1', category } });
    },
  );

  it('a paid claim with one denied line is partially paid and routed by the denied line (§2.4 CO-97)', () => {
    const result = classifyRemittance({
      clp02: '1',
      chargeCents: 30_000,
      paidCents: 15_000,
      adjustments: [adj('CO', '45', 5_000), adj('CO', '97', 10_000)],
      remarks: ['M15'],
    });
    expect(result).toMatchObject({
      outcome: 'partially_paid',
      route: 'hand_to_person',
      denial: { carc: '97' },
    });
  });

  it('with several denial codes the largest denied amount decides, and every code is in the reasons', () => {
    const result = classifyRemittance(zeroPay([adj('CO', '16', 2_000), adj('CO', '50', 8_000)]));
    expect(result.denial?.carc).toBe('50');
    expect(result.reasons.join('\n')).toMatch(/CO-16 \$20\.00[\s\S]*CO-50 \$80\.00/);
  });

  it('an adjustment code outside the table is a denial a person reads; payer-initiated ones are disputed', () => {
    expect(classifyRemittance(zeroPay([adj('CO', '999')]))).toMatchObject({
      outcome: 'denied',
      route: 'hand_to_person',
      denial: { category: 'other', fineCategory: 'other', carc: '999' },
    });
    expect(classifyRemittance(zeroPay([adj('PI', '999')])).route).toBe('appeal');
  });

  it('says when the payment and adjustments do not add up to the charge', () => {
    const result = classifyRemittance(zeroPay([adj('CO', '50', 4_000)]));
    expect(result.reasons.some((reason) => reason.includes('some adjustments may be missing'))).toBe(true);
  });
});

describe('the special rules of the issue', () => {
  it('CLP02 4 alone is never a denial: with no adjustment codes a person confirms the member (§2.2, RFI 1423)', () => {
    const result = classifyRemittance(zeroPay([], [], '4'));
    expect(result.outcome).not.toBe('denied');
    expect(result).toMatchObject({ outcome: 'pended', route: 'hand_to_person' });
    expect(result.reasons.join(' ')).toContain('never read from CLP02 alone');
  });

  it('CLP02 4 with CO-31 is denied because of CO-31, and the member ID is fixed on a new claim (§2.2, §2.4)', () => {
    expect(classifyRemittance(zeroPay([adj('CO', '31')], [], '4'))).toMatchObject({
      outcome: 'denied',
      route: 'new_claim',
      denial: { carc: '31', fineCategory: 'eligibility' },
    });
  });

  it('zero paid with only CO-45 is a zero-pay contractual, not a denial, and the contract is checked (§2.4 CO-45)', () => {
    const unknownContract = classifyRemittance(zeroPay([adj('CO', '45')]));
    expect(unknownContract).toMatchObject({ outcome: 'zero_pay_contractual', route: 'underpayment_review' });
    expect(unknownContract.denial).toBeUndefined();
    expect(classifyRemittance({ ...zeroPay([adj('CO', '45')]), expectedPaidCents: 0 })).toMatchObject({
      outcome: 'zero_pay_contractual',
      route: 'write_off_contractual',
    });
  });

  it('zero paid with only PR amounts (or CO-45 plus a deductible) is zero-pay patient responsibility (§2.3 PR)', () => {
    expect(classifyRemittance(zeroPay([adj('PR', '1')]))).toMatchObject({
      outcome: 'zero_pay_patient_responsibility',
      route: 'patient_responsibility',
    });
    expect(classifyRemittance(zeroPay([adj('PR', '50')]))).toMatchObject({
      outcome: 'zero_pay_patient_responsibility',
    });
    expect(classifyRemittance(zeroPay([adj('CO', '45', 4_000), adj('PR', '1', 6_000)]))).toMatchObject({
      outcome: 'zero_pay_patient_responsibility',
      route: 'patient_responsibility',
    });
  });

  it('zero paid with CO-45 and a real denial code is a denial', () => {
    expect(classifyRemittance(zeroPay([adj('CO', '45', 4_000), adj('CO', '197', 6_000)]))).toMatchObject({
      outcome: 'denied',
      route: 'appeal',
      denial: { carc: '197' },
    });
  });

  it('MA130 means a new claim and never an appeal, whatever the CARC (§2.5, §3.2)', () => {
    for (const carc of ['16', '50', '197', '29', 'A1']) {
      const result = classifyRemittance(zeroPay([adj('CO', carc)], ['MA130']));
      expect(result.route, carc).toBe('new_claim');
      expect(result.denial?.category).toBe('claim_data');
      expect(result.reasons.join(' ')).toContain('MA130');
    }
    expect(classifyRemittance(zeroPay([], ['MA130'])).route).toBe('new_claim');
  });

  it('CO-29 is appealed only with proof of timely filing, and the reason says so (§2.4 CO-29, UHC proof rules)', () => {
    const unknown = classifyRemittance(zeroPay([adj('CO', '29')]));
    expect(unknown).toMatchObject({
      outcome: 'denied',
      route: 'appeal',
      denial: { fineCategory: 'timely_filing' },
    });
    expect(unknown.reasons.join(' ')).toContain('appealable only with proof of timely filing');
    expect(classifyRemittance({ ...zeroPay([adj('CO', '29')]), hasProofOfTimelyFiling: true }).route).toBe(
      'appeal',
    );
  });

  it('CO-29 without proof of timely filing goes to a person, not to an appeal', () => {
    const result = classifyRemittance({ ...zeroPay([adj('CO', '29')]), hasProofOfTimelyFiling: false });
    expect(result.route).toBe('hand_to_person');
    expect(result.reasons.join(' ')).toContain('no proof of timely filing');
  });

  it('CO-45 with a payment below the expected amount goes to underpayment review, not a silent write-off (§2.4, §3.2)', () => {
    const claim: RemittanceClaim = {
      clp02: '1',
      chargeCents: 20_000,
      paidCents: 9_000,
      adjustments: [adj('CO', '45', 11_000)],
      remarks: [],
      expectedPaidCents: 12_000,
    };
    const result = classifyRemittance(claim);
    expect(result).toMatchObject({ outcome: 'partially_paid', route: 'underpayment_review' });
    expect(result.reasons.join(' ')).toContain('below the expected $120.00');
    expect(
      classifyRemittance({ ...claim, paidCents: 12_000, adjustments: [adj('CO', '45', 8_000)] }),
    ).toMatchObject({
      outcome: 'paid_in_full',
      route: 'write_off_contractual',
    });
  });

  it('a CO-45 write-off without an expected amount says it was not checked against the contract', () => {
    const result = classifyRemittance({
      clp02: '1',
      chargeCents: 20_000,
      paidCents: 12_000,
      adjustments: [adj('CO', '45', 8_000)],
      remarks: [],
    });
    expect(result.route).toBe('write_off_contractual');
    expect(result.reasons).toContain(
      'CO-45 written off without a contract check: no expected payment is on file',
    );
  });

  it('CLP02 22 is a reversal to reconcile (§2.2)', () => {
    expect(
      classifyRemittance({
        clp02: '22',
        chargeCents: -10_000,
        paidCents: -8_000,
        adjustments: [adj('CO', '45', -2_000)],
        remarks: [],
      }),
    ).toMatchObject({ outcome: 'reversal', route: 'reconcile_reversal' });
  });

  it('a negative payment without CLP02 22 is still reconciled as a take-back', () => {
    expect(
      classifyRemittance({ clp02: '1', chargeCents: 10_000, paidCents: -500, adjustments: [], remarks: [] }),
    ).toMatchObject({ outcome: 'reversal', route: 'reconcile_reversal' });
  });

  it.each(['19', '20', '21'])(
    'CLP02 %s is processed and forwarded: the next payer is not billed again (§2.2)',
    (clp02) => {
      const result = classifyRemittance({
        clp02,
        chargeCents: 10_000,
        paidCents: 6_000,
        patientResponsibilityCents: 2_000,
        adjustments: [adj('CO', '45', 2_000), adj('PR', '2', 2_000)],
        remarks: [],
        hasNextPayer: true,
      });
      expect(result).toMatchObject({ outcome: 'forwarded', route: 'none' });
      expect(result.reasons.join(' ')).toContain('do not bill the next payer');
    },
  );

  it('a forwarded claim that was denied is still a denial at this payer', () => {
    const result = classifyRemittance(zeroPay([adj('CO', '50')], [], '19'));
    expect(result).toMatchObject({ outcome: 'denied', route: 'appeal' });
    expect(result.reasons).toContain('CLP02 19: also forwarded to the next payer');
  });

  it('CLP02 23 is forwarded to the payer responsible, and 25 is a predetermination, not a payable claim (§2.2)', () => {
    expect(classifyRemittance(zeroPay([], [], '23'))).toMatchObject({ outcome: 'forwarded', route: 'none' });
    expect(classifyRemittance(zeroPay([], [], '25'))).toMatchObject({
      outcome: 'predetermination',
      route: 'hand_to_person',
    });
  });

  it('a line pended for review (OA-133) leaves the claim pended: wait (§2.4 CARC 133)', () => {
    expect(classifyRemittance(zeroPay([adj('OA', '133')]))).toMatchObject({
      outcome: 'pended',
      route: 'none',
    });
  });

  it('OA-23 on a secondary claim explains a zero payment without a denial (§2.4 CARC 23)', () => {
    expect(classifyRemittance(zeroPay([adj('OA', '23')], [], '2'))).toMatchObject({
      outcome: 'zero_pay_contractual',
      route: 'none',
    });
  });

  it('an unknown CLP02 sends the remittance to a person', () => {
    const result = classifyRemittance({
      clp02: '5',
      chargeCents: 10_000,
      paidCents: 10_000,
      adjustments: [],
      remarks: [],
    });
    expect(result.route).toBe('hand_to_person');
    expect(result.reasons[0]).toBe('CLP02 "5" is not a 5010 claim status code');
  });

  it('paying more than the charge is flagged for a person', () => {
    expect(
      classifyRemittance({ clp02: '1', chargeCents: 10_000, paidCents: 12_000, adjustments: [], remarks: [] })
        .route,
    ).toBe('hand_to_person');
  });

  it('a short payment with no adjustment codes is partially paid and goes to a person', () => {
    expect(
      classifyRemittance({ clp02: '1', chargeCents: 10_000, paidCents: 6_000, adjustments: [], remarks: [] }),
    ).toMatchObject({ outcome: 'partially_paid', route: 'hand_to_person' });
  });
});

// ---- properties ----

const tableCarcs = carcTable.records.map((r) => r.code);
const tableRarcs = rarcTable.records.map((r) => r.code);
const group = fc.constantFrom(...casGroupCodes);
const carc = fc.oneof(fc.constantFrom(...tableCarcs), fc.stringMatching(/^[A-Z]?\d{1,3}$/));
const adjustment = fc.record({ group, carc, amountCents: fc.integer({ min: -100_000, max: 100_000 }) });
const remarks = fc.array(fc.oneof(fc.constantFrom(...tableRarcs), fc.stringMatching(/^[A-Z]{1,2}\d{1,3}$/)), {
  maxLength: 3,
});
const processedClp02 = fc.constantFrom('1', '2', '3', '4', '19', '20', '21');
const cents = fc.integer({ min: 0, max: 1_000_000 });
const optionalCents = fc.option(cents, { nil: undefined });
const denialAdjustment = adjustment.filter((a) => !isNonDenial(a));

function claimOf(parts: {
  clp02: string;
  chargeCents: number;
  paidCents: number;
  adjustments: RemittanceAdjustment[];
  remarks: string[];
  expectedPaidCents: number | undefined;
}): RemittanceClaim {
  const { expectedPaidCents, ...rest } = parts;
  return expectedPaidCents === undefined ? rest : { ...rest, expectedPaidCents };
}

describe('classifyRemittance properties', () => {
  it('a remittance with CLP02 4 and no adjustments is never classified as denied, whatever the amounts and remarks', () => {
    fc.assert(
      fc.property(cents, cents, remarks, optionalCents, (chargeCents, paidCents, rs, expectedPaidCents) => {
        const result = classifyRemittance(
          claimOf({ clp02: '4', chargeCents, paidCents, adjustments: [], remarks: rs, expectedPaidCents }),
        );
        expect(result.outcome).not.toBe('denied');
        expect(result.denial).toBeUndefined();
      }),
    );
  });

  it('for any adjustments, CLP02 4 reaches the same outcome as CLP02 1: the code adds nothing to denial detection', () => {
    fc.assert(
      fc.property(
        cents,
        cents,
        fc.array(adjustment, { maxLength: 4 }),
        remarks,
        (chargeCents, paidCents, adjustments, rs) => {
          const base = { chargeCents, paidCents, adjustments, remarks: rs, expectedPaidCents: undefined };
          expect(classifyRemittance(claimOf({ ...base, clp02: '4' })).outcome).toBe(
            classifyRemittance(claimOf({ ...base, clp02: '1' })).outcome,
          );
        },
      ),
    );
  });

  it('zero paid with any adjustment that is neither contractual (CO-45), the patient share, a prior payer nor a pended line is always denied', () => {
    fc.assert(
      fc.property(
        processedClp02,
        cents,
        denialAdjustment,
        fc.array(adjustment, { maxLength: 3 }),
        remarks,
        optionalCents,
        (clp02, chargeCents, denial, others, rs, expectedPaidCents) => {
          const adjustments = [...others, denial];
          const result = classifyRemittance(
            claimOf({ clp02, chargeCents, paidCents: 0, adjustments, remarks: rs, expectedPaidCents }),
          );
          expect(result.outcome).toBe('denied');
          expect(result.denial).toBeDefined();
          expect(
            result.reasons.some((reason) =>
              reason.includes(`${result.denial?.group}-${result.denial?.carc}`),
            ),
          ).toBe(true);
        },
      ),
    );
  });

  it('zero paid with only CO-45, PR or OA-23 adjustments is never denied', () => {
    const nonDenial = fc.oneof(
      fc.record({ group: fc.constant('CO' as const), carc: fc.constant('45'), amountCents: cents }),
      fc.record({ group: fc.constant('PR' as const), carc, amountCents: cents }),
      fc.record({ group: fc.constant('OA' as const), carc: fc.constant('23'), amountCents: cents }),
    );
    fc.assert(
      fc.property(
        processedClp02,
        cents,
        fc.array(nonDenial, { minLength: 1, maxLength: 4 }),
        optionalCents,
        (clp02, chargeCents, adjustments, expectedPaidCents) => {
          const result = classifyRemittance(
            claimOf({ clp02, chargeCents, paidCents: 0, adjustments, remarks: [], expectedPaidCents }),
          );
          expect(result.outcome).not.toBe('denied');
          expect(result.denial).toBeUndefined();
        },
      ),
    );
  });

  it('a remittance carrying MA130 is never routed to an appeal', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...clp02Table.records.map((r) => r.code)),
        cents,
        cents,
        fc.array(adjustment, { maxLength: 4 }),
        remarks,
        (clp02, chargeCents, paidCents, adjustments, rs) => {
          const result = classifyRemittance({
            clp02,
            chargeCents,
            paidCents,
            adjustments,
            remarks: [...rs, 'MA130'],
          });
          expect(result.route).not.toBe('appeal');
        },
      ),
    );
  });

  it('every classification has a valid outcome and route and names CLP02 first in its reasons', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.constantFrom(...clp02Table.records.map((r) => r.code)), fc.string({ maxLength: 3 })),
        fc.integer({ min: -1_000_000, max: 1_000_000 }),
        fc.integer({ min: -1_000_000, max: 1_000_000 }),
        fc.array(adjustment, { maxLength: 4 }),
        remarks,
        (clp02, chargeCents, paidCents, adjustments, rs) => {
          const result = classifyRemittance({ clp02, chargeCents, paidCents, adjustments, remarks: rs });
          expect(outcomes).toContain(result.outcome);
          expect(remittanceRoutes).toContain(result.route);
          expect(result.reasons[0]).toMatch(/^CLP02 /);
          if (result.denial) {
            expect(coreDenialCategories).toContain(result.denial.category);
            expect(fineDenialCategories).toContain(result.denial.fineCategory);
          }
        },
      ),
    );
  });
});
