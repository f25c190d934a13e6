import { defaultPayloadConverter } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CadencePolicy } from '../../src/domain/cadence';
import { defaultCadencePolicy } from '../../src/domain/data/cadence-policies';
import type { ClaimState } from '../../src/domain/lifecycle-types';
import {
  type ClaimFollowUpInput,
  DEFAULT_CONTINUE_AS_NEW_AFTER_EVENTS,
  acknowledgementReceivedSignal,
  claimStateQuery,
  claimUpdates,
} from '../../src/shared/contracts';
import { workflowsPath } from '../../src/temporal/claim-worker';
import { DAY, claimInput, fakeActivities, startClaim, startWorkflowTestEnv } from './support';

const { EventType } = temporal.api.enums.v1;
type History = temporal.api.history.v1.IHistory;

/** The server suggests continue-as-new at 4,096 events or 4 MB (TEMPORAL.md). */
const SUGGESTED_EVENTS = 4_096;
const SUGGESTED_BYTES = 4 * 1024 * 1024;
const WEEKS = 104;
const NOTES_PER_WEEK = 3;

/** The default cadence with weekly re-checks while pending and no status escalation, so it keeps checking. */
const { escalation: _noEscalation, ...defaultWithoutEscalation } = defaultCadencePolicy;
const weeklyWhilePending: CadencePolicy = {
  ...defaultWithoutEscalation,
  id: 'weekly-while-pending',
  recheckAfterDays: { ...defaultCadencePolicy.recheckAfterDays, pending: 7 },
};

let env: TestWorkflowEnvironment;
let bundle: WorkflowBundleWithSourceMap;

beforeAll(async () => {
  [bundle, env] = await Promise.all([bundleWorkflowCode({ workflowsPath }), startWorkflowTestEnv()]);
});

afterAll(async () => {
  await env?.teardown();
});

/** Every run of a workflow, first to last, following each run's continue-as-new event. */
async function runsOf(workflowId: string, firstRunId: string) {
  const runs: { runId: string; history: History; events: number; bytes: number }[] = [];
  let runId: string | null | undefined = firstRunId;
  while (runId) {
    const history: History = await env.client.workflow.getHandle(workflowId, runId).fetchHistory();
    const events = history.events ?? [];
    runs.push({
      runId,
      history,
      events: events.length,
      bytes: temporal.api.history.v1.History.encode(history).finish().length,
    });
    runId = events.at(-1)?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId;
  }
  return runs;
}

/** The ids of the `patched()` markers a run recorded. */
function patchMarkers(history: History): string[] {
  return (history.events ?? []).flatMap((e) => {
    const payload = e.markerRecordedEventAttributes?.details?.['patch-data']?.payloads?.[0];
    return payload ? [defaultPayloadConverter.fromPayload<{ id: string }>(payload).id] : [];
  });
}

describe('claimFollowUp over years', () => {
  it('when a claim stays pending for two years of weekly checks with notes added every week, then it continues as new before its history grows large and carries its checks, notes, deadlines and work items across runs', async ({
    annotate,
  }) => {
    const fake = fakeActivities(() => ({ category: 'P1', code: '20' }));
    const input = { ...(await claimInput(env, { daysAgo: 0 })), cadence: weeklyWhilePending };
    const who = { author: 'jane.doe' };
    const ack = { idempotencyKey: '277CA:ISA9:CLM', kind: '277CA', accepted: true, category: 'A1' } as const;
    const notes: string[] = [];
    const { run } = await startClaim(env, bundle, fake.activities, input);

    const { runs, carried, early, late, result, closed } = await run(async (handle) => {
      await handle.executeUpdate(claimUpdates.assign, { args: [{ ...who, owner: 'sam' }] });
      await handle.executeUpdate(claimUpdates.flagForReview, {
        args: [{ ...who, reason: 'two-year follow-up', byClient: false }],
      });
      await handle.signal(acknowledgementReceivedSignal, ack);
      let early: ClaimState | undefined;
      for (let week = 1; week <= WEEKS; week += 1) {
        for (let n = 1; n <= NOTES_PER_WEEK; n += 1) {
          const text = `week ${week}: payer call ${n}, still pending`;
          notes.push(text);
          await handle.executeUpdate(claimUpdates.addNote, { args: [{ ...who, text }] });
        }
        await env.sleep('7 days');
        // By now the review item is past due and escalated, and the first run is far from its limit.
        if (week === 2) early = await handle.query(claimStateQuery);
      }
      // The same 277CA delivered again two years later, to a later run: still recognised as a duplicate.
      await handle.signal(acknowledgementReceivedSignal, ack);
      const late = await handle.query(claimStateQuery);
      await handle.executeUpdate(claimUpdates.close, { args: [{ ...who, reason: 'written_off' }] });
      const result = await handle.result();
      const closed = await handle.query(claimStateQuery);

      // What each run ended with (a query replays the closed run) and what its successor started from.
      const runs = await runsOf(handle.workflowId, handle.firstExecutionRunId);
      const carried = [];
      for (const [i, next] of runs.slice(1).entries()) {
        const ended = await env.client.workflow
          .getHandle(handle.workflowId, runs[i]!.runId)
          .query(claimStateQuery);
        const payload =
          next.history.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0];
        const started = defaultPayloadConverter.fromPayload<ClaimFollowUpInput>(payload!);
        carried.push({ ended, started: started.carried?.state });
      }
      return { runs, carried, early: early!, late, result, closed };
    });

    const maxEvents = Math.max(...runs.map((r) => r.events));
    const maxBytes = Math.max(...runs.map((r) => r.bytes));
    await annotate(`${runs.length} runs; largest ${maxEvents} events, ${maxBytes} bytes`);

    // Continue-as-new happened, and it was the workflow's own event limit that fired: the Java test
    // server never sets suggestContinueAsNew on a workflow task.
    expect(runs.length).toBeGreaterThanOrEqual(2);
    for (const r of runs) {
      const started = (r.history.events ?? []).filter(
        (e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED,
      );
      expect(started.some((e) => e.workflowTaskStartedEventAttributes?.suggestContinueAsNew)).toBe(false);
    }
    for (const r of runs.slice(0, -1)) {
      expect(patchMarkers(r.history)).toEqual(['continue-as-new-after-events']);
      expect(r.events).toBeGreaterThanOrEqual(DEFAULT_CONTINUE_AS_NEW_AFTER_EVENTS);
    }
    expect(patchMarkers(runs.at(-1)!.history)).toEqual([]);
    // Every run stays well under the suggested size.
    expect(maxEvents).toBeLessThan(SUGGESTED_EVENTS);
    expect(maxBytes).toBeLessThan(SUGGESTED_BYTES / 2);

    // Checks: weekly for two years, each made once, and counted across runs.
    expect(fake.checks.length).toBeGreaterThanOrEqual(100);
    expect(result).toMatchObject({
      phase: 'closed',
      closedReason: 'written_off',
      checks: fake.checks.length,
    });
    expect(fake.checks.map((c) => c.seq)).toEqual(fake.checks.map((_, i) => i + 1));
    for (const [i, check] of fake.checks.entries()) {
      if (i === 0) continue;
      const gap = (check.at - fake.checks[i - 1]!.at) / DAY;
      expect(gap).toBeGreaterThanOrEqual(6.9);
      expect(gap).toBeLessThan(11.1);
    }

    // Notes: every one recorded exactly once; no timeline key written twice.
    const recordedNotes = fake.recorded.filter((item) => item.transition.event.kind === 'note');
    expect(recordedNotes.map((item) => item.transition.event.summary)).toEqual(notes);
    expect(new Set(fake.recorded.map((item) => item.key)).size).toBe(fake.recorded.length);
    // Each transition is recorded either by the check that decided it or through the outbox, never both.
    expect(closed.transitions).toBe(fake.recorded.length + fake.checks.length);

    // Each run starts from exactly the state its predecessor ended with.
    expect(carried).toHaveLength(runs.length - 1);
    for (const { ended, started } of carried) expect(started).toEqual(ended);
    // Deadlines, work items, owner and the ingested-event memory of the first weeks are there two years on.
    expect(late.deadlines).toEqual(early.deadlines);
    expect(late.deadlines.map((d) => d.kind)).toContain('timely_filing');
    expect(late.workItems).toEqual(early.workItems);
    expect(late.workItems.map((w) => [w.kind, w.escalatedTo])).toEqual([['management_review', 'ar-lead']]);
    expect(late.owner).toBe('sam');
    expect(late.submission.acknowledgement).toBe('accepted');
    expect(late.seenEvents.filter((k) => k === ack.idempotencyKey)).toHaveLength(1);
    expect(fake.events().filter((e) => e.kind === 'acknowledgement_received')).toHaveLength(1);
  });
});
