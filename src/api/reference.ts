import { type Response, Router } from 'express';
import { inScope } from '../auth/actor';
import { actorOf, assertEveryClient, requirePermission } from '../auth/middleware';
import { z } from 'zod';
import { payerClasses } from '../domain/cadence';
import { type PayerRuleSet, ruleSetProblems } from '../domain/payer-rules';
import type { Db } from '../db/pool';
import { currentClientProfile, saveClientProfile, savePayerRuleSetVersion } from '../db/reference-data';
import { HttpError } from './errors';
import { isoDateSchema } from './schemas';

const days = z.number().int().min(1).max(730);
const byPayerClass = z.object(Object.fromEntries(payerClasses.map((c) => [c, days.optional()]))).strict();
const escalation = z
  .object({
    afterChecksWithoutChange: z.number().int().min(1).max(100).optional(),
    afterDaysWithoutChange: days.optional(),
  })
  .strict();

/** A key account's cadence profile: any part of the default policy, overridden. */
export const cadenceProfileSchema = z
  .object({
    effectiveFrom: isoDateSchema,
    source: z.string().trim().min(1, 'say where these figures come from (contract, decision)').max(500),
    checkTimeUtc: z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM')
      .optional(),
    firstCheckAfterDays: byPayerClass.optional(),
    recheckAfterDays: z
      .object({
        pending: days.optional(),
        payerReview: days.optional(),
        acknowledgement: days.optional(),
        needsAttention: days.optional(),
        documentsSent: days.optional(),
      })
      .strict()
      .optional(),
    transientRetry: z
      .object({
        firstDelayHours: z.number().min(1).max(72).optional(),
        maxDelayHours: z.number().min(1).max(336).optional(),
      })
      .strict()
      .optional(),
    escalation: escalation.optional(),
  })
  .strict()
  .openapi('CadenceProfile');

const ruleSetIdParams = z.object({
  ruleSetId: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'lower-case id such as medicare-ffs'),
});
const clientIdParams = z.object({ clientId: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/) });

/** The client of a `/clients/:clientId/...` route, when inside the caller's clients (else a 404). */
function clientInScope(res: Response, params: unknown): string {
  const { clientId } = clientIdParams.parse(params);
  if (!inScope(actorOf(res).clients, clientId))
    throw new HttpError(404, 'not_found', `No client ${clientId}`);
  return clientId;
}

/**
 * Versioned reference data that running claims read at their next decision: a key account's cadence
 * profile and a payer's rule set. Each change is a new version; nothing is edited in place.
 */
export function referenceRoutes(deps: { db: Db }): Router {
  const router = Router();

  router.put('/clients/:clientId/cadence-profile', requirePermission('reference.write'), async (req, res) => {
    const clientId = clientInScope(res, req.params);
    const profile = cadenceProfileSchema.parse(req.body);
    res.status(201).json(await saveClientProfile(deps.db, clientId, profile));
  });

  router.get('/clients/:clientId/cadence-profile', requirePermission('reference.read'), async (req, res) => {
    const clientId = clientInScope(res, req.params);
    const profile = await currentClientProfile(deps.db, clientId);
    if (!profile) throw new HttpError(404, 'not_found', `Client ${clientId} has no cadence profile`);
    res.json(profile);
  });

  router.post(
    '/payer-rule-sets/:ruleSetId/versions',
    requirePermission('reference.write'),
    async (req, res) => {
      assertEveryClient(res, 'A payer rule set');
      const { ruleSetId } = ruleSetIdParams.parse(req.params);
      const body = z.record(z.string(), z.unknown()).parse(req.body);
      const candidate = { ...body, id: ruleSetId, version: 1 } as unknown as PayerRuleSet;
      let problems: string[];
      try {
        problems = ruleSetProblems(candidate);
      } catch (error) {
        problems = [error instanceof Error ? error.message : String(error)];
      }
      if (problems.length > 0) {
        throw HttpError.badRequest(
          problems.map((message) => ({ field: message.split(':')[0] ?? '(body)', message })),
        );
      }
      const { version: _version, ...rest } = candidate;
      res.status(201).json(await savePayerRuleSetVersion(deps.db, rest));
    },
  );

  return router;
}
