/**
 * Measuring helpers for `npm run bench`: latency percentiles, a bounded-concurrency runner, memory
 * snapshots after a forced garbage collection, CPU time of this process and of the servers it started
 * (read from /proc), and a count of the SQL statements this process sends.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import pg from 'pg';

// ---------------------------------------------------------------------------------------------------------
// Latency

/** Nearest-rank percentile (p in 0..1) of `values`; NaN when empty. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(p * sorted.length)));
  return sorted[rank - 1] ?? Number.NaN;
}

/**
 * Runs `fn` for every item with at most `concurrency` calls in flight. The first failure stops the
 * other lanes from taking new items and is rethrown once the calls in flight have settled.
 */
export async function runConcurrently<T>(
  items: readonly T[],
  concurrency: number,
  fn: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const lane = async (): Promise<void> => {
    while (!failure && next < items.length) {
      const index = next++;
      try {
        await fn(items[index] as T, index);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, lane));
  if (failure) throw failure.error;
}

// ---------------------------------------------------------------------------------------------------------
// Memory

export interface MemorySnapshot {
  rss: number;
  heapUsed: number;
}

let gc: (() => void) | undefined;

/** `global.gc` without `--expose-gc` on the command line (the npm script runs plain `tsx`). */
function collectGarbage(): void {
  if (!gc) {
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as () => void;
  }
  gc();
}

/**
 * RSS and heap used of this process after two full garbage collections, so the heap figure is what is
 * still reachable rather than garbage not yet collected. The heap is the main thread's V8 heap only.
 */
export async function memorySnapshot(): Promise<MemorySnapshot> {
  collectGarbage();
  await new Promise((resolve) => setImmediate(resolve));
  collectGarbage();
  const { rss, heapUsed } = process.memoryUsage();
  return { rss, heapUsed };
}

/** Samples the RSS every `everyMs` until stopped; returns the highest value seen. */
export function sampleRssPeak(everyMs = 200): { stop(): number } {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, everyMs);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peak, process.memoryUsage.rss());
    },
  };
}

/** Samples `read()` every `everyMs` until stopped; returns the mean and the maximum of the samples. */
export function sampleMeanMax(
  read: () => number,
  everyMs: number,
): { stop(): { mean: number; max: number } } {
  let sum = 0;
  let count = 0;
  let max = 0;
  const take = (): void => {
    const value = read();
    sum += value;
    count += 1;
    max = Math.max(max, value);
  };
  take();
  const timer = setInterval(take, everyMs);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      return { mean: sum / count, max };
    },
  };
}

// ---------------------------------------------------------------------------------------------------------
// CPU time

/** CPU time (user + system, milliseconds) of this process and of the server process trees it started. */
export interface CpuSnapshot {
  /** This process, all threads: HTTP client, API, Temporal client and worker (incl. its Rust core). */
  self: number;
  /** The Temporal dev server child and its descendants; undefined when /proc cannot be read. */
  temporal: number | undefined;
  /** The PostgreSQL postmaster child and all its backends; undefined when /proc cannot be read. */
  postgres: number | undefined;
}

let clockTicks: number | undefined;

function ticksPerSecond(): number {
  if (clockTicks === undefined) {
    try {
      clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      clockTicks = 100;
    }
  }
  return clockTicks;
}

interface ProcStat {
  pid: number;
  ppid: number;
  comm: string;
  /** utime + stime + cutime + cstime, in clock ticks: its own CPU and that of children it reaped. */
  ticks: number;
}

function readProcStat(pid: number): ProcStat | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const open = text.indexOf('(');
    const close = text.lastIndexOf(')');
    const fields = text.slice(close + 2).split(' ');
    // fields[0] is field 3 (state) of proc(5): ppid is field 4, utime..cstime are fields 14..17.
    const field = (n: number): number => Number(fields[n - 3]);
    return {
      pid,
      ppid: field(4),
      comm: text.slice(open + 1, close),
      ticks: field(14) + field(15) + field(16) + field(17),
    };
  } catch {
    return undefined; // the process exited between readdir and read
  }
}

/**
 * CPU used so far by this process and by the process trees of its children, classified by the child's
 * command name (`postgres`, or a name containing `temporal`). A backend that exited is still counted:
 * its time moved into its parent's reaped-children counters.
 */
export function cpuSnapshot(): CpuSnapshot {
  const usage = process.cpuUsage();
  const self = (usage.user + usage.system) / 1000;
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return { self, temporal: undefined, postgres: undefined };
  }
  const stats = entries.map((name) => readProcStat(Number(name))).filter((s): s is ProcStat => !!s);
  const children = new Map<number, ProcStat[]>();
  for (const stat of stats) children.set(stat.ppid, [...(children.get(stat.ppid) ?? []), stat]);
  const subtreeTicks = (stat: ProcStat): number =>
    stat.ticks + (children.get(stat.pid) ?? []).reduce((sum, child) => sum + subtreeTicks(child), 0);
  let temporal = 0;
  let postgres = 0;
  for (const child of children.get(process.pid) ?? []) {
    if (child.comm.startsWith('postgres')) postgres += subtreeTicks(child);
    else if (child.comm.includes('temporal')) temporal += subtreeTicks(child);
  }
  const ms = 1000 / ticksPerSecond();
  return { self, temporal: temporal * ms, postgres: postgres * ms };
}

export function cpuDelta(before: CpuSnapshot, after: CpuSnapshot): CpuSnapshot {
  const sub = (a: number | undefined, b: number | undefined): number | undefined =>
    a === undefined || b === undefined ? undefined : b - a;
  return {
    self: after.self - before.self,
    temporal: sub(before.temporal, after.temporal),
    postgres: sub(before.postgres, after.postgres),
  };
}

// ---------------------------------------------------------------------------------------------------------
// SQL statements

const sql = { statements: 0, transactions: 0 };
let sqlCounting = false;

/**
 * Counts every statement this process sends to PostgreSQL (BEGIN and COMMIT included), and the explicit
 * transactions (statements that are exactly `BEGIN`), by wrapping `pg.Client#query`, which both
 * `Pool#query` and checked-out clients go through. Observation only: arguments and results pass through
 * unchanged.
 */
export function countSqlStatements(): () => { statements: number; transactions: number } {
  if (!sqlCounting) {
    sqlCounting = true;
    const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
    const original = proto.query;
    proto.query = function query(this: unknown, ...args: unknown[]): unknown {
      sql.statements += 1;
      if (typeof args[0] === 'string' && args[0].trim().toUpperCase() === 'BEGIN') sql.transactions += 1;
      return original.apply(this, args);
    };
  }
  return () => ({ ...sql });
}

// ---------------------------------------------------------------------------------------------------------
// Progress

/** Prints `render()` every `everyMs` while a long step runs, and once more when it stops. */
export function progress(render: () => string, everyMs = 2000): { stop(): void } {
  const timer = setInterval(() => say(`  ${render()}`), everyMs);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      say(`  ${render()}`);
    },
  };
}

export function say(line: string): void {
  process.stderr.write(`${line}\n`);
}
