import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createPayerProtection } from '../../src/payers/protection';
import { createPayerRegistry } from '../../src/payers/registry';
import {
  type RestClearinghouseOptions,
  createRestClearinghouseChannel,
} from '../../src/payers/rest/rest-channel';
import { PayerError, type StatusInquiry } from '../../src/payers/types';
import { FakeClock } from '../support/fake-clock';

interface Received {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: any;
}

type Reply = { status: number; body?: unknown; headers?: Record<string, string>; delayMs?: number };

/**
 * A local clearinghouse on 127.0.0.1: checks the bearer token (401 otherwise), then answers each request
 * with the next scripted reply (the last repeats), and records every request it received.
 */
class FakeClearinghouse {
  readonly received: Received[] = [];
  replies: Reply[] = [];
  private server!: Server;
  private readonly timers = new Set<NodeJS.Timeout>();

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
  }

  async stop(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let text = '';
    for await (const chunk of req) text += String(chunk);
    this.received.push({
      method: req.method ?? '',
      path: req.url ?? '',
      headers: req.headers,
      body: text ? JSON.parse(text) : undefined,
    });
    if (req.headers.authorization !== 'Bearer secret-token') {
      res
        .writeHead(401, { 'content-type': 'application/json' })
        .end(JSON.stringify({ error: { code: 'unauthorized' } }));
      return;
    }
    const reply = this.replies[Math.min(this.received.length, this.replies.length) - 1] ?? { status: 500 };
    const send = () =>
      res
        .writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers })
        .end(reply.body === undefined ? '' : JSON.stringify(reply.body));
    if (reply.delayMs) {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        if (!res.destroyed) send();
      }, reply.delayMs);
      this.timers.add(timer);
    } else send();
  }
}

const fake = new FakeClearinghouse();
let baseUrl: string;
let clock: FakeClock;
let logs: { level: string; message: string; attributes: Record<string, unknown> }[];

beforeAll(async () => {
  baseUrl = await fake.start();
});
afterAll(async () => {
  await fake.stop();
});
beforeEach(() => {
  fake.received.length = 0;
  fake.replies = [];
  clock = new FakeClock();
  logs = [];
});

function channel(overrides: Partial<RestClearinghouseOptions> = {}) {
  return createRestClearinghouseChannel({
    baseUrl,
    token: 'secret-token',
    timeoutMs: 2_000,
    clock,
    random: () => 0.5,
    logger: {
      info: (message, attributes = {}) => logs.push({ level: 'info', message, attributes }),
      warn: (message, attributes = {}) => logs.push({ level: 'warn', message, attributes }),
    },
    ...overrides,
  });
}

const inquiry: StatusInquiry = {
  idempotencyKey: 'claim-CLM-77:check:3',
  claimId: 'CLM-77',
  payerId: 'acme-health',
  seq: 3,
};
const paid = {
  status: 200,
  body: {
    claimStatus: { categoryCode: 'F1', statusCode: '65', paidAmount: '800.10', payerClaimNumber: 'ICN-9' },
  },
};

describe('REST clearinghouse channel over a real socket', () => {
  it('when the clearinghouse answers, then the status is normalized, and the request carries the token, a request id and the idempotency key', async () => {
    fake.replies = [paid];
    await expect(channel().checkStatus(inquiry)).resolves.toEqual({
      category: 'F1',
      code: '65',
      paidCents: 80_010,
      payerClaimNumber: 'ICN-9',
    });
    expect(fake.received).toHaveLength(1);
    const [request] = fake.received;
    expect(request).toMatchObject({
      method: 'POST',
      path: '/v1/claim-status',
      body: { payerId: 'acme-health', claimId: 'CLM-77' },
      headers: { authorization: 'Bearer secret-token', 'idempotency-key': 'claim-CLM-77:check:3' },
    });
    expect(request!.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    // Logged by request id and claim id; no bodies, tokens or amounts.
    expect(logs).toEqual([
      {
        level: 'info',
        message: 'clearinghouse request',
        attributes: {
          channel: 'rest',
          operation: 'claim-status',
          claimId: 'CLM-77',
          payerId: 'acme-health',
          requestId: request!.headers['x-request-id'],
          attempt: 1,
          status: 200,
          durationMs: expect.any(Number),
        },
      },
    ]);
    expect(JSON.stringify(logs)).not.toMatch(/secret-token|800|ICN-9/);
  });

  it('when the token is refused, then the error is permanent and the request is not retried', async () => {
    const error = await channel({ token: () => 'expired-token' })
      .checkStatus(inquiry)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PayerError);
    expect(error).toMatchObject({ kind: 'permanent', message: expect.stringContaining('401') });
    expect(fake.received).toHaveLength(1);
  });

  it('when the clearinghouse answers 429 with Retry-After, then the channel waits that long and asks again with a new request id', async () => {
    fake.replies = [{ status: 429, headers: { 'retry-after': '2' } }, paid];
    await expect(channel().checkStatus(inquiry)).resolves.toMatchObject({ category: 'F1' });
    expect(clock.sleeps).toEqual([2_000]);
    expect(fake.received).toHaveLength(2);
    const [first, second] = fake.received;
    expect(first!.headers['x-request-id']).not.toBe(second!.headers['x-request-id']);
    expect(second!.headers['idempotency-key']).toBe(first!.headers['idempotency-key']);
  });

  it('when Retry-After is an HTTP date, then the wait runs until that moment', async () => {
    fake.replies = [
      { status: 429, headers: { 'retry-after': new Date(clock.now() + 3_000).toUTCString() } },
      paid,
    ];
    await channel().checkStatus(inquiry);
    expect(clock.sleeps).toEqual([3_000]);
  });

  it('when Retry-After is longer than the channel waits, then the error is transient and carries it for the caller', async () => {
    fake.replies = [{ status: 429, headers: { 'retry-after': '120' } }];
    await expect(channel().checkStatus(inquiry)).rejects.toMatchObject({
      kind: 'transient',
      retryAfterMs: 120_000,
    });
    expect(fake.received).toHaveLength(1);
    expect(clock.sleeps).toEqual([]);
  });

  it('when the clearinghouse answers 503 and then recovers, then the channel retries with growing jittered back-off and succeeds', async () => {
    fake.replies = [{ status: 503 }, { status: 503 }, paid];
    await expect(
      channel({ maxAttempts: 3, backoffBaseMs: 200, backoffCapMs: 5_000 }).checkStatus(inquiry),
    ).resolves.toMatchObject({
      category: 'F1',
    });
    expect(fake.received).toHaveLength(3);
    // random() = 0.5: half the step fixed plus a quarter of it; steps 200 and 400 ms.
    expect(clock.sleeps).toEqual([150, 300]);
  });

  it('when 5xx persists, then the back-off stays under its cap and, once tries run out, the error is transient', async () => {
    fake.replies = [{ status: 502 }];
    const sleeps: number[] = [];
    const jittered = channel({
      maxAttempts: 6,
      backoffBaseMs: 100,
      backoffCapMs: 400,
      random: Math.random,
      clock: { now: () => clock.now(), sleep: async (ms) => void sleeps.push(ms) },
    });
    await expect(jittered.checkStatus(inquiry)).rejects.toMatchObject({
      kind: 'transient',
      message: expect.stringContaining('502'),
    });
    expect(fake.received).toHaveLength(6);
    expect(sleeps).toHaveLength(5);
    [100, 200, 400, 400, 400].forEach((step, i) => {
      expect(sleeps[i]).toBeGreaterThanOrEqual(step / 2);
      expect(sleeps[i]).toBeLessThanOrEqual(step);
    });
  });

  it('when the clearinghouse is too slow, then each try times out and the error is transient', async () => {
    fake.replies = [{ status: 200, body: paid.body, delayMs: 5_000 }];
    const error = await channel({ timeoutMs: 100, maxAttempts: 2 })
      .checkStatus(inquiry)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      kind: 'transient',
      message: expect.stringContaining('no answer within 100 ms'),
    });
    expect(fake.received).toHaveLength(2);
    expect(logs.filter((l) => l.level === 'warn').map((l) => l.attributes.problem)).toEqual([
      'no answer within 100 ms',
      'no answer within 100 ms',
    ]);
  });

  it('classifies refusals: payer not supported or no such endpoint → unsupported, bad request → permanent', async () => {
    const cases: [Reply, string][] = [
      [{ status: 422, body: { error: { code: 'payer_not_supported' } } }, 'unsupported'],
      [{ status: 404, body: { error: { code: 'not_found' } } }, 'unsupported'],
      [
        {
          status: 400,
          body: { error: { code: 'invalid_member_id', message: 'member 123-45-6789 unknown' } },
        },
        'permanent',
      ],
      [{ status: 200, body: { unexpected: true } }, 'permanent'],
    ];
    for (const [reply, kind] of cases) {
      fake.replies = [reply];
      fake.received.length = 0;
      const error = await channel()
        .checkStatus(inquiry)
        .catch((e: unknown) => e);
      expect(error).toMatchObject({ kind });
      expect((error as Error).message).not.toContain('123-45-6789');
      expect(fake.received).toHaveLength(1);
    }
  });

  it('when a corrected claim is submitted, then it goes with its idempotency key, frequency code and the claim it replaces', async () => {
    fake.replies = [
      {
        status: 202,
        body: {
          submissionId: 'SUB-1',
          acknowledgement: { categoryCode: 'A2', statusCode: '20', payerClaimNumber: 'ICN-10' },
        },
      },
    ];
    const receipt = await channel().submitClaim({
      idempotencyKey: 'claim-CLM-77:submit:2',
      claimId: 'CLM-77',
      payerId: 'acme-health',
      kind: 'corrected',
      frequencyCode: '7',
      payerClaimNumber: 'ICN-9',
      billedCents: 125_050,
    });
    expect(receipt).toEqual({ category: 'A2', code: '20', payerClaimNumber: 'ICN-10', trackingId: 'SUB-1' });
    expect(fake.received[0]).toMatchObject({
      path: '/v1/claims',
      headers: { 'idempotency-key': 'claim-CLM-77:submit:2' },
      body: { frequencyCode: '7', payerClaimNumber: 'ICN-9', billedAmount: '1250.50' },
    });
  });

  it('when a replacement lacks the claim it replaces, then it is refused as permanent and nothing is sent', async () => {
    await expect(
      channel().submitClaim({
        idempotencyKey: 'k',
        claimId: 'CLM-77',
        payerId: 'acme-health',
        kind: 'replacement',
        frequencyCode: '7',
      }),
    ).rejects.toMatchObject({ kind: 'permanent', message: expect.stringContaining('payerClaimNumber') });
    expect(fake.received).toHaveLength(0);
  });

  it('reads a page of remittances into claims with cents and adjustments', async () => {
    fake.replies = [
      {
        status: 200,
        body: {
          remittances: [
            {
              remittanceId: 'ERA-1',
              paidOn: '2026-10-20',
              claims: [
                {
                  claimId: 'CLM-77',
                  claimStatusCode: '1',
                  billedAmount: '1000.00',
                  paidAmount: '800.00',
                  adjustments: [{ group: 'CO', reason: '45', amount: '200.00' }],
                },
              ],
            },
          ],
          nextCursor: 'page-2',
        },
      },
    ];
    const page = await channel().fetchRemittances!({
      payerId: 'acme-health',
      since: Date.parse('2026-10-01T00:00:00Z'),
    });
    expect(page).toEqual({
      claims: [
        {
          remittanceId: 'ERA-1',
          claimId: 'CLM-77',
          claimStatusCode: '1',
          billedCents: 100_000,
          paidCents: 80_000,
          adjustments: [{ group: 'CO', reason: '45', cents: 20_000 }],
          paidOn: '2026-10-20',
        },
      ],
      nextCursor: 'page-2',
    });
    expect(fake.received[0]!.path).toBe(
      '/v1/remittances?payerId=acme-health&since=2026-10-01T00%3A00%3A00.000Z',
    );
  });

  it('when the clearinghouse keeps failing, then the payer breaker opens and later inquiries are not sent at all', async () => {
    fake.replies = [{ status: 503 }];
    const registry = createPayerRegistry({
      channels: [channel({ maxAttempts: 2 })],
      default: ['rest'],
      protection: createPayerProtection({ clock, limits: { breaker: { failureThreshold: 2 } } }),
    });
    for (let i = 0; i < 2; i += 1)
      await expect(registry.checkStatus('acme-health', inquiry)).rejects.toThrow('503');
    expect(fake.received).toHaveLength(4);
    for (let i = 0; i < 5; i += 1) {
      await expect(registry.checkStatus('acme-health', inquiry)).rejects.toMatchObject({
        kind: 'transient',
        retryAfterMs: expect.any(Number),
      });
    }
    expect(fake.received).toHaveLength(4);
  });
});
