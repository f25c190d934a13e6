import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../../src/config';
import { payerChannelsFromConfig } from '../../src/temporal/claim-worker';
import { claimWorkflowId } from '../../src/shared/contracts';
import { type RunningSystem, getJson, postJson, startSystem, uniqueClaimId } from '../support/system';

/** A local REST clearinghouse: checks the bearer token and answers every status inquiry "paid". */
const received: { path: string; body: { claimId: string; payerId: string } }[] = [];
let server: Server;
let system: RunningSystem;

beforeAll(async () => {
  server = createServer((req, res) => {
    let text = '';
    req.on('data', (chunk: Buffer) => (text += chunk.toString()));
    req.on('end', () => {
      if (req.headers.authorization !== 'Bearer routing-token') {
        res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":{"code":"unauthorized"}}');
        return;
      }
      received.push({ path: req.url ?? '', body: JSON.parse(text) });
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ claimStatus: { categoryCode: 'F1', statusCode: '65', paidAmount: '480.00' } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const config = loadConfig({
    PAYER_ROUTES: JSON.stringify({ routes: { 'sim-uhc': ['rest', 'simulated'] }, default: ['simulated'] }),
    REST_CLEARINGHOUSE_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    REST_CLEARINGHOUSE_TOKEN: 'routing-token',
  });
  system = await startSystem({
    databaseUrl: inject('databaseUrl'),
    temporalAddress: inject('temporalAddress'),
    payerChannels: payerChannelsFromConfig(config),
  });
});

afterAll(async () => {
  await system?.stop();
  server?.closeAllConnections();
  await new Promise<void>((resolve) => server?.close(() => resolve()));
});

async function dueClaim(payerId: string): Promise<string> {
  const claimId = uniqueClaimId();
  const created = await postJson(system.baseUrl, '/claims', {
    claimId,
    clientId: 'northside-clinic',
    payerId,
    patientAccountRef: 'PA-9',
    dateOfService: '2026-10-15',
    billedCents: 48_000,
    submittedOn: '2026-10-20',
  });
  expect(created.status).toBe(201);
  return claimId;
}

describe('payer routing from configuration', () => {
  it('when a payer is routed to the REST clearinghouse, then its status checks go there and not to the simulator', async () => {
    const claimId = await dueClaim('sim-uhc');
    const result = await system.temporal.workflow.getHandle(claimWorkflowId(claimId)).result();
    expect(result).toMatchObject({ closedReason: 'paid_in_full', paidCents: 48_000 });

    expect(received.filter((r) => r.body.claimId === claimId)).toEqual([
      { path: '/v1/claim-status', body: expect.objectContaining({ claimId, payerId: 'sim-uhc' }) },
    ]);
    const simulated = await getJson(system.baseUrl, `/simulator/claims/${claimId}/requests`);
    expect(simulated.body.requests).toEqual([]);
    const read = await getJson(system.baseUrl, `/claims/${claimId}`);
    const check = read.body.timeline.find((e: { kind: string }) => e.kind === 'status_checked');
    expect(check.data.channel).toBe('rest');
  });

  it('when a payer has no route of its own, then the default route (the simulator) answers', async () => {
    const claimId = await dueClaim('sim-commercial');
    await postJson(
      system.baseUrl,
      `/simulator/claims/${claimId}/script`,
      { responses: [{ category: 'F1' }] },
      'PUT',
    );
    await system.temporal.workflow.getHandle(claimWorkflowId(claimId)).result();
    expect(received.filter((r) => r.body.claimId === claimId)).toEqual([]);
    const simulated = await getJson(system.baseUrl, `/simulator/claims/${claimId}/requests`);
    expect(simulated.body.requests.length).toBeGreaterThanOrEqual(1);
  });

  it('refuses routes that are not JSON, naming PAYER_ROUTES, and a REST URL without its token', () => {
    expect(() => loadConfig({ PAYER_ROUTES: '{routes:' })).toThrow(/PAYER_ROUTES/);
    expect(() => loadConfig({ REST_CLEARINGHOUSE_URL: 'http://127.0.0.1:1/' })).toThrow(
      /REST_CLEARINGHOUSE_TOKEN/,
    );
  });
});
