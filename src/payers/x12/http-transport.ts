import { silentPayerLogger, type PayerLogger } from '../logger';
import { type CoreEnvelopeSettings, coreRequestForm, readCoreResponse } from './core-envelope';
import { PayerError, type PayerErrorKind } from '../types';
import type { ClearinghouseTransport } from './transport';

export interface HttpTransportOptions {
  /** The clearinghouse's real-time endpoint; the 276 is POSTed to it and the 277 is the response body. */
  readonly url: string;
  /** For the whole round trip, body included. Default 20 s, the CAQH CORE real-time limit. */
  readonly timeoutMs?: number;
  /** Sent with every request (authorization, trading partner ids). */
  readonly headers?: Readonly<Record<string, string>>;
  /**
   * Wrap the 276 in the CAQH CORE connectivity envelope (HTTP+MIME) and read the 277 from the answer's
   * envelope. Default: the bare X12 is the body both ways.
   */
  readonly core?: CoreEnvelopeSettings;
  readonly now?: () => Date;
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
 * A real-time transport: POSTs the 276 (`application/edi-x12`, or in the CAQH CORE envelope as
 * multipart/form-data) and returns the 277. Bodies carry PHI and are never logged.
 */
export function createHttpTransport(options: HttpTransportOptions): ClearinghouseTransport {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const logger = options.logger ?? silentPayerLogger;
  const name = options.name ?? 'x12-http';
  const now = options.now ?? (() => new Date());
  const core = options.core;
  return {
    name,
    async exchange(outbound) {
      const signal = AbortSignal.timeout(timeoutMs);
      try {
        // fetch sets the multipart content type (with its boundary) for a FormData body.
        const response = await fetch(options.url, {
          method: 'POST',
          headers: core
            ? { ...options.headers }
            : { 'content-type': 'application/edi-x12', ...options.headers },
          body: core ? coreRequestForm(outbound.body, core, now()) : outbound.body,
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
        if (!core) return await response.text();
        let form: FormData;
        try {
          form = await response.formData();
        } catch (error) {
          if (isTimeout(error)) throw error;
          throw new PayerError(
            'unsupported',
            `clearinghouse answered interchange ${outbound.controlNumber} without a CORE envelope`,
            { cause: error },
          );
        }
        return readCoreResponse(form, { controlNumber: outbound.controlNumber });
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
