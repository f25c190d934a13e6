import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../../src/config';
import { parse276, readInterchanges, tokenize, type ReadInquiry276 } from '../../src/edi';
import { claimWorkflowId } from '../../src/shared/contracts';
import { payerChannelsFromConfig } from '../../src/temporal/claim-worker';
import { type RunningSystem, getJson, postJson, startSystem, uniqueClaimId } from '../support/system';
import { build277 } from '../unit/edi/x12-builders';

/**
 * A local real-time clearinghouse: checks the bearer token, reads each 276, and answers with a 277 for
 * its claim: paid in full, or pending for the claims listed in `pending`.
 */
const received: { body: string; inquiry: ReadInquiry276 }[] = [];
const pending = new Set<string>();
let server: Server;
let system: RunningSystem;
let answerNumber = 7000;

beforeAll(async () => {
  server = createServer((req, res) => {
    let text = '';
    req.on('data', (chunk: Buffer) => (text += chunk.toString()));
    req.on('end', () => {
      if (
        req.headers.authorization !== 'Bearer x12-token' ||
        req.headers['content-type'] !== 'application/edi-x12'
      ) {
        res.writeHead(401).end();
        return;
      }
      const [inquiry] = parse276(text).inquiries;
      if (!inquiry) {
        res.writeHead(400).end();
        return;
      }
      received.push({ body: text, inquiry });
      const claimId = inquiry.patientControlNumber ?? '';
      const answer = pending.has(claimId)
        ? { category: 'P1', code: '20' }
        : { category: 'F1', code: '65', paidCents: inquiry.chargeCents ?? 0 };
      res.writeHead(200, { 'content-type': 'application/edi-x12' }).end(
        build277(++answerNumber, [
          {
            traceNumber: inquiry.traceNumber,
            patientControlNumber: claimId,
            chargeCents: inquiry.chargeCents ?? 0,
            payerClaimNumber: `ICN-${claimId}`,
            ...answer,
          },
        ]),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const config = loadConfig({
    PAYER_ROUTES: JSON.stringify({ routes: { 'sim-aetna': ['x12', 'simulated'] }, default: ['simulated'] }),
    X12_CLEARINGHOUSE_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}/realtime`,
    X12_CLEARINGHOUSE_TOKEN: 'x12-token',
    X12_SENDER_ID: 'TICKLERTEST',
    X12_RECEIVER_ID: 'FAKECLEARING',
    X12_USAGE: 'T',
    X12_SUBMITTER_NAME: 'TICKLER TEST BILLING',
    X12_SUBMITTER_ETIN: 'TICKLERETIN',
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

const parties = {
  subscriber: {
    lastName: 'FAKEPARENT',
    firstName: 'YANKEE',
    memberId: 'ZZM771000001',
    dateOfBirth: '1979-04-02',
  },
  patient: { lastName: 'FAKECHILD', firstName: 'XRAY', dateOfBirth: '2016-09-09' },
  billingProvider: { name: 'NORTHSIDE TEST CLINIC', npi: '1234567893' },
};

async function postClaim(claimId: string, extra: Record<string, unknown>): Promise<void> {
  const created = await postJson(system.baseUrl, '/claims', {
    claimId,
    clientId: 'northside-clinic',
    payerId: 'sim-aetna',
    patientAccountRef: 'PA-771',
    dateOfService: '2026-10-12',
    throughDate: '2026-10-14',
    billedCents: 61_250,
    submittedOn: '2026-10-20',
    ...extra,
  });
  expect(created.status).toBe(201);
}

function sentFor(claimId: string): { body: string; inquiry: ReadInquiry276 }[] {
  return received.filter((one) => one.inquiry.patientControlNumber === claimId);
}

async function statusChecks(claimId: string): Promise<{ data: Record<string, unknown> }[]> {
  const read = await getJson(system.baseUrl, `/claims/${claimId}`);
  return read.body.timeline.filter((event: { kind: string }) => event.kind === 'status_checked');
}

describe('the X12 channel in the running worker', () => {
  it('when a payer is routed to X12 and the claim has its parties, then one 276 is written from the registry and the 277 closes the claim', async () => {
    const claimId = uniqueClaimId();
    await postClaim(claimId, parties);
    const result = await system.temporal.workflow.getHandle(claimWorkflowId(claimId)).result();
    expect(result).toMatchObject({ closedReason: 'paid_in_full', paidCents: 61_250 });

    const sent = sentFor(claimId);
    expect(sent).toHaveLength(1);
    const { inquiry, body } = sent[0]!;
    expect(inquiry).toMatchObject({
      payer: { name: 'Aetna (simulated)', id: 'sim-aetna' },
      provider: parties.billingProvider,
      subscriber: { lastName: 'FAKEPARENT', firstName: 'YANKEE', memberId: 'ZZM771000001' },
      patient: parties.patient,
      patientControlNumber: claimId,
      chargeCents: 61_250,
      serviceDates: { from: '2026-10-12', to: '2026-10-14' },
    });
    // The envelope carries the configured trading-partner ids and test usage; ISA13 comes from the sequence.
    const [interchange] = readInterchanges(body);
    expect(interchange?.header).toMatchObject({ senderId: 'TICKLERTEST', receiverId: 'FAKECLEARING' });
    expect(tokenize(body)[0]?.element(15)).toBe('T');
    const { rows } = await system.db.query(
      'SELECT trace_number, interchange_control_number, channel, attempts FROM x12_inquiries WHERE claim_id = $1',
      [claimId],
    );
    expect(rows).toEqual([
      {
        trace_number: inquiry.traceNumber,
        interchange_control_number: inquiry.interchangeControlNumber,
        channel: 'x12',
        attempts: 1,
      },
    ]);

    const simulated = await getJson(system.baseUrl, `/simulator/claims/${claimId}/requests`);
    expect(simulated.body.requests).toEqual([]);
    const [check] = await statusChecks(claimId);
    expect(check?.data).toMatchObject({ channel: 'x12', category: 'F1' });
  });

  it('when a claim on that payer has no subscriber on record, then X12 declines it and the next channel (the simulator) answers', async () => {
    const claimId = uniqueClaimId();
    await postJson(
      system.baseUrl,
      `/simulator/claims/${claimId}/script`,
      { responses: [{ category: 'F1', code: '65' }] },
      'PUT',
    );
    await postClaim(claimId, {});
    const result = await system.temporal.workflow.getHandle(claimWorkflowId(claimId)).result();
    expect(result).toMatchObject({ closedReason: 'paid_in_full' });
    expect(sentFor(claimId)).toEqual([]);
    const simulated = await getJson(system.baseUrl, `/simulator/claims/${claimId}/requests`);
    expect(simulated.body.requests).toHaveLength(1);
    const [check] = await statusChecks(claimId);
    expect(check?.data).toMatchObject({ channel: 'simulated' });
  });

  it('when a later 277 file names no claim but carries the trace number of a 276 Tickler sent, then ingestion routes it to that claim', async () => {
    const claimId = uniqueClaimId();
    pending.add(claimId);
    await postClaim(claimId, parties);
    const handle = system.temporal.workflow.getHandle(claimWorkflowId(claimId));
    await expect.poll(async () => (await statusChecks(claimId)).length, { timeout: 30_000 }).toBe(1);
    const [sent] = sentFor(claimId);
    expect((await statusChecks(claimId))[0]?.data).toMatchObject({ channel: 'x12', category: 'P1' });

    // The payer's answer arrives as a batch file, without REF*EJ: only TRN02 ties it to the inquiry.
    const file = build277(++answerNumber, [
      { traceNumber: sent!.inquiry.traceNumber, category: 'F1', code: '65', paidCents: 61_250 },
    ]);
    const response = await fetch(`${system.baseUrl}/ingest/277`, {
      method: 'POST',
      headers: { 'content-type': 'application/edi-x12', authorization: `Bearer ${system.adminKey}` },
      body: file,
    });
    expect(response.status).toBe(201);
    const ingested = (await response.json()) as { claims: { claimId: string; outcome: string }[] };
    expect(ingested.claims).toEqual([expect.objectContaining({ claimId, outcome: 'signalled' })]);
    expect(await handle.result()).toMatchObject({ closedReason: 'paid_in_full', paidCents: 61_250 });
    expect(sentFor(claimId)).toHaveLength(1);
  });
});

describe('the X12 channel over a batch drop folder', () => {
  let folder: string;
  let batchSystem: RunningSystem;
  let clearinghouse: NodeJS.Timeout;
  const answered: ReadInquiry276[] = [];

  beforeAll(async () => {
    folder = await mkdtemp(path.join(os.tmpdir(), 'tickler-x12-folder-'));
    const config = loadConfig({
      PAYER_ROUTES: JSON.stringify({ routes: { 'sim-cigna': ['x12'] }, default: ['simulated'] }),
      X12_DROP_FOLDER: folder,
      X12_SENDER_ID: 'TICKLERTEST',
      X12_RECEIVER_ID: 'FAKEBATCH',
      X12_SUBMITTER_NAME: 'TICKLER TEST BILLING',
      X12_SUBMITTER_ETIN: 'TICKLERETIN',
    });
    batchSystem = await startSystem({
      databaseUrl: inject('databaseUrl'),
      temporalAddress: inject('temporalAddress'),
      payerChannels: payerChannelsFromConfig(config),
    });
    // The fake clearinghouse's batch run: picks up each 276 from the outbox and drops a 277 in the inbox.
    const outbox = path.join(folder, 'outbox');
    let busy = false;
    clearinghouse = setInterval(() => {
      if (busy) return;
      busy = true;
      void (async () => {
        const names = await readdir(outbox).catch(() => [] as string[]);
        for (const name of names.filter((one) => one.endsWith('.x12'))) {
          const [inquiry] = parse276(await readFile(path.join(outbox, name), 'utf8')).inquiries;
          await rm(path.join(outbox, name));
          if (!inquiry) continue;
          answered.push(inquiry);
          const answer = build277(++answerNumber, [
            {
              traceNumber: inquiry.traceNumber,
              patientControlNumber: inquiry.patientControlNumber ?? '',
              category: 'F1',
              code: '65',
              paidCents: inquiry.chargeCents ?? 0,
            },
          ]);
          await writeFile(path.join(folder, 'inbox', `277-${answerNumber}.x12`), answer);
        }
      })().finally(() => (busy = false));
    }, 50);
  });

  afterAll(async () => {
    clearInterval(clearinghouse);
    await batchSystem?.stop();
    await rm(folder, { recursive: true, force: true });
  });

  it('when X12_DROP_FOLDER is set, then the 276 goes out as a file and the 277 picked up from the inbox closes the claim', async () => {
    const claimId = uniqueClaimId();
    const created = await postJson(batchSystem.baseUrl, '/claims', {
      claimId,
      clientId: 'northside-clinic',
      payerId: 'sim-cigna',
      patientAccountRef: 'PA-772',
      dateOfService: '2026-10-13',
      billedCents: 18_400,
      submittedOn: '2026-10-20',
      subscriber: { lastName: 'FAKEPATIENT', memberId: 'ZZM772' },
      billingProvider: { name: 'NORTHSIDE TEST CLINIC', npi: '1234567893' },
    });
    expect(created.status).toBe(201);
    const result = await batchSystem.temporal.workflow.getHandle(claimWorkflowId(claimId)).result();
    expect(result).toMatchObject({ closedReason: 'paid_in_full', paidCents: 18_400 });
    expect(answered.filter((one) => one.patientControlNumber === claimId)).toHaveLength(1);
    expect(await readdir(path.join(folder, 'archive'))).not.toHaveLength(0);
    const read = await getJson(batchSystem.baseUrl, `/claims/${claimId}`);
    const check = read.body.timeline.find((event: { kind: string }) => event.kind === 'status_checked');
    expect(check.data).toMatchObject({ channel: 'x12', category: 'F1' });
  });
});
