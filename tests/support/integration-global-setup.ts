import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { migrate } from '../../src/db/migrate';
import { createPool } from '../../src/db/pool';
import { seedReferenceData } from '../../src/db/seed';
import { startEmbeddedPostgres } from '../../src/dev/embedded-postgres';
import { startDevServer } from '../../src/dev/temporal-binaries';
import { freePort } from './ports';
import { searchAttributeKeys } from '../../src/shared/search-attributes';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
    temporalAddress: string;
  }
}

/**
 * One real PostgreSQL (embedded, or DATABASE_URL when set) and one real Temporal dev server for the
 * integration run. Each test file runs its own worker and API on its own task queue and port, and each
 * test makes its own claims, so files never share data.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const stops: (() => Promise<unknown>)[] = [];
  let databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    const dataDir = path.resolve('.data', `test-postgres-${process.pid}`);
    const pg = await startEmbeddedPostgres({ dataDir, port: await freePort(), persistent: false });
    stops.push(async () => {
      await pg.stop();
      await rm(dataDir, { recursive: true, force: true });
    });
    databaseUrl = pg.url;
  }
  const db = createPool({ connectionString: databaseUrl, max: 2 });
  await migrate(db);
  await seedReferenceData(db);
  await db.end();

  const dev = await startDevServer({
    server: {
      ip: '127.0.0.1',
      port: await freePort(),
      ui: false,
      searchAttributes: Object.values(searchAttributeKeys),
    },
  });
  stops.push(() => dev.env.teardown());

  project.provide('databaseUrl', databaseUrl);
  project.provide('temporalAddress', dev.env.address);
  return async () => {
    for (const stop of stops.reverse()) await stop();
  };
}
