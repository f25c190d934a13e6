/** What a channel is asked: the claim to look up, and a key that is the same on every retry. */
export interface StatusInquiry {
  idempotencyKey: string;
  claimId: string;
  payerId: string;
  /** 1 for the first inquiry about this claim, 2 for the second, ... */
  seq: number;
}

/** A payer's answer, as X12 277 claim status category and status codes. */
export interface StatusResponse {
  category: string;
  code?: string;
  paidCents?: number;
  payerClaimNumber?: string;
}

/** How a channel failed: transient (retry), permanent (fix the data), unsupported (hand to a person). */
export type PayerErrorKind = 'transient' | 'permanent' | 'unsupported';

export class PayerError extends Error {
  constructor(
    readonly kind: PayerErrorKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'PayerError';
  }
}

/** One way of reaching a payer: simulated, X12 276/277 through a clearinghouse, a REST API. */
export interface PayerChannel {
  readonly name: string;
  checkStatus(inquiry: StatusInquiry): Promise<StatusResponse>;
}
