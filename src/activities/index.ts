import { log } from '@temporalio/activity';
import { federalCalendar } from '../domain/business-calendar';
import { nextCheck } from '../domain/cadence';
import { isClaimStatusCategoryCode, normalizeStatus } from '../domain/claim-status-codes';
import { recordCheckInState } from '../db/claims';
import { type Db, withTransaction } from '../db/pool';
import { currentCadencePolicy, findPayer } from '../db/reference-data';
import { findTimelineEvent, appendTimelineEvent } from '../db/timeline';
import type { PayerRegistry } from '../payers/registry';
import { PayerError, type StatusResponse } from '../payers/types';
import {
  type CheckClaimStatusInput,
  DEFAULT_CADENCE_POLICY_ID,
  type StatusCheckOutcome,
} from '../shared/contracts';

export interface ActivityDeps {
  db: Db;
  payers: PayerRegistry;
  /** The wall clock; injectable so tests can pin it. */
  now?: () => number;
}

/**
 * Activities: thin and idempotent. Each takes its idempotency key in its input, derived from workflow
 * state, and writes the timeline and the projection in one transaction keyed by it, so a retry never
 * writes twice and returns what the first attempt recorded.
 */
export function createActivities(deps: ActivityDeps) {
  const now = deps.now ?? Date.now;

  return {
    /**
     * Asks the claim's payer for status, decides the next check from the current cadence policy, and
     * records both. A transient payer fault is thrown for Temporal to retry; a permanent or unsupported
     * one is recorded as an outcome that needs a person.
     */
    async checkClaimStatus(input: CheckClaimStatusInput): Promise<StatusCheckOutcome> {
      const recorded = await findTimelineEvent(deps.db, input.idempotencyKey);
      if (recorded) return recorded.data.outcome as StatusCheckOutcome;

      const payer = await findPayer(deps.db, input.payerId);
      if (!payer) throw new Error(`Payer ${input.payerId} is not in the registry`);
      const policy = await currentCadencePolicy(deps.db, DEFAULT_CADENCE_POLICY_ID);
      if (!policy) throw new Error(`Cadence policy "${DEFAULT_CADENCE_POLICY_ID}" is missing`);

      let response: StatusResponse | undefined;
      let failure: PayerError | undefined;
      try {
        response = await deps.payers.channel(payer.channel).checkStatus({
          idempotencyKey: input.idempotencyKey,
          claimId: input.claimId,
          payerId: input.payerId,
          seq: input.seq,
        });
      } catch (error) {
        if (error instanceof PayerError && error.kind !== 'transient') failure = error;
        else throw error;
      }
      if (response && !isClaimStatusCategoryCode(response.category)) {
        failure = new PayerError(
          'permanent',
          `payer answered an unknown status category "${response.category}"`,
        );
        response = undefined;
      }

      const checkedAt = now();
      // A permanent failure is treated like a status a person must look at: the claim stays watched.
      const status = normalizeStatus(response ?? { category: 'E0' });
      const next = nextCheck({
        status,
        policy,
        calendar: federalCalendar,
        now: checkedAt,
        transientFailures: input.transientFailures,
      });
      const phase = status.paid
        ? 'closed'
        : status.action === 're_check_later'
          ? 'in_adjudication'
          : 'needs_attention';
      const said = failure
        ? `Status inquiry failed (${failure.kind}): ${failure.message}`
        : `Payer answered ${status.category}${status.code ? `:${status.code}` : ''} (${status.meaning})`;
      const outcome: StatusCheckOutcome = {
        category: status.category,
        phase,
        transient: status.transient,
        explanation: next
          ? `${said}. Next check ${next.on}: ${next.basis}.`
          : `${said}. Follow-up closed: paid.`,
        cadence: { policyId: policy.id, version: policy.version },
      };
      if (status.code !== undefined) outcome.code = status.code;
      if (next) outcome.nextCheckAt = next.at;
      if (status.paid) outcome.closedReason = 'paid';

      const written = await withTransaction(deps.db, async (tx) => {
        const appended = await appendTimelineEvent(tx, {
          eventKey: input.idempotencyKey,
          claimId: input.claimId,
          kind: 'status_checked',
          occurredAt: new Date(checkedAt),
          actor: `payer:${input.payerId}`,
          summary: outcome.explanation,
          data: { seq: input.seq, channel: payer.channel, response: response ?? null, outcome },
        });
        if (!appended) return false;
        await recordCheckInState(tx, input.claimId, {
          seq: input.seq,
          phase,
          checkedAt: new Date(checkedAt),
          category: status.category,
          code: status.code ?? null,
          nextCheckAt: next ? new Date(next.at) : null,
          closedReason: outcome.closedReason ?? null,
          explanation: outcome.explanation,
        });
        return true;
      });
      if (!written) {
        // A concurrent attempt of this same check committed first: its outcome is the one on record.
        const winner = await findTimelineEvent(deps.db, input.idempotencyKey);
        if (winner) return winner.data.outcome as StatusCheckOutcome;
      }
      // Ids only: no PHI in logs.
      log.info('status checked', {
        workflowId: input.workflowId,
        seq: input.seq,
        category: status.category,
        phase,
      });
      return outcome;
    },
  };
}

export type ClaimActivities = ReturnType<typeof createActivities>;
