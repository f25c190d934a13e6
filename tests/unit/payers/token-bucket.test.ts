import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TokenBucket } from '../../../src/payers/protection/token-bucket';

describe('token bucket', () => {
  it('when a burst is spent, then the next request is told how long until a token is back', () => {
    const bucket = new TokenBucket({ ratePerSecond: 4, burst: 2 }, 0);
    expect(bucket.take(0)).toEqual({ granted: true });
    expect(bucket.take(0)).toEqual({ granted: true });
    expect(bucket.take(0)).toEqual({ granted: false, waitMs: 250 });
    expect(bucket.take(249)).toMatchObject({ granted: false });
    expect(bucket.take(250)).toEqual({ granted: true });
  });

  it('when idle, then it refills only up to its burst', () => {
    const bucket = new TokenBucket({ ratePerSecond: 10, burst: 3 }, 0);
    const grants = Array.from({ length: 5 }, () => bucket.take(60_000).granted);
    expect(grants).toEqual([true, true, true, false, false]);
  });

  it('with an infinite rate, then it grants everything', () => {
    const bucket = new TokenBucket({ ratePerSecond: Infinity, burst: 1 }, 0);
    expect(Array.from({ length: 1000 }, () => bucket.take(0).granted).every(Boolean)).toBe(true);
  });

  it('grants a request that waited exactly as told, even when fractions of tokens added up in floating point', () => {
    // fast-check found this at 1 request/s, burst 2 (waiting as told was refused by 1 ms).
    const bucket = new TokenBucket({ ratePerSecond: 1, burst: 2 }, 0);
    let now = 0;
    for (const { gap, waitAsTold } of [
      { gap: 0, waitAsTold: false },
      { gap: 172, waitAsTold: false },
      { gap: 0, waitAsTold: true },
      { gap: 67, waitAsTold: false },
      { gap: 28, waitAsTold: false },
      { gap: 340, waitAsTold: true },
    ]) {
      now += gap;
      const grant = bucket.take(now);
      if (!grant.granted && waitAsTold) {
        now += grant.waitMs;
        expect(bucket.take(now)).toEqual({ granted: true });
      }
    }
  });

  it('never grants more than burst + rate × window in any window, and a refused request waiting as told is granted', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 50 }),
        fc.integer({ min: 1, max: 10 }),
        fc.array(fc.record({ gap: fc.integer({ min: 0, max: 400 }), waitAsTold: fc.boolean() }), {
          minLength: 1,
          maxLength: 300,
        }),
        (ratePerSecond, burst, steps) => {
          const bucket = new TokenBucket({ ratePerSecond, burst }, 0);
          const granted: number[] = [];
          let now = 0;
          for (const { gap, waitAsTold } of steps) {
            now += gap;
            const grant = bucket.take(now);
            if (grant.granted) granted.push(now);
            else if (waitAsTold) {
              now += grant.waitMs;
              expect(bucket.take(now)).toEqual({ granted: true });
              granted.push(now);
            }
          }
          for (let i = 0; i < granted.length; i += 1) {
            for (let j = i; j < granted.length; j += 1) {
              const window = granted[j]! - granted[i]!;
              expect(j - i + 1).toBeLessThanOrEqual(burst + (ratePerSecond * window) / 1000 + 1e-9);
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
