/** What the benchmark ran on, for the report: read from the machine and the servers, never assumed. */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import { promisify } from 'node:util';
import type { Client } from '@temporalio/client';
import type { Queryable } from '../src/db/pool';

export interface MachineInfo {
  cpuModel: string;
  cores: number;
  memoryBytes: number;
  os: string;
  node: string;
  temporalServer: string;
  temporalCli: string | undefined;
  temporalSdk: string;
  postgres: string;
  /** The Tickler code measured: commit, and whether src/ had uncommitted changes. */
  tickler: string;
  date: string;
}

/** The distinct `model name` lines of /proc/cpuinfo (falls back to what Node reports elsewhere). */
async function cpuModel(): Promise<string> {
  try {
    const text = await readFile('/proc/cpuinfo', 'utf8');
    const models = new Set(
      text
        .split('\n')
        .filter((line) => line.startsWith('model name'))
        .map((line) => line.slice(line.indexOf(':') + 1).trim()),
    );
    if (models.size > 0) return [...models].join(' + ');
  } catch {
    // not Linux
  }
  return os.cpus()[0]?.model ?? 'unknown';
}

/** `temporal --version` of the dev server binary, when its path is known. */
async function cliVersion(binary: string | undefined): Promise<string | undefined> {
  if (!binary) return undefined;
  try {
    const { stdout } = await promisify(execFile)(binary, ['--version'], { timeout: 10_000 });
    return stdout.trim();
  } catch {
    return undefined;
  }
}

/** `git rev-parse --short HEAD`, flagged when src/ differs from it; "unknown" outside a git checkout. */
async function ticklerVersion(root: string): Promise<string> {
  const git = (args: string[]) => promisify(execFile)('git', args, { cwd: root, timeout: 10_000 });
  try {
    const { stdout: commit } = await git(['rev-parse', '--short', 'HEAD']);
    const { stdout: changes } = await git(['status', '--porcelain', '--', 'src']);
    return `commit ${commit.trim()}${changes.trim() ? ' with uncommitted changes in src/' : ''}`;
  } catch {
    return 'unknown (not a git checkout)';
  }
}

export async function machineInfo(deps: {
  temporal: Client;
  db: Queryable;
  temporalBinary: string | undefined;
  root: string;
}): Promise<MachineInfo> {
  const system = await deps.temporal.workflowService.getSystemInfo({});
  const { rows } = await deps.db.query<{ server_version: string }>('SHOW server_version');
  const sdk = JSON.parse(await readFile(require.resolve('@temporalio/worker/package.json'), 'utf8')) as {
    version: string;
  };
  return {
    cpuModel: await cpuModel(),
    cores: os.availableParallelism(),
    memoryBytes: os.totalmem(),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    temporalServer: system.serverVersion || 'unknown (the server did not say)',
    temporalCli: await cliVersion(deps.temporalBinary),
    temporalSdk: sdk.version,
    postgres: rows[0]?.server_version ?? 'unknown',
    tickler: await ticklerVersion(deps.root),
    date: new Date().toISOString(),
  };
}
