/**
 * `appeal-packet <claimId> --out <file.pdf>`: generates an appeal packet for a denied claim and writes
 * the PDF (and, with `--html`, the HTML). With DATABASE_URL set it runs the packet use case in-process
 * against that PostgreSQL; otherwise, or with `--api`, it asks the running API. The packet holds PHI:
 * the files are written with owner-only permissions, and nothing of their content is printed.
 */
import { writeFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { systemActor } from '../auth/actor';
import { type Config, loadConfig } from '../config';
import { createPool } from '../db/pool';
import { type AppealCategory, appealCategories } from '../domain/appeal-category';
import { type AttachmentKind, attachmentKinds } from '../packets/checklist';
import {
  type AppealPacketView,
  type GeneratePacketRequest,
  createAppealPacketService,
} from '../packets/service';

interface Options {
  out: string;
  html?: string;
  level?: string;
  category?: string;
  atHand?: string;
  senderName?: string;
  senderPhone?: string;
  senderEmail?: string;
  api?: string;
  json?: boolean;
}

type Request = Omit<GeneratePacketRequest, 'claimId' | 'actor'>;

const say = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

function requestOf(options: Options): Request {
  const request: Request = {};
  if (options.level !== undefined) {
    const level = Number(options.level);
    if (!Number.isInteger(level) || level < 1 || level > 9) throw new Error('--level must be 1 to 9');
    request.level = level;
  }
  if (options.category !== undefined) {
    if (!appealCategories.includes(options.category as AppealCategory)) {
      throw new Error(`--category must be one of ${appealCategories.join(', ')}`);
    }
    request.category = options.category as AppealCategory;
  }
  if (options.atHand !== undefined) {
    const items = options.atHand.split(',').map((item) => item.trim());
    const unknown = items.filter((item) => !attachmentKinds.includes(item as AttachmentKind));
    if (unknown.length > 0) {
      throw new Error(`--at-hand: unknown ${unknown.join(', ')} (kinds: ${attachmentKinds.join(', ')})`);
    }
    request.atHand = items as AttachmentKind[];
  }
  const sender = {
    ...(options.senderName ? { name: options.senderName } : {}),
    ...(options.senderPhone ? { phone: options.senderPhone } : {}),
    ...(options.senderEmail ? { email: options.senderEmail } : {}),
  };
  if (Object.keys(sender).length > 0) request.sender = sender;
  return request;
}

async function inProcess(
  config: Config,
  claimId: string,
  request: Request,
): Promise<{ packet: AppealPacketView; pdf: Buffer; html: string }> {
  say('generating in-process: PostgreSQL from DATABASE_URL');
  const db = createPool({ connectionString: config.DATABASE_URL!, max: 2, applicationName: 'tickler-cli' });
  try {
    const packets = createAppealPacketService({ db, templatesDir: config.APPEAL_TEMPLATES_DIR });
    const actor = systemActor(`cli:${userInfo().username}`);
    const packet = await packets.generate({ claimId, actor, ...request });
    const scope = actor.clients;
    const [pdf, html] = await Promise.all([
      packets.document({ claimId, packetId: packet.packetId, format: 'pdf', scope }),
      packets.document({ claimId, packetId: packet.packetId, format: 'html', scope }),
    ]);
    return { packet, pdf: pdf as Buffer, html: html as string };
  } finally {
    await db.end();
  }
}

async function overHttp(
  api: string,
  apiKey: string | undefined,
  claimId: string,
  request: Request,
): Promise<{ packet: AppealPacketView; pdf: Buffer; html: string }> {
  const base = api.replace(/\/+$/, '');
  say(`asking the API at ${base}`);
  // The API signs the CLI in with TICKLER_API_KEY, as for every other command.
  const signIn: Record<string, string> = apiKey ? { authorization: `Bearer ${apiKey}` } : {};
  const call = async (path: string, init: RequestInit = {}): Promise<Response> => {
    try {
      return await fetch(`${base}${path}`, {
        ...init,
        headers: { ...signIn, ...(init.headers as Record<string, string> | undefined) },
      });
    } catch (error) {
      throw new Error(`cannot reach the API at ${base}: ${(error as Error).message}`);
    }
  };
  const created = await call(`/claims/${encodeURIComponent(claimId)}/appeal-packet`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(request),
  });
  const body = (await created.json().catch(() => undefined)) as
    (AppealPacketView & { message?: string }) | undefined;
  if (!created.ok || !body) throw new Error(body?.message ?? `HTTP ${created.status}`);
  const [pdf, html] = await Promise.all([call(body.links.pdf), call(body.links.html)]);
  if (!pdf.ok || !html.ok) throw new Error(`the packet was made but could not be read (HTTP ${pdf.status})`);
  return { packet: body, pdf: Buffer.from(await pdf.arrayBuffer()), html: await html.text() };
}

async function appealPacketCommand(claimId: string, options: Options): Promise<void> {
  const config = loadConfig();
  const request = requestOf(options);
  const { packet, pdf, html } =
    options.api === undefined && config.DATABASE_URL
      ? await inProcess(config, claimId, request)
      : await overHttp(
          options.api ?? `http://${config.API_HOST}:${config.API_PORT}`,
          config.TICKLER_API_KEY,
          claimId,
          request,
        );
  await writeFile(options.out, pdf, { mode: 0o600 });
  if (options.html) await writeFile(options.html, html, { mode: 0o600 });
  if (options.json) {
    console.log(JSON.stringify(packet, null, 2));
    return;
  }
  const atHand = packet.checklist.filter((item) => item.state !== 'needed').length;
  console.log(
    `packet ${packet.packetId}: claim ${packet.claimId}, level ${packet.level} (${packet.levelName}), ${packet.categoryTitle}, ${packet.pages} pages${packet.faxCover ? ' with a fax cover' : ''}`,
  );
  console.log(
    packet.deadline
      ? `deadline ${packet.deadline.due} (${packet.deadline.daysLeft} days left)`
      : 'no deadline documented in the payer rules',
  );
  console.log(`enclosures: ${atHand} of ${packet.checklist.length} at hand`);
  for (const item of packet.checklist)
    console.log(`  [${item.state === 'needed' ? ' ' : 'x'}] ${item.label}`);
  for (const warning of packet.warnings) console.log(`warning: ${warning}`);
  console.log(`wrote ${options.out}${options.html ? ` and ${options.html}` : ''}`);
}

/** Adds the `appeal-packet` command to the CLI. */
export function addAppealPacketCommand(program: Command): void {
  program
    .command('appeal-packet')
    .description(
      'Generate an appeal packet (letter, codes, deadline, enclosures, fax cover) for a denied claim and write it ' +
        'as PDF. In-process when DATABASE_URL is set, else through the API.',
    )
    .argument('<claimId>', 'the denied claim')
    .requiredOption('--out <file>', 'where to write the PDF')
    .option('--html <file>', 'also write the HTML')
    .option('--level <n>', "the appeal level (default: the level the claim's denial opened)")
    .option(
      '--category <category>',
      `the denial category (default: from the codes): ${appealCategories.join(', ')}`,
    )
    .option(
      '--at-hand <items>',
      `enclosures you have at hand, comma-separated: ${attachmentKinds.join(', ')}`,
    )
    .option('--sender-name <name>', 'who signs the letter (default: the CLI user)')
    .option('--sender-phone <phone>', 'the callback number on the letter and fax cover')
    .option('--sender-email <email>', 'the callback e-mail')
    .option('--api <url>', 'ask this running API instead (default without DATABASE_URL: API_HOST:API_PORT)')
    .option('--json', 'print the packet description as JSON')
    .action(appealPacketCommand);
}
