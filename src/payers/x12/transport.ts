/** One 276 interchange to send, and how to recognise the X12 file that answers it. */
export interface OutboundInterchange {
  /** The complete X12 text, ISA to IEA. */
  readonly body: string;
  /** ISA13, for file names and logs. */
  readonly controlNumber: string;
  /**
   * Whether an inbound X12 text answers this interchange. Batch transports read every answer from one
   * place (an inbox folder), so they pick the one meant for this request with it.
   */
  answers(text: string): boolean;
}

/**
 * How X12 reaches a clearinghouse: real-time (one HTTP request, the answer in its response) or batch
 * (files dropped in an outbox, answers picked up from an inbox). Failures are PayerErrors: transient
 * when trying again later may work (timeouts, 5xx, unreachable), permanent when it cannot (4xx).
 */
export interface ClearinghouseTransport {
  readonly name: string;
  /** Sends the interchange and resolves with the X12 text that answers it. */
  exchange(outbound: OutboundInterchange): Promise<string>;
}
