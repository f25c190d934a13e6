import { randomUUID } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { MockActivityEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createActivities } from '../../src/activities';
import { federalCalendar } from '../../src/domain/business-calendar';
import { projectionOf } from '../../src/domain/claim-view';
import { defaultCadencePolicy } from '../../src/domain/data/cadence-policies';
import { seedPayerRuleSets } from '../../src/domain/data/payer-rules';
import { startClaim } from '../../src/domain/lifecycle';
import { listWorkItems } from '../../src/db/work-items';
import { insertClaim, initClaimState, findClaimState } from '../../src/db/claims';
import { migrate } from '../../src/db/migrate';
import { createPool, ensureDatabase, type Db } from '../../src/db/pool';
import { seedReferenceData } from '../../src/db/seed';
import {
  createSimulatedPayerStore,
  listSimulatorRequests,
  saveSimulatorScript,
} from '../../src/db/simulator';
import { listTimeline } from '../../src/db/timeline';
import { insertClaimParties } from '../../src/db/claim-parties';
import { closePayerOutage, isPayerOutageOpen, openPayerOutage } from '../../src/db/payer-outages';
import {
  claimIdsByTraceNumber,
  findX12ClaimRecords,
  nextInterchangeControlNumber,
  recordX12Inquiry,
} from '../../src/db/x12-inquiries';
import { createPayerRegistry } from '../../src/payers/registry';
import { createSimulatedPayer } from '../../src/payers/simulated-payer';
import {
  type CheckClaimStatusInput,
  type StatusCheckOutcome,
  claimWorkflowId,
} from '../../src/shared/contracts';

let db: Db;

beforeAll(() => {
  db = createPool({ connectionString: inject('databaseUrl'), max: 5 });
});

afterAll(async () => {
  await db?.end();
});

describe('migrations', () => {
  it('when run again, apply nothing and keep every file recorded', async () => {
    const files = (await readdir(path.resolve('src/db/migrations'))).filter((f) => f.endsWith('.sql')).sort();
    expect(await migrate(db)).toEqual([]);
    const { rows } = await db.query<{ name: string }>('SELECT name FROM schema_migrations ORDER BY name');
    expect(rows.map((r) => r.name)).toEqual(files);
  });

  it('when several processes start at once on a new database, then each file is applied exactly once', async () => {
    const name = `tickler_migrate_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
    const url = new URL(inject('databaseUrl'));
    const adminUrl = new URL(url);
    adminUrl.pathname = '/postgres';
    await ensureDatabase(adminUrl.toString(), name);
    url.pathname = `/${name}`;
    const pools = [1, 2, 3].map(() => createPool({ connectionString: url.toString(), max: 1 }));
    try {
      const applied = await Promise.all(pools.map((pool) => migrate(pool)));
      const files = (await readdir(path.resolve('src/db/migrations')))
        .filter((f) => f.endsWith('.sql'))
        .sort();
      expect(applied.flat().sort()).toEqual(files);
      await seedReferenceData(pools[0]!);
      await seedReferenceData(pools[1]!);
      const { rows } = await pools[0]!.query<{ n: string }>('SELECT count(*) AS n FROM payers');
      expect(Number(rows[0]!.n)).toBeGreaterThanOrEqual(4);
    } finally {
      await Promise.all(pools.map((pool) => pool.end()));
    }
  });
});

describe('checkClaimStatus activity against real PostgreSQL', () => {
  async function registeredClaim(): Promise<string> {
    const claimId = `CLM-${randomUUID().slice(0, 12)}`;
    await insertClaim(db, {
      claimId,
      clientId: 'northside-clinic',
      payerId: 'sim-medicare',
      patientAccountRef: 'PA-1',
      dateOfService: '2026-08-03',
      billedCents: 10_000,
      submittedOn: '2026-08-04',
      workflowId: claimWorkflowId(claimId),
    });
    const first = input(claimId, 1).state;
    await initClaimState(db, claimId, projectionOf(first, Date.now()));
    return claimId;
  }

  /** Runs the real activity in an activity context, as a worker would. */
  function runCheck(claimId: string, seq: number): Promise<StatusCheckOutcome> {
    const activities = createActivities({
      db,
      payers: createPayerRegistry([createSimulatedPayer(createSimulatedPayerStore(db))]),
    });
    return new MockActivityEnvironment().run(
      (i: CheckClaimStatusInput) => activities.checkClaimStatus(i),
      input(claimId, seq),
    );
  }

  function input(claimId: string, seq: number): CheckClaimStatusInput {
    const rules = seedPayerRuleSets.find((r) => r.id === 'medicare-ffs')!;
    const state = startClaim(
      {
        claimId,
        clientId: 'northside-clinic',
        payerId: 'sim-medicare',
        payerClass: 'medicare_ffs',
        payerOrder: 'primary',
        dateOfService: '2026-08-03',
        submittedOn: '2026-08-04',
        billedCents: 10_000,
        keyAccount: false,
        nextPayers: [],
      },
      defaultCadencePolicy,
      { now: Date.now(), calendar: federalCalendar, rules },
    );
    return {
      idempotencyKey: `${claimWorkflowId(claimId)}:check:${seq}`,
      workflowId: claimWorkflowId(claimId),
      seq,
      state,
      rulesRef: { id: rules.id, version: rules.version },
    };
  }

  it('when retried with the same key, then the payer is asked once, one event is written and the same outcome returns', async () => {
    const claimId = await registeredClaim();
    await saveSimulatorScript(db, claimId, [{ category: 'P1', code: '20' }]);
    const first = await runCheck(claimId, 1);
    const retried = await runCheck(claimId, 1);

    expect(retried).toEqual(first);
    // The workflow already holds this rule set version, so the rules are not sent back.
    expect(first.rules).toBeUndefined();
    expect(first.transition).toMatchObject({
      phase: 'in_adjudication',
      lastStatus: { category: 'P1', code: '20' },
    });
    expect(await listSimulatorRequests(db, claimId)).toHaveLength(1);
    const events = (await listTimeline(db, claimId, 'all')).filter((e) => e.kind === 'status_checked');
    expect(events).toHaveLength(1);
    expect((await findClaimState(db, claimId, 'all'))?.checks).toBe(1);
  });

  it('when the payer fails transiently, then the error is thrown for Temporal to retry and nothing is written', async () => {
    const claimId = await registeredClaim();
    await saveSimulatorScript(db, claimId, [{ fault: 'transient', message: 'clearinghouse timeout' }]);
    await expect(runCheck(claimId, 1)).rejects.toThrow('clearinghouse timeout');
    expect(await listTimeline(db, claimId, 'all')).toEqual([]);
    expect((await findClaimState(db, claimId, 'all'))?.checks).toBe(0);
  });

  it('when the payer fails permanently or answers an unknown category, then a work item opens for a person and the claim stays watched', async () => {
    for (const step of [{ fault: 'permanent', message: 'subscriber id invalid' }, { category: 'Z9' }]) {
      const claimId = await registeredClaim();
      await saveSimulatorScript(db, claimId, [step]);
      const outcome = await runCheck(claimId, 1);
      expect(outcome.transition.nextCheckAt).toBeGreaterThan(Date.now());
      expect(outcome.transition.event.summary).toMatch(/inquiry failed/);
      expect(outcome.transition.openWorkItems?.map((w) => w.kind)).toEqual(['inquiry_problem']);
      const state = await findClaimState(db, claimId, 'all');
      expect(state).toMatchObject({ checks: 1 });
      expect((await listWorkItems(db, claimId, 'all')).map((w) => w.kind)).toEqual(['inquiry_problem']);
    }
  });
});

describe('X12 inquiry records', () => {
  it('hands out increasing interchange control numbers, and a retried inquiry keeps one row with its newest interchange', async () => {
    const first = await nextInterchangeControlNumber(db);
    const second = await nextInterchangeControlNumber(db);
    expect(second).toBeGreaterThan(first);

    const claimId = `CLM-${randomUUID().slice(0, 12)}`;
    await insertClaim(db, {
      claimId,
      clientId: 'northside-clinic',
      payerId: 'sim-aetna',
      patientAccountRef: 'PA-2',
      dateOfService: '2026-08-03',
      throughDate: '2026-08-05',
      billedCents: 10_000,
      submittedOn: '2026-08-06',
      workflowId: claimWorkflowId(claimId),
    });
    // Registered without parties: the registry has the claim but not what a 276 needs.
    expect(await findX12ClaimRecords(db, claimId)).toEqual({
      claimId,
      payer: { name: 'Aetna (simulated)', id: 'sim-aetna' },
      dateOfService: '2026-08-03',
      throughDate: '2026-08-05',
      billedCents: 10_000,
    });
    const parties = {
      subscriber: { lastName: 'FAKEPATIENT', memberId: 'ZZM555', dateOfBirth: '1970-07-07' },
      billingProvider: { name: 'NORTHSIDE TEST CLINIC', npi: '1234567893' },
    };
    expect(await insertClaimParties(db, claimId, parties)).toBe(true);
    expect(await insertClaimParties(db, claimId, parties)).toBe(false);
    expect((await findX12ClaimRecords(db, claimId))?.parties).toEqual(parties);
    expect(await findX12ClaimRecords(db, 'CLM-NOT-REGISTERED')).toBeUndefined();

    const traceNumber = `TRACE${randomUUID().slice(0, 8).toUpperCase()}`;
    const record = {
      traceNumber,
      claimId,
      idempotencyKey: `${claimWorkflowId(claimId)}:check:1`,
      channel: 'x12',
      sentAt: new Date(),
    };
    await recordX12Inquiry(db, { ...record, interchangeControlNumber: String(first).padStart(9, '0') });
    await recordX12Inquiry(db, { ...record, interchangeControlNumber: String(second).padStart(9, '0') });
    const { rows } = await db.query(
      'SELECT interchange_control_number, attempts FROM x12_inquiries WHERE trace_number = $1',
      [traceNumber],
    );
    expect(rows).toEqual([{ interchange_control_number: String(second).padStart(9, '0'), attempts: 2 }]);
    expect(await claimIdsByTraceNumber(db, [traceNumber, 'NOT-SENT'])).toEqual(
      new Map([[traceNumber, claimId]]),
    );
  });
});

describe('payer outages shared by worker processes', () => {
  it('tells whether a payer has an open outage on a channel, whoever opened it', async () => {
    const outage = { payerId: 'sim-cigna', channel: `test-${randomUUID().slice(0, 8)}` };
    expect(await isPayerOutageOpen(db, outage)).toBe(false);
    const at = Date.now();
    await openPayerOutage(db, { ...outage, at, reason: '503', escalationNote: 'test outage' });
    expect(await isPayerOutageOpen(db, outage)).toBe(true);
    expect(await isPayerOutageOpen(db, { ...outage, channel: 'other-channel' })).toBe(false);
    await closePayerOutage(db, { ...outage, at: at + 1 });
    expect(await isPayerOutageOpen(db, outage)).toBe(false);
  });
});
