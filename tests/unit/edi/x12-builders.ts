/**
 * Test helpers that write X12 from segment lists (the counts and control numbers come out right by
 * construction), shared by the EDI unit tests and the fake clearinghouse of the x12-channel test.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { formatCents, X12ParseError, type Delimiters } from '../../../src/edi';

export const fixturesDir = path.resolve(__dirname, '../../fixtures/x12');

/** A fixture file's text, byte for byte. */
export function fixture(name: string): string {
  return readFileSync(path.join(fixturesDir, name), 'utf8');
}

/** The X12ParseError `read` throws; fails the test when it throws nothing or something else. */
export function rejection(read: () => unknown): X12ParseError {
  try {
    read();
  } catch (error) {
    if (error instanceof X12ParseError) return error;
    throw error;
  }
  throw new Error('expected the file to be rejected');
}

export const standardDelimiters: Delimiters = { element: '*', repetition: '^', component: ':', segment: '~' };

export interface InterchangeSpec {
  readonly controlNumber: number;
  readonly functionalId: string;
  readonly version: string;
  /** Each transaction set's body: segments between ST and SE, elements as arrays (components joined with ':'). */
  readonly transactions: readonly (readonly (readonly string[])[])[];
  readonly transactionId: string;
  readonly delimiters?: Delimiters;
  readonly sender?: string;
  readonly receiver?: string;
}

/** The segments of one interchange, each an array of elements with the segment id first. */
export function interchangeSegments(spec: InterchangeSpec): string[][] {
  const d = spec.delimiters ?? standardDelimiters;
  const icn = String(spec.controlNumber).padStart(9, '0');
  const gcn = String(spec.controlNumber);
  const isa = [
    'ISA',
    '00',
    ' '.repeat(10),
    '00',
    ' '.repeat(10),
    'ZZ',
    (spec.sender ?? 'FAKECLEARING').padEnd(15),
    'ZZ',
    (spec.receiver ?? 'TICKLERTEST').padEnd(15),
    '240401',
    '1200',
    d.repetition,
    '00501',
    icn,
    '0',
    'T',
    d.component,
  ];
  const segments: string[][] = [isa];
  segments.push(['GS', spec.functionalId, 'FAKECH', 'TICKLER', '20240401', '1200', gcn, 'X', spec.version]);
  spec.transactions.forEach((body, index) => {
    const stcn = String(index + 1).padStart(4, '0');
    segments.push(['ST', spec.transactionId, stcn, spec.version]);
    for (const segment of body) segments.push(segment.map((element) => element.replaceAll(':', d.component)));
    segments.push(['SE', String(body.length + 2), stcn]);
  });
  segments.push(['GE', String(spec.transactions.length), gcn]);
  segments.push(['IEA', '1', icn]);
  return segments;
}

/** Joins segments with the delimiters and what follows each terminator ('', '\n', '\r\n'). */
export function joinSegments(
  segments: readonly (readonly string[])[],
  d = standardDelimiters,
  after = '\n',
): string {
  return segments.map((segment) => segment.join(d.element) + d.segment + after).join('');
}

/** One answer the fake clearinghouse gives for a 276 inquiry. */
export interface ScriptedStatus {
  readonly traceNumber: string;
  readonly patientControlNumber?: string;
  readonly category: string;
  readonly code?: string;
  readonly paidCents?: number;
  readonly chargeCents?: number;
  readonly payerClaimNumber?: string;
}

/** A 277 (005010X212) answering each inquiry with one claim-level STC. */
export function build277(controlNumber: number, answers: readonly ScriptedStatus[]): string {
  const body: string[][] = [
    ['BHT', '0010', '08', `ANSWER${controlNumber}`, '20240401', '1200', 'DG'],
    ['HL', '1', '', '20', '1'],
    ['NM1', 'PR', '2', 'FAKE PAYER OF TESTS', '', '', '', '', 'PI', 'FAKEPAYER'],
    ['HL', '2', '1', '21', '1'],
    ['NM1', '41', '2', 'TICKLER TEST BILLING', '', '', '', '', '46', 'TICKLERETIN'],
    ['HL', '3', '2', '19', '1'],
    ['NM1', '1P', '2', 'EXAMPLE TEST CLINIC', '', '', '', '', 'XX', '1999999992'],
  ];
  answers.forEach((answer, index) => {
    body.push(['HL', String(index + 4), '3', '22', '0']);
    body.push([
      'NM1',
      'IL',
      '1',
      'FAKEPATIENT',
      'ZULU',
      '',
      '',
      '',
      'MI',
      `ZZM9${String(index).padStart(8, '0')}`,
    ]);
    body.push(['TRN', '2', answer.traceNumber]);
    const composite = answer.code === undefined ? answer.category : `${answer.category}:${answer.code}`;
    const charge = answer.chargeCents === undefined ? '' : formatCents(answer.chargeCents);
    const paid = answer.paidCents === undefined ? '' : formatCents(answer.paidCents);
    body.push(['STC', composite, '20240401', '', charge, paid]);
    if (answer.payerClaimNumber !== undefined) body.push(['REF', '1K', answer.payerClaimNumber]);
    if (answer.patientControlNumber !== undefined) body.push(['REF', 'EJ', answer.patientControlNumber]);
    body.push(['DTP', '472', 'D8', '20240315']);
  });
  const segments = interchangeSegments({
    controlNumber,
    functionalId: 'HN',
    version: '005010X212',
    transactionId: '277',
    transactions: [body.map((segment) => trimTrailingEmpty(segment))],
  });
  return joinSegments(segments);
}

/** A 999 (005010X231A1) rejecting one 276 group, naming a segment in error. */
export function build999Rejection(controlNumber: number, acknowledgedGroup: string): string {
  const body = [
    ['AK1', 'HR', acknowledgedGroup, '005010X212'],
    ['AK2', '276', '0001', '005010X212'],
    ['IK3', 'NM1', '8', '2100', '8'],
    ['IK5', 'R', '5'],
    ['AK9', 'R', '1', '1', '0'],
  ];
  return joinSegments(
    interchangeSegments({
      controlNumber,
      functionalId: 'FA',
      version: '005010X231A1',
      transactionId: '999',
      transactions: [body],
    }),
  );
}

function trimTrailingEmpty(segment: string[]): string[] {
  let end = segment.length;
  while (end > 1 && segment[end - 1] === '') end--;
  return segment.slice(0, end);
}
