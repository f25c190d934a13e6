import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { isoDateOfEpochMs } from '../../src/domain/dates';
import {
  type RunningSystem,
  createKey,
  getJson,
  postJson,
  startSystem,
  uniqueClaimId,
} from '../support/system';

let system: RunningSystem;
let manager: string;
const clientId = `audit-${randomUUID().slice(0, 8)}`;

beforeAll(async () => {
  system = await startSystem({
    databaseUrl: inject('databaseUrl'),
    temporalAddress: inject('temporalAddress'),
  });
  manager = await createKey(system.db, { role: 'manager', name: `audit.manager.${clientId}` });
});

afterAll(async () => {
  await system?.stop();
});

/** A claim submitted today (its first check is weeks away, so nothing else writes to it). */
async function registerClaim(claimId = uniqueClaimId()): Promise<string> {
  const created = await postJson(system.baseUrl, '/claims', {
    claimId,
    clientId,
    payerId: 'sim-commercial',
    patientAccountRef: 'PA-40404',
    dateOfService: isoDateOfEpochMs(Date.now() - 5 * 86_400_000),
    billedCents: 42_000,
    submittedOn: isoDateOfEpochMs(Date.now()),
  });
  expect(created.status).toBe(201);
  return claimId;
}

async function auditOf(query: string, key = manager): Promise<{ status: number; body: any }> {
  return getJson(system.baseUrl, `/audit?${query}`, { key });
}

describe('the audit log', () => {
  it('records every mutation and every read of PHI, whatever its outcome, before the answer is sent; other reads are not recorded', async () => {
    const name = `audit.specialist.${randomUUID().slice(0, 6)}`;
    const specialist = await createKey(system.db, { role: 'specialist', name });
    const keyId = specialist.split('_')[1];
    const claimId = await registerClaim();
    const requestId = `req-${randomUUID()}`;

    const read = await getJson(system.baseUrl, `/claims/${claimId}`, {
      key: specialist,
      headers: { 'x-request-id': requestId },
    });
    expect(read.status).toBe(200);
    // The row exists as soon as the answer does.
    const { rows } = await system.db.query('SELECT * FROM audit_log WHERE request_id = $1', [requestId]);
    expect(rows).toEqual([
      expect.objectContaining({
        actor_id: name,
        actor_role: 'specialist',
        actor_via: 'api_key',
        credential: `key:${keyId}`,
        permission: 'claims.read',
        action: 'GET /claims/{claimId}',
        target: claimId,
        client_id: clientId,
        status: 200,
      }),
    ]);

    const noted = await postJson(
      system.baseUrl,
      `/claims/${claimId}/actions/addNote`,
      { text: 'Payer says in process' },
      { key: specialist },
    );
    expect(noted.status).toBe(200);
    const refused = await postJson(
      system.baseUrl,
      `/claims/${claimId}/actions/close`,
      { reason: 'written_off' },
      { key: specialist },
    );
    expect(refused.status).toBe(403);
    expect((await getJson(system.baseUrl, '/claims/CLM-never-was', { key: specialist })).status).toBe(404);
    const invalid = await postJson(
      system.baseUrl,
      `/claims/${claimId}/parties`,
      { subscriber: {} },
      {
        method: 'PUT',
        key: specialist,
      },
    );
    expect(invalid.status).toBe(400);
    // Reads without PHI, and requests nobody signed in to, leave no row.
    for (const path of [
      '/payers/outages',
      '/openapi.json',
      '/auth/me',
      `/simulator/claims/${claimId}/requests`,
    ]) {
      expect((await getJson(system.baseUrl, path, { key: specialist })).status, path).toBe(200);
    }
    expect((await getJson(system.baseUrl, `/claims/${claimId}`, { key: null })).status).toBe(401);

    const trail = await auditOf(`actor=${name}`);
    expect(trail.status).toBe(200);
    expect(
      trail.body.entries.map((entry: any) => [
        entry.action,
        entry.status,
        entry.target,
        entry.clientId,
        entry.permission,
      ]),
    ).toEqual([
      ['PUT /claims/{claimId}/parties', 400, claimId, clientId, 'claims.parties.write'],
      ['GET /claims/{claimId}', 404, 'CLM-never-was', null, 'claims.read'],
      ['POST /claims/{claimId}/actions/close', 403, claimId, clientId, 'claims.write_off'],
      ['POST /claims/{claimId}/actions/addNote', 200, claimId, clientId, 'claims.act'],
      ['GET /claims/{claimId}', 200, claimId, clientId, 'claims.read'],
    ]);
    expect(trail.body.entries[2].detail).toEqual({ reason: 'written_off' });
    expect(trail.body.entries[4]).toMatchObject({
      requestId,
      actor: { id: name, role: 'specialist', via: 'api_key', credential: `key:${keyId}` },
    });
    expect(
      trail.body.entries.every((entry: any) => typeof entry.requestId === 'string' && entry.requestId),
    ).toBe(true);

    // The intake was recorded under the admin key that made it.
    const intake = await auditOf(`target=${claimId}&action=${encodeURIComponent('POST /claims')}`);
    expect(intake.body.entries).toEqual([
      expect.objectContaining({
        status: 201,
        clientId,
        actor: expect.objectContaining({ id: 'test-admin' }),
      }),
    ]);
  });

  it('is append-only in PostgreSQL: UPDATE, DELETE and TRUNCATE are refused', async () => {
    await registerClaim();
    await expect(system.db.query("UPDATE audit_log SET actor_id = 'someone.else'")).rejects.toThrow(
      /append-only: UPDATE refused/,
    );
    await expect(system.db.query('DELETE FROM audit_log')).rejects.toThrow(/append-only: DELETE refused/);
    await expect(system.db.query('TRUNCATE audit_log')).rejects.toThrow(/append-only: TRUNCATE refused/);
    const { rows } = await system.db.query('SELECT count(*)::int AS n FROM audit_log');
    expect(rows[0].n).toBeGreaterThan(0);
  });

  it('filters by actor, action, permission, client, target and date range, and pages newest first', async () => {
    const name = `audit.pager.${randomUUID().slice(0, 6)}`;
    const reader = await createKey(system.db, { role: 'lead', name });
    const claims = [await registerClaim(), await registerClaim(), await registerClaim()];
    for (const claimId of [...claims, ...claims.slice(0, 2)]) {
      expect((await getJson(system.baseUrl, `/claims/${claimId}`, { key: reader })).status).toBe(200);
    }
    const all = await auditOf(`actor=${name}&limit=100`);
    expect(all.body.entries).toHaveLength(5);
    expect(all.body.nextCursor).toBeNull();
    expect(all.body.entries.map((entry: any) => entry.target)).toEqual([
      claims[1],
      claims[0],
      claims[2],
      claims[1],
      claims[0],
    ]);

    const paged: unknown[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: { body: any } = await auditOf(`actor=${name}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      paged.push(...page.body.entries);
      cursor = page.body.nextCursor;
      pages += 1;
    } while (cursor !== null);
    expect(pages).toBe(3);
    expect(paged).toEqual(all.body.entries);

    expect((await auditOf(`actor=${name}&target=${claims[0]}`)).body.entries).toHaveLength(2);
    expect(
      (await auditOf(`actor=${name}&permission=claims.read&client=${clientId}`)).body.entries,
    ).toHaveLength(5);
    expect((await auditOf(`actor=${name}&client=another-client`)).body.entries).toEqual([]);
    expect(
      (await auditOf(`actor=${name}&action=${encodeURIComponent('GET /claims/{claimId}')}`)).body.entries,
    ).toHaveLength(5);
    expect(
      (await auditOf(`actor=${name}&action=${encodeURIComponent('POST /claims')}`)).body.entries,
    ).toEqual([]);

    const today = isoDateOfEpochMs(Date.now());
    const yesterday = isoDateOfEpochMs(Date.now() - 86_400_000);
    const tomorrow = isoDateOfEpochMs(Date.now() + 86_400_000);
    expect((await auditOf(`actor=${name}&from=${yesterday}&to=${today}`)).body.entries).toHaveLength(5);
    expect((await auditOf(`actor=${name}&to=${yesterday}`)).body.entries).toEqual([]);
    expect((await auditOf(`actor=${name}&from=${tomorrow}`)).body.entries).toEqual([]);
    const since = all.body.entries[1].occurredAt as string;
    expect(
      (await auditOf(`actor=${name}&from=${encodeURIComponent(since)}`)).body.entries.length,
    ).toBeGreaterThanOrEqual(2);

    const backwards = await auditOf(`from=${today}&to=${yesterday}`);
    expect(backwards).toMatchObject({ status: 400, body: { fields: [{ field: 'to' }] } });
    expect((await auditOf('cursor=abc')).status).toBe(400);
    expect((await auditOf('from=last-week')).status).toBe(400);
  });

  it('is read by managers and admins only, and reading it is itself recorded', async () => {
    for (const role of ['specialist', 'lead', 'ingestion'] as const) {
      const key = await createKey(system.db, { role });
      const answer = await auditOf('limit=1', key);
      expect(answer, role).toMatchObject({ status: 403, body: { permission: 'audit.read' } });
    }
    const auditor = await createKey(system.db, {
      role: 'manager',
      name: `auditor.${randomUUID().slice(0, 6)}`,
    });
    expect((await auditOf('limit=1', auditor)).status).toBe(200);
    const recorded = await auditOf(
      `actor=${(await getJson(system.baseUrl, '/auth/me', { key: auditor })).body.id}`,
    );
    expect(recorded.body.entries.map((entry: any) => [entry.action, entry.status])).toEqual([
      ['GET /audit', 200],
    ]);
  });

  it('withholds an answer whose audit row cannot be written (503), saying a change may have been applied', async () => {
    const name = `audit.unwritable.${randomUUID().slice(0, 6)}`;
    const key = await createKey(system.db, { role: 'specialist', name });
    const claimId = await registerClaim();
    const trigger = `audit_refuses_${randomUUID().slice(0, 8)}`;
    await system.db.query(
      `CREATE TRIGGER ${trigger} BEFORE INSERT ON audit_log FOR EACH ROW
       WHEN (NEW.actor_id = '${name}') EXECUTE FUNCTION audit_log_append_only()`,
    );
    try {
      const read = await getJson(system.baseUrl, `/claims/${claimId}`, { key });
      expect(read.status).toBe(503);
      expect(read.body).toEqual({
        error: 'audit_unavailable',
        message: 'The audit log could not be written, so nothing is shown; retry later',
      });
      const noted = await postJson(
        system.baseUrl,
        `/claims/${claimId}/actions/addNote`,
        { text: 'x' },
        { key },
      );
      expect(noted.status).toBe(503);
      expect(noted.body.message).toMatch(/may have been applied/);
      // Reads without PHI are not held up.
      expect((await getJson(system.baseUrl, '/auth/me', { key })).status).toBe(200);
    } finally {
      await system.db.query(`DROP TRIGGER ${trigger} ON audit_log`);
    }
  });
});
