/**
 * What an ingested X12 file means for claim workflows: each claim it reports on becomes one event in the
 * shape the workflow accepts (835 CLP → RemittanceEvent, 277 STC → StatusEvent, 277CA and 999 →
 * AcknowledgementEvent), with an idempotency key built from the file's control numbers. Pure: reading
 * and mapping only, so a malformed file is rejected (X12ParseError) before anything is written or sent.
 */
import type { AcknowledgementEvent, RemittanceEvent, StatusEvent } from '../domain/lifecycle';
import { lookupStatusCategory } from '../domain/claim-status-codes';
import { isIsoDate, type IsoDate } from '../domain/dates';
import { lookupClp02 } from '../domain/remittance';
import {
  X12ParseError,
  parse277,
  parse277CA,
  parse835,
  parse999,
  readInterchanges,
  transactionsOf,
  type ClaimStatusReport,
  type EnvelopeRef,
  type GroupAcknowledgment,
  type InterchangeHeader,
  type Remittance,
  type RemittanceClaim,
  type TransactionSet,
} from '../edi';
import { interchangeHeadersOf } from '../edi/envelope';
import { nextPayerClaimId } from '../shared/contracts';

/** The ingestion endpoints: `277` takes both 277 responses (005010X212) and 277CA acknowledgments (005010X214). */
export const ingestEndpoints = ['835', '277', '999'] as const;
export type IngestRoute = (typeof ingestEndpoints)[number];

/** What an ingested file turned out to be. */
export const x12FileKinds = ['835', '277', '277CA', '999'] as const;
export type X12FileKind = (typeof x12FileKinds)[number];

/** The signal an event is delivered with, and its payload (without the idempotency key). */
export type ClaimSignal =
  | { signal: 'remittance'; event: RemittanceEvent }
  | { signal: 'status'; event: StatusEvent }
  | { signal: 'acknowledgement'; event: AcknowledgementEvent };

export type IngestEvent = ClaimSignal & {
  /** The claim id the file names (CLP01, REF*EJ or TRN02); null when it names none (999, 277CA HL 21/19). */
  claimId: string | null;
  /**
   * An 835 claim processed by a secondary or tertiary payer (CLP02 2/3/20/21) goes to the follow-up at
   * that payer when one is registered (`CLM-1.S`), else to `claimId`.
   */
  preferredClaimId?: string;
  /**
   * A 277's TRN02. When it is the trace number of a 276 Tickler sent, it names the claim even if the
   * payer did not echo REF*EJ.
   */
  traceNumber?: string;
  /**
   * An 835 claim payment by what it is, whatever envelope it came in:
   * `835:${TRN03}:${TRN02}:${CLP01}:${CLP02}:${CLP07}:${n}`, n counting identical ones in the remittance.
   */
  businessKey?: string;
  /** `${kind}:${ISA06}:${ISA13}:${GS06}:${ST02}:${claim}:${n}`: the same for the same claim of the same file. */
  idempotencyKey: string;
  envelope: EnvelopeRef;
  /** Position in the file of the segment that opens the claim's loop (CLP, TRN), when the reader keeps it. */
  segment?: number;
};

export interface X12FileEvents {
  kind: X12FileKind;
  interchanges: { senderId: string; controlNumber: string }[];
  events: IngestEvent[];
}

const GUIDE_277CA = '005010X214';

/** The idempotency key of `claim`, the `n`th (1-based) of its transaction set. */
export function ingestKey(kind: X12FileKind, envelope: EnvelopeRef, claim: string, n: number): string {
  const { interchangeSenderId, interchangeControlNumber, groupControlNumber, transactionControlNumber } =
    envelope;
  return `${kind}:${interchangeSenderId}:${interchangeControlNumber}:${groupControlNumber}:${transactionControlNumber}:${claim}:${n}`;
}

function envelopeOf(ref: EnvelopeRef): EnvelopeRef {
  return {
    interchangeSenderId: ref.interchangeSenderId,
    interchangeControlNumber: ref.interchangeControlNumber,
    groupControlNumber: ref.groupControlNumber,
    transactionControlNumber: ref.transactionControlNumber,
  };
}

function transactionKey(ref: EnvelopeRef): string {
  return [
    ref.interchangeSenderId,
    ref.interchangeControlNumber,
    ref.groupControlNumber,
    ref.transactionControlNumber,
  ].join('\u0000');
}

/** Numbers items 1, 2, ... within each transaction set, in file order. */
function positionsInTransaction<T extends EnvelopeRef>(items: readonly T[]): number[] {
  const seen = new Map<string, number>();
  return items.map((item) => {
    const key = transactionKey(item);
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    return n;
  });
}

function interchangesOf(headers: readonly InterchangeHeader[]): X12FileEvents['interchanges'] {
  return headers.map((header) => ({ senderId: header.senderId, controlNumber: header.controlNumber }));
}

/** ISA09 (YYMMDD) as a date: the interchange's date, the last resort for an 835's payment date. */
function interchangeDate(header: InterchangeHeader): IsoDate | undefined {
  const iso = `20${header.date.slice(0, 2)}-${header.date.slice(2, 4)}-${header.date.slice(4, 6)}`;
  return /^\d{6}$/.test(header.date) && isIsoDate(iso) ? iso : undefined;
}

/**
 * One 835 claim payment as the workflow receives it. Claim- and line-level adjustments go together (the
 * remittance rules weigh them together), as do claim remarks (MOA/MIA) and line remarks (LQ*HE).
 */
export function remittanceEventOf(claim: RemittanceClaim, paidOn: IsoDate): RemittanceEvent {
  const adjustments = [...claim.adjustments, ...claim.serviceLines.flatMap((line) => line.adjustments)];
  const remarks = [...claim.remarkCodes, ...claim.serviceLines.flatMap((line) => line.remarkCodes)];
  return {
    clp02: claim.statusCode,
    chargeCents: claim.chargeCents,
    paidCents: claim.paidCents,
    ...(claim.patientResponsibilityCents === undefined
      ? {}
      : { patientResponsibilityCents: claim.patientResponsibilityCents }),
    adjustments: adjustments.map((adjustment) => ({
      group: adjustment.group,
      carc: adjustment.reasonCode,
      amountCents: adjustment.amountCents,
    })),
    remarks: [...new Set(remarks)],
    ...(claim.payerClaimNumber === undefined ? {} : { payerClaimNumber: claim.payerClaimNumber }),
    paidOn,
  };
}

/**
 * The date a remittance was paid: BPR16 (check issue or EFT effective date), else DTM*405 (production
 * date), else the interchange date.
 */
export function paidOnOf(remittance: Remittance, interchanges: readonly InterchangeHeader[]): IsoDate {
  const date = remittance.payment.effectiveDate ?? remittance.productionDate;
  if (date !== undefined) return date;
  const header = interchanges.find(
    (candidate) =>
      candidate.senderId === remittance.interchangeSenderId &&
      candidate.controlNumber === remittance.interchangeControlNumber,
  );
  const fallback = header && interchangeDate(header);
  if (fallback === undefined) {
    throw new X12ParseError(
      header?.position ?? 1,
      'ISA',
      `the 835 (ST02 ${remittance.transactionControlNumber}) has no payment date: BPR16 and DTM*405 are empty and ISA09 is not a date`,
    );
  }
  return fallback;
}

/** A 277 claim's first claim-level STC (the payer's status for the claim) as the workflow receives it. */
export function statusEventOf(
  report: Pick<ClaimStatusReport, 'statuses' | 'segment' | 'payerClaimNumber'>,
): StatusEvent {
  const status = report.statuses[0];
  if (!status) throw new X12ParseError(report.segment, 'TRN', 'the claim has no STC');
  return {
    category: status.category,
    ...(status.code === undefined ? {} : { code: status.code }),
    ...(status.paidCents === undefined ? {} : { paidCents: status.paidCents }),
    ...(report.payerClaimNumber === undefined ? {} : { payerClaimNumber: report.payerClaimNumber }),
  };
}

/**
 * A 277CA claim acknowledgment: accepted when its first STC puts the claim into adjudication (A1, A2,
 * A5: the taxonomy's `re_check_later`) and its action code (STC03) is not U (reject).
 */
export function claimAcknowledgementOf(
  report: Pick<ClaimStatusReport, 'statuses' | 'segment'>,
): AcknowledgementEvent {
  const status = report.statuses[0];
  if (!status) throw new X12ParseError(report.segment, 'TRN', 'the claim has no STC');
  const accepted =
    status.actionCode !== 'U' && lookupStatusCategory(status.category)?.action === 're_check_later';
  return {
    kind: '277CA',
    accepted,
    category: status.category,
    ...(status.code === undefined ? {} : { code: status.code }),
  };
}

/**
 * A 999's verdict on each transaction set it acknowledges (AK2/IK5), or on the whole group (AK9) when it
 * lists none: accepted when A (accepted) or E (accepted with errors).
 */
export function implementationAcknowledgementsOf(
  group: GroupAcknowledgment,
): { reference: string; event: AcknowledgementEvent }[] {
  const accepted = (status: string): boolean => status === 'A' || status === 'E';
  if (group.transactions.length === 0) {
    return [
      {
        reference: group.groupControlNumber,
        event: { kind: '999', accepted: accepted(group.status), code: group.status },
      },
    ];
  }
  return group.transactions.map((transaction) => ({
    reference: `${group.groupControlNumber}:${transaction.transactionSetId}:${transaction.controlNumber}`,
    event: {
      kind: '999',
      accepted: !group.rejected && accepted(transaction.status),
      code: transaction.status,
    },
  }));
}

function remittanceEvents(text: string): X12FileEvents {
  const file = parse835(text);
  const events = file.remittances.flatMap((remittance) => {
    const paidOn = paidOnOf(remittance, file.interchanges);
    const positions = positionsInTransaction(remittance.claims);
    const payer = remittance.payment.originatorId ?? remittance.payer.id ?? remittance.payer.name;
    const occurrences = new Map<string, number>();
    return remittance.claims.map((claim, index): IngestEvent => {
      const order = lookupClp02(claim.statusCode)?.payerOrder;
      const payment = [
        '835',
        payer,
        remittance.payment.traceNumber,
        claim.patientControlNumber,
        claim.statusCode,
        claim.payerClaimNumber ?? '',
      ].join(':');
      const occurrence = (occurrences.get(payment) ?? 0) + 1;
      occurrences.set(payment, occurrence);
      return {
        signal: 'remittance',
        event: remittanceEventOf(claim, paidOn),
        claimId: claim.patientControlNumber,
        ...(order === 'secondary' || order === 'tertiary'
          ? { preferredClaimId: nextPayerClaimId(claim.patientControlNumber, order) }
          : {}),
        idempotencyKey: ingestKey('835', claim, claim.patientControlNumber, positions[index] ?? index + 1),
        businessKey: `${payment}:${occurrence}`,
        envelope: envelopeOf(claim),
        segment: claim.segment,
      };
    });
  });
  return { kind: '835', interchanges: interchangesOf(file.interchanges), events };
}

function claimStatusEvents(text: string, kind: '277' | '277CA'): X12FileEvents {
  const file = kind === '277' ? parse277(text) : parse277CA(text);
  const positions = positionsInTransaction(file.claims);
  const claims = file.claims.map((report, index): IngestEvent => {
    const common = {
      claimId: report.patientControlNumber,
      traceNumber: report.traceNumber,
      idempotencyKey: ingestKey(kind, report, report.patientControlNumber, positions[index] ?? index + 1),
      envelope: envelopeOf(report),
      segment: report.segment,
    };
    return kind === '277'
      ? { ...common, signal: 'status', event: statusEventOf(report) }
      : { ...common, signal: 'acknowledgement', event: claimAcknowledgementOf(report) };
  });
  // A 277CA rejecting a whole submission or provider (HL 21 or 19) names no claim; it is kept for a
  // person, like a rejecting 999. The acceptances at those levels that every 277CA carries need no one.
  const levelPositions = positionsInTransaction(file.levelStatuses);
  const levels = file.levelStatuses.flatMap((report, index): IngestEvent[] => {
    const event = claimAcknowledgementOf(report);
    if (kind === '277CA' && event.accepted) return [];
    const reference = `${report.level}:${report.traceNumber}`;
    const common = {
      claimId: null,
      idempotencyKey: ingestKey(kind, report, reference, levelPositions[index] ?? index + 1),
      envelope: envelopeOf(report),
      segment: report.segment,
    };
    return kind === '277'
      ? [{ ...common, signal: 'status', event: statusEventOf(report) }]
      : [{ ...common, signal: 'acknowledgement', event }];
  });
  return { kind, interchanges: interchangesOf(file.interchanges), events: [...claims, ...levels] };
}

function acknowledgementEvents(text: string): X12FileEvents {
  const groups = parse999(text);
  // A GroupAcknowledgment's `groupControlNumber` is the acknowledged group's (AK102), not the 999's own
  // GS06, so the envelope is read again: parse999 answers one item per transaction set, in file order.
  const transactions = transactionsOf(readInterchanges(text));
  const events = groups.flatMap((group, index) => {
    const envelope = envelopeOf(transactions[index]?.ref ?? group);
    // Acceptances need no one; a rejection names transaction sets, not claims, so it is kept for a person.
    return implementationAcknowledgementsOf(group)
      .filter(({ event }) => !event.accepted)
      .map(({ reference, event }): IngestEvent => ({
        signal: 'acknowledgement',
        event,
        claimId: null,
        idempotencyKey: ingestKey('999', envelope, reference, 1),
        envelope,
      }));
  });
  return { kind: '999', interchanges: interchangesOf(interchangeHeadersOf(transactions)), events };
}

/** The file's first transaction set; its `version` is ST03, or GS08 when ST03 is empty. */
function firstTransaction(text: string): TransactionSet | undefined {
  return transactionsOf(readInterchanges(text))[0]?.transaction;
}

/**
 * Which endpoint a file belongs to, from its first transaction set (ST01). Throws an X12ParseError when
 * the envelope is malformed or the file holds something Tickler does not ingest.
 */
export function detectRoute(text: string): IngestRoute {
  const first = firstTransaction(text);
  if (!first) throw new X12ParseError(1, 'ISA', 'the file holds no transaction set');
  const id = first.id;
  if (id === '835' || id === '277' || id === '999') return id;
  throw new X12ParseError(
    first.header.position,
    'ST',
    `transaction set ${id} is not one Tickler ingests (835, 277, 277CA, 999)`,
  );
}

/**
 * Reads a file posted to `route` into claim events. A 277 is told from a 277CA by its implementation
 * guide (ST03/GS08: 005010X212 or 005010X214). Throws an X12ParseError naming the segment when the file
 * is malformed anywhere, or is not what the route takes; nothing is returned from such a file.
 */
export function readX12File(route: IngestRoute, text: string): X12FileEvents {
  switch (route) {
    case '835':
      return remittanceEvents(text);
    case '277':
      return claimStatusEvents(text, firstTransaction(text)?.version === GUIDE_277CA ? '277CA' : '277');
    case '999':
      return acknowledgementEvents(text);
  }
}
