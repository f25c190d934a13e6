/**
 * `npm run bench`: Tickler's speed and memory against bare Temporal, on the same dev server in the same
 * run, written to docs/benchmarks.md (see its header for the method).
 *
 * Starts an embedded PostgreSQL (data under `.data/bench-<pid>`, removed at the end) and an in-memory
 * Temporal dev server on free loopback ports, builds both workflow bundles, then measures throughput in
 * rounds (bare Temporal, then Tickler, each round), then memory per open workflow for bare and Tickler.
 * Everything it starts is stopped at the end, on failure, and on SIGINT/SIGTERM.
 *
 * BENCH_CLAIMS (default 500): workflows per scenario and round. BENCH_CONCURRENCY (default 20): starts
 * (and result waits) in flight. BENCH_ROUNDS (default 2): throughput rounds, pooled in the report.
 * DATABASE_POOL_SIZE (default 10, as in Tickler's configuration): PostgreSQL connections of the process.
 */
import { randomBytes } from 'node:crypto';
import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client, Connection } from '@temporalio/client';
import { defineSearchAttributeKey } from '@temporalio/common';
import { DefaultLogger, NativeConnection, Worker, bundleWorkflowCode } from '@temporalio/worker';
import { createApp } from '../src/api/app';
import { systemActor } from '../src/auth/actor';
import { createApiKey } from '../src/auth/api-keys';
import { listen } from '../src/api/server';
import { migrate } from '../src/db/migrate';
import { createPool } from '../src/db/pool';
import { seedReferenceData } from '../src/db/seed';
import { startEmbeddedPostgres } from '../src/dev/embedded-postgres';
import { cachedBinaryPath, startDevServer } from '../src/dev/temporal-binaries';
import { isoDateOfEpochMs } from '../src/domain/dates';
import { createLogger } from '../src/logger';
import { claimStateQuery, claimWorkflowId } from '../src/shared/contracts';
import { ticklerSearchAttributes } from '../src/shared/search-attributes';
import { createClaimWorker, workflowsPath } from '../src/temporal/claim-worker';
import { installTemporalRuntime } from '../src/temporal/runtime';
import type { claimFollowUp } from '../src/workflows';
import { freePort } from '../tests/support/ports';
import { createBareActivities } from './bare-activities';
import { type bareHeldWorkflow, type bareWorkflow, bareStageQuery } from './bare-workflow';
import { machineInfo } from './machine';
import { countSqlStatements, runConcurrently, say } from './measure';
import { renderGenerated, writeReport } from './report';
import {
  type RunningWorker,
  type ThroughputResult,
  measureHeld,
  measureThroughput,
  runWorker,
} from './scenarios';

const ROOT = path.resolve(__dirname, '..');
const REPORT_FILE = path.join(ROOT, 'docs', 'benchmarks.md');
/** The same settings for both workers: Tickler's defaults (`createClaimWorker`, README configuration). */
const WORKER_SETTINGS = { maxCachedWorkflows: 1000, maxConcurrentActivityTaskExecutions: 50 } as const;
const MAX_WARMUP = 20;
const DAY_MS = 86_400_000;
/** Every benchmark claim bills this much; the F1 answer pays it in full. */
const BILLED_CENTS = 125_000;

/** A bad setting: reported by its message alone, before anything starts. */
class SettingError extends Error {}

function positiveInt(name: string, fallback: number): number {
  const raw = process.env[name]?.trim();
  if (!raw) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || !Number.isSafeInteger(Number(raw))) {
    throw new SettingError(`${name} must be a whole number of at least 1, not "${raw}"`);
  }
  return Number(raw);
}

/** A stop step; `afterSuccessOnly` steps are skipped after a failure (see `cleanup`). */
type Stopper = { name: string; stop: () => Promise<unknown>; afterSuccessOnly?: boolean };
const stoppers: Stopper[] = [];
let cleaning: Promise<void> | undefined;
/** No single stop step may hold up the ones after it (PostgreSQL, the data folder) for longer than this. */
const STOP_TIMEOUT_MS = 20_000;

/**
 * Stops everything started so far, newest first; safe to call more than once. After a failure, client
 * connections are left to the process exit instead of being closed: result waits still retrying on a
 * closed channel would throw from a timer.
 */
function cleanup(succeeded: boolean): Promise<void> {
  cleaning ??= (async () => {
    for (const { name, stop, afterSuccessOnly } of stoppers.reverse()) {
      if (afterSuccessOnly && !succeeded) continue;
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          stop(),
          new Promise((_, reject) => {
            timer = setTimeout(
              () => reject(new Error(`no answer in ${STOP_TIMEOUT_MS / 1000} s`)),
              STOP_TIMEOUT_MS,
            );
          }),
        ]);
      } catch (error) {
        say(`  ${name} did not stop cleanly: ${error instanceof Error ? error.message : String(error)}`);
      } finally {
        clearTimeout(timer);
      }
    }
  })();
  return cleaning;
}

function onSignal(signal: NodeJS.Signals): void {
  say(`\n${signal}: stopping everything the benchmark started...`);
  void cleanup(false).then(() => {
    say('Stopped.');
    process.exit(130);
  });
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes `bench-<pid>` folders of runs whose process is gone. A run killed outright (a second Ctrl-C,
 * or tsx's signal relay giving up on a busy process and sending SIGKILL) cannot remove its own; its
 * PostgreSQL and Temporal children got the same Ctrl-C and stopped by themselves.
 */
async function removeStaleRuns(dataDir: string): Promise<void> {
  const names = await readdir(dataDir).catch(() => [] as string[]);
  for (const name of names) {
    const pid = Number(/^bench-(\d+)$/.exec(name)?.[1]);
    if (!pid || pid === process.pid || isRunning(pid)) continue;
    say(`Removing ${path.join(dataDir, name)}, left by an interrupted run`);
    await rm(path.join(dataDir, name), { recursive: true, force: true });
  }
}

/** An error thrown from a timer or a stray promise must still stop the servers and remove the data. */
function onStrayError(error: unknown): void {
  say(`Unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  void cleanup(false).then(() => process.exit(1));
}

/** The admin key the benchmark's requests sign in with (the API authenticates and audits them as in production). */
let apiKey = '';

async function request(
  method: string,
  url: string,
  body: unknown,
): Promise<{ status: number; text: string }> {
  const response = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
    body: JSON.stringify(body),
  });
  return { status: response.status, text: await response.text() };
}

/** Creates a worker with the SDK's debug mode on (workflows in this thread, so their heap is ours to see). */
async function inDebugMode(create: () => Promise<Worker>): Promise<Worker> {
  const previous = process.env.TEMPORAL_DEBUG;
  process.env.TEMPORAL_DEBUG = '1';
  try {
    return await create();
  } finally {
    if (previous === undefined) delete process.env.TEMPORAL_DEBUG;
    else process.env.TEMPORAL_DEBUG = previous;
  }
}

async function main(): Promise<void> {
  const n = positiveInt('BENCH_CLAIMS', 500);
  const concurrency = positiveInt('BENCH_CONCURRENCY', 20);
  const rounds = positiveInt('BENCH_ROUNDS', 2);
  // Tickler's own variable and default (README, Configuration): the pool the API and the worker share.
  const poolSize = positiveInt('DATABASE_POOL_SIZE', 10);
  const warmup = Math.min(MAX_WARMUP, n);
  const runStart = performance.now();
  const tag = randomBytes(3).toString('hex');
  say(
    `Tickler benchmark: ${n} workflows per scenario and round, ${rounds} rounds, ${concurrency} in flight, ${warmup} warm-up`,
  );

  const sql = countSqlStatements();
  installTemporalRuntime(createLogger('silent'), { handleSignals: false });
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  process.on('uncaughtException', onStrayError);
  process.on('unhandledRejection', onStrayError);

  // --- Infrastructure -----------------------------------------------------------------------------------
  await removeStaleRuns(path.join(ROOT, '.data'));
  const dataRoot = path.join(ROOT, '.data', `bench-${process.pid}`);
  stoppers.push({ name: 'bench data folder', stop: () => rm(dataRoot, { recursive: true, force: true }) });
  say('Starting embedded PostgreSQL...');
  const pg = await startEmbeddedPostgres({
    dataDir: path.join(dataRoot, 'postgres'),
    port: await freePort(),
    persistent: false,
  });
  stoppers.push({ name: 'PostgreSQL', stop: () => pg.stop() });
  const db = createPool({ connectionString: pg.url, max: poolSize, applicationName: 'tickler-bench' });
  stoppers.push({ name: 'database pool', stop: () => db.end() });
  await migrate(db);
  await seedReferenceData(db);
  ({ token: apiKey } = await createApiKey(
    db,
    { name: 'bench', role: 'admin', clients: 'all' },
    systemActor('bench'),
  ));

  say('Starting the Temporal dev server (in memory, no UI)...');
  const dev = await startDevServer({
    log: say,
    server: {
      ip: '127.0.0.1',
      port: await freePort(),
      ui: false,
      // Registered as `npm start` does: claim workflows may set them.
      searchAttributes: ticklerSearchAttributes.map(({ name, type }) =>
        defineSearchAttributeKey(name, type.toUpperCase() as Parameters<typeof defineSearchAttributeKey>[1]),
      ),
    },
  });
  stoppers.push({ name: 'Temporal dev server', stop: () => dev.env.teardown() });
  const address = dev.env.address;
  const temporalBinary =
    dev.route === 'env-path'
      ? process.env.TEMPORAL_CLI_PATH?.trim()
      : dev.route === 'cached-build' || dev.route === 'registry-build'
        ? cachedBinaryPath('dev-server')
        : undefined;

  const bundleLogger = new DefaultLogger('WARN');
  const timed = async <T>(label: string, work: () => Promise<T>): Promise<{ value: T; seconds: number }> => {
    say(`${label}...`);
    const started = performance.now();
    const value = await work();
    const seconds = (performance.now() - started) / 1000;
    say(`  done in ${seconds.toFixed(1)} s`);
    return { value, seconds };
  };
  const ticklerBundle = await timed('Bundling the claim workflows (src/workflows)', () =>
    bundleWorkflowCode({ workflowsPath, logger: bundleLogger }),
  );
  const bareBundle = await timed('Bundling the bare workflow (bench/bare-workflow.ts)', () =>
    bundleWorkflowCode({ workflowsPath: path.join(__dirname, 'bare-workflow.ts'), logger: bundleLogger }),
  );

  // Workers share one native connection; the API (and the bare starts) use a "driver" client; results,
  // queries and descriptions go through an "observer" client on its own connection, so awaiting results
  // never queues behind the starts being measured.
  const workerConnection = await NativeConnection.connect({ address });
  stoppers.push({ name: 'worker connection', stop: () => workerConnection.close(), afterSuccessOnly: true });
  const driverConnection = await Connection.connect({ address });
  stoppers.push({ name: 'driver connection', stop: () => driverConnection.close(), afterSuccessOnly: true });
  const observerConnection = await Connection.connect({ address });
  stoppers.push({
    name: 'observer connection',
    stop: () => observerConnection.close(),
    afterSuccessOnly: true,
  });
  const driver = new Client({ connection: driverConnection, namespace: 'default' });
  const observer = new Client({ connection: observerConnection, namespace: 'default' });

  const ticklerQueue = `bench-tickler-${tag}`;
  const bareQueue = `bench-bare-${tag}`;
  const app = createApp({ db, temporal: driver, taskQueue: ticklerQueue, logger: createLogger('silent') });
  const http = await listen(app, 0, '127.0.0.1');
  stoppers.push({ name: 'API', stop: () => http.close() });

  const machine = await machineInfo({ temporal: driver, db, temporalBinary, root: ROOT });
  say(`Machine: ${machine.cpuModel}, ${machine.cores} cores, Node ${machine.node}`);
  say(`Temporal server ${machine.temporalServer} (${dev.route}), PostgreSQL ${machine.postgres}`);

  const started = async (create: () => Promise<Worker>): Promise<RunningWorker> => {
    const running = await runWorker(create);
    stoppers.push({ name: 'worker', stop: () => running.stop() });
    return running;
  };
  const ticklerWorker = (): Promise<Worker> =>
    createClaimWorker({
      connection: workerConnection,
      namespace: 'default',
      taskQueue: ticklerQueue,
      db,
      workflowBundle: { code: ticklerBundle.value.code },
      maxCachedWorkflows: WORKER_SETTINGS.maxCachedWorkflows,
      maxConcurrentActivityTaskExecutions: WORKER_SETTINGS.maxConcurrentActivityTaskExecutions,
    });
  const bareWorker = (): Promise<Worker> =>
    Worker.create({
      connection: workerConnection,
      namespace: 'default',
      taskQueue: bareQueue,
      workflowBundle: { code: bareBundle.value.code },
      activities: createBareActivities(),
      ...WORKER_SETTINGS,
    });

  const ids = (prefix: string, count: number): string[] =>
    Array.from({ length: count }, (_, i) => `${prefix}-${tag}-${String(i + 1).padStart(6, '0')}`);

  // --- Tickler's steps ------------------------------------------------------------------------------------
  const now = Date.now();
  const claimBody = (claimId: string) => ({
    claimId,
    clientId: 'bench-client',
    payerId: 'sim-commercial',
    patientAccountRef: `PA-${claimId}`,
    dateOfService: isoDateOfEpochMs(now - 62 * DAY_MS),
    billedCents: BILLED_CENTS,
    // Submitted long enough ago that the first status check is due at once.
    submittedOn: isoDateOfEpochMs(now - 60 * DAY_MS),
  });
  const scriptAll =
    (responses: unknown[]) =>
    (claimIds: readonly string[]): Promise<void> =>
      runConcurrently(claimIds, concurrency, async (claimId) => {
        const saved = await request('PUT', `${http.url}/simulator/claims/${claimId}/script`, { responses });
        if (saved.status !== 200) throw new Error(`script for ${claimId}: ${saved.status} ${saved.text}`);
      });
  const postClaim = async (claimId: string): Promise<void> => {
    const posted = await request('POST', `${http.url}/claims`, claimBody(claimId));
    if (posted.status !== 201) throw new Error(`POST /claims ${claimId}: ${posted.status} ${posted.text}`);
  };

  // --- Bare Temporal's steps ------------------------------------------------------------------------------
  const startBare = async (workflowId: string): Promise<void> => {
    await driver.workflow.start<typeof bareWorkflow>('bareWorkflow', {
      workflowId,
      taskQueue: bareQueue,
      args: [],
    });
  };

  // --- Throughput: each round runs bare, then Tickler, each on a fresh worker with its own warm-up ------------
  const bare: ThroughputResult[] = [];
  const tickler: ThroughputResult[] = [];
  let worker: RunningWorker;
  for (let round = 1; round <= rounds; round += 1) {
    say(`\n[round ${round}/${rounds}] Bare Temporal: ${n} × (workflow.start → no-op activity → return)`);
    worker = await started(bareWorker);
    bare.push(
      await measureThroughput({
        label: 'bare',
        ids: ids(`bench-bare-r${round}`, n),
        warmupIds: ids(`bench-bare-warm-r${round}`, warmup),
        concurrency,
        worker,
        start: startBare,
        completed: async (workflowId) => {
          const result = await observer.workflow.getHandle<typeof bareWorkflow>(workflowId).result();
          if (result !== 'ok') throw new Error(`${workflowId} returned ${JSON.stringify(result)}`);
        },
        workflowId: (workflowId) => workflowId,
        observer,
        sql,
      }),
    );
    await worker.stop();

    say(
      `\n[round ${round}/${rounds}] Tickler: ${n} × (POST /claims → one status check answered F1 → closed)`,
    );
    worker = await started(ticklerWorker);
    tickler.push(
      await measureThroughput({
        label: 'tickler',
        ids: ids(`BENCH-R${round}`, n),
        warmupIds: ids(`BENCH-WARM-R${round}`, warmup),
        concurrency,
        worker,
        prepare: scriptAll([{ category: 'F1', code: '65', paidCents: BILLED_CENTS }]),
        start: postClaim,
        completed: async (claimId) => {
          const handle = observer.workflow.getHandle<typeof claimFollowUp>(claimWorkflowId(claimId));
          const result = await handle.result();
          if (result.phase !== 'closed' || result.checks !== 1) {
            throw new Error(`${claimId} ended ${JSON.stringify(result)}, expected closed after one check`);
          }
        },
        workflowId: claimWorkflowId,
        observer,
        sql,
        poolWaiting: () => db.waitingCount,
      }),
    );
    await worker.stop();
  }

  // --- Memory per open, cached workflow (debug-mode workers) ------------------------------------------------
  say(`\n[memory 1/2] Memory: ${n} bare workflows held open on a timer, cached in a debug-mode worker`);
  worker = await started(() => inDebugMode(bareWorker));
  const heldBare = await measureHeld({
    label: 'bare',
    ids: ids('bench-bare-held', n),
    warmupIds: ids('bench-bare-held-warm', warmup),
    concurrency,
    worker,
    start: async (workflowId) => {
      await driver.workflow.start<typeof bareHeldWorkflow>('bareHeldWorkflow', {
        workflowId,
        taskQueue: bareQueue,
        args: [],
      });
    },
    settled: async (workflowId) =>
      (await observer.workflow.getHandle(workflowId).query(bareStageQuery)) === 'waiting',
  });
  await worker.stop();

  say(`\n[memory 2/2] Memory: ${n} claims held open (payer answers P1, next check in days), cached likewise`);
  worker = await started(() => inDebugMode(ticklerWorker));
  const heldTickler = await measureHeld({
    label: 'tickler',
    ids: ids('BENCH-HELD', n),
    warmupIds: ids('BENCH-HELD-WARM', warmup),
    concurrency,
    worker,
    prepare: scriptAll([{ category: 'P1', code: '20' }]),
    start: postClaim,
    settled: async (claimId) => {
      const state = await observer.workflow.getHandle(claimWorkflowId(claimId)).query(claimStateQuery);
      return state.checks >= 1;
    },
  });
  await worker.stop();

  // --- Report ---------------------------------------------------------------------------------------------
  const generated = renderGenerated({
    machine,
    settings: {
      n,
      concurrency,
      rounds,
      warmup,
      poolSize,
      maxCachedWorkflows: WORKER_SETTINGS.maxCachedWorkflows,
      maxConcurrentActivities: WORKER_SETTINGS.maxConcurrentActivityTaskExecutions,
      temporalRoute: `binary route: ${dev.route}`,
    },
    bundleSeconds: { tickler: ticklerBundle.seconds, bare: bareBundle.seconds },
    bare,
    tickler,
    held: { bare: heldBare, tickler: heldTickler },
    runSeconds: (performance.now() - runStart) / 1000,
  });
  await writeReport(REPORT_FILE, generated);
  process.stdout.write(`${generated}\n`);
  say(`\nWrote ${path.relative(process.cwd(), REPORT_FILE)}`);
}

void main()
  .then(
    () => true,
    (error: unknown) => {
      const shown =
        error instanceof SettingError ? error.message : error instanceof Error ? error.stack : error;
      say(`Benchmark failed: ${String(shown)}`);
      process.exitCode = 1;
      return false;
    },
  )
  .then(async (succeeded) => {
    say('Stopping everything the benchmark started...');
    await cleanup(succeeded);
    say('Stopped.');
    // The SDK's native runtime can keep the event loop alive after its last connection closed.
    process.exit();
  });
