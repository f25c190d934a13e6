import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { freePort } from '../support/ports';

const run = promisify(execFile);
const root = path.resolve(__dirname, '../..');
// The command `npm start` runs, without npm in between (npm would add a process to signal through).
const startCommand = [process.execPath, ['--import', 'tsx', 'src/dev/start.ts']] as const;

interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/** Runs `npm start`'s entry point and resolves once it says it is running (or rejects when it exits). */
async function startTickler(env: NodeJS.ProcessEnv): Promise<Started> {
  const child = spawn(startCommand[0], startCommand[1], { cwd: root, env: { ...process.env, ...env } });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    const onData = () => {
      if (output.includes('Press Ctrl-C to stop.')) resolve();
    };
    child.stdout?.on('data', onData);
    void exited.then((code) => reject(new Error(`npm start exited with ${code}:\n${output}`)));
  });
  return { child, output: () => output, exited };
}

async function stopTickler(started: Started): Promise<number | null> {
  started.child.kill('SIGINT');
  return started.exited;
}

/** The README's curl commands, in order, exactly as written but for the API port. */
async function readmeCurlCommands(apiPort: number): Promise<string[]> {
  const readme = await readFile(path.join(root, 'README.md'), 'utf8');
  const blocks = [...readme.matchAll(/```bash\n([\s\S]*?)```/g)].map((match) => match[1]!);
  return blocks
    .flatMap((block) => block.split('\n'))
    .filter((line) => line.startsWith('curl '))
    .map((line) => line.replaceAll('localhost:3000', `localhost:${apiPort}`));
}

describe('npm start on embedded defaults', () => {
  let dataDir: string;
  let ports: Record<'api' | 'pg' | 'temporal' | 'ui', number>;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'tickler-start-'));
    // Run as root, embedded PostgreSQL drops to its own user, which must be able to enter the folder.
    await chmod(dataDir, 0o755);
    ports = { api: await freePort(), pg: await freePort(), temporal: await freePort(), ui: await freePort() };
    env = {
      DATA_DIR: dataDir,
      API_PORT: String(ports.api),
      EMBEDDED_PG_PORT: String(ports.pg),
      TEMPORAL_DEV_SERVER_PORT: String(ports.temporal),
      TEMPORAL_UI_PORT: String(ports.ui),
      TEMPORAL_ADDRESS: '',
      DATABASE_URL: '',
      LOG_LEVEL: 'warn',
    };
  });

  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it("serves the README's curl examples, stops cleanly on Ctrl-C, and finds its claims and workflows after a restart", async () => {
    const first = await startTickler(env);
    expect(first.output()).toContain(`http://127.0.0.1:${ports.api}`);
    expect(first.output()).toContain(`http://localhost:${ports.ui}`);

    // The first start creates an admin key, prints it once and keeps it, readable by its owner only.
    const keyFile = path.join(dataDir, 'admin-api-key');
    const key = (await readFile(keyFile, 'utf8')).trim();
    expect(key).toMatch(/^tkl_/);
    expect(first.output()).toContain(`Admin key    ${key}`);
    expect((await stat(keyFile)).mode & 0o777).toBe(0o600);
    const signedIn = { env: { ...process.env, TICKLER_API_KEY: key } };
    const anonymous = await fetch(`http://127.0.0.1:${ports.api}/claims/CLM-1001`);
    expect(anonymous.status).toBe(401);

    const commands = await readmeCurlCommands(ports.api);
    expect(commands.length).toBeGreaterThanOrEqual(2);
    expect(commands.every((command) => command.includes('authorization: Bearer $TICKLER_API_KEY'))).toBe(
      true,
    );
    const [create, read] = commands as [string, string];
    const created = JSON.parse((await run('bash', ['-c', create], signedIn)).stdout);
    expect(created).toMatchObject({ workflowId: 'claim-CLM-1001', claim: { claimId: 'CLM-1001' } });
    const readBack = JSON.parse((await run('bash', ['-c', read], signedIn)).stdout);
    expect(readBack.claim).toEqual(created.claim);
    for (const command of commands.slice(2)) {
      const { stdout } = await run('bash', ['-c', command], signedIn);
      const answer = JSON.parse(stdout) as { error?: string };
      expect(answer.error, command).toBeUndefined();
    }
    // The README also gives CLM-1001 its parties; the claim as it stands before the restart.
    const before = JSON.parse((await run('bash', ['-c', read], signedIn)).stdout);
    expect(before.claim).toMatchObject({ ...created.claim, subscriber: { memberId: 'XJH900112233' } });

    expect(await stopTickler(first)).toBe(0);
    expect(first.output()).toMatch(
      /stopped API[\s\S]*stopped worker[\s\S]*stopped Temporal dev server[\s\S]*stopped PostgreSQL/,
    );

    const second = await startTickler(env);
    try {
      // The same key signs in after the restart, and is not printed again.
      expect((await readFile(keyFile, 'utf8')).trim()).toBe(key);
      expect(second.output()).not.toContain(key);
      expect(second.output()).toContain(`Admin key    kept in ${keyFile}`);
      const again = JSON.parse((await run('bash', ['-c', read], signedIn)).stdout);
      expect(again.claim).toEqual(before.claim);
      const connection = await Connection.connect({ address: `127.0.0.1:${ports.temporal}` });
      try {
        const described = await new Client({ connection }).workflow.getHandle('claim-CLM-1001').describe();
        expect(described.status.name).toBe('RUNNING');
      } finally {
        await connection.close();
      }
    } finally {
      expect(await stopTickler(second)).toBe(0);
    }
  });

  it('with TEMPORAL_ADDRESS and DATABASE_URL set, uses them and starts neither embedded server', async () => {
    const taskQueue = `start-${Date.now()}`;
    const started = await startTickler({
      ...env,
      TEMPORAL_ADDRESS: inject('temporalAddress'),
      DATABASE_URL: inject('databaseUrl'),
      TEMPORAL_TASK_QUEUE: taskQueue,
      API_PORT: String(await freePort()),
    });
    try {
      expect(started.output()).not.toContain('Starting embedded PostgreSQL');
      expect(started.output()).not.toContain('Starting the Temporal dev server');
      expect(started.output()).toContain(`Temporal     ${inject('temporalAddress')}`);
    } finally {
      expect(await stopTickler(started)).toBe(0);
    }
    expect(started.output()).not.toContain('stopped PostgreSQL');
  });

  it('stops before starting anything when a variable is invalid, naming it', async () => {
    const child = spawn(startCommand[0], startCommand[1], {
      cwd: root,
      env: { ...process.env, ...env, API_PORT: 'eighty' },
    });
    let output = '';
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(1);
    expect(output).toContain('API_PORT');
    expect(output).not.toContain('Starting embedded PostgreSQL');
  });
});
