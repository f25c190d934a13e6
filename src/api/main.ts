/**
 * API entry point (production and `npm run api`): reads the configuration, connects to PostgreSQL and
 * Temporal, serves HTTP, and shuts down gracefully on SIGINT/SIGTERM.
 */
import { oidcVerifierFromConfig } from '../auth/oidc';
import { loadConfig } from '../config';
import { migrate } from '../db/migrate';
import { createPool } from '../db/pool';
import { seedReferenceData } from '../db/seed';
import { createLogger } from '../logger';
import { connectClient } from '../temporal/connection';
import { createApp } from './app';
import { listen } from './server';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL, 'tickler-api');
  if (!config.DATABASE_URL)
    throw new Error('DATABASE_URL is required to run the API on its own (npm start embeds one)');
  const db = createPool({ connectionString: config.DATABASE_URL, max: config.DATABASE_POOL_SIZE });
  await migrate(db);
  await seedReferenceData(db);
  const temporal = await connectClient(config);
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
  logger.info({ url: http.url }, 'API listening');

  const stop = async (signal: string): Promise<void> => {
    logger.info({ signal }, 'API stopping');
    await http.close();
    await temporal.connection.close();
    await db.end();
    process.exit(0);
  };
  process.once('SIGINT', (signal) => void stop(signal));
  process.once('SIGTERM', (signal) => void stop(signal));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
