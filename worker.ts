/**
 * Worker entry point (production and `npm run worker`): reads the configuration, connects to Temporal
 * and PostgreSQL, and runs the claim workflows and activities until SIGINT/SIGTERM.
 */
import { loadConfig } from './src/config';
import { createPool } from './src/db/pool';
import { migrate } from './src/db/migrate';
import { seedReferenceData } from './src/db/seed';
import { createLogger } from './src/logger';
import { startInboxSweeping } from './src/ingest/inbox-sweeper';
import { createClaimWorker, payerChannelsFromConfig } from './src/temporal/claim-worker';
import { connectClient, connectWorkerConnection } from './src/temporal/connection';
import { installTemporalRuntime } from './src/temporal/runtime';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL, 'tickler-worker');
  installTemporalRuntime(logger, { handleSignals: true });
  if (!config.DATABASE_URL)
    throw new Error('DATABASE_URL is required to run the worker on its own (npm start embeds one)');
  const db = createPool({ connectionString: config.DATABASE_URL, max: config.DATABASE_POOL_SIZE });
  await migrate(db);
  await seedReferenceData(db);
  const connection = await connectWorkerConnection(config);
  const worker = await createClaimWorker({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    db,
    maxCachedWorkflows: config.WORKER_MAX_CACHED_WORKFLOWS,
    maxConcurrentActivityTaskExecutions: config.WORKER_MAX_CONCURRENT_ACTIVITIES,
    payerChannels: payerChannelsFromConfig(config),
  });
  // Batch X12: answers nobody waited for, and the 835s, 277CAs and 999s in the same mailbox, go to
  // ingestion (a Temporal client signals the claims).
  const temporal =
    config.X12_DROP_FOLDER && config.X12_INBOX_SWEEP_SECONDS > 0 ? await connectClient(config) : undefined;
  const sweeping =
    temporal &&
    startInboxSweeping({
      folder: config.X12_DROP_FOLDER!,
      db,
      temporal,
      logger,
      intervalMs: config.X12_INBOX_SWEEP_SECONDS * 1000,
    });
  logger.info(
    { taskQueue: config.TEMPORAL_TASK_QUEUE, namespace: config.TEMPORAL_NAMESPACE },
    'worker started',
  );
  await worker.run(); // the SDK shuts the worker down gracefully on SIGINT/SIGTERM
  await sweeping?.stop();
  await temporal?.connection.close();
  await connection.close();
  await db.end();
  logger.info('worker stopped');
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
