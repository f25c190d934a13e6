import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { type PayerLogger, silentPayerLogger } from '../logger';
import { type Clock, systemClock } from '../protection/clock';
import {
  type ClaimSubmission,
  PayerError,
  type PayerChannel,
  type RemittanceClaim,
  type RemittancePage,
  type RemittanceQuery,
  type StatusInquiry,
  type StatusResponse,
  type SubmissionReceipt,
  assertConsistentSubmission,
} from '../types';

export interface RestClearinghouseOptions {
  /** The channel name payers are routed to (default `rest`). */
  name?: string;
  /** The clearinghouse API's base URL, e.g. `https://api.clearinghouse.example/`. */
  baseUrl: string;
  /** Bearer token, or a function returning the current one (rotated tokens). */
  token: string | (() => string | Promise<string>);
  /** Per HTTP request, including reading the body (default 10 s). */
  timeoutMs?: number;
  /** Tries per call across timeouts, network errors, 5xx and 429 (default 3). */
  maxAttempts?: number;
  /** Back-off after a failed try: about `base * 2^(try-1)`, jittered, at most `cap` (defaults 250 ms, 4 s). */
  backoffBaseMs?: number;
  backoffCapMs?: number;
  /** A Retry-After up to this is waited out here; a longer one is handed back as `retryAfterMs` (default 10 s). */
  maxRetryAfterMs?: number;
  clock?: Clock;
  random?: () => number;
  newRequestId?: () => string;
  logger?: PayerLogger;
}

/** A clearinghouse money amount: a decimal string ("800.00") or number of dollars. */
const amountSchema = z.union([z.string().regex(/^-?\d+(\.\d{1,2})?$/), z.number().finite()]);

const statusAnswerSchema = z.object({
  claimStatus: z.object({
    categoryCode: z.string().min(1),
    statusCode: z.string().min(1).optional(),
    paidAmount: amountSchema.optional(),
    payerClaimNumber: z.string().min(1).optional(),
  }),
});

const submissionAnswerSchema = z.object({
  submissionId: z.string().min(1),
  acknowledgement: z.object({
    categoryCode: z.string().min(1),
    statusCode: z.string().min(1).optional(),
    payerClaimNumber: z.string().min(1).optional(),
  }),
});

const remittancesAnswerSchema = z.object({
  remittances: z.array(
    z.object({
      remittanceId: z.string().min(1),
      paidOn: z.string().optional(),
      claims: z.array(
        z.object({
          claimId: z.string().min(1),
          payerClaimNumber: z.string().min(1).optional(),
          claimStatusCode: z.string().min(1),
          billedAmount: amountSchema,
          paidAmount: amountSchema,
          adjustments: z
            .array(z.object({ group: z.string(), reason: z.string(), amount: amountSchema }))
            .default([]),
        }),
      ),
    }),
  ),
  nextCursor: z.string().min(1).optional(),
});

const errorAnswerSchema = z.object({ error: z.object({ code: z.string() }) });

/** 422 codes by which a clearinghouse says it cannot serve this payer or transaction: try the next channel. */
const unsupportedCodes = new Set(['payer_not_supported', 'transaction_not_supported']);

interface Call {
  operation: 'claim-status' | 'claim-submission' | 'remittances';
  method: 'GET' | 'POST';
  path: string;
  body?: unknown;
  claimId: string;
  payerId: string;
  idempotencyKey?: string;
}

/**
 * A REST clearinghouse channel: claim status, claim submission and remittances as JSON over HTTPS.
 *
 * - `POST /v1/claim-status` `{payerId, claimId, payerClaimNumber?}` → `{claimStatus: {categoryCode,
 *   statusCode?, paidAmount?, payerClaimNumber?}}` (277 codes).
 * - `POST /v1/claims` `{payerId, claimId, frequencyCode, payerClaimNumber?, documentId?, ...}` →
 *   `{submissionId, acknowledgement: {categoryCode, statusCode?, payerClaimNumber?}}` (277CA codes).
 * - `GET /v1/remittances?payerId&since&cursor` → `{remittances: [{remittanceId, claims: [...]}], nextCursor?}`.
 *
 * Every request carries the bearer token, a fresh `X-Request-Id` and the caller's `Idempotency-Key`,
 * and has its own timeout. Timeouts, network errors and 5xx are retried with jittered exponential
 * back-off; a 429's Retry-After is honoured; when tries run out the error is transient. 401/403 and
 * other 4xx are permanent; 404, 405, 501 and 422 `payer_not_supported` are unsupported. Logs carry the
 * request id, claim id, payer id and HTTP status, never a request or response body.
 */
export function createRestClearinghouseChannel(options: RestClearinghouseOptions): PayerChannel {
  const name = options.name ?? 'rest';
  const timeoutMs = options.timeoutMs ?? 10_000;
  const maxAttempts = Math.max(1, options.maxAttempts ?? 3);
  const backoffBaseMs = options.backoffBaseMs ?? 250;
  const backoffCapMs = options.backoffCapMs ?? 4_000;
  const maxRetryAfterMs = options.maxRetryAfterMs ?? 10_000;
  const clock = options.clock ?? systemClock;
  const random = options.random ?? Math.random;
  const newRequestId = options.newRequestId ?? randomUUID;
  const logger = options.logger ?? silentPayerLogger;
  const baseUrl = options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`;

  /** Equal jitter: half the exponential step fixed, half random, so retries spread but still grow. */
  const backoff = (attempt: number): number => {
    const step = Math.min(backoffCapMs, backoffBaseMs * 2 ** (attempt - 1));
    return Math.round(step / 2 + (random() * step) / 2);
  };

  async function send<T>(call: Call, answer: z.ZodType<T>): Promise<T> {
    const token = typeof options.token === 'string' ? options.token : await options.token();
    const ids = { channel: name, operation: call.operation, claimId: call.claimId, payerId: call.payerId };
    let lastProblem = '';
    let retryAfterMs: number | undefined;
    for (let attempt = 1; attempt <= maxAttempts; attempt += 1) {
      const requestId = newRequestId();
      const started = clock.now();
      let status: number;
      let text: string;
      let headers: Headers;
      try {
        const response = await fetch(new URL(call.path, baseUrl), {
          method: call.method,
          headers: {
            authorization: `Bearer ${token}`,
            accept: 'application/json',
            'x-request-id': requestId,
            ...(call.idempotencyKey ? { 'idempotency-key': call.idempotencyKey } : {}),
            ...(call.body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          ...(call.body === undefined ? {} : { body: JSON.stringify(call.body) }),
          signal: AbortSignal.timeout(timeoutMs),
        });
        status = response.status;
        headers = response.headers;
        text = await response.text();
      } catch (error) {
        lastProblem = isTimeout(error)
          ? `no answer within ${timeoutMs} ms`
          : `connection failed (${networkCode(error)})`;
        retryAfterMs = undefined;
        logger.warn('clearinghouse request failed', { ...ids, requestId, attempt, problem: lastProblem });
        if (attempt < maxAttempts) await clock.sleep(backoff(attempt));
        continue;
      }
      logger.info('clearinghouse request', {
        ...ids,
        requestId,
        attempt,
        status,
        durationMs: clock.now() - started,
      });

      if (status >= 200 && status < 300) return parseAnswer(text, answer, call.operation);
      const errorCode = errorCodeOf(text);
      if (status === 401 || status === 403) {
        throw new PayerError(
          'permanent',
          `${name} clearinghouse refused the credentials (${status}); fix the channel's token`,
        );
      }
      if (
        status === 404 ||
        status === 405 ||
        status === 501 ||
        (status === 422 && unsupportedCodes.has(errorCode ?? ''))
      ) {
        throw new PayerError(
          'unsupported',
          `${name} clearinghouse cannot ${call.operation} here (${status}${errorCode ? ` ${errorCode}` : ''})`,
        );
      }
      if (status === 429 || status === 408 || status === 409 || status >= 500) {
        const retryAfter = parseRetryAfter(headers.get('retry-after'), clock.now());
        lastProblem = `${status}${errorCode ? ` ${errorCode}` : ''}`;
        retryAfterMs = retryAfter;
        const wait =
          status === 429 ? (retryAfter ?? backoff(attempt)) : Math.max(backoff(attempt), retryAfter ?? 0);
        logger.warn('clearinghouse asked to retry', { ...ids, requestId, attempt, status, waitMs: wait });
        if (attempt < maxAttempts && wait <= maxRetryAfterMs) {
          await clock.sleep(wait);
          continue;
        }
        break;
      }
      throw new PayerError(
        'permanent',
        `${name} clearinghouse rejected the ${call.operation} request (${status}${errorCode ? ` ${errorCode}` : ''})`,
      );
    }
    throw new PayerError(
      'transient',
      `${name} clearinghouse: ${call.operation} failed after retries (${lastProblem})`,
      {
        ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
      },
    );
  }

  return {
    name,

    async checkStatus(inquiry: StatusInquiry): Promise<StatusResponse> {
      const { claimStatus } = await send(
        {
          operation: 'claim-status',
          method: 'POST',
          path: 'v1/claim-status',
          body: {
            payerId: inquiry.payerId,
            claimId: inquiry.claimId,
            ...(inquiry.payerClaimNumber ? { payerClaimNumber: inquiry.payerClaimNumber } : {}),
          },
          claimId: inquiry.claimId,
          payerId: inquiry.payerId,
          idempotencyKey: inquiry.idempotencyKey,
        },
        statusAnswerSchema,
      );
      const response: StatusResponse = { category: claimStatus.categoryCode };
      if (claimStatus.statusCode !== undefined) response.code = claimStatus.statusCode;
      if (claimStatus.paidAmount !== undefined) response.paidCents = toCents(claimStatus.paidAmount);
      if (claimStatus.payerClaimNumber !== undefined)
        response.payerClaimNumber = claimStatus.payerClaimNumber;
      return response;
    },

    async submitClaim(submission: ClaimSubmission): Promise<SubmissionReceipt> {
      assertConsistentSubmission(submission);
      const answer = await send(
        {
          operation: 'claim-submission',
          method: 'POST',
          path: 'v1/claims',
          body: {
            payerId: submission.payerId,
            claimId: submission.claimId,
            frequencyCode: submission.frequencyCode,
            ...(submission.payerClaimNumber ? { payerClaimNumber: submission.payerClaimNumber } : {}),
            ...(submission.documentId ? { documentId: submission.documentId } : {}),
            ...(submission.billedCents === undefined
              ? {}
              : { billedAmount: toAmount(submission.billedCents) }),
            ...(submission.note ? { note: submission.note } : {}),
          },
          claimId: submission.claimId,
          payerId: submission.payerId,
          idempotencyKey: submission.idempotencyKey,
        },
        submissionAnswerSchema,
      );
      const receipt: SubmissionReceipt = {
        category: answer.acknowledgement.categoryCode,
        trackingId: answer.submissionId,
      };
      if (answer.acknowledgement.statusCode !== undefined) receipt.code = answer.acknowledgement.statusCode;
      if (answer.acknowledgement.payerClaimNumber !== undefined) {
        receipt.payerClaimNumber = answer.acknowledgement.payerClaimNumber;
      }
      return receipt;
    },

    async fetchRemittances(query: RemittanceQuery): Promise<RemittancePage> {
      const params = new URLSearchParams({
        payerId: query.payerId,
        since: new Date(query.since).toISOString(),
      });
      if (query.cursor) params.set('cursor', query.cursor);
      const answer = await send(
        {
          operation: 'remittances',
          method: 'GET',
          path: `v1/remittances?${params.toString()}`,
          claimId: '-',
          payerId: query.payerId,
        },
        remittancesAnswerSchema,
      );
      const claims: RemittanceClaim[] = answer.remittances.flatMap((remittance) =>
        remittance.claims.map((claim) => ({
          remittanceId: remittance.remittanceId,
          claimId: claim.claimId,
          ...(claim.payerClaimNumber ? { payerClaimNumber: claim.payerClaimNumber } : {}),
          claimStatusCode: claim.claimStatusCode,
          billedCents: toCents(claim.billedAmount),
          paidCents: toCents(claim.paidAmount),
          adjustments: claim.adjustments.map((a) => ({
            group: a.group,
            reason: a.reason,
            cents: toCents(a.amount),
          })),
          ...(remittance.paidOn ? { paidOn: remittance.paidOn } : {}),
        })),
      );
      return { claims, ...(answer.nextCursor ? { nextCursor: answer.nextCursor } : {}) };
    },
  };
}

function parseAnswer<T>(text: string, schema: z.ZodType<T>, operation: string): T {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new PayerError('permanent', `clearinghouse answered ${operation} with a body that is not JSON`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((issue) => issue.path.join('.') || '(body)').join(', ');
    throw new PayerError(
      'permanent',
      `clearinghouse answered ${operation} in an unexpected shape (${fields})`,
    );
  }
  return parsed.data;
}

/** The error code of a clearinghouse error body, if it has one (the message may echo claim data: not kept). */
function errorCodeOf(text: string): string | undefined {
  try {
    const parsed = errorAnswerSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data.error.code.slice(0, 64) : undefined;
  } catch {
    return undefined;
  }
}

/** Retry-After as delay-seconds or an HTTP date, in ms from `now`; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** "800.00" or 800 (dollars) to 80000 cents, without floating-point drift for decimal strings. */
export function toCents(amount: string | number): number {
  if (typeof amount === 'number') return Math.round(amount * 100);
  const negative = amount.startsWith('-');
  const [whole = '0', fraction = ''] = (negative ? amount.slice(1) : amount).split('.');
  const cents = Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
  return negative ? -cents : cents;
}

function toAmount(cents: number): string {
  return (cents / 100).toFixed(2);
}

function isTimeout(error: unknown): boolean {
  return error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
}

function networkCode(error: unknown): string {
  const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  return typeof cause?.code === 'string' ? cause.code : error instanceof Error ? error.name : 'unknown';
}
