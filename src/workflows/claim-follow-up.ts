import {
  ApplicationFailure,
  ParentClosePolicy,
  allHandlersFinished,
  condition,
  continueAsNew,
  patched,
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
  type StatusCheckOutcome,
  DEFAULT_CONTINUE_AS_NEW_AFTER_EVENTS,
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

/** A queued message: how to decide it when its turn comes, and where its answer stands. */
interface Pending {
  decide: () => { transition?: Transition } | { problem: string };
  /** The outbox position of its transition once applied (or the settled mark if it had none). */
  seq?: number;
  problem?: string;
}

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

  /**
   * A message is decided and applied at once, against the current state, unless a status check is in
   * flight: that check's result is decided from the state sent with it, so messages arriving meanwhile
   * wait here and are applied right after it, never overwritten by it.
   */
  const inbox: Pending[] = [];
  let checking = false;
  const settle = (item: Pending): void => {
    const decided = item.decide();
    if ('problem' in decided) {
      item.problem = decided.problem;
      item.seq = settled;
    } else {
      item.seq = decided.transition ? apply(decided.transition) : settled;
    }
  };
  const receive = (item: Pending): void => {
    if (checking) inbox.push(item);
    else settle(item);
  };
  const drainInbox = (): void => {
    for (let item = inbox.shift(); item; item = inbox.shift()) settle(item);
  };

  for (const [type, update] of Object.entries(claimUpdates) as [
    ClaimUpdate['type'],
    (typeof claimUpdates)[keyof typeof claimUpdates],
  ][]) {
    setHandler(
      update,
      async (args: object) => {
        const change = { ...args, type } as ClaimUpdate;
        const item: Pending = {
          // Validated again when applied: an update queued behind another may no longer fit.
          decide: () => {
            const problem = validateUpdate(state, change, Date.now());
            return problem ? { problem } : { transition: onUpdate(state, workflowId, change, context()) };
          },
        };
        receive(item);
        // Answer once the change is persisted and what it asked for (a resubmission) has happened.
        await condition(() => item.seq !== undefined && settled >= item.seq);
        if (item.problem) throw ApplicationFailure.nonRetryable(item.problem, 'UpdateRejected');
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
      receive({
        decide: () =>
          // A duplicate delivery changes nothing.
          state.seenEvents.includes(event.idempotencyKey)
            ? {}
            : { transition: { ...decide(event), seenEvent: event.idempotencyKey } },
      });
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
    drainInbox();
    await flush();
    if (state.phase === 'closed') {
      // Late messages (a note on a closed claim) are still applied and answered before the end.
      if (outbox.length === 0 && allHandlersFinished()) break;
      await condition(() => outbox.length > 0 || allHandlersFinished());
      continue;
    }
    if (continueAsNewDue()) {
      await condition(() => outbox.length > 0 || allHandlersFinished());
      if (outbox.length > 0) continue;
      await continueAsNew<typeof claimFollowUp>({ ...input, carried: { state, rules } });
    }

    const wake = nextWakeAt(state);
    const wait = wake === undefined ? undefined : wake - Date.now();
    const messaged = wait === undefined || wait > 0 ? await condition(() => outbox.length > 0, wait) : false;
    if (messaged) continue;

    const due = onClock(state, workflowId, context());
    if (due?.kind === 'transition') apply(due.transition);
    else if (due?.kind === 'check') {
      const seq = state.checks + 1;
      checking = true;
      let outcome: StatusCheckOutcome;
      try {
        outcome = await payer.checkClaimStatus({
          idempotencyKey: `${workflowId}:check:${seq}`,
          workflowId,
          seq,
          state,
          rulesRef: { id: rules.id, version: rules.version },
        });
      } finally {
        checking = false;
      }
      if (outcome.rules) rules = outcome.rules;
      // Decided from `state` as sent; messages that came meanwhile wait in the inbox until after it.
      apply(outcome.transition, true);
      drainInbox();
      await followUpOn(outcome.transition);
    }
  }
  return {
    claimId: state.claim.claimId,
    phase: state.phase,
    checks: state.checks,
    paidCents: state.paidCents,
    ...(state.closedReason ? { closedReason: state.closedReason } : {}),
  };

  /**
   * The server's suggestion, or this run's own event limit. The limit's check is patched so that a run
   * which passed the limit under code without it still replays; the marker appears only when it fires.
   */
  function continueAsNewDue(): boolean {
    const { continueAsNewSuggested, historyLength } = workflowInfo();
    if (continueAsNewSuggested) return true;
    const limit = input.continueAsNewAfterEvents ?? DEFAULT_CONTINUE_AS_NEW_AFTER_EVENTS;
    return historyLength >= limit && patched('continue-as-new-after-events');
  }

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
