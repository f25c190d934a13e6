import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { simulatorScriptSchema } from './simulator';
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
    summary: 'Every status inquiry the simulated payer received for a claim',
    request: { params: claimIdParam },
    responses: { 200: { description: 'Requests in arrival order' } },
  });

  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: { title: 'Tickler API', version: '0.1.0', description: 'Claim follow-up engine' },
  });
}
