import { z } from 'zod';
import type { Queryable } from '../../db/pool';
import { closePayerOutage, isPayerOutageOpen, openPayerOutage } from '../../db/payer-outages';
import type { PayerLogger } from '../logger';
import type { CircuitBreakerOptions } from './circuit-breaker';
import type { Clock } from './clock';
import {
  type GuardLimits,
  type GuardSnapshot,
  type OutageRecorder,
  type PayerBudget,
  PayerGuard,
} from './payer-guard';

export { CircuitBreaker, type BreakerState, type CircuitBreakerOptions } from './circuit-breaker';
export { type Clock, systemClock } from './clock';
export {
  PayerGuard,
  type GuardLimits,
  type GuardSnapshot,
  type OutageRecorder,
  type PayerBudget,
  type PayerOutageOpening,
} from './payer-guard';
export { Semaphore } from './semaphore';
export { TokenBucket, type RateBudget } from './token-bucket';

/**
 * Budgets and breaker settings for a payer on a real clearinghouse or payer API: a handful of requests
 * in flight, a steady rate, and a breaker that trips after five failures in a row and probes again after
 * 30 seconds (doubling while the payer stays down, up to ten minutes).
 */
export const defaultGuardLimits: GuardLimits = {
  budget: { maxConcurrent: 10, ratePerSecond: 10, burst: 20, maxWaitMs: 5_000 },
  breaker: { failureThreshold: 5, coolDownMs: 30_000, maxCoolDownMs: 600_000, halfOpenProbes: 1 },
};

/** No budget: for channels that are not a real payer (the simulated payer). The breaker still applies. */
export const unlimitedBudget: PayerBudget = {
  maxConcurrent: Number.MAX_SAFE_INTEGER,
  ratePerSecond: Infinity,
  burst: 1,
  maxWaitMs: 0,
};

export interface LimitOverrides {
  budget?: Partial<PayerBudget>;
  breaker?: Partial<CircuitBreakerOptions>;
}

/** One payer/channel's limits as configured: budget and breaker settings side by side. */
const limitSettingsSchema = z
  .object({
    maxConcurrent: z.number().int().min(1).optional(),
    ratePerSecond: z.number().positive().optional(),
    burst: z.number().int().min(1).optional(),
    maxWaitMs: z.number().int().min(0).optional(),
    failureThreshold: z.number().int().min(1).optional(),
    coolDownMs: z.number().int().min(0).optional(),
    maxCoolDownMs: z.number().int().min(0).optional(),
    halfOpenProbes: z.number().int().min(1).optional(),
  })
  .strict();
export type LimitSettings = z.infer<typeof limitSettingsSchema>;

/** Limits by channel (`x12`) or by payer and channel (`sim-uhc/rest`). */
export const payerLimitsSchema = z.record(
  z.string().regex(/^([A-Za-z0-9][A-Za-z0-9._-]*\/)?[A-Za-z0-9._-]+$/, 'a channel or payer/channel'),
  limitSettingsSchema,
);
export type PayerLimits = z.infer<typeof payerLimitsSchema>;

/**
 * The configured limits for a payer on a channel: the channel's own, then the payer's on that channel
 * over them; undefined when neither is configured.
 */
export function configuredLimits(
  limits: PayerLimits,
  payerId: string,
  channel: string,
): LimitOverrides | undefined {
  const own = limits[channel];
  const payers = limits[`${payerId}/${channel}`];
  if (!own && !payers) return undefined;
  const { maxConcurrent, ratePerSecond, burst, maxWaitMs, ...breaker } = { ...own, ...payers };
  const budget = { maxConcurrent, ratePerSecond, burst, maxWaitMs };
  const defined = <T extends object>(values: T): Partial<T> =>
    Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as Partial<T>;
  return { budget: defined(budget), breaker: defined(breaker) };
}

export interface PayerProtectionOptions {
  /** Settings for every payer/channel, over {@link defaultGuardLimits}. */
  limits?: LimitOverrides;
  /** Settings for one payer/channel (a channel's own limits, a payer's contracted rate), over `limits`. */
  limitsFor?: (payerId: string, channel: string) => LimitOverrides | undefined;
  clock?: Clock;
  random?: () => number;
  outages?: OutageRecorder;
  logger?: PayerLogger;
}

/** One guard per payer/channel pair, made on first use and kept for the life of the process. */
export interface PayerProtection {
  guard(payerId: string, channel: string): PayerGuard;
  snapshot(): GuardSnapshot[];
}

export function createPayerProtection(options: PayerProtectionOptions = {}): PayerProtection {
  const guards = new Map<string, PayerGuard>();
  const deps = {
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.random ? { random: options.random } : {}),
    ...(options.outages ? { outages: options.outages } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
  };
  return {
    guard(payerId, channel) {
      const key = JSON.stringify([payerId, channel]);
      let guard = guards.get(key);
      if (!guard) {
        const own = options.limitsFor?.(payerId, channel);
        const limits: GuardLimits = {
          budget: { ...defaultGuardLimits.budget, ...options.limits?.budget, ...own?.budget },
          breaker: { ...defaultGuardLimits.breaker, ...options.limits?.breaker, ...own?.breaker },
        };
        guard = new PayerGuard(payerId, channel, limits, deps);
        guards.set(key, guard);
      }
      return guard;
    },
    snapshot: () => [...guards.values()].map((guard) => guard.snapshot()),
  };
}

/** Records payer outages in PostgreSQL (`payer_outages`): one open row per payer/channel at a time. */
export function postgresOutageRecorder(db: Queryable): OutageRecorder {
  return {
    opened: async (outage) => (await openPayerOutage(db, outage)).opened,
    closed: (outage) => closePayerOutage(db, outage),
    isOpen: (outage) => isPayerOutageOpen(db, outage),
  };
}
