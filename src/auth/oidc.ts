/**
 * OIDC bearer tokens: a JWT signed by the configured issuer for the configured audience, verified with
 * `jose` against the issuer's published keys (its JWKS, from `OIDC_JWKS_URL` or the issuer's discovery
 * document). Role, clients and user come from claims named in configuration.
 */
import { type JWTPayload, createRemoteJWKSet, decodeProtectedHeader, errors, jwtVerify } from 'jose';
import type { Config } from '../config';
import type { Actor, ClientScope, Role } from './actor';

export interface OidcSettings {
  issuer: string;
  audience: string;
  /** The issuer's JWKS; when absent, the `jwks_uri` of `<issuer>/.well-known/openid-configuration`. */
  jwksUrl?: string;
  /** The claim holding the Tickler role (a string or a list); dots reach into objects (`realm_access.roles`). */
  roleClaim: string;
  /** The claim listing the clients the user may see; `*` means every client, absent means none. */
  clientsClaim: string;
  /** The claim naming the user in timelines and the audit log. */
  userClaim: string;
}

/** The OIDC settings of a configuration, when OIDC sign-in is configured. */
export function oidcSettingsOf(config: Config): OidcSettings | undefined {
  if (!config.OIDC_ISSUER || !config.OIDC_AUDIENCE) return undefined;
  return {
    issuer: config.OIDC_ISSUER,
    audience: config.OIDC_AUDIENCE,
    ...(config.OIDC_JWKS_URL ? { jwksUrl: config.OIDC_JWKS_URL } : {}),
    roleClaim: config.OIDC_ROLE_CLAIM,
    clientsClaim: config.OIDC_CLIENTS_CLAIM,
    userClaim: config.OIDC_USER_CLAIM,
  };
}

/** The verifier a configuration asks for, or undefined when OIDC sign-in is not configured. */
export function oidcVerifierFromConfig(config: Config): OidcVerifier | undefined {
  const settings = oidcSettingsOf(config);
  return settings && createOidcVerifier(settings);
}

export type OidcSignIn =
  | { ok: true; actor: Actor }
  | { ok: false; problem: 'invalid' | 'expired' | 'no_role' | 'unavailable'; message: string };

export interface OidcVerifier {
  verify(token: string): Promise<OidcSignIn>;
}

/** The role a token grants when its claim lists several: the widest first. */
const rolePrecedence: readonly Role[] = ['admin', 'manager', 'lead', 'specialist', 'ingestion'];

/** Thrown when the issuer cannot be reached: not the caller's fault, so a 503 rather than a 401. */
class IssuerUnavailable extends Error {}

/** Reads a claim by name, following dots into nested objects. */
export function claimAt(payload: JWTPayload, path: string): unknown {
  if (Object.hasOwn(payload, path)) return payload[path];
  let value: unknown = payload;
  for (const part of path.split('.')) {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, part)) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

function asList(value: unknown): string[] | undefined {
  if (typeof value === 'string') return value.split(/[\s,]+/).filter((item) => item.length > 0);
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value;
  return undefined;
}

/** The actor a verified token describes, or why it describes none. */
export function actorFromClaims(
  payload: JWTPayload,
  settings: Pick<OidcSettings, 'roleClaim' | 'clientsClaim' | 'userClaim'>,
): OidcSignIn {
  const user = claimAt(payload, settings.userClaim);
  if (typeof user !== 'string' || user.length === 0) {
    return { ok: false, problem: 'invalid', message: `The token has no "${settings.userClaim}" claim` };
  }
  const granted = asList(claimAt(payload, settings.roleClaim)) ?? [];
  const role = rolePrecedence.find((candidate) => granted.includes(candidate));
  if (!role) {
    return {
      ok: false,
      problem: 'no_role',
      message: `The token's "${settings.roleClaim}" claim names no Tickler role (${rolePrecedence.join(', ')})`,
    };
  }
  const listed = claimAt(payload, settings.clientsClaim);
  const clients = asList(listed);
  if (listed !== undefined && clients === undefined) {
    return {
      ok: false,
      problem: 'invalid',
      message: `The token's "${settings.clientsClaim}" claim must be a list of client ids or "*"`,
    };
  }
  const scope: ClientScope = clients?.includes('*') ? 'all' : [...new Set(clients ?? [])];
  return {
    ok: true,
    actor: {
      id: user.slice(0, 128),
      role,
      clients: scope,
      via: 'oidc',
      credential: `oidc:${String(payload.sub ?? user).slice(0, 128)}`,
    },
  };
}

export function createOidcVerifier(
  settings: OidcSettings,
  options: { timeoutMs?: number } = {},
): OidcVerifier {
  const timeoutMs = options.timeoutMs ?? 5000;
  let keySet: Promise<ReturnType<typeof createRemoteJWKSet>> | undefined;

  async function discoverJwksUrl(): Promise<URL> {
    if (settings.jwksUrl) return new URL(settings.jwksUrl);
    const url = `${settings.issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
    let document: { issuer?: unknown; jwks_uri?: unknown };
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      document = (await response.json()) as typeof document;
    } catch (error) {
      throw new IssuerUnavailable(`${url}: ${(error as Error).message}`);
    }
    if (typeof document.jwks_uri !== 'string') {
      throw new IssuerUnavailable(`${url} names no jwks_uri`);
    }
    return new URL(document.jwks_uri);
  }

  function keys(): Promise<ReturnType<typeof createRemoteJWKSet>> {
    keySet ??= discoverJwksUrl().then(
      (url) => createRemoteJWKSet(url, { timeoutDuration: timeoutMs }),
      (error: unknown) => {
        keySet = undefined; // try the discovery again at the next request
        throw error;
      },
    );
    return keySet;
  }

  return {
    async verify(token) {
      try {
        decodeProtectedHeader(token);
      } catch {
        return { ok: false, problem: 'invalid', message: 'The token is not a JWT' };
      }
      let payload: JWTPayload;
      try {
        const { payload: verified } = await jwtVerify(token, await keys(), {
          issuer: settings.issuer,
          audience: settings.audience,
          clockTolerance: 30,
        });
        payload = verified;
      } catch (error) {
        if (error instanceof errors.JWTExpired) {
          return { ok: false, problem: 'expired', message: 'The token has expired' };
        }
        if (error instanceof errors.JWTClaimValidationFailed) {
          return {
            ok: false,
            problem: 'invalid',
            message: `The token's "${error.claim}" claim is not accepted`,
          };
        }
        if (
          error instanceof IssuerUnavailable ||
          error instanceof errors.JWKSTimeout ||
          error instanceof errors.JWKSInvalid ||
          !(error instanceof errors.JOSEError)
        ) {
          return {
            ok: false,
            problem: 'unavailable',
            message: `The identity provider's keys cannot be read: ${(error as Error).message}`,
          };
        }
        return { ok: false, problem: 'invalid', message: 'The token is not valid' };
      }
      return actorFromClaims(payload, settings);
    },
  };
}
