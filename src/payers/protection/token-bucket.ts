/** A rate budget: `ratePerSecond` on average, up to `burst` at once. */
export interface RateBudget {
  ratePerSecond: number;
  burst: number;
}

export type TokenGrant = { granted: true } | { granted: false; waitMs: number };

/**
 * A token bucket. Pure: the caller passes the time, so it is exact under test. In any window of `w` ms
 * it grants at most `burst + ratePerSecond * w / 1000` requests. `Infinity` as the rate means no limit.
 */
const TOKEN_EPSILON = 1e-9;

export class TokenBucket {
  private tokens: number;
  private refilledAt: number;

  constructor(
    private readonly budget: RateBudget,
    now: number,
  ) {
    if (!(budget.ratePerSecond > 0)) throw new RangeError('ratePerSecond must be greater than 0');
    if (!(budget.burst >= 1)) throw new RangeError('burst must be at least 1');
    this.tokens = budget.burst;
    this.refilledAt = now;
  }

  take(now: number): TokenGrant {
    if (this.budget.ratePerSecond === Infinity) return { granted: true };
    if (now > this.refilledAt) {
      this.tokens = Math.min(
        this.budget.burst,
        this.tokens + ((now - this.refilledAt) * this.budget.ratePerSecond) / 1000,
      );
      this.refilledAt = now;
    }
    // Fractions of a token add up in floating point: waiting exactly as told can leave 0.99999999999.
    if (this.tokens >= 1 - TOKEN_EPSILON) {
      this.tokens = Math.max(0, this.tokens - 1);
      return { granted: true };
    }
    return {
      granted: false,
      waitMs: Math.max(1, Math.ceil(((1 - this.tokens) * 1000) / this.budget.ratePerSecond)),
    };
  }
}
