/**
 * Reading 999 implementation acknowledgments (005010X231A1): whether the receiver accepted each
 * functional group and transaction set we sent, and which segments it found in error. A clearinghouse
 * answers a 276 it cannot read with a 999 instead of a 277.
 */
import { readTransactions, type EnvelopeRef } from './envelope';
import { reject, required, withoutUndefined } from './values';

export interface TransactionAcknowledgment {
  /** AK201, e.g. 276. */
  readonly transactionSetId: string;
  /** AK202. */
  readonly controlNumber: string;
  /** IK501: A accepted, E accepted with errors, R rejected, M/W/X rejected (message authentication, validity, content). */
  readonly status: string;
  /** IK3: the segments the receiver found in error, with their position and error code. */
  readonly segmentErrors: readonly {
    readonly segmentId: string;
    readonly position: string;
    readonly code?: string;
  }[];
}

export interface GroupAcknowledgment extends EnvelopeRef {
  /** AK101, e.g. HR. */
  readonly functionalId: string;
  /** AK102: the acknowledged group's GS06. */
  readonly groupControlNumber: string;
  /** AK901: A accepted, E accepted with errors, P partially accepted, R rejected. */
  readonly status: string;
  readonly transactions: readonly TransactionAcknowledgment[];
  /** True when nothing of the group was accepted (AK901 R). */
  readonly rejected: boolean;
}

/** Reads a 999 file; throws an X12ParseError naming the segment when it is malformed. */
export function parse999(text: string): GroupAcknowledgment[] {
  const transactions = readTransactions(text, {
    id: '999',
    functionalId: 'FA',
    version: '005010X231A1',
    name: 'a 999 implementation acknowledgment',
  });
  return transactions.map(({ transaction, ref }) => {
    const [ak1, ...body] = transaction.segments;
    if (ak1?.id !== 'AK1') throw reject(ak1 ?? transaction.header, 'a 999 must start with AK1 after ST');
    const acknowledged: {
      transactionSetId: string;
      controlNumber: string;
      status?: string;
      segmentErrors: { segmentId: string; position: string; code?: string }[];
    }[] = [];
    let status: string | undefined;
    for (const segment of body) {
      const current = acknowledged.at(-1);
      switch (segment.id) {
        case 'AK2':
          acknowledged.push({
            transactionSetId: required(segment, 1, 'transaction set identifier code'),
            controlNumber: required(segment, 2, 'transaction set control number'),
            segmentErrors: [],
          });
          break;
        case 'IK3':
          if (!current) throw reject(segment, 'IK3 before AK2');
          current.segmentErrors.push(
            withoutUndefined({
              segmentId: required(segment, 1, 'segment ID code'),
              position: required(segment, 2, 'segment position in transaction set'),
              code: segment.element(4) || undefined,
            }),
          );
          break;
        case 'IK4':
        case 'CTX':
          if (!current) throw reject(segment, `${segment.id} before AK2`);
          break;
        case 'IK5':
          if (!current) throw reject(segment, 'IK5 before AK2');
          current.status = required(segment, 1, 'transaction set acknowledgment code');
          break;
        case 'AK9':
          status = required(segment, 1, 'functional group acknowledge code');
          break;
        default:
          throw reject(segment, `segment ${segment.id} is not part of a 999 implementation acknowledgment`);
      }
    }
    if (status === undefined)
      throw reject(transaction.header, 'the 999 has no AK9 (functional group response)');
    return {
      ...ref,
      functionalId: required(ak1, 1, 'functional identifier code'),
      groupControlNumber: required(ak1, 2, 'group control number'),
      status,
      rejected: status === 'R',
      transactions: acknowledged.map((ack) => {
        if (ack.status === undefined)
          throw reject(transaction.header, `the 999 has no IK5 for transaction set ${ack.controlNumber}`);
        return { ...ack, status: ack.status };
      }),
    };
  });
}
