/**
 * What people and worklists see of a claim's state: the query view, the PostgreSQL projection row and
 * the Temporal search attributes, all derived from the same state so they never disagree.
 */
import type { ClaimProjection, ClaimView } from '../shared/contracts';
import { calendarDaysBetween, isoDateOfEpochMs } from './dates';
import { explainClaim, nearestHardDeadline } from './explanation';
import { deadlinesWithTimeToBreach, nextAction } from './lifecycle';
import type { ClaimState } from './lifecycle-types';
import { ageBucket } from './priority';

export function explanationOf(state: ClaimState, now: number): string {
  const today = isoDateOfEpochMs(now);
  const next = nextAction(state);
  const escalating = state.workItems.find((item) => item.escalatesOn && !item.escalatedTo);
  return explainClaim({
    phase:
      state.phase === 'closed'
        ? `closed (${(state.closedReason ?? 'closed').replace(/_/g, ' ')})`
        : state.phase,
    ...(state.lastEvent ? { lastEvent: state.lastEvent } : {}),
    deadlines: state.phase === 'closed' ? [] : state.deadlines,
    ...(state.phase === 'closed'
      ? {}
      : {
          nextAction: {
            action: next.action,
            ...(next.at !== undefined ? { on: isoDateOfEpochMs(next.at) } : {}),
          },
        }),
    ...(escalating?.escalatesOn ? { escalation: { on: escalating.escalatesOn, to: 'a lead' } } : {}),
    today,
  });
}

export function viewOf(state: ClaimState, now: number): ClaimView {
  return {
    phase: state.phase,
    ...(state.closedReason ? { closedReason: state.closedReason } : {}),
    checks: state.checks,
    nextAction: nextAction(state),
    deadlines: deadlinesWithTimeToBreach(state, now),
    openWorkItems: state.workItems,
    ...(state.owner ? { owner: state.owner } : {}),
    ...(state.snooze ? { snoozedUntil: state.snooze.until } : {}),
    ...(state.review ? { flaggedForReview: state.review.reason } : {}),
    explanation: explanationOf(state, now),
    paidCents: state.paidCents,
    ...(state.lastStatus ? { lastStatus: state.lastStatus } : {}),
  };
}

export function projectionOf(state: ClaimState, now: number): ClaimProjection {
  const next = nextAction(state);
  const nearest = nearestHardDeadline(state.deadlines, isoDateOfEpochMs(now));
  return {
    phase: state.phase,
    closedReason: state.closedReason ?? null,
    checks: state.checks,
    nextCheckAt: state.phase === 'closed' ? null : (state.nextCheckAt ?? null),
    nextAction: next.action,
    nextActionAt: next.at ?? null,
    owner: state.owner ?? null,
    snoozedUntil: state.snooze?.until ?? null,
    flaggedReason: state.review?.reason ?? null,
    deadlines: state.deadlines,
    nearestDeadline: nearest?.due ?? null,
    paidCents: state.paidCents,
    lastStatus: state.lastStatus ?? null,
    explanation: explanationOf(state, now),
    transitions: state.transitions,
  };
}

/** Search attribute values (no PHI: payer, phase, next action kind and date, age bucket, key account, owner). */
export function searchAttributesOf(state: ClaimState, now: number) {
  const next = nextAction(state);
  const age = calendarDaysBetween(state.claim.submittedOn, isoDateOfEpochMs(now));
  return {
    TicklerPhase: state.phase,
    TicklerPayerId: state.claim.payerId,
    TicklerNextAction: nextActionKind(state),
    ...(next.at !== undefined ? { TicklerNextActionAt: new Date(next.at) } : {}),
    TicklerAgeBucket: ageBucket(age),
    TicklerKeyAccount: state.claim.keyAccount,
    ...(state.owner ? { TicklerOwner: state.owner } : {}),
  };
}

/** A stable keyword for the next action (the free-text title can name codes; keywords stay coarse). */
function nextActionKind(state: ClaimState): string {
  if (state.phase === 'closed') return 'none';
  const item = state.workItems[0];
  if (item) return item.kind;
  return state.nextCheckAt !== undefined ? 'status_check' : 'wait';
}
