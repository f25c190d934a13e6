import { randomUUID } from 'node:crypto';
import { activityInfo } from '@temporalio/activity';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClaimActivities } from '../../src/activities';
import { federalCalendar, isBusinessDay } from '../../src/domain/business-calendar';
import { nextCheck } from '../../src/domain/cadence';
import { normalizeStatus } from '../../src/domain/claim-status-codes';
import { isoDateOfEpochMs } from '../../src/domain/dates';
import { defaultCadencePolicy } from '../../src/domain/data/cadence-policies';
import { startTimeSkippingServer } from '../../src/dev/temporal-binaries';
import { workflowsPath } from '../../src/temporal/claim-worker';
import {
  type CheckClaimStatusInput,
  type ClaimFollowUpInput,
  claimStateQuery,
  claimWorkflowId,
} from '../../src/shared/contracts';

let env: TestWorkflowEnvironment;
let bundle: WorkflowBundleWithSourceMap;

beforeAll(async () => {
  env = (await startTimeSkippingServer()).env;
  bundle = await bundleWorkflowCode({ workflowsPath });
});

afterAll(async () => {
  await env?.teardown();
});

/**
 * A fake of the status-check activity, typed as the real factory's: answers from a script and decides
 * the next check with the real cadence rules, at the (skipped) time the server scheduled it.
 */
function scriptedActivities(script: { category: string; code?: string }[]) {
  const calls: (CheckClaimStatusInput & { at: number })[] = [];
  const activities: ClaimActivities = {
    async checkClaimStatus(input) {
      const at = activityInfo().currentAttemptScheduledTimestampMs;
      calls.push({ ...input, at });
      const answer = script[Math.min(input.seq, script.length) - 1]!;
      const status = normalizeStatus(answer);
      const next = nextCheck({ status, policy: defaultCadencePolicy, calendar: federalCalendar, now: at });
      return {
        category: status.category,
        ...(status.code ? { code: status.code } : {}),
        phase: status.paid ? 'closed' : 'in_adjudication',
        ...(next ? { nextCheckAt: next.at } : { closedReason: 'paid' }),
        transient: status.transient,
        explanation: next?.basis ?? 'paid',
        cadence: { policyId: defaultCadencePolicy.id, version: defaultCadencePolicy.version },
      };
    },
  };
  return { activities, calls };
}

function claimInput(claimId: string, submittedOn: string): ClaimFollowUpInput {
  return {
    claimId,
    clientId: 'northside-clinic',
    payerId: 'sim-medicare',
    payerClass: 'medicare_ffs',
    dateOfService: submittedOn,
    submittedOn,
    billedCents: 48_000,
    cadence: defaultCadencePolicy,
  };
}

describe('claimFollowUp workflow', () => {
  it('when the payer answers pending, pending, paid, then it checks on business days at the policy cadence and closes paid', async () => {
    const taskQueue = `wf-${randomUUID()}`;
    const claimId = `CLM-${randomUUID().slice(0, 8)}`;
    const { activities, calls } = scriptedActivities([
      { category: 'P1', code: '20' },
      { category: 'P1' },
      { category: 'F1', code: '65' },
    ]);
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: bundle,
      activities,
    });
    const submittedOn = isoDateOfEpochMs(await env.currentTimeMs());

    const result = await worker.runUntil(
      env.client.workflow.execute('claimFollowUp', {
        workflowId: claimWorkflowId(claimId),
        taskQueue,
        args: [claimInput(claimId, submittedOn)],
      }),
    );

    expect(result).toEqual({ claimId, phase: 'closed', closedReason: 'paid', checks: 3 });
    expect(calls.map((c) => c.idempotencyKey)).toEqual(
      [1, 2, 3].map((n) => `${claimWorkflowId(claimId)}:check:${n}`),
    );
    for (const call of calls) expect(isBusinessDay(isoDateOfEpochMs(call.at), federalCalendar)).toBe(true);
    const days = (ms: number) => ms / 86_400_000;
    const [first, second, third] = calls.map((c) => c.at) as [number, number, number];
    // Medicare FFS: first check 15 days after submission (payment floor), then every 14 days while pending;
    // a roll past a weekend or holiday adds at most 4 days.
    expect(days(first - Date.parse(`${submittedOn}T00:00:00Z`))).toBeGreaterThanOrEqual(15);
    expect(days(first - Date.parse(`${submittedOn}T00:00:00Z`))).toBeLessThan(20);
    expect(days(second - first)).toBeGreaterThanOrEqual(13.9);
    expect(days(second - first)).toBeLessThan(18.1);
    expect(days(third - second)).toBeGreaterThanOrEqual(13.9);
    expect(days(third - second)).toBeLessThan(18.1);
  });

  it('when asked mid-way, then the state query shows the phase, the checks made and the next check', async () => {
    const taskQueue = `wf-${randomUUID()}`;
    const claimId = `CLM-${randomUUID().slice(0, 8)}`;
    const { activities } = scriptedActivities([{ category: 'P1' }]);
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: bundle,
      activities,
    });
    const submittedOn = isoDateOfEpochMs(await env.currentTimeMs());

    await worker.runUntil(async () => {
      const handle = await env.client.workflow.start('claimFollowUp', {
        workflowId: claimWorkflowId(claimId),
        taskQueue,
        args: [claimInput(claimId, submittedOn)],
      });
      const initial = await handle.query(claimStateQuery);
      expect(initial).toMatchObject({ phase: 'submitted', checks: 0 });
      expect(initial.nextCheckAt).toBeGreaterThan(await env.currentTimeMs());

      await env.sleep('40 days');
      const later = await handle.query(claimStateQuery);
      expect(later.phase).toBe('in_adjudication');
      expect(later.checks).toBeGreaterThanOrEqual(2);
      expect(later.lastStatus?.category).toBe('P1');
      expect(later.nextCheckAt).toBeGreaterThan(await env.currentTimeMs());
      await handle.terminate('test finished');
    });
  });

  it('when a claim was submitted long ago, then the first check runs at once', async () => {
    const taskQueue = `wf-${randomUUID()}`;
    const claimId = `CLM-${randomUUID().slice(0, 8)}`;
    const { activities, calls } = scriptedActivities([{ category: 'F1' }]);
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: bundle,
      activities,
    });
    const now = await env.currentTimeMs();
    const longAgo = isoDateOfEpochMs(now - 90 * 86_400_000);

    const result = await worker.runUntil(
      env.client.workflow.execute('claimFollowUp', {
        workflowId: claimWorkflowId(claimId),
        taskQueue,
        args: [claimInput(claimId, longAgo)],
      }),
    );
    expect(result.checks).toBe(1);
    expect(calls[0]!.at - now).toBeLessThan(60_000);
  });
});
