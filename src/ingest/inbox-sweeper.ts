/**
 * The batch clearinghouse's inbox, swept into ingestion. A status check over the drop folder waits a
 * minute for its 277; an answer that comes later, and every 835, 277CA and 999 the clearinghouse drops in
 * the same mailbox, would otherwise sit there until a person posted it. The sweeper hands each file old
 * enough that no check is still waiting on it to the ingestion service (idempotent by the file's sha256
 * and by each claim's key, so two sweepers, or a sweep and a manual post, never apply a file twice). A
 * 277 answering a 276 Tickler sent finds its claim by trace number.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import type { Db } from '../db/pool';
import { X12ParseError } from '../edi';
import type { Logger } from '../logger';
import {
  DEFAULT_RESPONSE_TIMEOUT_MS,
  type DropFolderTransport,
  createDropFolderTransport,
  dropFolderLayout,
} from '../payers/x12';
import { type IngestionService, createIngestionService } from './service';
import { detectRoute } from './x12-events';

export interface InboxSweeperOptions {
  readonly transport: Pick<DropFolderTransport, 'collect'>;
  readonly ingestion: IngestionService;
  /**
   * Where a copy of each file that is not X12 Tickler ingests goes, with a `.reason.txt` beside it, for a
   * person (the original is archived like every file taken from the inbox).
   */
  readonly rejectedFolder: string;
  /** Files younger than this are left for a status check that may be waiting on them. */
  readonly minAgeMs: number;
  readonly logger: Logger;
}

export interface SweepResult {
  /** Files ingested (their events routed or kept). */
  readonly ingested: readonly string[];
  /** Files that are not X12 Tickler ingests: copied aside for a person. */
  readonly rejected: readonly string[];
  /** Files ingestion failed on (database or Temporal unreachable): left in the inbox for the next sweep. */
  readonly failed: readonly string[];
}

export interface InboxSweeper {
  sweep(): Promise<SweepResult>;
}

export function createInboxSweeper(options: InboxSweeperOptions): InboxSweeper {
  const { logger } = options;
  return {
    async sweep() {
      const ingested: string[] = [];
      const rejected: string[] = [];
      const result = await options.transport.collect(
        async ({ name, text }) => {
          let route;
          try {
            route = detectRoute(text);
            const outcome = await options.ingestion.ingest(route, Buffer.from(text, 'utf8'));
            ingested.push(name);
            logger.info(
              { file: name, fileId: outcome.fileId, kind: outcome.kind, events: outcome.claims.length },
              'swept an inbox file into ingestion',
            );
          } catch (error) {
            if (!(error instanceof X12ParseError)) throw error;
            // Malformed or not ingestible: set aside with the reason. Only the segment is logged; the
            // reason may quote the file's data.
            await mkdir(options.rejectedFolder, { recursive: true });
            await writeFile(path.join(options.rejectedFolder, name), text);
            await writeFile(path.join(options.rejectedFolder, `${name}.reason.txt`), `${error.message}\n`);
            rejected.push(name);
            logger.warn(
              { file: name, segment: error.segment, segmentId: error.segmentId },
              'an inbox file is not X12 Tickler ingests; set aside',
            );
          }
        },
        { olderThanMs: options.minAgeMs },
      );
      for (const { name, error } of result.failed) {
        logger.error(
          { file: name, err: error instanceof Error ? error.message : String(error) },
          'could not ingest an inbox file; it stays for the next sweep',
        );
      }
      return { ingested, rejected, failed: result.failed.map(({ name }) => name) };
    },
  };
}

/**
 * Sweeps the X12 drop folder's inbox every `intervalMs` (one sweep at a time) until stopped. Files are
 * swept once they are older than a status check's wait for its answer, plus a margin.
 */
export function startInboxSweeping(deps: {
  folder: string;
  db: Db;
  temporal: Client;
  logger: Logger;
  intervalMs: number;
}): { sweep(): Promise<SweepResult>; stop(): Promise<void> } {
  const layout = dropFolderLayout(deps.folder);
  const sweeper = createInboxSweeper({
    transport: createDropFolderTransport(layout),
    ingestion: createIngestionService({ db: deps.db, temporal: deps.temporal, logger: deps.logger }),
    rejectedFolder: layout.rejected,
    minAgeMs: DEFAULT_RESPONSE_TIMEOUT_MS + 30_000,
    logger: deps.logger,
  });
  let running: Promise<unknown> = Promise.resolve();
  const sweep = (): Promise<SweepResult> => {
    const next = running.then(() => sweeper.sweep());
    running = next.catch((error: unknown) =>
      deps.logger.error(
        { err: error instanceof Error ? error.message : String(error) },
        'inbox sweep failed',
      ),
    );
    return next;
  };
  const timer = setInterval(() => void sweep().catch(() => undefined), deps.intervalMs);
  return {
    sweep,
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
