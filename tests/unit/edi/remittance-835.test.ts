import { describe, expect, it } from 'vitest';
import { parse835, type RemittanceClaim } from '../../../src/edi';
import { fixture, rejection } from './x12-builders';

function byPcn(claims: readonly RemittanceClaim[], pcn: string): RemittanceClaim {
  const claim = claims.find((candidate) => candidate.patientControlNumber === pcn);
  if (!claim) throw new Error(`no claim ${pcn}`);
  return claim;
}

/** CLP03 − CLP04 equals the claim's adjustments, claim and line level together (the 835 balancing rule). */
function balances(claim: RemittanceClaim): boolean {
  const adjusted = [...claim.adjustments, ...claim.serviceLines.flatMap((line) => line.adjustments)].reduce(
    (sum, adjustment) => sum + adjustment.amountCents,
    0,
  );
  return claim.chargeCents - claim.paidCents === adjusted;
}

describe('parse835 (005010X221A1 remittance advice)', () => {
  it('reads the payment, payer and payee: BPR amount in cents, EFT trace from TRN, payer id from REF*2U', () => {
    const [remittance] = parse835(fixture('835-paid.x12')).remittances;
    expect(remittance).toMatchObject({
      interchangeControlNumber: '000000301',
      groupControlNumber: '301',
      transactionControlNumber: '0001',
      payment: {
        handlingCode: 'I',
        totalCents: 12000,
        creditDebit: 'C',
        method: 'ACH',
        effectiveDate: '2024-03-20',
        traceNumber: 'EFT0000000001',
        originatorId: '1999999999',
      },
      payer: { name: 'ACME TEST HEALTH PLAN', id: 'TESTPAYER01' },
      payee: { name: 'EXAMPLE TEST CLINIC', idQualifier: 'XX', id: '1999999992' },
      productionDate: '2024-03-18',
      providerAdjustments: [],
    });
  });

  it('reads a paid claim: CLP amounts in cents, patient responsibility, MOA remark, dates and a service line with CAS, allowed amount and line control number', () => {
    const file = parse835(fixture('835-paid.x12'));
    const claim = byPcn(file.claims, 'PCN-PAID-001');
    expect(claim).toMatchObject({
      statusCode: '1',
      status: 'processed_as_primary',
      reversal: false,
      chargeCents: 15000,
      paidCents: 12000,
      patientResponsibilityCents: 1000,
      claimFilingIndicator: '12',
      payerClaimNumber: 'ICN2024000001',
      facilityTypeCode: '11',
      frequencyCode: '1',
      remarkCodes: ['MA01'],
      patient: { lastName: 'FAKEPATIENT', firstName: 'ALPHA', idQualifier: 'MI', id: 'ZZM000000001' },
      statementPeriod: { from: '2024-02-01', to: '2024-02-01' },
      receivedDate: '2024-02-05',
      adjustments: [],
    });
    expect(claim.serviceLines).toEqual([
      {
        procedure: { qualifier: 'HC', code: '99213', modifiers: ['25'] },
        chargeCents: 15000,
        paidCents: 12000,
        unitsPaid: '1',
        serviceDates: { from: '2024-02-01', to: '2024-02-01' },
        adjustments: [
          { group: 'PR', reasonCode: '2', amountCents: 1000 },
          { group: 'CO', reasonCode: '45', amountCents: 2000 },
        ],
        remarkCodes: [],
        lineItemControlNumber: 'LINE-1',
        allowedCents: 13000,
        segment: 23,
      },
    ]);
    expect(balances(claim)).toBe(true);
  });

  it('reads denied claims: zero paid, the CARC at line or claim level, LQ*HE and MOA remark codes', () => {
    const claims = parse835(fixture('835-denied.x12')).claims;
    const notNecessary = byPcn(claims, 'PCN-DENY-002');
    expect(notNecessary).toMatchObject({ statusCode: '1', paidCents: 0, remarkCodes: ['MA01'] });
    expect(notNecessary.serviceLines[0]).toMatchObject({
      unitsPaid: '4',
      adjustments: [{ group: 'CO', reasonCode: '50', amountCents: 20000 }],
      remarkCodes: ['N115'],
    });
    const unprocessable = byPcn(claims, 'PCN-DENY-003');
    expect(unprocessable).toMatchObject({
      paidCents: 0,
      adjustments: [{ group: 'CO', reasonCode: '16', amountCents: 9500 }],
      remarkCodes: ['MA130'],
      serviceLines: [],
    });
    expect(claims.every(balances)).toBe(true);
  });

  it('reads a partially paid claim: one line paid after a contractual adjustment, one denied as bundled with two remarks', () => {
    const claim = byPcn(parse835(fixture('835-partially-paid.x12')).claims, 'PCN-PART-004');
    expect(
      claim.serviceLines.map((line) => [
        line.procedure.code,
        line.paidCents,
        line.adjustments,
        line.remarkCodes,
      ]),
    ).toEqual([
      ['99214', 8000, [{ group: 'CO', reasonCode: '45', amountCents: 2000 }], []],
      ['93000', 0, [{ group: 'CO', reasonCode: '97', amountCents: 15000 }], ['M15', 'N20']],
    ]);
    expect(balances(claim)).toBe(true);
  });

  it('reads a reversal (CLP02 22, negative amounts) followed by the re-adjudicated claim, and PLB interest and recovery', () => {
    const [remittance] = parse835(fixture('835-reversal.x12')).remittances;
    const [reversal, corrected] = remittance!.claims;
    expect(reversal).toMatchObject({
      patientControlNumber: 'PCN-PAID-001',
      statusCode: '22',
      status: 'reversal',
      reversal: true,
      chargeCents: -15000,
      paidCents: -12000,
      patientResponsibilityCents: -1000,
      payerClaimNumber: 'ICN2024000001',
      adjustments: [
        { group: 'PR', reasonCode: '2', amountCents: -1000 },
        { group: 'CO', reasonCode: '45', amountCents: -2000 },
      ],
    });
    expect(corrected).toMatchObject({
      patientControlNumber: 'PCN-PAID-001',
      statusCode: '1',
      reversal: false,
      paidCents: 13500,
      payerClaimNumber: 'ICN2024000001A',
      frequencyCode: '7',
    });
    expect(remittance!.providerAdjustments).toEqual([
      {
        providerId: '1999999992',
        fiscalPeriodDate: '2024-12-31',
        reasonCode: 'L6',
        amountCents: -37,
        segment: 25,
      },
      {
        providerId: '1999999992',
        fiscalPeriodDate: '2024-12-31',
        reasonCode: 'WO',
        reference: 'ICN2023009999',
        amountCents: 500,
        segment: 25,
      },
    ]);
    // BPR02 = claim payments − provider adjustments.
    const claimsPaid = remittance!.claims.reduce((sum, claim) => sum + claim.paidCents, 0);
    const plb = remittance!.providerAdjustments.reduce((sum, adjustment) => sum + adjustment.amountCents, 0);
    expect(remittance!.payment.totalCents).toBe(claimsPaid - plb);
    expect(remittance!.claims.every(balances)).toBe(true);
  });

  it('reads a multi-claim file with two groups and three transaction sets, keeping each claim’s control numbers', () => {
    const file = parse835(fixture('835-multi-claim.x12'));
    expect(
      file.remittances.map((remittance) => [
        remittance.groupControlNumber,
        remittance.transactionControlNumber,
        remittance.claims.length,
      ]),
    ).toEqual([
      ['306', '0001', 2],
      ['306', '0002', 1],
      ['307', '0001', 1],
    ]);
    expect(file.claims.map((claim) => [claim.patientControlNumber, claim.status])).toEqual([
      ['PCN-MULTI-021', 'processed_as_primary'],
      ['PCN-MULTI-022', 'processed_as_primary_forwarded'],
      ['PCN-MULTI-023', 'denied'],
      ['PCN-INPT-024', 'processed_as_primary'],
    ]);
    expect(file.claims.every(balances)).toBe(true);
  });

  it('reads repeated CAS triples in one segment, MOA remarks after the rate, SVC06 original procedure and DTM 150/151 dates', () => {
    const claim = byPcn(parse835(fixture('835-multi-claim.x12')).claims, 'PCN-MULTI-021');
    expect(claim).toMatchObject({
      paidCents: 30025,
      patientResponsibilityCents: 7550,
      remarkCodes: ['MA01', 'N130'],
    });
    expect(claim.serviceLines[0]).toMatchObject({
      procedure: { code: '99215' },
      submittedProcedure: { qualifier: 'HC', code: '99214', modifiers: [] },
      serviceDates: { from: '2024-03-01', to: '2024-03-02' },
      paidCents: 20025,
      adjustments: [{ group: 'CO', reasonCode: '45', amountCents: 9975 }],
      remarkCodes: ['M15'],
    });
    expect(claim.serviceLines[1]).toMatchObject({
      unitsPaid: '2',
      submittedUnits: '3',
      adjustments: [
        { group: 'PR', reasonCode: '1', amountCents: 5000, quantity: '1' },
        { group: 'PR', reasonCode: '2', amountCents: 2550 },
        { group: 'CO', reasonCode: '45', amountCents: 2450 },
      ],
    });
  });

  it('reads the crossover carrier (NM1*TT), a CLP02 4 denial and MIA remark codes of an institutional claim', () => {
    const claims = parse835(fixture('835-multi-claim.x12')).claims;
    expect(byPcn(claims, 'PCN-MULTI-022').crossoverCarrier).toEqual({
      name: 'TEST SECONDARY PLAN',
      id: 'TESTPAYER02',
    });
    expect(byPcn(claims, 'PCN-MULTI-023')).toMatchObject({
      statusCode: '4',
      adjustments: [{ group: 'CO', reasonCode: '31', amountCents: 7500 }],
    });
    expect(byPcn(claims, 'PCN-INPT-024')).toMatchObject({
      remarkCodes: ['MA01', 'N30'],
      statementPeriod: { from: '2024-03-05', to: '2024-03-09' },
      claimFilingIndicator: 'MA',
    });
  });

  describe('rejects a malformed 835 as a whole', () => {
    it('an amount written with a thousands separator', () => {
      expect(rejection(() => parse835(fixture('malformed-835-bad-amount.x12')))).toMatchObject({
        segment: 17,
        segmentId: 'CLP',
        reason: 'CLP04: "1,20" is not a decimal amount',
      });
    });

    it('an amount with fractions of a cent', () => {
      expect(rejection(() => parse835(fixture('malformed-835-fraction-of-cent.x12')))).toMatchObject({
        segment: 28,
        reason: 'AMT02: "130.005" has fractions of a cent',
      });
    });

    it('a CAS before any claim', () => {
      expect(rejection(() => parse835(fixture('malformed-835-cas-in-header.x12')))).toMatchObject({
        segment: 16,
        segmentId: 'CAS',
        reason: 'segment CAS is not expected in the payee loop (N1*PE) of an 835 (005010X221A1)',
      });
    });

    it('a CLP02 that is not a 5010 claim status code', () => {
      const text = fixture('835-paid.x12').replace('CLP*PCN-PAID-001*1*', 'CLP*PCN-PAID-001*5*');
      expect(rejection(() => parse835(text)).reason).toBe(
        'CLP02 "5" is not a claim status code of 005010X221A1',
      );
    });

    it('a CAS group code outside CO, PR, OA and PI', () => {
      const text = fixture('835-paid.x12').replace('CAS*CO*45*20', 'CAS*CR*45*20');
      expect(rejection(() => parse835(text))).toMatchObject({
        segment: 26,
        reason: expect.stringMatching(/CAS01 "CR"/),
      });
    });

    it('a CAS reason without its amount', () => {
      const text = fixture('835-paid.x12').replace('CAS*CO*45*20', 'CAS*CO*45');
      expect(rejection(() => parse835(text)).reason).toBe(
        'CAS03 (adjustment amount) is required with reason 45',
      );
    });

    it('an 835 without BPR first', () => {
      const text = fixture('835-paid.x12')
        .replace(/BPR\*[^~]*~\n/, '')
        .replace('SE*27', 'SE*26');
      expect(rejection(() => parse835(text))).toMatchObject({
        segment: 4,
        reason: 'an 835 must start with BPR after ST',
      });
    });

    it('claims before the payee loop', () => {
      const text = fixture('835-paid.x12')
        .replace(/N1\*PE[^~]*~\nN3[^~]*~\nN4[^~]*~\nREF\*TJ[^~]*~\n/, '')
        .replace('SE*27', 'SE*23');
      expect(rejection(() => parse835(text)).reason).toBe(
        'the 835 has no payee loop (N1*PE) before its claims',
      );
    });

    it('a 277 given to the 835 reader', () => {
      expect(rejection(() => parse835(fixture('277-paid.x12'))).reason).toMatch(
        /is not an 835 remittance advice/,
      );
    });
  });
});
