import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
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

const json = <T extends z.ZodType>(schema: T) => ({ content: { 'application/json': { schema } } });

/** The OpenAPI description, generated from the same zod schemas that validate requests. */
export function buildOpenApiDocument(): ReturnType<OpenApiGeneratorV31['generateDocument']> {
  const registry = new OpenAPIRegistry();
  const claimIdParam = z.object({ claimId: z.string().openapi({ example: 'CLM-1001' }) });

  registry.registerPath({
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
  registry.registerPath({
    method: 'get',
    path: '/claims/{claimId}',
    summary: 'A claim, its follow-up phase, next check and timeline',
    request: { params: claimIdParam },
    responses: {
      200: { description: 'The claim', ...json(claimViewSchema) },
      404: { description: 'No such claim', ...json(errorSchema) },
    },
  });
  registry.registerPath({
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
      404: { description: 'No such claim', ...json(errorSchema) },
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/health',
    summary: 'Reachability of Temporal and PostgreSQL',
    responses: {
      200: { description: 'Both reachable', ...json(healthSchema) },
      503: { description: 'At least one is unreachable', ...json(healthSchema) },
    },
  });
  registry.registerPath({
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
  registry.registerPath({
    method: 'get',
    path: '/simulator/claims/{claimId}/requests',
    summary: 'Every request (status inquiries and submissions) the simulated payer received for a claim',
    request: { params: claimIdParam },
    responses: { 200: { description: 'Requests in arrival order', ...json(simulatorRequestsSchema) } },
  });
  registry.registerPath({
    method: 'put',
    path: '/simulator/payers/{payerId}/script',
    summary: "Script the simulated payer's answers for every claim of a payer that has no script of its own",
    request: { params: payerIdParamSchema, body: json(simulatorScriptSchema) },
    responses: {
      200: { description: 'Script saved', ...json(simulatorScriptSchema) },
      400: { description: 'Invalid script', ...json(errorSchema) },
    },
  });
  registry.registerPath({
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
  registry.registerPath({
    method: 'get',
    path: '/simulator/payers/{payerId}/behaviour',
    summary: "The simulated payer's behaviour for a payer (defaults when none was set)",
    request: { params: payerIdParamSchema },
    responses: { 200: { description: 'Current behaviour', ...json(simulatorPayerBehaviourSchema) } },
  });
  registry.registerPath({
    method: 'get',
    path: '/simulator/payers/{payerId}/requests',
    summary: 'The latest requests the simulated payer received for a payer',
    request: { params: payerIdParamSchema, query: simulatorRequestsQuerySchema },
    responses: { 200: { description: 'Requests in arrival order', ...json(simulatorRequestsSchema) } },
  });
  registry.registerPath({
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
    registry.registerPath({
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
  registry.registerPath({
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
    registry.registerPath({
      method: 'post',
      path: `/claims/{claimId}/actions/${action}`,
      summary: `People's action "${action}" on a claim (a workflow update with a synchronous validator)`,
      request: { params: claimIdParam, body: json(actionSchemas[action]) },
      responses: {
        200: {
          description: "The claim's view after the change was persisted",
          ...json(claimViewQueryResult),
        },
        400: { description: 'Invalid body; nothing was sent to the workflow', ...json(errorSchema) },
        404: { description: 'No such claim', ...json(errorSchema) },
        409: { description: "The claim's follow-up has ended", ...json(errorSchema) },
        422: { description: 'Refused by the workflow, with the reason', ...json(errorSchema) },
      },
    });
  }
  registry.registerPath({
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
  registry.registerPath({
    method: 'get',
    path: '/clients/{clientId}/cadence-profile',
    summary: "A client's current cadence profile",
    request: { params: z.object({ clientId: z.string() }) },
    responses: {
      200: { description: 'The newest version' },
      404: { description: 'No profile', ...json(errorSchema) },
    },
  });
  registry.registerPath({
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
  registerAppealPacketPaths(registry);

  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: { title: 'Tickler API', version: '0.1.0', description: 'Claim follow-up engine' },
  });
}
