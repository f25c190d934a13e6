export type BreakerState = 'closed' | 'open' | 'half_open';

export interface CircuitBreakerOptions {
  /** Consecutive failures that trip a closed breaker. */
  failureThreshold: number;
  /** How long a tripped breaker stays open before it lets probes through. */
  coolDownMs: number;
  /** Each failed probe doubles the cool-down, up to this. */
  maxCoolDownMs: number;
  /** Requests let through while half-open; the first success closes the breaker, a failure reopens it. */
  halfOpenProbes: number;
}

/** A request the breaker let through; hand it back with the request's result. */
export interface BreakerTicket {
  readonly probe: boolean;
  readonly episode: number;
}

export type Admission =
  | { allowed: true; ticket: BreakerTicket; transition?: BreakerTransition }
  | { allowed: false; retryAfterMs: number; transition?: BreakerTransition };

export interface BreakerTransition {
  from: BreakerState;
  to: BreakerState;
  at: number;
  /** Failures in a row when the breaker tripped (1 when a probe failed). */
  consecutiveFailures: number;
}

/**
 * A circuit breaker. Pure: every call takes the time, so cool-downs are exact under test and no timer
 * runs. Closed lets everything through and counts consecutive failures; at `failureThreshold` it opens
 * and refuses everything for the cool-down; then half-open lets `halfOpenProbes` requests through: a
 * success closes it, a failure reopens it with a longer cool-down.
 */
export class CircuitBreaker {
  private current: BreakerState = 'closed';
  private failures = 0;
  private openUntil = 0;
  private reopenings = 0;
  /** Counts half-open episodes, so a late answer to an old probe cannot move a newer episode. */
  private episode = 0;
  private probesAdmitted = 0;

  constructor(private readonly options: CircuitBreakerOptions) {
    if (!(options.failureThreshold >= 1)) throw new RangeError('failureThreshold must be at least 1');
    if (!(options.halfOpenProbes >= 1)) throw new RangeError('halfOpenProbes must be at least 1');
    if (!(options.coolDownMs >= 0) || !(options.maxCoolDownMs >= options.coolDownMs)) {
      throw new RangeError('need 0 <= coolDownMs <= maxCoolDownMs');
    }
  }

  get state(): BreakerState {
    return this.current;
  }

  /** Asks to send a request now. */
  admit(now: number): Admission {
    let transition: BreakerTransition | undefined;
    if (this.current === 'open') {
      if (now < this.openUntil) return { allowed: false, retryAfterMs: this.openUntil - now };
      transition = this.move('half_open', now);
      this.episode += 1;
      this.probesAdmitted = 0;
    }
    if (this.current === 'half_open') {
      if (this.probesAdmitted >= this.options.halfOpenProbes) {
        // Probes are out; callers come back after about one cool-down, by when they have answered.
        return withTransition({ allowed: false, retryAfterMs: this.options.coolDownMs }, transition);
      }
      this.probesAdmitted += 1;
      return withTransition({ allowed: true, ticket: { probe: true, episode: this.episode } }, transition);
    }
    return { allowed: true, ticket: { probe: false, episode: this.episode } };
  }

  /** The request succeeded (the payer answered, whatever the answer). */
  succeeded(ticket: BreakerTicket, now: number): BreakerTransition | undefined {
    if (ticket.probe) {
      if (this.current !== 'half_open' || ticket.episode !== this.episode) return undefined;
      this.failures = 0;
      this.reopenings = 0;
      return this.move('closed', now);
    }
    if (this.current === 'closed') this.failures = 0;
    return undefined;
  }

  /** The request failed in a way that says the payer is unwell (timeout, 5xx, 429, refused). */
  failed(ticket: BreakerTicket, now: number): BreakerTransition | undefined {
    if (ticket.probe) {
      if (this.current !== 'half_open' || ticket.episode !== this.episode) return undefined;
      this.reopenings += 1;
      this.failures = 1;
      return this.trip(now);
    }
    if (this.current !== 'closed') return undefined;
    this.failures += 1;
    return this.failures >= this.options.failureThreshold ? this.trip(now) : undefined;
  }

  /**
   * Another process found the payer down (its breaker opened an outage): a closed breaker opens for a
   * cool-down, then probes like any open breaker, instead of failing `failureThreshold` requests first.
   */
  openedElsewhere(now: number): BreakerTransition | undefined {
    return this.current === 'closed' ? this.trip(now) : undefined;
  }

  /** The request was admitted but never sent (no budget, or a fault of our own): frees a probe slot. */
  released(ticket: BreakerTicket): void {
    if (ticket.probe && this.current === 'half_open' && ticket.episode === this.episode) {
      this.probesAdmitted = Math.max(0, this.probesAdmitted - 1);
    }
  }

  private trip(now: number): BreakerTransition {
    const coolDown = Math.min(this.options.maxCoolDownMs, this.options.coolDownMs * 2 ** this.reopenings);
    this.openUntil = now + coolDown;
    return this.move('open', now);
  }

  private move(to: BreakerState, at: number): BreakerTransition {
    const transition = { from: this.current, to, at, consecutiveFailures: this.failures };
    this.current = to;
    return transition;
  }
}

function withTransition<T extends object>(
  admission: T,
  transition: BreakerTransition | undefined,
): T & { transition?: BreakerTransition } {
  return transition ? { ...admission, transition } : admission;
}
