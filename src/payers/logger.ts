/**
 * What the payer layer logs through. The shape of the Temporal SDK's logger (`Runtime.instance().logger`,
 * the activity `log`), so either can be passed; attributes carry ids only (claim, payer, request), never
 * PHI or request bodies.
 */
export interface PayerLogger {
  info(message: string, attributes?: Record<string, unknown>): void;
  warn(message: string, attributes?: Record<string, unknown>): void;
}

export const silentPayerLogger: PayerLogger = {
  info: () => undefined,
  warn: () => undefined,
};
