import { spawnSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, it, expect, onTestFinished } from 'vitest';
import {
  cachedBinaryPath,
  ensureTemporalBinaries,
  startDevServer,
  startTimeSkippingServer,
  TEMPORAL_CLI_VERSION,
  TEST_SERVER_VERSION,
  TemporalBinaryError,
  type BinaryOptions,
} from '../../src/dev/temporal-binaries';

/** A temp cache dir and an env whose PATH is an empty folder: no go, mvn or java, and no SDK download. */
async function isolated(
  extraEnv: NodeJS.ProcessEnv = {},
): Promise<Required<BinaryOptions> & { lines: string[] }> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'tickler-binaries-'));
  onTestFinished(() => rm(root, { recursive: true, force: true }));
  const emptyBin = path.join(root, 'bin');
  await mkdir(emptyBin);
  const lines: string[] = [];
  return {
    cacheDir: path.join(root, 'cache'),
    env: { PATH: emptyBin, TICKLER_SKIP_SDK_DOWNLOAD: '1', ...extraEnv },
    log: (line) => lines.push(line),
    lines,
  };
}

async function fakeExecutable(file: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, '#!/bin/sh\nexit 0\n', { mode: 0o755 });
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Error) return error;
    throw new Error(`rejected with a non-Error: ${String(error)}`);
  }
  throw new Error('expected a rejection');
}

describe('explicit server paths from the environment', () => {
  it('when TEMPORAL_CLI_PATH points at a missing file, then starting the dev server fails at once naming the variable', async () => {
    const opts = await isolated();
    const missing = path.join(opts.cacheDir, 'nope', 'temporal');
    const error = await rejection(
      startDevServer({ ...opts, env: { ...opts.env, TEMPORAL_CLI_PATH: missing }, server: { ui: false } }),
    );
    expect(error).toBeInstanceOf(TemporalBinaryError);
    expect(error.message).toContain('TEMPORAL_CLI_PATH');
    expect(error.message).toContain(missing);
    expect(error.message).toContain('does not exist');
    // Failing at once means no other route was tried, so nothing was built or cached.
    expect((error as TemporalBinaryError).attempts).toEqual([]);
    await expect(readdir(opts.cacheDir)).rejects.toThrow(/ENOENT/);
  });

  it('when TEMPORAL_TEST_SERVER_PATH is not executable, then ensureTemporalBinaries says so and names the variable', async () => {
    const opts = await isolated();
    const notExecutable = path.join(opts.cacheDir, 'server.jar');
    await mkdir(opts.cacheDir, { recursive: true });
    await writeFile(notExecutable, 'not a program');
    await chmod(notExecutable, 0o644);
    const error = await rejection(
      ensureTemporalBinaries({
        ...opts,
        env: { ...opts.env, TEMPORAL_TEST_SERVER_PATH: notExecutable },
        kinds: ['test-server'],
      }),
    );
    expect(error.message).toContain('TEMPORAL_TEST_SERVER_PATH');
    expect(error.message).toContain('not executable');
  });

  it('when TEMPORAL_CLI_PATH names an executable, then ensureTemporalBinaries takes it as is', async () => {
    const opts = await isolated();
    const cli = path.join(opts.cacheDir, 'elsewhere', 'temporal');
    await fakeExecutable(cli);
    const result = await ensureTemporalBinaries({
      ...opts,
      env: { ...opts.env, TEMPORAL_CLI_PATH: cli },
      kinds: ['dev-server'],
    });
    expect(result['dev-server']).toEqual({ route: 'env-path', path: cli });
  });
});

describe('when no route can provide a server', () => {
  it('then starting the test server fails with one line per route and its reason', async () => {
    const opts = await isolated();
    const error = await rejection(startTimeSkippingServer(opts));
    expect(error).toBeInstanceOf(TemporalBinaryError);
    const lines = error.message.split('\n');
    expect(lines).toHaveLength(5);
    expect(lines[0]).toMatch(/Could not start the Temporal time-skipping test server/);
    expect(lines[1]).toBe('  - TEMPORAL_TEST_SERVER_PATH: not set');
    expect(lines[2]).toBe(`  - cached build: none at ${cachedBinaryPath('test-server', opts.cacheDir)}`);
    expect(lines[3]).toBe('  - SDK download: skipped because TICKLER_SKIP_SDK_DOWNLOAD=1');
    expect(lines[4]).toMatch(/^ {2}- build with Maven: not found: `java` .* and `mvn` on PATH/);
    expect((error as TemporalBinaryError).attempts.map((a) => a.route)).toEqual([
      'env-path',
      'cached-build',
      'sdk-download',
      'registry-build',
    ]);
  });

  it('then starting the dev server names go as the missing tool', async () => {
    const opts = await isolated();
    const error = await rejection(startDevServer({ ...opts, server: { ui: false } }));
    expect(error.message).toContain('  - TEMPORAL_CLI_PATH: not set');
    expect(error.message).toContain('  - build with go install: `go` was not found on PATH');
  });

  it('then ensureTemporalBinaries reports both kinds and leaves no half-built cache behind', async () => {
    const opts = await isolated();
    const error = await rejection(ensureTemporalBinaries(opts));
    expect(error).toBeInstanceOf(AggregateError);
    expect(error.message).toContain('Could not obtain the Temporal dev server');
    expect(error.message).toContain('Could not obtain the Temporal time-skipping test server');
    expect(error.message.split('\n').filter((line) => line.startsWith('  - '))).toHaveLength(8);
    expect(await readdir(opts.cacheDir)).toEqual([]);
  });
});

describe('the build cache', () => {
  it('keeps each pinned build under the cache dir, in a folder named after its version', async () => {
    const { cacheDir } = await isolated();
    expect(cachedBinaryPath('dev-server', cacheDir)).toBe(
      path.join(cacheDir, `cli-${TEMPORAL_CLI_VERSION}`, 'temporal'),
    );
    expect(cachedBinaryPath('test-server', cacheDir)).toBe(
      path.join(cacheDir, `test-server-${TEST_SERVER_VERSION}`, 'temporal-test-server'),
    );
  });

  it('defaults to .cache/temporal in the project root', () => {
    const projectRoot = path.resolve(__dirname, '..', '..');
    const relative = path.relative(
      path.join(projectRoot, '.cache', 'temporal'),
      cachedBinaryPath('dev-server'),
    );
    expect(relative).toBe(path.join(`cli-${TEMPORAL_CLI_VERSION}`, 'temporal'));
  });

  it('when a build is cached, then ensureTemporalBinaries uses it without any toolchain', async () => {
    const opts = await isolated();
    await fakeExecutable(cachedBinaryPath('dev-server', opts.cacheDir));
    await fakeExecutable(cachedBinaryPath('test-server', opts.cacheDir));
    const result = await ensureTemporalBinaries(opts);
    expect(result).toEqual({
      'dev-server': { route: 'cached-build', path: cachedBinaryPath('dev-server', opts.cacheDir) },
      'test-server': { route: 'cached-build', path: cachedBinaryPath('test-server', opts.cacheDir) },
    });
  });

  it('when another live process holds the build lock, then a caller waits and reuses its result', async () => {
    const opts = await isolated();
    const lockDir = path.join(opts.cacheDir, `cli-${TEMPORAL_CLI_VERSION}.lock`);
    await mkdir(lockDir, { recursive: true });
    await writeFile(
      path.join(lockDir, 'owner.json'),
      JSON.stringify({ pid: process.pid, host: os.hostname(), startedAt: Date.now() }),
    );
    const ensured = ensureTemporalBinaries({ ...opts, kinds: ['dev-server'] });
    // Poll for the waiting message rather than sleeping a fixed time.
    await expect
      .poll(() => opts.lines.some((line) => line.includes('another process is building')))
      .toBe(true);
    await fakeExecutable(cachedBinaryPath('dev-server', opts.cacheDir));
    await rm(lockDir, { recursive: true });
    expect(await ensured).toEqual({
      'dev-server': { route: 'registry-build', path: cachedBinaryPath('dev-server', opts.cacheDir) },
    });
  });

  it('when a lock was left by a process that died, then it is cleared instead of waited on', async () => {
    const opts = await isolated();
    const dead = spawnSync(process.execPath, ['-e', '']).pid;
    const lockDir = path.join(opts.cacheDir, `cli-${TEMPORAL_CLI_VERSION}.lock`);
    await mkdir(lockDir, { recursive: true });
    await writeFile(
      path.join(lockDir, 'owner.json'),
      JSON.stringify({ pid: dead, host: os.hostname(), startedAt: Date.now() }),
    );
    await mkdir(path.join(opts.cacheDir, `.tmp-cli-${TEMPORAL_CLI_VERSION}-interrupted`));
    const error = await rejection(ensureTemporalBinaries({ ...opts, kinds: ['dev-server'] }));
    // It got past the lock to the build itself, which fails here only because PATH has no go.
    expect(error.message).toContain('`go` was not found on PATH');
    expect(opts.lines.some((line) => line.includes('removing abandoned lock'))).toBe(true);
    expect(await readdir(opts.cacheDir)).toEqual([]);
  });
});
