/**
 * Bare Temporal baseline for `npm run bench`: the smallest workflow with the same shape as a claim whose
 * first status check is due at once (start → one activity → return), with the activity options of the
 * claim workflow. Bundled on its own and run by its own worker on its own task queue.
 */
import { defineQuery, proxyActivities, setHandler, sleep } from '@temporalio/workflow';
import type { BareActivities } from './bare-activities';

const { bareNoop } = proxyActivities<BareActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '10 seconds', backoffCoefficient: 2, maximumInterval: '1 hour' },
});

/** Throughput scenario: start → activity → return. */
export async function bareWorkflow(): Promise<string> {
  return await bareNoop();
}

export type BareStage = 'started' | 'waiting';
export const bareStageQuery = defineQuery<BareStage>('bareStage');

/**
 * Memory scenario only: the same activity, then the workflow stays open on a long timer (as a claim does
 * between checks), so the worker keeps it in its cache while memory is measured.
 */
export async function bareHeldWorkflow(): Promise<string> {
  let stage: BareStage = 'started';
  setHandler(bareStageQuery, () => stage);
  const answer = await bareNoop();
  stage = 'waiting';
  await sleep('30 days');
  return answer;
}
