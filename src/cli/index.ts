/**
 * Tickler's command line (`npm run cli -- <command>`).
 *
 * `ingest <file>` routes an X12 file (835, 277, 277CA, 999; told apart by its ST01 and guide) to the
 * claim workflows and prints one outcome per claim event. With DATABASE_URL set it runs the ingestion
 * service in-process against that PostgreSQL and Temporal (TEMPORAL_ADDRESS, namespace, TLS from the
 * same configuration as the API); otherwise, or with `--api`, it posts the file to a running API
 * (`npm start` embeds its database, so the API is the way in). Exit codes: 0 ingested (unknown claims
 * included: they are kept and reported), 2 the file is malformed and nothing was applied, 1 anything else.
 * Through the API it signs in with TICKLER_API_KEY.
 *
 * `keys create|list|revoke` manages API keys (`src/cli/keys.ts`).
 */
import { readFile } from 'node:fs/promises';
import { Command } from 'commander';
import { addAppealPacketCommand } from './appeal-packet';
import { type Config, loadConfig } from '../config';
import { createPool } from '../db/pool';
import { X12ParseError } from '../edi';
import { type IngestResult, createIngestionService } from '../ingest/service';
import { type IngestRoute, detectRoute } from '../ingest/x12-events';
import { connectClient, temporalAddress } from '../temporal/connection';
import { CliError, apiBaseUrl, callApi } from './api-client';
import { registerKeyCommands } from './keys';

const EXIT_MALFORMED = 2;

const say = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

/** Progress on stderr for large files: at most once a second, and at the end. */
function progressPrinter(): (done: number, total: number) => void {
  let last = 0;
  return (done, total) => {
    const now = Date.now();
    if (done < total && now - last < 1000) return;
    last = now;
    if (total >= 100 || done < total) say(`routed ${done}/${total} events`);
  };
}

async function ingestInProcess(config: Config, route: IngestRoute, content: Buffer): Promise<IngestResult> {
  say(`ingesting in-process: PostgreSQL from DATABASE_URL, Temporal at ${temporalAddress(config)}`);
  const db = createPool({ connectionString: config.DATABASE_URL!, max: 4, applicationName: 'tickler-cli' });
  try {
    const temporal = await connectClient(config);
    try {
      const ingestion = createIngestionService({ db, temporal });
      return await ingestion.ingest(route, content, { onProgress: progressPrinter() });
    } finally {
      await temporal.connection.close();
    }
  } finally {
    await db.end();
  }
}

async function ingestOverHttp(
  config: Config,
  api: string | undefined,
  route: IngestRoute,
  content: Buffer,
): Promise<IngestResult> {
  say(`posting to ${apiBaseUrl(config, api)}/ingest/${route}`);
  const { status, body } = await callApi<IngestResult>(config, {
    api,
    method: 'POST',
    path: `/ingest/${route}`,
    body: content,
    contentType: 'application/edi-x12',
  });
  if (status < 300 && body) return body;
  const message = body?.message ?? `HTTP ${status}`;
  throw new CliError(message, body?.error === 'invalid_x12' ? EXIT_MALFORMED : 1);
}

function printOutcomes(result: IngestResult): void {
  const status = result.duplicate ? 'already ingested; these are its original outcomes' : 'ingested';
  console.log(`file ${result.fileId} (${result.kind}): ${result.claims.length} claim event(s), ${status}`);
  const rows = [
    ['CLAIM', 'OUTCOME', 'IDEMPOTENCY KEY', 'KEPT / FIRST INGESTED AS'],
    ...result.claims.map((claim) => [
      claim.claimId ?? '-',
      claim.outcome,
      claim.idempotencyKey,
      claim.unmatchedId !== undefined
        ? `#${claim.unmatchedId} (${claim.reason ?? ''})`
        : (claim.duplicateOf ?? ''),
    ]),
  ];
  const widths = [0, 1, 2].map((column) => Math.max(...rows.map((row) => row[column]!.length)));
  for (const row of rows) {
    console.log(
      row
        .map((cell, column) => (column < 3 ? cell.padEnd(widths[column]!) : cell))
        .join('  ')
        .trimEnd(),
    );
  }
  const counts = new Map<string, number>();
  for (const claim of result.claims) counts.set(claim.outcome, (counts.get(claim.outcome) ?? 0) + 1);
  console.log([...counts].map(([outcome, count]) => `${count} ${outcome}`).join(', ') || 'no claim events');
}

async function ingestCommand(file: string, options: { api?: string; json?: boolean }): Promise<void> {
  const config = loadConfig();
  const content = await readFile(file).catch((error: Error) => {
    throw new CliError(`cannot read ${file}: ${error.message}`, 1);
  });
  const route = detectRoute(content.toString('utf8'));
  const result =
    options.api === undefined && config.DATABASE_URL
      ? await ingestInProcess(config, route, content)
      : await ingestOverHttp(config, options.api, route, content);
  if (options.json) console.log(JSON.stringify(result, null, 2));
  else printOutcomes(result);
}

const program = new Command('tickler').description('Tickler command line');
program
  .command('ingest')
  .description(
    'Route an X12 file (835, 277, 277CA, 999) to the claim workflows and print the outcome for each claim. ' +
      'In-process when DATABASE_URL is set, else through the API.',
  )
  .argument('<file>', 'the X12 file')
  .option(
    '--api <url>',
    'post the file to this running API instead (default without DATABASE_URL: API_HOST:API_PORT)',
  )
  .option('--json', 'print the result as JSON')
  .action(ingestCommand);
registerKeyCommands(program);
addAppealPacketCommand(program);

program.parseAsync(process.argv).catch((error: unknown) => {
  if (error instanceof X12ParseError) {
    console.error(`malformed file, nothing applied: ${error.message}`);
    process.exit(EXIT_MALFORMED);
  }
  const exitCode = error instanceof CliError ? error.exitCode : 1;
  const message = error instanceof Error ? error.message : String(error);
  console.error(exitCode === EXIT_MALFORMED ? `malformed file, nothing applied: ${message}` : message);
  process.exit(exitCode);
});
