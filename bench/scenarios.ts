/**
 * The two measurements `npm run bench` makes of each system (Tickler and bare Temporal), written once
 * and given the system-specific steps: a throughput run (start N workflows at a fixed concurrency and
 * await every result) and a held run (N workflows left open on a timer, cached in the worker, to
 * estimate the memory one open workflow costs the worker).
 */
import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import type { Client } from '@temporalio/client';
import type { Worker } from '@temporalio/worker';
import {
  type CpuSnapshot,
  type MemorySnapshot,
  cpuDelta,
  cpuSnapshot,
  memorySnapshot,
  progress,
  runConcurrently,
  sampleMeanMax,
  sampleRssPeak,
  say,
} from './measure';

/**
 * A scenario that shows no progress for this long has failed (a stuck workflow, a dead worker). Longer
 * than the claim activities' 2-minute start-to-close timeout: an overloaded dev server can lose an
 * activity task, which Temporal then times out and retries (seen once at 500 claims on 2 cores).
 */
const STALL_MS = 200_000;

export interface RunningWorker {
  worker: Worker;
  /** Rejects if the worker stops before {@link stop} is called; never resolves otherwise. */
  failed: Promise<never>;
  stop(): Promise<void>;
}

export async function runWorker(create: () => Promise<Worker>): Promise<RunningWorker> {
  const worker = await create();
  let stopping: Promise<void> | undefined;
  const done = worker.run();
  const failed = done.then(
    () => (stopping ? new Promise<never>(() => undefined) : Promise.reject(new Error('worker stopped'))),
    (error: unknown) => Promise.reject(error instanceof Error ? error : new Error(String(error))),
  );
  failed.catch(() => undefined); // raced by the scenarios; never an unhandled rejection
  return {
    worker,
    failed,
    stop() {
      stopping ??= (async () => {
        if (worker.getState() === 'RUNNING') worker.shutdown();
        await done;
      })();
      return stopping;
    },
  };
}

/** Counts SQL statements and transactions this process sends (see `countSqlStatements`). */
export type SqlCounter = () => { statements: number; transactions: number };

export interface ThroughputSpec {
  label: string;
  ids: readonly string[];
  warmupIds: readonly string[];
  concurrency: number;
  worker: RunningWorker;
  /** Untimed set-up for a batch of ids (the simulated payer's scripts). */
  prepare?: (ids: readonly string[]) => Promise<void>;
  /** The timed intake of one workflow: resolves once it is accepted (201 / started). */
  start: (id: string) => Promise<void>;
  /** Awaits the workflow's result and checks it; throws if it is not the expected one. */
  completed: (id: string) => Promise<void>;
  workflowId: (id: string) => string;
  observer: Client;
  sql: SqlCounter;
  /** Clients waiting for a PostgreSQL connection right now (Tickler's pool), sampled during the run. */
  poolWaiting?: () => number;
}

export interface HistoryShape {
  events: number;
  bytes: number | undefined;
  /** Size of the workflow's start input (the payloads of its first event). */
  inputBytes: number;
  workflowTasks: number;
  activities: number;
  timers: number;
}

export interface ThroughputResult {
  n: number;
  concurrency: number;
  /** First start to last start accepted. */
  intakeSeconds: number;
  /** First start to last result received. */
  totalSeconds: number;
  /** Latency of every start (`POST /claims` or `workflow.start`), in start-completion order. */
  latenciesMs: number[];
  memBefore: MemorySnapshot;
  memAfter: MemorySnapshot;
  rssPeak: number;
  cpu: CpuSnapshot;
  sql: { statements: number; transactions: number };
  history: HistoryShape;
  /** Share of the run the main thread's event loop was busy (`performance.eventLoopUtilization`). */
  eventLoopUtilization: number;
  /** Clients waiting for a pool connection, sampled every 50 ms: mean and maximum. */
  poolWaiting: { mean: number; max: number } | undefined;
}

async function history(observer: Client, workflowId: string): Promise<HistoryShape> {
  const handle = observer.workflow.getHandle(workflowId);
  const [description, fetched] = await Promise.all([handle.describe(), handle.fetchHistory()]);
  const events = fetched.events ?? [];
  const input = events[0]?.workflowExecutionStartedEventAttributes?.input?.payloads ?? [];
  return {
    events: description.historyLength,
    bytes: description.historySize,
    inputBytes: input.reduce((sum, payload) => sum + (payload.data?.length ?? 0), 0),
    workflowTasks: events.filter((e) => e.workflowTaskCompletedEventAttributes).length,
    activities: events.filter((e) => e.activityTaskScheduledEventAttributes).length,
    timers: events.filter((e) => e.timerStartedEventAttributes).length,
  };
}

/** Fails when `count()` has not changed for {@link STALL_MS}; `stop` ends the watch. */
function stallWatch(describe: () => string, count: () => number): { stalled: Promise<never>; stop(): void } {
  let last = count();
  let lastChange = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const stalled = new Promise<never>((_, reject) => {
    timer = setInterval(() => {
      const now = count();
      if (now !== last) {
        last = now;
        lastChange = performance.now();
      } else if (performance.now() - lastChange > STALL_MS) {
        reject(new Error(`no progress for ${STALL_MS / 1000} s: ${describe()}`));
      }
    }, 1000);
  });
  stalled.catch(() => undefined);
  return { stalled, stop: () => clearInterval(timer) };
}

async function startAndAwaitAll(
  spec: ThroughputSpec,
  ids: readonly string[],
  phase: string,
): Promise<{ latencies: number[]; intakeEnd: number; lastDone: number; t0: number }> {
  const latencies: number[] = [];
  let started = 0;
  let done = 0;
  let lastDone = 0;
  // Results are awaited by as many lanes as there are starts in flight, in start order, each lane waiting
  // for its workflow's start to be accepted: at most `concurrency` result long-polls are open at a time.
  const accepted = ids.map(() => {
    let resolve: () => void = () => undefined;
    const promise = new Promise<void>((r) => (resolve = r));
    return { promise, resolve };
  });
  const t0 = performance.now();
  const describe = (): string =>
    `${spec.label} ${phase}: started ${started}/${ids.length}, completed ${done}/${ids.length}, ${((performance.now() - t0) / 1000).toFixed(1)} s`;
  const shown = progress(describe);
  const watch = stallWatch(describe, () => started + done);
  try {
    const results = runConcurrently(ids, spec.concurrency, async (id, index) => {
      await accepted[index]?.promise;
      await spec.completed(id);
      done += 1;
      lastDone = performance.now();
    });
    results.catch(() => undefined); // raced below
    const intake = runConcurrently(ids, spec.concurrency, async (id, index) => {
      const before = performance.now();
      await spec.start(id);
      latencies.push(performance.now() - before);
      started += 1;
      accepted[index]?.resolve();
    });
    await Promise.race([intake, results, watch.stalled, spec.worker.failed]);
    const intakeEnd = performance.now();
    await Promise.race([results, watch.stalled, spec.worker.failed]);
    return { latencies, intakeEnd, lastDone, t0 };
  } finally {
    watch.stop();
    shown.stop();
  }
}

/**
 * Warm-up (not measured), untimed preparation, then the measured run: every id started through
 * `start` with `concurrency` in flight, each result awaited as soon as its start is accepted.
 */
export async function measureThroughput(spec: ThroughputSpec): Promise<ThroughputResult> {
  if (spec.warmupIds.length > 0) {
    await spec.prepare?.(spec.warmupIds);
    await startAndAwaitAll(spec, spec.warmupIds, 'warm-up');
  }
  if (spec.prepare) {
    say(`  ${spec.label}: preparing ${spec.ids.length} (untimed)`);
    await spec.prepare(spec.ids);
  }

  const memBefore = await memorySnapshot();
  const cpuBefore = cpuSnapshot();
  const sqlBefore = spec.sql();
  const peak = sampleRssPeak();
  const pool = spec.poolWaiting ? sampleMeanMax(spec.poolWaiting, 50) : undefined;
  const eluBefore = performance.eventLoopUtilization();
  const run = await startAndAwaitAll(spec, spec.ids, 'measured');
  const elu = performance.eventLoopUtilization(eluBefore).utilization;
  const cpu = cpuDelta(cpuBefore, cpuSnapshot());
  const poolWaiting = pool?.stop();
  const sqlAfter = spec.sql();
  const rssPeak = peak.stop();
  const memAfter = await memorySnapshot();

  const first = spec.ids[0];
  if (first === undefined) throw new Error('no workflows to measure');
  return {
    n: spec.ids.length,
    concurrency: spec.concurrency,
    intakeSeconds: (run.intakeEnd - run.t0) / 1000,
    totalSeconds: (run.lastDone - run.t0) / 1000,
    latenciesMs: run.latencies,
    memBefore,
    memAfter,
    rssPeak,
    cpu,
    sql: {
      statements: sqlAfter.statements - sqlBefore.statements,
      transactions: sqlAfter.transactions - sqlBefore.transactions,
    },
    history: await history(spec.observer, spec.workflowId(first)),
    eventLoopUtilization: elu,
    poolWaiting,
  };
}

export interface HeldSpec {
  label: string;
  ids: readonly string[];
  warmupIds: readonly string[];
  concurrency: number;
  worker: RunningWorker;
  prepare?: (ids: readonly string[]) => Promise<void>;
  start: (id: string) => Promise<void>;
  /** True once the workflow has done its first activity and is waiting on its timer. */
  settled: (id: string) => Promise<boolean>;
}

export interface HeldResult {
  n: number;
  /** Workflows in the worker's cache before and after the N were started (the worker's own count). */
  cachedBefore: number;
  cachedAfter: number;
  memBefore: MemorySnapshot;
  memAfter: MemorySnapshot;
}

async function startAndSettle(spec: HeldSpec, ids: readonly string[], phase: string): Promise<void> {
  let settled = 0;
  const t0 = performance.now();
  const describe = (): string =>
    `${spec.label} ${phase}: waiting on their timer ${settled}/${ids.length}, ${((performance.now() - t0) / 1000).toFixed(1)} s`;
  const shown = progress(describe);
  const watch = stallWatch(describe, () => settled);
  try {
    const work = runConcurrently(ids, spec.concurrency, async (id) => {
      await spec.start(id);
      while (!(await spec.settled(id))) await delay(50);
      settled += 1;
    });
    await Promise.race([work, watch.stalled, spec.worker.failed]);
  } finally {
    watch.stop();
    shown.stop();
  }
}

/**
 * Memory the worker holds per open, cached workflow: the process's heap and RSS after a full GC, with
 * the warm-up workflows open, then again with N more open and waiting on their timers.
 */
export async function measureHeld(spec: HeldSpec): Promise<HeldResult> {
  await spec.prepare?.([...spec.warmupIds, ...spec.ids]);
  await startAndSettle(spec, spec.warmupIds, 'warm-up');
  const cachedBefore = spec.worker.worker.getStatus().numCachedWorkflows;
  const memBefore = await memorySnapshot();
  await startAndSettle(spec, spec.ids, 'held open');
  const memAfter = await memorySnapshot();
  const cachedAfter = spec.worker.worker.getStatus().numCachedWorkflows;
  return { n: spec.ids.length, cachedBefore, cachedAfter, memBefore, memAfter };
}
