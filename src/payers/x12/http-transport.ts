import { silentPayerLogger, type PayerLogger } from '../logger';
import { PayerError, type PayerErrorKind } from '../types';
import type { ClearinghouseTransport } from './transport';

export interface HttpTransportOptions {
  /** The clearinghouse's real-time endpoint; the 276 is POSTed to it and the 277 is the response body. */
  readonly url: string;
  /** For the whole round trip, body included. Default 20 s, the CAQH CORE real-time limit. */
  readonly timeoutMs?: number;
  /** Sent with every request (authorization, trading partner ids). */
  readonly headers?: Readonly<Record<string, string>>;
  readonly name?: string;
  readonly logger?: PayerLogger;
}

const DEFAULT_TIMEOUT_MS = 20_000;

/**
 * What an HTTP status means for the inquiry: 408, 429 and 5xx may pass (transient), any other 4xx will
 * not (permanent: the request itself is wrong or not allowed).
 */
export function classifyHttpStatus(status: number): PayerErrorKind {
  return status === 408 || status === 429 || status >= 500 ? 'transient' : 'permanent';
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date; undefined when absent or unreadable. */
function retryAfterMs(header: string | null, now: number): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

function isTimeout(error: unknown): boolean {
  return error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
}

/**
 * A real-time transport: POSTs the 276 (`application/edi-x12`) and returns the response body. Bodies
 * carry PHI and are never logged.
 */
export function createHttpTransport(options: HttpTransportOptions): ClearinghouseTransport {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const logger = options.logger ?? silentPayerLogger;
  const name = options.name ?? 'x12-http';
  return {
    name,
    async exchange(outbound) {
      const signal = AbortSignal.timeout(timeoutMs);
      try {
        const response = await fetch(options.url, {
          method: 'POST',
          headers: { 'content-type': 'application/edi-x12', ...options.headers },
          body: outbound.body,
          signal,
        });
        if (!response.ok) {
          await response.body?.cancel();
          const kind = classifyHttpStatus(response.status);
          const retryAfter = retryAfterMs(response.headers.get('retry-after'), Date.now());
          logger.warn('clearinghouse answered with an HTTP error', {
            transport: name,
            controlNumber: outbound.controlNumber,
            status: response.status,
            kind,
          });
          throw new PayerError(
            kind,
            `clearinghouse answered HTTP ${response.status} to interchange ${outbound.controlNumber}`,
            {
              ...(retryAfter === undefined ? {} : { retryAfterMs: retryAfter }),
            },
          );
        }
        return await response.text();
      } catch (error) {
        if (error instanceof PayerError) throw error;
        if (isTimeout(error)) {
          throw new PayerError(
            'transient',
            `clearinghouse did not answer interchange ${outbound.controlNumber} within ${timeoutMs} ms`,
            { cause: error },
          );
        }
        throw new PayerError(
          'transient',
          `could not reach the clearinghouse for interchange ${outbound.controlNumber}`,
          {
            cause: error,
          },
        );
      }
    },
  };
}
