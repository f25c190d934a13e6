import type { Client } from '@temporalio/client';
import express, { type Express } from 'express';
import { auditTrail } from '../auth/audit';
import { authenticate, requirePermission } from '../auth/middleware';
import type { OidcVerifier } from '../auth/oidc';
import { type Db, pingDatabase } from '../db/pool';
import { createIngestionService } from '../ingest/service';
import type { Logger } from '../logger';
import { createAppealPacketService } from '../packets/service';
import { DEFAULT_TEMPLATES_DIR } from '../packets/template';
import { actionRoutes } from './actions';
import { auditRoutes } from './audit';
import { authRoutes } from './auth';
import { appealPacketRoutes } from './appeal-packets';
import { claimRoutes } from './claims';
import { referenceRoutes } from './reference';
import { HttpError, errorHandler } from './errors';
import { ingestRoutes } from './ingest';
import { buildOpenApiDocument } from './openapi';
import { payerRoutes } from './payers';
import { simulatorRoutes } from './simulator';

export interface AppDeps {
  db: Db;
  temporal: Client;
  taskQueue: string;
  logger: Logger;
  /** Mount the simulated payer's control routes (on by default; off in production). */
  simulator?: boolean;
  /** Verifies OIDC bearer tokens (configured with OIDC_ISSUER); API keys sign in either way. */
  oidc?: OidcVerifier;
  now?: () => number;
  /** The appeal packet templates (APPEAL_TEMPLATES_DIR). */
  appealTemplatesDir?: string;
}

async function probe(
  check: () => Promise<unknown>,
  timeoutMs = 3000,
): Promise<{ ok: boolean; error?: string }> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    return { ok: true };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}

/** Builds the HTTP app. It never listens: the entry point does, and owns shutdown. */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');

  app.get('/health', async (_req, res) => {
    const [temporal, postgres] = await Promise.all([
      probe(() => deps.temporal.workflowService.getSystemInfo({})),
      probe(() => pingDatabase(deps.db)),
    ]);
    const ok = temporal.ok && postgres.ok;
    res.status(ok ? 200 : 503).json({ status: ok ? 'ok' : 'degraded', temporal, postgres });
  });

  // Every route below needs a credential; each names its permission (src/auth/permissions.ts). Bodies
  // are read only once the caller is known.
  app.use(authenticate({ db: deps.db, ...(deps.oidc ? { oidc: deps.oidc } : {}) }));
  app.use(express.json({ limit: '1mb' }));
  app.use(auditTrail({ db: deps.db, logger: deps.logger }));

  const openApiDocument = buildOpenApiDocument();
  app.get('/openapi.json', requirePermission('api.read'), (_req, res) => {
    res.json(openApiDocument);
  });

  app.use(
    claimRoutes({
      db: deps.db,
      temporal: deps.temporal,
      taskQueue: deps.taskQueue,
      now: deps.now ?? Date.now,
    }),
  );
  app.use(actionRoutes({ db: deps.db, temporal: deps.temporal }));
  app.use(authRoutes({ db: deps.db }));
  app.use(auditRoutes({ db: deps.db }));
  app.use(referenceRoutes({ db: deps.db }));
  app.use(payerRoutes({ db: deps.db }));
  app.use(
    ingestRoutes({
      db: deps.db,
      ingestion: createIngestionService({ db: deps.db, temporal: deps.temporal, logger: deps.logger }),
    }),
  );
  app.use(
    appealPacketRoutes({
      db: deps.db,
      packets: createAppealPacketService({
        db: deps.db,
        templatesDir: deps.appealTemplatesDir ?? DEFAULT_TEMPLATES_DIR,
        now: deps.now ?? Date.now,
      }),
    }),
  );
  if (deps.simulator ?? true) app.use(simulatorRoutes({ db: deps.db }));

  app.use((req, _res, next) => {
    next(new HttpError(404, 'not_found', `No route ${req.method} ${req.path}`));
  });
  app.use(errorHandler(deps.logger));
  return app;
}
