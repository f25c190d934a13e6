import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { defaultPayloadConverter } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import {
  Worker,
  bundleWorkflowCode,
  type ReplayResult,
  type WorkflowBundleWithSourceMap,
} from '@temporalio/worker';
import { DeterminismViolationError } from '@temporalio/workflow';
import { beforeAll, describe, expect, it } from 'vitest';
import { type ClaimFollowUpInput, claimWorkflowId } from '../../src/shared/contracts';
import { workflowsPath } from '../../src/temporal/claim-worker';
import { claimInput, fakeActivities, startClaim, startWorkflowTestEnv } from './support';

const { EventType } = temporal.api.enums.v1;
const historiesDir = path.resolve(__dirname, '../histories');
const changedWorkflows = path.resolve(__dirname, '../support/unpatched-workflows');

/** The lifecycle paths of issue 4 (point 1), each with a history recorded by scripts/record-histories.ts. */
const lifecyclePaths = [
  'pending-paid',
  'rejection-correction-paid',
  'documents',
  'denial-appeal-paid',
  'replacement-claim',
  'underpayment',
  'acknowledgement-overdue',
  'secondary-payer',
  'status-escalation',
  'timely-filing',
];

/** What a claim in a workflow input may say about itself (`ClaimFacts`): identifiers, dates, amounts. */
const claimFactKeys = new Set([
  'claimId',
  'clientId',
  'payerId',
  'payerClass',
  'payerOrder',
  'dateOfService',
  'throughDate',
  'submittedOn',
  'billedCents',
  'expectedCents',
  'keyAccount',
  'nextPayers',
]);

interface Recorded {
  name: string;
  workflowId: string;
  input: ClaimFollowUpInput;
  history: temporal.api.history.v1.History;
}

/**
 * Histories are stored as `JSON.stringify` writes them and read with the generated `History.fromObject`;
 * the SDK's `historyFromJSON` fails in this install (docs/workflow-changes.md).
 */
function loadHistories(): Recorded[] {
  return readdirSync(historiesDir)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => {
      const history = temporal.api.history.v1.History.fromObject(
        JSON.parse(readFileSync(path.join(historiesDir, file), 'utf8')),
      );
      const started = history.events[0]?.workflowExecutionStartedEventAttributes;
      const input = defaultPayloadConverter.fromPayload<ClaimFollowUpInput>(started!.input!.payloads![0]!);
      return {
        name: file.replace(/\.json$/, ''),
        workflowId: claimWorkflowId(input.claim.claimId),
        input,
        history,
      };
    });
}

async function replay(bundle: WorkflowBundleWithSourceMap, histories: Recorded[]) {
  const results: (ReplayResult & { name: string })[] = [];
  const replays = Worker.runReplayHistories(
    { workflowBundle: bundle, replayName: 'tickler-replay' },
    histories.map(({ workflowId, history }) => ({ workflowId, history })),
  );
  for await (const result of replays) results.push({ ...result, name: histories[results.length]!.name });
  return results;
}

let histories: Recorded[];
let current: WorkflowBundleWithSourceMap;
let unpatched: WorkflowBundleWithSourceMap;
let patched: WorkflowBundleWithSourceMap;

beforeAll(async () => {
  histories = loadHistories();
  [current, unpatched, patched] = await Promise.all([
    bundleWorkflowCode({ workflowsPath }),
    bundleWorkflowCode({ workflowsPath: path.join(changedWorkflows, 'index.ts') }),
    bundleWorkflowCode({ workflowsPath: path.join(changedWorkflows, 'patched.ts') }),
  ]);
});

describe('recorded claim histories', () => {
  it('hold one history for every lifecycle path, each with synthetic claim facts only (no PHI)', () => {
    expect(histories.map((h) => h.name)).toEqual(expect.arrayContaining(lifecyclePaths));
    for (const { input, history } of histories) {
      expect(Object.keys(input.claim).filter((key) => !claimFactKeys.has(key))).toEqual([]);
      expect(input.claim.claimId).toMatch(/^CLM-[0-9a-f]{8}$/);
      expect(history.events.length).toBeGreaterThan(5);
    }
  });

  it('replay against the current workflow code without a determinism error', async () => {
    const results = await replay(current, histories);
    expect(results.map((r) => [r.name, r.error?.message])).toEqual(histories.map((h) => [h.name, undefined]));
  });

  it('catch a workflow change shipped without patched(): every history of a new claim fails replay with a determinism violation', async () => {
    const results = await replay(unpatched, histories);
    // The change applies where a claim starts, so a run continued from another is not concerned by it.
    const expected = histories.map((h) => ({
      name: h.name,
      error: h.input.carried ? undefined : expect.any(DeterminismViolationError),
    }));
    expect(results.map(({ name, error }) => ({ name, error }))).toEqual(expected);
    expect(expected.filter((e) => e.error).length).toBeGreaterThanOrEqual(lifecyclePaths.length);
  });

  it('accept the same change behind patched(): old histories replay cleanly, and new runs take the new path', async () => {
    const results = await replay(patched, histories);
    expect(results.map((r) => [r.name, r.error?.message])).toEqual(histories.map((h) => [h.name, undefined]));

    // The patched code does change new runs: a marker, then the timeline entry before anything else.
    const env = await startWorkflowTestEnv();
    try {
      const fake = fakeActivities([{ category: 'F1', code: '65' }]);
      const input = await claimInput(env, { daysAgo: 0 });
      const { run } = await startClaim(env, patched, fake.activities, input);
      const events = await run(async (handle) => {
        expect(await handle.result()).toMatchObject({ closedReason: 'paid_in_full' });
        return (await handle.fetchHistory()).events ?? [];
      });
      const marker = events.find((e) => e.eventType === EventType.EVENT_TYPE_MARKER_RECORDED);
      const patchData = marker?.markerRecordedEventAttributes?.details?.['patch-data']?.payloads?.[0];
      expect(defaultPayloadConverter.fromPayload(patchData!)).toMatchObject({ id: 'record-intake' });
      expect(fake.recorded[0]).toMatchObject({
        key: `${claimWorkflowId(input.claim.claimId)}:intake`,
        transition: { event: { summary: 'Follow-up started' } },
      });
    } finally {
      await env.teardown();
    }
  });
});
