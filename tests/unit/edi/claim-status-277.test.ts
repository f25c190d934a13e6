import { describe, expect, it } from 'vitest';
import { parse277, parse277CA, type ClaimStatusReport } from '../../../src/edi';
import { fixture, rejection } from './x12-builders';

function only<T>(items: readonly T[]): T {
  expect(items).toHaveLength(1);
  return items[0]!;
}

function byPcn(claims: readonly ClaimStatusReport[], pcn: string): ClaimStatusReport {
  const claim = claims.find((candidate) => candidate.patientControlNumber === pcn);
  if (!claim) throw new Error(`no claim ${pcn}`);
  return claim;
}

describe('parse277 (005010X212 claim status response)', () => {
  it('reads a paid claim: F1 status with amounts, dates, check number, payer claim number and envelope keys', () => {
    const file = parse277(fixture('277-paid.x12'));
    const claim = only(file.claims);
    expect(claim).toMatchObject({
      interchangeSenderId: 'TESTCLEARHOUSE',
      interchangeControlNumber: '000000101',
      groupControlNumber: '101',
      transactionControlNumber: '0001',
      traceNumber: 'TRACE-PAID-0001',
      patientControlNumber: 'PCN-PAID-001',
      payerClaimNumber: 'ICN2024000001',
      payer: { entity: 'PR', name: 'ACME TEST HEALTH PLAN', idQualifier: 'PI', id: 'TESTPAYER01' },
      provider: { entity: '1P', idQualifier: 'XX', id: '1999999992' },
      patient: { entity: 'IL', idQualifier: 'MI', id: 'ZZM000000001' },
      serviceDates: { from: '2024-02-01', to: '2024-02-01' },
      unknownCategories: [],
      segment: 13,
    });
    expect(claim.statuses).toEqual([
      {
        category: 'F1',
        code: '65',
        effectiveDate: '2024-03-14',
        chargeCents: 15000,
        paidCents: 12000,
        adjudicationDate: '2024-03-12',
        paymentMethod: 'ACH',
        checkDate: '2024-03-14',
        checkNumber: 'EFT0000000001',
        additional: [],
        normalized: expect.objectContaining({ category: 'F1', code: '65', group: 'finalized', paid: true }),
      },
    ]);
    expect(only(claim.serviceLines)).toMatchObject({
      procedure: { qualifier: 'HC', code: '99213', modifiers: ['25'] },
      chargeCents: 15000,
      paidCents: 12000,
      units: '1',
      lineItemControlNumber: 'LINE-1',
      serviceDates: { from: '2024-02-01', to: '2024-02-01' },
      statuses: [expect.objectContaining({ category: 'F1', code: '65' })],
    });
    expect(file.interchanges).toEqual([expect.objectContaining({ controlNumber: '000000101', usage: 'T' })]);
  });

  it('reads a denied claim: F2 with its entity, zero paid, and the additional status in STC10', () => {
    const claim = only(parse277(fixture('277-denied.x12')).claims);
    const [status] = claim.statuses;
    expect(status).toMatchObject({
      category: 'F2',
      code: '88',
      entity: 'IL',
      chargeCents: 20000,
      paidCents: 0,
      paymentMethod: 'NON',
      additional: [expect.objectContaining({ category: 'F2', code: '1', entity: 'PR' })],
    });
    expect(status?.normalized).toMatchObject({ group: 'finalized', paid: false, terminal: true });
    expect(claim.serviceDates).toEqual({ from: '2024-02-10', to: '2024-02-10' });
  });

  it('reads a partially paid claim with one line paid and one line denied', () => {
    const claim = only(parse277(fixture('277-partially-paid.x12')).claims);
    expect(claim.statuses[0]).toMatchObject({
      category: 'F1',
      code: '68',
      chargeCents: 25000,
      paidCents: 8000,
    });
    expect(claim.serviceDates).toEqual({ from: '2024-02-12', to: '2024-02-13' });
    expect(
      claim.serviceLines.map((line) => [line.procedure.code, line.paidCents, line.statuses[0]?.category]),
    ).toEqual([
      ['99214', 8000, 'F1'],
      ['93000', 0, 'F2'],
    ]);
  });

  it('reads pending claims for a subscriber and for a dependent (HL 23)', () => {
    const claims = parse277(fixture('277-pending.x12')).claims;
    expect(byPcn(claims, 'PCN-PEND-005').statuses[0]).toMatchObject({
      category: 'P1',
      code: '20',
      normalized: expect.objectContaining({ group: 'pending', action: 're_check_later' }),
    });
    const dependent = byPcn(claims, 'PCN-PEND-006');
    expect(dependent.patient).toMatchObject({ entity: 'QC', name: 'FAKEDEPENDENT' });
    expect(dependent.payerClaimNumber).toBe('ICN2024000006');
    expect(dependent.statuses[0]?.normalized).toMatchObject({ category: 'P2', group: 'pending' });
  });

  it('reads requests for information: R4 asks for documentation, P3 waits on it, with the STC12 message', () => {
    const claims = parse277(fixture('277-request-for-information.x12')).claims;
    expect(claims.map((claim) => claim.traceNumber)).toEqual(['TRACE-RFI-0007', 'TRACE-RFI-0008']);
    expect(byPcn(claims, 'PCN-RFI-007').statuses[0]).toMatchObject({
      category: 'R4',
      code: '123',
      entity: '1P',
      normalized: expect.objectContaining({ group: 'request_for_information', action: 'send_documentation' }),
    });
    expect(byPcn(claims, 'PCN-RFI-008').statuses[0]).toMatchObject({
      category: 'P3',
      message: 'MEDICAL RECORDS REQUESTED 20240310',
      normalized: expect.objectContaining({ action: 'send_documentation' }),
    });
  });

  it('reads a multi-claim file with CRLF line ends: several claims per subscriber, several STCs per claim, two providers', () => {
    const text = fixture('277-multi-claim.x12');
    expect(text).toContain('~\r\n');
    const claims = parse277(text).claims;
    expect(claims.map((claim) => claim.patientControlNumber)).toEqual([
      'PCN-MULTI-009',
      'PCN-MULTI-010',
      'PCN-MULTI-011',
      'PCN-MULTI-012',
    ]);
    expect(byPcn(claims, 'PCN-MULTI-010').statuses.map((status) => status.category)).toEqual(['P1', 'P2']);
    expect(byPcn(claims, 'PCN-MULTI-012').provider).toMatchObject({
      name: 'SECOND TEST PRACTICE',
      id: '1888888885',
    });
    expect(byPcn(claims, 'PCN-MULTI-009').provider).toMatchObject({ name: 'EXAMPLE TEST CLINIC' });
  });

  it('reports categories the taxonomy does not know on the claim, keeping the raw codes, instead of dropping them', () => {
    const claim = byPcn(parse277(fixture('277-multi-claim.x12')).claims, 'PCN-MULTI-011');
    expect(claim.statuses[0]).toMatchObject({ category: 'Q9', code: '999', normalized: null });
    expect(only(claim.serviceLines).unknownCategories).toEqual(['ZZ']);
    expect(claim.unknownCategories).toEqual(['Q9', 'ZZ']);
  });

  it('reads two transaction sets of one group from a file without line breaks', () => {
    const text = fixture('277-no-line-breaks.x12');
    expect(text).not.toMatch(/[\r\n]/);
    const claims = parse277(text).claims;
    expect(
      claims.map((claim) => [claim.transactionControlNumber, claim.traceNumber, claim.statuses[0]?.category]),
    ).toEqual([
      ['0001', 'TRACE-NOLB-0013', 'F1'],
      ['0002', 'TRACE-NOLB-0014', 'F4'],
    ]);
  });

  it('reads two interchanges with different delimiters from one file, keeping each interchange control number', () => {
    const file = parse277(fixture('277-multi-interchange.x12'));
    expect(file.interchanges.map((interchange) => [interchange.senderId, interchange.controlNumber])).toEqual(
      [
        ['TESTCLEARHOUSE', '000000108'],
        ['OTHERCLEARING', '000000109'],
      ],
    );
    expect(file.claims.map((claim) => [claim.interchangeControlNumber, claim.statuses[0]?.category])).toEqual(
      [
        ['000000108', 'P1'],
        ['000000109', 'F1'],
      ],
    );
    expect(file.claims[1]?.statuses[0]).toMatchObject({ entity: 'PR', paidCents: 10000 });
    expect(file.claims[1]?.serviceLines[0]?.procedure.modifiers).toEqual(['25', '59']);
  });

  it('uses TRN02 as the patient control number when the claim has no REF*EJ', () => {
    const claim = parse277(fixture('277-no-line-breaks.x12')).claims[0];
    expect(claim).toMatchObject({ traceNumber: 'TRACE-NOLB-0013', patientControlNumber: 'TRACE-NOLB-0013' });
  });

  describe('rejects a file whose structure is not a 277', () => {
    it('an STC before the TRN of its claim', () => {
      expect(rejection(() => parse277(fixture('malformed-277-stc-before-trn.x12')))).toMatchObject({
        segment: 13,
        segmentId: 'STC',
        reason: 'STC outside a tracking loop (no TRN in this HL)',
      });
    });

    it('a subscriber HL whose parent is not a provider HL', () => {
      expect(rejection(() => parse277(fixture('malformed-277-hl-parent.x12')))).toMatchObject({
        segment: 11,
        segmentId: 'HL',
        reason: 'HL level 22 must be under a level 19 HL, not level 20',
      });
    });

    it('an STC02 that is not a calendar date', () => {
      expect(rejection(() => parse277(fixture('malformed-277-bad-date.x12')))).toMatchObject({
        segment: 14,
        reason: 'STC02 "20240231" is not a date written CCYYMMDD',
      });
    });

    it('an 835 given to the 277 reader', () => {
      expect(rejection(() => parse277(fixture('835-paid.x12')))).toMatchObject({
        segment: 3,
        segmentId: 'ST',
        reason: 'transaction set 835 (005010X221A1) is not a 277 claim status response (277, 005010X212)',
      });
    });

    it('a 277CA given to the 277 reader', () => {
      expect(rejection(() => parse277(fixture('277ca-accepted.x12'))).reason).toMatch(
        /277 \(005010X214\) is not a 277 claim status response/,
      );
    });

    it('a segment that has no place in a 277', () => {
      const text = fixture('277-paid.x12')
        .replace('REF*EJ*PCN-PAID-001~\nDTP', 'REF*EJ*PCN-PAID-001~\nCLP*X~\nDTP')
        .replace('SE*20', 'SE*21');
      expect(rejection(() => parse277(text))).toMatchObject({ segment: 17, segmentId: 'CLP' });
    });

    it('a claim without any STC', () => {
      const text = fixture('277-denied.x12')
        .replace(/STC\*F2[^~]*~\n/, '')
        .replace('SE*16', 'SE*15');
      expect(rejection(() => parse277(text))).toMatchObject({
        segmentId: 'TRN',
        reason: 'the claim tracking loop that starts here has no STC; the guide requires at least one',
      });
    });

    it('a service line without any STC', () => {
      const text = fixture('277-paid.x12')
        .replace('STC*F1:65*20240314~\nREF*FJ', 'REF*FJ')
        .replace('SE*20', 'SE*19');
      expect(rejection(() => parse277(text))).toMatchObject({ segmentId: 'SVC', segment: 18 });
    });

    it('a GS01 other than HN around a 277', () => {
      const text = fixture('277-paid.x12').replace('GS*HN*', 'GS*HP*');
      expect(rejection(() => parse277(text))).toMatchObject({ segment: 2, segmentId: 'GS' });
    });

    it('an STC04 amount that is not a decimal', () => {
      const text = fixture('277-paid.x12').replace('**150.00*120.00*', '**150.00*12O.00*');
      expect(rejection(() => parse277(text))).toMatchObject({
        segment: 14,
        reason: 'STC05: "12O.00" is not a decimal amount',
      });
    });
  });
});

describe('parse277CA (005010X214 claim acknowledgment)', () => {
  it('reads accepted claims (A1 received, A2 accepted) with payer claim number and clearinghouse trace', () => {
    const file = parse277CA(fixture('277ca-accepted.x12'));
    const first = byPcn(file.claims, 'PCN-ACK-201');
    expect(first).toMatchObject({
      traceNumber: 'PCN-ACK-201',
      payerClaimNumber: 'ICN2024000201',
      clearinghouseTraceNumber: 'CHTRACE201',
      patient: { entity: 'QC', id: 'ZZM000000016' },
      provider: { entity: '85', id: '1999999992' },
      serviceDates: { from: '2024-02-20', to: '2024-02-21' },
    });
    expect(
      first.statuses.map((status) => [status.category, status.code, status.actionCode, status.chargeCents]),
    ).toEqual([
      ['A1', '19', 'WQ', 30000],
      ['A2', '20', 'WQ', 30000],
    ]);
    expect(byPcn(file.claims, 'PCN-ACK-202').statuses[0]?.normalized).toMatchObject({
      category: 'A2',
      group: 'acknowledgement',
    });
  });

  it('reads rejected claims: A3 unprocessable and A7 invalid, with the line-level rejection', () => {
    const claims = parse277CA(fixture('277ca-rejected.x12')).claims;
    expect(byPcn(claims, 'PCN-REJ-301').statuses[0]).toMatchObject({
      category: 'A3',
      code: '21',
      entity: '85',
      actionCode: 'U',
      chargeCents: 22050,
      normalized: expect.objectContaining({ action: 'correct_and_resubmit', terminal: true }),
    });
    const invalid = byPcn(claims, 'PCN-REJ-302');
    expect(invalid.statuses[0]).toMatchObject({ category: 'A7', code: '562', entity: '85' });
    expect(only(invalid.serviceLines)).toMatchObject({
      procedure: { code: '99214' },
      lineItemControlNumber: 'LINE-1',
      statuses: [expect.objectContaining({ category: 'A7', code: '453' })],
    });
    expect(byPcn(claims, 'PCN-ACK-303').statuses[0]?.category).toBe('A2');
  });

  it('reports the submission-level and provider-level acknowledgments apart from the claims', () => {
    const file = parse277CA(fixture('277ca-rejected.x12'));
    expect(
      file.levelStatuses.map((level) => [
        level.level,
        level.traceNumber,
        level.statuses[0]?.category,
        level.party?.entity,
      ]),
    ).toEqual([
      ['information_receiver', 'SUBMIT0202', 'A1', '41'],
      ['provider', 'PROV0202', 'A1', '85'],
    ]);
    expect(file.levelStatuses[0]?.statuses[0]?.chargeCents).toBe(52050);
  });

  it('rejects a 277 claim status response given to the 277CA reader', () => {
    expect(rejection(() => parse277CA(fixture('277-paid.x12'))).reason).toMatch(
      /is not a 277CA claim acknowledgment \(277, 005010X214\)/,
    );
  });

  it('rejects a patient HL (PT) directly under the information receiver', () => {
    const text = fixture('277ca-accepted.x12').replace('HL*4*3*PT', 'HL*4*2*PT');
    expect(rejection(() => parse277CA(text)).reason).toBe(
      'HL level PT must be under a level 19 HL, not level 21',
    );
  });
});
