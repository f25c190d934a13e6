import { mkdir, mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createInboxSweeper, startInboxSweeping } from '../../src/ingest/inbox-sweeper';
import { createIngestionService } from '../../src/ingest/service';
import { createLogger } from '../../src/logger';
import { createDropFolderTransport, dropFolderLayout } from '../../src/payers/x12';
import { claimWorkflowId } from '../../src/shared/contracts';
import { type RunningSystem, getJson, postJson, startSystem, uniqueClaimId } from '../support/system';
import { build277, build999Rejection } from '../unit/edi/x12-builders';

let system: RunningSystem;
let folder: string;

beforeAll(async () => {
  system = await startSystem({
    databaseUrl: inject('databaseUrl'),
    temporalAddress: inject('temporalAddress'),
  });
  folder = await mkdtemp(path.join(os.tmpdir(), 'tickler-sweep-'));
});

afterAll(async () => {
  await system?.stop();
  await rm(folder, { recursive: true, force: true });
});

/** A claim the simulated payer keeps pending, so only an ingested file can move it. */
async function pendingClaim(): Promise<string> {
  const claimId = uniqueClaimId('SWP');
  await postJson(
    system.baseUrl,
    `/simulator/claims/${claimId}/script`,
    { responses: [{ category: 'P1' }] },
    'PUT',
  );
  const created = await postJson(system.baseUrl, '/claims', {
    claimId,
    clientId: 'northside-clinic',
    payerId: 'sim-commercial',
    patientAccountRef: 'PA-3',
    dateOfService: '2026-10-02',
    billedCents: 42_000,
    submittedOn: '2026-10-06',
  });
  expect(created.status).toBe(201);
  await expect
    .poll(async () => (await getJson(system.baseUrl, `/claims/${claimId}`)).body.followUp.checks, {
      timeout: 30_000,
    })
    .toBe(1);
  return claimId;
}

describe('sweeping the X12 drop folder inbox into ingestion', () => {
  it('ingests answers old enough that no check waits on them, sets aside what is not X12, leaves fresh files, and does each once', async () => {
    const late = await pendingClaim();
    const fresh = await pendingClaim();
    const layout = dropFolderLayout(folder);
    await mkdir(layout.inbox, { recursive: true });
    const drop = async (name: string, text: string, ageMs: number): Promise<void> => {
      await writeFile(path.join(layout.inbox, name), text);
      const at = new Date(Date.now() - ageMs);
      await utimes(path.join(layout.inbox, name), at, at);
    };
    const icn = 400_000_000 + Math.floor(Math.random() * 100_000_000);
    await drop(
      '277-late.x12',
      build277(icn, [
        { traceNumber: 'LATE1', patientControlNumber: late, category: 'F1', code: '65', paidCents: 42_000 },
      ]),
      10 * 60_000,
    );
    await drop('999-rejection.x12', build999Rejection(icn + 1, '4021'), 10 * 60_000);
    await drop('not-x12.txt', 'Dear provider, please call us.', 10 * 60_000);
    await drop(
      '277-fresh.x12',
      build277(icn + 2, [{ traceNumber: 'FRESH1', patientControlNumber: fresh, category: 'F1', code: '65' }]),
      0,
    );

    const sweeper = createInboxSweeper({
      transport: createDropFolderTransport(layout),
      ingestion: createIngestionService({ db: system.db, temporal: system.temporal }),
      rejectedFolder: layout.rejected,
      minAgeMs: 5 * 60_000,
      logger: createLogger('silent'),
    });
    const first = await sweeper.sweep();
    expect([...first.ingested].sort()).toEqual(['277-late.x12', '999-rejection.x12']);
    expect(first.rejected).toEqual(['not-x12.txt']);
    expect(first.failed).toEqual([]);

    const result = await system.temporal.workflow.getHandle(claimWorkflowId(late)).result();
    expect(result).toMatchObject({ closedReason: 'paid_in_full', paidCents: 42_000 });
    expect(await readdir(layout.inbox)).toEqual(['277-fresh.x12']);
    // Every file taken from the inbox is archived; a person's copy of the rejected one waits in rejected/.
    expect((await readdir(layout.archive)).sort()).toEqual([
      '277-late.x12',
      '999-rejection.x12',
      'not-x12.txt',
    ]);
    expect((await readdir(layout.rejected)).sort()).toEqual(['not-x12.txt', 'not-x12.txt.reason.txt']);
    expect(await readFile(path.join(layout.rejected, 'not-x12.txt.reason.txt'), 'utf8')).toMatch(/segment 1/);
    const kept = await getJson(system.baseUrl, '/ingest/unmatched?reason=no_claim_reference&limit=1000');
    expect(kept.body.events.some((event: { kind: string }) => event.kind === '999')).toBe(true);

    // Nothing is done twice; the fresh answer is still left for the check that may be waiting on it.
    const second = await sweeper.sweep();
    expect(second).toEqual({ ingested: [], rejected: [], failed: [] });
    const view = await getJson(system.baseUrl, `/claims/${fresh}`);
    expect(view.body.followUp.phase).not.toBe('closed');
  });

  it('the worker-side loop sweeps on its interval until stopped, and a late 277 reaches its claim without anyone posting it', async () => {
    const claimId = await pendingClaim();
    const own = await mkdtemp(path.join(os.tmpdir(), 'tickler-sweep-loop-'));
    try {
      const layout = dropFolderLayout(own);
      await mkdir(layout.inbox, { recursive: true });
      const file = path.join(layout.inbox, '277-overnight.x12');
      await writeFile(
        file,
        build277(300_000_000 + Math.floor(Math.random() * 100_000_000), [
          {
            traceNumber: 'NIGHT1',
            patientControlNumber: claimId,
            category: 'F1',
            code: '65',
            paidCents: 42_000,
          },
        ]),
      );
      const yesterday = new Date(Date.now() - 86_400_000);
      await utimes(file, yesterday, yesterday);

      const sweeping = startInboxSweeping({
        folder: own,
        db: system.db,
        temporal: system.temporal,
        logger: createLogger('silent'),
        intervalMs: 100,
      });
      try {
        const result = await system.temporal.workflow.getHandle(claimWorkflowId(claimId)).result();
        expect(result).toMatchObject({ closedReason: 'paid_in_full' });
      } finally {
        await sweeping.stop();
      }
      expect(await readdir(layout.archive)).toEqual(['277-overnight.x12']);
    } finally {
      await rm(own, { recursive: true, force: true });
    }
  });
});
