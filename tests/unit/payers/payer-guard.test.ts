import { describe, expect, it } from 'vitest';
import {
  type GuardLimits,
  type OutageRecorder,
  type PayerOutageOpening,
  PayerGuard,
  Semaphore,
  createPayerProtection,
} from '../../../src/payers/protection';
import { PayerError } from '../../../src/payers/types';
import { FakeClock } from '../../support/fake-clock';

const limits: GuardLimits = {
  budget: { maxConcurrent: 100, ratePerSecond: 1_000, burst: 1_000, maxWaitMs: 1_000 },
  breaker: { failureThreshold: 3, coolDownMs: 10_000, maxCoolDownMs: 60_000, halfOpenProbes: 1 },
};

/** Behaves like the PostgreSQL recorder: one open outage per payer/channel. */
class MemoryOutages implements OutageRecorder {
  readonly rows: (PayerOutageOpening & { closedAt?: number })[] = [];
  async opened(outage: PayerOutageOpening): Promise<boolean> {
    if (this.rows.some((r) => r.payerId === outage.payerId && r.closedAt === undefined)) return false;
    this.rows.push({ ...outage });
    return true;
  }
  async closed(outage: { payerId: string; at: number }): Promise<boolean> {
    const open = this.rows.find((r) => r.payerId === outage.payerId && r.closedAt === undefined);
    if (open) open.closedAt = outage.at;
    return open !== undefined;
  }
}

/** The same store, also answering whether an outage is open: what the PostgreSQL recorder does. */
class SharedOutages extends MemoryOutages {
  reads = 0;
  async isOpen(outage: { payerId: string }): Promise<boolean> {
    this.reads += 1;
    return this.rows.some((r) => r.payerId === outage.payerId && r.closedAt === undefined);
  }
}

const down = () => Promise.reject(new PayerError('transient', '503 Service Unavailable'));
const up = () => Promise.resolve('answered');

function guardWith(overrides: Partial<GuardLimits> = {}) {
  const clock = new FakeClock();
  const outages = new MemoryOutages();
  const guard = new PayerGuard(
    'payer-a',
    'rest',
    { ...limits, ...overrides },
    { clock, outages, random: () => 0 },
  );
  let sent = 0;
  const send = (request: () => Promise<string>) =>
    guard.run(
      () => {
        sent += 1;
        return request();
      },
      { claimId: 'CLM-1' },
    );
  return { clock, outages, guard, send, sent: () => sent };
}

describe('payer guard', () => {
  it('when the payer fails repeatedly, then the breaker opens, later calls fail fast without being sent, and one outage is opened', async () => {
    const { clock, outages, send, sent } = guardWith();
    for (let i = 0; i < 3; i += 1) await expect(send(down)).rejects.toThrow('503');
    expect(outages.rows).toHaveLength(1);
    expect(outages.rows[0]).toMatchObject({
      payerId: 'payer-a',
      channel: 'rest',
      at: clock.now(),
      reason: '503 Service Unavailable',
    });
    expect(outages.rows[0]!.escalationNote).toContain('3 failed request(s) in a row');

    for (let i = 0; i < 20; i += 1) {
      const refused = await send(up).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(PayerError);
      expect(refused).toMatchObject({ kind: 'transient', retryAfterMs: 10_000 });
    }
    expect(sent()).toBe(3);
    expect(outages.rows).toHaveLength(1);
  });

  it('when the cool-down ends and the probe succeeds, then the breaker closes, the outage closes and calls go through', async () => {
    const { clock, outages, send } = guardWith();
    for (let i = 0; i < 3; i += 1) await send(down).catch(() => undefined);
    clock.advance(10_000);
    await expect(send(down)).rejects.toThrow('503'); // the probe: still down, reopened for 20 s
    expect(outages.rows).toHaveLength(1);
    await expect(send(up)).rejects.toMatchObject({ retryAfterMs: 20_000 });

    clock.advance(20_000);
    await expect(send(up)).resolves.toBe('answered');
    expect(outages.rows).toEqual([expect.objectContaining({ closedAt: clock.now() })]);
    await expect(send(up)).resolves.toBe('answered');
  });

  it('when the payer answers with a permanent or unsupported error, then that counts as the payer being up', async () => {
    const { send, outages } = guardWith();
    for (let i = 0; i < 10; i += 1) {
      await send(down).catch(() => undefined);
      await send(down).catch(() => undefined);
      await send(() => Promise.reject(new PayerError('permanent', 'subscriber id invalid'))).catch(
        () => undefined,
      );
    }
    expect(outages.rows).toEqual([]);
    await expect(send(up)).resolves.toBe('answered');
  });

  it('when the rate budget is spent, then a caller waits for a token if it comes within the wait budget, else is told when to return', async () => {
    const { clock, send, sent } = guardWith({
      budget: { maxConcurrent: 10, ratePerSecond: 2, burst: 2, maxWaitMs: 600 },
    });
    await send(up);
    await send(up);
    await expect(send(up)).resolves.toBe('answered'); // waited 500 ms for a token
    expect(clock.sleeps).toEqual([500]);

    const tight = guardWith({ budget: { maxConcurrent: 10, ratePerSecond: 1, burst: 1, maxWaitMs: 100 } });
    await tight.send(up);
    await expect(tight.send(up)).rejects.toMatchObject({ kind: 'transient', retryAfterMs: 1_000 });
    expect(tight.sent()).toBe(1);
    expect(sent()).toBe(3);
  });

  it('when the concurrency budget is full past the wait budget, then the caller gets a transient error and nothing is sent', async () => {
    const { send, sent } = guardWith({
      budget: { maxConcurrent: 1, ratePerSecond: 100, burst: 100, maxWaitMs: 50 },
    });
    let finish!: (value: string) => void;
    const first = send(() => new Promise<string>((resolve) => (finish = resolve)));
    await expect(send(up)).rejects.toMatchObject({ kind: 'transient', retryAfterMs: 50 });
    expect(sent()).toBe(1);
    finish('answered');
    await expect(first).resolves.toBe('answered');
    await expect(send(up)).resolves.toBe('answered');
  });

  it('when the request fails for a reason of our own, then the payer is not blamed', async () => {
    const { send, outages } = guardWith();
    for (let i = 0; i < 10; i += 1) {
      await expect(send(() => Promise.reject(new Error('database unreachable')))).rejects.toThrow('database');
    }
    expect(outages.rows).toEqual([]);
  });

  it('keeps one guard per payer and channel, so one payer outage does not stop another payer', async () => {
    const clock = new FakeClock();
    const protection = createPayerProtection({ clock, limits: { breaker: { failureThreshold: 1 } } });
    await protection
      .guard('payer-a', 'rest')
      .run(down, { claimId: 'CLM-1' })
      .catch(() => undefined);
    expect(protection.guard('payer-a', 'rest')).toBe(protection.guard('payer-a', 'rest'));
    await expect(protection.guard('payer-a', 'rest').run(up, { claimId: 'CLM-2' })).rejects.toThrow(
      'circuit open',
    );
    await expect(protection.guard('payer-b', 'rest').run(up, { claimId: 'CLM-3' })).resolves.toBe('answered');
    await expect(protection.guard('payer-a', 'x12').run(up, { claimId: 'CLM-4' })).resolves.toBe('answered');
    expect(protection.snapshot().map((s) => [s.payerId, s.channel, s.state])).toEqual([
      ['payer-a', 'rest', 'open'],
      ['payer-b', 'rest', 'closed'],
      ['payer-a', 'x12', 'closed'],
    ]);
  });
});

describe('semaphore', () => {
  it('when a slot frees, then the longest waiter gets it; a waiter that gave up takes none', async () => {
    const semaphore = new Semaphore(1);
    expect(semaphore.tryAcquire()).toBe(true);
    let giveUp!: () => void;
    const impatient = semaphore.acquire(new Promise<void>((resolve) => (giveUp = resolve)));
    const patient = semaphore.acquire(new Promise<void>(() => undefined));
    giveUp();
    expect(await impatient).toBe(false);
    semaphore.release();
    expect(await patient).toBe(true);
    expect(semaphore.inUse).toBe(1);
    semaphore.release();
    expect(semaphore.inUse).toBe(0);
  });

  it('when one worker trips on a payer, then another worker joins the outage instead of failing its own requests, and its probe closes it when the payer is back', async () => {
    const clock = new FakeClock();
    const outages = new SharedOutages();
    const deps = { clock, outages, random: () => 0, peerCheckIntervalMs: 5_000 };
    const first = new PayerGuard('payer-a', 'rest', limits, deps);
    const second = new PayerGuard('payer-a', 'rest', limits, deps);
    let sentBySecond = 0;
    const viaSecond = (request: () => Promise<string>) =>
      second.run(
        () => {
          sentBySecond += 1;
          return request();
        },
        { claimId: 'CLM-2' },
      );

    // The second worker is healthy and has checked: no outage yet.
    await expect(viaSecond(up)).resolves.toBe('answered');
    for (let i = 0; i < 3; i += 1) await expect(first.run(down, { claimId: 'CLM-1' })).rejects.toThrow('503');
    expect(outages.rows).toHaveLength(1);

    // Past its check interval it asks again, finds the outage and opens without sending anything.
    clock.advance(5_000);
    const refused = await viaSecond(up).catch((error: unknown) => error);
    expect(refused).toMatchObject({ kind: 'transient', retryAfterMs: 10_000 });
    expect(sentBySecond).toBe(1);
    expect(second.snapshot().state).toBe('open');

    // After its cool-down it probes; the payer is back, so it closes and so does the shared outage.
    clock.advance(10_000);
    await expect(viaSecond(up)).resolves.toBe('answered');
    expect(second.snapshot().state).toBe('closed');
    expect(outages.rows[0]?.closedAt).toBe(clock.now());
  });

  it('when the outage store cannot be read, then the guard goes on as if no other worker had tripped', async () => {
    const outages = new (class extends SharedOutages {
      override isOpen(): Promise<boolean> {
        return Promise.reject(new Error('database unreachable'));
      }
    })();
    const guard = new PayerGuard('payer-a', 'rest', limits, { clock: new FakeClock(), outages });
    await expect(guard.run(up, { claimId: 'CLM-1' })).resolves.toBe('answered');
  });
});
