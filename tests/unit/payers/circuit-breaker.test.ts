import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type BreakerTicket,
  CircuitBreaker,
  type CircuitBreakerOptions,
} from '../../../src/payers/protection/circuit-breaker';

const options: CircuitBreakerOptions = {
  failureThreshold: 3,
  coolDownMs: 1_000,
  maxCoolDownMs: 5_000,
  halfOpenProbes: 2,
};

function admitted(breaker: CircuitBreaker, now: number): BreakerTicket {
  const admission = breaker.admit(now);
  if (!admission.allowed) throw new Error(`refused at ${now}`);
  return admission.ticket;
}

describe('circuit breaker', () => {
  it('when failures in a row reach the threshold, then it opens and refuses until the cool-down ends', () => {
    const breaker = new CircuitBreaker(options);
    expect(breaker.failed(admitted(breaker, 0), 0)).toBeUndefined();
    expect(breaker.failed(admitted(breaker, 1), 1)).toBeUndefined();
    expect(breaker.failed(admitted(breaker, 2), 2)).toMatchObject({
      from: 'closed',
      to: 'open',
      consecutiveFailures: 3,
    });

    expect(breaker.admit(502)).toEqual({ allowed: false, retryAfterMs: 500 });
    expect(breaker.state).toBe('open');
  });

  it('when a success comes between failures, then the count starts again and it stays closed', () => {
    const breaker = new CircuitBreaker(options);
    for (let i = 0; i < 10; i += 1) {
      breaker.failed(admitted(breaker, i), i);
      breaker.failed(admitted(breaker, i), i);
      breaker.succeeded(admitted(breaker, i), i);
    }
    expect(breaker.state).toBe('closed');
  });

  it('when the cool-down ends, then it half-opens for a limited number of probes and a successful probe closes it', () => {
    const breaker = new CircuitBreaker(options);
    for (let i = 0; i < 3; i += 1) breaker.failed(admitted(breaker, 0), 0);

    const first = breaker.admit(1_000);
    expect(first).toMatchObject({
      allowed: true,
      ticket: { probe: true },
      transition: { from: 'open', to: 'half_open' },
    });
    expect(breaker.admit(1_000)).toMatchObject({ allowed: true, ticket: { probe: true } });
    expect(breaker.admit(1_000)).toEqual({ allowed: false, retryAfterMs: 1_000 });

    if (!first.allowed) throw new Error('unreachable');
    expect(breaker.succeeded(first.ticket, 1_100)).toMatchObject({ from: 'half_open', to: 'closed' });
    expect(breaker.admit(1_100)).toMatchObject({ allowed: true, ticket: { probe: false } });
  });

  it('when a probe fails, then it reopens with a doubled cool-down, capped', () => {
    const breaker = new CircuitBreaker(options);
    for (let i = 0; i < 3; i += 1) breaker.failed(admitted(breaker, 0), 0);
    let now = 0;
    const coolDowns: number[] = [];
    for (let round = 0; round < 5; round += 1) {
      const refused = breaker.admit(now);
      if (refused.allowed) throw new Error('expected open');
      coolDowns.push(refused.retryAfterMs);
      now += refused.retryAfterMs;
      breaker.failed(admitted(breaker, now), now);
    }
    expect(coolDowns).toEqual([1_000, 2_000, 4_000, 5_000, 5_000]);
  });

  it('when an answer to a probe of an earlier half-open period arrives late, then it changes nothing', () => {
    const breaker = new CircuitBreaker(options);
    for (let i = 0; i < 3; i += 1) breaker.failed(admitted(breaker, 0), 0);
    const slow = admitted(breaker, 1_000);
    const fast = admitted(breaker, 1_000);
    expect(breaker.failed(fast, 1_010)).toMatchObject({ to: 'open' });
    const next = admitted(breaker, 3_010); // the next half-open period

    expect(breaker.succeeded(slow, 3_020)).toBeUndefined();
    expect(breaker.state).toBe('half_open');
    expect(breaker.succeeded(next, 3_030)).toMatchObject({ to: 'closed' });
  });

  it('never lets more than the configured number of probes through in one half-open period, nor anything while open', () => {
    const command = fc.oneof(
      fc.record({ t: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 3_000 }) }),
      fc.record({ t: fc.constant('admit' as const) }),
      fc.record({ t: fc.constant('settle' as const), index: fc.nat(), ok: fc.boolean() }),
      fc.record({ t: fc.constant('release' as const), index: fc.nat() }),
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 4 }),
        fc.array(command, { minLength: 50, maxLength: 300 }),
        (halfOpenProbes, failureThreshold, commands) => {
          const breaker = new CircuitBreaker({ ...options, halfOpenProbes, failureThreshold });
          let now = 0;
          const pending: BreakerTicket[] = [];
          const probesPerPeriod = new Map<number, number>();
          for (const c of commands) {
            if (c.t === 'advance') now += c.ms;
            else if (c.t === 'admit') {
              const before = breaker.state;
              const admission = breaker.admit(now);
              if (!admission.allowed) {
                expect(admission.retryAfterMs).toBeGreaterThan(0);
                continue;
              }
              pending.push(admission.ticket);
              if (before === 'open') expect(admission.transition?.to).toBe('half_open');
              if (admission.ticket.probe) {
                const count = (probesPerPeriod.get(admission.ticket.episode) ?? 0) + 1;
                probesPerPeriod.set(admission.ticket.episode, count);
                expect(count).toBeLessThanOrEqual(halfOpenProbes);
              } else {
                expect(breaker.state).toBe('closed');
              }
            } else if (pending.length > 0) {
              const [ticket] = pending.splice(c.index % pending.length, 1);
              if (c.t === 'release') {
                // Admitted but never sent (no budget): it does not count as let through.
                breaker.released(ticket!);
                if (ticket!.probe)
                  probesPerPeriod.set(ticket!.episode, probesPerPeriod.get(ticket!.episode)! - 1);
              } else if (c.ok) breaker.succeeded(ticket!, now);
              else breaker.failed(ticket!, now);
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
