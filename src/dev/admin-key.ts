import { chmod, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { systemActor } from '../auth/actor';
import { createApiKey, signInWithApiKey } from '../auth/api-keys';
import type { Queryable } from '../db/pool';

/** Where `npm start` keeps the demo's admin key. */
export function adminKeyPath(dataDir: string): string {
  return path.join(dataDir, 'admin-api-key');
}

/**
 * The demo's admin API key: created at the first start and kept in DATA_DIR (mode 600), reused at later
 * starts while the database still accepts it (a new one replaces it when the database was reset or the
 * key revoked).
 */
export async function ensureDemoAdminKey(
  db: Queryable,
  dataDir: string,
): Promise<{ token: string; file: string; created: boolean }> {
  const file = adminKeyPath(dataDir);
  const kept = await readFile(file, 'utf8').then(
    (text) => text.trim(),
    () => undefined,
  );
  if (kept) {
    const signIn = await signInWithApiKey(db, kept);
    if (signIn.ok && signIn.actor.role === 'admin') return { token: kept, file, created: false };
  }
  const { token } = await createApiKey(
    db,
    { name: 'demo-admin', role: 'admin', clients: 'all' },
    systemActor('npm-start'),
  );
  await writeFile(file, `${token}\n`, { mode: 0o600 });
  await chmod(file, 0o600); // an existing file keeps its mode on write
  return { token, file, created: true };
}
