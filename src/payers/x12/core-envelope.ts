import { randomUUID } from 'node:crypto';
import { PayerError } from '../types';

/**
 * The CAQH CORE connectivity envelope (Phase II rule 270, v2.2.0, HTTP+MIME) in which many
 * clearinghouses take real-time 276s: a multipart/form-data POST whose fields describe the payload, and
 * an answer in the same form carrying the 277 and an error code.
 */
export interface CoreEnvelopeSettings {
  /** SenderID: Tickler's id at the clearinghouse. */
  readonly senderId: string;
  /** ReceiverID: the clearinghouse's id. */
  readonly receiverId: string;
  /** UserName and Password fields, when the clearinghouse authenticates with them (not a certificate). */
  readonly username?: string;
  readonly password?: string;
}

export const CORE_RULE_VERSION = '2.2.0';
export const CORE_276_PAYLOAD_TYPE = 'X12_276_Request_005010X212';
export const CORE_277_PAYLOAD_TYPE = 'X12_277_Response_005010X212';
const CORE_999_PAYLOAD_TYPE = 'X12_999_Response_005010X231A1';

/** The request's form: one real-time 276 with a fresh PayloadID (a UUID) and the time in UTC. */
export function coreRequestForm(
  payload: string,
  settings: CoreEnvelopeSettings,
  now: Date,
  payloadId: string = randomUUID(),
): FormData {
  const form = new FormData();
  form.set('PayloadType', CORE_276_PAYLOAD_TYPE);
  form.set('ProcessingMode', 'RealTime');
  form.set('PayloadID', payloadId);
  form.set('TimeStamp', `${now.toISOString().slice(0, 19)}Z`);
  if (settings.username !== undefined) form.set('UserName', settings.username);
  if (settings.password !== undefined) form.set('Password', settings.password);
  form.set('SenderID', settings.senderId);
  form.set('ReceiverID', settings.receiverId);
  form.set('CORERuleVersion', CORE_RULE_VERSION);
  form.set('Payload', payload);
  return form;
}

/** Error codes that say the receiver could not take the request now, rather than that it is wrong. */
const TRANSIENT_ERROR = /busy|timeout|unavailable|retry/i;

function field(form: FormData, name: string): string | undefined {
  const value = form.get(name);
  return typeof value === 'string' ? value : undefined;
}

/**
 * The X12 payload of a CORE answer. An ErrorCode other than Success is a PayerError: transient when it
 * says the receiver is busy or timed out, else permanent (the envelope or the sender is wrong). An answer
 * without a payload, or with a payload type other than a 277 or 999, is unsupported.
 */
export function readCoreResponse(form: FormData, context: { controlNumber: string }): string {
  const errorCode = field(form, 'ErrorCode') ?? '';
  if (errorCode !== 'Success') {
    const message = field(form, 'ErrorMessage');
    throw new PayerError(
      TRANSIENT_ERROR.test(errorCode) ? 'transient' : 'permanent',
      `clearinghouse refused interchange ${context.controlNumber} in its CORE envelope: ${errorCode || 'no ErrorCode'}${message ? ` (${message})` : ''}`,
    );
  }
  const payloadType = field(form, 'PayloadType');
  if (payloadType !== CORE_277_PAYLOAD_TYPE && payloadType !== CORE_999_PAYLOAD_TYPE) {
    throw new PayerError(
      'unsupported',
      `clearinghouse answered interchange ${context.controlNumber} with CORE payload type ${payloadType ?? '(none)'}, not a 277`,
    );
  }
  const payload = field(form, 'Payload');
  if (!payload) {
    throw new PayerError(
      'unsupported',
      `clearinghouse's CORE answer to interchange ${context.controlNumber} has no payload`,
    );
  }
  return payload;
}
