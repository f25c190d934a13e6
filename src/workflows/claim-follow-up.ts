import {
  ApplicationFailure,
  ParentClosePolicy,
  allHandlersFinished,
  condition,
  continueAsNew,
  proxyActivities,
  setHandler,
  startChild,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { ClaimActivities } from '../activities';
import { federalCalendar } from '../domain/business-calendar';
import {
  type AcknowledgementEvent,
  type ClaimUpdate,
  type RemittanceEvent,
  type StatusEvent,
  type LifecycleContext,
  type PayerRules,
  applyTransition,
  onAcknowledgement,
  onClock,
  onRemittance,
  onResubmitted,
  onStatus,
  onUpdate,
  startClaim,
  validateUpdate,
} from '../domain/lifecycle';
import type { ClaimState, Transition } from '../domain/lifecycle-types';
import { projectionOf, searchAttributesOf, viewOf } from '../domain/claim-view';
import { nextWakeAt } from '../domain/lifecycle';
import {
  type ClaimFollowUpInput,
  type ClaimFollowUpResult,
  acknowledgementReceivedSignal,
  claimStateQuery,
  claimUpdates,
  claimViewQuery,
  claimWorkflowId,
  nextPayerClaimId,
  remittanceReceivedSignal,
  statusReceivedSignal,
} from '../shared/contracts';
import { searchAttributeKeys } from '../shared/search-attributes';
import type { SearchAttributeUpdatePair } from '@temporalio/common';

/**
 * A payer inquiry or submission: short per attempt, retried with back-off for as long as the payer or
 * the database is down (the claim's deadlines are watched by the workflow, not by the retry policy).
 */
const payer = proxyActivities<ClaimActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '10 seconds', backoffCoefficient: 2, maximumInterval: '1 hour' },
});

/** Writes to PostgreSQL only: quick, retried until the database is back. */
const records = proxyActivities<ClaimActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});

/**
 * Follows one claim until its balance is resolved. It wires handlers and waits; every decision comes
 * from `domain/lifecycle`. Transitions decided here (people, ingested events, the clock) are persisted
 * through an outbox; a status check's transition is decided and persisted by its activity, which reads
 * the current cadence and payer rules, so changes to them reach running claims at their next check.
 */
export async function claimFollowUp(input: ClaimFollowUpInput): Promise<ClaimFollowUpResult> {
  const { workflowId } = workflowInfo();
  let rules: PayerRules = input.carried?.rules ?? input.rules;
  const context = (): LifecycleContext => ({ now: Date.now(), calendar: federalCalendar, rules });
  let state: ClaimState = input.carried?.state ?? startClaim(input.claim, input.cadence, context());
  const outbox: { seq: number; key: string; at: number; transition: Transition }[] = [];
  /** Transitions queued so far, and how many of them are persisted with their follow-ups done. */
  let queued = 0;
  let settled = 0;

  /** Applies a transition; unless its activity already recorded it, queues it for persistence. */
  const apply = (transition: Transition, recordedByActivity = false): number => {
    state = applyTransition(state, transition);
    publishSearchAttributes();
    if (recordedByActivity) return settled;
    queued += 1;
    outbox.push({ seq: queued, key: `${workflowId}:t:${state.transitions}`, at: Date.now(), transition });
    return queued;
  };

  // Intake set the search attributes of the first state at start; later runs carry on from theirs.
  let published: Partial<ReturnType<typeof searchAttributesOf>> = searchAttributesOf(state, Date.now());

  setHandler(claimViewQuery, () => viewOf(state, Date.now()));
  setHandler(claimStateQuery, () => state);

  for (const [type, update] of Object.entries(claimUpdates) as [
    ClaimUpdate['type'],
    (typeof claimUpdates)[keyof typeof claimUpdates],
  ][]) {
    setHandler(
      update,
      async (args: object) => {
        const seq = apply(onUpdate(state, workflowId, { ...args, type } as ClaimUpdate, context()));
        // Answer once the change is persisted and what it asked for (a resubmission) has happened.
        await condition(() => settled >= seq);
        return viewOf(state, Date.now());
      },
      {
        validator: (args: object) => {
          const problem = validateUpdate(state, { ...args, type } as ClaimUpdate, Date.now());
          if (problem) throw ApplicationFailure.nonRetryable(problem, 'UpdateRejected');
        },
      },
    );
  }

  const once =
    <T extends { idempotencyKey: string }>(decide: (event: T) => Transition) =>
    (event: T) => {
      if (state.seenEvents.includes(event.idempotencyKey)) return; // a duplicate delivery changes nothing
      apply({ ...decide(event), seenEvent: event.idempotencyKey });
    };
  setHandler(
    statusReceivedSignal,
    once((event: StatusEvent & { idempotencyKey: string }) =>
      onStatus(state, workflowId, event, state.cadence, context()),
    ),
  );
  setHandler(
    remittanceReceivedSignal,
    once((event: RemittanceEvent & { idempotencyKey: string }) =>
      onRemittance(state, workflowId, event, context()),
    ),
  );
  setHandler(
    acknowledgementReceivedSignal,
    once((event: AcknowledgementEvent & { idempotencyKey: string }) =>
      onAcknowledgement(state, workflowId, event, context()),
    ),
  );

  for (;;) {
    await flush();
    if (state.phase === 'closed') break;

    const wake = nextWakeAt(state);
    const wait = wake === undefined ? undefined : wake - Date.now();
    const messaged = wait === undefined || wait > 0 ? await condition(() => outbox.length > 0, wait) : false;
    if (messaged) continue;

    const due = onClock(state, workflowId, context());
    if (due?.kind === 'transition') apply(due.transition);
    else if (due?.kind === 'check') {
      const seq = state.checks + 1;
      const outcome = await payer.checkClaimStatus({
        idempotencyKey: `${workflowId}:check:${seq}`,
        workflowId,
        seq,
        state,
        rules,
      });
      rules = outcome.rules;
      apply(outcome.transition, true);
      await followUpOn(outcome.transition);
    }

    if (workflowInfo().continueAsNewSuggested) {
      await flush();
      await condition(allHandlersFinished);
      await continueAsNew<typeof claimFollowUp>({ ...input, carried: { state, rules } });
    }
  }
  await condition(allHandlersFinished);
  return {
    claimId: state.claim.claimId,
    phase: state.phase,
    checks: state.checks,
    paidCents: state.paidCents,
    ...(state.closedReason ? { closedReason: state.closedReason } : {}),
  };

  /** Keeps the claim's search attributes current; only a change costs a command. */
  function publishSearchAttributes(): void {
    const values = searchAttributesOf(state, Date.now());
    const changed = (Object.keys(values) as (keyof typeof values)[]).filter(
      (name) => String(values[name]) !== String(published[name]),
    );
    if (changed.length === 0) return;
    upsertSearchAttributes(
      changed.map(
        (name) =>
          ({ key: searchAttributeKeys[name], value: values[name] ?? null }) as SearchAttributeUpdatePair,
      ),
    );
    published = values;
  }

  /** Persists pending transitions, then does what they asked for (resubmission, next payer). */
  async function flush(): Promise<void> {
    while (outbox.length > 0) {
      const batch = outbox.splice(0, outbox.length);
      const projection = projectionOf(state, Date.now());
      await records.recordTransitions({
        workflowId,
        claimId: state.claim.claimId,
        items: batch.map(({ key, at, transition }) => ({ key, at, transition, projection })),
      });
      for (const item of batch) {
        await followUpOn(item.transition);
        settled = item.seq;
      }
    }
  }

  async function followUpOn(transition: Transition): Promise<void> {
    if (transition.resubmit) {
      await payer.submitClaim({
        idempotencyKey: `${workflowId}:submit:${state.submission.attempt + 1}`,
        claimId: state.claim.claimId,
        payerId: state.claim.payerId,
        ...transition.resubmit,
      });
      apply(onResubmitted(state, transition.resubmit.kind, context()));
    }
    if (transition.startNextPayer) {
      const next = transition.startNextPayer;
      const child = await records.registerNextPayerClaim({
        parentClaimId: state.claim.claimId,
        order: next.order,
        payerId: next.payerId,
        balanceCents: next.balanceCents,
        remittance: next.remittance,
      });
      await startChild(claimFollowUp, {
        workflowId: claimWorkflowId(nextPayerClaimId(state.claim.claimId, next.order)),
        args: [child],
        parentClosePolicy: ParentClosePolicy.ABANDON,
      });
    }
  }
}
