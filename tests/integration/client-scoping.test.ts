import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { actionNames } from '../../src/api/actions';
import { isoDateOfEpochMs } from '../../src/domain/dates';
import { securedOperations } from '../support/routes';
import {
  type RunningSystem,
  createKey,
  getJson,
  postJson,
  registerScriptedClaim,
  startSystem,
  uniqueClaimId,
} from '../support/system';
import { build277, build999Rejection } from '../unit/edi/x12-builders';

/**
 * Client scoping on every route: a credential limited to client A neither sees nor touches client B's
 * claims (a 404, as for a claim that does not exist), lists only A's rows, and cannot change what
 * reaches every client. The cases are keyed by the OpenAPI operations, so a new route without a case
 * fails this suite.
 */

let system: RunningSystem;
const clientA = `scope-a-${randomUUID().slice(0, 8)}`;
const clientB = `scope-b-${randomUUID().slice(0, 8)}`;
const key = {} as Record<'specialist' | 'lead' | 'manager' | 'admin' | 'ingestion' | 'adminB', string>;
/** One claim of each client, registered with parties and checked once by the simulated payer. */
let claimA: string;
let claimB: string;

const parties = {
  subscriber: { lastName: 'FAKEPATIENT', firstName: 'KILO', memberId: 'ZZM5150', dateOfBirth: '1970-01-01' },
  billingProvider: { name: 'NORTHSIDE TEST CLINIC', npi: '1234567893' },
};

function register(clientId: string): Promise<string> {
  return registerScriptedClaim(system.baseUrl, { clientId, ...parties });
}

/** A claim of `clientId` at a payer with appeal rules, denied (CO-197) by the admin after its first check. */
async function deniedClaim(clientId: string): Promise<string> {
  const claimId = await registerScriptedClaim(system.baseUrl, { clientId, payerId: 'sim-aetna', ...parties });
  await checkedOnce(claimId);
  const denied = await postJson(system.baseUrl, `/claims/${claimId}/actions/recordDenial`, {
    carc: '197',
    group: 'CO',
    noticeDate: isoDateOfEpochMs(Date.now() - 2 * 86_400_000),
  });
  expect(denied.status).toBe(200);
  return claimId;
}

/** The claim as an unscoped admin sees it. */
async function adminView(claimId: string): Promise<any> {
  const read = await getJson(system.baseUrl, `/claims/${claimId}`);
  expect(read.status).toBe(200);
  return read.body;
}

/** Waits for the claim's first status check (the simulated payer answers at once), so it stands still. */
async function checkedOnce(claimId: string): Promise<void> {
  await vi.waitFor(async () => expect((await adminView(claimId)).followUp.checks).toBeGreaterThan(0), {
    timeout: 30_000,
    interval: 200,
  });
}

function expectNotFound(answer: { status: number; body: any }, what: string): void {
  expect(answer.status, what).toBe(404);
  expect(answer.body.error, what).toBe('not_found');
}

beforeAll(async () => {
  system = await startSystem({
    databaseUrl: inject('databaseUrl'),
    temporalAddress: inject('temporalAddress'),
  });
  const scoped = { clients: [clientA] };
  key.specialist = await createKey(system.db, { role: 'specialist', name: 'a.specialist', ...scoped });
  key.lead = await createKey(system.db, { role: 'lead', name: 'a.lead', ...scoped });
  key.manager = await createKey(system.db, { role: 'manager', name: 'a.manager', ...scoped });
  key.admin = await createKey(system.db, { role: 'admin', name: 'a.admin', ...scoped });
  key.ingestion = await createKey(system.db, { role: 'ingestion', name: 'a.upload', ...scoped });
  key.adminB = await createKey(system.db, { role: 'admin', name: 'b.admin', clients: [clientB] });
  claimA = await register(clientA);
  claimB = await register(clientB);
  await checkedOnce(claimA);
  await checkedOnce(claimB);
});

afterAll(async () => {
  await system?.stop();
});

/** Every action with a body valid enough to reach the claim lookup. */
const actionBodies: Record<(typeof actionNames)[number], Record<string, unknown>> = {
  addNote: { text: 'Scoped note' },
  snooze: { until: '2026-12-01', reason: 'waiting' },
  resume: {},
  reschedule: { on: '2026-12-01', reason: 'later' },
  assign: { owner: 'a.specialist' },
  recordCorrectionSubmitted: { note: 'fixed' },
  recordDocumentsSent: { sentOn: '2026-10-21' },
  recordAppealFiled: { level: 1, filedOn: '2026-10-21' },
  recordPayment: { paidCents: 100, paidOn: '2026-10-21' },
  recordDenial: { carc: '197', group: 'CO', noticeDate: '2026-10-21' },
  flagForReview: { reason: 'check' },
  close: { reason: 'voided' },
};

type Case = () => Promise<void>;

const actionCases: Record<string, Case> = Object.fromEntries(
  actionNames.map((action) => [
    `POST /claims/{claimId}/actions/${action}`,
    async () => {
      const before = await adminView(claimB);
      const refused = await postJson(
        system.baseUrl,
        `/claims/${claimB}/actions/${action}`,
        actionBodies[action],
        {
          key: key.lead,
        },
      );
      expectNotFound(refused, `${action} on another client's claim`);
      const after = await adminView(claimB);
      expect(after.timeline).toEqual(before.timeline);
      // The same action on a claim of one's own client reaches its workflow (accepted or refused by it).
      const own = await register(clientA);
      const reached = await postJson(
        system.baseUrl,
        `/claims/${own}/actions/${action}`,
        actionBodies[action],
        {
          key: key.lead,
        },
      );
      expect([200, 409, 422], `${action} on one's own claim`).toContain(reached.status);
    },
  ]),
);

/** A file of the ingest fixtures with its claim ids replaced. */
async function example835(paid: string, denied: string): Promise<string> {
  const text = await readFile(path.resolve('tests/fixtures/x12/ingest/835-example.x12'), 'utf8');
  return text.replaceAll('CLM-1004', paid).replaceAll('CLM-9999', denied);
}

async function postX12(
  kind: string,
  file: string,
  credential: string,
): Promise<{ status: number; body: any }> {
  const response = await fetch(`${system.baseUrl}/ingest/${kind}`, {
    method: 'POST',
    headers: { 'content-type': 'application/edi-x12', authorization: `Bearer ${credential}` },
    body: file,
  });
  return { status: response.status, body: await response.json() };
}

const controlNumber = (): number => Math.floor(Math.random() * 999_999_998) + 1;

const cases: Record<string, Case> = {
  ...actionCases,

  'POST /claims': async () => {
    const claimId = uniqueClaimId();
    const body = {
      claimId,
      clientId: clientB,
      payerId: 'sim-commercial',
      patientAccountRef: 'PA-1',
      dateOfService: '2026-10-15',
      billedCents: 1_000,
      submittedOn: '2026-10-20',
    };
    const refused = await postJson(system.baseUrl, '/claims', body, { key: key.specialist });
    expect(refused.status).toBe(403);
    expect(refused.body.fields).toEqual([{ field: 'clientId', message: 'not one of your clients' }]);
    expect((await getJson(system.baseUrl, `/claims/${claimId}`)).status).toBe(404);

    // Another client's claim id is "in use", with nothing said about that claim.
    const taken = await postJson(
      system.baseUrl,
      '/claims',
      { ...body, claimId: claimB, clientId: clientA },
      {
        key: key.specialist,
      },
    );
    expect(taken.status).toBe(409);
    expect(taken.body).toEqual({ error: 'claim_conflict', message: `Claim id ${claimB} is already in use` });

    const own = await postJson(
      system.baseUrl,
      '/claims',
      { ...body, clientId: clientA },
      { key: key.specialist },
    );
    expect(own.status).toBe(201);
  },

  'GET /claims/{claimId}': async () => {
    const other = await getJson(system.baseUrl, `/claims/${claimB}`, { key: key.specialist });
    const missing = await getJson(system.baseUrl, `/claims/CLM-never-registered`, { key: key.specialist });
    expectNotFound(other, "another client's claim");
    expect(other.body.message).toBe(`No claim ${claimB}`);
    expect(Object.keys(other.body)).toEqual(Object.keys(missing.body));
    const own = await getJson(system.baseUrl, `/claims/${claimA}`, { key: key.specialist });
    expect(own.status).toBe(200);
    expect(own.body.claim.subscriber.memberId).toBe('ZZM5150');
  },

  'PUT /claims/{claimId}/parties': async () => {
    const changed = { ...parties, subscriber: { ...parties.subscriber, memberId: 'ZZM-CHANGED' } };
    const refused = await postJson(system.baseUrl, `/claims/${claimB}/parties`, changed, {
      method: 'PUT',
      key: key.specialist,
    });
    expectNotFound(refused, "another client's parties");
    expect((await adminView(claimB)).claim.subscriber.memberId).toBe('ZZM5150');
    const own = await register(clientA);
    const saved = await postJson(system.baseUrl, `/claims/${own}/parties`, changed, {
      method: 'PUT',
      key: key.specialist,
    });
    expect(saved.status).toBe(200);
  },

  'PUT /simulator/claims/{claimId}/script': async () => {
    const script = { responses: [{ category: 'F1', code: '65', paidCents: 1 }] };
    const refused = await postJson(system.baseUrl, `/simulator/claims/${claimB}/script`, script, {
      method: 'PUT',
      key: key.lead,
    });
    expectNotFound(refused, "another client's script");
    const { rows } = await system.db.query('SELECT responses FROM sim_payer_scripts WHERE claim_id = $1', [
      claimB,
    ]);
    expect(rows[0].responses).toEqual([{ category: 'P1', code: '20' }]);
    const unregistered = await postJson(
      system.baseUrl,
      `/simulator/claims/${uniqueClaimId()}/script`,
      script,
      {
        method: 'PUT',
        key: key.lead,
      },
    );
    expectNotFound(unregistered, 'a claim not registered, for a scoped caller');
    const own = await register(clientA);
    expect(
      (
        await postJson(system.baseUrl, `/simulator/claims/${own}/script`, script, {
          method: 'PUT',
          key: key.lead,
        })
      ).status,
    ).toBe(200);
  },

  'GET /simulator/claims/{claimId}/requests': async () => {
    expectNotFound(
      await getJson(system.baseUrl, `/simulator/claims/${claimB}/requests`, { key: key.specialist }),
      "another client's simulator requests",
    );
    expect(
      (await getJson(system.baseUrl, `/simulator/claims/${claimA}/requests`, { key: key.specialist })).status,
    ).toBe(200);
  },

  'GET /simulator/payers/{payerId}/requests': async () => {
    // Both claims have been asked about at least once (before all cases).
    const scoped = await getJson(system.baseUrl, '/simulator/payers/sim-commercial/requests?limit=5000', {
      key: key.specialist,
    });
    expect(scoped.status).toBe(200);
    const claimIds = new Set(scoped.body.requests.map((request: { claimId: string }) => request.claimId));
    expect(claimIds.has(claimA)).toBe(true);
    expect(claimIds.has(claimB)).toBe(false);
    const { rows } = await system.db.query('SELECT claim_id FROM claims WHERE client_id = $1', [clientA]);
    const own = new Set(rows.map((row: { claim_id: string }) => row.claim_id));
    expect([...claimIds].every((claimId) => own.has(claimId as string))).toBe(true);
    const all = await getJson(system.baseUrl, '/simulator/payers/sim-commercial/requests?limit=5000');
    expect(all.body.requests.some((request: { claimId: string }) => request.claimId === claimB)).toBe(true);
  },

  'PUT /simulator/payers/{payerId}/script': async () => {
    const refused = await postJson(
      system.baseUrl,
      '/simulator/payers/sim-commercial/script',
      { responses: [{ category: 'F1' }] },
      { method: 'PUT', key: key.admin },
    );
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ error: 'forbidden', clients: 'all' });
    const { rows } = await system.db.query(
      "SELECT 1 FROM sim_payer_payer_scripts WHERE payer_id = 'sim-commercial' AND responses = $1",
      [JSON.stringify([{ category: 'F1' }])],
    );
    expect(rows).toEqual([]);
  },

  'PUT /simulator/payers/{payerId}/behaviour': async () => {
    const refused = await postJson(
      system.baseUrl,
      '/simulator/payers/sim-commercial/behaviour',
      { serverErrorRate: 1 },
      { method: 'PUT', key: key.admin },
    );
    expect(refused.status).toBe(403);
    const behaviour = await getJson(system.baseUrl, '/simulator/payers/sim-commercial/behaviour');
    expect(behaviour.body.behaviour.serverErrorRate ?? 0).not.toBe(1);
  },

  'GET /simulator/payers/{payerId}/behaviour': async () => {
    // A payer's simulated behaviour belongs to no client.
    const read = await getJson(system.baseUrl, '/simulator/payers/sim-commercial/behaviour', {
      key: key.specialist,
    });
    expect(read.status).toBe(200);
  },

  'GET /payers/outages': async () => {
    // Outages are the payer's, one per payer and channel, and name no claim or client.
    const read = await getJson(system.baseUrl, '/payers/outages', { key: key.specialist });
    expect(read.status).toBe(200);
    for (const outage of read.body.outages) {
      expect(Object.keys(outage).sort()).toEqual(
        ['channel', 'closedAt', 'escalationNote', 'openedAt', 'outageId', 'payerId', 'reason'].sort(),
      );
    }
  },

  'POST /ingest/835': async () => {
    const paid = await register(clientA);
    const denied = await register(clientB);
    await checkedOnce(denied);
    const before = await adminView(denied);
    const answer = await postX12('835', await example835(paid, denied), key.ingestion);
    expect(answer.status).toBe(201);
    expect(answer.body.claims).toEqual([
      expect.objectContaining({ claimId: paid, outcome: 'signalled' }),
      expect.objectContaining({ claimId: denied, outcome: 'unknown_claim', reason: 'outside_scope' }),
    ]);
    const after = await adminView(denied);
    expect(after.timeline).toEqual(before.timeline);
    expect(after.followUp.phase).toBe(before.followUp.phase);
    // The payment was not claimed by the scoped upload: whoever may reach the claim still gets it.
    const { rows } = await system.db.query(
      "SELECT 1 FROM x12_remittance_payments WHERE business_key LIKE '%' || $1 || '%'",
      [denied],
    );
    expect(rows).toEqual([]);
  },

  'POST /ingest/277': async () => {
    const own = await register(clientA);
    const other = await register(clientB);
    const file = build277(controlNumber(), [
      { traceNumber: own, patientControlNumber: own, category: 'F2', code: '88' },
      { traceNumber: other, patientControlNumber: other, category: 'F2', code: '88' },
    ]);
    const answer = await postX12('277', file, key.ingestion);
    expect(answer.status).toBe(201);
    expect(answer.body.claims.map((claim: any) => [claim.claimId, claim.outcome, claim.reason])).toEqual([
      [own, 'signalled', undefined],
      [other, 'unknown_claim', 'outside_scope'],
    ]);
    await checkedOnce(other);
    expect((await adminView(other)).followUp.phase).toBe('in_adjudication');
  },

  'POST /ingest/999': async () => {
    // A 999 names no claim: its rejections are kept for a person who sees every client.
    const answer = await postX12('999', build999Rejection(controlNumber(), '4242'), key.ingestion);
    expect(answer.status).toBe(201);
    const fileId = answer.body.fileId as string;
    const scoped = await getJson(system.baseUrl, `/ingest/unmatched?fileId=${fileId}`, {
      key: key.specialist,
    });
    expect(scoped.body.events).toEqual([]);
    const all = await getJson(system.baseUrl, `/ingest/unmatched?fileId=${fileId}`);
    expect(all.body.events.length).toBeGreaterThan(0);
  },

  'GET /ingest/unmatched': async () => {
    // A scoped upload keeps an event of a closed claim of A and one of a claim of B.
    const own = await register(clientA);
    expect(
      (await postJson(system.baseUrl, `/claims/${own}/actions/close`, { reason: 'voided' })).status,
    ).toBe(200);
    await system.temporal.workflow.getHandle((await adminView(own)).workflowId).result();
    const other = await register(clientB);
    const file = build277(controlNumber(), [
      { traceNumber: own, patientControlNumber: own, category: 'P1', code: '20' },
      { traceNumber: other, patientControlNumber: other, category: 'P1', code: '20' },
    ]);
    const kept = await postX12('277', file, key.ingestion);
    expect(kept.body.claims.map((claim: any) => [claim.claimId, claim.reason])).toEqual([
      [own, 'closed'],
      [other, 'outside_scope'],
    ]);
    const listed = async (credential: string) =>
      (
        await getJson(system.baseUrl, `/ingest/unmatched?fileId=${kept.body.fileId}`, { key: credential })
      ).body.events.map((event: { claimId: string }) => event.claimId);
    expect(await listed(key.specialist)).toEqual([own]);
    expect(await listed(key.adminB)).toEqual([other]);
    expect((await listed(system.adminKey)).sort()).toEqual([own, other].sort());
  },

  'PUT /clients/{clientId}/cadence-profile': async () => {
    const profile = {
      effectiveFrom: '2026-01-01',
      source: 'contract 2026-7',
      recheckAfterDays: { pending: 7 },
    };
    const before = await getJson(system.baseUrl, `/clients/${clientB}/cadence-profile`);
    const refused = await postJson(system.baseUrl, `/clients/${clientB}/cadence-profile`, profile, {
      method: 'PUT',
      key: key.lead,
    });
    expectNotFound(refused, "another client's cadence profile");
    const after = await getJson(system.baseUrl, `/clients/${clientB}/cadence-profile`);
    expect([after.status, after.body]).toEqual([before.status, before.body]);
    const own = await postJson(system.baseUrl, `/clients/${clientA}/cadence-profile`, profile, {
      method: 'PUT',
      key: key.lead,
    });
    expect(own.status).toBe(201);
  },

  'GET /clients/{clientId}/cadence-profile': async () => {
    const profile = { effectiveFrom: '2026-01-01', source: 'contract B', recheckAfterDays: { pending: 10 } };
    expect(
      (await postJson(system.baseUrl, `/clients/${clientB}/cadence-profile`, profile, 'PUT')).status,
    ).toBe(201);
    expectNotFound(
      await getJson(system.baseUrl, `/clients/${clientB}/cadence-profile`, { key: key.specialist }),
      "another client's profile",
    );
    expect(
      (await getJson(system.baseUrl, `/clients/${clientB}/cadence-profile`, { key: key.adminB })).status,
    ).toBe(200);
  },

  'POST /payer-rule-sets/{ruleSetId}/versions': async () => {
    const refused = await postJson(
      system.baseUrl,
      '/payer-rule-sets/aetna/versions',
      { effectiveFrom: 'x' },
      {
        key: key.lead,
      },
    );
    expect(refused.status).toBe(403);
    expect(refused.body.message).toContain('every client');
    // An unscoped lead gets as far as validation.
    const unscopedLead = await createKey(system.db, { role: 'lead', name: 'all.lead' });
    const checked = await postJson(
      system.baseUrl,
      '/payer-rule-sets/aetna/versions',
      { effectiveFrom: 'x' },
      {
        key: unscopedLead,
      },
    );
    expect(checked.status).toBe(400);
  },

  'POST /claims/{claimId}/appeal-packet': async () => {
    const other = await deniedClaim(clientB);
    const refused = await postJson(system.baseUrl, `/claims/${other}/appeal-packet`, {}, { key: key.lead });
    expectNotFound(refused, "a packet for another client's claim");
    expect((await getJson(system.baseUrl, `/claims/${other}/appeal-packets`)).body.packets).toEqual([]);
    // One's own claim is reached (and refused by the use case: it is not denied).
    const reached = await postJson(system.baseUrl, `/claims/${claimA}/appeal-packet`, {}, { key: key.lead });
    expect(reached.status).toBe(422);
  },

  'GET /claims/{claimId}/appeal-packets': async () => {
    expectNotFound(
      await getJson(system.baseUrl, `/claims/${claimB}/appeal-packets`, { key: key.specialist }),
      "another client's packets",
    );
    const own = await getJson(system.baseUrl, `/claims/${claimA}/appeal-packets`, { key: key.specialist });
    expect(own).toMatchObject({ status: 200, body: { packets: [] } });
  },

  'GET /claims/{claimId}/appeal-packets/{file}': async () => {
    const other = await deniedClaim(clientB);
    const made = await postJson(system.baseUrl, `/claims/${other}/appeal-packet`, {});
    expect(made.status).toBe(201);
    const document = (credential: string) =>
      fetch(`${system.baseUrl}${made.body.links.pdf as string}`, {
        headers: { authorization: `Bearer ${credential}` },
      });
    const refused = await document(key.specialist);
    expect(refused.status).toBe(404);
    expect(((await refused.json()) as { message: string }).message).toBe(`No claim ${other}`);
    const allowed = await document(key.adminB);
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('content-type')).toBe('application/pdf');
  },

  'GET /payers/{payerId}/appeal-contact': async () => {
    // A payer's appeal address names no client.
    const read = await getJson(system.baseUrl, '/payers/sim-aetna/appeal-contact', { key: key.specialist });
    expect(read.status).toBe(200);
  },

  'PUT /payers/{payerId}/appeal-contact': async () => {
    const before = await getJson(system.baseUrl, '/payers/sim-aetna/appeal-contact');
    const refused = await postJson(
      system.baseUrl,
      '/payers/sim-aetna/appeal-contact',
      { channel: 'fax', fax: '555-010-0199', source: 'a scoped lead' },
      { method: 'PUT', key: key.lead },
    );
    expect(refused.status).toBe(403);
    expect(refused.body.message).toContain('every client');
    expect((await getJson(system.baseUrl, '/payers/sim-aetna/appeal-contact')).body).toEqual(before.body);
  },

  'GET /openapi.json': async () => {
    // The description of the API holds no client data.
    expect((await getJson(system.baseUrl, '/openapi.json', { key: key.specialist })).status).toBe(200);
  },

  'GET /auth/me': async () => {
    const me = await getJson(system.baseUrl, '/auth/me', { key: key.specialist });
    expect(me.body).toMatchObject({ id: 'a.specialist', clients: [clientA] });
  },

  'POST /auth/keys': async () => {
    const create = (clients: unknown) =>
      postJson(system.baseUrl, '/auth/keys', { name: 'a.new', role: 'lead', clients }, { key: key.admin });
    const wider = await create([clientB]);
    expect(wider.status).toBe(403);
    expect(wider.body.fields).toEqual([{ field: 'clients', message: expect.stringContaining(clientB) }]);
    expect((await create('all')).status).toBe(403);
    expect((await create([clientA])).status).toBe(201);
  },

  'GET /auth/keys': async () => {
    const listed = await getJson(system.baseUrl, '/auth/keys', { key: key.admin });
    const names = listed.body.keys.map((k: { name: string }) => k.name);
    expect(names).toEqual(expect.arrayContaining(['a.specialist', 'a.lead', 'a.admin']));
    expect(names).not.toContain('b.admin');
    expect(names).not.toContain('test-admin');
    expect(
      listed.body.keys.every(
        (k: { clients: unknown }) => JSON.stringify(k.clients) === JSON.stringify([clientA]),
      ),
    ).toBe(true);
  },

  'DELETE /auth/keys/{keyId}': async () => {
    const keyIdOf = (token: string): string => token.split('_')[1]!;
    const refused = await postJson(
      system.baseUrl,
      `/auth/keys/${keyIdOf(key.adminB)}`,
      {},
      {
        method: 'DELETE',
        key: key.admin,
      },
    );
    expectNotFound(refused, 'a key of another client');
    expect((await getJson(system.baseUrl, '/auth/me', { key: key.adminB })).status).toBe(200);
    const doomed = await createKey(system.db, { role: 'specialist', name: 'a.doomed', clients: [clientA] });
    const revoked = await postJson(
      system.baseUrl,
      `/auth/keys/${keyIdOf(doomed)}`,
      {},
      {
        method: 'DELETE',
        key: key.admin,
      },
    );
    expect(revoked.status).toBe(200);
    expect((await getJson(system.baseUrl, '/auth/me', { key: doomed })).status).toBe(401);
  },

  'GET /audit': async () => {
    expect((await getJson(system.baseUrl, `/claims/${claimB}`)).status).toBe(200);
    expect((await getJson(system.baseUrl, `/claims/${claimA}`)).status).toBe(200);
    const other = await getJson(system.baseUrl, `/audit?target=${claimB}`, { key: key.manager });
    expect(other.status).toBe(200);
    expect(other.body.entries).toEqual([]);
    const own = await getJson(system.baseUrl, `/audit?target=${claimA}`, { key: key.manager });
    expect(own.body.entries.length).toBeGreaterThan(0);
    expect(own.body.entries.every((entry: { clientId: string }) => entry.clientId === clientA)).toBe(true);
    const everything = await getJson(system.baseUrl, '/audit?limit=1000', { key: key.manager });
    expect(everything.body.entries.every((entry: { clientId: string }) => entry.clientId === clientA)).toBe(
      true,
    );
  },
};

describe('client scoping on every route', () => {
  it('has a case for every operation of the OpenAPI document', () => {
    const operations = securedOperations().map((operation) => operation.key);
    expect(Object.keys(cases).sort()).toEqual(operations.sort());
  });

  it.each(Object.keys(cases).sort())('%s', async (operation) => {
    await cases[operation]!();
  });
});
