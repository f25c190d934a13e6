import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { simulatorRoutes } from '../../src/api/simulator';
import { createPool, type Db } from '../../src/db/pool';
import {
  createSimulatedPayerStore,
  listSimulatorPayerRequests,
  listSimulatorRequests,
  saveSimulatorBehaviour,
  saveSimulatorPayerScript,
  saveSimulatorScript,
} from '../../src/db/simulator';
import { createSimulatedPayer } from '../../src/payers/simulated-payer';
import type { ClaimSubmission, PayerChannel, StatusInquiry } from '../../src/payers/types';
import { FakeClock } from '../support/fake-clock';
import { getJson, postJson, startRoutes } from '../support/system';

let db: Db;
let api: { url: string; close: () => Promise<void> };

beforeAll(async () => {
  db = createPool({ connectionString: inject('databaseUrl'), max: 4 });
  api = await startRoutes(db, [simulatorRoutes({ db })]);
});

afterAll(async () => {
  await api?.close();
  await db?.end();
});

/** A payer of its own, so behaviour set here never reaches another test's claims. */
async function newPayer(): Promise<string> {
  const payerId = `sim-test-${randomUUID().slice(0, 8)}`;
  await db.query(
    `INSERT INTO payers (payer_id, name, payer_class, channel) VALUES ($1, $2, 'commercial', 'simulated')`,
    [payerId, `Test payer ${payerId}`],
  );
  return payerId;
}

async function newClaim(payerId: string, billedCents = 125_000): Promise<string> {
  const claimId = `CLM-${randomUUID().slice(0, 12)}`;
  await db.query(
    `INSERT INTO claims (claim_id, client_id, payer_id, patient_account_ref, date_of_service, billed_cents, submitted_on, workflow_id)
     VALUES ($1, 'northside-clinic', $2, 'PA-1', '2026-08-03', $3, '2026-08-04', $4)`,
    [claimId, payerId, billedCents, `claim-${claimId}`],
  );
  return claimId;
}

function ask(payer: PayerChannel, claimId: string, payerId: string, seq: number) {
  const inquiry: StatusInquiry = { idempotencyKey: `claim-${claimId}:check:${seq}`, claimId, payerId, seq };
  return payer.checkStatus(inquiry);
}

function corrected(claimId: string, payerId: string, n: number): ClaimSubmission {
  return {
    idempotencyKey: `claim-${claimId}:submit:${n}`,
    claimId,
    payerId,
    kind: 'corrected',
    frequencyCode: '7',
    payerClaimNumber: 'ICN-ORIGINAL',
  };
}

describe('simulated payer on real PostgreSQL', () => {
  it('plays "A7, then after resubmission P1, P1, F1 paid 80%", and a retried submission is answered the same and counted once', async () => {
    const payerId = await newPayer();
    const claimId = await newClaim(payerId, 125_000);
    await saveSimulatorScript(db, claimId, [
      { category: 'A7', code: '21' },
      { after: 'resubmission' },
      { category: 'P1', code: '20' },
      { category: 'P1', code: '20' },
      { category: 'F1', code: '65', paidPercent: 80 },
    ]);
    const payer = createSimulatedPayer(createSimulatedPayerStore(db), { clock: new FakeClock() });

    expect(await ask(payer, claimId, payerId, 1)).toEqual({ category: 'A7', code: '21' });
    expect(await ask(payer, claimId, payerId, 2)).toEqual({ category: 'A7', code: '21' });
    const receipt = await payer.submitClaim(corrected(claimId, payerId, 1));
    expect(receipt).toMatchObject({
      category: 'A2',
      code: '20',
      payerClaimNumber: expect.stringMatching(/^SIM/),
    });
    expect(await payer.submitClaim(corrected(claimId, payerId, 1))).toEqual(receipt);

    const answers = [];
    for (const seq of [3, 4, 5, 6]) answers.push(await ask(payer, claimId, payerId, seq));
    // The payer now knows the claim by the number its receipt gave, as a 277 would report it.
    const icn = receipt.payerClaimNumber;
    expect(answers).toEqual([
      { category: 'P1', code: '20', payerClaimNumber: icn },
      { category: 'P1', code: '20', payerClaimNumber: icn },
      { category: 'F1', code: '65', paidCents: 100_000, payerClaimNumber: icn },
      { category: 'F1', code: '65', paidCents: 100_000, payerClaimNumber: icn },
    ]);

    const log = await listSimulatorRequests(db, claimId);
    expect(log.map((r) => `${r.kind}:${r.seq}`)).toEqual([
      'status:1',
      'status:2',
      'submission:2',
      'submission:2',
      'status:3',
      'status:4',
      'status:5',
      'status:6',
    ]);
    expect(log[2]!.request).toEqual({
      kind: 'corrected',
      frequencyCode: '7',
      payerClaimNumber: 'ICN-ORIGINAL',
    });
    expect(log[3]!.response).toMatchObject({ duplicate: true, payerClaimNumber: receipt.payerClaimNumber });
    // Each idempotency key appears once per kind except the retried submission: nothing else was sent twice.
    expect(new Set(log.filter((r) => r.kind === 'status').map((r) => r.idempotencyKey)).size).toBe(6);
  });

  it('when a scripted submission is rejected, then the script does not move on until one is accepted', async () => {
    const payerId = await newPayer();
    const claimId = await newClaim(payerId);
    await saveSimulatorScript(
      db,
      claimId,
      [{ category: 'A7' }, { after: 'resubmission' }, { category: 'F1', code: '65' }],
      [
        { category: 'A3', code: '21' },
        { category: 'A2', code: '20' },
      ],
    );
    const payer = createSimulatedPayer(createSimulatedPayerStore(db), { clock: new FakeClock() });
    await ask(payer, claimId, payerId, 1);
    expect(await payer.submitClaim(corrected(claimId, payerId, 1))).toMatchObject({ category: 'A3' });
    expect(await ask(payer, claimId, payerId, 2)).toMatchObject({ category: 'A7' });
    expect(await payer.submitClaim(corrected(claimId, payerId, 2))).toMatchObject({ category: 'A2' });
    expect(await ask(payer, claimId, payerId, 3)).toMatchObject({ category: 'F1' });
  });

  it("answers a payer's claims from the payer's script unless a claim has its own", async () => {
    const payerId = await newPayer();
    const [shared, own] = [await newClaim(payerId), await newClaim(payerId)];
    await saveSimulatorPayerScript(db, payerId, [{ category: 'R4', code: '294' }]);
    await saveSimulatorScript(db, own, [{ category: 'F2', code: '3' }]);
    const payer = createSimulatedPayer(createSimulatedPayerStore(db), { clock: new FakeClock() });
    expect(await ask(payer, shared, payerId, 1)).toMatchObject({ category: 'R4', code: '294' });
    expect(await ask(payer, own, payerId, 1)).toMatchObject({ category: 'F2', code: '3' });
  });

  it('behaves per payer: latency, 429 with Retry-After, 5xx and timeouts, each request still recorded', async () => {
    const payerId = await newPayer();
    const claimId = await newClaim(payerId);
    const clock = new FakeClock();
    const payer = createSimulatedPayer(createSimulatedPayerStore(db), {
      clock,
      timeoutMs: 30_000,
      random: () => 0.5,
    });

    await saveSimulatorBehaviour(db, payerId, { latencyMs: { min: 100, max: 300 } });
    await ask(payer, claimId, payerId, 1);
    expect(clock.sleeps).toEqual([200]);

    await saveSimulatorBehaviour(db, payerId, { rateLimitRate: 1, retryAfterSeconds: 7 });
    await expect(ask(payer, claimId, payerId, 2)).rejects.toMatchObject({
      kind: 'transient',
      retryAfterMs: 7_000,
    });

    await saveSimulatorBehaviour(db, payerId, { serverErrorRate: 1 });
    await expect(ask(payer, claimId, payerId, 2)).rejects.toMatchObject({
      kind: 'transient',
      message: expect.stringContaining('500'),
    });

    clock.sleeps.length = 0;
    await saveSimulatorBehaviour(db, payerId, { timeoutRate: 1 });
    await expect(ask(payer, claimId, payerId, 2)).rejects.toMatchObject({
      kind: 'transient',
      message: expect.stringContaining('30000 ms'),
    });
    expect(clock.sleeps).toEqual([30_000]);

    const log = await listSimulatorRequests(db, claimId);
    expect(log.map((r) => r.response)).toEqual([
      expect.objectContaining({ category: 'P1', code: '20' }),
      { fault: 'rate_limited' },
      { fault: 'server_error' },
      { fault: 'timeout' },
    ]);
  });

  it('fails every request inside an outage window, by time, and answers again once it ends', async () => {
    const payerId = await newPayer();
    const claimId = await newClaim(payerId);
    const clock = new FakeClock(Date.parse('2026-10-12T13:59:00Z'));
    await saveSimulatorBehaviour(db, payerId, {
      outages: [{ from: '2026-10-12T14:00:00Z', to: '2026-10-12T15:00:00Z' }],
    });
    const payer = createSimulatedPayer(createSimulatedPayerStore(db), { clock });
    await expect(ask(payer, claimId, payerId, 1)).resolves.toMatchObject({ category: 'P1' });
    clock.advance(60_000);
    await expect(ask(payer, claimId, payerId, 2)).rejects.toMatchObject({
      kind: 'transient',
      message: expect.stringContaining('503'),
    });
    clock.advance(3_600_000);
    await expect(ask(payer, claimId, payerId, 2)).resolves.toMatchObject({ category: 'F1' });
    expect((await listSimulatorPayerRequests(db, payerId, { scope: 'all' })).map((r) => r.response)).toEqual([
      expect.objectContaining({ category: 'P1', code: '20' }),
      { fault: 'outage' },
      expect.objectContaining({ category: 'F1', code: '65' }),
    ]);
  });
});

describe('simulator routes over HTTP', () => {
  it('sets and reads back a payer behaviour with defaults filled in, and rejects impossible rates naming the field', async () => {
    const payerId = await newPayer();
    const saved = await postJson(
      api.url,
      `/simulator/payers/${payerId}/behaviour`,
      { serverErrorRate: 0.2, outages: [{ from: '2026-10-12T14:00:00Z', to: '2026-10-12T15:00:00Z' }] },
      'PUT',
    );
    expect(saved.status).toBe(200);
    expect(saved.body.behaviour).toMatchObject({
      serverErrorRate: 0.2,
      timeoutRate: 0,
      latencyMs: { min: 0, max: 0 },
    });
    expect((await getJson(api.url, `/simulator/payers/${payerId}/behaviour`)).body).toEqual(saved.body);

    const bad = await postJson(
      api.url,
      `/simulator/payers/${payerId}/behaviour`,
      { timeoutRate: 0.6, serverErrorRate: 0.6 },
      'PUT',
    );
    expect(bad.status).toBe(400);
    expect(bad.body.fields).toEqual([expect.objectContaining({ field: 'rateLimitRate' })]);
    const backwards = await postJson(
      api.url,
      `/simulator/payers/${payerId}/behaviour`,
      { outages: [{ from: '2026-10-12T15:00:00Z', to: '2026-10-12T14:00:00Z' }] },
      'PUT',
    );
    expect(backwards.body.fields).toEqual([expect.objectContaining({ field: 'outages.0.to' })]);
  });

  it('keeps the per-claim script route, accepts resubmission markers, and rejects a marker with nothing after it', async () => {
    const claimId = `CLM-${randomUUID().slice(0, 12)}`;
    const ok = await postJson(
      api.url,
      `/simulator/claims/${claimId}/script`,
      { responses: [{ category: 'A7' }, { after: 'resubmission' }, { category: 'F1', paidPercent: 80 }] },
      'PUT',
    );
    expect(ok.status).toBe(200);
    const bad = await postJson(
      api.url,
      `/simulator/claims/${claimId}/script`,
      { responses: [{ category: 'A7' }, { after: 'resubmission' }] },
      'PUT',
    );
    expect(bad.status).toBe(400);
    expect(bad.body.fields).toEqual([expect.objectContaining({ field: 'responses.1' })]);

    const payerScript = await postJson(
      api.url,
      `/simulator/payers/some-payer/script`,
      { responses: [{ category: 'P1' }] },
      'PUT',
    );
    expect(payerScript.status).toBe(200);
    const requests = await getJson(api.url, `/simulator/payers/some-payer/requests?limit=5`);
    expect(requests.body).toEqual({ payerId: 'some-payer', requests: [] });
  });
});
