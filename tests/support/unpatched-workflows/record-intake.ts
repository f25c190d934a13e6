import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { ClaimActivities } from '../../../src/activities';
import { federalCalendar } from '../../../src/domain/business-calendar';
import { projectionOf } from '../../../src/domain/claim-view';
import { startClaim } from '../../../src/domain/lifecycle';
import type { ClaimFollowUpInput } from '../../../src/shared/contracts';

const records = proxyActivities<ClaimActivities>({ startToCloseTimeout: '30 seconds' });

/** The change under test: a "follow-up started" timeline entry, written before the claim is followed. */
export async function recordIntake(input: ClaimFollowUpInput): Promise<void> {
  const { workflowId } = workflowInfo();
  const now = Date.now();
  const state = startClaim(input.claim, input.cadence, {
    now,
    calendar: federalCalendar,
    rules: input.rules,
  });
  await records.recordTransitions({
    workflowId,
    claimId: input.claim.claimId,
    items: [
      {
        key: `${workflowId}:intake`,
        at: now,
        transition: { event: { kind: 'note', actor: 'tickler', summary: 'Follow-up started' } },
        projection: projectionOf(state, now),
      },
    ],
  });
}
