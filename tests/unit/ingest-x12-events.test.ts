import { describe, expect, it } from 'vitest';
import { X12ParseError } from '../../src/edi';
import { detectRoute, ingestKey, readX12File } from '../../src/ingest/x12-events';
import { build277, build999Rejection, fixture, rejection } from './edi/x12-builders';

/** The README's example file. */
const readmeExample = (): string => fixture('ingest/835-example.x12');

describe('835 remittance → RemittanceEvent', () => {
  it('maps each CLP with claim- and line-level CAS, MOA and LQ remarks, CLP07 and BPR16 as the payment date', () => {
    const file = readX12File('835', fixture('835-denied.x12'));
    expect(file.kind).toBe('835');
    expect(file.interchanges).toEqual([{ senderId: 'TESTCLEARHOUSE', controlNumber: '000000302' }]);
    expect(file.events).toEqual([
      {
        signal: 'remittance',
        claimId: 'PCN-DENY-002',
        idempotencyKey: '835:TESTCLEARHOUSE:000000302:302:0001:PCN-DENY-002:1',
        // TRN03 payer, TRN02 EFT trace, CLP01, CLP02, CLP07, occurrence: the same under any envelope.
        businessKey: '835:1999999999:NOPAY0000002:PCN-DENY-002:1:ICN2024000002:1',
        envelope: {
          interchangeSenderId: 'TESTCLEARHOUSE',
          interchangeControlNumber: '000000302',
          groupControlNumber: '302',
          transactionControlNumber: '0001',
        },
        segment: 17,
        event: {
          clp02: '1',
          chargeCents: 20_000,
          paidCents: 0,
          patientResponsibilityCents: 0,
          adjustments: [{ group: 'CO', carc: '50', amountCents: 20_000 }],
          remarks: ['MA01', 'N115'],
          payerClaimNumber: 'ICN2024000002',
          paidOn: '2024-03-20',
        },
      },
      expect.objectContaining({
        claimId: 'PCN-DENY-003',
        idempotencyKey: '835:TESTCLEARHOUSE:000000302:302:0001:PCN-DENY-003:2',
        event: expect.objectContaining({
          adjustments: [{ group: 'CO', carc: '16', amountCents: 9_500 }],
          remarks: ['MA130'],
        }),
      }),
    ]);
  });

  it('numbers claims within their own transaction set, across groups and transaction sets of one file', () => {
    const file = readX12File('835', fixture('835-multi-claim.x12'));
    expect(file.events.map((event) => event.idempotencyKey)).toEqual([
      '835:TESTCLEARHOUSE:000000306:306:0001:PCN-MULTI-021:1',
      '835:TESTCLEARHOUSE:000000306:306:0001:PCN-MULTI-022:2',
      '835:TESTCLEARHOUSE:000000306:306:0002:PCN-MULTI-023:1',
      '835:TESTCLEARHOUSE:000000306:307:0001:PCN-INPT-024:1',
    ]);
    const [first] = file.events;
    expect(first?.event).toMatchObject({
      clp02: '1',
      chargeCents: 50_000,
      paidCents: 30_025,
      patientResponsibilityCents: 7_550,
      adjustments: [
        { group: 'CO', carc: '45', amountCents: 9_975 },
        { group: 'PR', carc: '1', amountCents: 5_000 },
        { group: 'PR', carc: '2', amountCents: 2_550 },
        { group: 'CO', carc: '45', amountCents: 2_450 },
      ],
      remarks: ['MA01', 'N130', 'M15'],
      paidOn: '2024-04-10',
    });
  });

  it('keeps a reversal and its correction for the same claim as two events with distinct keys, in file order', () => {
    const file = readX12File('835', fixture('835-reversal.x12'));
    expect(
      file.events.map(({ claimId, idempotencyKey, event }) => ({ claimId, idempotencyKey, event })),
    ).toEqual([
      {
        claimId: 'PCN-PAID-001',
        idempotencyKey: '835:TESTCLEARHOUSE:000000305:305:0001:PCN-PAID-001:1',
        event: expect.objectContaining({ clp02: '22', chargeCents: -15_000, paidCents: -12_000 }),
      },
      {
        claimId: 'PCN-PAID-001',
        idempotencyKey: '835:TESTCLEARHOUSE:000000305:305:0001:PCN-PAID-001:2',
        event: expect.objectContaining({ clp02: '1', paidCents: 13_500, payerClaimNumber: 'ICN2024000001A' }),
      },
    ]);
  });

  it('gives a payment the same business key when the file is re-sent under other control numbers, and distinct keys to a reversal and its correction', () => {
    const text = fixture('835-reversal.x12');
    const keys = readX12File('835', text).events.map((event) => event.businessKey);
    expect(new Set(keys).size).toBe(2);
    const resent = text
      .replace(/\*000000305\*/g, '*000000999*')
      .replace(/IEA\*1\*000000305/, 'IEA*1*000000999')
      .replace(/(GS\*HP\*[^~]*?\*)305\*/, '$1999*')
      .replace(/GE\*1\*305/, 'GE*1*999');
    const again = readX12File('835', resent).events;
    expect(again[0]?.envelope.interchangeControlNumber).toBe('000000999');
    expect(again[0]?.envelope.groupControlNumber).toBe('999');
    expect(again[0]?.idempotencyKey).not.toBe(readX12File('835', text).events[0]?.idempotencyKey);
    expect(again.map((event) => event.businessKey)).toEqual(keys);
  });

  it('when BPR16 is empty, then the payment date is the production date (DTM*405), else the interchange date', () => {
    const text = fixture('835-denied.x12');
    const withoutBpr16 = text.replace('*DA*000333444*20240320~', '*DA*000333444~');
    expect(readX12File('835', withoutBpr16).events[0]?.event).toMatchObject({ paidOn: '2024-03-18' });

    const withoutEither = withoutBpr16.replace('DTM*405*20240318~\n', '').replace('SE*25*0001', 'SE*24*0001');
    expect(readX12File('835', withoutEither).events[0]?.event).toMatchObject({ paidOn: '2024-03-20' });
  });

  it('when a secondary payer processed the claim (CLP02 2), then its follow-up at that payer is preferred', () => {
    const text = fixture('835-denied.x12').replace('CLP*PCN-DENY-002*1*', 'CLP*PCN-DENY-002*2*');
    const [secondary, primary] = readX12File('835', text).events;
    expect(secondary).toMatchObject({ claimId: 'PCN-DENY-002', preferredClaimId: 'PCN-DENY-002.S' });
    expect(primary).not.toHaveProperty('preferredClaimId');
  });
});

describe("the README's example 835", () => {
  it('pays CLM-1004 in full and denies CLM-9999 (a claim the README never registers)', () => {
    const file = readX12File('835', readmeExample());
    expect(
      file.events.map(({ claimId, idempotencyKey, event }) => ({ claimId, idempotencyKey, event })),
    ).toEqual([
      {
        claimId: 'CLM-1004',
        idempotencyKey: '835:EXAMPLECH:000004101:4101:0001:CLM-1004:1',
        event: {
          clp02: '1',
          chargeCents: 98_000,
          paidCents: 98_000,
          patientResponsibilityCents: 0,
          adjustments: [],
          remarks: [],
          payerClaimNumber: 'ICN2026100401',
          paidOn: '2026-10-20',
        },
      },
      {
        claimId: 'CLM-9999',
        idempotencyKey: '835:EXAMPLECH:000004101:4101:0001:CLM-9999:2',
        event: expect.objectContaining({
          clp02: '4',
          adjustments: [{ group: 'CO', carc: '50', amountCents: 45_000 }],
        }),
      },
    ]);
  });
});

describe('277 claim status → StatusEvent', () => {
  it('maps the first claim-level STC with its paid amount and the payer claim number; the claim is REF*EJ, not the trace number', () => {
    const file = readX12File('277', fixture('277-paid.x12'));
    expect(file.kind).toBe('277');
    expect(file.events).toEqual([
      expect.objectContaining({
        signal: 'status',
        claimId: 'PCN-PAID-001',
        idempotencyKey: '277:TESTCLEARHOUSE:000000101:101:0001:PCN-PAID-001:1',
        event: { category: 'F1', code: '65', paidCents: 12_000, payerClaimNumber: 'ICN2024000001' },
      }),
    ]);
  });

  it('without REF*EJ the claim is the trace number (TRN02), and a category the taxonomy does not know is passed on for the workflow to judge', () => {
    const text = build277(4100, [{ traceNumber: 'CLM-77', category: 'Z9', code: '1' }]);
    expect(readX12File('277', text).events).toEqual([
      expect.objectContaining({ claimId: 'CLM-77', event: { category: 'Z9', code: '1' } }),
    ]);
  });
});

describe('277CA claim acknowledgment → AcknowledgementEvent', () => {
  it('is told from a 277 by its guide (005010X214) on the same endpoint; A3/A7 with action U are rejections, A2 with WQ an acceptance', () => {
    const file = readX12File('277', fixture('277ca-rejected.x12'));
    expect(file.kind).toBe('277CA');
    expect(
      file.events.map(({ signal, claimId, idempotencyKey, event }) => ({
        signal,
        claimId,
        idempotencyKey,
        event,
      })),
    ).toEqual([
      {
        signal: 'acknowledgement',
        claimId: 'PCN-REJ-301',
        idempotencyKey: '277CA:TESTCLEARHOUSE:000000202:202:0001:PCN-REJ-301:1',
        event: { kind: '277CA', accepted: false, category: 'A3', code: '21' },
      },
      {
        signal: 'acknowledgement',
        claimId: 'PCN-REJ-302',
        idempotencyKey: '277CA:TESTCLEARHOUSE:000000202:202:0001:PCN-REJ-302:2',
        event: { kind: '277CA', accepted: false, category: 'A7', code: '562' },
      },
      {
        signal: 'acknowledgement',
        claimId: 'PCN-ACK-303',
        idempotencyKey: '277CA:TESTCLEARHOUSE:000000202:202:0001:PCN-ACK-303:3',
        event: { kind: '277CA', accepted: true, category: 'A2', code: '20' },
      },
    ]);
  });

  it('keeps a rejection of the whole submission (HL 21), which names no claim; the routine acceptances at that level are not events', () => {
    const text = fixture('277ca-rejected.x12').replace(
      'TRN*2*SUBMIT0202~\nSTC*A1:19:PR*20240302*WQ*520.5~',
      'TRN*2*SUBMIT0202~\nSTC*A3:24:41*20240302*U*520.5~',
    );
    const events = readX12File('277', text).events;
    expect(events).toHaveLength(4);
    expect(events[3]).toEqual({
      signal: 'acknowledgement',
      claimId: null,
      idempotencyKey: '277CA:TESTCLEARHOUSE:000000202:202:0001:information_receiver:SUBMIT0202:1',
      envelope: expect.objectContaining({ groupControlNumber: '202' }),
      segment: 12,
      event: { kind: '277CA', accepted: false, category: 'A3', code: '24' },
    });
  });

  it('accepts the claims of an accepting 277CA', () => {
    const file = readX12File('277', fixture('277ca-accepted.x12'));
    expect(file.kind).toBe('277CA');
    expect(file.events.length).toBeGreaterThan(0);
    for (const event of file.events) expect(event.event).toMatchObject({ kind: '277CA', accepted: true });
  });
});

describe('999 implementation acknowledgment → AcknowledgementEvent', () => {
  it('gives one event per acknowledged transaction set, naming no claim (a 999 acknowledges transaction sets)', () => {
    const file = readX12File('999', build999Rejection(5120, '4021'));
    expect(file.kind).toBe('999');
    expect(file.events).toEqual([
      {
        signal: 'acknowledgement',
        claimId: null,
        idempotencyKey: '999:FAKECLEARING:000005120:5120:0001:4021:276:0001:1',
        envelope: expect.objectContaining({
          interchangeControlNumber: '000005120',
          groupControlNumber: '5120',
        }),
        event: { kind: '999', accepted: false, code: 'R' },
      },
    ]);
  });

  it('gives no event for an accepting 999: there is nothing for a workflow or a person to do', () => {
    const text = build999Rejection(5121, '4021')
      .replace('IK5*R*5~', 'IK5*A~')
      .replace('AK9*R*1*1*0~', 'AK9*A*1*1*1~');
    const file = readX12File('999', text);
    expect(file.interchanges).toEqual([{ senderId: 'FAKECLEARING', controlNumber: '000005121' }]);
    expect(file.events).toEqual([]);
  });
});

describe('reading the file as a whole', () => {
  it('detects the endpoint a file belongs to from its first transaction set', () => {
    expect(detectRoute(fixture('835-paid.x12'))).toBe('835');
    expect(detectRoute(fixture('277-pending.x12'))).toBe('277');
    expect(detectRoute(fixture('277ca-accepted.x12'))).toBe('277');
    expect(detectRoute(build999Rejection(1, '1'))).toBe('999');
    expect(rejection(() => detectRoute(fixture('276-inquiry.x12'))).reason).toMatch(
      /transaction set 276 is not one Tickler ingests/,
    );
  });

  it('rejects a file that is not what the endpoint takes at its ST, and a malformed one at the segment at fault', () => {
    const wrong = rejection(() => readX12File('835', fixture('277-paid.x12')));
    expect(wrong).toMatchObject({ segment: 3, segmentId: 'ST' });
    expect(wrong.reason).toMatch(/is not an 835 remittance advice/);

    const broken = rejection(() => readX12File('835', fixture('malformed-835-bad-amount.x12')));
    expect(broken).toBeInstanceOf(X12ParseError);
    expect(broken.segment).toBeGreaterThan(1);
  });

  it('builds keys from sender, interchange, group and transaction control numbers, the claim and its position', () => {
    expect(
      ingestKey(
        '835',
        {
          interchangeSenderId: 'S',
          interchangeControlNumber: '000000001',
          groupControlNumber: '7',
          transactionControlNumber: '0003',
        },
        'CLM-1',
        2,
      ),
    ).toBe('835:S:000000001:7:0003:CLM-1:2');
  });
});
