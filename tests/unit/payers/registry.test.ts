import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createPayerProtection } from '../../../src/payers/protection';
import { createPayerRegistry } from '../../../src/payers/registry';
import {
  type ClaimSubmission,
  PayerError,
  type PayerChannel,
  type PayerErrorKind,
  type StatusInquiry,
} from '../../../src/payers/types';
import { FakeClock } from '../../support/fake-clock';

type Behaviour = { answer: string } | { fail: PayerErrorKind };

/** A channel fake that answers or fails as told and counts what it was asked. */
function fakeChannel(name: string, behaviour: Behaviour, remittances = false) {
  const calls: string[] = [];
  const act = <T>(value: T): Promise<T> =>
    'fail' in behaviour
      ? Promise.reject(new PayerError(behaviour.fail, `${name} ${behaviour.fail}`))
      : Promise.resolve(value);
  const channel: PayerChannel = {
    name,
    checkStatus: (inquiry) => {
      calls.push(`status:${inquiry.claimId}`);
      return act({ category: 'answer' in behaviour ? behaviour.answer : 'E0' });
    },
    submitClaim: (submission) => {
      calls.push(`submit:${submission.claimId}`);
      return act({ category: 'A2' });
    },
    ...(remittances ? { fetchRemittances: () => act({ claims: [] }) } : {}),
  };
  return { channel, calls };
}

const inquiry: StatusInquiry = {
  idempotencyKey: 'claim-CLM-1:check:1',
  claimId: 'CLM-1',
  payerId: 'payer-a',
  seq: 1,
};

describe('payer registry', () => {
  it('when the first channel cannot serve the payer, then the next one in its route answers', async () => {
    const rest = fakeChannel('rest', { fail: 'unsupported' });
    const x12 = fakeChannel('x12', { answer: 'P1' });
    const registry = createPayerRegistry({
      channels: [rest.channel, x12.channel],
      routes: { 'payer-a': ['rest', 'x12'] },
    });
    await expect(registry.checkStatus('payer-a', inquiry)).resolves.toEqual({
      category: 'P1',
      channel: 'x12',
    });
    expect(rest.calls).toEqual(['status:CLM-1']);
  });

  it('when every channel declines, then the registry answers unsupported so a person follows up, naming each channel', async () => {
    const registry = createPayerRegistry({
      channels: [
        fakeChannel('rest', { fail: 'unsupported' }).channel,
        fakeChannel('x12', { fail: 'unsupported' }).channel,
      ],
      routes: { 'payer-a': ['rest', 'x12'] },
    });
    const error = await registry.checkStatus('payer-a', inquiry).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'unsupported' });
    expect((error as Error).message).toMatch(
      /rest: rest unsupported; x12: x12 unsupported.*a person must follow up/,
    );
  });

  it('when a payer has no route, then the default route applies, and with no default it is unsupported', async () => {
    const sim = fakeChannel('simulated', { answer: 'F1' });
    const withDefault = createPayerRegistry({ channels: [sim.channel], default: ['simulated'] });
    await expect(withDefault.checkStatus('payer-z', inquiry)).resolves.toMatchObject({
      channel: 'simulated',
    });
    const without = createPayerRegistry({ channels: [sim.channel] });
    await expect(without.checkStatus('payer-z', inquiry)).rejects.toMatchObject({ kind: 'unsupported' });
  });

  it('when a route names a channel that is not configured, then the registry refuses to start', () => {
    expect(() =>
      createPayerRegistry({
        channels: [fakeChannel('rest', { answer: 'P1' }).channel],
        routes: { 'payer-a': ['rest', 'x12'] },
      }),
    ).toThrow(/payer-a names channels that are not configured: x12/);
  });

  it('when a channel answers a category outside the 277 taxonomy, then it is a permanent error', async () => {
    const registry = createPayerRegistry([fakeChannel('simulated', { answer: 'Z9' }).channel]);
    await expect(registry.checkStatus('payer-a', inquiry)).rejects.toMatchObject({ kind: 'permanent' });
    await expect(registry.channel('simulated').checkStatus(inquiry)).rejects.toMatchObject({
      kind: 'permanent',
    });
  });

  it('when a channel has no remittance feed, then remittances come from the next channel that has one', async () => {
    const registry = createPayerRegistry({
      channels: [
        fakeChannel('rest', { answer: 'P1' }).channel,
        fakeChannel('x12', { answer: 'P1' }, true).channel,
      ],
      default: ['rest', 'x12'],
    });
    await expect(registry.fetchRemittances('payer-a', { payerId: 'payer-a', since: 0 })).resolves.toEqual({
      claims: [],
      channel: 'x12',
    });
  });

  it('routes submissions like inquiries', async () => {
    const rest = fakeChannel('rest', { fail: 'unsupported' });
    const x12 = fakeChannel('x12', { answer: 'P1' });
    const registry = createPayerRegistry({ channels: [rest.channel, x12.channel], default: ['rest', 'x12'] });
    const submission: ClaimSubmission = {
      idempotencyKey: 'claim-CLM-1:submit:1',
      claimId: 'CLM-1',
      payerId: 'payer-a',
      kind: 'corrected',
      frequencyCode: '7',
      payerClaimNumber: 'ICN-1',
    };
    await expect(registry.submitClaim('payer-a', submission)).resolves.toEqual({
      category: 'A2',
      channel: 'x12',
    });
  });

  it('answers with the first channel in route order that does not decline, and never asks the channels after it', async () => {
    const behaviour = fc.oneof(
      fc.record({ answer: fc.constantFrom('P1', 'F1', 'A7') }),
      fc.record({ fail: fc.constantFrom<PayerErrorKind>('transient', 'permanent', 'unsupported') }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(behaviour, { minLength: 1, maxLength: 5 }), async (behaviours) => {
        const fakes = behaviours.map((b, i) => fakeChannel(`ch${i}`, b));
        const registry = createPayerRegistry({
          channels: fakes.map((f) => f.channel),
          routes: { 'payer-a': fakes.map((f) => f.channel.name) },
        });
        const decisive = behaviours.findIndex((b) => !('fail' in b) || b.fail !== 'unsupported');
        const result = await registry.checkStatus('payer-a', inquiry).then(
          (answer) => ({ answer }),
          (error: PayerError) => ({ error }),
        );
        if (decisive === -1) expect(result).toMatchObject({ error: { kind: 'unsupported' } });
        else {
          const b = behaviours[decisive]!;
          if ('fail' in b)
            expect(result).toMatchObject({ error: { kind: b.fail, message: `ch${decisive} ${b.fail}` } });
          else expect(result).toEqual({ answer: { category: b.answer, channel: `ch${decisive}` } });
        }
        const asked = fakes.map((f) => f.calls.length);
        const last = decisive === -1 ? fakes.length - 1 : decisive;
        expect(asked).toEqual(fakes.map((_, i) => (i <= last ? 1 : 0)));
      }),
    );
  });

  it('when protection is configured, then routed calls and channels picked by name both pass the payer breaker', async () => {
    const clock = new FakeClock();
    const failing = fakeChannel('rest', { fail: 'transient' });
    const registry = createPayerRegistry({
      channels: [failing.channel],
      default: ['rest'],
      protection: createPayerProtection({ clock, limits: { breaker: { failureThreshold: 2 } } }),
    });
    await expect(registry.checkStatus('payer-a', inquiry)).rejects.toThrow('rest transient');
    await expect(registry.channel('rest').checkStatus(inquiry)).rejects.toThrow('rest transient');
    await expect(registry.checkStatus('payer-a', inquiry)).rejects.toThrow('circuit open');
    await expect(registry.channel('rest').checkStatus(inquiry)).rejects.toMatchObject({
      kind: 'transient',
      retryAfterMs: expect.any(Number),
    });
    expect(failing.calls).toHaveLength(2);
  });
});
