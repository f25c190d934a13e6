import { Router } from 'express';
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
 * Drives the simulated payer (demos, tests, benchmarks): scripts of answers per claim and per payer,
 * behaviour per payer (latency, faults, outage windows), and every request it received. Scripts and
 * behaviour may be set before or after the claims exist; they apply from the next request.
 */
export function simulatorRoutes(deps: { db: Db }): Router {
  const router = Router();
  router.put('/simulator/claims/:claimId/script', async (req, res) => {
    const { claimId } = claimIdParamSchema.parse(req.params);
    const script = simulatorScriptSchema.parse(req.body);
    await saveSimulatorScript(deps.db, claimId, script.responses, script.submissions);
    res.json({ claimId, ...script });
  });
  router.get('/simulator/claims/:claimId/requests', async (req, res) => {
    const { claimId } = claimIdParamSchema.parse(req.params);
    res.json({ claimId, requests: shown(await listSimulatorRequests(deps.db, claimId)) });
  });
  router.put('/simulator/payers/:payerId/script', async (req, res) => {
    const { payerId } = payerIdParamSchema.parse(req.params);
    const script = simulatorScriptSchema.parse(req.body);
    await saveSimulatorPayerScript(deps.db, payerId, script.responses, script.submissions);
    res.json({ payerId, ...script });
  });
  router.put('/simulator/payers/:payerId/behaviour', async (req, res) => {
    const { payerId } = payerIdParamSchema.parse(req.params);
    const behaviour = simulatorBehaviourSchema.parse(req.body);
    await saveSimulatorBehaviour(deps.db, payerId, behaviour);
    res.json({ payerId, behaviour });
  });
  router.get('/simulator/payers/:payerId/behaviour', async (req, res) => {
    const { payerId } = payerIdParamSchema.parse(req.params);
    const stored = simulatorBehaviourSchema.safeParse((await findSimulatorBehaviour(deps.db, payerId)) ?? {});
    res.json({ payerId, behaviour: stored.success ? stored.data : simulatorBehaviourSchema.parse({}) });
  });
  router.get('/simulator/payers/:payerId/requests', async (req, res) => {
    const { payerId } = payerIdParamSchema.parse(req.params);
    const { limit } = simulatorRequestsQuerySchema.parse(req.query);
    res.json({ payerId, requests: shown(await listSimulatorPayerRequests(deps.db, payerId, limit)) });
  });
  return router;
}
