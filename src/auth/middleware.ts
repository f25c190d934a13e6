/**
 * Who is calling, for every HTTP route: one global middleware turns the credential into an {@link Actor}
 * on `res.locals.actor`; each route names the permission it needs with {@link requirePermission}.
 */
import type { RequestHandler, Response } from 'express';
import { HttpError } from '../api/errors';
import type { Queryable } from '../db/pool';
import type { Actor } from './actor';
import { looksLikeApiKey, signInWithApiKey } from './api-keys';
import type { OidcVerifier } from './oidc';
import { type Permission, can } from './permissions';

/** Paths answered without a credential: probes and metrics scrapers carry none. */
export const publicPaths: readonly string[] = ['/health', '/ready', '/metrics'];

const REALM = 'tickler';

/** A 401 with its RFC 6750 challenge; `error="invalid_token"` when a credential was presented. */
function unauthorized(message: string, presented: boolean): HttpError {
  const challenge = presented
    ? `Bearer realm="${REALM}", error="invalid_token", error_description="${message.replace(/"/g, "'")}"`
    : `Bearer realm="${REALM}"`;
  return new HttpError(401, 'unauthorized', message, [], { headers: { 'WWW-Authenticate': challenge } });
}

export interface AuthenticationDeps {
  db: Queryable;
  /** Verifies OIDC bearer tokens; without it only API keys sign in. */
  oidc?: OidcVerifier;
}

const apiKeyProblems = {
  malformed: 'The API key is not well formed',
  unknown: 'The API key is not valid',
  revoked: 'The API key has been revoked',
  expired: 'The API key has expired',
} as const;

/**
 * Authenticates every request but {@link publicPaths} and CORS preflights (which by design carry no
 * credential): `Authorization: Bearer <API key or OIDC token>`. A missing, bad, revoked or expired credential
 * is a 401 with a `WWW-Authenticate` challenge; an identity provider that cannot be reached is a 503.
 */
export function authenticate(deps: AuthenticationDeps): RequestHandler {
  return async (req, res, next) => {
    if (req.method === 'OPTIONS' || publicPaths.includes(req.path)) {
      next();
      return;
    }
    const header = req.get('authorization');
    if (!header) {
      throw unauthorized('Sign in: send "Authorization: Bearer <API key or OIDC token>"', false);
    }
    const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
    if (!match) throw unauthorized('The Authorization header must read "Bearer <credential>"', true);
    const token = match[1]!;

    if (looksLikeApiKey(token)) {
      const signIn = await signInWithApiKey(deps.db, token);
      if (!signIn.ok) throw unauthorized(apiKeyProblems[signIn.problem], true);
      res.locals.actor = signIn.actor;
      next();
      return;
    }
    if (!deps.oidc) throw unauthorized('Not an API key, and OIDC sign-in is not configured', true);
    const signIn = await deps.oidc.verify(token);
    if (!signIn.ok) {
      if (signIn.problem === 'unavailable') {
        throw new HttpError(503, 'identity_provider_unavailable', signIn.message);
      }
      if (signIn.problem === 'no_role') throw new HttpError(403, 'no_role', signIn.message);
      throw unauthorized(signIn.message, true);
    }
    res.locals.actor = signIn.actor;
    next();
  };
}

/** The caller of a request that passed {@link authenticate}. */
export function actorOf(res: Response): Actor {
  const actor = res.locals.actor as Actor | undefined;
  if (!actor) throw new Error('No actor on this request: is the route behind authenticate()?');
  return actor;
}

/** The permission a request was checked against (the audit log records it). */
export function permissionOf(res: Response): Permission | undefined {
  return res.locals.permission as Permission | undefined;
}

/**
 * Refuses the request with a 403 naming the permission unless the caller's role holds it. Routes call
 * it again inside the handler when the permission depends on the body (`close` as a write-off).
 */
export function assertPermission(res: Response, permission: Permission): void {
  const actor = actorOf(res);
  res.locals.permission = permission;
  if (!can(actor.role, permission)) {
    throw new HttpError(
      403,
      'forbidden',
      `The ${actor.role} role does not have the permission ${permission}`,
      [],
      { body: { permission } },
    );
  }
}

export type PermissionCheck = RequestHandler & { readonly permission: Permission };

/** Route middleware: the caller must hold `permission` (see `src/auth/permissions.ts`). */
export function requirePermission(permission: Permission): PermissionCheck {
  const check: RequestHandler = (req, res, next) => {
    // The route's path and parameters, kept for the audit row: an error handler sees neither.
    res.locals.route = {
      path: (req.route as { path?: unknown } | undefined)?.path,
      params: { ...req.params },
    };
    assertPermission(res, permission);
    next();
  };
  return Object.assign(check, { permission });
}

/**
 * Refuses (403) a caller limited to some clients: for changes that reach every client's claims (a
 * payer's rule set, the simulated payer's behaviour for a payer).
 */
export function assertEveryClient(res: Response, what: string): void {
  if (actorOf(res).clients !== 'all') {
    throw new HttpError(
      403,
      'forbidden',
      `${what} reaches the claims of every client; it needs a credential for all clients`,
      [],
      { body: { permission: permissionOf(res), clients: 'all' } },
    );
  }
}
