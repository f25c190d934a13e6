import { execFile } from 'node:child_process';
import { createHash, randomInt } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { claimStateQuery, claimWorkflowId } from '../../src/shared/contracts';
import { type RunningSystem, getJson, postJson, startSystem, uniqueClaimId } from '../support/system';
import { build277, build999Rejection, interchangeSegments, joinSegments } from '../unit/edi/x12-builders';

const run = promisify(execFile);
let system: RunningSystem;
let workDir: string;

beforeAll(async () => {
  system = await startSystem({
    databaseUrl: inject('databaseUrl'),
    temporalAddress: inject('temporalAddress'),
  });
  workDir = await mkdtemp(path.join(os.tmpdir(), 'tickler-ingest-'));
});

afterAll(async () => {
  await system?.stop();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

const DAY = 86_400_000;
const isoDaysAgo = (days: number): string => new Date(Date.now() - days * DAY).toISOString().slice(0, 10);
const d8 = (iso: string): string => iso.replaceAll('-', '');
const amount = (cents: number): string => (cents / 100).toFixed(2);

/** A claim submitted today: its first status check is weeks away, so only ingested files move it. */
async function registerClaim(claimId: string, billedCents = 125_000): Promise<void> {
  const created = await postJson(system.baseUrl, '/claims', {
    claimId,
    clientId: 'northside-clinic',
    payerId: 'sim-commercial',
    patientAccountRef: 'PA-55120',
    dateOfService: isoDaysAgo(5),
    billedCents,
    submittedOn: isoDaysAgo(0),
  });
  expect(created.status).toBe(201);
}

/** An interchange control number no other file of any run uses (ISA13 is unique per sender). */
const controlNumber = (): number => randomInt(1, 999_999_999);

interface ClaimPayment {
  claimId: string;
  clp02: string;
  chargeCents: number;
  paidCents: number;
  patientResponsibilityCents?: number;
  adjustments?: [group: string, carc: string, cents: number][];
}

/** An 835 (005010X221A1), one transaction set per list of claims; SE/GE/IEA counts come out right. */
function build835(control: number, transactions: ClaimPayment[][], paidOn = isoDaysAgo(0)): string {
  const bodies = transactions.map((claims, index) => {
    const total = claims.reduce((sum, claim) => sum + claim.paidCents, 0);
    const body: string[][] = [
      [
        'BPR',
        'I',
        amount(total),
        'C',
        'ACH',
        'CCP',
        '01',
        '999999999',
        'DA',
        '000111222',
        '1999999999',
        '',
        '01',
        '999888777',
        'DA',
        '000333444',
        d8(paidOn),
      ],
      ['TRN', '1', `EFT${control}${index}`, '1999999999'],
      ['DTM', '405', d8(paidOn)],
      ['N1', 'PR', 'ACME TEST HEALTH PLAN'],
      ['REF', '2U', 'TESTPAYER01'],
      ['N1', 'PE', 'EXAMPLE TEST CLINIC', 'XX', '1999999992'],
      ['LX', '1'],
    ];
    claims.forEach((claim, n) => {
      body.push([
        'CLP',
        claim.claimId,
        claim.clp02,
        amount(claim.chargeCents),
        amount(claim.paidCents),
        amount(claim.patientResponsibilityCents ?? 0),
        '12',
        `ICN${control}${index}${n}`,
        '11',
        '1',
      ]);
      for (const [group, carc, cents] of claim.adjustments ?? [])
        body.push(['CAS', group, carc, amount(cents)]);
    });
    return body;
  });
  return joinSegments(
    interchangeSegments({
      controlNumber: control,
      functionalId: 'HP',
      version: '005010X221A1',
      transactionId: '835',
      transactions: bodies,
      sender: 'INGESTTEST',
    }),
  );
}

/** A 277CA (005010X214) acknowledging each claim with one STC. */
function build277CA(
  control: number,
  claims: { claimId: string; category: string; code: string; action: string }[],
): string {
  const body: string[][] = [
    ['BHT', '0085', '08', `ACK${control}`, '20240302', '1015', 'TH'],
    ['HL', '1', '', '20', '1'],
    ['NM1', 'AY', '2', 'TEST CLEARINGHOUSE', '', '', '', '', '46', 'TESTCH'],
    ['TRN', '1', `BATCH${control}`],
    ['DTP', '050', 'D8', '20240302'],
    ['HL', '2', '1', '21', '1'],
    ['NM1', '41', '2', 'TICKLER TEST BILLING', '', '', '', '', '46', 'TICKLERETIN'],
    ['TRN', '2', `SUBMIT${control}`],
    ['STC', 'A1:19:PR', '20240302', 'WQ', '150'],
    ['HL', '3', '2', '19', '1'],
    ['NM1', '85', '2', 'EXAMPLE TEST CLINIC', '', '', '', '', 'XX', '1999999992'],
    ['TRN', '1', `PROV${control}`],
    ['STC', 'A1:19:PR', '20240302', 'WQ', '150'],
  ];
  claims.forEach((claim, index) => {
    body.push(['HL', String(index + 4), '3', 'PT']);
    body.push(['NM1', 'QC', '1', 'FAKEPATIENT', 'SIERRA', '', '', '', 'MI', `ZZM${index}`]);
    body.push(['TRN', '2', claim.claimId]);
    body.push(['STC', `${claim.category}:${claim.code}:85`, '20240302', claim.action, '150']);
  });
  return joinSegments(
    interchangeSegments({
      controlNumber: control,
      functionalId: 'HN',
      version: '005010X214',
      transactionId: '277',
      transactions: [body],
    }),
  );
}

async function postX12(
  kind: string,
  text: string,
  contentType = 'application/edi-x12',
): Promise<{ status: number; body: any }> {
  const response = await fetch(`${system.baseUrl}/ingest/${kind}`, {
    method: 'POST',
    headers: { 'content-type': contentType, authorization: `Bearer ${system.adminKey}` },
    body: text,
  });
  return { status: response.status, body: await response.json() };
}

async function claimView(claimId: string): Promise<any> {
  const read = await getJson(system.baseUrl, `/claims/${claimId}`);
  expect(read.status).toBe(200);
  return read.body;
}

async function waitForPhase(claimId: string, phase: string): Promise<any> {
  return vi.waitFor(
    async () => {
      const view = await claimView(claimId);
      expect(view.followUp.phase).toBe(phase);
      return view;
    },
    { timeout: 30_000, interval: 200 },
  );
}

/** How many signals the claim's workflow has received (its history, not our bookkeeping). */
async function signalsReceived(claimId: string): Promise<number> {
  const history = await system.temporal.workflow.getHandle(claimWorkflowId(claimId)).fetchHistory();
  return (history.events ?? []).filter((event) => event.workflowExecutionSignaledEventAttributes).length;
}

async function storedFiles(text: string): Promise<number> {
  const sha256 = createHash('sha256').update(text).digest('hex');
  const { rows } = await system.db.query<{ n: string }>(
    'SELECT count(*) AS n FROM x12_files WHERE sha256 = $1',
    [sha256],
  );
  return Number(rows[0]?.n);
}

describe('ingesting X12 files over HTTP', () => {
  it('when an 835 pays one claim and denies the other, then the paid claim closes, the denied one waits for an appeal, and the same file again changes nothing', async () => {
    const paid = uniqueClaimId('ING');
    const denied = uniqueClaimId('ING');
    await registerClaim(paid, 125_000);
    await registerClaim(denied, 80_000);
    const icn = controlNumber();
    const file = build835(icn, [
      [
        { claimId: paid, clp02: '1', chargeCents: 125_000, paidCents: 125_000 },
        {
          claimId: denied,
          clp02: '4',
          chargeCents: 80_000,
          paidCents: 0,
          adjustments: [['CO', '50', 80_000]],
        },
      ],
    ]);

    const first = await postX12('835', file);
    expect(first.status).toBe(201);
    const isa13 = String(icn).padStart(9, '0');
    expect(first.body).toMatchObject({ kind: '835', duplicate: false });
    expect(first.body.claims).toEqual([
      {
        claimId: paid,
        outcome: 'signalled',
        idempotencyKey: `835:INGESTTEST:${isa13}:${icn}:0001:${paid}:1`,
      },
      {
        claimId: denied,
        outcome: 'signalled',
        idempotencyKey: `835:INGESTTEST:${isa13}:${icn}:0001:${denied}:2`,
      },
    ]);

    const result = await system.temporal.workflow.getHandle(claimWorkflowId(paid)).result();
    expect(result).toMatchObject({
      claimId: paid,
      phase: 'closed',
      closedReason: 'paid_in_full',
      paidCents: 125_000,
    });
    const deniedView = await waitForPhase(denied, 'denied');
    expect(deniedView.workItems).toEqual([
      expect.objectContaining({
        kind: 'appeal',
        status: 'open',
        title: expect.stringMatching(/appeal level 1/),
      }),
    ]);
    expect(deniedView.timeline.map((event: { kind: string }) => event.kind)).toContain('remittance_received');

    const timelines = async () => ({
      paid: (await claimView(paid)).timeline.length,
      denied: (await claimView(denied)).timeline.length,
    });
    const before = { timelines: await timelines(), signals: await signalsReceived(denied) };

    const again = await postX12('835', file);
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ ...first.body, duplicate: true });
    expect(await timelines()).toEqual(before.timelines);
    expect(await signalsReceived(denied)).toBe(before.signals);
    expect(await storedFiles(file)).toBe(1);

    // The same interchange with other bytes passes the file table; the workflow still ignores its keys.
    const resent = await postX12('835', `${file}\n`);
    expect(resent.status).toBe(201);
    expect(resent.body.fileId).not.toBe(first.body.fileId);
    expect(resent.body.claims).toEqual([
      expect.objectContaining({ claimId: paid, outcome: 'closed', reason: 'closed' }),
      expect.objectContaining({ claimId: denied, outcome: 'signalled' }),
    ]);
    expect(await signalsReceived(denied)).toBe(before.signals + 1);
    const state = await system.temporal.workflow.getHandle(claimWorkflowId(denied)).query(claimStateQuery);
    expect(state.seenEvents.filter((key) => key === first.body.claims[1].idempotencyKey)).toHaveLength(1);
    expect(state.phase).toBe('denied');
    expect(await timelines()).toEqual(before.timelines);

    const kept = await getJson(system.baseUrl, `/ingest/unmatched?claimId=${paid}`);
    expect(kept.body.events).toEqual([
      expect.objectContaining({
        claimId: paid,
        reason: 'closed',
        kind: '835',
        fileId: resent.body.fileId,
        idempotencyKey: first.body.claims[0].idempotencyKey,
        event: expect.objectContaining({
          signal: 'remittance',
          event: expect.objectContaining({ clp02: '1', paidCents: 125_000 }),
        }),
      }),
    ]);
  });

  it('when a file names a claim nobody registered, then its event is kept and reported, and the registered claim still gets its own', async () => {
    const known = uniqueClaimId('ING');
    const unknown = uniqueClaimId('NOPE');
    await registerClaim(known);
    const file = build835(controlNumber(), [
      [
        {
          claimId: unknown,
          clp02: '1',
          chargeCents: 50_000,
          paidCents: 40_000,
          adjustments: [['CO', '45', 10_000]],
        },
        {
          claimId: known,
          clp02: '4',
          chargeCents: 125_000,
          paidCents: 0,
          adjustments: [['CO', '50', 125_000]],
        },
      ],
    ]);

    const ingested = await postX12('835', file, 'text/plain');
    expect(ingested.status).toBe(201);
    expect(ingested.body.claims).toEqual([
      {
        claimId: unknown,
        outcome: 'unknown_claim',
        reason: 'not_registered',
        unmatchedId: expect.any(String),
        idempotencyKey: expect.stringMatching(new RegExp(`:${unknown}:1$`)),
      },
      expect.objectContaining({ claimId: known, outcome: 'signalled' }),
    ]);
    await waitForPhase(known, 'denied');

    const kept = await getJson(system.baseUrl, `/ingest/unmatched?fileId=${ingested.body.fileId}`);
    expect(kept.status).toBe(200);
    expect(kept.body.events).toEqual([
      {
        unmatchedId: ingested.body.claims[0].unmatchedId,
        fileId: ingested.body.fileId,
        kind: '835',
        claimId: unknown,
        reason: 'not_registered',
        idempotencyKey: ingested.body.claims[0].idempotencyKey,
        createdAt: expect.any(String),
        event: {
          signal: 'remittance',
          envelope: expect.objectContaining({
            interchangeSenderId: 'INGESTTEST',
            transactionControlNumber: '0001',
          }),
          segment: expect.any(Number),
          event: expect.objectContaining({
            clp02: '1',
            chargeCents: 50_000,
            paidCents: 40_000,
            adjustments: [{ group: 'CO', carc: '45', amountCents: 10_000 }],
          }),
        },
      },
    ]);
    const byReason = await getJson(system.baseUrl, '/ingest/unmatched?reason=not_registered&limit=1000');
    expect(byReason.body.events.map((event: { claimId: string }) => event.claimId)).toContain(unknown);
  });

  it('when the clearinghouse re-sends an 835 under new control numbers, then its payments are reported as duplicates and not routed or kept again', async () => {
    const denied = uniqueClaimId('ING');
    const unknown = uniqueClaimId('NOPE');
    await registerClaim(denied, 80_000);
    const icn = controlNumber();
    const file = build835(icn, [
      [
        {
          claimId: denied,
          clp02: '4',
          chargeCents: 80_000,
          paidCents: 0,
          adjustments: [['CO', '50', 80_000]],
        },
        { claimId: unknown, clp02: '1', chargeCents: 9_000, paidCents: 9_000 },
      ],
    ]);
    const first = await postX12('835', file);
    expect(first.status).toBe(201);
    await waitForPhase(denied, 'denied');
    const signals = await signalsReceived(denied);

    // Same payments (TRN02, CLP01, CLP07 unchanged), new ISA13/IEA02 and GS06/GE02.
    const other = icn === 999_999_999 ? 1 : icn + 1;
    const [isa13, newIsa13] = [icn, other].map((n) => String(n).padStart(9, '0'));
    const resent = file
      .replace(`*${isa13}*`, `*${newIsa13}*`)
      .replace(`IEA*1*${isa13}`, `IEA*1*${newIsa13}`)
      .replace(new RegExp(`^(GS\\*(?:[^*~]*\\*){5})${icn}\\*`, 'm'), `$1${other}*`)
      .replace(`GE*1*${icn}`, `GE*1*${other}`);
    const again = await postX12('835', resent);
    expect(again.status).toBe(201);
    expect(again.body.fileId).not.toBe(first.body.fileId);
    expect(again.body.claims).toEqual([
      {
        claimId: denied,
        outcome: 'duplicate',
        idempotencyKey: `835:INGESTTEST:${newIsa13}:${other}:0001:${denied}:1`,
        duplicateOf: first.body.claims[0].idempotencyKey,
      },
      {
        claimId: unknown,
        outcome: 'duplicate',
        idempotencyKey: `835:INGESTTEST:${newIsa13}:${other}:0001:${unknown}:2`,
        duplicateOf: first.body.claims[1].idempotencyKey,
      },
    ]);
    expect(await signalsReceived(denied)).toBe(signals);
    const kept = await getJson(system.baseUrl, `/ingest/unmatched?claimId=${unknown}`);
    expect(kept.body.events).toHaveLength(1);
  });

  it('when a secondary payer processed the claim (CLP02 2), then the remittance goes to the follow-up at that payer', async () => {
    const primary = uniqueClaimId('ING');
    const secondary = `${primary}.S`;
    await registerClaim(primary);
    await registerClaim(secondary, 30_000);
    const ingested = await postX12(
      '835',
      build835(controlNumber(), [
        [
          {
            claimId: primary,
            clp02: '2',
            chargeCents: 30_000,
            paidCents: 0,
            adjustments: [['CO', '50', 30_000]],
          },
        ],
      ]),
    );
    expect(ingested.body.claims).toEqual([
      expect.objectContaining({
        claimId: secondary,
        outcome: 'signalled',
        idempotencyKey: expect.stringContaining(`:${primary}:1`),
      }),
    ]);
    await waitForPhase(secondary, 'denied');
    expect(await signalsReceived(primary)).toBe(0);
  });

  it('when the file is malformed anywhere, then the answer is 400 naming the segment and nothing from it is applied or stored', async () => {
    const claimId = uniqueClaimId('ING');
    await registerClaim(claimId);
    const valid = build835(controlNumber(), [
      [{ claimId, clp02: '4', chargeCents: 125_000, paidCents: 0, adjustments: [['CO', '50', 125_000]] }],
      [{ claimId: uniqueClaimId('ING'), clp02: '1', chargeCents: 100, paidCents: 100 }],
    ]);
    // The second transaction set's SE miscounts its segments: the first one's claim must not be applied.
    const lines = valid.split('\n');
    const lastSe = lines.length - 1 - [...lines].reverse().findIndex((line) => line.startsWith('SE*'));
    lines[lastSe] = lines[lastSe]!.replace(/^SE\*\d+/, 'SE*99');
    const malformed = lines.join('\n');
    const signalsBefore = await signalsReceived(claimId);
    const timelineBefore = (await claimView(claimId)).timeline.length;

    const rejected = await postX12('835', malformed);
    expect(rejected.status).toBe(400);
    expect(rejected.body.error).toBe('invalid_x12');
    expect(rejected.body.message).toMatch(
      new RegExp(`segment ${lastSe + 1} \\(SE\\): SE01 says 99 segments`),
    );
    expect(rejected.body.fields).toEqual([
      { field: `segment ${lastSe + 1} (SE)`, message: expect.stringMatching(/SE01 says 99 segments/) },
    ]);

    expect(await storedFiles(malformed)).toBe(0);
    expect(await signalsReceived(claimId)).toBe(signalsBefore);
    expect((await claimView(claimId)).timeline.length).toBe(timelineBefore);
    expect((await getJson(system.baseUrl, `/ingest/unmatched?claimId=${claimId}`)).body.events).toEqual([]);

    const wrongKind = await postX12('277', valid);
    expect(wrongKind.status).toBe(400);
    expect(wrongKind.body.message).toMatch(/is not a 277 claim status response/);
  });

  it('when a 277 and a 277CA arrive on /ingest/277, then each is told apart by its guide: a status moves one claim, a rejection opens a correction on the other', async () => {
    const pending = uniqueClaimId('ING');
    const rejectedClaim = uniqueClaimId('ING');
    await registerClaim(pending);
    await registerClaim(rejectedClaim);

    const status = await postX12(
      '277',
      build277(controlNumber(), [
        {
          traceNumber: 'TRACE-1',
          patientControlNumber: pending,
          category: 'R4',
          code: '21',
          payerClaimNumber: 'ICN-ING-1',
        },
      ]),
    );
    expect(status.status).toBe(201);
    expect(status.body.kind).toBe('277');
    expect(status.body.claims).toEqual([
      expect.objectContaining({
        claimId: pending,
        outcome: 'signalled',
        idempotencyKey: expect.stringMatching(/^277:/),
      }),
    ]);
    const documentation = await waitForPhase(pending, 'needs_documentation');
    expect(documentation.workItems).toEqual([
      expect.objectContaining({ kind: 'documentation', status: 'open' }),
    ]);

    const ack = await postX12(
      '277',
      build277CA(controlNumber(), [{ claimId: rejectedClaim, category: 'A7', code: '562', action: 'U' }]),
    );
    expect(ack.status).toBe(201);
    expect(ack.body.kind).toBe('277CA');
    expect(ack.body.claims).toEqual([
      expect.objectContaining({
        claimId: rejectedClaim,
        outcome: 'signalled',
        idempotencyKey: expect.stringMatching(/^277CA:/),
      }),
    ]);
    const correction = await waitForPhase(rejectedClaim, 'needs_correction');
    expect(correction.workItems).toEqual([expect.objectContaining({ kind: 'correction', status: 'open' })]);
  });

  it('when a 999 arrives, then its verdicts are kept for a person, since a 999 names transaction sets and not claims', async () => {
    const ingested = await postX12('999', build999Rejection(controlNumber(), '4021'));
    expect(ingested.status).toBe(201);
    expect(ingested.body).toMatchObject({
      kind: '999',
      claims: [{ claimId: null, outcome: 'unknown_claim', reason: 'no_claim_reference' }],
    });
    const kept = await getJson(system.baseUrl, `/ingest/unmatched?fileId=${ingested.body.fileId}`);
    expect(kept.body.events).toEqual([
      expect.objectContaining({
        reason: 'no_claim_reference',
        event: expect.objectContaining({ event: { kind: '999', accepted: false, code: 'R' } }),
      }),
    ]);
  });

  it('refuses a body that is not X12 content, an empty file and a bad filter', async () => {
    const json = await postJson(system.baseUrl, '/ingest/835', { file: 'ISA*...' });
    expect(json.status).toBe(415);
    expect(json.body.error).toBe('unsupported_media_type');
    const empty = await postX12('835', '');
    expect(empty.status).toBe(400);
    const filter = await getJson(system.baseUrl, '/ingest/unmatched?reason=lost');
    expect(filter.status).toBe(400);
    expect(filter.body.fields[0].field).toBe('reason');
  });

  it('describes the ingestion routes in the OpenAPI document', async () => {
    const doc = await getJson(system.baseUrl, '/openapi.json');
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining(['/ingest/835', '/ingest/277', '/ingest/999', '/ingest/unmatched']),
    );
    expect(Object.keys(doc.body.paths['/ingest/835'].post.requestBody.content)).toEqual([
      'application/edi-x12',
      'text/plain',
    ]);
  });
});

describe('npm run cli -- ingest', () => {
  const cli = (args: string[], env: Record<string, string> = {}) =>
    run(process.execPath, ['--import', 'tsx', 'src/cli/index.ts', 'ingest', ...args], {
      env: { ...process.env, LOG_LEVEL: 'silent', ...env },
      timeout: 60_000,
    }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (error: { code: number; stdout: string; stderr: string }) => ({
        code: error.code,
        stdout: error.stdout,
        stderr: error.stderr,
      }),
    );

  it('when DATABASE_URL is set, then it ingests in-process and prints each claim outcome; the same file again is a duplicate', async () => {
    const claimId = uniqueClaimId('CLI');
    const unknown = uniqueClaimId('NOPE');
    await registerClaim(claimId);
    const file = path.join(workDir, 'remittance.835');
    await writeFile(
      file,
      build835(controlNumber(), [
        [
          { claimId, clp02: '4', chargeCents: 125_000, paidCents: 0, adjustments: [['CO', '50', 125_000]] },
          { claimId: unknown, clp02: '1', chargeCents: 100, paidCents: 100 },
        ],
      ]),
    );
    const env = { DATABASE_URL: inject('databaseUrl'), TEMPORAL_ADDRESS: inject('temporalAddress') };

    const first = await cli([file], env);
    expect(first.code).toBe(0);
    expect(first.stderr).toMatch(/in-process/);
    expect(first.stdout).toMatch(/\(835\): 2 claim event\(s\), ingested/);
    expect(first.stdout).toMatch(new RegExp(`${claimId}\\s+signalled\\s+835:`));
    expect(first.stdout).toMatch(new RegExp(`${unknown}\\s+unknown_claim\\s+835:.*\\(not_registered\\)`));
    await waitForPhase(claimId, 'denied');

    const second = await cli([file, '--json'], env);
    expect(second.code).toBe(0);
    expect(JSON.parse(second.stdout)).toMatchObject({ kind: '835', duplicate: true });
  });

  it('with --api it posts the file to a running API; a malformed file exits 2 and nothing is applied', async () => {
    const unknown = uniqueClaimId('NOPE');
    const file = path.join(workDir, 'over-http.835');
    await writeFile(
      file,
      build835(controlNumber(), [[{ claimId: unknown, clp02: '1', chargeCents: 100, paidCents: 100 }]]),
    );
    const posted = await cli([file, '--api', system.baseUrl], {
      DATABASE_URL: '',
      TICKLER_API_KEY: system.adminKey,
    });
    expect(posted.code).toBe(0);
    expect(posted.stderr).toMatch(/posting to http/);
    expect(posted.stdout).toMatch(new RegExp(`${unknown}\\s+unknown_claim`));

    const malformed = path.join(workDir, 'malformed.835');
    const text = build835(controlNumber(), [
      [{ claimId: uniqueClaimId('NOPE'), clp02: '1', chargeCents: 100, paidCents: 100 }],
    ]);
    await writeFile(malformed, text.replace(/^IEA\*1\*/m, 'IEA*2*'));
    for (const args of [[malformed, '--api', system.baseUrl], [malformed]]) {
      const rejected = await cli(args, {
        DATABASE_URL: inject('databaseUrl'),
        TEMPORAL_ADDRESS: inject('temporalAddress'),
        TICKLER_API_KEY: system.adminKey,
      });
      expect(rejected.code).toBe(2);
      expect(rejected.stderr).toMatch(
        /malformed file, nothing applied: .*segment \d+ \(IEA\): IEA01 says 2 functional groups/,
      );
    }
  });
});
