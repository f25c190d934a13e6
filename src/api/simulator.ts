import { Router } from 'express';
import { z } from 'zod';
import type { Db } from '../db/pool';
import { listSimulatorRequests, saveSimulatorScript } from '../db/simulator';
import { simulatedStepSchema } from '../payers/simulated-payer';
import { claimIdParamSchema } from './schemas';

export const simulatorScriptSchema = z
  .object({ responses: z.array(simulatedStepSchema).min(1, 'at least one response').max(500) })
  .strict()
  .openapi('SimulatorScript');

/**
 * Drives the simulated payer (demos, tests, benchmarks): a script of answers per claim, and the list
 * of inquiries it received. Scripts may be set before or after the claim is created.
 */
export function simulatorRoutes(deps: { db: Db }): Router {
  const router = Router();
  router.put('/simulator/claims/:claimId/script', async (req, res) => {
    const { claimId } = claimIdParamSchema.parse(req.params);
    const { responses } = simulatorScriptSchema.parse(req.body);
    await saveSimulatorScript(deps.db, claimId, responses);
    res.json({ claimId, responses });
  });
  router.get('/simulator/claims/:claimId/requests', async (req, res) => {
    const { claimId } = claimIdParamSchema.parse(req.params);
    const requests = await listSimulatorRequests(deps.db, claimId);
    res.json({ claimId, requests: requests.map((r) => ({ ...r, receivedAt: r.receivedAt.toISOString() })) });
  });
  return router;
}
