import { Router } from 'express';
import { z } from 'zod';
import { roles } from '../auth/actor';
import { actorOf, requirePermission } from '../auth/middleware';
import { listAuditEntries } from '../db/audit-log';
import type { Db } from '../db/pool';
import { isoDateSchema } from './schemas';

const DAY_MS = 86_400_000;

/** A moment, or a day: `from` a day is its start; `to` a day is the start of the next (the day is included). */
const momentOrDay = z.union([z.iso.datetime({ offset: true }), isoDateSchema]).openapi({
  description: 'A date-time with its offset, or a date (UTC day)',
  example: '2026-03-01',
});

export const auditQuerySchema = z
  .object({
    actor: z.string().min(1).max(200).optional().openapi({ description: 'Actor id', example: 'jane.doe' }),
    action: z
      .string()
      .min(1)
      .max(300)
      .optional()
      .openapi({ description: 'Operation', example: 'POST /claims/{claimId}/actions/close' }),
    permission: z
      .string()
      .min(1)
      .max(100)
      .optional()
      .openapi({ description: 'Permission checked', example: 'claims.write_off' }),
    client: z.string().min(1).max(64).optional().openapi({ example: 'northside-clinic' }),
    target: z
      .string()
      .min(1)
      .max(200)
      .optional()
      .openapi({ description: 'Claim id, client id, key id, ...', example: 'CLM-1001' }),
    from: momentOrDay.optional(),
    to: momentOrDay.optional(),
    cursor: z
      .string()
      .regex(/^\d{1,18}$/, "the previous page's nextCursor")
      .optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
  })
  .refine((query) => !query.from || !query.to || bound(query.from, 'from') < bound(query.to, 'to'), {
    path: ['to'],
    message: 'must be after from',
  });

function bound(value: string, side: 'from' | 'to'): number {
  if (value.length === 10) return Date.parse(`${value}T00:00:00Z`) + (side === 'to' ? DAY_MS : 0);
  return Date.parse(value);
}

export const auditEntrySchema = z
  .object({
    auditId: z.string(),
    occurredAt: z.string().openapi({ format: 'date-time' }),
    requestId: z.string(),
    actor: z.object({
      id: z.string(),
      role: z.enum(roles),
      via: z.enum(['api_key', 'oidc', 'system']),
      credential: z.string().nullable(),
    }),
    permission: z.string().nullable(),
    action: z.string().openapi({ example: 'GET /claims/{claimId}' }),
    target: z.string().nullable(),
    clientId: z.string().nullable(),
    status: z.number().int().openapi({ description: 'The HTTP status answered', example: 200 }),
    detail: z.record(z.string(), z.unknown()),
  })
  .openapi('AuditEntry');

export const auditPageSchema = z
  .object({
    entries: z.array(auditEntrySchema),
    nextCursor: z
      .string()
      .nullable()
      .openapi({ description: 'Pass as `cursor` for the next (older) page; null on the last page' }),
  })
  .openapi('AuditPage');

/**
 * The audit log, newest first, for managers and admins. A reader limited to some clients sees their
 * clients' rows only.
 */
export function auditRoutes(deps: { db: Db }): Router {
  const router = Router();
  router.get('/audit', requirePermission('audit.read'), async (req, res) => {
    const query = auditQuerySchema.parse(req.query);
    const rows = await listAuditEntries(
      deps.db,
      {
        ...(query.actor !== undefined ? { actorId: query.actor } : {}),
        ...(query.action !== undefined ? { action: query.action } : {}),
        ...(query.permission !== undefined ? { permission: query.permission } : {}),
        ...(query.client !== undefined ? { clientId: query.client } : {}),
        ...(query.target !== undefined ? { target: query.target } : {}),
        ...(query.from !== undefined ? { from: new Date(bound(query.from, 'from')) } : {}),
        ...(query.to !== undefined ? { to: new Date(bound(query.to, 'to')) } : {}),
        ...(query.cursor !== undefined ? { before: query.cursor } : {}),
        limit: query.limit + 1,
      },
      actorOf(res).clients,
    );
    const page = rows.slice(0, query.limit);
    res.json({
      entries: page.map((row) => ({
        auditId: row.auditId,
        occurredAt: row.occurredAt.toISOString(),
        requestId: row.requestId,
        actor: { id: row.actorId, role: row.actorRole, via: row.actorVia, credential: row.credential },
        permission: row.permission,
        action: row.action,
        target: row.target,
        clientId: row.clientId,
        status: row.status,
        detail: row.detail,
      })),
      nextCursor: rows.length > query.limit ? page[page.length - 1]!.auditId : null,
    });
  });
  return router;
}
