import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { payerOutagesQuerySchema, payerOutagesSchema } from './payers';
import {
  payerIdParamSchema,
  simulatorBehaviourSchema,
  simulatorPayerBehaviourSchema,
  simulatorRequestsQuerySchema,
  simulatorRequestsSchema,
  simulatorScriptSchema,
} from './simulator';
import { claimViewSchema, createClaimSchema, errorSchema, healthSchema } from './schemas';
import { z } from 'zod';

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

  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: { title: 'Tickler API', version: '0.1.0', description: 'Claim follow-up engine' },
  });
}
