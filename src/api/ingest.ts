import express, { type RequestHandler, Router } from 'express';
import { z } from 'zod';
import { noteForAudit } from '../auth/audit';
import { actorOf, requirePermission } from '../auth/middleware';
import { listUnmatchedX12Events } from '../db/ingest';
import type { Db } from '../db/pool';
import { X12ParseError } from '../edi';
import type { IngestionService } from '../ingest/service';
import { type IngestRoute, ingestEndpoints, x12FileKinds } from '../ingest/x12-events';
import { HttpError } from './errors';

/** Content types an X12 file may be posted with. */
export const x12ContentTypes = ['application/edi-x12', 'text/plain'] as const;
const MAX_FILE_SIZE = '20mb';

const unmatchedReasons = [
  'not_registered',
  'no_claim_reference',
  'workflow_not_started',
  'closed',
  'outside_scope',
] as const;
const outcomes = ['signalled', 'unknown_claim', 'closed', 'duplicate'] as const;

export const x12FileSchema = z.string().openapi({
  description:
    'The X12 file as sent by the payer or clearinghouse: any delimiters, with or without line breaks, one or more interchanges',
  example:
    'ISA*00*          *00*          *ZZ*CLEARINGHOUSE  *ZZ*TICKLER        *261020*1200*^*00501*000000101*0*P*:~GS*HP*...',
});

export const ingestResultSchema = z
  .object({
    fileId: z.string().openapi({ description: 'The stored file' }),
    kind: z.enum(x12FileKinds),
    duplicate: z.boolean().openapi({
      description:
        'The same bytes were ingested before: nothing was done, `claims` are the original outcomes',
    }),
    receivedAt: z.string().openapi({ format: 'date-time' }),
    claims: z.array(
      z.object({
        claimId: z.string().nullable().openapi({
          description:
            'The claim the event went to; for an unknown claim, the id the file names (null when it names none: a 999)',
        }),
        outcome: z.enum(outcomes),
        idempotencyKey: z.string().openapi({
          example: '835:CLEARINGHOUSE:000000101:101:0001:CLM-1001:1',
          description: '`${kind}:${ISA06}:${ISA13}:${GS06}:${ST02}:${claim}:${n}`',
        }),
        reason: z
          .enum(unmatchedReasons)
          .optional()
          .openapi({ description: 'Why the event was kept instead of reaching an open workflow' }),
        unmatchedId: z
          .string()
          .optional()
          .openapi({ description: 'The kept event, in GET /ingest/unmatched' }),
        duplicateOf: z.string().optional().openapi({
          description:
            'For an 835 payment already ingested from another file (re-sent under new control numbers): the first event, which was routed; this one was not',
        }),
      }),
    ),
  })
  .openapi('IngestResult');

export const unmatchedQuerySchema = z.object({
  reason: z.enum(unmatchedReasons).optional(),
  claimId: z.string().min(1).max(128).optional(),
  fileId: z
    .string()
    .regex(/^\d{1,18}$/, 'a file id')
    .optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

export const unmatchedEventsSchema = z
  .object({
    events: z.array(
      z.object({
        unmatchedId: z.string(),
        fileId: z.string(),
        kind: z.enum(x12FileKinds),
        claimId: z.string().nullable(),
        reason: z.enum(unmatchedReasons),
        idempotencyKey: z.string(),
        event: z.record(z.string(), z.unknown()).openapi({
          description: 'The signal it would have been, its payload, the envelope control numbers and segment',
        }),
        createdAt: z.string().openapi({ format: 'date-time' }),
      }),
    ),
  })
  .openapi('UnmatchedX12Events');

/**
 * The body as raw bytes (the file's sha256 is taken over them), for the X12 content types only. Parser
 * failures become HttpErrors here, since the error middleware reads other 4xx errors as bad JSON.
 */
function rawX12Body(): RequestHandler {
  const parse = express.raw({ type: [...x12ContentTypes], limit: MAX_FILE_SIZE });
  return (req, res, next) => {
    parse(req, res, (error?: unknown) => {
      if (!error) {
        next();
        return;
      }
      const { status, type } = error as { status?: number; type?: string };
      if (type === 'entity.too.large') {
        next(new HttpError(413, 'payload_too_large', `The file is larger than ${MAX_FILE_SIZE}`));
      } else if (typeof status === 'number' && status >= 400 && status < 500) {
        next(new HttpError(status, 'invalid_request', (error as Error).message));
      } else {
        next(error);
      }
    });
  };
}

/** Ingestion of X12 files: each claim event goes to its claim's workflow; the rest is kept. */
export function ingestRoutes(deps: { db: Db; ingestion: IngestionService }): Router {
  const router = Router();

  const ingest =
    (route: IngestRoute): RequestHandler =>
    async (req, res) => {
      const body: unknown = req.body;
      if (!Buffer.isBuffer(body)) {
        throw new HttpError(
          415,
          'unsupported_media_type',
          `Post the X12 file as ${x12ContentTypes.join(' or ')}`,
          [{ field: 'content-type', message: `must be ${x12ContentTypes.join(' or ')}` }],
        );
      }
      if (body.length === 0) {
        throw HttpError.badRequest([{ field: '(body)', message: 'the file is empty' }]);
      }
      try {
        const result = await deps.ingestion.ingest(route, body, { scope: actorOf(res).clients });
        noteForAudit(res, {
          target: `x12-file:${result.fileId}`,
          detail: { kind: result.kind, events: result.claims.length, duplicate: result.duplicate },
        });
        res.status(result.duplicate ? 200 : 201).json(result);
      } catch (error) {
        if (!(error instanceof X12ParseError)) throw error;
        throw new HttpError(400, 'invalid_x12', error.message, [
          {
            field: `segment ${error.segment}${error.segmentId ? ` (${error.segmentId})` : ''}`,
            message: error.reason,
          },
        ]);
      }
    };

  // The permission is checked before the body is read: a caller who may not post reads no 20 MB.
  for (const route of ingestEndpoints) {
    router.post(`/ingest/${route}`, requirePermission('ingest.x12'), rawX12Body(), ingest(route));
  }

  router.get('/ingest/unmatched', requirePermission('ingest.read'), async (req, res) => {
    const query = unmatchedQuerySchema.parse(req.query);
    const events = await listUnmatchedX12Events(
      deps.db,
      {
        limit: query.limit,
        ...(query.reason ? { reason: query.reason } : {}),
        ...(query.claimId ? { claimId: query.claimId } : {}),
        ...(query.fileId ? { fileId: query.fileId } : {}),
      },
      actorOf(res).clients,
    );
    res.json({ events: events.map((event) => ({ ...event, createdAt: event.createdAt.toISOString() })) });
  });

  return router;
}
