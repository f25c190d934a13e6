/**
 * The audit trail of the API: every mutation and every read under a permission whose reads are audited
 * (PHI) appends one `audit_log` row: who, as what role, which operation on what, for which client, the
 * request id and the status answered. Routes need do nothing: the row is built from the route, its
 * permission and its parameters; a handler may add the client or facts with {@link noteForAudit}.
 */
import { randomUUID } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import { type AuditEntry, insertAuditEntry } from '../db/audit-log';
import type { Queryable } from '../db/pool';
import type { Logger } from '../logger';
import type { Actor } from './actor';
import { permissionOf } from './middleware';
import { auditsReads } from './permissions';

export interface AuditNote {
  target?: string;
  clientId?: string;
  detail?: Record<string, unknown>;
}

/** Adds what a handler knows (the claim's client, a close reason) to the request's audit row. */
export function noteForAudit(res: Response, note: AuditNote): void {
  const current = (res.locals.audit ?? {}) as AuditNote;
  res.locals.audit = {
    ...current,
    ...note,
    detail: { ...current.detail, ...note.detail },
  } satisfies AuditNote;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The request id: the one the request-id middleware set, else the caller's `x-request-id`, else a new one. */
export function requestIdOf(req: Request, res: Response): string {
  const known = res.locals.requestId as unknown;
  if (typeof known === 'string' && known.length > 0) return known;
  const header = req.get('x-request-id');
  const id = header !== undefined && REQUEST_ID.test(header) ? header : randomUUID();
  res.locals.requestId = id;
  return id;
}

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Route parameters that name what a request acts on, in order of preference. */
const targetParams = ['claimId', 'keyId', 'clientId', 'ruleSetId', 'payerId', 'fileId'] as const;

/** `/claims/:claimId/parties` as the OpenAPI document writes it: `/claims/{claimId}/parties`. */
export function openApiPath(expressPath: string): string {
  return expressPath.replace(/:(\w+)/g, '{$1}');
}

function entryOf(req: Request, res: Response): (AuditEntry & { claimTarget: boolean }) | undefined {
  const permission = permissionOf(res);
  const actor = res.locals.actor as Actor | undefined;
  if (!permission || !actor) return undefined; // no route checked a permission: nothing was done or shown
  if (!MUTATING.has(req.method) && !auditsReads(permission)) return undefined;
  const note = (res.locals.audit ?? {}) as AuditNote;
  const route = (res.locals.route ?? {}) as { path?: unknown; params?: Record<string, string | undefined> };
  const params = route.params ?? {};
  const routePath = route.path;
  const param = targetParams.find((name) => typeof params[name] === 'string');
  const target = note.target ?? (param ? params[param] : undefined);
  return {
    requestId: requestIdOf(req, res),
    actor,
    permission,
    action: `${req.method} ${typeof routePath === 'string' ? openApiPath(routePath) : req.path}`,
    ...(target !== undefined ? { target: target.slice(0, 200) } : {}),
    ...(note.clientId !== undefined
      ? { clientId: note.clientId }
      : param === 'clientId'
        ? { clientId: params.clientId! }
        : {}),
    status: res.statusCode,
    ...(note.detail ? { detail: note.detail } : {}),
    claimTarget: note.target === undefined && param === 'claimId',
  };
}

/**
 * Installs the audit trail on every authenticated request. The row is written before the response is
 * sent, so no PHI leaves and no change is confirmed without its row; when the row cannot be written the
 * caller gets a 503 instead (a change may then have happened: the answer says so). Responses streamed
 * without `res.send` are recorded once they finish.
 */
export function auditTrail(deps: { db: Queryable; logger: Logger }): RequestHandler {
  return (req, res, next) => {
    if (!res.locals.actor) {
      next();
      return;
    }
    let recorded = false;
    const record = async (): Promise<boolean> => {
      recorded = true;
      const entry = entryOf(req, res);
      if (!entry) return true;
      try {
        await insertAuditEntry(deps.db, entry);
        return true;
      } catch (error) {
        deps.logger.error(
          { err: error, requestId: entry.requestId, action: entry.action, actor: entry.actor.id },
          'audit row not written',
        );
        return false;
      }
    };

    const send = res.send.bind(res);
    res.send = (body?: unknown) => {
      if (recorded) return send(body);
      void record().then((ok) => {
        if (ok) {
          send(body);
          return;
        }
        res.status(503).type('application/json');
        send(
          JSON.stringify({
            error: 'audit_unavailable',
            message: MUTATING.has(req.method)
              ? 'The audit log could not be written; the change may have been applied: read it back before retrying'
              : 'The audit log could not be written, so nothing is shown; retry later',
          }),
        );
      });
      return res;
    };
    res.on('finish', () => {
      if (!recorded) void record();
    });
    next();
  };
}
