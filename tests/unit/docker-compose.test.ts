import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';
import { configVariableNames, loadConfig } from '../../src/config';
import { ticklerSearchAttributes } from '../../src/shared/search-attributes';

/** The part of the Compose file format these checks read; anything else passes through. */
const environmentSchema = z.union([
  z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
  z.array(z.string()),
]);
const serviceSchema = z
  .object({
    image: z.string().optional(),
    build: z.unknown().optional(),
    restart: z.string().optional(),
    environment: environmentSchema.optional(),
    depends_on: z
      .union([z.array(z.string()), z.record(z.string(), z.looseObject({ condition: z.string().optional() }))])
      .optional(),
    healthcheck: z
      .looseObject({
        test: z.union([z.string(), z.array(z.string())]).optional(),
        disable: z.boolean().optional(),
      })
      .optional(),
    command: z.union([z.string(), z.array(z.string())]).optional(),
  })
  .loose();
type Service = z.infer<typeof serviceSchema>;

const composePath = path.join(__dirname, '..', '..', 'docker-compose.yml');
// Compose resolves YAML merge keys (`<<: *anchor`); the yaml package does so only when asked.
const compose = z
  .looseObject({ services: z.record(z.string(), serviceSchema) })
  .parse(parse(readFileSync(composePath, 'utf8'), { merge: true }));

const appServices = ['api', 'worker'] as const;
const setupServiceName = 'temporal-setup';
/** Services that run once and exit; every other service runs for as long as the stack does. */
const oneShotServices = [setupServiceName];
/** Long-running services without a healthcheck, each with the reason. */
const healthcheckExemptions: Record<string, string> = {
  'temporal-ui':
    'nothing waits on it and claims are processed without it; `docker compose ps` shows whether it runs',
};

function service(name: string): Service {
  const found = compose.services[name];
  if (!found) throw new Error(`docker-compose.yml has no service "${name}"`);
  return found;
}

/** Variables a service sets, from either form of `environment`: a map, or a list of `NAME=value`. */
function environmentOf(svc: Service): Map<string, string | undefined> {
  const env = svc.environment;
  if (env === undefined) return new Map();
  if (Array.isArray(env)) {
    return new Map(
      env.map((entry) => {
        const at = entry.indexOf('=');
        return at === -1 ? [entry, undefined] : [entry.slice(0, at), entry.slice(at + 1)];
      }),
    );
  }
  return new Map(
    Object.entries(env).map(([name, value]) => [name, value === null ? undefined : String(value)]),
  );
}

/** The tag of an image reference (`registry:5000/repo:tag@sha256:...`), or undefined when it has none. */
function imageTag(image: string): string | undefined {
  const withoutDigest = image.split('@')[0] ?? '';
  const colon = withoutDigest.lastIndexOf(':');
  return colon > withoutDigest.lastIndexOf('/') ? withoutDigest.slice(colon + 1) : undefined;
}

function hasHealthcheck(svc: Service): boolean {
  const check = svc.healthcheck;
  if (!check || check.disable === true || check.test === undefined) return false;
  const test = Array.isArray(check.test) ? check.test : [check.test];
  return test.length > 0 && test[0] !== 'NONE';
}

describe('docker-compose.yml', () => {
  it('reads variable names from both the map and the list form of environment', () => {
    expect([...environmentOf({ environment: { LOG_LEVEL: 'info', API_PORT: 3000 } }).keys()]).toEqual([
      'LOG_LEVEL',
      'API_PORT',
    ]);
    expect([
      ...environmentOf({ environment: ['LOG_LEVEL=info', 'DATABASE_URL=postgres://a=b', 'API_HOST'] }),
    ]).toEqual([
      ['LOG_LEVEL', 'info'],
      ['DATABASE_URL', 'postgres://a=b'],
      ['API_HOST', undefined],
    ]);
  });

  it.each(appServices)('sets on %s only environment variables that src/config.ts reads', (name) => {
    const names = [...environmentOf(service(name)).keys()];
    expect(names.length).toBeGreaterThan(0);
    expect(names.filter((variable) => !configVariableNames.includes(variable))).toEqual([]);
  });

  it.each(appServices)(
    'gives %s a configuration that loads when .env holds only the required passwords',
    (name) => {
      // Compose interpolation as with an .env of passwords only: `${X:-default}` → default, `${X:?…}` → a value.
      const resolve = (value: string | undefined): string | undefined =>
        value?.replace(/\$\{[A-Z0-9_]+:-([^}]*)\}/g, '$1').replace(/\$\{[A-Z0-9_]+:\?[^}]*\}/g, 'password');
      const env = Object.fromEntries(
        [...environmentOf(service(name))].map(([key, value]) => [key, resolve(value)]),
      );
      const config = loadConfig(env);
      expect(config.TEMPORAL_ADDRESS).toBe('temporal:7233');
      expect(config.PAYER_ROUTES).toEqual({ routes: {}, default: ['simulated'] });
      expect(config.X12_CLEARINGHOUSE_URL).toBeUndefined();
    },
  );

  it('recognises a missing or latest image tag', () => {
    expect(imageTag('postgres')).toBeUndefined();
    expect(imageTag('registry.local:5000/postgres')).toBeUndefined();
    expect(imageTag('postgres:latest')).toBe('latest');
    expect(imageTag('registry.local:5000/temporalio/ui:2.42.1@sha256:abc')).toBe('2.42.1');
  });

  it('pins every image to an explicit version tag, never latest, and builds the rest', () => {
    for (const [name, svc] of Object.entries(compose.services)) {
      if (svc.image === undefined) {
        expect(svc.build, `${name} has neither image nor build`).toBeDefined();
        continue;
      }
      const tag = imageTag(svc.image);
      expect(tag, `${name}: ${svc.image}`).toMatch(/\d/);
      expect(tag, `${name}: ${svc.image}`).not.toBe('latest');
    }
  });

  it('gives every long-running service a healthcheck unless it is exempt for a stated reason', () => {
    for (const name of Object.keys(healthcheckExemptions)) {
      expect(compose.services, `stale exemption for ${name}`).toHaveProperty([name]);
    }
    const missing = Object.entries(compose.services)
      .filter(([name]) => !oneShotServices.includes(name) && !(name in healthcheckExemptions))
      .filter(([, svc]) => !hasHealthcheck(svc))
      .map(([name]) => name);
    expect(missing).toEqual([]);
  });

  it('never restarts the one-shot setup service, so it can finish', () => {
    for (const name of oneShotServices) {
      expect([undefined, 'no']).toContain(service(name).restart);
    }
  });

  it.each(appServices)('starts %s only once both databases and Temporal are healthy', (name) => {
    const dependsOn = service(name).depends_on;
    expect(dependsOn).toBeDefined();
    expect(Array.isArray(dependsOn), 'depends_on needs the long form to carry conditions').toBe(false);
    expect(dependsOn).toMatchObject({
      'app-db': { condition: 'service_healthy' },
      temporal: { condition: 'service_healthy' },
    });
    // The Temporal database is reached through Temporal, which itself waits for it to be healthy.
    expect(service('temporal').depends_on).toMatchObject({ 'temporal-db': { condition: 'service_healthy' } });
  });

  it('registers exactly the search attributes declared in src/shared/search-attributes.ts', () => {
    const setup = service(setupServiceName);
    const declared = (environmentOf(setup).get('TICKLER_SEARCH_ATTRIBUTES') ?? '').trim().split(/\s+/);
    const expected = ticklerSearchAttributes.map(({ name, type }) => `${name}=${type}`);
    expect(new Set(declared).size).toBe(declared.length);
    expect([...declared].sort()).toEqual([...expected].sort());
    // The script registers what the variable lists (`$$` is compose's escape for the shell's `$`).
    const script = [setup.command ?? []].flat().join('\n');
    expect(script).toContain('for pair in $$TICKLER_SEARCH_ATTRIBUTES');
    expect(script).toContain('temporal operator search-attribute create');
  });

  it('registers the search attributes in the namespace and on the server the app services use', () => {
    const setupEnv = environmentOf(service(setupServiceName));
    for (const name of appServices) {
      const env = environmentOf(service(name));
      expect(env.get('TEMPORAL_ADDRESS'), name).toBe(setupEnv.get('TEMPORAL_ADDRESS'));
      expect(env.get('TEMPORAL_NAMESPACE'), name).toBe(setupEnv.get('TEMPORAL_NAMESPACE'));
    }
  });

  it('checks the API health on the host and port the API listens on', () => {
    const api = service('api');
    const env = environmentOf(api);
    expect(env.get('API_HOST')).toBe('0.0.0.0');
    const test = [api.healthcheck?.test ?? []].flat().join(' ');
    expect(test).toContain(`http://127.0.0.1:${env.get('API_PORT')}/health`);
  });
});
