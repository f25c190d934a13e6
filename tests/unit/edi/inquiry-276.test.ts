import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  parse276,
  readInterchanges,
  tokenize,
  write276,
  X12WriteError,
  type ClaimStatusInquiry276,
  type Envelope276,
  type ReadInquiry276,
} from '../../../src/edi';
import { fixture } from './x12-builders';

const envelope: Envelope276 = {
  sender: { qualifier: 'ZZ', id: 'TICKLERTEST' },
  receiver: { qualifier: 'ZZ', id: 'TESTCLEARHOUSE' },
  applicationSenderCode: 'TICKLER',
  applicationReceiverCode: 'TESTCH',
  usage: 'T',
  informationReceiver: { name: 'TICKLER TEST BILLING', etin: 'TICKLERETIN' },
  interchangeControlNumber: 4021,
  createdAt: new Date('2024-03-14T08:05:00Z'),
};

const first: ClaimStatusInquiry276 = {
  traceNumber: 'TRACE-WRITE-0001',
  payer: { name: 'ACME TEST HEALTH PLAN', id: 'TESTPAYER01' },
  provider: { name: 'EXAMPLE TEST CLINIC', npi: '1999999992' },
  subscriber: {
    lastName: 'FAKEPATIENT',
    firstName: 'ALPHA',
    memberId: 'ZZM000000001',
    dateOfBirth: '1980-01-01',
  },
  patientControlNumber: 'PCN-PAID-001',
  payerClaimNumber: 'ICN2024000001',
  chargeCents: 15050,
  serviceDates: { from: '2024-02-01', to: '2024-02-02' },
};

const second: ClaimStatusInquiry276 = {
  traceNumber: 'TRACE-WRITE-0002',
  payer: { name: 'ACME TEST HEALTH PLAN', id: 'TESTPAYER01' },
  provider: { name: 'SECOND TEST PRACTICE', npi: '1888888885' },
  subscriber: { lastName: 'FAKEPATIENT', memberId: 'ZZM000000011' },
  serviceDates: { from: '2024-03-08', to: '2024-03-08' },
};

const third: ClaimStatusInquiry276 = {
  ...second,
  traceNumber: 'TRACE-WRITE-0003',
  payer: { name: 'OTHER TEST PAYER', id: 'TESTPAYER02' },
};

/** The inquiry without the envelope it was read from. */
function strip(inquiry: ReadInquiry276): ClaimStatusInquiry276 {
  const {
    segment: _segment,
    interchangeSenderId: _sender,
    interchangeControlNumber: _icn,
    groupControlNumber: _gcn,
    transactionControlNumber: _stcn,
    ...rest
  } = inquiry;
  return rest;
}

describe('write276 (005010X212 claim status inquiry)', () => {
  it('writes a valid interchange: ISA13/IEA02, GS06/GE02 and ST02/SE02 match and every count is right', () => {
    const text = write276([first, second, third], envelope);
    const [interchange] = readInterchanges(text);
    expect(interchange?.header).toMatchObject({
      controlNumber: '000004021',
      senderId: 'TICKLERTEST',
      receiverId: 'TESTCLEARHOUSE',
    });
    expect(interchange?.groups).toHaveLength(1);
    expect(interchange?.groups[0]).toMatchObject({
      functionalId: 'HR',
      controlNumber: '4021',
      version: '005010X212',
    });
    expect(
      interchange?.groups[0]?.transactions.map((transaction) => [transaction.id, transaction.controlNumber]),
    ).toEqual([['276', '0001']]);
  });

  it('writes the ISA at its fixed width of 106 characters, with the dates and times in UTC', () => {
    const text = write276([first], envelope);
    expect(text.indexOf('~')).toBe(105);
    expect(text.slice(0, 106)).toBe(
      'ISA*00*          *00*          *ZZ*TICKLERTEST    *ZZ*TESTCLEARHOUSE *240314*0805*^*00501*000004021*0*T*:~',
    );
    expect(text).toContain('GS*HR*TICKLER*TESTCH*20240314*0805*4021*X*005010X212~');
  });

  it('groups inquiries by payer, then provider, under the HL hierarchy 20 → 21 → 19 → 22', () => {
    const levels = tokenize(write276([first, second, third], envelope))
      .filter((segment) => segment.id === 'HL')
      .map((segment) => [segment.element(1), segment.element(2), segment.element(3)]);
    expect(levels).toEqual([
      ['1', '', '20'],
      ['2', '1', '21'],
      ['3', '2', '19'],
      ['4', '3', '22'],
      ['5', '2', '19'],
      ['6', '5', '22'],
      ['7', '', '20'],
      ['8', '7', '21'],
      ['9', '8', '19'],
      ['10', '9', '22'],
    ]);
  });

  it('puts a dependent patient under the subscriber (HL 22 → 23, NM1*QC) with the claim loop beneath it', () => {
    const dependent: ClaimStatusInquiry276 = {
      ...first,
      traceNumber: 'TRACE-WRITE-DEP1',
      patient: { lastName: 'FAKECHILD', firstName: 'BRAVO', dateOfBirth: '2015-06-30' },
    };
    const segments = tokenize(write276([dependent], envelope));
    const ids = segments.slice(segments.findIndex((segment) => segment.element(3) === '22'));
    expect(ids.map((segment) => [segment.id, segment.element(1), segment.element(3)])).toEqual([
      ['HL', '4', '22'],
      ['NM1', 'IL', 'FAKEPATIENT'],
      ['HL', '5', '23'],
      ['DMG', 'D8', ''],
      ['NM1', 'QC', 'FAKECHILD'],
      ['TRN', '1', ''],
      ['REF', '1K', ''],
      ['REF', 'EJ', ''],
      ['AMT', 'T3', ''],
      ['DTP', '472', '20240201-20240202'],
      ['SE', '19', ''], // ST to SE: 19 segments
      ['GE', '1', ''],
      ['IEA', '1', ''],
    ]);
    // The subscriber level says it has a child; no subscriber DMG, since the subscriber is not the patient.
    expect(ids[0]?.element(4)).toBe('1');
    expect(ids[3]?.element(2)).toBe('20150630');
    const [read] = parse276(write276([dependent], envelope)).inquiries.map(strip);
    const { dateOfBirth: _dateOfBirth, ...subscriber } = first.subscriber;
    expect(read).toEqual({ ...dependent, subscriber });
  });

  it('round trip: what write276 writes, parse276 reads back as the same inquiries', () => {
    const text = write276([first, second, third], envelope);
    const read = parse276(text);
    expect(read.inquiries.map(strip)).toEqual([first, second, third]);
    expect(read.inquiries[0]).toMatchObject({
      interchangeControlNumber: '000004021',
      groupControlNumber: '4021',
    });
  });

  it('round trip holds for generated inquiries, with or without line breaks and with other delimiters', () => {
    const text = fc.stringMatching(/^[A-Z0-9][A-Z0-9 .-]{0,19}$/);
    const date = fc
      .date({
        min: new Date('2000-01-01T00:00:00Z'),
        max: new Date('2099-12-31T00:00:00Z'),
        noInvalidDate: true,
      })
      .map((d) => d.toISOString().slice(0, 10));
    const inquiry = fc.record({
      traceNumber: fc.stringMatching(/^[A-Z0-9]{1,50}$/),
      payer: fc.record({ name: text, id: fc.stringMatching(/^[A-Z0-9]{2,12}$/) }),
      provider: fc.record({ name: text, npi: fc.stringMatching(/^\d{10}$/) }),
      subscriber: fc.record(
        {
          lastName: text,
          firstName: text,
          memberId: fc.stringMatching(/^[A-Z0-9]{1,20}$/),
          dateOfBirth: date,
        },
        { requiredKeys: ['lastName', 'memberId'] },
      ),
      patient: fc.option(
        fc.record({ lastName: text, firstName: text, dateOfBirth: date }, { requiredKeys: ['lastName'] }),
        { nil: undefined },
      ),
      patientControlNumber: fc.option(fc.stringMatching(/^[A-Z0-9-]{1,38}$/), { nil: undefined }),
      payerClaimNumber: fc.option(fc.stringMatching(/^[A-Z0-9]{1,30}$/), { nil: undefined }),
      chargeCents: fc.option(fc.integer({ min: 0, max: 99_999_999_99 }), { nil: undefined }),
      serviceDates: fc.tuple(date, date).map(([a, b]) => (a <= b ? { from: a, to: b } : { from: b, to: a })),
    });
    fc.assert(
      fc.property(
        fc.array(inquiry, { minLength: 1, maxLength: 6 }),
        fc.boolean(),
        fc.constantFrom({}, { element: '|', component: '>', repetition: '!', segment: '\n' }),
        (inquiries, lineBreaks, delimiters) => {
          const defined = inquiries.map((one) => JSON.parse(JSON.stringify(one)) as ClaimStatusInquiry276);
          const written = write276(defined, { ...envelope, lineBreaks, delimiters });
          const read = parse276(written).inquiries.map(strip);
          // The subscriber's date of birth is written only when the subscriber is the patient.
          const expected = defined.map((one) => {
            if (!one.patient) return one;
            const { dateOfBirth: _dateOfBirth, ...subscriber } = one.subscriber;
            return { ...one, subscriber };
          });
          // Inquiries come back grouped by payer and provider; compare as sets keyed by trace number.
          const sort = (list: readonly ClaimStatusInquiry276[]): ClaimStatusInquiry276[] =>
            [...list].sort((a, b) =>
              a.traceNumber < b.traceNumber ? -1 : a.traceNumber > b.traceNumber ? 1 : 0,
            );
          expect(sort(read)).toEqual(sort(expected));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('refuses a value that holds a delimiter, naming the field, instead of writing a broken file', () => {
    expect(() => write276([{ ...first, patientControlNumber: 'PCN*1' }], envelope)).toThrow(
      new X12WriteError('patientControlNumber', 'contains the delimiter "*"'),
    );
    expect(() => write276([{ ...first, traceNumber: 'A~B' }], envelope)).toThrow(
      /traceNumber contains the delimiter "~"/,
    );
  });

  it('refuses a sender id longer than ISA06, a bad control number, a bad NPI, reversed dates and an empty batch', () => {
    expect(() => write276([first], { ...envelope, sender: { qualifier: 'ZZ', id: 'A'.repeat(16) } })).toThrow(
      /sender.id must be 1 to 15/,
    );
    expect(() => write276([first], { ...envelope, interchangeControlNumber: 1_000_000_000 })).toThrow(
      /interchangeControlNumber/,
    );
    expect(() => write276([{ ...first, provider: { name: 'X', npi: '123' } }], envelope)).toThrow(
      /provider.npi must be 10 to 10/,
    );
    expect(() =>
      write276([{ ...first, serviceDates: { from: '2024-02-02', to: '2024-02-01' } }], envelope),
    ).toThrow(/serviceDates end 2024-02-01 is before start 2024-02-02/);
    expect(() => write276([], envelope)).toThrow(/at least one inquiry/);
  });
});

describe('parse276', () => {
  it('reads a 276 fixture with two providers', () => {
    const file = parse276(fixture('276-inquiry.x12'));
    expect(file.inquiries.map(strip)).toEqual([
      {
        traceNumber: 'TRACE-PAID-0001',
        payer: { name: 'ACME TEST HEALTH PLAN', id: 'TESTPAYER01' },
        provider: { name: 'EXAMPLE TEST CLINIC', npi: '1999999992' },
        subscriber: {
          lastName: 'FAKEPATIENT',
          firstName: 'ALPHA',
          memberId: 'ZZM000000001',
          dateOfBirth: '1980-01-01',
        },
        patientControlNumber: 'PCN-PAID-001',
        payerClaimNumber: 'ICN2024000001',
        chargeCents: 15000,
        serviceDates: { from: '2024-02-01', to: '2024-02-01' },
      },
      {
        traceNumber: 'TRACE-MULTI-0012',
        payer: { name: 'ACME TEST HEALTH PLAN', id: 'TESTPAYER01' },
        provider: { name: 'SECOND TEST PRACTICE', npi: '1888888885' },
        subscriber: { lastName: 'FAKEPATIENT', firstName: 'LIMA', memberId: 'ZZM000000011' },
        patientControlNumber: 'PCN-MULTI-012',
        chargeCents: 8250,
        serviceDates: { from: '2024-03-08', to: '2024-03-08' },
      },
    ]);
  });

  it('rejects a 277 given to the 276 reader', () => {
    expect(() => parse276(fixture('277-paid.x12'))).toThrow(/is not a 276 claim status inquiry/);
  });
});
