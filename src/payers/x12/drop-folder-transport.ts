import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { silentPayerLogger, type PayerLogger } from '../logger';
import { PayerError } from '../types';
import type { ClearinghouseTransport, OutboundInterchange } from './transport';

export interface DropFolderOptions {
  /** Where outbound 276 files are written for the clearinghouse (an SFTP upload folder or its mirror). */
  readonly outbox: string;
  /** Where the clearinghouse's answers (277, 999, TA1) appear. */
  readonly inbox: string;
  /** Where picked-up answers are moved, so each is processed once. */
  readonly archive: string;
  /** How often `exchange` looks in the inbox. Default 1 s. */
  readonly pollIntervalMs?: number;
  /** How long `exchange` waits for its answer before failing transiently. Default 60 s. */
  readonly responseTimeoutMs?: number;
  /** Start of outbound file names. Default `276`. */
  readonly filePrefix?: string;
  readonly name?: string;
  readonly logger?: PayerLogger;
}

/** An answer taken from the inbox. */
export interface InboundFile {
  /** Its name in the inbox. */
  readonly name: string;
  readonly text: string;
  /** Its path in the archive. */
  readonly archivedAs: string;
}

/** What one {@link DropFolderTransport.collect} pass did. */
export interface CollectResult {
  readonly processed: readonly InboundFile[];
  /** Redeliveries of files already archived with the same name and content: removed, not processed. */
  readonly duplicates: readonly string[];
  /** Files the handler failed on: left in the inbox for the next pass. */
  readonly failed: readonly { readonly name: string; readonly error: unknown }[];
}

/**
 * A batch transport over folders (the way SFTP clearinghouse mailboxes are usually mirrored). `exchange`
 * drops a 276 and waits for the answer that names it; `collect` hands every other answer to a handler
 * (batch ingestion). Pickup is idempotent: an answer is moved to the archive when taken, a second taker
 * finds it gone, and a redelivered copy of an archived file is dropped.
 */
export interface DropFolderTransport extends ClearinghouseTransport {
  /** Writes `body` to the outbox under a new unique name (atomically: readers never see half a file). */
  send(body: string, controlNumber: string): Promise<string>;
  /**
   * Processes every inbox answer with `handler`, archiving each one the handler accepted. With
   * `olderThanMs`, files that arrived more recently are left for the `exchange` that may be waiting on
   * them.
   */
  collect(
    handler: (file: { name: string; text: string }) => Promise<void>,
    options?: { olderThanMs?: number },
  ): Promise<CollectResult>;
}

function isErrno(error: unknown, code: string): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === code;
}

/** Files still being written (dot files, .part, .tmp) are not answers yet. */
function isReady(name: string): boolean {
  return !name.startsWith('.') && !name.endsWith('.part') && !name.endsWith('.tmp');
}

async function readIfPresent(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return undefined;
    throw error;
  }
}

/** Writes to a hidden temporary name first and renames, so the file appears complete or not at all. */
async function writeAtomically(folder: string, name: string, text: string): Promise<void> {
  const temporary = path.join(folder, `.${name}.${randomUUID()}.part`);
  await writeFile(temporary, text, { flag: 'wx' });
  await rename(temporary, path.join(folder, name));
}

/** How long `exchange` waits for its answer unless told otherwise. */
export const DEFAULT_RESPONSE_TIMEOUT_MS = 60_000;

/** Tickler's layout of one clearinghouse mailbox folder: `outbox/`, `inbox/`, `archive/`, `rejected/`. */
export function dropFolderLayout(folder: string): {
  outbox: string;
  inbox: string;
  archive: string;
  rejected: string;
} {
  return {
    outbox: path.join(folder, 'outbox'),
    inbox: path.join(folder, 'inbox'),
    archive: path.join(folder, 'archive'),
    rejected: path.join(folder, 'rejected'),
  };
}

export function createDropFolderTransport(options: DropFolderOptions): DropFolderTransport {
  const pollIntervalMs = options.pollIntervalMs ?? 1000;
  const responseTimeoutMs = options.responseTimeoutMs ?? DEFAULT_RESPONSE_TIMEOUT_MS;
  const prefix = options.filePrefix ?? '276';
  const logger = options.logger ?? silentPayerLogger;
  const name = options.name ?? 'x12-drop-folder';
  let folders: Promise<void> | undefined;

  const ensureFolders = (): Promise<void> =>
    (folders ??= Promise.all(
      [options.outbox, options.inbox, options.archive].map((folder) => mkdir(folder, { recursive: true })),
    ).then(() => undefined));

  /**
   * Moves an inbox file to the archive and reports whether this caller took it. A name already in the
   * archive with the same content is a redelivery: the inbox copy is removed and nobody takes it; with
   * other content, the file is archived under a suffixed name.
   */
  const take = async (fileName: string, text: string): Promise<string | undefined> => {
    const source = path.join(options.inbox, fileName);
    let target = path.join(options.archive, fileName);
    const archived = await readIfPresent(target);
    if (archived !== undefined) {
      if (archived === text) {
        await rm(source, { force: true });
        logger.info('dropped a redelivered clearinghouse file', { transport: name, file: fileName });
        return undefined;
      }
      target = path.join(options.archive, `${fileName}.${Date.now()}-${randomUUID().slice(0, 8)}`);
    }
    try {
      await rename(source, target);
      return target;
    } catch (error) {
      if (isErrno(error, 'ENOENT')) return undefined;
      throw error;
    }
  };

  const inboxNames = async (): Promise<string[]> => (await readdir(options.inbox)).filter(isReady).sort();

  const send = async (body: string, controlNumber: string): Promise<string> => {
    await ensureFolders();
    const fileName = `${prefix}-${controlNumber}-${Date.now()}-${randomUUID().slice(0, 8)}.x12`;
    await writeAtomically(options.outbox, fileName, body);
    logger.info('dropped an X12 file in the outbox', { transport: name, file: fileName, controlNumber });
    return fileName;
  };

  /**
   * Drops the 276 and polls the inbox for its answer. A retry of the same inquiry carries the same
   * trace number, so an answer to an earlier attempt that arrives late serves the retry.
   */
  const exchangeThroughFolders = async (outbound: OutboundInterchange): Promise<string> => {
    await send(outbound.body, outbound.controlNumber);
    const deadline = Date.now() + responseTimeoutMs;
    for (;;) {
      for (const fileName of await inboxNames()) {
        const text = await readIfPresent(path.join(options.inbox, fileName));
        if (text === undefined || !outbound.answers(text)) continue;
        const archivedAs = await take(fileName, text);
        if (archivedAs === undefined) continue;
        logger.info('picked up the answer to an X12 file', {
          transport: name,
          file: fileName,
          controlNumber: outbound.controlNumber,
        });
        return text;
      }
      if (Date.now() >= deadline) {
        throw new PayerError(
          'transient',
          `no answer to interchange ${outbound.controlNumber} appeared in the inbox within ${responseTimeoutMs} ms`,
        );
      }
      await delay(pollIntervalMs);
    }
  };

  const transport: DropFolderTransport = {
    name,

    send,

    async collect(handler, collectOptions = {}) {
      await ensureFolders();
      const processed: InboundFile[] = [];
      const duplicates: string[] = [];
      const failed: { name: string; error: unknown }[] = [];
      const { olderThanMs } = collectOptions;
      for (const fileName of await inboxNames()) {
        if (olderThanMs !== undefined) {
          const modified = await stat(path.join(options.inbox, fileName)).then(
            (stats) => stats.mtimeMs,
            () => undefined,
          );
          if (modified === undefined || Date.now() - modified < olderThanMs) continue;
        }
        const text = await readIfPresent(path.join(options.inbox, fileName));
        if (text === undefined) continue;
        const archived = await readIfPresent(path.join(options.archive, fileName));
        if (archived === text) {
          await rm(path.join(options.inbox, fileName), { force: true });
          duplicates.push(fileName);
          continue;
        }
        try {
          await handler({ name: fileName, text });
        } catch (error) {
          failed.push({ name: fileName, error });
          continue;
        }
        const archivedAs = await take(fileName, text);
        if (archivedAs !== undefined) processed.push({ name: fileName, text, archivedAs });
      }
      return { processed, duplicates, failed };
    },

    async exchange(outbound) {
      try {
        return await exchangeThroughFolders(outbound);
      } catch (error) {
        if (error instanceof PayerError) throw error;
        // A folder that cannot be read or written (an unmounted share, full disk) is an outage, not bad data.
        throw new PayerError('transient', `drop folder failed for interchange ${outbound.controlNumber}`, {
          cause: error,
        });
      }
    },
  };

  return transport;
}
