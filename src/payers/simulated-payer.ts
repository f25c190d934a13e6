import { z } from 'zod';
import type { SimulatedPayerStore } from '../db/simulator';
import { PayerError, type PayerChannel, type StatusResponse } from './types';

/** One scripted step: a status response, or a fault the channel raises instead of answering. */
export const simulatedStepSchema = z.union([
  z.object({
    category: z.string().regex(/^[A-Z][0-9A-Z]{1,3}$/, 'a claim status category code such as P1 or F1'),
    code: z
      .string()
      .regex(/^[0-9A-Z]{1,5}$/)
      .optional(),
    paidCents: z.number().int().min(0).optional(),
    payerClaimNumber: z.string().min(1).max(50).optional(),
  }),
  z.object({
    fault: z.enum(['transient', 'permanent', 'unsupported']),
    message: z.string().max(200).optional(),
  }),
]);
export type SimulatedStep = z.infer<typeof simulatedStepSchema>;

/** Used for a claim without a script: pending at the first check, paid at the next. */
export const defaultSimulatedScript: readonly SimulatedStep[] = [
  { category: 'P1', code: '20' },
  { category: 'F1', code: '65' },
];

/**
 * The simulated payer answers inquiry n with step n of the claim's script (the last step repeats), so
 * a retried inquiry gets the same answer. Every request is recorded, so tests can prove nothing was
 * sent twice.
 */
export function createSimulatedPayer(store: SimulatedPayerStore): PayerChannel {
  return {
    name: 'simulated',
    async checkStatus(inquiry) {
      const stored = await store.scriptFor(inquiry.claimId);
      const script = stored ? z.array(simulatedStepSchema).min(1).parse(stored) : defaultSimulatedScript;
      const step = script[Math.min(inquiry.seq, script.length) - 1] ?? defaultSimulatedScript[0]!;
      await store.recordRequest({
        claimId: inquiry.claimId,
        payerId: inquiry.payerId,
        idempotencyKey: inquiry.idempotencyKey,
        response: step,
      });
      if ('fault' in step) {
        throw new PayerError(step.fault, step.message ?? `simulated ${step.fault} fault`);
      }
      const response: StatusResponse = { category: step.category };
      if (step.code !== undefined) response.code = step.code;
      if (step.paidCents !== undefined) response.paidCents = step.paidCents;
      if (step.payerClaimNumber !== undefined) response.payerClaimNumber = step.payerClaimNumber;
      return response;
    },
  };
}
