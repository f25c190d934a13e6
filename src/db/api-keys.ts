import type { ClientScope, Role } from '../auth/actor';
import type { Queryable } from './pool';

/** An API key as stored: never its secret, only the secret's SHA-256. */
export interface ApiKeyRecord {
  keyId: string;
  name: string;
  role: Role;
  clients: ClientScope;
  createdAt: Date;
  createdBy: string;
  expiresAt: Date | null;
  revokedAt: Date | null;
  revokedBy: string | null;
  lastUsedAt: Date | null;
}

type ApiKeyRow = {
  key_id: string;
  name: string;
  role: Role;
  clients: string[] | null;
  created_at: Date;
  created_by: string;
  expires_at: Date | null;
  revoked_at: Date | null;
  revoked_by: string | null;
  last_used_at: Date | null;
};

const columns =
  'key_id, name, role, clients, created_at, created_by, expires_at, revoked_at, revoked_by, last_used_at';

function toRecord(row: ApiKeyRow): ApiKeyRecord {
  return {
    keyId: row.key_id,
    name: row.name,
    role: row.role,
    clients: row.clients ?? 'all',
    createdAt: row.created_at,
    createdBy: row.created_by,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
    revokedBy: row.revoked_by,
    lastUsedAt: row.last_used_at,
  };
}

export async function insertApiKey(
  db: Queryable,
  key: {
    keyId: string;
    name: string;
    role: Role;
    clients: ClientScope;
    secretSha256: Buffer;
    createdBy: string;
    expiresAt: Date | null;
  },
): Promise<ApiKeyRecord> {
  const { rows } = await db.query<ApiKeyRow>(
    `INSERT INTO api_keys (key_id, name, role, clients, secret_sha256, created_by, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     RETURNING ${columns}`,
    [
      key.keyId,
      key.name,
      key.role,
      key.clients === 'all' ? null : [...key.clients],
      key.secretSha256,
      key.createdBy,
      key.expiresAt,
    ],
  );
  return toRecord(rows[0]!);
}

/** The key and its secret's hash, for sign-in. */
export async function findApiKeyForSignIn(
  db: Queryable,
  keyId: string,
): Promise<(ApiKeyRecord & { secretSha256: Buffer }) | undefined> {
  const { rows } = await db.query<ApiKeyRow & { secret_sha256: Buffer }>(
    `SELECT ${columns}, secret_sha256 FROM api_keys WHERE key_id = $1`,
    [keyId],
  );
  const row = rows[0];
  return row && { ...toRecord(row), secretSha256: row.secret_sha256 };
}

/** Notes that a key was used, at most once a minute per key (one write per request would cost more than the sign-in). */
export async function touchApiKey(db: Queryable, keyId: string): Promise<void> {
  await db.query(
    `UPDATE api_keys SET last_used_at = now()
     WHERE key_id = $1 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`,
    [keyId],
  );
}

export async function findApiKey(db: Queryable, keyId: string): Promise<ApiKeyRecord | undefined> {
  const { rows } = await db.query<ApiKeyRow>(`SELECT ${columns} FROM api_keys WHERE key_id = $1`, [keyId]);
  return rows[0] && toRecord(rows[0]);
}

/** Keys, newest first; revoked and expired ones only when asked. */
export async function listApiKeys(
  db: Queryable,
  options: { includeInactive: boolean },
): Promise<ApiKeyRecord[]> {
  const { rows } = await db.query<ApiKeyRow>(
    `SELECT ${columns} FROM api_keys
     WHERE $1 OR (revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now()))
     ORDER BY created_at DESC, key_id`,
    [options.includeInactive],
  );
  return rows.map(toRecord);
}

/** Revokes a key (a second revocation keeps the first one's time and author); undefined when unknown. */
export async function revokeApiKey(
  db: Queryable,
  keyId: string,
  revokedBy: string,
): Promise<ApiKeyRecord | undefined> {
  const { rows } = await db.query<ApiKeyRow>(
    `UPDATE api_keys SET revoked_at = coalesce(revoked_at, now()), revoked_by = coalesce(revoked_by, $2)
     WHERE key_id = $1
     RETURNING ${columns}`,
    [keyId, revokedBy],
  );
  return rows[0] && toRecord(rows[0]);
}
