/**
 * API keys: created, listed and revoked by an admin (API and CLI alike), shown once, stored hashed.
 *
 * A key reads `tkl_<key id>_<secret>`: the key id (16 hex digits) finds the row, the secret (32 random
 * bytes, base64url) is checked against its SHA-256 in constant time. The secret has 256 bits of entropy,
 * so a slow password hash (scrypt) would only add latency to every request: no dictionary can guess it.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import {
  type ApiKeyRecord,
  findApiKey,
  findApiKeyForSignIn,
  insertApiKey,
  listApiKeys,
  revokeApiKey,
  touchApiKey,
} from '../db/api-keys';
import type { Queryable } from '../db/pool';
import type { Actor, ClientScope, Role } from './actor';

export type { ApiKeyRecord };

const KEY_PATTERN = /^tkl_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

/** What a key's name may be: the person or system holding it, shown as the author of what it does. */
export const API_KEY_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._@+-]{0,63}$/;

export function looksLikeApiKey(token: string): boolean {
  return token.startsWith('tkl_');
}

function sha256(secret: string): Buffer {
  return createHash('sha256').update(secret, 'utf8').digest();
}

export interface NewApiKey {
  /** Who or what holds the key (`jane.doe`, `clearinghouse-upload`); the actor id of its requests. */
  name: string;
  role: Role;
  clients: ClientScope;
  expiresAt?: Date | null;
}

/** A refusal the caller can fix (the edges answer 400 or 403). */
export class ApiKeyRequestError extends Error {
  constructor(
    readonly field: 'name' | 'clients' | 'expiresAt',
    message: string,
  ) {
    super(message);
    this.name = 'ApiKeyRequestError';
  }
}

/**
 * Creates a key and returns it with its secret, the only time the secret exists outside the caller. A
 * creator limited to some clients can grant only those clients.
 */
export async function createApiKey(
  db: Queryable,
  request: NewApiKey,
  by: Actor,
  now: Date = new Date(),
): Promise<{ key: ApiKeyRecord; token: string }> {
  if (!API_KEY_NAME_PATTERN.test(request.name)) {
    throw new ApiKeyRequestError(
      'name',
      'letters, digits and . _ @ + -, up to 64, starting with a letter or digit',
    );
  }
  if (by.clients !== 'all') {
    const granted = by.clients;
    const outside =
      request.clients === 'all' ? ['all'] : request.clients.filter((client) => !granted.includes(client));
    if (outside.length > 0) {
      throw new ApiKeyRequestError(
        'clients',
        `you may grant only your own clients, not ${outside.join(', ')}`,
      );
    }
  }
  if (request.expiresAt && request.expiresAt.getTime() <= now.getTime()) {
    throw new ApiKeyRequestError('expiresAt', 'must be in the future');
  }
  const keyId = randomBytes(8).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  const key = await insertApiKey(db, {
    keyId,
    name: request.name,
    role: request.role,
    clients: request.clients === 'all' ? 'all' : [...new Set(request.clients)].sort(),
    secretSha256: sha256(secret),
    createdBy: by.id,
    expiresAt: request.expiresAt ?? null,
  });
  return { key, token: `tkl_${keyId}_${secret}` };
}

export type ApiKeySignIn =
  { ok: true; actor: Actor } | { ok: false; problem: 'malformed' | 'unknown' | 'revoked' | 'expired' };

/**
 * Turns a presented key into its actor. Whether a key was revoked or expired is told only to a caller
 * who holds its secret; anyone else learns only that the key is not valid.
 */
export async function signInWithApiKey(
  db: Queryable,
  token: string,
  now: Date = new Date(),
): Promise<ApiKeySignIn> {
  const match = KEY_PATTERN.exec(token);
  if (!match) return { ok: false, problem: 'malformed' };
  const [, keyId, secret] = match as unknown as [string, string, string];
  const key = await findApiKeyForSignIn(db, keyId);
  const presented = sha256(secret);
  if (!key || !timingSafeEqual(presented, key.secretSha256)) return { ok: false, problem: 'unknown' };
  if (key.revokedAt) return { ok: false, problem: 'revoked' };
  if (key.expiresAt && key.expiresAt.getTime() <= now.getTime()) return { ok: false, problem: 'expired' };
  if (!key.lastUsedAt || now.getTime() - key.lastUsedAt.getTime() > 60_000) await touchApiKey(db, keyId);
  return {
    ok: true,
    actor: { id: key.name, role: key.role, clients: key.clients, via: 'api_key', credential: `key:${keyId}` },
  };
}

/** A key as shown to people (API, CLI): never its secret. */
export interface ApiKeyView {
  keyId: string;
  name: string;
  role: Role;
  clients: 'all' | string[];
  status: 'active' | 'revoked' | 'expired';
  createdAt: string;
  createdBy: string;
  expiresAt: string | null;
  revokedAt: string | null;
  revokedBy: string | null;
  lastUsedAt: string | null;
}

export function viewOfKey(key: ApiKeyRecord, now: number = Date.now()): ApiKeyView {
  const status = key.revokedAt
    ? 'revoked'
    : key.expiresAt && key.expiresAt.getTime() <= now
      ? 'expired'
      : 'active';
  return {
    keyId: key.keyId,
    name: key.name,
    role: key.role,
    clients: key.clients === 'all' ? 'all' : [...key.clients],
    status,
    createdAt: key.createdAt.toISOString(),
    createdBy: key.createdBy,
    expiresAt: key.expiresAt?.toISOString() ?? null,
    revokedAt: key.revokedAt?.toISOString() ?? null,
    revokedBy: key.revokedBy,
    lastUsedAt: key.lastUsedAt?.toISOString() ?? null,
  };
}

/** Whether a key's clients lie within `scope` (a manager of some clients manages only their keys). */
function keyWithin(scope: ClientScope, key: ApiKeyRecord): boolean {
  if (scope === 'all') return true;
  return key.clients !== 'all' && key.clients.every((client) => scope.includes(client));
}

/** Keys the actor may manage, newest first, without their secrets. */
export async function listKeys(
  db: Queryable,
  options: { includeInactive: boolean },
  by: Actor,
): Promise<ApiKeyRecord[]> {
  return (await listApiKeys(db, options)).filter((key) => keyWithin(by.clients, key));
}

/**
 * Revokes a key at once: its next request is refused. Undefined when there is no such key, or it
 * reaches clients the actor does not.
 */
export async function revokeKey(db: Queryable, keyId: string, by: Actor): Promise<ApiKeyRecord | undefined> {
  if (!/^[0-9a-f]{16}$/.test(keyId)) return undefined;
  const key = await findApiKey(db, keyId);
  if (!key || !keyWithin(by.clients, key)) return undefined;
  return revokeApiKey(db, keyId, by.id);
}
