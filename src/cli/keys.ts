/**
 * `npm run cli -- keys create|list|revoke`: API keys from the command line. With DATABASE_URL set (and
 * no `--api`) it works in-process as the system, which is how the first admin key of a deployment is
 * made, and writes the audit row itself; otherwise it calls the API with TICKLER_API_KEY, whose audit
 * trail records it.
 */
import { randomUUID } from 'node:crypto';
import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { type Actor, type ClientScope, type Role, roles } from '../auth/actor';
import {
  ApiKeyRequestError,
  type ApiKeyView,
  createApiKey,
  listKeys,
  revokeKey,
  viewOfKey,
} from '../auth/api-keys';
import { type Config, loadConfig } from '../config';
import { insertAuditEntry } from '../db/audit-log';
import { migrate } from '../db/migrate';
import { type Db, createPool } from '../db/pool';
import { CliError, callApi } from './api-client';

function cliActor(): Actor {
  const user = userInfo().username;
  return { id: `cli:${user}`, role: 'admin', clients: 'all', via: 'system', credential: `cli:${user}` };
}

/** In-process against DATABASE_URL (schema migrated first, so this can bootstrap a new database). */
async function withDatabase<T>(config: Config, fn: (db: Db, actor: Actor) => Promise<T>): Promise<T> {
  const db = createPool({ connectionString: config.DATABASE_URL!, max: 2, applicationName: 'tickler-cli' });
  try {
    await migrate(db);
    return await fn(db, cliActor());
  } finally {
    await db.end();
  }
}

async function audit(
  db: Db,
  actor: Actor,
  entry: { action: string; target: string; status: number; detail?: Record<string, unknown> },
): Promise<void> {
  await insertAuditEntry(db, { requestId: randomUUID(), actor, permission: 'keys.manage', ...entry });
}

const inProcess = (config: Config, options: { api?: string }): boolean =>
  options.api === undefined && Boolean(config.DATABASE_URL);

function parseClients(value: string): ClientScope {
  const clients = value
    .split(',')
    .map((client) => client.trim())
    .filter((client) => client.length > 0);
  if (clients.length === 0) throw new CliError('--clients: "all" or a comma-separated list of client ids', 1);
  return clients.includes('all') ? 'all' : clients;
}

function parseExpiry(value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const at = new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(at.getTime())) throw new CliError(`--expires: not a date or date-time: ${value}`, 1);
  return at;
}

function describe(key: ApiKeyView): string {
  const clients = key.clients === 'all' ? 'every client' : `clients ${key.clients.join(', ')}`;
  return `${key.keyId} (${key.name}, ${key.role}, ${clients})`;
}

interface CreateOptions {
  name: string;
  role: string;
  clients: string;
  expires?: string;
  api?: string;
  json?: boolean;
}

async function createCommand(options: CreateOptions): Promise<void> {
  const config = loadConfig();
  if (!(roles as readonly string[]).includes(options.role)) {
    throw new CliError(`--role: one of ${roles.join(', ')}`, 1);
  }
  const request = {
    name: options.name,
    role: options.role as Role,
    clients: parseClients(options.clients),
    expiresAt: parseExpiry(options.expires),
  };
  let created: ApiKeyView & { key: string };
  if (inProcess(config, options)) {
    created = await withDatabase(config, async (db, actor) => {
      try {
        const { key, token } = await createApiKey(db, request, actor);
        await audit(db, actor, {
          action: 'CLI keys create',
          target: key.keyId,
          status: 201,
          detail: { name: key.name, role: key.role },
        });
        return { ...viewOfKey(key), key: token };
      } catch (error) {
        if (error instanceof ApiKeyRequestError) throw new CliError(`--${error.field}: ${error.message}`, 1);
        throw error;
      }
    });
  } else {
    const { status, body } = await callApi<ApiKeyView & { key: string }>(config, {
      api: options.api,
      method: 'POST',
      path: '/auth/keys',
      contentType: 'application/json',
      body: JSON.stringify({
        name: request.name,
        role: request.role,
        clients: request.clients,
        ...(request.expiresAt ? { expiresAt: request.expiresAt.toISOString() } : {}),
      }),
    });
    if (status !== 201 || !body) throw new CliError(body?.message ?? `HTTP ${status}`, 1);
    created = body;
  }
  if (options.json) {
    console.log(JSON.stringify(created, null, 2));
    return;
  }
  process.stderr.write(`Created API key ${describe(created)}. It is shown once; keep it now:\n`);
  console.log(created.key);
}

async function listCommand(options: { all?: boolean; api?: string; json?: boolean }): Promise<void> {
  const config = loadConfig();
  const includeInactive = options.all ?? false;
  let keys: ApiKeyView[];
  if (inProcess(config, options)) {
    keys = await withDatabase(config, async (db, actor) =>
      (await listKeys(db, { includeInactive }, actor)).map((key) => viewOfKey(key)),
    );
  } else {
    const { status, body } = await callApi<{ keys: ApiKeyView[] }>(config, {
      api: options.api,
      method: 'GET',
      path: `/auth/keys${includeInactive ? '?inactive=true' : ''}`,
    });
    if (status !== 200 || !body) throw new CliError(body?.message ?? `HTTP ${status}`, 1);
    keys = body.keys;
  }
  if (options.json) {
    console.log(JSON.stringify(keys, null, 2));
    return;
  }
  const rows = [
    ['KEY ID', 'NAME', 'ROLE', 'CLIENTS', 'STATUS', 'CREATED', 'LAST USED'],
    ...keys.map((key) => [
      key.keyId,
      key.name,
      key.role,
      key.clients === 'all' ? 'all' : key.clients.join(','),
      key.status,
      key.createdAt.slice(0, 16).replace('T', ' '),
      key.lastUsedAt?.slice(0, 16).replace('T', ' ') ?? '-',
    ]),
  ];
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  for (const row of rows)
    console.log(
      row
        .map((cell, i) => cell.padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    );
}

async function revokeCommand(keyId: string, options: { api?: string; json?: boolean }): Promise<void> {
  const config = loadConfig();
  let revoked: ApiKeyView;
  if (inProcess(config, options)) {
    revoked = await withDatabase(config, async (db, actor) => {
      const key = await revokeKey(db, keyId, actor);
      await audit(db, actor, { action: 'CLI keys revoke', target: keyId, status: key ? 200 : 404 });
      if (!key) throw new CliError(`no API key ${keyId}`, 1);
      return viewOfKey(key);
    });
  } else {
    const { status, body } = await callApi<ApiKeyView>(config, {
      api: options.api,
      method: 'DELETE',
      path: `/auth/keys/${encodeURIComponent(keyId)}`,
    });
    if (status !== 200 || !body) throw new CliError(body?.message ?? `HTTP ${status}`, 1);
    revoked = body;
  }
  if (options.json) console.log(JSON.stringify(revoked, null, 2));
  else console.log(`Revoked API key ${describe(revoked)}; its next request is refused.`);
}

const apiOption = [
  '--api <url>',
  'call this running API with TICKLER_API_KEY (default without DATABASE_URL: API_HOST:API_PORT)',
] as const;

export function registerKeyCommands(program: Command): void {
  const keys = program
    .command('keys')
    .description(
      'Create, list and revoke API keys. In-process when DATABASE_URL is set (how the first admin key is made), else through the API with TICKLER_API_KEY.',
    );
  keys
    .command('create')
    .description('Create a key and print it (shown once; only its hash is kept)')
    .requiredOption('--name <name>', 'who or what holds it (jane.doe, clearinghouse-upload)')
    .requiredOption('--role <role>', roles.join(' | '))
    .requiredOption('--clients <clients>', '"all", or the comma-separated client ids it may see')
    .option('--expires <when>', 'a date or date-time after which it stops working')
    .option(...apiOption)
    .option('--json', 'print the result as JSON')
    .action(createCommand);
  keys
    .command('list')
    .description('List keys without their secrets')
    .option('--all', 'include revoked and expired keys')
    .option(...apiOption)
    .option('--json', 'print the result as JSON')
    .action(listCommand);
  keys
    .command('revoke')
    .description('Revoke a key: its next request is refused')
    .argument('<keyId>', 'the key id (the 16 hex digits after tkl_)')
    .option(...apiOption)
    .option('--json', 'print the result as JSON')
    .action(revokeCommand);
}
