import {
  type Client,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  isGrpcServiceError,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { type RequestHandler, Router } from 'express';
import { z } from 'zod';
import { closedReasons } from '../domain/lifecycle-types';
import { noteForAudit } from '../auth/audit';
import { actorOf, assertPermission, requirePermission } from '../auth/middleware';
import type { Db } from '../db/pool';
import { type ClaimView, claimUpdates } from '../shared/contracts';
import { findClaimInScope } from './claim-access';
import { HttpError } from './errors';
import { isoDateSchema } from './schemas';

const text = (max: number) => z.string().trim().min(1, 'required').max(max);

/**
 * Request bodies of the people's actions, one per workflow update. None names its author: the workflow's
 * `author` is the signed-in actor, so no one can write in someone else's name.
 */
export const actionSchemas = {
  addNote: z.object({ text: text(2000) }).strict(),
  snooze: z.object({ until: isoDateSchema, reason: text(500) }).strict(),
  resume: z.object({}).strict(),
  reschedule: z.object({ on: isoDateSchema, reason: text(500) }).strict(),
  assign: z.object({ owner: text(64) }).strict(),
  recordCorrectionSubmitted: z.object({ note: text(500).optional() }).strict(),
  recordDocumentsSent: z.object({ sentOn: isoDateSchema, note: text(500).optional() }).strict(),
  recordAppealFiled: z.object({ level: z.number().int().min(1).max(5), filedOn: isoDateSchema }).strict(),
  recordPayment: z
    .object({
      paidCents: z.number().int().min(0),
      paidOn: isoDateSchema,
      patientResponsibilityCents: z.number().int().min(0).optional(),
    })
    .strict(),
  recordDenial: z
    .object({
      carc: z.string().regex(/^[A-Z]?\d{1,3}$/, 'a claim adjustment reason code such as 197'),
      group: z.enum(['CO', 'PR', 'OA', 'PI']),
      noticeDate: isoDateSchema,
      rarcs: z
        .array(z.string().regex(/^[A-Z]{1,2}\d{1,3}$/))
        .max(20)
        .optional(),
    })
    .strict(),
  flagForReview: z.object({ reason: text(500), byClient: z.boolean().default(false) }).strict(),
  close: z.object({ reason: z.enum(closedReasons), note: text(500).optional() }).strict(),
} satisfies { [K in keyof typeof claimUpdates]: z.ZodType };

export type ActionName = keyof typeof actionSchemas;
export const actionNames = Object.keys(actionSchemas) as ActionName[];

/** Own keys only: `toString` and other prototype names are not actions. */
export function isActionName(name: string): name is ActionName {
  return Object.hasOwn(actionSchemas, name);
}

/**
 * People's actions on a claim, each a Temporal update with a synchronous validator in the workflow:
 * `POST /claims/:claimId/actions/:action`. Invalid bodies are 400 and reach nothing; a rejection by the
 * workflow (snoozing past a hard deadline, filing an appeal that is not due) is 422 with its reason. The
 * claim is read through the caller's clients and its workflow id from the registry.
 */
export function actionRoutes(deps: { db: Db; temporal: Client }): Router {
  const router = Router();
  const act =
    (action: ActionName): RequestHandler =>
    async (req, res) => {
      const body = actionSchemas[action].parse(req.body);
      if (action === 'close' && (body as { reason: string }).reason === 'written_off') {
        noteForAudit(res, { detail: { reason: 'written_off' } });
        assertPermission(res, 'claims.write_off');
      }
      const claim = await findClaimInScope(deps.db, res, req.params.claimId);
      const handle = deps.temporal.workflow.getHandle(claim.workflowId);
      const update = { ...body, author: actorOf(res).id } as never;
      try {
        const view: ClaimView = await handle.executeUpdate(claimUpdates[action], { args: [update] });
        res.json(view);
      } catch (error) {
        throw toHttpError(error, claim.claimId);
      }
    };
  for (const action of actionNames) {
    router.post(`/claims/:claimId/actions/${action}`, requirePermission('claims.act'), act(action));
  }
  router.post('/claims/:claimId/actions/:action', requirePermission('claims.act'), (req) => {
    const action = String(req.params.action);
    throw new HttpError(404, 'not_found', `No action "${action}"; actions are ${actionNames.join(', ')}`);
  });
  return router;
}

function toHttpError(error: unknown, claimId: string): unknown {
  if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) {
    return new HttpError(422, 'rejected', error.cause.message);
  }
  if (error instanceof WorkflowNotFoundError) return new HttpError(404, 'not_found', `No claim ${claimId}`);
  // Updates cannot reach a closed workflow.
  if (isGrpcServiceError(error) && /completed|closed/i.test(error.details ?? error.message)) {
    return new HttpError(409, 'claim_closed', `The follow-up of claim ${claimId} has ended`);
  }
  return error;
}
