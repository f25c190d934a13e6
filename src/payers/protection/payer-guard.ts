import { type PayerLogger, silentPayerLogger } from '../logger';
import { PayerError, isTransientPayerError } from '../types';
import {
  type BreakerState,
  type BreakerTransition,
  CircuitBreaker,
  type CircuitBreakerOptions,
} from './circuit-breaker';
import { type Clock, systemClock } from './clock';
import { Semaphore } from './semaphore';
import { type RateBudget, TokenBucket } from './token-bucket';

/** A payer/channel's budget: requests in flight, requests per second, and how long a caller may wait for either. */
export interface PayerBudget extends RateBudget {
  maxConcurrent: number;
  /** Longer than this and the caller gets a transient error with `retryAfterMs` instead of waiting. */
  maxWaitMs: number;
}

export interface GuardLimits {
  budget: PayerBudget;
  breaker: CircuitBreakerOptions;
}

/**
 * Where payer outages are recorded (PostgreSQL in production). `opened` is idempotent per open outage:
 * every worker process whose breaker trips calls it, and only the first opens an outage and its
 * escalation.
 */
export interface OutageRecorder {
  opened(outage: PayerOutageOpening): Promise<boolean>;
  closed(outage: { payerId: string; channel: string; at: number }): Promise<boolean>;
  /** Whether an outage of the payer on the channel is open, whichever process opened it. */
  isOpen?(outage: { payerId: string; channel: string }): Promise<boolean>;
}

export interface PayerOutageOpening {
  payerId: string;
  channel: string;
  at: number;
  reason: string;
  escalationNote: string;
}

export interface GuardDeps {
  clock?: Clock;
  /**
   * How often a closed breaker asks the outage store whether another process has found the payer down
   * (and then opens too). Default 10 s; only while requests flow.
   */
  peerCheckIntervalMs?: number;
  /** For the jitter added to `retryAfterMs`, so refused claims do not all return at the same moment. */
  random?: () => number;
  outages?: OutageRecorder;
  logger?: PayerLogger;
}

export interface GuardSnapshot {
  payerId: string;
  channel: string;
  state: BreakerState;
  inFlight: number;
}

/**
 * Protects one payer on one channel: a circuit breaker first (an open breaker refuses at once, so
 * nothing reaches a payer that is down), then the concurrency and rate budget, then the request. Only
 * transient {@link PayerError}s count against the payer; an answer of any kind, including a permanent
 * or unsupported error, shows the payer is up.
 */
export class PayerGuard {
  private readonly breaker: CircuitBreaker;
  private readonly bucket: TokenBucket;
  private readonly slots: Semaphore;
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly logger: PayerLogger;
  /** Whether this process has told the outage store the payer is up since it started. */
  private reconciled = false;
  /** When the outage store may next be asked about other processes' outages. */
  private nextPeerCheck = 0;

  constructor(
    readonly payerId: string,
    readonly channel: string,
    private readonly limits: GuardLimits,
    private readonly deps: GuardDeps = {},
  ) {
    this.clock = deps.clock ?? systemClock;
    this.random = deps.random ?? Math.random;
    this.logger = deps.logger ?? silentPayerLogger;
    this.breaker = new CircuitBreaker(limits.breaker);
    this.bucket = new TokenBucket(limits.budget, this.clock.now());
    this.slots = new Semaphore(limits.budget.maxConcurrent);
  }

  snapshot(): GuardSnapshot {
    return {
      payerId: this.payerId,
      channel: this.channel,
      state: this.breaker.state,
      inFlight: this.slots.inUse,
    };
  }

  /** Runs `request` within the payer's breaker and budget; `claimId` is for logs only. */
  async run<T>(request: () => Promise<T>, context: { claimId: string }): Promise<T> {
    await this.joinOutageElsewhere();
    const admission = this.breaker.admit(this.clock.now());
    if (admission.transition) this.logTransition(admission.transition);
    if (!admission.allowed) {
      throw new PayerError(
        'transient',
        `${this.payerId} via ${this.channel}: circuit open after repeated failures; not sent`,
        { retryAfterMs: this.jittered(admission.retryAfterMs) },
      );
    }
    const { ticket } = admission;
    try {
      await this.takeBudget();
    } catch (error) {
      this.breaker.released(ticket);
      throw error;
    }
    let result: T;
    try {
      result = await request();
    } catch (error) {
      if (isTransientPayerError(error)) {
        await this.after(this.breaker.failed(ticket, this.clock.now()), error, context);
      } else if (error instanceof PayerError) {
        await this.after(this.breaker.succeeded(ticket, this.clock.now()), undefined, context);
      } else {
        this.breaker.released(ticket); // our own fault (database, bug): says nothing about the payer
      }
      throw error;
    } finally {
      this.slots.release();
    }
    await this.after(this.breaker.succeeded(ticket, this.clock.now()), undefined, context);
    return result;
  }

  /**
   * Each worker process has its own breaker; the outage row is shared. A closed breaker that finds an
   * outage open (another worker tripped) opens too, so the payer is not sent `failureThreshold` more
   * failing requests by every worker. Its probe after the cool-down closes the outage when the payer is
   * back, whoever opened it. A store that cannot be read changes nothing.
   */
  private async joinOutageElsewhere(): Promise<void> {
    const outages = this.deps.outages;
    const now = this.clock.now();
    if (!outages?.isOpen || this.breaker.state !== 'closed' || now < this.nextPeerCheck) return;
    this.nextPeerCheck = now + (this.deps.peerCheckIntervalMs ?? 10_000);
    let open: boolean;
    try {
      open = await outages.isOpen({ payerId: this.payerId, channel: this.channel });
    } catch {
      return;
    }
    const transition = open ? this.breaker.openedElsewhere(this.clock.now()) : undefined;
    if (transition) {
      this.logger.warn('payer circuit opened: another worker recorded an outage of this payer', {
        payerId: this.payerId,
        channel: this.channel,
      });
    }
  }

  private async takeBudget(): Promise<void> {
    const deadline = this.clock.now() + this.limits.budget.maxWaitMs;
    for (;;) {
      const grant = this.bucket.take(this.clock.now());
      if (grant.granted) break;
      if (this.clock.now() + grant.waitMs > deadline) {
        throw new PayerError(
          'transient',
          `${this.payerId} via ${this.channel}: rate budget spent; not sent`,
          {
            retryAfterMs: this.jittered(grant.waitMs),
          },
        );
      }
      await this.clock.sleep(grant.waitMs);
    }
    if (this.slots.tryAcquire()) return;
    const giveUp = new AbortController();
    const acquired = await this.slots.acquire(
      this.clock.sleep(Math.max(0, deadline - this.clock.now()), giveUp.signal),
    );
    giveUp.abort();
    if (!acquired) {
      throw new PayerError(
        'transient',
        `${this.payerId} via ${this.channel}: ${this.limits.budget.maxConcurrent} requests already in flight; not sent`,
        { retryAfterMs: this.jittered(this.limits.budget.maxWaitMs) },
      );
    }
  }

  private async after(
    transition: BreakerTransition | undefined,
    failure: PayerError | undefined,
    context: { claimId: string },
  ): Promise<void> {
    if (transition) this.logTransition(transition, failure, context);
    const outages = this.deps.outages;
    if (!outages) return;
    try {
      if (transition?.to === 'open') {
        const opened = await outages.opened({
          payerId: this.payerId,
          channel: this.channel,
          at: transition.at,
          reason: failure?.message ?? 'repeated failures',
          escalationNote: this.escalationNote(transition, failure),
        });
        if (opened) {
          this.logger.warn('payer outage opened: one escalation for the payer', {
            payerId: this.payerId,
            channel: this.channel,
          });
        }
        this.reconciled = true;
      } else if (transition?.to === 'closed' || (!failure && !this.reconciled)) {
        // Also on the first success after a restart, so an outage left open by a stopped process closes.
        this.reconciled = true;
        const closed = await outages.closed({
          payerId: this.payerId,
          channel: this.channel,
          at: this.clock.now(),
        });
        if (closed)
          this.logger.warn('payer outage closed: checks resumed', {
            payerId: this.payerId,
            channel: this.channel,
          });
      }
    } catch (error) {
      // The payer's result stands; the outage record catches up on the next transition.
      this.reconciled = false;
      this.logger.warn('payer outage could not be recorded', {
        payerId: this.payerId,
        channel: this.channel,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }

  private escalationNote(transition: BreakerTransition, failure: PayerError | undefined): string {
    const opened = new Date(transition.at).toISOString();
    return (
      `Payer ${this.payerId} is not answering on channel ${this.channel} since ${opened}: ` +
      `${transition.consecutiveFailures} failed request(s) in a row, last "${failure?.message ?? 'unknown'}". ` +
      'Status checks for its claims are held back and retried with back-off; no per-claim tasks are opened. ' +
      "Check the payer's or clearinghouse's status page; this closes by itself when requests succeed again."
    );
  }

  private logTransition(
    transition: BreakerTransition,
    failure?: PayerError,
    context?: { claimId: string },
  ): void {
    this.logger.warn(`payer circuit ${transition.from} -> ${transition.to}`, {
      payerId: this.payerId,
      channel: this.channel,
      consecutiveFailures: transition.consecutiveFailures,
      ...(context ? { claimId: context.claimId } : {}),
      ...(failure ? { error: failure.message } : {}),
    });
  }

  /** Up to a quarter more, so refused callers spread out instead of returning together. */
  private jittered(ms: number): number {
    return Math.ceil(ms + ms * 0.25 * this.random());
  }
}
