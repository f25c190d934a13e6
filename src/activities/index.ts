import { ApplicationFailure, log } from '@temporalio/activity';
import { federalCalendar } from '../domain/business-calendar';
import { projectionOf } from '../domain/claim-view';
import { isoDateOfEpochMs } from '../domain/dates';
import { type StatusEvent, applyTransition, onStatus, startClaim } from '../domain/lifecycle';
import type { ClaimFacts, Transition } from '../domain/lifecycle-types';
import { findClaim, insertClaim, initClaimState, writeProjection } from '../db/claims';
import { type Db, type Queryable, withTransaction } from '../db/pool';
import { currentCadenceFor, currentPayerRules, findPayer } from '../db/reference-data';
import { appendTimelineEvent, findTimelineEvent } from '../db/timeline';
import { closeWorkItem, escalateWorkItem, openWorkItem } from '../db/work-items';
import type { PayerRegistry } from '../payers/registry';
import { PayerError } from '../payers/types';
import {
  type CheckClaimStatusInput,
  type ClaimFollowUpInput,
  type ClaimProjection,
  type RecordTransitionsInput,
  type RegisterNextPayerClaimInput,
  type StatusCheckOutcome,
  type SubmitClaimInput,
  claimWorkflowId,
  nextPayerClaimId,
} from '../shared/contracts';

export interface ActivityDeps {
  db: Db;
  payers: PayerRegistry;
  /** The wall clock; injectable so tests can pin it. */
  now?: () => number;
}

/**
 * A transient payer fault for Temporal to retry. When the payer's circuit breaker or a 429 says how long
 * to wait, the retry waits that long instead of the policy's own back-off, so an outage is not hammered.
 */
function retryable(error: unknown): unknown {
  if (error instanceof PayerError && error.retryAfterMs !== undefined) {
    return ApplicationFailure.create({
      message: error.message,
      type: 'PayerUnavailable',
      nextRetryDelay: error.retryAfterMs,
      cause: error,
    });
  }
  return error;
}

/** Writes one transition: its timeline event (idempotent by key), work items and the projection. */
async function persistTransition(
  tx: Queryable,
  claimId: string,
  item: { key: string; at: number; transition: Transition; projection: ClaimProjection },
): Promise<boolean> {
  const { transition, at } = item;
  const written = await appendTimelineEvent(tx, {
    eventKey: item.key,
    claimId,
    kind: transition.event.kind,
    occurredAt: new Date(at),
    actor: transition.event.actor,
    summary: transition.event.summary,
    data: { ...(transition.event.data ?? {}), transition },
  });
  if (!written) return false;
  for (const workItem of transition.openWorkItems ?? []) await openWorkItem(tx, claimId, workItem);
  for (const id of transition.closeWorkItems ?? []) await closeWorkItem(tx, id, new Date(at));
  for (const { id, to } of transition.escalateWorkItems ?? [])
    await escalateWorkItem(tx, id, to, new Date(at));
  await writeProjection(tx, claimId, item.projection);
  return true;
}

/**
 * Activities: thin and idempotent. Each takes its idempotency key in its input, derived from workflow
 * state, and writes in one transaction keyed by it, so a retry never writes twice and never asks a
 * payer twice for the same check.
 */
export function createActivities(deps: ActivityDeps) {
  const now = deps.now ?? Date.now;

  return {
    /**
     * Asks the claim's payer for status and decides what the answer means with the *current* cadence
     * policy and payer rules (so changes reach running claims), then records the transition. A transient
     * payer fault is thrown for Temporal to retry; a permanent or unsupported one becomes a transition
     * that needs a person.
     */
    async checkClaimStatus(input: CheckClaimStatusInput): Promise<StatusCheckOutcome> {
      const recorded = await findTimelineEvent(deps.db, input.idempotencyKey);
      if (recorded) return recorded.data.outcome as StatusCheckOutcome;

      const { claim } = input.state;
      const cadence = await currentCadenceFor(deps.db, claim.clientId);
      const checkedAt = now();
      const rules = await currentPayerRules(deps.db, claim.payerId, checkedAt);
      if (!rules) {
        throw ApplicationFailure.nonRetryable(
          `No payer rule set in force for ${claim.payerId}`,
          'NoPayerRules',
        );
      }

      let event: StatusEvent;
      let channel: string | undefined;
      try {
        // The registry tries the payer's channels in its fallback order (e.g. REST, then X12).
        const { channel: answeredBy, ...response } = await deps.payers.checkStatus(claim.payerId, {
          idempotencyKey: input.idempotencyKey,
          claimId: claim.claimId,
          payerId: claim.payerId,
          seq: input.seq,
        });
        event = response;
        channel = answeredBy;
      } catch (error) {
        if (!(error instanceof PayerError) || error.kind === 'transient') throw retryable(error);
        event = { category: 'E0', inquiryFailure: `${error.kind}: ${error.message}` };
      }

      const transition = onStatus(input.state, input.workflowId, event, cadence, {
        now: checkedAt,
        calendar: federalCalendar,
        rules,
      });
      const after = applyTransition(input.state, transition);
      const changed = rules.id !== input.rulesRef.id || rules.version !== input.rulesRef.version;
      const outcome: StatusCheckOutcome = { transition, ...(changed ? { rules } : {}) };
      const written = await withTransaction(deps.db, (tx) =>
        persistTransition(tx, claim.claimId, {
          key: input.idempotencyKey,
          at: checkedAt,
          transition: {
            ...transition,
            event: {
              ...transition.event,
              data: { ...transition.event.data, channel: channel ?? null, outcome },
            },
          },
          projection: projectionOf(after, checkedAt),
        }),
      );
      if (!written) {
        // A concurrent attempt of this same check committed first: its outcome is the one on record.
        const winner = await findTimelineEvent(deps.db, input.idempotencyKey);
        if (winner) return winner.data.outcome as StatusCheckOutcome;
      }
      // Ids only: no PHI in logs.
      log.info('status checked', { workflowId: input.workflowId, seq: input.seq, phase: after.phase });
      return outcome;
    },

    /** Persists transitions decided in the workflow (people, ingested events, the clock). */
    async recordTransitions(input: RecordTransitionsInput): Promise<void> {
      await withTransaction(deps.db, async (tx) => {
        for (const item of input.items) await persistTransition(tx, input.claimId, item);
      });
    },

    /** Sends a new or replacement claim through the payer's channel, once per attempt. */
    async submitClaim(input: SubmitClaimInput): Promise<void> {
      try {
        await deps.payers.submitClaim(input.payerId, {
          idempotencyKey: input.idempotencyKey,
          claimId: input.claimId,
          payerId: input.payerId,
          kind: input.kind === 'replacement' ? 'replacement' : 'new',
          frequencyCode: input.frequencyCode,
          ...(input.payerClaimNumber ? { payerClaimNumber: input.payerClaimNumber } : {}),
        });
      } catch (error) {
        if (error instanceof PayerError && error.kind !== 'transient') {
          throw ApplicationFailure.nonRetryable(
            error.message,
            `Submission${error.kind === 'permanent' ? 'Rejected' : 'Unsupported'}`,
          );
        }
        throw retryable(error);
      }
      log.info('claim resubmitted', { claimId: input.claimId, kind: input.kind });
    },

    /**
     * Registers the follow-up of a claim's balance at its next payer (idempotent) and returns the input
     * of its workflow, carrying the previous payer's remittance.
     */
    async registerNextPayerClaim(input: RegisterNextPayerClaimInput): Promise<ClaimFollowUpInput> {
      // The worker acts for every client: the parent is the claim whose workflow asked.
      const parent = await findClaim(deps.db, input.parentClaimId, 'all');
      if (!parent)
        throw ApplicationFailure.nonRetryable(
          `Claim ${input.parentClaimId} is not registered`,
          'UnknownClaim',
        );
      const payer = await findPayer(deps.db, input.payerId);
      if (!payer)
        throw ApplicationFailure.nonRetryable(`Payer ${input.payerId} is not registered`, 'UnknownPayer');
      const claimId = nextPayerClaimId(parent.claimId, input.order);
      const at = now();
      const cadence = await currentCadenceFor(deps.db, parent.clientId);
      const rules = await currentPayerRules(deps.db, payer.payerId, at);
      if (!rules)
        throw ApplicationFailure.nonRetryable(`No payer rules for ${payer.payerId}`, 'NoPayerRules');
      const claim: ClaimFacts = {
        claimId,
        clientId: parent.clientId,
        payerId: payer.payerId,
        payerClass: payer.payerClass,
        payerOrder: input.order,
        dateOfService: parent.dateOfService,
        ...(parent.throughDate ? { throughDate: parent.throughDate } : {}),
        submittedOn: isoDateOfEpochMs(at),
        billedCents: input.balanceCents,
        keyAccount: parent.keyAccount,
        nextPayers:
          input.order === 'secondary' && parent.tertiaryPayerId
            ? [{ order: 'tertiary', payerId: parent.tertiaryPayerId }]
            : [],
      };
      const first = startClaim(claim, cadence, { now: at, calendar: federalCalendar, rules });
      await withTransaction(deps.db, async (tx) => {
        const created = await insertClaim(tx, {
          claimId,
          clientId: parent.clientId,
          payerId: payer.payerId,
          patientAccountRef: parent.patientAccountRef,
          dateOfService: parent.dateOfService,
          ...(parent.throughDate ? { throughDate: parent.throughDate } : {}),
          billedCents: input.balanceCents,
          submittedOn: claim.submittedOn,
          workflowId: claimWorkflowId(claimId),
          payerOrder: input.order,
          parentClaimId: parent.claimId,
          keyAccount: parent.keyAccount,
          ...(input.order === 'secondary' && parent.tertiaryPayerId
            ? { secondaryPayerId: parent.tertiaryPayerId }
            : {}),
        });
        if (!created) return;
        await initClaimState(tx, claimId, projectionOf(first, at));
        await appendTimelineEvent(tx, {
          eventKey: `${claimWorkflowId(claimId)}:intake`,
          claimId,
          kind: 'claim_received',
          occurredAt: new Date(at),
          actor: `claim:${parent.claimId}`,
          summary: `Balance of $${(input.balanceCents / 100).toFixed(2)} follows up at the ${input.order} payer ${payer.payerId}, with the previous payer's remittance`,
          data: { remittance: input.remittance },
        });
      });
      return { claim, cadence, rules };
    },
  };
}

export type ClaimActivities = ReturnType<typeof createActivities>;
