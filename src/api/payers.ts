import { Router } from 'express';
import { requirePermission } from '../auth/middleware';
import { z } from 'zod';
import { listPayerOutages } from '../db/payer-outages';
import type { Db } from '../db/pool';
import { createClaimSchema } from './schemas';

export const payerOutagesQuerySchema = z.object({
  payerId: createClaimSchema.shape.payerId.optional(),
  open: z
    .enum(['true', 'false'])
    .transform((value) => value === 'true')
    .optional()
    .openapi({ description: 'true: only open outages; false: only closed ones' }),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

export const payerOutageSchema = z
  .object({
    outageId: z.string(),
    payerId: z.string(),
    channel: z.string(),
    openedAt: z.string().openapi({ format: 'date-time' }),
    closedAt: z.string().nullable().openapi({ format: 'date-time' }),
    reason: z.string(),
    escalationNote: z.string(),
  })
  .openapi('PayerOutage');

export const payerOutagesSchema = z.object({ outages: z.array(payerOutageSchema) }).openapi('PayerOutages');

/** Payer outages: one per payer/channel outage (its escalation), opened and closed by the circuit breakers. */
export function payerRoutes(deps: { db: Db }): Router {
  const router = Router();
  router.get('/payers/outages', requirePermission('payers.read'), async (req, res) => {
    const query = payerOutagesQuerySchema.parse(req.query);
    const outages = await listPayerOutages(deps.db, {
      limit: query.limit,
      ...(query.payerId ? { payerId: query.payerId } : {}),
      ...(query.open === undefined ? {} : { open: query.open }),
    });
    res.json({
      outages: outages.map((outage) => ({
        ...outage,
        openedAt: outage.openedAt.toISOString(),
        closedAt: outage.closedAt?.toISOString() ?? null,
      })),
    });
  });
  return router;
}
