import { WorkflowNotFoundError } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { actionNames } from '../../src/api/actions';
import { claimWorkflowId } from '../../src/shared/contracts';
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

/** A claim submitted long enough ago that its first status check is already due. */
function claimBody(claimId: string, overrides: Record<string, unknown> = {}) {
  return {
    claimId,
    clientId: 'northside-clinic',
    payerId: 'sim-commercial',
    patientAccountRef: 'PA-55120',
    dateOfService: '2026-10-15',
    billedCents: 125_000,
    submittedOn: '2026-10-20',
    ...overrides,
  };
}

async function script(claimId: string, responses: unknown[]): Promise<void> {
  const saved = await postJson(system.baseUrl, `/simulator/claims/${claimId}/script`, { responses }, 'PUT');
  expect(saved.status).toBe(200);
}

describe('claim intake and follow-up over HTTP', () => {
  it('when a due claim is posted and the payer reports it paid, then its workflow closes and the timeline shows the check', async () => {
    const claimId = uniqueClaimId();
    await script(claimId, [{ category: 'F1', code: '65', paidCents: 125_000 }]);

    const created = await postJson(system.baseUrl, '/claims', claimBody(claimId));
    expect(created.status).toBe(201);
    expect(created.body.workflowId).toBe(claimWorkflowId(claimId));
    expect(created.body.timeline.map((e: { kind: string }) => e.kind)).toEqual(['claim_received']);

    const result = await system.temporal.workflow.getHandle(claimWorkflowId(claimId)).result();
    expect(result).toMatchObject({ claimId, phase: 'closed', closedReason: 'paid_in_full', checks: 1 });

    const read = await getJson(system.baseUrl, `/claims/${claimId}`);
    expect(read.status).toBe(200);
    expect(read.body.claim).toMatchObject({ claimId, payerId: 'sim-commercial', billedCents: 125_000 });
    expect(read.body.followUp).toMatchObject({
      phase: 'closed',
      checks: 1,
      nextCheckAt: null,
      closedReason: 'paid_in_full',
    });
    expect(read.body.followUp.lastStatus).toMatchObject({ category: 'F1', code: '65' });
    expect(read.body.timeline.map((e: { kind: string }) => e.kind)).toEqual([
      'claim_received',
      'status_checked',
    ]);

    const requests = await getJson(system.baseUrl, `/simulator/claims/${claimId}/requests`);
    expect(requests.body.requests).toHaveLength(1);
    expect(requests.body.requests[0].idempotencyKey).toBe(`${claimWorkflowId(claimId)}:check:1`);
  });

  it('when the payer says pending, then the claim stays in adjudication with its next check on the cadence', async () => {
    const claimId = uniqueClaimId();
    await script(claimId, [{ category: 'P1', code: '20' }]);
    expect((await postJson(system.baseUrl, '/claims', claimBody(claimId))).status).toBe(201);

    const read = await vi.waitFor(
      async () => {
        const response = await getJson(system.baseUrl, `/claims/${claimId}`);
        expect(response.body.followUp.checks).toBe(1);
        return response;
      },
      { timeout: 30_000, interval: 200 },
    );
    expect(read.body.followUp.phase).toBe('in_adjudication');
    const checkedAt = Date.parse(read.body.followUp.lastStatus.checkedAt);
    const next = Date.parse(read.body.followUp.nextCheckAt);
    // Default policy: re-check pending claims 14 calendar days out, rolled to a business day.
    expect(next - checkedAt).toBeGreaterThan(13 * 86_400_000);
    expect(next - checkedAt).toBeLessThan(18 * 86_400_000);
    expect([0, 6]).not.toContain(new Date(next).getUTCDay());
    expect(read.body.followUp.explanation).toContain('P1:20');

    const described = await system.temporal.workflow.getHandle(claimWorkflowId(claimId)).describe();
    expect(described.status.name).toBe('RUNNING');
  });

  it('when the same claim is posted twice, then the second answer is 200 with the same workflow and nothing starts again', async () => {
    const claimId = uniqueClaimId();
    await script(claimId, [{ category: 'P1' }]);
    const first = await postJson(system.baseUrl, '/claims', claimBody(claimId));
    const handle = system.temporal.workflow.getHandle(claimWorkflowId(claimId));
    const firstRun = (await handle.describe()).runId;

    const second = await postJson(system.baseUrl, '/claims', claimBody(claimId));
    expect(first.status).toBe(201);
    expect(second.status).toBe(200);
    expect(second.body.workflowId).toBe(first.body.workflowId);
    expect((await handle.describe()).runId).toBe(firstRun);
    const intakeEvents = second.body.timeline.filter((e: { kind: string }) => e.kind === 'claim_received');
    expect(intakeEvents).toHaveLength(1);
  });

  it('when a claim id is posted again with a different body, then the answer is 409 naming the differing fields', async () => {
    const claimId = uniqueClaimId();
    await script(claimId, [{ category: 'P1' }]);
    expect((await postJson(system.baseUrl, '/claims', claimBody(claimId))).status).toBe(201);

    const conflict = await postJson(system.baseUrl, '/claims', claimBody(claimId, { billedCents: 99_900 }));
    expect(conflict.status).toBe(409);
    expect(conflict.body.fields).toEqual([
      { field: 'billedCents', message: 'differs from the registered claim' },
    ]);
  });

  it('when the body is invalid, then the answer is 400 naming each field and no claim or workflow exists', async () => {
    const claimId = uniqueClaimId();
    const invalid = await postJson(
      system.baseUrl,
      '/claims',
      claimBody(claimId, { billedCents: -5, dateOfService: '2026-02-30', payerId: undefined }),
    );
    expect(invalid.status).toBe(400);
    const fields = invalid.body.fields.map((f: { field: string }) => f.field).sort();
    expect(fields).toEqual(['billedCents', 'dateOfService', 'payerId']);

    expect((await getJson(system.baseUrl, `/claims/${claimId}`)).status).toBe(404);
    await expect(
      system.temporal.workflow.getHandle(claimWorkflowId(claimId)).describe(),
    ).rejects.toBeInstanceOf(WorkflowNotFoundError);
  });

  it('when the payer is unknown or a date is in the future, then the answer is 400 for that field and nothing is written', async () => {
    const unknownPayer = uniqueClaimId();
    const payer = await postJson(
      system.baseUrl,
      '/claims',
      claimBody(unknownPayer, { payerId: 'no-such-payer' }),
    );
    expect(payer.status).toBe(400);
    expect(payer.body.fields).toEqual([{ field: 'payerId', message: 'unknown payer "no-such-payer"' }]);
    expect((await getJson(system.baseUrl, `/claims/${unknownPayer}`)).status).toBe(404);

    const future = uniqueClaimId();
    const dated = await postJson(
      system.baseUrl,
      '/claims',
      claimBody(future, { dateOfService: '2999-01-01', submittedOn: '2999-01-02' }),
    );
    expect(dated.status).toBe(400);
    expect(dated.body.fields.map((f: { field: string }) => f.field)).toEqual([
      'dateOfService',
      'submittedOn',
    ]);
    expect((await getJson(system.baseUrl, `/claims/${future}`)).status).toBe(404);
  });

  it('when the claim gives its subscriber, dependent patient and billing provider, then they are kept and read back, and a different subscriber later is a 409', async () => {
    const claimId = uniqueClaimId();
    await script(claimId, [{ category: 'P1' }]);
    const parties = {
      subscriber: { lastName: 'FAKEPARENT', memberId: 'ZZM100200300', dateOfBirth: '1981-02-03' },
      patient: { lastName: 'FAKECHILD', firstName: 'ECHO' },
      billingProvider: { name: 'NORTHSIDE TEST CLINIC', npi: '1234567893' },
    };
    const created = await postJson(system.baseUrl, '/claims', claimBody(claimId, parties));
    expect(created.status).toBe(201);
    expect(created.body.claim).toMatchObject(parties);
    expect((await postJson(system.baseUrl, '/claims', claimBody(claimId, parties))).status).toBe(200);

    const changed = await postJson(
      system.baseUrl,
      '/claims',
      claimBody(claimId, { ...parties, subscriber: { ...parties.subscriber, memberId: 'ZZM999' } }),
    );
    expect(changed.status).toBe(409);
    expect(changed.body.fields).toEqual([
      { field: 'subscriber', message: 'differs from the registered claim' },
    ]);
  });

  it('when a claim taken in without parties gets them later, then they are saved and the timeline says so without their values; a correction is recorded once', async () => {
    const claimId = uniqueClaimId();
    await script(claimId, [{ category: 'P1' }]);
    expect((await postJson(system.baseUrl, '/claims', claimBody(claimId))).status).toBe(201);
    const parties = {
      subscriber: { lastName: 'FAKEPATIENT', firstName: 'GOLF', memberId: 'ZZM4040' },
      billingProvider: { name: 'NORTHSIDE TEST CLINIC', npi: '1234567893' },
    };
    const path = `/claims/${claimId}/parties`;
    const saved = await postJson(system.baseUrl, path, parties, 'PUT');
    expect(saved.status).toBe(200);
    expect(saved.body.claim).toMatchObject(parties);

    const corrected = { ...parties, subscriber: { ...parties.subscriber, memberId: 'ZZM4041' } };
    expect((await postJson(system.baseUrl, path, corrected, 'PUT')).status).toBe(200);
    const again = await postJson(system.baseUrl, path, corrected, 'PUT');
    expect(again.body.claim.subscriber.memberId).toBe('ZZM4041');
    const events = again.body.timeline.filter((e: { kind: string }) => e.kind === 'parties_updated');
    expect(events.map((e: { summary: string; data: unknown }) => [e.summary, e.data])).toEqual([
      [
        'Claim parties recorded: status can now be checked over X12',
        { changed: ['subscriber', 'billingProvider'] },
      ],
      ['Claim parties corrected: subscriber', { changed: ['subscriber'] }],
    ]);
    expect(JSON.stringify(events)).not.toContain('ZZM404');

    const invalid = await postJson(system.baseUrl, path, { subscriber: parties.subscriber }, 'PUT');
    expect(invalid.status).toBe(400);
    expect(invalid.body.fields).toEqual([expect.objectContaining({ field: 'billingProvider' })]);
    const missing = await postJson(system.baseUrl, `/claims/${uniqueClaimId()}/parties`, parties, 'PUT');
    expect(missing.status).toBe(404);
  });

  it('when the parties are invalid or incomplete, then the answer is 400 naming each field and nothing is written', async () => {
    const claimId = uniqueClaimId();
    const invalid = await postJson(
      system.baseUrl,
      '/claims',
      claimBody(claimId, {
        subscriber: { lastName: 'SMITH*JONES', memberId: '' },
        billingProvider: { name: 'NORTHSIDE TEST CLINIC', npi: '1234567890' },
      }),
    );
    expect(invalid.status).toBe(400);
    expect(invalid.body.fields.map((f: { field: string }) => f.field).sort()).toEqual([
      'billingProvider.npi',
      'subscriber.lastName',
      'subscriber.memberId',
    ]);
    expect(
      invalid.body.fields.find((f: { field: string }) => f.field === 'billingProvider.npi').message,
    ).toMatch(/check digit/);

    const alone = await postJson(
      system.baseUrl,
      '/claims',
      claimBody(claimId, { patient: { lastName: 'FAKECHILD' } }),
    );
    expect(alone.status).toBe(400);
    expect(alone.body.fields).toEqual([{ field: 'subscriber', message: 'required with patient' }]);
    expect((await getJson(system.baseUrl, `/claims/${claimId}`)).status).toBe(404);
    const { rows } = await system.db.query('SELECT 1 FROM claim_parties WHERE claim_id = $1', [claimId]);
    expect(rows).toEqual([]);
  });

  it('when the body is not JSON or has unknown fields, then the answer is 400', async () => {
    const malformed = await postJson(system.baseUrl, '/claims', '{"claimId": ');
    expect(malformed.status).toBe(400);
    const extra = await postJson(system.baseUrl, '/claims', {
      ...claimBody(uniqueClaimId()),
      ssn: '123-45-6789',
    });
    expect(extra.status).toBe(400);
    expect(extra.body.fields[0].message).toMatch(/ssn/);
  });

  it('when an unknown claim is read, then the answer is 404', async () => {
    const missing = await getJson(system.baseUrl, `/claims/${uniqueClaimId()}`);
    expect(missing.status).toBe(404);
    expect(missing.body.error).toBe('not_found');
  });

  it('reports Temporal and PostgreSQL reachable on /health', async () => {
    const health = await getJson(system.baseUrl, '/health');
    expect(health.status).toBe(200);
    expect(health.body).toEqual({ status: 'ok', temporal: { ok: true }, postgres: { ok: true } });
  });

  it('serves an OpenAPI description that lists every route', async () => {
    const doc = await getJson(system.baseUrl, '/openapi.json');
    expect(doc.status).toBe(200);
    expect(Object.keys(doc.body.paths).sort()).toEqual([
      '/audit',
      '/auth/keys',
      '/auth/keys/{keyId}',
      '/auth/me',
      '/claims',
      '/claims/{claimId}',
      ...actionNames.map((action) => `/claims/{claimId}/actions/${action}`).sort(),
      '/claims/{claimId}/appeal-packet',
      '/claims/{claimId}/appeal-packets',
      '/claims/{claimId}/appeal-packets/{file}',
      '/claims/{claimId}/parties',
      '/clients/{clientId}/cadence-profile',
      '/health',
      '/ingest/277',
      '/ingest/835',
      '/ingest/999',
      '/ingest/unmatched',
      '/openapi.json',
      '/payer-rule-sets/{ruleSetId}/versions',
      '/payers/outages',
      '/payers/{payerId}/appeal-contact',
      '/simulator/claims/{claimId}/requests',
      '/simulator/claims/{claimId}/script',
      '/simulator/payers/{payerId}/behaviour',
      '/simulator/payers/{payerId}/requests',
      '/simulator/payers/{payerId}/script',
    ]);
  });
});
