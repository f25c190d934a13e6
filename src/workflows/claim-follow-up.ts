import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  proxyActivities,
  setHandler,
  sleep,
  workflowInfo,
} from '@temporalio/workflow';
import type { ClaimActivities } from '../activities';
import { federalCalendar } from '../domain/business-calendar';
import { firstCheck } from '../domain/cadence';
import {
  type ClaimFollowUpInput,
  type ClaimFollowUpResult,
  type ClaimFollowUpState,
  type StatusCheckOutcome,
  claimStateQuery,
} from '../shared/contracts';

/**
 * A payer inquiry: short per attempt, retried with back-off for as long as the payer or the database
 * is down (the claim's deadlines are watched by the workflow, not by the retry policy).
 */
const payerInquiry = proxyActivities<ClaimActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '10 seconds', backoffCoefficient: 2, maximumInterval: '1 hour' },
});

/** The state of a new claim: the first task only computes the first check date. */
export function initialState(input: ClaimFollowUpInput, now: number): ClaimFollowUpState {
  const first = firstCheck({
    submittedOn: input.submittedOn,
    payerClass: input.payerClass,
    policy: input.cadence,
    calendar: federalCalendar,
    now,
  });
  return { phase: 'submitted', checks: 0, nextCheckAt: first.at, transientFailures: 0 };
}

function isClosed(state: ClaimFollowUpState): boolean {
  return state.phase === 'closed';
}

/** Folds a recorded check into the state. */
export function applyCheck(state: ClaimFollowUpState, outcome: StatusCheckOutcome, checkedAt: number): void {
  state.checks += 1;
  state.phase = outcome.phase;
  state.lastStatus = {
    category: outcome.category,
    checkedAt,
    ...(outcome.code ? { code: outcome.code } : {}),
  };
  state.transientFailures = outcome.transient ? state.transientFailures + 1 : 0;
  state.nextCheckAt = outcome.nextCheckAt;
  if (outcome.closedReason) state.closedReason = outcome.closedReason;
}

/**
 * Follows one claim until its balance is resolved: sleeps until the next check, asks the payer through
 * an activity (which records the check and decides the next date from the cadence policy), and
 * continues as new before the history grows large.
 */
export async function claimFollowUp(input: ClaimFollowUpInput): Promise<ClaimFollowUpResult> {
  const state = input.carried ?? initialState(input, Date.now());
  const { workflowId } = workflowInfo();
  setHandler(claimStateQuery, () => state);

  while (!isClosed(state)) {
    if (state.nextCheckAt === undefined) {
      throw ApplicationFailure.nonRetryable(`Claim is ${state.phase} with no next check`, 'NoNextCheck');
    }
    const wait = state.nextCheckAt - Date.now();
    if (wait > 0) await sleep(wait);

    const seq = state.checks + 1;
    const outcome = await payerInquiry.checkClaimStatus({
      idempotencyKey: `${workflowId}:check:${seq}`,
      workflowId,
      seq,
      claimId: input.claimId,
      payerId: input.payerId,
      payerClass: input.payerClass,
      submittedOn: input.submittedOn,
      transientFailures: state.transientFailures,
    });
    applyCheck(state, outcome, Date.now());
    if (isClosed(state)) break;

    if (workflowInfo().continueAsNewSuggested) {
      await condition(allHandlersFinished);
      await continueAsNew<typeof claimFollowUp>({ ...input, carried: state });
    }
  }
  return {
    claimId: input.claimId,
    phase: state.phase,
    checks: state.checks,
    ...(state.closedReason ? { closedReason: state.closedReason } : {}),
  };
}
