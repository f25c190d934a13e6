import path from 'node:path';
import { type NativeConnection, Runtime, Worker, type WorkerOptions } from '@temporalio/worker';
import { createActivities } from '../activities';
import type { Db } from '../db/pool';
import { createSimulatedPayerStore } from '../db/simulator';
import { createPayerProtection, postgresOutageRecorder, unlimitedBudget } from '../payers/protection';
import { createPayerRegistry } from '../payers/registry';
import { createSimulatedPayer } from '../payers/simulated-payer';

export const workflowsPath = path.resolve(__dirname, '../workflows');

export interface ClaimWorkerDeps {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  db: Db;
  maxCachedWorkflows?: number;
  maxConcurrentActivityTaskExecutions?: number;
  /** A prebuilt bundle (tests, benchmarks) instead of bundling `src/workflows` at start. */
  workflowBundle?: WorkerOptions['workflowBundle'];
}

/** Wires the claim workflows and their activities into a worker on the claims task queue. */
export async function createClaimWorker(deps: ClaimWorkerDeps): Promise<Worker> {
  const payers = createPayerRegistry({
    channels: [createSimulatedPayer(createSimulatedPayerStore(deps.db))],
    default: ['simulated'],
    protection: createPayerProtection({
      // The simulated payer is throttled by its own behaviour (429s), not by a budget of ours.
      limitsFor: (_payerId, channel) => (channel === 'simulated' ? { budget: unlimitedBudget } : undefined),
      outages: postgresOutageRecorder(deps.db),
      logger: Runtime.instance().logger,
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
