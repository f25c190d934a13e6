import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { seedPayerRuleSets } from '../../src/domain/data/payer-rules';
import { addCalendarDays, isoDateOfEpochMs } from '../../src/domain/dates';
import { type RunningSystem, getJson, postJson, startSystem, uniqueClaimId } from '../support/system';

let system: RunningSystem;

beforeAll(async () => {
  system = await startSystem({
    databaseUrl: inject('databaseUrl'),
    temporalAddress: inject('temporalAddress'),
  });
});

afterAll(async () => {
  await system?.stop();
});

async function pendingClaim(payerId: string, clientId: string): Promise<string> {
  const claimId = uniqueClaimId();
  await postJson(
    system.baseUrl,
    `/simulator/claims/${claimId}/script`,
    { responses: [{ category: 'P1', code: '20' }] },
    'PUT',
  );
  const created = await postJson(system.baseUrl, '/claims', {
    claimId,
    clientId,
    payerId,
    patientAccountRef: 'PA-1',
    dateOfService: '2026-10-15',
    billedCents: 90_000,
    submittedOn: '2026-10-20',
  });
  expect(created.status).toBe(201);
  return claimId;
}

/** Waits until the claim has made `checks` status checks and returns its view. */
async function afterChecks(claimId: string, checks: number) {
  return vi.waitFor(
    async () => {
      const view = await getJson(system.baseUrl, `/claims/${claimId}`);
      expect(view.body.followUp.checks).toBe(checks);
      return view.body;
    },
    { timeout: 30_000, interval: 200 },
  );
}

/** Asks the running workflow to check now: its next decision then reads the current reference data. */
async function checkNow(claimId: string): Promise<void> {
  const today = isoDateOfEpochMs(Date.now());
  const answer = await postJson(system.baseUrl, `/claims/${claimId}/actions/reschedule`, {
    on: today,
    reason: 're-check now',
  });
  expect(answer.status).toBe(200);
}

function days(from: string, to: string): number {
  return (Date.parse(to) - Date.parse(from)) / 86_400_000;
}

describe('reference data changes reach running claims', () => {
  it("when a key account's cadence profile changes, then its running claims follow it at their next check, without a restart", async () => {
    const clientId = `key-${randomUUID().slice(0, 8)}`;
    const claimId = await pendingClaim('sim-commercial', clientId);
    const before = await afterChecks(claimId, 1);
    // Default policy: pending claims are re-checked 14 days out (rolled to a business day).
    expect(days(before.followUp.lastStatus.checkedAt, before.followUp.nextCheckAt)).toBeGreaterThan(13);

    const profile = await postJson(
      system.baseUrl,
      `/clients/${clientId}/cadence-profile`,
      {
        effectiveFrom: '2026-01-01',
        source: 'client contract 2026, weekly follow-up',
        recheckAfterDays: { pending: 7 },
      },
      'PUT',
    );
    expect(profile.status).toBe(201);
    expect(profile.body).toMatchObject({ id: clientId, version: 1 });

    await checkNow(claimId);
    const after = await afterChecks(claimId, 2);
    const interval = days(after.followUp.lastStatus.checkedAt, after.followUp.nextCheckAt);
    expect(interval).toBeGreaterThan(6);
    expect(interval).toBeLessThan(11);
    const handle = system.temporal.workflow.getHandle(`claim-${claimId}`);
    expect((await handle.describe()).status.name).toBe('RUNNING');
  });

  it("when a payer's rule set gets a new version, then running claims use it at their next decision: the deadline names the new version", async () => {
    const claimId = await pendingClaim('sim-aetna', 'northside-clinic');
    const before = await afterChecks(claimId, 1);
    const filingBefore = before.followUp.deadlines.find((d: { kind: string }) => d.kind === 'timely_filing');
    expect(filingBefore.rule).toMatchObject({ ruleSetId: 'aetna', version: 1 });

    const current = seedPayerRuleSets.find((r) => r.id === 'aetna')!;
    const { version: _version, id: _id, ...body } = current;
    const next = {
      ...body,
      effectiveFrom: '2026-11-01',
      source: 'Aetna provider bulletin (test): timely filing 120 days, appeals 60 days',
      timelyFiling: { ...current.timelyFiling, period: { days: 120 } },
      appealLevels: current.appealLevels.map((level) => ({ ...level, period: { days: 60 } })),
    };
    const saved = await postJson(system.baseUrl, '/payer-rule-sets/aetna/versions', next);
    expect(saved.status).toBe(201);
    expect(saved.body.version).toBeGreaterThanOrEqual(2);

    await checkNow(claimId);
    const after = await afterChecks(claimId, 2);
    const filingAfter = after.followUp.deadlines.find((d: { kind: string }) => d.kind === 'timely_filing');
    expect(filingAfter.rule).toMatchObject({ ruleSetId: 'aetna', version: saved.body.version });
    expect(filingAfter.due >= addCalendarDays('2026-10-15', 120)).toBe(true);

    const noticeDate = isoDateOfEpochMs(Date.now());
    const denied = await postJson(system.baseUrl, `/claims/${claimId}/actions/recordDenial`, {
      carc: '197',
      group: 'CO',
      noticeDate,
    });
    expect(denied.status).toBe(200);
    const appeal = denied.body.deadlines.find((d: { kind: string }) => d.kind === 'appeal');
    expect(appeal.rule).toMatchObject({ ruleSetId: 'aetna', version: saved.body.version });
    expect(days(noticeDate, appeal.due)).toBeLessThan(65);
  });

  it('refuses a rule set version with problems, naming them, and saves nothing', async () => {
    const bad = await postJson(system.baseUrl, '/payer-rule-sets/aetna/versions', {
      effectiveFrom: 'soon',
      source: '',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.fields.length).toBeGreaterThan(0);
  });
});
