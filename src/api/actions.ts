import {
  type Client,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  isGrpcServiceError,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { Router } from 'express';
import { z } from 'zod';
import { closedReasons } from '../domain/lifecycle-types';
import { type ClaimView, claimUpdates, claimWorkflowId } from '../shared/contracts';
import { HttpError } from './errors';
import { claimIdParamSchema, isoDateSchema } from './schemas';

const author = z.string().trim().min(1, 'required').max(64).openapi({ example: 'jane.doe' });
const text = (max: number) => z.string().trim().min(1, 'required').max(max);

/** Request bodies of the people's actions, one per workflow update. */
export const actionSchemas = {
  addNote: z.object({ author, text: text(2000) }).strict(),
  snooze: z.object({ author, until: isoDateSchema, reason: text(500) }).strict(),
  resume: z.object({ author }).strict(),
  reschedule: z.object({ author, on: isoDateSchema, reason: text(500) }).strict(),
  assign: z.object({ author, owner: text(64) }).strict(),
  recordCorrectionSubmitted: z.object({ author, note: text(500).optional() }).strict(),
  recordDocumentsSent: z.object({ author, sentOn: isoDateSchema, note: text(500).optional() }).strict(),
  recordAppealFiled: z
    .object({ author, level: z.number().int().min(1).max(5), filedOn: isoDateSchema })
    .strict(),
  recordPayment: z
    .object({
      author,
      paidCents: z.number().int().min(0),
      paidOn: isoDateSchema,
      patientResponsibilityCents: z.number().int().min(0).optional(),
    })
    .strict(),
  recordDenial: z
    .object({
      author,
      carc: z.string().regex(/^[A-Z]?\d{1,3}$/, 'a claim adjustment reason code such as 197'),
      group: z.enum(['CO', 'PR', 'OA', 'PI']),
      noticeDate: isoDateSchema,
      rarcs: z
        .array(z.string().regex(/^[A-Z]{1,2}\d{1,3}$/))
        .max(20)
        .optional(),
    })
    .strict(),
  flagForReview: z.object({ author, reason: text(500), byClient: z.boolean().default(false) }).strict(),
  close: z.object({ author, reason: z.enum(closedReasons), note: text(500).optional() }).strict(),
} satisfies { [K in keyof typeof claimUpdates]: z.ZodType };

export type ActionName = keyof typeof actionSchemas;
export const actionNames = Object.keys(actionSchemas) as ActionName[];

/**
 * People's actions on a claim, each a Temporal update with a synchronous validator in the workflow:
 * `POST /claims/:claimId/actions/:action`. Invalid bodies are 400 and reach nothing; a rejection by the
 * workflow (snoozing past a hard deadline, filing an appeal that is not due) is 422 with its reason.
 */
export function actionRoutes(deps: { temporal: Client }): Router {
  const router = Router();
  router.post('/claims/:claimId/actions/:action', async (req, res) => {
    const { claimId } = claimIdParamSchema.parse(req.params);
    const action = req.params.action as ActionName;
    const schema = actionSchemas[action];
    if (!schema) {
      throw new HttpError(404, 'not_found', `No action "${action}"; actions are ${actionNames.join(', ')}`);
    }
    const body = schema.parse(req.body) as never;
    const handle = deps.temporal.workflow.getHandle(claimWorkflowId(claimId));
    try {
      const view: ClaimView = await handle.executeUpdate(claimUpdates[action], { args: [body] });
      res.json(view);
    } catch (error) {
      throw toHttpError(error, claimId);
    }
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
