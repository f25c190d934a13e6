import { OpenAPIRegistry, OpenApiGeneratorV31, type RouteConfig } from '@asteasolutions/zod-to-openapi';
import { roles } from '../auth/actor';
import { type Permission, permissions } from '../auth/permissions';
import { auditPageSchema, auditQuerySchema } from './audit';
import {
  apiKeySchema,
  apiKeysQuerySchema,
  createApiKeySchema,
  createdApiKeySchema,
  keyIdParamSchema,
  meSchema,
} from './auth';
import {
  ingestResultSchema,
  unmatchedEventsSchema,
  unmatchedQuerySchema,
  x12ContentTypes,
  x12FileSchema,
} from './ingest';
import { payerOutagesQuerySchema, payerOutagesSchema } from './payers';
import {
  payerIdParamSchema,
  simulatorBehaviourSchema,
  simulatorPayerBehaviourSchema,
  simulatorRequestsQuerySchema,
  simulatorRequestsSchema,
  simulatorScriptSchema,
} from './simulator';
import { claimPartiesSchema, claimViewSchema, createClaimSchema, errorSchema, healthSchema } from './schemas';
import { z } from 'zod';
import { actionNames, actionSchemas } from './actions';
import { registerAppealPacketPaths } from './appeal-packets';
import { cadenceProfileSchema } from './reference';

/** An example body for each action, shown in the OpenAPI document. */
const actionExamples: Record<(typeof actionNames)[number], Record<string, unknown>> = {
  addNote: { text: 'Called the payer, reference 4471' },
  snooze: { until: '2026-11-02', reason: 'Payer asked to wait for reprocessing' },
  resume: {},
  reschedule: { on: '2026-10-28', reason: 'Re-check after the portal update' },
  assign: { owner: 'jane.doe' },
  recordCorrectionSubmitted: { note: 'Corrected the member id' },
  recordDocumentsSent: { sentOn: '2026-10-22', note: 'Operative report faxed' },
  recordAppealFiled: { level: 1, filedOn: '2026-11-05' },
  recordPayment: { paidCents: 98000, paidOn: '2026-10-30', patientResponsibilityCents: 2000 },
  recordDenial: { carc: '197', group: 'CO', noticeDate: '2026-10-25', rarcs: ['N54'] },
  flagForReview: { reason: 'Client disputes the balance', byClient: true },
  close: { reason: 'written_off', note: 'Below the small-balance threshold' },
};

const json = <T extends z.ZodType>(schema: T) => ({ content: { 'application/json': { schema } } });

const BEARER = 'bearer';

/** Registers an operation that needs a credential holding `permission` (see `buildOpenApiDocument`). */
export type SecuredOperation = (permission: Permission, config: RouteConfig) => void;
const notFoundClaim = 'No such claim among your clients (a claim of another client is not found either)';

/**
 * The OpenAPI description, generated from the same zod schemas that validate requests. Every operation
 * but the probes needs a credential and names its permission (`x-permission`, from the one matrix).
 */
export function buildOpenApiDocument(): ReturnType<OpenApiGeneratorV31['generateDocument']> {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', BEARER, {
    type: 'http',
    scheme: 'bearer',
    description:
      'An API key (`tkl_…`, created by an admin with `POST /auth/keys` or `npm run cli -- keys create`) or an OIDC access token from the configured issuer (OIDC_ISSUER, OIDC_AUDIENCE)',
  });
  const claimIdParam = z.object({ claimId: z.string().openapi({ example: 'CLM-1001' }) });

  /** Registers an operation that needs a credential holding `permission`, with its 401 and 403 answers. */
  const secured: SecuredOperation = (permission, config) => {
    const granted = (permissions[permission].roles as readonly string[]).join(', ');
    registry.registerPath({
      ...config,
      description: [config.description, `Needs the permission \`${permission}\` (${granted}).`]
        .filter(Boolean)
        .join('\n\n'),
      security: [{ [BEARER]: [] }],
      'x-permission': permission,
      responses: {
        ...config.responses,
        401: {
          description:
            'No credential, or one that is not valid, revoked or expired; the WWW-Authenticate header says which',
          headers: {
            'WWW-Authenticate': {
              schema: { type: 'string' },
              example:
                'Bearer realm="tickler", error="invalid_token", error_description="The API key has been revoked"',
            },
          },
          ...json(errorSchema),
        },
        403: { description: `The caller's role lacks \`${permission}\``, ...json(errorSchema) },
      },
    });
  };

  secured('claims.create', {
    method: 'post',
    path: '/claims',
    summary: 'Register a claim and start its follow-up workflow (idempotent per claim id)',
    request: { body: json(createClaimSchema) },
    responses: {
      201: { description: 'Claim registered and follow-up started', ...json(claimViewSchema) },
      200: {
        description: 'The same claim was already registered; its follow-up is unchanged',
        ...json(claimViewSchema),
      },
      400: {
        description: 'Invalid input; the fields at fault are listed and nothing was written',
        ...json(errorSchema),
      },
      409: { description: 'The claim id exists with a different body', ...json(errorSchema) },
    },
  });
  secured('claims.read', {
    method: 'get',
    path: '/claims/{claimId}',
    summary: 'A claim, its follow-up phase, next check and timeline',
    request: { params: claimIdParam },
    responses: {
      200: { description: 'The claim', ...json(claimViewSchema) },
      404: { description: notFoundClaim, ...json(errorSchema) },
    },
  });
  secured('claims.parties.write', {
    method: 'put',
    path: '/claims/{claimId}/parties',
    summary:
      "Give or correct a claim's subscriber, dependent patient and billing provider (what an X12 276 needs)",
    request: { params: claimIdParam, body: json(claimPartiesSchema) },
    responses: {
      200: {
        description: 'Saved (a change is recorded on the timeline without the values)',
        ...json(claimViewSchema),
      },
      400: { description: 'Invalid parties; the fields at fault are listed', ...json(errorSchema) },
      404: { description: notFoundClaim, ...json(errorSchema) },
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/health',
    summary: 'Reachability of Temporal and PostgreSQL (no credential needed)',
    security: [],
    responses: {
      200: { description: 'Both reachable', ...json(healthSchema) },
      503: { description: 'At least one is unreachable', ...json(healthSchema) },
    },
  });
  secured('simulator.write', {
    method: 'put',
    path: '/simulator/claims/{claimId}/script',
    summary:
      "Script the simulated payer's answers for a claim (answer n goes to inquiry n; the last repeats)",
    request: { params: claimIdParam, body: json(simulatorScriptSchema) },
    responses: {
      200: { description: 'Script saved', ...json(simulatorScriptSchema) },
      400: { description: 'Invalid script', ...json(errorSchema) },
    },
  });
  secured('simulator.read', {
    method: 'get',
    path: '/simulator/claims/{claimId}/requests',
    summary: 'Every request (status inquiries and submissions) the simulated payer received for a claim',
    request: { params: claimIdParam },
    responses: { 200: { description: 'Requests in arrival order', ...json(simulatorRequestsSchema) } },
  });
  secured('simulator.write', {
    method: 'put',
    path: '/simulator/payers/{payerId}/script',
    summary: "Script the simulated payer's answers for every claim of a payer that has no script of its own",
    request: { params: payerIdParamSchema, body: json(simulatorScriptSchema) },
    responses: {
      200: { description: 'Script saved', ...json(simulatorScriptSchema) },
      400: { description: 'Invalid script', ...json(errorSchema) },
    },
  });
  secured('simulator.write', {
    method: 'put',
    path: '/simulator/payers/{payerId}/behaviour',
    summary:
      "Set the simulated payer's latency, fault rates (timeouts, 5xx, 429) and outage windows for a payer",
    request: { params: payerIdParamSchema, body: json(simulatorBehaviourSchema) },
    responses: {
      200: {
        description: 'Behaviour saved, with defaults filled in',
        ...json(simulatorPayerBehaviourSchema),
      },
      400: { description: 'Invalid behaviour', ...json(errorSchema) },
    },
  });
  secured('simulator.read', {
    method: 'get',
    path: '/simulator/payers/{payerId}/behaviour',
    summary: "The simulated payer's behaviour for a payer (defaults when none was set)",
    request: { params: payerIdParamSchema },
    responses: { 200: { description: 'Current behaviour', ...json(simulatorPayerBehaviourSchema) } },
  });
  secured('simulator.read', {
    method: 'get',
    path: '/simulator/payers/{payerId}/requests',
    summary: 'The latest requests the simulated payer received for a payer',
    request: { params: payerIdParamSchema, query: simulatorRequestsQuerySchema },
    responses: { 200: { description: 'Requests in arrival order', ...json(simulatorRequestsSchema) } },
  });
  secured('payers.read', {
    method: 'get',
    path: '/payers/outages',
    summary:
      'Payer outages detected by the circuit breakers: one per payer/channel outage, with its escalation note',
    request: { query: payerOutagesQuerySchema },
    responses: {
      200: { description: 'Outages, newest first', ...json(payerOutagesSchema) },
      400: { description: 'Invalid filter', ...json(errorSchema) },
    },
  });

  const x12Body = {
    required: true,
    content: Object.fromEntries(x12ContentTypes.map((type) => [type, { schema: x12FileSchema }])),
  };
  for (const [kind, what] of [
    ['835', 'an 835 remittance advice (005010X221A1): each claim payment (CLP) goes to its claim'],
    [
      '277',
      'a 277 claim status response (005010X212) or 277CA claim acknowledgment (005010X214), told apart by ST03/GS08: each claim status goes to its claim',
    ],
    [
      '999',
      'a 999 implementation acknowledgment (005010X231A1): it names transaction sets, not claims, so its rejections are kept for a person',
    ],
  ] as const) {
    secured('ingest.x12', {
      method: 'post',
      path: `/ingest/${kind}`,
      summary: `Ingest ${what}; the same file twice changes nothing, events for unknown or closed claims are kept`,
      request: { body: x12Body },
      responses: {
        201: {
          description: 'File stored and routed; one outcome per claim event',
          ...json(ingestResultSchema),
        },
        200: {
          description: 'The same file was ingested before: nothing was done, the original outcomes',
          ...json(ingestResultSchema),
        },
        400: {
          description:
            'Malformed X12, or not what this endpoint takes: the segment at fault and why; nothing was written',
          ...json(errorSchema),
        },
        413: { description: 'The file is larger than 20 MB', ...json(errorSchema) },
        415: { description: 'Not posted as application/edi-x12 or text/plain', ...json(errorSchema) },
      },
    });
  }
  secured('ingest.read', {
    method: 'get',
    path: '/ingest/unmatched',
    summary:
      'Ingested events that reached no open claim workflow (unknown claim, no claim named, closed), newest first',
    request: { query: unmatchedQuerySchema },
    responses: {
      200: { description: 'Kept events', ...json(unmatchedEventsSchema) },
      400: { description: 'Invalid filter', ...json(errorSchema) },
    },
  });

  const claimViewQueryResult = z.record(z.string(), z.unknown()).openapi('ClaimWorkflowView', {
    description: 'Phase, next action and when, deadlines with days to breach, open work items, explanation',
  });
  for (const action of actionNames) {
    secured('claims.act', {
      method: 'post',
      path: `/claims/{claimId}/actions/${action}`,
      summary: `People's action "${action}" on a claim (a workflow update with a synchronous validator)`,
      description: [
        'The author recorded on the timeline is the signed-in caller; the body never names one.',
        action === 'close'
          ? 'Closing as `written_off` also needs the permission `claims.write_off` (lead, manager, admin).'
          : '',
      ]
        .filter(Boolean)
        .join(' '),
      request: {
        params: claimIdParam,
        body: {
          content: { 'application/json': { schema: actionSchemas[action], example: actionExamples[action] } },
        },
      },
      responses: {
        200: {
          description: "The claim's view after the change was persisted",
          ...json(claimViewQueryResult),
        },
        400: { description: 'Invalid body; nothing was sent to the workflow', ...json(errorSchema) },
        404: { description: notFoundClaim, ...json(errorSchema) },
        409: { description: "The claim's follow-up has ended", ...json(errorSchema) },
        422: { description: 'Refused by the workflow, with the reason', ...json(errorSchema) },
      },
    });
  }
  secured('reference.write', {
    method: 'put',
    path: '/clients/{clientId}/cadence-profile',
    summary:
      "Save a new version of a key account's cadence profile (reaches running claims at their next check)",
    request: { params: z.object({ clientId: z.string() }), body: json(cadenceProfileSchema) },
    responses: {
      201: { description: 'The saved profile with its version' },
      400: { description: 'Invalid profile', ...json(errorSchema) },
    },
  });
  secured('reference.read', {
    method: 'get',
    path: '/clients/{clientId}/cadence-profile',
    summary: "A client's current cadence profile",
    request: { params: z.object({ clientId: z.string() }) },
    responses: {
      200: { description: 'The newest version' },
      404: { description: 'No profile', ...json(errorSchema) },
    },
  });
  secured('reference.write', {
    method: 'post',
    path: '/payer-rule-sets/{ruleSetId}/versions',
    summary:
      'Save a new version of a payer rule set (timely filing, corrected claims, appeal levels, prompt pay, acknowledgements); each value names its source',
    request: {
      params: z.object({ ruleSetId: z.string() }),
      body: json(z.record(z.string(), z.unknown()).openapi('PayerRuleSet')),
    },
    responses: {
      201: { description: 'The saved rule set with its version' },
      400: { description: 'The rule set has problems; each is named', ...json(errorSchema) },
    },
  });
  registerAppealPacketPaths(secured);

  secured('api.read', {
    method: 'get',
    path: '/openapi.json',
    summary: 'This description of the API',
    responses: { 200: { description: 'The OpenAPI 3.1 document' } },
  });
  secured('api.read', {
    method: 'get',
    path: '/auth/me',
    summary: 'Who the credential signs in as: id, role, clients and every permission the role holds',
    responses: { 200: { description: 'The caller', ...json(meSchema) } },
  });
  secured('keys.manage', {
    method: 'post',
    path: '/auth/keys',
    summary: 'Create an API key; the answer holds the key itself, shown this once (only its hash is kept)',
    request: {
      body: {
        content: {
          'application/json': {
            schema: createApiKeySchema,
            example: { name: 'clearinghouse-upload', role: 'ingestion', clients: ['northside-clinic'] },
          },
        },
      },
    },
    responses: {
      201: { description: 'The key, with `key` shown once', ...json(createdApiKeySchema) },
      400: { description: 'Invalid request; the fields at fault are listed', ...json(errorSchema) },
    },
  });
  secured('keys.manage', {
    method: 'get',
    path: '/auth/keys',
    summary: 'API keys, newest first, without their secrets (active ones unless `inactive=true`)',
    request: { query: apiKeysQuerySchema },
    responses: {
      200: { description: 'Keys', ...json(z.object({ keys: z.array(apiKeySchema) }).openapi('ApiKeys')) },
    },
  });
  secured('keys.manage', {
    method: 'delete',
    path: '/auth/keys/{keyId}',
    summary: 'Revoke an API key: its next request is refused with a 401 (revoking twice changes nothing)',
    request: { params: keyIdParamSchema },
    responses: {
      200: { description: 'The revoked key', ...json(apiKeySchema) },
      404: { description: 'No such key', ...json(errorSchema) },
    },
  });
  secured('audit.read', {
    method: 'get',
    path: '/audit',
    summary:
      'The audit log, newest first: every mutation and every read of PHI, who did it, as what role, on which claim or client, and the status answered',
    description:
      "A reader limited to some clients sees only their clients' rows. Page with `cursor` = the previous page's `nextCursor`.",
    request: { query: auditQuerySchema },
    responses: {
      200: { description: 'One page of audit rows', ...json(auditPageSchema) },
      400: { description: 'Invalid filter', ...json(errorSchema) },
    },
  });

  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Tickler API',
      version: '0.1.0',
      description: `Claim follow-up engine. Send \`Authorization: Bearer <API key or OIDC token>\`; roles: ${roles.join(', ')}.`,
    },
    security: [{ [BEARER]: [] }],
  });
}
