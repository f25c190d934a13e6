import path from 'node:path';
import { type NativeConnection, Runtime, Worker, type WorkerOptions } from '@temporalio/worker';
import { createActivities } from '../activities';
import type { Db } from '../db/pool';
import { createSimulatedPayerStore } from '../db/simulator';
import { createPayerProtection, postgresOutageRecorder, unlimitedBudget } from '../payers/protection';
import { createPayerRegistry } from '../payers/registry';
import { createRestClearinghouseChannel } from '../payers/rest/rest-channel';
import { createSimulatedPayer } from '../payers/simulated-payer';

export const workflowsPath = path.resolve(__dirname, '../workflows');

export interface ClaimWorkerDeps {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  db: Db;
  maxCachedWorkflows?: number;
  maxConcurrentActivityTaskExecutions?: number;
  /** Which channels reach which payer, and the REST clearinghouse when one is configured. */
  payerChannels?: {
    routing?: { routes?: Record<string, string[]>; default?: string[] };
    rest?: { baseUrl: string; token: string };
  };
  /** A prebuilt bundle (tests, benchmarks) instead of bundling `src/workflows` at start. */
  workflowBundle?: WorkerOptions['workflowBundle'];
}

/** Wires the claim workflows and their activities into a worker on the claims task queue. */
export async function createClaimWorker(deps: ClaimWorkerDeps): Promise<Worker> {
  const logger = Runtime.instance().logger;
  const rest = deps.payerChannels?.rest;
  const payers = createPayerRegistry({
    channels: [
      createSimulatedPayer(createSimulatedPayerStore(deps.db)),
      ...(rest ? [createRestClearinghouseChannel({ baseUrl: rest.baseUrl, token: rest.token, logger })] : []),
    ],
    routes: deps.payerChannels?.routing?.routes ?? {},
    default: deps.payerChannels?.routing?.default ?? ['simulated'],
    protection: createPayerProtection({
      // The simulated payer is throttled by its own behaviour (429s), not by a budget of ours.
      limitsFor: (_payerId, channel) => (channel === 'simulated' ? { budget: unlimitedBudget } : undefined),
      outages: postgresOutageRecorder(deps.db),
      logger,
    }),
  });
  return Worker.create({
    connection: deps.connection,
    namespace: deps.namespace,
    taskQueue: deps.taskQueue,
    ...(deps.workflowBundle ? { workflowBundle: deps.workflowBundle } : { workflowsPath }),
    activities: createActivities({ db: deps.db, payers }),
    maxCachedWorkflows: deps.maxCachedWorkflows ?? 1000,
    maxConcurrentActivityTaskExecutions: deps.maxConcurrentActivityTaskExecutions ?? 50,
  });
}

/** The payer channel settings of the configuration, for {@link createClaimWorker}. */
export function payerChannelsFromConfig(config: {
  PAYER_ROUTES: { routes: Record<string, string[]>; default: string[] };
  REST_CLEARINGHOUSE_URL?: string | undefined;
  REST_CLEARINGHOUSE_TOKEN?: string | undefined;
}): NonNullable<ClaimWorkerDeps['payerChannels']> {
  return {
    routing: config.PAYER_ROUTES,
    ...(config.REST_CLEARINGHOUSE_URL && config.REST_CLEARINGHOUSE_TOKEN
      ? { rest: { baseUrl: config.REST_CLEARINGHOUSE_URL, token: config.REST_CLEARINGHOUSE_TOKEN } }
      : {}),
  };
}
