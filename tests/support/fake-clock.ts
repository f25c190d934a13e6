import type { Clock } from '../../src/payers/protection/clock';

/**
 * A clock for payer-layer tests. `sleep` moves time forward by itself and resolves at once (so waits
 * cost nothing), and records each wait; `advance` moves time for cool-downs and outage windows.
 */
export class FakeClock implements Clock {
  readonly sleeps: number[] = [];

  constructor(private current = Date.parse('2026-10-12T14:00:00Z')) {}

  now(): number {
    return this.current;
  }

  advance(ms: number): void {
    this.current += ms;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.resolve();
    this.sleeps.push(ms);
    this.current += Math.max(0, ms);
    return Promise.resolve();
  }
}
