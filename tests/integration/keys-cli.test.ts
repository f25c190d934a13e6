import { execFile } from 'node:child_process';
import { userInfo } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { authRoutes } from '../../src/api/auth';
import { createPool, type Db } from '../../src/db/pool';
import { createKey, getJson, startRoutes } from '../support/system';

const run = promisify(execFile);
const root = path.resolve(__dirname, '../..');

let db: Db;
let api: Awaited<ReturnType<typeof startRoutes>>;

beforeAll(async () => {
  db = createPool({ connectionString: inject('databaseUrl'), max: 2 });
  api = await startRoutes(db, [authRoutes({ db })]);
});

afterAll(async () => {
  await api?.close();
  await db?.end();
});

/** `npm run cli -- <args>` without npm in between, with only the variables given (plus PATH). */
async function cli(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'src/cli/index.ts', ...args], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('npm run cli -- keys', () => {
  it('creates a key in-process with DATABASE_URL (how a deployment gets its first admin), prints it once and audits it', async () => {
    const created = await cli(
      ['keys', 'create', '--name', 'ops.first-admin', '--role', 'admin', '--clients', 'all'],
      {
        DATABASE_URL: inject('databaseUrl'),
      },
    );
    expect(created.code).toBe(0);
    const key = created.stdout.trim();
    expect(key).toMatch(/^tkl_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
    const keyId = key.split('_')[1];
    expect(created.stderr).toContain(`Created API key ${keyId} (ops.first-admin, admin, every client)`);
    expect((await getJson(api.url, '/auth/me', { key })).body).toMatchObject({
      id: 'ops.first-admin',
      role: 'admin',
    });

    const { rows } = await db.query('SELECT * FROM audit_log WHERE target = $1', [keyId]);
    expect(rows).toEqual([
      expect.objectContaining({
        actor_id: `cli:${userInfo().username}`,
        actor_via: 'system',
        action: 'CLI keys create',
        permission: 'keys.manage',
        status: 201,
      }),
    ]);
  });

  it('lists, creates and revokes through the API with TICKLER_API_KEY', async () => {
    const env = { TICKLER_API_KEY: api.adminKey };
    const created = await cli(
      [
        'keys',
        'create',
        '--name',
        'eastside.lead',
        '--role',
        'lead',
        '--clients',
        'eastside-clinic',
        '--api',
        api.url,
        '--json',
      ],
      env,
    );
    expect(created.code).toBe(0);
    const body = JSON.parse(created.stdout);
    expect(body).toMatchObject({
      name: 'eastside.lead',
      role: 'lead',
      clients: ['eastside-clinic'],
      status: 'active',
    });
    expect((await getJson(api.url, '/auth/me', { key: body.key })).body.clients).toEqual(['eastside-clinic']);

    const listed = await cli(['keys', 'list', '--api', api.url], env);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/^KEY ID +NAME +ROLE +CLIENTS +STATUS +CREATED +LAST USED$/m);
    expect(listed.stdout).toMatch(
      new RegExp(`^${body.keyId} +eastside\\.lead +lead +eastside-clinic +active`, 'm'),
    );
    expect(listed.stdout).not.toContain(body.key);

    const revoked = await cli(['keys', 'revoke', body.keyId, '--api', api.url], env);
    expect(revoked.code).toBe(0);
    expect(revoked.stdout).toContain(
      `Revoked API key ${body.keyId} (eastside.lead, lead, clients eastside-clinic)`,
    );
    expect((await getJson(api.url, '/auth/me', { key: body.key })).status).toBe(401);
    expect((await cli(['keys', 'list', '--all', '--api', api.url], env)).stdout).toMatch(
      new RegExp(`^${body.keyId} .* revoked `, 'm'),
    );
  });

  it('says what is wrong: no key, a key without the permission, an unknown role', async () => {
    const none = await cli(['keys', 'list', '--api', api.url], {});
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/TICKLER_API_KEY is not set/);

    const specialist = await createKey(db, { role: 'specialist' });
    const refused = await cli(['keys', 'list', '--api', api.url], { TICKLER_API_KEY: specialist });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/refused TICKLER_API_KEY: .*keys\.manage/);

    const badRole = await cli(
      ['keys', 'create', '--name', 'x', '--role', 'boss', '--clients', 'all', '--api', api.url],
      {
        TICKLER_API_KEY: api.adminKey,
      },
    );
    expect(badRole.code).toBe(1);
    expect(badRole.stderr).toMatch(/--role: one of specialist, lead, manager, admin, ingestion/);
  });
});
