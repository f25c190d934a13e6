import { createHash } from 'node:crypto';
import {
  X12ParseError,
  X12WriteError,
  parse277,
  parse999,
  readInterchanges,
  transactionsOf,
  write276,
  type ClaimStatusQuery,
  type X12EnvelopeConfig,
} from '../../edi';
import type { ClaimParties } from '../../db/claim-parties';
import type { IsoDate } from '../../domain/dates';
import { silentPayerLogger, type PayerLogger } from '../logger';
import { PayerError, type PayerChannel, type StatusInquiry, type StatusResponse } from '../types';
import type { ClearinghouseTransport } from './transport';

export interface X12ChannelOptions {
  /** The channel's name in payer routing. Default `x12`. */
  readonly name?: string;
  readonly transport: ClearinghouseTransport;
  /** Trading-partner settings for the interchanges this channel writes. */
  readonly envelope: X12EnvelopeConfig;
  /**
   * The claim facts a 276 carries, from Tickler's records; undefined when the claim is not known. May
   * throw a PayerError (unsupported when the records lack what a 276 needs).
   */
  lookupClaim(inquiry: StatusInquiry): Promise<ClaimStatusQuery | undefined>;
  /** Called just before each 276 is sent, so a 277 that arrives later as a file can be matched by its trace number. */
  readonly recordInquiry?: (record: X12InquiryRecord) => Promise<void>;
  /**
   * The next interchange control number (1 to 999999999), unique per sender id: production passes a
   * durable sequence. Default: a counter seeded from the clock, for tests and demos.
   */
  readonly nextControlNumber?: () => number | Promise<number>;
  readonly now?: () => Date;
  readonly logger?: PayerLogger;
}

/** One 276 as sent, for the record of inquiries. */
export interface X12InquiryRecord {
  readonly traceNumber: string;
  readonly claimId: string;
  readonly idempotencyKey: string;
  readonly interchangeControlNumber: string;
  readonly channel: string;
  readonly sentAt: Date;
}

/** What Tickler's registry holds about a claim for a 276. */
export interface X12ClaimRecords {
  readonly claimId: string;
  /** The payer's name, and its id at the clearinghouse. */
  readonly payer: { readonly name: string; readonly id: string };
  readonly dateOfService: IsoDate;
  readonly throughDate?: IsoDate;
  readonly billedCents: number;
  /** Absent when intake did not give the subscriber and billing provider. */
  readonly parties?: ClaimParties;
}

/**
 * The 276 query for a registered claim. The claim id is the patient control number (837 CLM01), the same
 * id an 835's CLP01 names. A claim whose intake gave no subscriber or billing provider cannot be asked
 * about over X12: that is unsupported (not a fault in the claim), so routing hands it to the next channel.
 */
export function statusQueryOf(records: X12ClaimRecords): ClaimStatusQuery {
  const { parties } = records;
  if (!parties) {
    throw new PayerError(
      'unsupported',
      `claim ${records.claimId} has no subscriber or billing provider on record, which a 276 needs`,
    );
  }
  return {
    payer: records.payer,
    provider: parties.billingProvider,
    subscriber: parties.subscriber,
    ...(parties.patient ? { patient: parties.patient } : {}),
    patientControlNumber: records.claimId,
    chargeCents: records.billedCents,
    serviceDates: { from: records.dateOfService, to: records.throughDate ?? records.dateOfService },
  };
}

/** What identifies one inquiry's answer in whatever comes back. */
export interface InquiryRefs {
  /** TRN02 of the 276, echoed in the 277's claim tracking loop. */
  readonly traceNumber: string;
  /** ISA13 of the 276, echoed by a TA1. */
  readonly interchangeControlNumber: string;
  /** GS06 of the 276, echoed by a 999's AK102. */
  readonly groupControlNumber: string;
}

/**
 * The TRN02 trace number for an inquiry: the same on every retry, opaque (no claim data in it), and
 * free of X12 delimiters whatever the idempotency key holds.
 */
export function traceNumberFor(idempotencyKey: string): string {
  return createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 30).toUpperCase();
}

/** Whether `text` answers the inquiry: a 277 naming its trace number, a 999 for its group, a TA1 for its interchange. */
export function answersInquiry(text: string, refs: InquiryRefs): boolean {
  // Cheap test first: an inbox may hold many files that answer other inquiries.
  if (!text.includes(refs.traceNumber) && !text.includes('AK1') && !text.includes('TA1')) return false;
  let interchanges;
  try {
    interchanges = readInterchanges(text);
  } catch {
    return false;
  }
  if (
    interchanges.some((interchange) =>
      interchange.acknowledgments.some((ack) => ack.controlNumber === refs.interchangeControlNumber),
    )
  ) {
    return true;
  }
  return transactionsOf(interchanges).some(({ transaction }) => {
    if (transaction.id === '999') {
      const ak1 = transaction.segments[0];
      return ak1?.id === 'AK1' && ak1.element(2) === refs.groupControlNumber;
    }
    return (
      transaction.id === '277' &&
      transaction.segments.some((segment) => segment.id === 'TRN' && segment.element(2) === refs.traceNumber)
    );
  });
}

/**
 * Reads the clearinghouse's answer to one inquiry into a StatusResponse. A TA1 or 999 rejecting the 276
 * is permanent (the inquiry must be fixed); an answer that cannot be read, does not name the inquiry, or
 * holds a category outside the taxonomy is unsupported (a person must look at it).
 */
export function readStatusAnswer(text: string, refs: InquiryRefs): StatusResponse {
  try {
    const interchanges = readInterchanges(text);
    const ta1 = interchanges
      .flatMap((interchange) => interchange.acknowledgments)
      .find((ack) => ack.controlNumber === refs.interchangeControlNumber);
    if (ta1 && ta1.status === 'R') {
      throw new PayerError(
        'permanent',
        `the clearinghouse rejected interchange ${refs.interchangeControlNumber} (TA1 note code ${ta1.noteCode || 'none'})`,
      );
    }
    const transactions = transactionsOf(interchanges);
    if (transactions.length > 0 && transactions.every(({ transaction }) => transaction.id === '999')) {
      const acks = parse999(text);
      const ack =
        acks.find((candidate) => candidate.groupControlNumber === refs.groupControlNumber) ?? acks[0];
      const rejected =
        ack?.rejected || ack?.transactions.some((transaction) => !['A', 'E'].includes(transaction.status));
      if (ack && rejected) {
        const errors = ack.transactions
          .flatMap((transaction) => transaction.segmentErrors)
          .map(
            (error) =>
              `${error.segmentId} at position ${error.position}${error.code ? ` (error ${error.code})` : ''}`,
          );
        throw new PayerError(
          'permanent',
          `the clearinghouse rejected the 276 (999 AK9 ${ack.status})${errors.length > 0 ? `: ${errors.join('; ')}` : ''}`,
        );
      }
      throw new PayerError('unsupported', 'the clearinghouse acknowledged the 276 (999) but sent no 277');
    }
    if (transactions.length === 0) {
      throw new PayerError('unsupported', 'the clearinghouse answered with an envelope but no 277');
    }
    const claim = parse277(text).claims.find((candidate) => candidate.traceNumber === refs.traceNumber);
    if (!claim) {
      throw new PayerError('unsupported', `the 277 holds no claim with trace number ${refs.traceNumber}`);
    }
    const [status] = claim.statuses;
    if (!status) throw new PayerError('unsupported', 'the 277 claim has no status');
    if (status.normalized === null) {
      throw new PayerError(
        'unsupported',
        `the 277 answered with claim status category ${JSON.stringify(status.category)}, which Tickler does not know`,
      );
    }
    const response: StatusResponse = { category: status.category };
    if (status.code !== undefined) response.code = status.code;
    if (status.paidCents !== undefined) response.paidCents = status.paidCents;
    if (claim.payerClaimNumber !== undefined) response.payerClaimNumber = claim.payerClaimNumber;
    return response;
  } catch (error) {
    if (error instanceof X12ParseError) {
      throw new PayerError('unsupported', `the clearinghouse's answer is not valid X12: ${error.message}`, {
        cause: error,
      });
    }
    throw error;
  }
}

/** A control number counter seeded from the clock, so restarts rarely reuse a recent number. */
function clockSeededCounter(now: () => Date): () => number {
  let next = Math.floor(now().getTime() / 1000) % 900_000_000;
  return () => {
    next = (next % 999_999_999) + 1;
    return next;
  };
}

/**
 * A payer channel over X12 276/277 through a clearinghouse: writes a 276 for the inquiry, sends it
 * through the transport, reads the 277 and answers with its first status for the claim. Claims are not
 * submitted through it (Tickler writes no 837): `submitClaim` answers unsupported, so routing moves on.
 */
export function createX12Channel(options: X12ChannelOptions): PayerChannel {
  const name = options.name ?? 'x12';
  const now = options.now ?? (() => new Date());
  const nextControlNumber = options.nextControlNumber ?? clockSeededCounter(now);
  const logger = options.logger ?? silentPayerLogger;

  return {
    name,
    async checkStatus(inquiry) {
      const claim = await options.lookupClaim(inquiry);
      if (!claim) {
        throw new PayerError('unsupported', `claim ${inquiry.claimId} has no data to write a 276 with`);
      }
      const query: ClaimStatusQuery =
        claim.payerClaimNumber === undefined && inquiry.payerClaimNumber !== undefined
          ? { ...claim, payerClaimNumber: inquiry.payerClaimNumber }
          : claim;
      const controlNumber = await nextControlNumber();
      const refs: InquiryRefs = {
        traceNumber: traceNumberFor(inquiry.idempotencyKey),
        interchangeControlNumber: String(controlNumber).padStart(9, '0'),
        groupControlNumber: String(controlNumber),
      };
      let body: string;
      try {
        body = write276([{ ...query, traceNumber: refs.traceNumber }], {
          ...options.envelope,
          interchangeControlNumber: controlNumber,
          createdAt: now(),
        });
      } catch (error) {
        if (error instanceof X12WriteError) {
          throw new PayerError(
            'permanent',
            `cannot write a 276 for claim ${inquiry.claimId}: ${error.message}`,
            {
              cause: error,
            },
          );
        }
        throw error;
      }
      await options.recordInquiry?.({
        traceNumber: refs.traceNumber,
        claimId: inquiry.claimId,
        idempotencyKey: inquiry.idempotencyKey,
        interchangeControlNumber: refs.interchangeControlNumber,
        channel: name,
        sentAt: now(),
      });
      logger.info('sending a 276 claim status inquiry', {
        channel: name,
        transport: options.transport.name,
        claimId: inquiry.claimId,
        payerId: inquiry.payerId,
        controlNumber: refs.interchangeControlNumber,
      });
      const answer = await options.transport.exchange({
        body,
        controlNumber: refs.interchangeControlNumber,
        answers: (text) => answersInquiry(text, refs),
      });
      try {
        return readStatusAnswer(answer, refs);
      } catch (error) {
        if (error instanceof PayerError) {
          logger.warn('the 277 answer could not be used', {
            channel: name,
            claimId: inquiry.claimId,
            controlNumber: refs.interchangeControlNumber,
            kind: error.kind,
          });
        }
        throw error;
      }
    },
    submitClaim() {
      return Promise.reject(
        new PayerError(
          'unsupported',
          `channel ${name} checks status only; claims are not submitted through it`,
        ),
      );
    },
  };
}
