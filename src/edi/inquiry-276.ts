/**
 * Writing 276 claim status inquiries (005010X212), and reading them back. Inquiries are grouped under
 * their payer and provider (HL 20 → 21 → 19 → 22); each inquiry is one subscriber-level HL, with a
 * dependent-level HL (23) under it when the patient is not the subscriber. Its TRN02 trace number comes
 * back in the 277, so a response can be matched to its inquiry.
 */
import type { IsoDate } from '../domain/dates';
import { interchangeHeadersOf, readTransactions, type EnvelopeRef, type InterchangeHeader } from './envelope';
import { X12WriteError } from './errors';
import type { Delimiters, X12Segment } from './tokenizer';
import {
  centsAt,
  dateAt,
  dateRangeAt,
  formatCents,
  optional,
  reject,
  required,
  toD8,
  withoutUndefined,
  type DateRange,
} from './values';

/** What a 276 asks about one claim. */
export interface ClaimStatusQuery {
  readonly payer: { readonly name: string; readonly id: string };
  /** The billing provider (2100C, NM1*1P). */
  readonly provider: { readonly name: string; readonly npi: string };
  /** The subscriber (2100D, NM1*IL): the member whose id the payer knows the coverage by. */
  readonly subscriber: {
    readonly lastName: string;
    readonly firstName?: string;
    readonly memberId: string;
    /** DMG at the subscriber level, written only when the subscriber is the patient. */
    readonly dateOfBirth?: IsoDate;
  };
  /**
   * The patient when not the subscriber (a dependent: 2000E HL 23, 2100E NM1*QC). The dependent has no
   * member id of their own in a 276; the claim is found under the subscriber's.
   */
  readonly patient?: {
    readonly lastName: string;
    readonly firstName?: string;
    readonly dateOfBirth?: IsoDate;
  };
  /** REF*EJ: the provider's patient control number (837 CLM01). */
  readonly patientControlNumber?: string;
  /** REF*1K: the payer's claim control number, when known. */
  readonly payerClaimNumber?: string;
  /** AMT*T3: total claim charge. */
  readonly chargeCents?: number;
  /** DTP*472. */
  readonly serviceDates: DateRange;
}

/** One inquiry: the query and the trace number (TRN02, at most 50 characters) that the 277 echoes. */
export interface ClaimStatusInquiry276 extends ClaimStatusQuery {
  readonly traceNumber: string;
}

/** The trading-partner settings of an interchange, the same for every file sent to one clearinghouse. */
export interface X12EnvelopeConfig {
  /** ISA05/ISA06. */
  readonly sender: { readonly qualifier: string; readonly id: string };
  /** ISA07/ISA08. */
  readonly receiver: { readonly qualifier: string; readonly id: string };
  /** GS02. */
  readonly applicationSenderCode: string;
  /** GS03. */
  readonly applicationReceiverCode: string;
  /** ISA15: P production, T test. */
  readonly usage: 'P' | 'T';
  /** 2100B, NM1*41: the submitter, identified by its ETIN. */
  readonly informationReceiver: { readonly name: string; readonly etin: string };
  /** ISA14: ask for a TA1. Default false. */
  readonly acknowledgmentRequested?: boolean;
  /** Default `*`, `^`, `:`, `~`. */
  readonly delimiters?: Partial<Delimiters>;
  /** Write a line break after every segment terminator. Default true. */
  readonly lineBreaks?: boolean;
}

/** The envelope of one file: the partner settings plus this file's control numbers and time. */
export interface Envelope276 extends X12EnvelopeConfig {
  /** ISA13/IEA02, 1 to 999999999. */
  readonly interchangeControlNumber: number;
  /** GS06/GE02; defaults to the interchange control number. */
  readonly groupControlNumber?: number;
  /** ST02/SE02, 4 to 9 characters; default 0001. */
  readonly transactionControlNumber?: string;
  /** BHT03: the submitter's reference for this inquiry batch; default the interchange control number. */
  readonly reference?: string;
  /** Written in UTC into ISA09/10, GS04/05 and BHT04/05. */
  readonly createdAt: Date;
}

const DEFAULT_DELIMITERS: Delimiters = { element: '*', repetition: '^', component: ':', segment: '~' };
const VERSION = '005010X212';

class Writer {
  private readonly segments: string[] = [];

  constructor(private readonly delimiters: Delimiters) {}

  /** Checks a value before it is written: data may never contain a delimiter or a line break. */
  value(field: string, value: string, options: { min?: number; max?: number } = {}): string {
    const { min = 1, max = 80 } = options;
    if (value.length < min || value.length > max) {
      throw new X12WriteError(field, `must be ${min} to ${max} characters, got ${value.length}`);
    }
    const { element, repetition, component, segment } = this.delimiters;
    for (const char of [element, repetition, component, segment, '\r', '\n']) {
      if (value.includes(char))
        throw new X12WriteError(field, `contains the delimiter ${JSON.stringify(char)}`);
    }
    return value;
  }

  segment(id: string, ...elements: string[]): void {
    let last = elements.length;
    while (last > 0 && elements[last - 1] === '') last--;
    this.segments.push([id, ...elements.slice(0, last)].join(this.delimiters.element));
  }

  get count(): number {
    return this.segments.length;
  }

  toString(lineBreaks: boolean): string {
    const terminator = this.delimiters.segment + (lineBreaks ? '\n' : '');
    return this.segments.map((segment) => segment + terminator).join('');
  }
}

function controlNumber(field: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 1 || value > 999_999_999) {
    throw new X12WriteError(field, `must be an integer from 1 to 999999999, got ${value}`);
  }
  return value;
}

function utcParts(date: Date): { d8: string; time: string } {
  if (Number.isNaN(date.getTime())) throw new X12WriteError('createdAt', 'is not a valid date');
  const iso = date.toISOString();
  return { d8: toD8(iso.slice(0, 10)), time: iso.slice(11, 13) + iso.slice(14, 16) };
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): T[][] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return [...groups.values()];
}

/**
 * Writes one interchange holding one 276 transaction set that asks about every inquiry. Throws an
 * {@link X12WriteError} naming the field when a value cannot be written (empty, too long, or containing a
 * delimiter), so an inquiry is never sent half-written.
 */
export function write276(inquiries: readonly ClaimStatusInquiry276[], envelope: Envelope276): string {
  if (inquiries.length === 0) throw new X12WriteError('inquiries', 'must hold at least one inquiry');
  const delimiters = { ...DEFAULT_DELIMITERS, ...envelope.delimiters };
  const chars = [delimiters.element, delimiters.repetition, delimiters.component, delimiters.segment];
  if (new Set(chars).size !== 4 || chars.some((char) => char.length !== 1 || /[A-Za-z0-9 ]/.test(char))) {
    throw new X12WriteError('delimiters', 'must be four different characters, none a letter, digit or space');
  }
  const w = new Writer(delimiters);
  const icn = String(controlNumber('interchangeControlNumber', envelope.interchangeControlNumber)).padStart(
    9,
    '0',
  );
  const gcn = String(
    controlNumber('groupControlNumber', envelope.groupControlNumber ?? envelope.interchangeControlNumber),
  );
  const stcn = w.value('transactionControlNumber', envelope.transactionControlNumber ?? '0001', {
    min: 4,
    max: 9,
  });
  const { d8, time } = utcParts(envelope.createdAt);
  const fixed = (field: string, value: string, width: number): string =>
    w.value(field, value, { max: width }).padEnd(width, ' ');
  /** NM103/NM104 of a person: last name, and first name when known. */
  const names = (field: string, person: { lastName: string; firstName?: string }): string[] => [
    w.value(`${field}.lastName`, person.lastName, { max: 60 }),
    person.firstName === undefined ? '' : w.value(`${field}.firstName`, person.firstName, { max: 35 }),
  ];

  // The ISA is written by hand: its elements are fixed-width and ISA16 is the component separator itself.
  const isa = [
    'ISA',
    '00',
    ' '.repeat(10),
    '00',
    ' '.repeat(10),
    fixed('sender.qualifier', envelope.sender.qualifier, 2),
    fixed('sender.id', envelope.sender.id, 15),
    fixed('receiver.qualifier', envelope.receiver.qualifier, 2),
    fixed('receiver.id', envelope.receiver.id, 15),
    d8.slice(2),
    time,
    delimiters.repetition,
    '00501',
    icn,
    envelope.acknowledgmentRequested ? '1' : '0',
    envelope.usage,
    delimiters.component,
  ].join(delimiters.element);
  w.segment(
    'GS',
    'HR',
    w.value('applicationSenderCode', envelope.applicationSenderCode, { min: 2, max: 15 }),
    w.value('applicationReceiverCode', envelope.applicationReceiverCode, { min: 2, max: 15 }),
    d8,
    time,
    gcn,
    'X',
    VERSION,
  );
  const stIndex = w.count;
  w.segment('ST', '276', stcn, VERSION);
  w.segment('BHT', '0010', '13', w.value('reference', envelope.reference ?? icn, { max: 50 }), d8, time);

  let hl = 0;
  for (const byPayer of groupBy(inquiries, (inquiry) => `${inquiry.payer.id}\u0000${inquiry.payer.name}`)) {
    const payer = byPayer[0]!.payer;
    const payerHl = ++hl;
    w.segment('HL', String(payerHl), '', '20', '1');
    w.segment(
      'NM1',
      'PR',
      '2',
      w.value('payer.name', payer.name, { max: 60 }),
      '',
      '',
      '',
      '',
      'PI',
      w.value('payer.id', payer.id),
    );
    const receiverHl = ++hl;
    w.segment('HL', String(receiverHl), String(payerHl), '21', '1');
    const receiver = envelope.informationReceiver;
    w.segment(
      'NM1',
      '41',
      '2',
      w.value('informationReceiver.name', receiver.name, { max: 60 }),
      '',
      '',
      '',
      '',
      '46',
      w.value('informationReceiver.etin', receiver.etin),
    );
    for (const byProvider of groupBy(
      byPayer,
      (inquiry) => `${inquiry.provider.npi}\u0000${inquiry.provider.name}`,
    )) {
      const provider = byProvider[0]!.provider;
      const providerHl = ++hl;
      w.segment('HL', String(providerHl), String(receiverHl), '19', '1');
      w.segment(
        'NM1',
        '1P',
        '2',
        w.value('provider.name', provider.name, { max: 60 }),
        '',
        '',
        '',
        '',
        'XX',
        w.value('provider.npi', provider.npi, { min: 10, max: 10 }),
      );
      for (const inquiry of byProvider) {
        const { subscriber, patient } = inquiry;
        const subscriberHl = ++hl;
        w.segment('HL', String(subscriberHl), String(providerHl), '22', patient ? '1' : '0');
        if (!patient && subscriber.dateOfBirth !== undefined) {
          w.segment('DMG', 'D8', toD8(subscriber.dateOfBirth));
        }
        w.segment(
          'NM1',
          'IL',
          '1',
          ...names('subscriber', subscriber),
          '',
          '',
          '',
          'MI',
          w.value('subscriber.memberId', subscriber.memberId),
        );
        if (patient) {
          w.segment('HL', String(++hl), String(subscriberHl), '23', '0');
          if (patient.dateOfBirth !== undefined) w.segment('DMG', 'D8', toD8(patient.dateOfBirth));
          w.segment('NM1', 'QC', '1', ...names('patient', patient));
        }
        w.segment('TRN', '1', w.value('traceNumber', inquiry.traceNumber, { max: 50 }));
        if (inquiry.payerClaimNumber !== undefined) {
          w.segment('REF', '1K', w.value('payerClaimNumber', inquiry.payerClaimNumber, { max: 50 }));
        }
        if (inquiry.patientControlNumber !== undefined) {
          w.segment('REF', 'EJ', w.value('patientControlNumber', inquiry.patientControlNumber, { max: 50 }));
        }
        if (inquiry.chargeCents !== undefined) {
          if (!Number.isSafeInteger(inquiry.chargeCents) || inquiry.chargeCents < 0) {
            throw new X12WriteError(
              'chargeCents',
              `must be a non-negative integer, got ${inquiry.chargeCents}`,
            );
          }
          w.segment('AMT', 'T3', formatCents(inquiry.chargeCents));
        }
        const { from, to } = inquiry.serviceDates;
        if (!(from <= to)) throw new X12WriteError('serviceDates', `end ${to} is before start ${from}`);
        w.segment('DTP', '472', 'RD8', `${toD8(from)}-${toD8(to)}`);
      }
    }
  }
  w.segment('SE', String(w.count - stIndex + 1), stcn);
  w.segment('GE', '1', gcn);
  w.segment('IEA', '1', icn);
  const lineBreaks = envelope.lineBreaks ?? true;
  return isa + delimiters.segment + (lineBreaks ? '\n' : '') + w.toString(lineBreaks);
}

/** An inquiry read back from a 276, with the envelope it came in. */
export interface ReadInquiry276 extends ClaimStatusInquiry276, EnvelopeRef {
  readonly segment: number;
}

export interface Inquiry276File {
  readonly interchanges: readonly InterchangeHeader[];
  readonly inquiries: readonly ReadInquiry276[];
}

function partyIds(segment: X12Segment): { name: string; id: string } {
  return { name: required(segment, 3, 'name'), id: required(segment, 9, 'identification code') };
}

/**
 * Reads a 276 file (005010X212) written by {@link write276} or a provider system that follows the same
 * shape (the claim under the subscriber level, or under a dependent level when the patient is not the
 * subscriber). Throws an X12ParseError naming the segment for anything else.
 */
export function parse276(text: string): Inquiry276File {
  const transactions = readTransactions(text, {
    id: '276',
    functionalId: 'HR',
    version: VERSION,
    name: 'a 276 claim status inquiry',
  });
  const inquiries: ReadInquiry276[] = [];
  for (const { transaction, ref } of transactions) {
    const [bht, ...body] = transaction.segments;
    if (bht?.id !== 'BHT') throw reject(bht ?? transaction.header, 'a 276 must start with BHT after ST');
    let payer: ClaimStatusQuery['payer'] | undefined;
    let provider: ClaimStatusQuery['provider'] | undefined;
    let level = '';
    let dateOfBirth: IsoDate | undefined;
    let subscriber: ClaimStatusQuery['subscriber'] | undefined;
    let patient: ClaimStatusQuery['patient'];
    let current:
      | { trn: X12Segment; refs: Map<string, string>; chargeCents?: number; serviceDates?: DateRange }
      | undefined;
    const finish = (): void => {
      if (!current) return;
      if (!payer || !provider || !subscriber)
        throw reject(current.trn, 'the inquiry has no payer, provider or subscriber');
      if (!current.serviceDates) throw reject(current.trn, 'the inquiry has no DTP*472 service dates');
      inquiries.push(
        withoutUndefined({
          ...ref,
          traceNumber: required(current.trn, 2, 'trace number'),
          payer,
          provider,
          subscriber,
          patient,
          patientControlNumber: current.refs.get('EJ'),
          payerClaimNumber: current.refs.get('1K'),
          chargeCents: current.chargeCents,
          serviceDates: current.serviceDates,
          segment: current.trn.position,
        }),
      );
      current = undefined;
    };
    for (const segment of body) {
      switch (segment.id) {
        case 'HL':
          finish();
          level = required(segment, 3, 'hierarchical level code');
          if (!['20', '21', '19', '22', '23'].includes(level)) {
            throw reject(
              segment,
              `HL03 level ${JSON.stringify(level)} is not read: inquiries are written at subscriber (22) or dependent (23) level`,
            );
          }
          if (level === '23' && !subscriber)
            throw reject(segment, 'a dependent level (23) needs a subscriber before it');
          dateOfBirth = undefined;
          if (level !== '23') subscriber = undefined;
          patient = undefined;
          break;
        case 'DMG':
          if (level !== '22' && level !== '23')
            throw reject(segment, 'DMG outside a subscriber or dependent level');
          dateOfBirth = dateAt(segment, 2);
          break;
        case 'NM1': {
          const entity = required(segment, 1, 'entity identifier code');
          if (level === '20' && entity === 'PR') payer = partyIds(segment);
          else if (level === '19' && entity === '1P') {
            const ids = partyIds(segment);
            provider = { name: ids.name, npi: ids.id };
          } else if (level === '22' && entity === 'IL') {
            subscriber = withoutUndefined({
              lastName: required(segment, 3, 'subscriber last name'),
              firstName: optional(segment, 4),
              memberId: required(segment, 9, 'member identification number'),
              dateOfBirth,
            });
          } else if (level === '23' && entity === 'QC') {
            patient = withoutUndefined({
              lastName: required(segment, 3, 'patient last name'),
              firstName: optional(segment, 4),
              dateOfBirth,
            });
          } else if (!(level === '21' && entity === '41')) {
            throw reject(segment, `NM1*${entity} does not belong in HL level ${level || '(none)'}`);
          }
          break;
        }
        case 'TRN':
          if (level !== '22' && level !== '23')
            throw reject(segment, 'TRN outside a subscriber or dependent level');
          finish();
          current = { trn: segment, refs: new Map() };
          break;
        case 'REF':
          if (!current) throw reject(segment, 'REF before the TRN of its inquiry');
          current.refs.set(
            required(segment, 1, 'reference identification qualifier'),
            required(segment, 2, 'reference identification'),
          );
          break;
        case 'AMT':
          if (!current) throw reject(segment, 'AMT before the TRN of its inquiry');
          if (segment.element(1) === 'T3') current.chargeCents = centsAt(segment, 2);
          break;
        case 'DTP':
          if (!current) throw reject(segment, 'DTP before the TRN of its inquiry');
          if (required(segment, 1, 'date time qualifier') === '472')
            current.serviceDates = dateRangeAt(segment, 2);
          break;
        default:
          throw reject(
            segment,
            `segment ${segment.id} is not part of a 276 claim status inquiry as Tickler writes it`,
          );
      }
    }
    finish();
  }
  const interchanges = interchangeHeadersOf(transactions);
  return { interchanges, inquiries };
}
