import { createServer } from 'node:net';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevServer, startTimeSkippingServer } from '../../src/dev/temporal-binaries';

const DAY_MS = 24 * 60 * 60 * 1000;
// The first run on a machine builds the servers into .cache/temporal; a cold `go install` takes minutes.
const FIRST_START_TIMEOUT_MS = 15 * 60_000;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

describe('the time-skipping test server', () => {
  let env: TestWorkflowEnvironment | undefined;
  beforeAll(async () => {
    env = (await startTimeSkippingServer()).env;
  }, FIRST_START_TIMEOUT_MS);
  afterAll(async () => {
    await env?.teardown();
  });

  it('when the test sleeps 30 days, then server time advances by at least 30 days', async () => {
    if (!env) throw new Error('the test server did not start');
    expect(env.supportsTimeSkipping).toBe(true);
    const before = await env.currentTimeMs();
    await env.sleep('30 days');
    const after = await env.currentTimeMs();
    expect(after - before).toBeGreaterThanOrEqual(30 * DAY_MS);
  });
});

describe('the dev server', () => {
  let env: TestWorkflowEnvironment | undefined;
  let port = 0;
  beforeAll(async () => {
    port = await freePort();
    env = (await startDevServer({ server: { ip: '127.0.0.1', port, ui: false } })).env;
  }, FIRST_START_TIMEOUT_MS);
  afterAll(async () => {
    await env?.teardown();
  });

  it('when started headless on a free port, then it answers getSystemInfo there', async () => {
    if (!env) throw new Error('the dev server did not start');
    expect(env.supportsTimeSkipping).toBe(false);
    expect(env.address).toBe(`127.0.0.1:${port}`);
    const info = await env.client.workflowService.getSystemInfo({});
    expect(info.serverVersion).toMatch(/^\d+\.\d+\.\d+/);
  });
});
