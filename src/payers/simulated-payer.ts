import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { SimulatedPayerStore, SimulatorScenario, StoredSimulatorScript } from '../db/simulator';
import { lookupStatusCategory } from '../domain/claim-status-codes';
import { type Clock, systemClock } from './protection/clock';
import {
  type ClaimSubmission,
  PayerError,
  type PayerChannel,
  type StatusResponse,
  type SubmissionReceipt,
  assertConsistentSubmission,
} from './types';

/** An answer: a 277 (or, for submissions, 277CA) category and status code, and what was paid. */
const simulatedAnswerSchema = z
  .object({
    category: z.string().regex(/^[A-Z][0-9A-Z]{1,3}$/, 'a claim status category code such as P1 or F1'),
    code: z
      .string()
      .regex(/^[0-9A-Z]{1,5}$/)
      .optional(),
    paidCents: z.number().int().min(0).optional(),
    /** Paid as a share of the claim's billed amount (for scripts shared by a payer's claims). */
    paidPercent: z.number().min(0).max(100).optional(),
    payerClaimNumber: z.string().min(1).max(50).optional(),
  })
  .refine((step) => step.paidCents === undefined || step.paidPercent === undefined, {
    message: 'give paidCents or paidPercent, not both',
    path: ['paidPercent'],
  });

/**
 * A fault the channel raises instead of answering: `transient`, `permanent`, `unsupported` as named;
 * `timeout` (no answer until the channel's timeout), `server_error` (a 500) and `rate_limited` (a 429 with
 * Retry-After) are transient.
 */
const simulatedFaultSchema = z.object({
  fault: z.enum(['transient', 'permanent', 'unsupported', 'timeout', 'server_error', 'rate_limited']),
  message: z.string().max(200).optional(),
  retryAfterSeconds: z.number().int().min(0).max(86_400).optional(),
});

/** Splits a script: the steps after it answer the inquiries that follow an accepted resubmission. */
const resubmissionMarkerSchema = z.object({ after: z.literal('resubmission') });

/** One scripted step: a status response, a fault, or the `{"after":"resubmission"}` marker. */
export const simulatedStepSchema = z.union([
  simulatedAnswerSchema,
  simulatedFaultSchema,
  resubmissionMarkerSchema,
]);
export type SimulatedStep = z.infer<typeof simulatedStepSchema>;
type SimulatedAnswer = z.infer<typeof simulatedAnswerSchema>;
type SimulatedFault = z.infer<typeof simulatedFaultSchema>;

/**
 * A script for a claim or a payer. `responses`: answer n goes to inquiry n and the last one repeats;
 * `{"after":"resubmission"}` starts the part that answers once a corrected or replacement claim was
 * accepted, counting inquiries from there ("A7, then after resubmission P1, P1, F1 paid 80%").
 * `submissions`: answer n goes to submission n (default: accepted, A2).
 */
export const simulatedScriptSchema = z
  .object({
    responses: z.array(simulatedStepSchema).min(1, 'at least one response').max(500),
    submissions: z
      .array(z.union([simulatedAnswerSchema, simulatedFaultSchema]))
      .min(1)
      .max(50)
      .optional(),
  })
  .strict()
  .superRefine((script, ctx) => {
    script.responses.forEach((step, index) => {
      const next = script.responses[index + 1];
      if ('after' in step && (index === 0 || next === undefined || 'after' in next)) {
        ctx.addIssue({
          code: 'custom',
          path: ['responses', index],
          message: 'a resubmission marker needs answers before and after it',
        });
      }
    });
  });
export type SimulatedScript = z.infer<typeof simulatedScriptSchema>;

const rate = z.number().min(0).max(1);

/**
 * How a simulated payer behaves as a service, per payer: latency, a share of requests that time out,
 * fail with a 500 or are refused with a 429, and outage windows during which every request fails.
 */
export const simulatedBehaviourSchema = z
  .object({
    latencyMs: z
      .object({ min: z.number().int().min(0).max(120_000), max: z.number().int().min(0).max(120_000) })
      .strict()
      .refine((latency) => latency.min <= latency.max, { message: 'min must not exceed max', path: ['min'] })
      .default({ min: 0, max: 0 }),
    timeoutRate: rate.default(0),
    serverErrorRate: rate.default(0),
    rateLimitRate: rate.default(0),
    retryAfterSeconds: z.number().int().min(0).max(3600).default(30),
    outages: z
      .array(
        z
          .object({
            from: z.iso.datetime({ offset: true }),
            to: z.iso.datetime({ offset: true }),
            /** `unavailable`: answered at once with a 503; `timeout`: never answered. */
            mode: z.enum(['unavailable', 'timeout']).default('unavailable'),
          })
          .strict()
          .refine((window) => Date.parse(window.from) < Date.parse(window.to), {
            message: 'from must be before to',
            path: ['to'],
          }),
      )
      .max(100)
      .default([]),
  })
  .strict()
  .refine((b) => b.timeoutRate + b.serverErrorRate + b.rateLimitRate <= 1, {
    message: 'timeoutRate + serverErrorRate + rateLimitRate must not exceed 1',
    path: ['rateLimitRate'],
  });
export type SimulatedBehaviour = z.infer<typeof simulatedBehaviourSchema>;

/** Used for a claim without a script: pending at the first check, paid at the next. */
export const defaultSimulatedScript: readonly SimulatedStep[] = [
  { category: 'P1', code: '20' },
  { category: 'F1', code: '65' },
];

/** Used for a submission without a scripted answer: accepted into adjudication. */
const defaultSubmissionAnswer: SimulatedAnswer = { category: 'A2', code: '20' };

export interface SimulatedPayerOptions {
  /** The channel name payers are routed to (default `simulated`). */
  name?: string;
  /** Outage windows are read against `now`; latency and timeouts wait with `sleep`. */
  clock?: Clock;
  /** Draws the fault-rate dice. */
  random?: () => number;
  /** How long an unanswered request takes to fail, as a real channel's request timeout would (default 10 s). */
  timeoutMs?: number;
}

type TransportFault =
  { fault: 'timeout' } | { fault: 'server_error' } | { fault: 'rate_limited' } | { fault: 'outage' };

/**
 * The simulated payer: answers from scripts per claim or per payer, behaves per payer (latency, faults,
 * outage windows), and records every request it receives, status inquiries and submissions alike, so
 * tests can prove nothing was sent twice. A retried inquiry (same sequence number) gets the same
 * answer; a retried submission (same idempotency key) gets the same receipt and is not counted again.
 */
export function createSimulatedPayer(
  store: SimulatedPayerStore,
  options: SimulatedPayerOptions = {},
): PayerChannel {
  const clock = options.clock ?? systemClock;
  const random = options.random ?? Math.random;
  const timeoutMs = options.timeoutMs ?? 10_000;

  function transportFault(behaviour: SimulatedBehaviour): TransportFault | undefined {
    const now = clock.now();
    const outage = behaviour.outages.find((w) => Date.parse(w.from) <= now && now < Date.parse(w.to));
    if (outage) return outage.mode === 'timeout' ? { fault: 'timeout' } : { fault: 'outage' };
    const roll = random();
    if (roll < behaviour.timeoutRate) return { fault: 'timeout' };
    if (roll < behaviour.timeoutRate + behaviour.serverErrorRate) return { fault: 'server_error' };
    if (roll < behaviour.timeoutRate + behaviour.serverErrorRate + behaviour.rateLimitRate) {
      return { fault: 'rate_limited' };
    }
    return undefined;
  }

  /** Waits as the payer would, then answers or raises the fault. */
  async function deliver<T>(
    behaviour: SimulatedBehaviour,
    answer: SimulatedFault | TransportFault | undefined,
    value: T,
  ): Promise<T> {
    if (answer?.fault === 'timeout') {
      await clock.sleep(timeoutMs);
      throw new PayerError('transient', `simulated payer: no answer within ${timeoutMs} ms`);
    }
    const { min, max } = behaviour.latencyMs;
    await clock.sleep(min + Math.round(random() * (max - min)));
    if (!answer) return value;
    const retryAfterSeconds =
      ('retryAfterSeconds' in answer ? answer.retryAfterSeconds : undefined) ?? behaviour.retryAfterSeconds;
    const message = 'message' in answer ? answer.message : undefined;
    switch (answer.fault) {
      case 'outage':
        throw new PayerError('transient', 'simulated payer outage: 503 Service Unavailable');
      case 'server_error':
        throw new PayerError('transient', message ?? 'simulated payer: 500 Internal Server Error');
      case 'rate_limited':
        throw new PayerError('transient', message ?? 'simulated payer: 429 Too Many Requests', {
          retryAfterMs: retryAfterSeconds * 1000,
        });
      default:
        throw new PayerError(answer.fault, message ?? `simulated ${answer.fault} fault`);
    }
  }

  return {
    name: options.name ?? 'simulated',

    async checkStatus(inquiry) {
      const scenario = await store.scenarioFor(inquiry);
      const behaviour = behaviourOf(scenario);
      const fault = transportFault(behaviour);
      const step = fault ? undefined : statusStep(scenario, inquiry.seq);
      const answer = step && !('fault' in step) ? resolveAnswer(step, scenario, inquiry.claimId) : undefined;
      await store.recordRequest({
        kind: 'status',
        claimId: inquiry.claimId,
        payerId: inquiry.payerId,
        idempotencyKey: inquiry.idempotencyKey,
        seq: inquiry.seq,
        response: fault ?? answer ?? step,
      });
      const response: StatusResponse = answer ?? { category: 'E0' };
      return deliver(behaviour, fault ?? (step && 'fault' in step ? step : undefined), response);
    },

    async submitClaim(submission) {
      assertConsistentSubmission(submission);
      const scenario = await store.scenarioFor(submission);
      const behaviour = behaviourOf(scenario);
      const request = submissionSummary(submission);
      const earlier = receiptSchema.safeParse(scenario.earlierReceipt);
      if (earlier.success) {
        // The same idempotency key again: the receipt already given, and nothing new starts.
        await store.recordRequest({
          kind: 'submission',
          claimId: submission.claimId,
          payerId: submission.payerId,
          idempotencyKey: submission.idempotencyKey,
          request,
          response: { ...earlier.data, duplicate: true },
        });
        return deliver(behaviour, undefined, earlier.data);
      }
      const fault = transportFault(behaviour);
      const script = scriptOf(scenario);
      const steps = script?.submissions ?? [defaultSubmissionAnswer];
      const step = fault
        ? undefined
        : (steps[Math.min(scenario.earlierSubmissions, steps.length - 1)] ?? defaultSubmissionAnswer);
      let receipt: SubmissionReceipt | undefined;
      if (step && !('fault' in step)) {
        receipt = { category: step.category, trackingId: `SIMSUB-${digest(submission.idempotencyKey)}` };
        if (step.code !== undefined) receipt.code = step.code;
        const accepted = isAccepted(step.category);
        if (step.payerClaimNumber !== undefined) receipt.payerClaimNumber = step.payerClaimNumber;
        else if (accepted) {
          receipt.payerClaimNumber = simulatedClaimNumber(
            submission.claimId,
            scenario.acceptedSubmissions + 1,
          );
        }
      }
      await store.recordRequest({
        kind: 'submission',
        claimId: submission.claimId,
        payerId: submission.payerId,
        idempotencyKey: submission.idempotencyKey,
        ...(receipt ? { accepted: isAccepted(receipt.category) } : {}),
        request,
        response: fault ?? receipt ?? step,
      });
      return deliver(
        behaviour,
        fault ?? (step && 'fault' in step ? step : undefined),
        receipt ?? { category: 'E0' },
      );
    },
  };
}

const receiptSchema = z.object({
  category: z.string(),
  code: z.string().optional(),
  payerClaimNumber: z.string().optional(),
  trackingId: z.string().optional(),
});

/** A 277CA category that puts the claim into adjudication (A1, A2, A5) starts the script's next part. */
function isAccepted(category: string): boolean {
  return lookupStatusCategory(category)?.action === 're_check_later';
}

function behaviourOf(scenario: SimulatorScenario): SimulatedBehaviour {
  // A stored behaviour was validated when it was saved; one from an older schema falls back to defaults.
  const parsed = simulatedBehaviourSchema.safeParse(scenario.behaviour ?? {});
  return parsed.success ? parsed.data : simulatedBehaviourSchema.parse({});
}

function scriptOf(scenario: SimulatorScenario): SimulatedScript | undefined {
  const stored: StoredSimulatorScript | undefined = scenario.claimScript ?? scenario.payerScript;
  if (!stored) return undefined;
  return simulatedScriptSchema.parse({
    responses: stored.responses,
    ...(stored.submissions ? { submissions: stored.submissions } : {}),
  });
}

/** The step answering inquiry `seq`: in the script part for the accepted submissions so far, counted from the latest. */
function statusStep(scenario: SimulatorScenario, seq: number): SimulatedAnswer | SimulatedFault {
  const steps = scriptOf(scenario)?.responses ?? defaultSimulatedScript;
  const parts: (SimulatedAnswer | SimulatedFault)[][] = [[]];
  for (const step of steps) {
    if ('after' in step) parts.push([]);
    else parts[parts.length - 1]!.push(step);
  }
  const part = parts[Math.min(scenario.acceptedSubmissions, parts.length - 1)]!;
  const base = scenario.acceptedSubmissions > 0 ? scenario.resubmittedAfterSeq : 0;
  const position = Math.max(1, seq - base);
  return part[Math.min(position, part.length) - 1] ?? { category: 'P1', code: '20' };
}

function resolveAnswer(step: SimulatedAnswer, scenario: SimulatorScenario, claimId: string): StatusResponse {
  const response: StatusResponse = { category: step.category };
  if (step.code !== undefined) response.code = step.code;
  if (step.paidCents !== undefined) response.paidCents = step.paidCents;
  else if (step.paidPercent !== undefined && scenario.billedCents !== undefined) {
    response.paidCents = Math.round((scenario.billedCents * step.paidPercent) / 100);
  }
  if (step.payerClaimNumber !== undefined) response.payerClaimNumber = step.payerClaimNumber;
  else if (payerHoldsClaim(step.category)) {
    // As a payer's 277 does (REF*1K) once the claim is in its system: needed to replace or void it.
    response.payerClaimNumber = simulatedClaimNumber(claimId, scenario.acceptedSubmissions);
  }
  return response;
}

/** Whether a status says the payer has the claim in its system (pending, finalized, documents requested, accepted). */
function payerHoldsClaim(category: string): boolean {
  const record = lookupStatusCategory(category);
  if (!record) return false;
  if (record.group === 'acknowledgement') return record.action === 're_check_later';
  return (
    record.group === 'pending' || record.group === 'finalized' || record.group === 'request_for_information'
  );
}

/** The payer's number for the claim as of its `accepted`-th accepted submission (0: as originally filed). */
function simulatedClaimNumber(claimId: string, accepted: number): string {
  return `SIM${digest(`${claimId}:${accepted}`)}`;
}

/** What the log keeps of a submission: ids and codes, no claim content. */
function submissionSummary(submission: ClaimSubmission): Record<string, unknown> {
  return {
    kind: submission.kind,
    frequencyCode: submission.frequencyCode,
    ...(submission.payerClaimNumber ? { payerClaimNumber: submission.payerClaimNumber } : {}),
    ...(submission.documentId ? { documentId: submission.documentId } : {}),
  };
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 10).toUpperCase();
}
