import { Router } from 'express';
import { z } from 'zod';
import { roles } from '../auth/actor';
import {
  API_KEY_NAME_PATTERN,
  type ApiKeyView,
  ApiKeyRequestError,
  createApiKey,
  listKeys,
  revokeKey,
  viewOfKey,
} from '../auth/api-keys';
import { noteForAudit } from '../auth/audit';
import { actorOf, requirePermission } from '../auth/middleware';
import { permissionNames, permissionsOf } from '../auth/permissions';
import type { Db } from '../db/pool';
import { HttpError } from './errors';
import './schemas'; // extends zod with .openapi() before the schemas below are built

const clientIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'a client id')
  .openapi({ example: 'northside-clinic' });

export const clientScopeSchema = z
  .union([z.literal('all'), z.array(clientIdSchema).min(1, 'at least one client, or "all"').max(1000)])
  .openapi('ClientScope', {
    description: '"all" for every client, or the clients whose claims the credential may see and touch',
    example: ['northside-clinic'],
  });

export const createApiKeySchema = z
  .object({
    name: z
      .string()
      .regex(API_KEY_NAME_PATTERN, 'letters, digits and . _ @ + -, up to 64, starting with a letter or digit')
      .openapi({
        description: 'Who or what holds the key; the author of what it does (notes, actions, the audit log)',
        example: 'jane.doe',
      }),
    role: z.enum(roles).openapi({ example: 'specialist' }),
    clients: clientScopeSchema,
    expiresAt: z.iso.datetime({ offset: true }).optional().openapi({
      description: 'When the key stops working (never, when absent)',
      example: '2027-01-01T00:00:00Z',
    }),
  })
  .strict()
  .openapi('CreateApiKey');

export const apiKeySchema = z
  .object({
    keyId: z.string().openapi({ example: '3f9c2a7b1d0e4c55' }),
    name: z.string(),
    role: z.enum(roles),
    clients: clientScopeSchema,
    status: z.enum(['active', 'revoked', 'expired']),
    createdAt: z.string().openapi({ format: 'date-time' }),
    createdBy: z.string(),
    expiresAt: z.string().nullable().openapi({ format: 'date-time' }),
    revokedAt: z.string().nullable().openapi({ format: 'date-time' }),
    revokedBy: z.string().nullable(),
    lastUsedAt: z
      .string()
      .nullable()
      .openapi({ format: 'date-time', description: 'Updated at most once a minute' }),
  })
  .openapi('ApiKey') satisfies z.ZodType<ApiKeyView>;

export const createdApiKeySchema = apiKeySchema
  .extend({
    key: z.string().openapi({
      description: 'The key itself. It is shown this once and cannot be read again: keep it now',
      example: 'tkl_3f9c2a7b1d0e4c55_q3Jv0p9wS6m0y6Zb3oQeE8sH1tT4cXn2kL5aR7dVfG0',
    }),
  })
  .openapi('CreatedApiKey');

export const apiKeysQuerySchema = z.object({
  inactive: z
    .enum(['true', 'false'])
    .transform((value) => value === 'true')
    .optional()
    .openapi({ description: 'true: list revoked and expired keys too' }),
});

export const keyIdParamSchema = z.object({ keyId: z.string().openapi({ example: '3f9c2a7b1d0e4c55' }) });

export const meSchema = z
  .object({
    id: z.string().openapi({ example: 'jane.doe' }),
    role: z.enum(roles),
    clients: clientScopeSchema,
    via: z.enum(['api_key', 'oidc', 'system']),
    permissions: z.array(z.enum(permissionNames as [string, ...string[]])),
  })
  .openapi('Me');

/** Who am I, and API keys: created (shown once), listed and revoked by admins. */
export function authRoutes(deps: { db: Db }): Router {
  const router = Router();

  router.get('/auth/me', requirePermission('api.read'), (_req, res) => {
    const actor = actorOf(res);
    res.json({
      id: actor.id,
      role: actor.role,
      clients: actor.clients,
      via: actor.via,
      permissions: permissionsOf(actor.role),
    });
  });

  router.post('/auth/keys', requirePermission('keys.manage'), async (req, res) => {
    const body = createApiKeySchema.parse(req.body);
    try {
      const { key, token } = await createApiKey(
        deps.db,
        {
          name: body.name,
          role: body.role,
          clients: body.clients,
          ...(body.expiresAt ? { expiresAt: new Date(body.expiresAt) } : {}),
        },
        actorOf(res),
      );
      noteForAudit(res, { target: key.keyId, detail: { name: key.name, role: key.role } });
      res.status(201).json({ ...viewOfKey(key), key: token });
    } catch (error) {
      if (!(error instanceof ApiKeyRequestError)) throw error;
      if (error.field === 'clients') {
        throw new HttpError(403, 'forbidden', error.message, [{ field: 'clients', message: error.message }]);
      }
      throw HttpError.badRequest([{ field: error.field, message: error.message }]);
    }
  });

  router.get('/auth/keys', requirePermission('keys.manage'), async (req, res) => {
    const query = apiKeysQuerySchema.parse(req.query);
    const keys = await listKeys(deps.db, { includeInactive: query.inactive ?? false }, actorOf(res));
    res.json({ keys: keys.map((key) => viewOfKey(key)) });
  });

  router.delete('/auth/keys/:keyId', requirePermission('keys.manage'), async (req, res) => {
    const keyId = String(req.params.keyId);
    const key = await revokeKey(deps.db, keyId, actorOf(res));
    if (!key) throw new HttpError(404, 'not_found', `No API key ${keyId}`);
    res.json(viewOfKey(key));
  });

  return router;
}
