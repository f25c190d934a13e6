import { type Client, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { Router } from 'express';
import { federalCalendar } from '../domain/business-calendar';
import { firstCheck } from '../domain/cadence';
import { isoDateOfEpochMs } from '../domain/dates';
import { type ClaimRecord, findClaim, findClaimState, initClaimState, insertClaim } from '../db/claims';
import { type Db, withTransaction } from '../db/pool';
import { currentCadencePolicy, findPayer } from '../db/reference-data';
import { appendTimelineEvent, listTimeline } from '../db/timeline';
import { type ClaimFollowUpInput, DEFAULT_CADENCE_POLICY_ID, claimWorkflowId } from '../shared/contracts';
import type { claimFollowUp } from '../workflows';
import { HttpError } from './errors';
import { type ClaimView, type CreateClaimBody, claimIdParamSchema, createClaimSchema } from './schemas';

export interface ClaimRoutesDeps {
  db: Db;
  temporal: Client;
  taskQueue: string;
  now: () => number;
}

const registryFields = [
  'clientId',
  'payerId',
  'patientAccountRef',
  'dateOfService',
  'billedCents',
  'submittedOn',
] as const satisfies readonly (keyof CreateClaimBody & keyof ClaimRecord)[];

export function claimRoutes(deps: ClaimRoutesDeps): Router {
  const router = Router();

  /**
   * Intake. The registry row and the workflow start are both idempotent, so repeating a request
   * finishes a half-done intake: 201 when this call created the claim, 200 when it already existed
   * with the same body, 409 when the same claim id arrives with a different body.
   */
  router.post('/claims', async (req, res) => {
    const body = createClaimSchema.parse(req.body);
    const today = isoDateOfEpochMs(deps.now());
    const future = (['dateOfService', 'submittedOn'] as const).filter((field) => body[field] > today);
    if (future.length > 0) {
      throw HttpError.badRequest(
        future.map((field) => ({ field, message: `cannot be after today (${today})` })),
      );
    }
    const payer = await findPayer(deps.db, body.payerId);
    if (!payer)
      throw HttpError.badRequest([{ field: 'payerId', message: `unknown payer "${body.payerId}"` }]);
    const cadence = await currentCadencePolicy(deps.db, DEFAULT_CADENCE_POLICY_ID);
    if (!cadence) throw new Error(`Cadence policy "${DEFAULT_CADENCE_POLICY_ID}" is missing`);

    const workflowId = claimWorkflowId(body.claimId);
    const first = firstCheck({
      submittedOn: body.submittedOn,
      payerClass: payer.payerClass,
      policy: cadence,
      calendar: federalCalendar,
      now: deps.now(),
    });
    const created = await withTransaction(deps.db, async (tx) => {
      if (!(await insertClaim(tx, { ...body, workflowId }))) {
        const existing = await findClaim(tx, body.claimId);
        const differing = registryFields.filter((field) => existing?.[field] !== body[field]);
        if (differing.length > 0) {
          throw new HttpError(
            409,
            'claim_conflict',
            `Claim ${body.claimId} already exists with a different ${differing.join(', ')}`,
            differing.map((field) => ({ field, message: 'differs from the registered claim' })),
          );
        }
        return false;
      }
      const explanation = `Received; ${first.basis}.`;
      await initClaimState(tx, body.claimId, {
        phase: 'submitted',
        nextCheckAt: new Date(first.at),
        explanation,
      });
      await appendTimelineEvent(tx, {
        eventKey: `${workflowId}:intake`,
        claimId: body.claimId,
        kind: 'claim_received',
        occurredAt: new Date(deps.now()),
        actor: 'api',
        summary: explanation,
        data: { payerId: body.payerId, cadence: first.policy },
      });
      return true;
    });

    const input: ClaimFollowUpInput = {
      claimId: body.claimId,
      clientId: body.clientId,
      payerId: body.payerId,
      payerClass: payer.payerClass,
      dateOfService: body.dateOfService,
      submittedOn: body.submittedOn,
      billedCents: body.billedCents,
      cadence,
    };
    try {
      await deps.temporal.workflow.start<typeof claimFollowUp>('claimFollowUp', {
        workflowId,
        taskQueue: deps.taskQueue,
        args: [input],
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
      });
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    }
    res.status(created ? 201 : 200).json(await claimView(deps.db, body.claimId));
  });

  router.get('/claims/:claimId', async (req, res) => {
    const parsed = claimIdParamSchema.safeParse(req.params);
    const view = parsed.success ? await claimView(deps.db, parsed.data.claimId) : undefined;
    if (!view) throw new HttpError(404, 'not_found', `No claim ${String(req.params.claimId)}`);
    res.json(view);
  });

  return router;
}

async function claimView(db: Db, claimId: string): Promise<ClaimView | undefined> {
  const [claim, state, timeline] = await Promise.all([
    findClaim(db, claimId),
    findClaimState(db, claimId),
    listTimeline(db, claimId),
  ]);
  if (!claim) return undefined;
  return {
    claim: {
      claimId: claim.claimId,
      clientId: claim.clientId,
      payerId: claim.payerId,
      patientAccountRef: claim.patientAccountRef,
      dateOfService: claim.dateOfService,
      billedCents: claim.billedCents,
      submittedOn: claim.submittedOn,
      createdAt: claim.createdAt.toISOString(),
    },
    workflowId: claim.workflowId,
    followUp: {
      phase: state?.phase ?? 'submitted',
      checks: state?.checks ?? 0,
      nextCheckAt: state?.nextCheckAt?.toISOString() ?? null,
      lastStatus:
        state?.lastStatusCategory && state.lastCheckedAt
          ? {
              category: state.lastStatusCategory,
              code: state.lastStatusCode,
              checkedAt: state.lastCheckedAt.toISOString(),
            }
          : null,
      closedReason: state?.closedReason ?? null,
      explanation: state?.explanation ?? null,
    },
    timeline: timeline.map((event) => ({
      kind: event.kind,
      occurredAt: event.occurredAt.toISOString(),
      actor: event.actor,
      summary: event.summary,
      data: event.data,
    })),
  };
}
