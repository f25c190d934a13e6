import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { payerRoutes } from '../../src/api/payers';
import { listPayerOutages } from '../../src/db/payer-outages';
import { createPool, type Db } from '../../src/db/pool';
import {
  createSimulatedPayerStore,
  listSimulatorPayerRequests,
  listSimulatorRequests,
  saveSimulatorBehaviour,
  saveSimulatorPayerScript,
} from '../../src/db/simulator';
import { createPayerProtection, postgresOutageRecorder } from '../../src/payers/protection';
import { type Answered, type PayerRegistry, createPayerRegistry } from '../../src/payers/registry';
import { createSimulatedPayer } from '../../src/payers/simulated-payer';
import { PayerError, type StatusResponse } from '../../src/payers/types';
import { FakeClock } from '../support/fake-clock';
import { getJson, startRoutes } from '../support/system';

const MINUTE = 60_000;
let db: Db;
let api: { url: string; close: () => Promise<void> };

beforeAll(async () => {
  db = createPool({ connectionString: inject('databaseUrl'), max: 6 });
  api = await startRoutes(db, [payerRoutes({ db })]);
});

afterAll(async () => {
  await api?.close();
  await db?.end();
});

/** A payer of its own with `claims` claims, answering P1 for each, and an outage window from `from` to `to`. */
async function payerWithOutage(
  claims: number,
  from: number,
  to: number,
): Promise<{ payerId: string; claimIds: string[] }> {
  const payerId = `sim-outage-${randomUUID().slice(0, 8)}`;
  await db.query(
    `INSERT INTO payers (payer_id, name, payer_class, channel) VALUES ($1, $1, 'commercial', 'simulated')`,
    [payerId],
  );
  await saveSimulatorPayerScript(db, payerId, [{ category: 'P1', code: '20' }]);
  await saveSimulatorBehaviour(db, payerId, {
    outages: [{ from: new Date(from).toISOString(), to: new Date(to).toISOString() }],
  });
  const claimIds: string[] = [];
  for (let i = 0; i < claims; i += 1) {
    const claimId = `CLM-${randomUUID().slice(0, 12)}`;
    await db.query(
      `INSERT INTO claims (claim_id, client_id, payer_id, patient_account_ref, date_of_service, billed_cents, submitted_on, workflow_id)
       VALUES ($1, 'northside-clinic', $2, 'PA-1', '2026-08-03', 10000, '2026-08-04', $3)`,
      [claimId, payerId, `claim-${claimId}`],
    );
    claimIds.push(claimId);
  }
  return { payerId, claimIds };
}

/** The worker's wiring: the simulated channel behind per-payer protection that records outages in PostgreSQL. */
function workerRegistry(clock: FakeClock): PayerRegistry {
  return createPayerRegistry({
    channels: [createSimulatedPayer(createSimulatedPayerStore(db), { clock })],
    default: ['simulated'],
    protection: createPayerProtection({
      clock,
      random: () => 0,
      limits: {
        breaker: { failureThreshold: 3, coolDownMs: MINUTE, maxCoolDownMs: 8 * MINUTE, halfOpenProbes: 1 },
      },
      outages: postgresOutageRecorder(db),
    }),
  });
}

async function check(
  registry: PayerRegistry,
  payerId: string,
  claimId: string,
  seq: number,
): Promise<{ answer?: Answered<StatusResponse>; error?: PayerError }> {
  const inquiry = { idempotencyKey: `claim-${claimId}:check:${seq}`, claimId, payerId, seq };
  try {
    return { answer: await registry.checkStatus(payerId, inquiry) };
  } catch (error) {
    if (!(error instanceof PayerError)) throw error;
    return { error };
  }
}

describe('per-payer protection through a simulated payer outage', () => {
  it('when the payer goes down, then the breaker trips once, later checks fail fast without reaching it, one outage is escalated, and checks resume when it recovers', async () => {
    const clock = new FakeClock();
    const start = clock.now();
    const { payerId, claimIds } = await payerWithOutage(12, start + MINUTE, start + 10 * MINUTE);
    const registry = workerRegistry(clock);

    // Before the window: answered.
    expect(await check(registry, payerId, claimIds[0]!, 1)).toMatchObject({
      answer: { category: 'P1', code: '20', channel: 'simulated' },
    });

    // In the window: the first three inquiries reach the payer and fail; the breaker trips on the third.
    clock.advance(MINUTE);
    const during = [];
    for (const claimId of claimIds.slice(1)) during.push(await check(registry, payerId, claimId, 1));
    expect(during.slice(0, 3).map((r) => r.error?.message)).toEqual(
      Array(3).fill('simulated payer outage: 503 Service Unavailable'),
    );
    for (const refused of during.slice(3)) {
      expect(refused.error).toMatchObject({ kind: 'transient', retryAfterMs: MINUTE });
      expect(refused.error?.message).toContain('circuit open');
    }
    // The channel picked by name (as the activity does today) is held back too.
    await expect(
      registry
        .channel('simulated')
        .checkStatus({ idempotencyKey: 'k', claimId: claimIds[11]!, payerId, seq: 2 }),
    ).rejects.toMatchObject({ kind: 'transient', retryAfterMs: MINUTE });

    // The payer's request log proves the refused inquiries never reached it.
    expect((await listSimulatorPayerRequests(db, payerId, { scope: 'all' })).map((r) => r.claimId)).toEqual(
      claimIds.slice(0, 4),
    );
    for (const claimId of claimIds.slice(4)) expect(await listSimulatorRequests(db, claimId)).toEqual([]);

    // One outage, one escalation, for the payer: not one per claim.
    const opened = await listPayerOutages(db, { payerId });
    expect(opened).toHaveLength(1);
    expect(opened[0]).toMatchObject({
      channel: 'simulated',
      openedAt: new Date(clock.now()),
      closedAt: null,
    });
    expect(opened[0]!.escalationNote).toContain(`Payer ${payerId} is not answering on channel simulated`);
    expect(opened[0]!.escalationNote).toContain('3 failed request(s) in a row');
    const viaApi = await getJson(api.url, `/payers/outages?open=true&payerId=${payerId}`);
    expect(viaApi.body.outages).toEqual([
      expect.objectContaining({ payerId, channel: 'simulated', closedAt: null }),
    ]);

    // After the cool-down, still inside the window: one probe goes through, fails, and the breaker reopens for longer.
    clock.advance(MINUTE);
    const probe = await check(registry, payerId, claimIds[4]!, 1);
    expect(probe.error?.message).toContain('503');
    const held = await check(registry, payerId, claimIds[5]!, 1);
    expect(held.error).toMatchObject({ retryAfterMs: 2 * MINUTE });
    expect(await listSimulatorPayerRequests(db, payerId, { scope: 'all' })).toHaveLength(5);
    expect(await listPayerOutages(db, { payerId })).toHaveLength(1);

    // The window ends; after the cool-down the next probe succeeds: the breaker closes and so does the outage.
    clock.advance(8 * MINUTE);
    expect(clock.now()).toBeGreaterThanOrEqual(start + 10 * MINUTE);
    const recovered = [];
    for (const claimId of claimIds.slice(1)) recovered.push(await check(registry, payerId, claimId, 1));
    expect(recovered.every((r) => r.answer?.category === 'P1')).toBe(true);
    const closed = await listPayerOutages(db, { payerId });
    expect(closed).toEqual([expect.objectContaining({ closedAt: new Date(clock.now()) })]);
    expect(
      (await getJson(api.url, `/payers/outages?open=false&payerId=${payerId}`)).body.outages,
    ).toHaveLength(1);
    expect((await getJson(api.url, `/payers/outages?open=true&payerId=${payerId}`)).body.outages).toEqual([]);
  });

  it('when two worker processes trip on the same payer at once, then exactly one outage is opened, and it closes once', async () => {
    const clock = new FakeClock();
    const { payerId, claimIds } = await payerWithOutage(6, clock.now(), clock.now() + 5 * MINUTE);
    const workers = [workerRegistry(clock), workerRegistry(clock)];
    await Promise.all(
      workers.map(async (registry, w) => {
        for (let seq = 1; seq <= 3; seq += 1) await check(registry, payerId, claimIds[w * 3 + seq - 1]!, seq);
      }),
    );
    expect(await listPayerOutages(db, { payerId, open: true })).toHaveLength(1);

    clock.advance(6 * MINUTE);
    for (const registry of workers)
      expect((await check(registry, payerId, claimIds[0]!, 4)).answer).toBeDefined();
    const outages = await listPayerOutages(db, { payerId });
    expect(outages).toHaveLength(1);
    expect(outages[0]!.closedAt).not.toBeNull();
  });

  it('rejects an outage filter that is not true or false, naming the field', async () => {
    const bad = await getJson(api.url, '/payers/outages?open=maybe');
    expect(bad.status).toBe(400);
    expect(bad.body.fields).toEqual([expect.objectContaining({ field: 'open' })]);
  });
});
