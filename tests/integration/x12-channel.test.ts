import { randomUUID } from 'node:crypto';
import { watch } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parse276, type ClaimStatusQuery, type X12EnvelopeConfig } from '../../src/edi';
import {
  CORE_277_PAYLOAD_TYPE,
  createDropFolderTransport,
  createHttpTransport,
  createX12Channel,
  traceNumberFor,
  type ClearinghouseTransport,
} from '../../src/payers/x12';
import { PayerError, type PayerChannel, type StatusInquiry } from '../../src/payers/types';
import { build277, build999Rejection } from '../unit/edi/x12-builders';

/** What the fake clearinghouse does with an inquiry, by the claim's patient control number. */
type Behaviour =
  | { kind: 'status'; category: string; code?: string; paidCents?: number; payerClaimNumber?: string }
  | { kind: 'http'; status: number; retryAfter?: string }
  | { kind: 'hang' }
  | { kind: '999' }
  | { kind: 'other-trace' };

const script: Record<string, Behaviour> = {
  'PCN-HTTP-PAID': {
    kind: 'status',
    category: 'F1',
    code: '65',
    paidCents: 12050,
    payerClaimNumber: 'ICN-HTTP-1',
  },
  'PCN-HTTP-PENDING': { kind: 'status', category: 'P1', code: '20' },
  'PCN-HTTP-503': { kind: 'http', status: 503, retryAfter: '30' },
  'PCN-HTTP-400': { kind: 'http', status: 400 },
  'PCN-HTTP-SLOW': { kind: 'hang' },
  'PCN-HTTP-999': { kind: '999' },
  'PCN-HTTP-UNKNOWN': { kind: 'status', category: 'Q7', code: '1' },
  'PCN-HTTP-WRONG': { kind: 'other-trace' },
  'PCN-FOLDER-PAID': {
    kind: 'status',
    category: 'F1',
    code: '65',
    paidCents: 9900,
    payerClaimNumber: 'ICN-DROP-1',
  },
  'PCN-FOLDER-RFI': { kind: 'status', category: 'R4', code: '123' },
  'PCN-FOLDER-999': { kind: '999' },
};

const envelope: X12EnvelopeConfig = {
  sender: { qualifier: 'ZZ', id: 'TICKLERTEST' },
  receiver: { qualifier: 'ZZ', id: 'FAKECLEARING' },
  applicationSenderCode: 'TICKLER',
  applicationReceiverCode: 'FAKECH',
  usage: 'T',
  informationReceiver: { name: 'TICKLER TEST BILLING', etin: 'TICKLERETIN' },
};

/** Tickler's records for the claims of these tests, by claim id (the patient control number here). */
function claimFacts(pcn: string): ClaimStatusQuery {
  return {
    payer: { name: 'FAKE PAYER OF TESTS', id: 'FAKEPAYER' },
    provider: { name: 'EXAMPLE TEST CLINIC', npi: '1999999992' },
    subscriber: { lastName: 'FAKEPATIENT', firstName: 'ZULU', memberId: 'ZZM900000001' },
    patientControlNumber: pcn,
    chargeCents: 15000,
    serviceDates: { from: '2024-03-15', to: '2024-03-15' },
  };
}

const lookupClaim = (inquiry: StatusInquiry): Promise<ClaimStatusQuery | undefined> =>
  Promise.resolve(inquiry.claimId in script ? claimFacts(inquiry.claimId) : undefined);

let controlNumber = 500;
const nextControlNumber = (): number => ++controlNumber;

function inquiry(claimId: string, seq = 1): StatusInquiry {
  return { idempotencyKey: `check:${claimId}:${seq}`, claimId, payerId: 'FAKEPAYER', seq };
}

/** The 277 (or 999) the fake clearinghouse answers a 276 with; undefined for HTTP-level behaviours. */
function answerFor(body: string, icn: number): { behaviour: Behaviour; text?: string } {
  const [first] = parse276(body).inquiries;
  const behaviour = script[first?.patientControlNumber ?? ''] ?? { kind: 'http', status: 400 };
  if (behaviour.kind === 'status') {
    const answers = parse276(body).inquiries.map((one) => ({
      traceNumber: one.traceNumber,
      patientControlNumber: one.patientControlNumber,
      chargeCents: one.chargeCents,
      ...(script[one.patientControlNumber ?? ''] as Behaviour & { kind: 'status' }),
    }));
    return { behaviour, text: build277(icn, answers) };
  }
  if (behaviour.kind === '999') return { behaviour, text: build999Rejection(icn, first!.groupControlNumber) };
  if (behaviour.kind === 'other-trace') {
    return { behaviour, text: build277(icn, [{ traceNumber: 'SOMEONE-ELSE', category: 'F1', code: '65' }]) };
  }
  return { behaviour };
}

function expectPayerError(error: unknown, kind: PayerError['kind'], message: RegExp): PayerError {
  expect(error).toBeInstanceOf(PayerError);
  const payerError = error as PayerError;
  expect(payerError.kind).toBe(kind);
  expect(payerError.message).toMatch(message);
  return payerError;
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

describe('X12 channel over HTTP (a fake real-time clearinghouse on 127.0.0.1)', () => {
  let server: Server;
  let url: string;
  const received: { contentType: string | undefined; body: string }[] = [];
  const hanging: ServerResponse[] = [];
  let answerNumber = 9000;

  beforeAll(async () => {
    server = createServer((request: IncomingMessage, response: ServerResponse) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        received.push({ contentType: request.headers['content-type'], body });
        let answer: ReturnType<typeof answerFor>;
        try {
          answer = answerFor(body, ++answerNumber);
        } catch {
          response.writeHead(400).end('not a 276');
          return;
        }
        const { behaviour, text } = answer;
        if (behaviour.kind === 'hang') {
          hanging.push(response);
          return;
        }
        if (behaviour.kind === 'http') {
          response
            .writeHead(behaviour.status, behaviour.retryAfter ? { 'retry-after': behaviour.retryAfter } : {})
            .end('clearinghouse says no');
          return;
        }
        response.writeHead(200, { 'content-type': 'application/edi-x12' }).end(text);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/x12/realtime`;
  });

  afterAll(async () => {
    for (const response of hanging) response.destroy();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  afterEach(() => {
    received.length = 0;
  });

  const channel = (transport?: ClearinghouseTransport): PayerChannel =>
    createX12Channel({
      transport: transport ?? createHttpTransport({ url, timeoutMs: 5_000 }),
      envelope,
      lookupClaim,
      nextControlNumber,
    });

  it('checkStatus POSTs one 276 for the claim and answers with the 277 status, paid amount and payer claim number', async () => {
    const response = await channel().checkStatus(inquiry('PCN-HTTP-PAID'));
    expect(response).toEqual({
      category: 'F1',
      code: '65',
      paidCents: 12050,
      payerClaimNumber: 'ICN-HTTP-1',
    });
    expect(received).toHaveLength(1);
    expect(received[0]?.contentType).toBe('application/edi-x12');
    const [sent] = parse276(received[0]!.body).inquiries;
    expect(sent).toMatchObject({
      traceNumber: traceNumberFor('check:PCN-HTTP-PAID:1'),
      patientControlNumber: 'PCN-HTTP-PAID',
      chargeCents: 15000,
      subscriber: { memberId: 'ZZM900000001' },
    });
  });

  it('a retry of the same inquiry sends the same trace number, and a later inquiry a new one', async () => {
    const x12 = channel();
    await x12.checkStatus(inquiry('PCN-HTTP-PENDING', 1));
    await x12.checkStatus(inquiry('PCN-HTTP-PENDING', 1));
    await x12.checkStatus(inquiry('PCN-HTTP-PENDING', 2));
    const traces = received.map(({ body }) => parse276(body).inquiries[0]?.traceNumber);
    expect(traces[0]).toBe(traces[1]);
    expect(traces[2]).not.toBe(traces[0]);
    const controlNumbers = received.map(({ body }) => parse276(body).interchanges[0]?.controlNumber);
    expect(new Set(controlNumbers).size).toBe(3);
  });

  it('answers a pending claim with P1', async () => {
    await expect(channel().checkStatus(inquiry('PCN-HTTP-PENDING'))).resolves.toEqual({
      category: 'P1',
      code: '20',
    });
  });

  it('a 503 from the clearinghouse is transient, with its Retry-After', async () => {
    const error = await failure(channel().checkStatus(inquiry('PCN-HTTP-503')));
    expect(expectPayerError(error, 'transient', /HTTP 503/).retryAfterMs).toBe(30_000);
  });

  it('a 400 from the clearinghouse is permanent', async () => {
    expectPayerError(await failure(channel().checkStatus(inquiry('PCN-HTTP-400'))), 'permanent', /HTTP 400/);
  });

  it('a clearinghouse that does not answer within the timeout is transient', async () => {
    const slow = channel(createHttpTransport({ url, timeoutMs: 300 }));
    expectPayerError(await failure(slow.checkStatus(inquiry('PCN-HTTP-SLOW'))), 'transient', /within 300 ms/);
  });

  it('a clearinghouse that cannot be reached is transient', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const unreachable = channel(
      createHttpTransport({ url: `http://127.0.0.1:${port}/x12`, timeoutMs: 2_000 }),
    );
    expectPayerError(
      await failure(unreachable.checkStatus(inquiry('PCN-HTTP-PAID'))),
      'transient',
      /could not reach/,
    );
  });

  it('a 999 rejecting the 276 is permanent and names the segment in error', async () => {
    expectPayerError(
      await failure(channel().checkStatus(inquiry('PCN-HTTP-999'))),
      'permanent',
      /rejected the 276 \(999 AK9 R\): NM1 at position 8 \(error 8\)/,
    );
  });

  it('a 277 category outside the taxonomy is unsupported: a person has to read it', async () => {
    expectPayerError(
      await failure(channel().checkStatus(inquiry('PCN-HTTP-UNKNOWN'))),
      'unsupported',
      /"Q7"/,
    );
  });

  it('a 277 that does not answer this inquiry is unsupported', async () => {
    expectPayerError(
      await failure(channel().checkStatus(inquiry('PCN-HTTP-WRONG'))),
      'unsupported',
      /holds no claim with trace number/,
    );
  });

  it('a claim Tickler has no 276 data for is unsupported (routing moves on), and nothing is sent', async () => {
    expectPayerError(
      await failure(channel().checkStatus(inquiry('PCN-NOT-ON-FILE'))),
      'unsupported',
      /no data to write a 276/,
    );
    expect(received).toHaveLength(0);
  });

  it('claim data holding an X12 delimiter is permanent, and nothing is sent', async () => {
    const broken = createX12Channel({
      transport: createHttpTransport({ url }),
      envelope,
      lookupClaim: () => Promise.resolve({ ...claimFacts('PCN-HTTP-PAID'), patientControlNumber: 'PCN~1' }),
      nextControlNumber,
    });
    expectPayerError(
      await failure(broken.checkStatus(inquiry('PCN-HTTP-PAID'))),
      'permanent',
      /contains the delimiter "~"/,
    );
    expect(received).toHaveLength(0);
  });

  it('does not submit claims: submitClaim is unsupported so routing moves to the next channel', async () => {
    const error = await failure(
      channel().submitClaim({
        idempotencyKey: 'k',
        claimId: 'PCN-HTTP-PAID',
        payerId: 'FAKEPAYER',
        kind: 'new',
        frequencyCode: '1',
      }),
    );
    expectPayerError(error, 'unsupported', /checks status only/);
  });
});

/**
 * A fake batch clearinghouse: picks up 276 files from the outbox, answers each with a 277 (or 999) written
 * atomically into the inbox, and keeps what it received.
 */
function startFolderResponder(folders: {
  outbox: string;
  inbox: string;
  received: string;
}): () => Promise<void> {
  let answerNumber = 7000;
  let stopped = false;
  const tick = async (): Promise<void> => {
    for (const name of (await readdir(folders.outbox)).filter((file) => !file.startsWith('.'))) {
      const body = await readFile(path.join(folders.outbox, name), 'utf8');
      await rename(path.join(folders.outbox, name), path.join(folders.received, name));
      const { text } = answerFor(body, ++answerNumber);
      if (text === undefined) continue;
      const answerName = `277-${answerNumber}.x12`;
      await writeFile(path.join(folders.inbox, `.${answerName}.part`), text);
      await rename(path.join(folders.inbox, `.${answerName}.part`), path.join(folders.inbox, answerName));
    }
  };
  // Each change in the outbox triggers one pass; passes run one after another.
  let passes = tick();
  const watcher = watch(folders.outbox, () => {
    if (!stopped) passes = passes.then(tick);
  });
  return async () => {
    stopped = true;
    watcher.close();
    await passes;
  };
}

describe('X12 channel over HTTP in the CAQH CORE envelope (a fake CORE clearinghouse on 127.0.0.1)', () => {
  let server: Server;
  let url: string;
  const forms: Record<string, string>[] = [];
  /** What the fake answers in its envelope's ErrorCode, by patient control number; default Success. */
  const refusals: Record<string, string> = {
    'PCN-CORE-AUTH': 'UnAuthorized',
    'PCN-CORE-BUSY': 'ReceiverServerBusy',
  };
  let answerNumber = 9500;

  beforeAll(async () => {
    server = createServer((request: IncomingMessage, response: ServerResponse) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        void (async () => {
          // The request is parsed as any multipart/form-data body is; its fields are the envelope.
          const form = await new Request('http://fake.invalid/', {
            method: 'POST',
            headers: { 'content-type': request.headers['content-type'] ?? '' },
            body: Buffer.concat(chunks),
          }).formData();
          // Every field of a CORE envelope is text; a file part would be a fault in the sender.
          const fields = Object.fromEntries(
            [...form.entries()].map(([key, value]) => [key, typeof value === 'string' ? value : '(file)']),
          );
          forms.push(fields);
          const answer = new FormData();
          answer.set('ProcessingMode', 'RealTime');
          answer.set('PayloadID', randomUUID());
          answer.set('TimeStamp', new Date().toISOString().slice(0, 19) + 'Z');
          answer.set('SenderID', fields.ReceiverID ?? '');
          answer.set('ReceiverID', fields.SenderID ?? '');
          answer.set('CORERuleVersion', '2.2.0');
          const pcn = parse276(fields.Payload ?? '').inquiries[0]?.patientControlNumber ?? '';
          const refusal = refusals[pcn];
          if (refusal) {
            answer.set('ErrorCode', refusal);
            answer.set('ErrorMessage', 'refused by the fake');
          } else {
            const { text } = answerFor(fields.Payload ?? '', ++answerNumber);
            answer.set('PayloadType', CORE_277_PAYLOAD_TYPE);
            answer.set('ErrorCode', 'Success');
            answer.set('ErrorMessage', '');
            answer.set('Payload', text ?? '');
          }
          const encoded = new Response(answer);
          response
            .writeHead(200, { 'content-type': encoded.headers.get('content-type') ?? '' })
            .end(Buffer.from(await encoded.arrayBuffer()));
        })().catch(() => response.writeHead(500).end());
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/core/realtime`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  afterEach(() => {
    forms.length = 0;
  });

  const channel = (): PayerChannel =>
    createX12Channel({
      transport: createHttpTransport({
        url,
        timeoutMs: 5_000,
        core: { senderId: 'TICKLERTEST', receiverId: 'FAKECORE', username: 'tickler', password: 'secret' },
        now: () => new Date('2026-11-23T10:20:34.567Z'),
      }),
      envelope,
      lookupClaim: (one) => Promise.resolve(claimFacts(one.claimId)),
      nextControlNumber,
    });

  it('sends the 276 as the envelope payload with its metadata and reads the 277 from the answer', async () => {
    const response = await channel().checkStatus(inquiry('PCN-HTTP-PAID'));
    expect(response).toEqual({
      category: 'F1',
      code: '65',
      paidCents: 12050,
      payerClaimNumber: 'ICN-HTTP-1',
    });
    expect(forms).toHaveLength(1);
    const { Payload: payload, PayloadID: payloadId, ...metadata } = forms[0]!;
    expect(metadata).toEqual({
      PayloadType: 'X12_276_Request_005010X212',
      ProcessingMode: 'RealTime',
      TimeStamp: '2026-11-23T10:20:34Z',
      UserName: 'tickler',
      Password: 'secret',
      SenderID: 'TICKLERTEST',
      ReceiverID: 'FAKECORE',
      CORERuleVersion: '2.2.0',
    });
    expect(payloadId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(parse276(payload ?? '').inquiries[0]?.patientControlNumber).toBe('PCN-HTTP-PAID');
  });

  it('an envelope refused as unauthorized is permanent; a busy receiver is transient', async () => {
    expectPayerError(
      await failure(channel().checkStatus(inquiry('PCN-CORE-AUTH'))),
      'permanent',
      /CORE envelope: UnAuthorized \(refused by the fake\)/,
    );
    expectPayerError(
      await failure(channel().checkStatus(inquiry('PCN-CORE-BUSY'))),
      'transient',
      /ReceiverServerBusy/,
    );
  });

  it('an answer that is not a CORE envelope is unsupported', async () => {
    const plain = createServer((_request, response) => response.writeHead(200).end('ISA*00*'));
    await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
    try {
      const transport = createHttpTransport({
        url: `http://127.0.0.1:${(plain.address() as AddressInfo).port}/`,
        core: { senderId: 'TICKLERTEST', receiverId: 'FAKECORE' },
      });
      expectPayerError(
        await failure(transport.exchange({ body: 'ISA*', controlNumber: '000000001', answers: () => true })),
        'unsupported',
        /without a CORE envelope/,
      );
    } finally {
      plain.closeAllConnections();
      await new Promise<void>((resolve) => plain.close(() => resolve()));
    }
  });
});

describe('X12 channel over a drop folder (a fake batch clearinghouse)', () => {
  let root: string;
  let folders: { outbox: string; inbox: string; archive: string; received: string };

  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'tickler-x12-'));
  });

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  let run = 0;
  const freshFolders = async (): Promise<typeof folders> => {
    const base = path.join(root, `run-${++run}`);
    folders = {
      outbox: path.join(base, 'outbox'),
      inbox: path.join(base, 'inbox'),
      archive: path.join(base, 'archive'),
      received: path.join(base, 'clearinghouse-received'),
    };
    await Promise.all(Object.values(folders).map((folder) => mkdir(folder, { recursive: true })));
    return folders;
  };

  const folderChannel = (responseTimeoutMs = 20_000): PayerChannel =>
    createX12Channel({
      transport: createDropFolderTransport({ ...folders, pollIntervalMs: 20, responseTimeoutMs }),
      envelope,
      lookupClaim,
      nextControlNumber,
    });

  it('checkStatus drops a 276 in the outbox, picks its 277 up from the inbox and archives it', async () => {
    await freshFolders();
    const stop = startFolderResponder(folders);
    try {
      const response = await folderChannel().checkStatus(inquiry('PCN-FOLDER-PAID'));
      expect(response).toEqual({
        category: 'F1',
        code: '65',
        paidCents: 9900,
        payerClaimNumber: 'ICN-DROP-1',
      });
    } finally {
      await stop();
    }
    const [sent] = await readdir(folders.received);
    expect(sent).toMatch(/^276-\d{9}-\d+-[0-9a-f]{8}\.x12$/);
    expect(
      parse276(await readFile(path.join(folders.received, sent!), 'utf8')).inquiries[0]?.patientControlNumber,
    ).toBe('PCN-FOLDER-PAID');
    expect(await readdir(folders.inbox)).toEqual([]);
    expect(await readdir(folders.archive)).toHaveLength(1);
  });

  it('two inquiries waiting on the same inbox each get their own answer', async () => {
    await freshFolders();
    const stop = startFolderResponder(folders);
    try {
      const channel = folderChannel();
      const [paid, rfi] = await Promise.all([
        channel.checkStatus(inquiry('PCN-FOLDER-PAID')),
        channel.checkStatus(inquiry('PCN-FOLDER-RFI')),
      ]);
      expect(paid.category).toBe('F1');
      expect(rfi).toEqual({ category: 'R4', code: '123' });
    } finally {
      await stop();
    }
    expect(await readdir(folders.archive)).toHaveLength(2);
  });

  it('a 999 rejection in the inbox is permanent', async () => {
    await freshFolders();
    const stop = startFolderResponder(folders);
    try {
      expectPayerError(
        await failure(folderChannel().checkStatus(inquiry('PCN-FOLDER-999'))),
        'permanent',
        /999 AK9 R/,
      );
    } finally {
      await stop();
    }
  });

  it('no answer within the response timeout is transient, and the 276 stays in the outbox', async () => {
    await freshFolders();
    expectPayerError(
      await failure(folderChannel(300).checkStatus(inquiry('PCN-FOLDER-PAID'))),
      'transient',
      /no answer to interchange \d{9} appeared in the inbox within 300 ms/,
    );
    expect(await readdir(folders.outbox)).toHaveLength(1);
  });

  it('outbound file names are unique, even for the same control number', async () => {
    await freshFolders();
    const transport = createDropFolderTransport(folders);
    const names = await Promise.all([transport.send('A', '000000001'), transport.send('B', '000000001')]);
    expect(new Set(names).size).toBe(2);
    expect((await readdir(folders.outbox)).sort()).toEqual([...names].sort());
  });

  it('batch pickup is idempotent: each answer is handled and archived once, a redelivered copy is dropped, a new file with a reused name is kept', async () => {
    await freshFolders();
    const transport = createDropFolderTransport(folders);
    const answer = build277(31, [{ traceNumber: 'T-1', category: 'F1', code: '65' }]);
    await writeFile(path.join(folders.inbox, 'ch-277-0031.x12'), answer);
    await writeFile(path.join(folders.inbox, '.ch-277-0032.x12.part'), 'half a file');
    const handled: string[] = [];
    const handler = (file: { name: string }): Promise<void> => {
      handled.push(file.name);
      return Promise.resolve();
    };

    const first = await transport.collect(handler);
    expect(first.processed.map((file) => file.name)).toEqual(['ch-277-0031.x12']);
    expect(handled).toEqual(['ch-277-0031.x12']);

    // The clearinghouse sends the same file again.
    await writeFile(path.join(folders.inbox, 'ch-277-0031.x12'), answer);
    const second = await transport.collect(handler);
    expect(second).toMatchObject({ processed: [], duplicates: ['ch-277-0031.x12'] });
    expect(handled).toEqual(['ch-277-0031.x12']);

    // A different file under a name already used is processed and archived beside the first.
    await writeFile(
      path.join(folders.inbox, 'ch-277-0031.x12'),
      build277(32, [{ traceNumber: 'T-2', category: 'P1' }]),
    );
    const third = await transport.collect(handler);
    expect(third.processed).toHaveLength(1);
    expect(handled).toEqual(['ch-277-0031.x12', 'ch-277-0031.x12']);
    expect(await readdir(folders.archive)).toHaveLength(2);
    expect(await readdir(folders.inbox)).toEqual(['.ch-277-0032.x12.part']);
  });

  it('a file the handler fails on stays in the inbox for the next pass', async () => {
    await freshFolders();
    const transport = createDropFolderTransport(folders);
    await writeFile(path.join(folders.inbox, 'broken.x12'), 'not x12');
    const result = await transport.collect(() => Promise.reject(new Error('cannot parse')));
    expect(result.failed.map((file) => file.name)).toEqual(['broken.x12']);
    expect(await readdir(folders.inbox)).toEqual(['broken.x12']);
    expect(await readdir(folders.archive)).toEqual([]);
  });
});
