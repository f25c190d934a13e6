/**
 * A counting semaphore for a concurrency budget. Waiters are served in arrival order; a waiter that
 * gives up (its `until` settles first) leaves the queue without taking a slot.
 */
export class Semaphore {
  private active = 0;
  private readonly waiters: (() => void)[] = [];

  constructor(readonly limit: number) {
    if (!(limit >= 1)) throw new RangeError('limit must be at least 1');
  }

  get inUse(): number {
    return this.active;
  }

  tryAcquire(): boolean {
    if (this.active >= this.limit) return false;
    this.active += 1;
    return true;
  }

  /** Resolves true once a slot is taken, or false if `until` settles first. */
  async acquire(until: Promise<unknown>): Promise<boolean> {
    if (this.tryAcquire()) return true;
    let grant!: () => void;
    const granted = new Promise<true>((resolve) => {
      grant = () => resolve(true);
    });
    this.waiters.push(grant);
    const won = await Promise.race([granted, until.then(() => false as const)]);
    if (won) return true;
    const index = this.waiters.indexOf(grant);
    if (index >= 0) {
      this.waiters.splice(index, 1);
      return false;
    }
    // Granted in the same turn as the give-up: the slot is ours, so keep it.
    return true;
  }

  release(): void {
    const next = this.waiters.shift();
    if (next)
      next(); // the slot passes straight to the next waiter
    else this.active = Math.max(0, this.active - 1);
  }
}
