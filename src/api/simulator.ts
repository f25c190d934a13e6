import { type Response, Router } from 'express';
import { actorOf, assertEveryClient, requirePermission } from '../auth/middleware';
import { z } from 'zod';
import type { Db } from '../db/pool';
import {
  type SimulatorRequest,
  findSimulatorBehaviour,
  listSimulatorPayerRequests,
  listSimulatorRequests,
  saveSimulatorBehaviour,
  saveSimulatorPayerScript,
  saveSimulatorScript,
} from '../db/simulator';
import { simulatedBehaviourSchema, simulatedScriptSchema } from '../payers/simulated-payer';
import { findClaimInScope } from './claim-access';
import { claimIdParamSchema, createClaimSchema } from './schemas';

// `.meta` rather than `.openapi`: these schemas are built in src/payers, maybe before zod is extended.
export const simulatorScriptSchema = simulatedScriptSchema.meta({
  id: 'SimulatorScript',
  example: {
    responses: [
      { category: 'A7', code: '21' },
      { after: 'resubmission' },
      { category: 'P1', code: '20' },
      { category: 'F1', code: '65', paidPercent: 80 },
    ],
  },
});

export const simulatorBehaviourSchema = simulatedBehaviourSchema.meta({
  id: 'SimulatorBehaviour',
  example: {
    latencyMs: { min: 50, max: 400 },
    timeoutRate: 0.02,
    serverErrorRate: 0.05,
    rateLimitRate: 0.05,
    retryAfterSeconds: 30,
    outages: [{ from: '2026-10-12T14:00:00Z', to: '2026-10-12T16:00:00Z', mode: 'unavailable' }],
  },
});

export const simulatorPayerBehaviourSchema = z
  .object({ payerId: z.string(), behaviour: simulatorBehaviourSchema })
  .openapi('SimulatorPayerBehaviour');

export const simulatorRequestSchema = z
  .object({
    kind: z.enum(['status', 'submission']),
    claimId: z.string(),
    payerId: z.string(),
    idempotencyKey: z.string(),
    seq: z.number().int().nullable(),
    receivedAt: z.string().openapi({ format: 'date-time' }),
    request: z.unknown(),
    response: z.unknown(),
  })
  .openapi('SimulatorRequest');

export const simulatorRequestsSchema = z
  .object({
    claimId: z.string().optional(),
    payerId: z.string().optional(),
    requests: z.array(simulatorRequestSchema),
  })
  .openapi('SimulatorRequests');

export const payerIdParamSchema = z.object({ payerId: createClaimSchema.shape.payerId });
export const simulatorRequestsQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(5000).default(500),
});

function shown(requests: SimulatorRequest[]) {
  return requests.map((request) => ({ ...request, receivedAt: request.receivedAt.toISOString() }));
}

/**
 * A caller limited to some clients scripts and reads only their registered claims (others are a 404);
 * a caller of every client may script a claim before it is registered.
 */
async function claimInScope(db: Db, res: Response, claimId: string): Promise<void> {
  if (actorOf(res).clients !== 'all') await findClaimInScope(db, res, claimId);
}

/**
 * Drives the simulated payer (demos, tests, benchmarks): scripts of answers per claim and per payer,
 * behaviour per payer (latency, faults, outage windows), and every request it received. Scripts and
 * behaviour may be set before or after the claims exist; they apply from the next request.
 */
export function simulatorRoutes(deps: { db: Db }): Router {
  const router = Router();
  router.put('/simulator/claims/:claimId/script', requirePermission('simulator.write'), async (req, res) => {
    const { claimId } = claimIdParamSchema.parse(req.params);
    const script = simulatorScriptSchema.parse(req.body);
    await claimInScope(deps.db, res, claimId);
    await saveSimulatorScript(deps.db, claimId, script.responses, script.submissions);
    res.json({ claimId, ...script });
  });
  router.get('/simulator/claims/:claimId/requests', requirePermission('simulator.read'), async (req, res) => {
    const { claimId } = claimIdParamSchema.parse(req.params);
    await claimInScope(deps.db, res, claimId);
    res.json({ claimId, requests: shown(await listSimulatorRequests(deps.db, claimId)) });
  });
  router.put('/simulator/payers/:payerId/script', requirePermission('simulator.write'), async (req, res) => {
    assertEveryClient(res, "The simulated payer's script for a payer");
    const { payerId } = payerIdParamSchema.parse(req.params);
    const script = simulatorScriptSchema.parse(req.body);
    await saveSimulatorPayerScript(deps.db, payerId, script.responses, script.submissions);
    res.json({ payerId, ...script });
  });
  router.put(
    '/simulator/payers/:payerId/behaviour',
    requirePermission('simulator.write'),
    async (req, res) => {
      assertEveryClient(res, "The simulated payer's behaviour for a payer");
      const { payerId } = payerIdParamSchema.parse(req.params);
      const behaviour = simulatorBehaviourSchema.parse(req.body);
      await saveSimulatorBehaviour(deps.db, payerId, behaviour);
      res.json({ payerId, behaviour });
    },
  );
  router.get(
    '/simulator/payers/:payerId/behaviour',
    requirePermission('simulator.read'),
    async (req, res) => {
      const { payerId } = payerIdParamSchema.parse(req.params);
      const stored = simulatorBehaviourSchema.safeParse(
        (await findSimulatorBehaviour(deps.db, payerId)) ?? {},
      );
      res.json({ payerId, behaviour: stored.success ? stored.data : simulatorBehaviourSchema.parse({}) });
    },
  );
  router.get('/simulator/payers/:payerId/requests', requirePermission('simulator.read'), async (req, res) => {
    const { payerId } = payerIdParamSchema.parse(req.params);
    const { limit } = simulatorRequestsQuerySchema.parse(req.query);
    const requests = await listSimulatorPayerRequests(deps.db, payerId, {
      limit,
      scope: actorOf(res).clients,
    });
    res.json({ payerId, requests: shown(requests) });
  });
  return router;
}
