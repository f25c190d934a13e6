import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import express, { type Router } from 'express';
import { type AppDeps, createApp } from '../../src/api/app';
import { errorHandler } from '../../src/api/errors';
import { listen } from '../../src/api/server';
import { type ClientScope, type Role, systemActor } from '../../src/auth/actor';
import { createApiKey } from '../../src/auth/api-keys';
import { auditTrail } from '../../src/auth/audit';
import { authenticate } from '../../src/auth/middleware';
import { createPool, type Db, type Queryable } from '../../src/db/pool';
import { createLogger } from '../../src/logger';
import { type ClaimWorkerDeps, createClaimWorker } from '../../src/temporal/claim-worker';

export interface RunningSystem {
  baseUrl: string;
  /** An admin API key for every client, which `postJson` and `getJson` send to `baseUrl` by default. */
  adminKey: string;
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
  oidc?: AppDeps['oidc'];
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
    ...(options.oidc ? { oidc: options.oidc } : {}),
  });
  const http = await listen(app, 0, '127.0.0.1');
  const adminKey = await createKey(db, { role: 'admin' });
  defaultKeys.set(http.url, adminKey);
  return {
    baseUrl: http.url,
    adminKey,
    db,
    temporal,
    taskQueue,
    async stop() {
      defaultKeys.delete(http.url);
      await http.close();
      worker.shutdown();
      await running;
      await connection.close();
      await workerConnection.close();
      await db.end();
    },
  };
}

/**
 * Registers a claim (as the running API's admin) that the simulated payer answers "pending", submitted
 * long enough ago that its first status check runs at once; `fields` override the body.
 */
export async function registerScriptedClaim(
  baseUrl: string,
  fields: { clientId: string; claimId?: string } & Record<string, unknown>,
): Promise<string> {
  const claimId = fields.claimId ?? uniqueClaimId();
  const scripted = await postJson(
    baseUrl,
    `/simulator/claims/${claimId}/script`,
    { responses: [{ category: 'P1', code: '20' }] },
    'PUT',
  );
  if (scripted.status !== 200) throw new Error(`scripting ${claimId}: ${JSON.stringify(scripted.body)}`);
  const created = await postJson(baseUrl, '/claims', {
    payerId: 'sim-commercial',
    patientAccountRef: 'PA-31337',
    dateOfService: '2026-10-15',
    billedCents: 70_000,
    submittedOn: '2026-10-20',
    ...fields,
    claimId,
  });
  if (created.status !== 201) throw new Error(`registering ${claimId}: ${JSON.stringify(created.body)}`);
  return claimId;
}

/** A claim id no other test uses. */
export function uniqueClaimId(prefix = 'CLM'): string {
  return `${prefix}-${randomUUID().slice(0, 12)}`;
}

/** The key `postJson` and `getJson` send to each running API unless told otherwise. */
const defaultKeys = new Map<string, string>();

/** Creates an API key directly in the database (as the system) and returns it. */
export async function createKey(
  db: Queryable,
  options: { role: Role; clients?: ClientScope; name?: string },
): Promise<string> {
  const { token } = await createApiKey(
    db,
    { name: options.name ?? `test-${options.role}`, role: options.role, clients: options.clients ?? 'all' },
    systemActor('tests'),
  );
  return token;
}

/**
 * Only the given routers behind the real authentication, audit trail and error handling, with an admin
 * key that `postJson` and `getJson` send by default: for tests of one part of the API without a worker.
 */
export async function startRoutes(
  db: Db,
  routers: Router[],
  options: { oidc?: AppDeps['oidc'] } = {},
): Promise<{ url: string; adminKey: string; close: () => Promise<void> }> {
  const logger = createLogger('silent');
  const app = express();
  app.use(authenticate({ db, ...(options.oidc ? { oidc: options.oidc } : {}) }));
  app.use(express.json());
  app.use(auditTrail({ db, logger }));
  for (const router of routers) app.use(router);
  app.use(errorHandler(logger));
  const http = await listen(app, 0, '127.0.0.1');
  const adminKey = await createKey(db, { role: 'admin' });
  defaultKeys.set(http.url, adminKey);
  return {
    url: http.url,
    adminKey,
    close: async () => {
      defaultKeys.delete(http.url);
      await http.close();
    },
  };
}

export interface RequestOptions {
  method?: string;
  /** The API key or bearer token to send; `null` sends none; default the running API's admin key. */
  key?: string | null;
  headers?: Record<string, string>;
}

function authorization(baseUrl: string, key: string | null | undefined): Record<string, string> {
  const credential = key === undefined ? defaultKeys.get(baseUrl) : key;
  return credential ? { authorization: `Bearer ${credential}` } : {};
}

/** Sends JSON (`POST` unless told otherwise) and reads the JSON answer. */
export async function postJson(
  baseUrl: string,
  path: string,
  body: unknown,
  methodOrOptions: string | RequestOptions = 'POST',
): Promise<{ status: number; body: any; headers: Headers }> {
  const options = typeof methodOrOptions === 'string' ? { method: methodOrOptions } : methodOrOptions;
  const response = await fetch(`${baseUrl}${path}`, {
    method: options.method ?? 'POST',
    headers: {
      'content-type': 'application/json',
      ...authorization(baseUrl, options.key),
      ...options.headers,
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json(), headers: response.headers };
}

export async function getJson(
  baseUrl: string,
  path: string,
  options: Omit<RequestOptions, 'method'> = {},
): Promise<{ status: number; body: any; headers: Headers }> {
  const response = await fetch(`${baseUrl}${path}`, {
    headers: { ...authorization(baseUrl, options.key), ...options.headers },
  });
  return { status: response.status, body: await response.json(), headers: response.headers };
}
