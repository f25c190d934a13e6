import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { createApp } from '../../src/api/app';
import { listen } from '../../src/api/server';
import { createPool, type Db } from '../../src/db/pool';
import { createLogger } from '../../src/logger';
import { type ClaimWorkerDeps, createClaimWorker } from '../../src/temporal/claim-worker';

export interface RunningSystem {
  baseUrl: string;
  db: Db;
  temporal: Client;
  taskQueue: string;
  stop(): Promise<void>;
}

/** The real worker and API wired to the run's PostgreSQL and Temporal, on a task queue of its own. */
export async function startSystem(options: {
  databaseUrl: string;
  temporalAddress: string;
  now?: () => number;
  payerChannels?: ClaimWorkerDeps['payerChannels'];
}): Promise<RunningSystem> {
  const taskQueue = `test-${randomUUID()}`;
  const db = createPool({ connectionString: options.databaseUrl, max: 5 });
  const workerConnection = await NativeConnection.connect({ address: options.temporalAddress });
  const worker = await createClaimWorker({
    connection: workerConnection,
    namespace: 'default',
    taskQueue,
    db,
    ...(options.payerChannels ? { payerChannels: options.payerChannels } : {}),
  });
  const running = worker.run();
  const connection = await Connection.connect({ address: options.temporalAddress });
  const temporal = new Client({ connection, namespace: 'default' });
  const app = createApp({
    db,
    temporal,
    taskQueue,
    logger: createLogger('silent'),
    ...(options.now ? { now: options.now } : {}),
  });
  const http = await listen(app, 0, '127.0.0.1');
  return {
    baseUrl: http.url,
    db,
    temporal,
    taskQueue,
    async stop() {
      await http.close();
      worker.shutdown();
      await running;
      await connection.close();
      await workerConnection.close();
      await db.end();
    },
  };
}

/** A claim id no other test uses. */
export function uniqueClaimId(prefix = 'CLM'): string {
  return `${prefix}-${randomUUID().slice(0, 12)}`;
}

export async function postJson(
  baseUrl: string,
  path: string,
  body: unknown,
  method = 'POST',
): Promise<{ status: number; body: any }> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

export async function getJson(baseUrl: string, path: string): Promise<{ status: number; body: any }> {
  const response = await fetch(`${baseUrl}${path}`);
  return { status: response.status, body: await response.json() };
}
