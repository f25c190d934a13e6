/**
 * The X12 envelope: interchanges (ISA/IEA) holding functional groups (GS/GE) holding transaction sets
 * (ST/SE). Reading checks nesting, control numbers and counts for the whole file before anything is
 * returned, so a caller never acts on half of a broken file.
 */
import { X12ParseError } from './errors';
import { tokenize, type Delimiters, type X12Segment } from './tokenizer';
import { reject, required } from './values';

export interface InterchangeHeader {
  /** ISA13, nine digits as written. */
  readonly controlNumber: string;
  readonly senderQualifier: string;
  /** ISA06 without its padding. */
  readonly senderId: string;
  readonly receiverQualifier: string;
  /** ISA08 without its padding. */
  readonly receiverId: string;
  /** ISA09, YYMMDD as written. */
  readonly date: string;
  /** ISA10, HHMM as written. */
  readonly time: string;
  readonly usage: 'P' | 'T';
  readonly position: number;
}

/** An interchange acknowledgment (TA1): the receiver's verdict on one interchange's envelope. */
export interface InterchangeAcknowledgment {
  /** TA101: the control number of the acknowledged interchange. */
  readonly controlNumber: string;
  /** TA104: A accepted, E accepted with errors, R rejected. */
  readonly status: string;
  /** TA105: the interchange note code. */
  readonly noteCode: string;
  readonly position: number;
}

export interface TransactionSet {
  /** ST01, e.g. 277 or 835. */
  readonly id: string;
  /** ST02. */
  readonly controlNumber: string;
  /** ST03, or GS08 when ST03 is empty, e.g. 005010X212. */
  readonly version: string;
  readonly header: X12Segment;
  /** The segments between ST and SE. */
  readonly segments: readonly X12Segment[];
}

export interface FunctionalGroup {
  /** GS01, e.g. HN (277), HP (835), HR (276), FA (999). */
  readonly functionalId: string;
  readonly senderCode: string;
  readonly receiverCode: string;
  /** GS06 as written. */
  readonly controlNumber: string;
  /** GS08, e.g. 005010X221A1. */
  readonly version: string;
  readonly header: X12Segment;
  readonly transactions: readonly TransactionSet[];
}

export interface Interchange {
  readonly header: InterchangeHeader;
  readonly delimiters: Delimiters;
  readonly acknowledgments: readonly InterchangeAcknowledgment[];
  readonly groups: readonly FunctionalGroup[];
}

/** Where a piece of data came from: the control numbers that identify it across files. */
export interface EnvelopeRef {
  /** ISA06 without padding: interchange control numbers are unique per sender. */
  readonly interchangeSenderId: string;
  readonly interchangeControlNumber: string;
  readonly groupControlNumber: string;
  readonly transactionControlNumber: string;
}

interface OpenTransaction {
  header: X12Segment;
  segments: X12Segment[];
}

interface OpenGroup {
  header: X12Segment;
  transactions: TransactionSet[];
  open?: OpenTransaction;
}

interface OpenInterchange {
  header: X12Segment;
  acknowledgments: InterchangeAcknowledgment[];
  groups: FunctionalGroup[];
  open?: OpenGroup;
}

function count(segment: X12Segment, n: number, what: string): number {
  const value = required(segment, n, what);
  if (!/^\d{1,10}$/.test(value)) {
    throw reject(
      segment,
      `${segment.id}${String(n).padStart(2, '0')} (${what}) must be a number, found ${JSON.stringify(value)}`,
    );
  }
  return Number(value);
}

/** Control numbers are numeric in GS/GE and ISA/IEA: 17 and 000000017 name the same group. */
function sameControlNumber(a: string, b: string): boolean {
  return a === b || (/^\d+$/.test(a) && /^\d+$/.test(b) && BigInt(a) === BigInt(b));
}

function closeTransaction(group: OpenGroup, trailer: X12Segment): void {
  const open = group.open;
  if (!open) throw reject(trailer, 'SE without a matching ST');
  const declared = count(trailer, 1, 'number of included segments');
  const actual = open.segments.length + 2;
  if (declared !== actual) {
    throw reject(
      trailer,
      `SE01 says ${declared} segments but transaction set ${open.header.element(2)} (ST at segment ${open.header.position}) has ${actual}, ST and SE included`,
    );
  }
  const controlNumber = required(open.header, 2, 'transaction set control number');
  if (trailer.element(2) !== controlNumber) {
    throw reject(
      trailer,
      `SE02 control number ${JSON.stringify(trailer.element(2))} does not match ST02 ${JSON.stringify(controlNumber)} at segment ${open.header.position}`,
    );
  }
  const duplicate = group.transactions.find((transaction) => transaction.controlNumber === controlNumber);
  if (duplicate) {
    throw reject(
      open.header,
      `ST02 control number ${JSON.stringify(controlNumber)} is used twice in one functional group (also at segment ${duplicate.header.position})`,
    );
  }
  group.transactions.push({
    id: required(open.header, 1, 'transaction set identifier code'),
    controlNumber,
    version: open.header.element(3) || group.header.element(8),
    header: open.header,
    segments: open.segments,
  });
  delete group.open;
}

function closeGroup(interchange: OpenInterchange, trailer: X12Segment): void {
  const group = interchange.open;
  if (!group) throw reject(trailer, 'GE without a matching GS');
  if (group.open) {
    throw reject(
      trailer,
      `GE before the SE of the transaction set opened by ST at segment ${group.open.header.position}`,
    );
  }
  const declared = count(trailer, 1, 'number of transaction sets included');
  if (declared !== group.transactions.length) {
    throw reject(
      trailer,
      `GE01 says ${declared} transaction sets but the group (GS at segment ${group.header.position}) has ${group.transactions.length}`,
    );
  }
  const controlNumber = required(group.header, 6, 'group control number');
  if (!/^\d{1,9}$/.test(controlNumber)) {
    throw reject(
      group.header,
      `GS06 group control number must be 1 to 9 digits, found ${JSON.stringify(controlNumber)}`,
    );
  }
  if (!sameControlNumber(trailer.element(2), controlNumber)) {
    throw reject(
      trailer,
      `GE02 control number ${JSON.stringify(trailer.element(2))} does not match GS06 ${JSON.stringify(controlNumber)} at segment ${group.header.position}`,
    );
  }
  const duplicate = interchange.groups.find((existing) =>
    sameControlNumber(existing.controlNumber, controlNumber),
  );
  if (duplicate) {
    throw reject(
      group.header,
      `GS06 control number ${JSON.stringify(controlNumber)} is used twice in one interchange (also at segment ${duplicate.header.position})`,
    );
  }
  interchange.groups.push({
    functionalId: required(group.header, 1, 'functional identifier code'),
    senderCode: group.header.element(2),
    receiverCode: group.header.element(3),
    controlNumber,
    version: required(group.header, 8, 'version / release / industry identifier code'),
    header: group.header,
    transactions: group.transactions,
  });
  delete interchange.open;
}

function closeInterchange(interchange: OpenInterchange, trailer: X12Segment): Interchange {
  if (interchange.open) {
    throw reject(
      trailer,
      `IEA before the GE of the functional group opened by GS at segment ${interchange.open.header.position}`,
    );
  }
  const isa = interchange.header;
  const declared = count(trailer, 1, 'number of included functional groups');
  if (declared !== interchange.groups.length) {
    throw reject(
      trailer,
      `IEA01 says ${declared} functional groups but the interchange (ISA at segment ${isa.position}) has ${interchange.groups.length}`,
    );
  }
  if (!sameControlNumber(trailer.element(2), isa.element(13))) {
    throw reject(
      trailer,
      `IEA02 control number ${JSON.stringify(trailer.element(2))} does not match ISA13 ${JSON.stringify(isa.element(13))} at segment ${isa.position}`,
    );
  }
  return {
    header: {
      controlNumber: isa.element(13),
      senderQualifier: isa.element(5),
      senderId: isa.element(6).trimEnd(),
      receiverQualifier: isa.element(7),
      receiverId: isa.element(8).trimEnd(),
      date: isa.element(9),
      time: isa.element(10),
      usage: isa.element(15) === 'P' ? 'P' : 'T',
      position: isa.position,
    },
    delimiters: isa.delimiters,
    acknowledgments: interchange.acknowledgments,
    groups: interchange.groups,
  };
}

/**
 * Reads every interchange in `text`. Throws an {@link X12ParseError} naming the segment and the reason
 * when the envelope is broken anywhere in the file: a malformed ISA, segments outside their envelope,
 * an envelope left open at the end of the file, a control number in IEA/GE/SE that does not match its
 * header, a count in IEA01/GE01/SE01 that is wrong, or a control number used twice.
 */
export function readInterchanges(text: string): Interchange[] {
  const interchanges: Interchange[] = [];
  let current: OpenInterchange | undefined;
  for (const segment of tokenize(text)) {
    if (segment.id === 'ISA') {
      if (current) {
        throw reject(
          segment,
          `ISA before the IEA of the interchange opened at segment ${current.header.position}`,
        );
      }
      current = { header: segment, acknowledgments: [], groups: [] };
      continue;
    }
    if (!current) throw reject(segment, `${segment.id} outside an interchange (after IEA, before ISA)`);
    const group = current.open;
    switch (segment.id) {
      case 'IEA':
        interchanges.push(closeInterchange(current, segment));
        current = undefined;
        break;
      case 'TA1':
        if (group) throw reject(segment, 'TA1 inside a functional group');
        current.acknowledgments.push({
          controlNumber: required(segment, 1, 'interchange control number'),
          status: required(segment, 4, 'interchange acknowledgment code'),
          noteCode: segment.element(5),
          position: segment.position,
        });
        break;
      case 'GS':
        if (group) {
          throw reject(
            segment,
            `GS before the GE of the functional group opened at segment ${group.header.position}`,
          );
        }
        current.open = { header: segment, transactions: [] };
        break;
      case 'GE':
        closeGroup(current, segment);
        break;
      case 'ST':
        if (!group) throw reject(segment, 'ST outside a functional group (no open GS)');
        if (group.open) {
          throw reject(
            segment,
            `ST before the SE of the transaction set opened at segment ${group.open.header.position}`,
          );
        }
        group.open = { header: segment, segments: [] };
        break;
      case 'SE':
        if (!group) throw reject(segment, 'SE outside a functional group (no open GS)');
        closeTransaction(group, segment);
        break;
      default:
        if (!group?.open) throw reject(segment, `${segment.id} outside a transaction set (no open ST)`);
        group.open.segments.push(segment);
    }
  }
  if (current) {
    const opener = current.open?.open?.header ?? current.open?.header ?? current.header;
    const closer = opener.id === 'ST' ? 'SE' : opener.id === 'GS' ? 'GE' : 'IEA';
    throw new X12ParseError(
      opener.position,
      opener.id,
      `the file ends before the ${closer} that closes this ${opener.id}`,
    );
  }
  return interchanges;
}

/** A transaction set with the envelope it came in. */
export interface EnvelopedTransaction {
  readonly interchange: Interchange;
  readonly group: FunctionalGroup;
  readonly transaction: TransactionSet;
  readonly ref: EnvelopeRef;
}

/** Every transaction set of the file, in order, with its envelope. */
export function transactionsOf(interchanges: readonly Interchange[]): EnvelopedTransaction[] {
  return interchanges.flatMap((interchange) =>
    interchange.groups.flatMap((group) =>
      group.transactions.map((transaction) => ({
        interchange,
        group,
        transaction,
        ref: {
          interchangeSenderId: interchange.header.senderId,
          interchangeControlNumber: interchange.header.controlNumber,
          groupControlNumber: group.controlNumber,
          transactionControlNumber: transaction.controlNumber,
        },
      })),
    ),
  );
}

/** The headers of the interchanges the transactions came in, once each, in file order. */
export function interchangeHeadersOf(transactions: readonly EnvelopedTransaction[]): InterchangeHeader[] {
  return [...new Set(transactions.map(({ interchange }) => interchange))].map(({ header }) => header);
}

/** What a transaction set must be for a reader: its ST01, the GS01 of its group, and its guide. */
export interface TransactionKind {
  readonly id: string;
  readonly functionalId: string;
  readonly version: string;
  /** With its article, for messages: "an 835 remittance advice". */
  readonly name: string;
}

/**
 * Reads the file and checks that every transaction set is of `kind`: a file holding anything else is
 * rejected at the ST of the first transaction set that is not.
 */
export function readTransactions(text: string, kind: TransactionKind): EnvelopedTransaction[] {
  const transactions = transactionsOf(readInterchanges(text));
  for (const { group, transaction } of transactions) {
    const found = `${transaction.id} (${transaction.version || 'no version'})`;
    if (transaction.id !== kind.id || transaction.version !== kind.version) {
      throw reject(
        transaction.header,
        `transaction set ${found} is not ${kind.name} (${kind.id}, ${kind.version})`,
      );
    }
    if (group.functionalId !== kind.functionalId) {
      throw reject(
        group.header,
        `functional group ${group.functionalId} cannot hold ${kind.name}; its GS01 must be ${kind.functionalId}`,
      );
    }
  }
  if (transactions.length === 0) {
    throw new X12ParseError(1, 'ISA', `the file holds no transaction set; expected ${kind.name}`);
  }
  return transactions;
}
