/**
 * Ingestion of X12 files (835, 277, 277CA, 999): read the whole file first (a malformed file is rejected
 * before anything is written or sent), store it once by the sha256 of its bytes, then route each claim
 * event to its claim's workflow as a signal with an idempotency key built from the file's control
 * numbers. Events that reach no open workflow are kept, never dropped. Used by the API and the CLI alike.
 */
import { createHash } from 'node:crypto';
import { type Client, type WorkflowHandle, WorkflowNotFoundError } from '@temporalio/client';
import { type ClientScope, inScope } from '../auth/actor';
import {
  type IngestOutcome,
  type UnmatchedReason,
  claimRemittancePayment,
  completeX12File,
  findClaimWorkflowIds,
  keepUnmatchedX12Event,
  storeX12File,
} from '../db/ingest';
import type { Db } from '../db/pool';
import { claimIdsByTraceNumber } from '../db/x12-inquiries';
import type { Logger } from '../logger';
import {
  acknowledgementReceivedSignal,
  remittanceReceivedSignal,
  statusReceivedSignal,
} from '../shared/contracts';
import { type IngestEvent, type IngestRoute, type X12FileKind, readX12File } from './x12-events';

export type { IngestOutcome, UnmatchedReason };

export interface IngestResult {
  fileId: string;
  kind: X12FileKind;
  /** True when the same bytes were ingested completely before: nothing was done now, `claims` are the original outcomes. */
  duplicate: boolean;
  receivedAt: string;
  /** One per claim event of the file, in file order. */
  claims: IngestOutcome[];
}

export interface IngestOptions {
  /** Called after each event is routed, for progress on large files. */
  onProgress?: (done: number, total: number) => void;
  /**
   * The clients whose claims the uploader may reach (default every client). Events for other clients'
   * claims are kept as unmatched (`outside_scope`), never signalled.
   */
  scope?: ClientScope;
}

export interface IngestionService {
  /** Throws an X12ParseError (nothing written) when the file is malformed or not what `route` takes. */
  ingest(route: IngestRoute, content: Buffer, options?: IngestOptions): Promise<IngestResult>;
}

export interface IngestionDeps {
  db: Db;
  temporal: Client;
  logger?: Logger;
  /** Claims signalled at once; events of one claim always go one after another, in file order. */
  concurrency?: number;
}

const CLOSED_PHASE = 'closed';

export function createIngestionService(deps: IngestionDeps): IngestionService {
  const concurrency = deps.concurrency ?? 16;

  async function signal(handle: WorkflowHandle, item: IngestEvent): Promise<void> {
    const { idempotencyKey } = item;
    switch (item.signal) {
      case 'remittance':
        return handle.signal(remittanceReceivedSignal, { ...item.event, idempotencyKey });
      case 'status':
        return handle.signal(statusReceivedSignal, { ...item.event, idempotencyKey });
      case 'acknowledgement':
        return handle.signal(acknowledgementReceivedSignal, { ...item.event, idempotencyKey });
    }
  }

  /** Whether a claim whose workflow takes no signal has closed (its history may be gone after retention). */
  async function hasClosed(handle: WorkflowHandle, projectedPhase: string | null): Promise<boolean> {
    try {
      await handle.describe();
      return true; // it exists and took no signal: it has completed, failed or been terminated
    } catch (error) {
      if (!(error instanceof WorkflowNotFoundError)) throw error;
      return projectedPhase === CLOSED_PHASE;
    }
  }

  async function route(
    item: IngestEvent,
    file: { fileId: string; kind: X12FileKind },
    claimId: string | undefined,
    claim: { clientId: string; workflowId: string; phase: string | null } | undefined,
    scope: ClientScope,
  ): Promise<IngestOutcome> {
    const keep = async (
      reason: UnmatchedReason,
      claimId: string | null,
      outcome: IngestOutcome['outcome'],
    ): Promise<IngestOutcome> => {
      const unmatchedId = await keepUnmatchedX12Event(deps.db, {
        fileId: file.fileId,
        idempotencyKey: item.idempotencyKey,
        kind: file.kind,
        claimId,
        reason,
        event: {
          signal: item.signal,
          event: item.event,
          envelope: item.envelope,
          ...(item.segment === undefined ? {} : { segment: item.segment }),
        },
      });
      return { claimId, outcome, idempotencyKey: item.idempotencyKey, reason, unmatchedId };
    };

    // Before the payment's business key is claimed: an uploader who may not reach the claim must not
    // make the same payment a duplicate for whoever may.
    if (claimId !== undefined && claim && !inScope(scope, claim.clientId)) {
      return keep('outside_scope', claimId, 'unknown_claim');
    }
    if (item.businessKey !== undefined) {
      const holder = await claimRemittancePayment(deps.db, {
        businessKey: item.businessKey,
        idempotencyKey: item.idempotencyKey,
        fileId: file.fileId,
      });
      if (holder !== item.idempotencyKey) {
        return {
          claimId: claimId ?? item.claimId,
          outcome: 'duplicate',
          idempotencyKey: item.idempotencyKey,
          duplicateOf: holder,
        };
      }
    }
    if (item.claimId === null) return keep('no_claim_reference', null, 'unknown_claim');
    if (claimId === undefined || !claim) return keep('not_registered', item.claimId, 'unknown_claim');

    const handle = deps.temporal.workflow.getHandle(claim.workflowId);
    try {
      await signal(handle, item);
      return { claimId, outcome: 'signalled', idempotencyKey: item.idempotencyKey };
    } catch (error) {
      if (!(error instanceof WorkflowNotFoundError)) throw error;
    }
    return (await hasClosed(handle, claim.phase))
      ? keep('closed', claimId, 'closed')
      : keep('workflow_not_started', claimId, 'unknown_claim');
  }

  /** Routes every event; events of one claim in file order, different claims `concurrency` at a time. */
  async function routeAll(
    events: readonly IngestEvent[],
    file: { fileId: string; kind: X12FileKind },
    options: IngestOptions,
  ): Promise<IngestOutcome[]> {
    const ids = new Set<string>();
    for (const item of events) {
      if (item.claimId !== null) ids.add(item.claimId);
      if (item.preferredClaimId !== undefined) ids.add(item.preferredClaimId);
    }
    const claims = await findClaimWorkflowIds(deps.db, [...ids]);
    const registered = (item: IngestEvent): string | undefined =>
      [item.preferredClaimId, item.claimId ?? undefined].find((id) => id !== undefined && claims.has(id));

    // A 277 that names no registered claim may still answer a 276 Tickler sent: its trace number does.
    const traced = await claimIdsByTraceNumber(
      deps.db,
      events.flatMap((item) =>
        item.traceNumber !== undefined && registered(item) === undefined ? [item.traceNumber] : [],
      ),
    );
    if (traced.size > 0) {
      const found = await findClaimWorkflowIds(deps.db, [...traced.values()]);
      for (const [id, claim] of found) claims.set(id, claim);
    }
    const claimIdOf = (item: IngestEvent): string | undefined => {
      const own = registered(item);
      if (own !== undefined || item.traceNumber === undefined) return own;
      const byTrace = traced.get(item.traceNumber);
      return byTrace !== undefined && claims.has(byTrace) ? byTrace : undefined;
    };
    const resolved = events.map(claimIdOf);

    const groups = new Map<string, number[]>();
    events.forEach((item, index) => {
      const key = resolved[index] ?? (item.claimId === null ? `\u0000${index}` : item.claimId);
      const group = groups.get(key);
      if (group) group.push(index);
      else groups.set(key, [index]);
    });
    const queue = [...groups.values()];
    const outcomes: IngestOutcome[] = new Array<IngestOutcome>(events.length);
    let done = 0;
    let failed = false;
    const worker = async (): Promise<void> => {
      for (let group = queue.shift(); group && !failed; group = queue.shift()) {
        for (const index of group) {
          try {
            const claimId = resolved[index];
            const claim = claimId === undefined ? undefined : claims.get(claimId);
            outcomes[index] = await route(events[index]!, file, claimId, claim, options.scope ?? 'all');
          } catch (error) {
            failed = true;
            throw error;
          }
          done += 1;
          options.onProgress?.(done, events.length);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, queue.length) }, worker));
    return outcomes;
  }

  return {
    async ingest(route, content, options = {}) {
      const parsed = readX12File(route, content.toString('utf8'));
      const sha256 = createHash('sha256').update(content).digest('hex');
      const stored = await storeX12File(deps.db, {
        sha256,
        kind: parsed.kind,
        content,
        interchanges: parsed.interchanges,
      });
      const file = { fileId: stored.fileId, kind: parsed.kind };
      if (stored.outcomes) {
        deps.logger?.info({ fileId: file.fileId, kind: file.kind }, 'x12 file already ingested');
        return {
          ...file,
          duplicate: true,
          receivedAt: stored.receivedAt.toISOString(),
          claims: stored.outcomes,
        };
      }
      // A file stored before but not completed (a crash half-way) is routed again: every signal carries
      // an idempotency key the workflow remembers, and kept events are keyed the same way.
      const claims = await routeAll(parsed.events, file, options);
      await completeX12File(deps.db, file.fileId, claims);
      deps.logger?.info(
        {
          fileId: file.fileId,
          kind: file.kind,
          events: claims.length,
          signalled: claims.filter((claim) => claim.outcome === 'signalled').length,
          kept: claims.filter((claim) => claim.unmatchedId !== undefined).length,
        },
        'x12 file ingested',
      );
      return { ...file, duplicate: false, receivedAt: stored.receivedAt.toISOString(), claims };
    },
  };
}
