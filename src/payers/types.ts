/** What a channel is asked: the claim to look up, and a key that is the same on every retry. */
export interface StatusInquiry {
  idempotencyKey: string;
  claimId: string;
  payerId: string;
  /** 1 for the first inquiry about this claim, 2 for the second, ... */
  seq: number;
  /** The payer's own number for the claim (ICN/DCN), when known: some channels look claims up by it. */
  payerClaimNumber?: string;
}

/** A payer's answer, as X12 277 claim status category and status codes. */
export interface StatusResponse {
  category: string;
  code?: string;
  paidCents?: number;
  payerClaimNumber?: string;
}

/**
 * What a claim submission is: a new claim (frequency code 1), a corrected or replacement claim
 * (frequency 7, replacing the payer's claim `payerClaimNumber`), or a void of it (frequency 8). The
 * claim's content (lines, codes, amounts) stays in PostgreSQL; channels read it by `documentId`.
 */
export type SubmissionKind = 'new' | 'corrected' | 'replacement';
/** X12 837 CLM05-3: 1 original, 7 replacement of a prior claim, 8 void of a prior claim. */
export type ClaimFrequencyCode = '1' | '7' | '8';

export interface ClaimSubmission {
  /** Stable across retries: channels send it as the idempotency key, so a retry never submits twice. */
  idempotencyKey: string;
  claimId: string;
  payerId: string;
  kind: SubmissionKind;
  frequencyCode: ClaimFrequencyCode;
  /** The payer's number of the claim being corrected, replaced or voided; required for 7 and 8. */
  payerClaimNumber?: string;
  /** The stored claim document (837 or JSON) to send, by id; never the content itself. */
  documentId?: string;
  billedCents?: number;
  /** Why it is resubmitted, for the payer's reviewer (no PHI). */
  note?: string;
}

/**
 * The payer's (or clearinghouse's) acknowledgement of a submission, as a 277CA category: A1/A2 accepted,
 * A3/A6/A7/A8 rejected (fix and resubmit).
 */
export interface SubmissionReceipt {
  category: string;
  code?: string;
  /** The payer's number for the new claim, when it assigned one. */
  payerClaimNumber?: string;
  /** The channel's tracking id for the submission (batch or transaction id). */
  trackingId?: string;
}

/** Which remittances to fetch: the payer's, received since `since` (epoch ms), page by `cursor`. */
export interface RemittanceQuery {
  payerId: string;
  since: number;
  cursor?: string;
}

/** One claim on a remittance (835 CLP), reduced to what follow-up needs; the full 835 is kept by id. */
export interface RemittanceClaim {
  /** The remittance (payment or 835 file) it came from, for idempotent ingestion. */
  remittanceId: string;
  claimId: string;
  payerClaimNumber?: string;
  /** CLP02: 1, 2, 3 processed as primary/secondary/tertiary, 4 denied, 22 reversal of a prior payment. */
  claimStatusCode: string;
  billedCents: number;
  paidCents: number;
  /** Claim adjustments (CAS): group code (CO, PR, OA, PI), reason code (CARC), amount. */
  adjustments: { group: string; reason: string; cents: number }[];
  paidOn?: string;
}

export interface RemittancePage {
  claims: RemittanceClaim[];
  nextCursor?: string;
}

/** How a channel failed: transient (retry), permanent (fix the data), unsupported (hand to a person). */
export type PayerErrorKind = 'transient' | 'permanent' | 'unsupported';

export class PayerError extends Error {
  /** For a transient failure: how long the caller should wait before trying again, when known. */
  readonly retryAfterMs: number | undefined;

  constructor(
    readonly kind: PayerErrorKind,
    message: string,
    options?: { cause?: unknown; retryAfterMs?: number },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'PayerError';
    this.retryAfterMs = options?.retryAfterMs;
  }
}

/** True for a transient PayerError: the kind of failure that counts against a payer's health. */
export function isTransientPayerError(error: unknown): error is PayerError {
  return error instanceof PayerError && error.kind === 'transient';
}

/**
 * One way of reaching a payer: simulated, X12 276/277 through a clearinghouse, a REST API. Answers are
 * 277/277CA category codes; failures are {@link PayerError}s classified by what helps: retry, fix the
 * data, or hand to a person. A channel that cannot do something for a payer throws `unsupported`, and
 * the registry tries the payer's next channel.
 */
export interface PayerChannel {
  readonly name: string;
  checkStatus(inquiry: StatusInquiry): Promise<StatusResponse>;
  submitClaim(submission: ClaimSubmission): Promise<SubmissionReceipt>;
  fetchRemittances?(query: RemittanceQuery): Promise<RemittancePage>;
}

/**
 * Checks that a submission's kind, frequency code and payer claim number agree, so no channel sends a
 * replacement without the claim it replaces. Throws a permanent PayerError naming the field.
 */
export function assertConsistentSubmission(submission: ClaimSubmission): void {
  const { kind, frequencyCode, payerClaimNumber } = submission;
  if (kind === 'new' && frequencyCode !== '1') {
    throw new PayerError('permanent', `a new claim has frequency code 1, not ${frequencyCode}`);
  }
  if (kind !== 'new' && frequencyCode === '1') {
    throw new PayerError('permanent', `a ${kind} claim has frequency code 7 (replace) or 8 (void), not 1`);
  }
  if (frequencyCode !== '1' && !payerClaimNumber) {
    throw new PayerError(
      'permanent',
      `payerClaimNumber is required with frequency code ${frequencyCode}: the payer must know which claim it replaces`,
    );
  }
}
