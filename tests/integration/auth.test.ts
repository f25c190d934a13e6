import { createHash, randomInt } from 'node:crypto';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type JWTPayload, SignJWT, exportJWK, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { actionNames } from '../../src/api/actions';
import { createApp } from '../../src/api/app';
import { roles } from '../../src/auth/actor';
import { publicPaths } from '../../src/auth/middleware';
import { createOidcVerifier } from '../../src/auth/oidc';
import { type Permission, can } from '../../src/auth/permissions';
import { createLogger } from '../../src/logger';
import { freePort } from '../support/ports';
import { concretePath, securedOperations, servedRoutes, serves } from '../support/routes';
import {
  type RunningSystem,
  createKey,
  getJson,
  postJson,
  registerScriptedClaim,
  startRoutes,
  startSystem,
  uniqueClaimId,
} from '../support/system';
import { build277 } from '../unit/edi/x12-builders';
import { authRoutes } from '../../src/api/auth';

const AUDIENCE = 'tickler-tests';

/** A local identity provider: a discovery document and a JWKS with one ES256 key, served over HTTP. */
interface IdentityProvider {
  issuer: string;
  jwksUrl: string;
  sign(
    claims: JWTPayload,
    options?: { expiresIn?: string | number; issuer?: string; audience?: string },
  ): Promise<string>;
  /** A token signed by a key the provider does not publish. */
  signWithUnknownKey(claims: JWTPayload): Promise<string>;
  close(): Promise<void>;
}

async function startIdentityProvider(): Promise<IdentityProvider> {
  const { publicKey, privateKey } = await generateKeyPair('ES256');
  const stranger = await generateKeyPair('ES256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'test-key-1', alg: 'ES256', use: 'sig' };
  let issuer = '';
  const server: Server = createServer((req, res) => {
    if (req.url === '/.well-known/openid-configuration') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ issuer, jwks_uri: `${issuer}/jwks` }));
    } else if (req.url === '/jwks') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ keys: [jwk] }));
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const build = (claims: JWTPayload, options: Parameters<IdentityProvider['sign']>[1] = {}) =>
    new SignJWT(claims)
      .setIssuer(options.issuer ?? issuer)
      .setAudience(options.audience ?? AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(options.expiresIn ?? '5m');
  return {
    issuer,
    jwksUrl: `${issuer}/jwks`,
    sign: (claims, options) =>
      build(claims, options).setProtectedHeader({ alg: 'ES256', kid: 'test-key-1' }).sign(privateKey),
    signWithUnknownKey: (claims) =>
      build(claims).setProtectedHeader({ alg: 'ES256', kid: 'test-key-1' }).sign(stranger.privateKey),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

let system: RunningSystem;
let idp: IdentityProvider;
const keys = {} as Record<(typeof roles)[number], string>;

beforeAll(async () => {
  idp = await startIdentityProvider();
  system = await startSystem({
    databaseUrl: inject('databaseUrl'),
    temporalAddress: inject('temporalAddress'),
    oidc: createOidcVerifier({
      issuer: idp.issuer,
      audience: AUDIENCE,
      roleClaim: 'roles',
      clientsClaim: 'tickler_clients',
      userClaim: 'preferred_username',
    }),
  });
  for (const role of roles) keys[role] = await createKey(system.db, { role, name: `${role}.tester` });
});

afterAll(async () => {
  await system?.stop();
  await idp?.close();
});

/** Values for every path parameter of the API, naming nothing that exists. */
const placeholders = {
  claimId: 'CLM-no-such-claim',
  clientId: 'no-such-client',
  payerId: 'sim-permission-probe',
  ruleSetId: 'no-such-rule-set',
  keyId: '0000000000000000',
  file: '00000000-0000-4000-8000-000000000000.pdf',
};

async function call(
  operation: { method: string; path: string },
  key: string | null,
): Promise<{ status: number; body: any; headers: Headers }> {
  const path = concretePath(operation.path, placeholders);
  return operation.method === 'GET'
    ? getJson(system.baseUrl, path, { key })
    : postJson(system.baseUrl, path, {}, { method: operation.method, key });
}

async function registerClaim(claimId: string, clientId = 'northside-clinic'): Promise<void> {
  await registerScriptedClaim(system.baseUrl, { claimId, clientId });
}

async function timeline(claimId: string): Promise<{ kind: string; actor: string; summary: string }[]> {
  const read = await getJson(system.baseUrl, `/claims/${claimId}`);
  expect(read.status).toBe(200);
  return read.body.timeline;
}

describe('sign-in', () => {
  it('every operation but the probes answers 401 without a credential, with a Bearer challenge', async () => {
    const operations = securedOperations();
    expect(operations.length).toBeGreaterThan(30);
    for (const operation of operations) {
      const answer = await call(operation, null);
      expect(answer.status, operation.key).toBe(401);
      expect(answer.headers.get('www-authenticate'), operation.key).toBe('Bearer realm="tickler"');
      expect(answer.body.error).toBe('unauthorized');
    }
    expect((await getJson(system.baseUrl, '/health', { key: null })).status).toBe(200);
  });

  it('every served route is documented with the permission it checks, and every documented operation is served', () => {
    const app = createApp({
      db: system.db,
      temporal: system.temporal,
      taskQueue: system.taskQueue,
      logger: createLogger('silent'),
    });
    const served = servedRoutes(app);
    const operations = securedOperations();
    for (const route of served) {
      if (publicPaths.includes(route.path)) continue;
      expect(route.permissions, `${route.method} ${route.path} checks one permission`).toHaveLength(1);
      const documented = operations.filter(
        (operation) => operation.method === route.method && serves(route.path, operation.path),
      );
      expect(documented.length, `${route.method} ${route.path} is in the OpenAPI document`).toBeGreaterThan(
        0,
      );
    }
    for (const operation of operations) {
      const route = served.find((r) => r.method === operation.method && serves(r.path, operation.path));
      expect(route, `${operation.key} is served`).toBeDefined();
      expect(route!.permissions, operation.key).toEqual([operation.permission]);
    }
  });

  it('a malformed, unknown, revoked or expired API key is a 401 that says which only to the holder of its secret', async () => {
    const me = (key: string) => getJson(system.baseUrl, '/auth/me', { key });
    const valid = await createKey(system.db, { role: 'specialist', name: 'soon.gone' });

    const malformed = await me('tkl_not-a-key');
    expect(malformed.status).toBe(401);
    expect(malformed.body.message).toBe('The API key is not well formed');
    expect(malformed.headers.get('www-authenticate')).toMatch(
      /^Bearer realm="tickler", error="invalid_token"/,
    );

    const wrongSecret = `${valid.slice(0, -4)}AAAA`;
    expect((await me(wrongSecret)).body.message).toBe('The API key is not valid');
    expect((await me(`tkl_${'1'.repeat(16)}_${valid.slice(-43)}`)).body.message).toBe(
      'The API key is not valid',
    );

    expect((await me(valid)).status).toBe(200);
    const keyId = valid.split('_')[1]!;
    await system.db.query(`UPDATE api_keys SET expires_at = now() - interval '1 minute' WHERE key_id = $1`, [
      keyId,
    ]);
    expect(await me(valid)).toMatchObject({ status: 401, body: { message: 'The API key has expired' } });
    const revoked = await postJson(system.baseUrl, `/auth/keys/${keyId}`, {}, 'DELETE');
    expect(revoked.body.status).toBe('revoked');
    expect(await me(valid)).toMatchObject({ status: 401, body: { message: 'The API key has been revoked' } });
    // Someone guessing at the key id learns nothing of its state.
    expect((await me(wrongSecret)).body.message).toBe('The API key is not valid');

    const basic = await getJson(system.baseUrl, '/auth/me', {
      key: null,
      headers: { authorization: 'Basic dXNlcjpwYXNz' },
    });
    expect(basic.status).toBe(401);
    expect(basic.body.message).toMatch(/Bearer/);
  });
});

describe('roles', () => {
  it('each role is refused, with a 403 naming the permission, exactly the operations the matrix denies it', async () => {
    for (const operation of securedOperations()) {
      const permission = operation.permission as Permission;
      for (const role of roles) {
        const answer = await call(operation, keys[role]);
        if (can(role, permission)) {
          expect([401, 403], `${role} ${operation.key}`).not.toContain(answer.status);
        } else {
          expect(answer.status, `${role} ${operation.key}`).toBe(403);
          expect(answer.body).toMatchObject({ error: 'forbidden', permission });
          expect(answer.body.message).toContain(permission);
        }
      }
    }
  });

  it('GET /auth/me answers who the credential is and what its role may do', async () => {
    const me = await getJson(system.baseUrl, '/auth/me', { key: keys.lead });
    expect(me.body).toEqual({
      id: 'lead.tester',
      role: 'lead',
      clients: 'all',
      via: 'api_key',
      permissions: expect.arrayContaining(['claims.write_off', 'reference.write', 'claims.act']),
    });
    expect(me.body.permissions).not.toContain('audit.read');
  });

  it('a specialist acts on a claim but cannot write it off; a lead can; the timeline names each by their credential, never by the body', async () => {
    const claimId = uniqueClaimId();
    await registerClaim(claimId);
    const note = await postJson(
      system.baseUrl,
      `/claims/${claimId}/actions/addNote`,
      { text: 'Called the payer' },
      { key: keys.specialist },
    );
    expect(note.status).toBe(200);
    const impersonating = await postJson(
      system.baseUrl,
      `/claims/${claimId}/actions/addNote`,
      { author: 'the.ceo', text: 'Approved' },
      { key: keys.specialist },
    );
    expect(impersonating.status).toBe(400);
    expect(impersonating.body.fields[0].message).toMatch(/author/);

    const refused = await postJson(
      system.baseUrl,
      `/claims/${claimId}/actions/close`,
      { reason: 'written_off' },
      { key: keys.specialist },
    );
    expect(refused).toMatchObject({
      status: 403,
      body: { error: 'forbidden', permission: 'claims.write_off' },
    });
    const parties = await postJson(
      system.baseUrl,
      `/claims/${claimId}/parties`,
      {
        subscriber: { lastName: 'FAKEPATIENT', memberId: 'ZZM77' },
        billingProvider: { name: 'NORTHSIDE TEST CLINIC', npi: '1234567893' },
      },
      { method: 'PUT', key: keys.specialist },
    );
    expect(parties.status).toBe(200);

    const closed = await postJson(
      system.baseUrl,
      `/claims/${claimId}/actions/close`,
      { reason: 'written_off', note: 'small balance' },
      { key: keys.lead },
    );
    expect(closed.status).toBe(200);
    const events = await timeline(claimId);
    expect(events.map((event) => [event.kind, event.actor])).toEqual(
      expect.arrayContaining([
        ['claim_received', 'test-admin'],
        ['note', 'specialist.tester'],
        ['parties_updated', 'specialist.tester'],
        ['closed', 'lead.tester'],
      ]),
    );
    expect(JSON.stringify(events)).not.toContain('the.ceo');
  });

  it('an unknown action, a name from the object prototype included, is a 404 listing the actions', async () => {
    const claimId = uniqueClaimId();
    await registerClaim(claimId);
    for (const action of ['toString', 'constructor', 'hasOwnProperty', '__proto__', 'valueOf', 'archive']) {
      const answer = await postJson(system.baseUrl, `/claims/${claimId}/actions/${action}`, {});
      expect(answer.status, action).toBe(404);
      expect(answer.body.message).toContain(actionNames.join(', '));
    }
  });

  it('the ingestion role posts X12 files and can do nothing else', async () => {
    const claimId = uniqueClaimId();
    await registerClaim(claimId);
    const file = build277(randomInt(1, 999_999_999), [
      { traceNumber: claimId, patientControlNumber: claimId, category: 'P1', code: '20' },
    ]);
    const posted = await fetch(`${system.baseUrl}/ingest/277`, {
      method: 'POST',
      headers: { 'content-type': 'application/edi-x12', authorization: `Bearer ${keys.ingestion}` },
      body: file,
    });
    expect(posted.status).toBe(201);
    expect(((await posted.json()) as any).claims).toEqual([
      expect.objectContaining({ claimId, outcome: 'signalled' }),
    ]);
    for (const path of [`/claims/${claimId}`, '/auth/me', '/ingest/unmatched', '/openapi.json']) {
      expect((await getJson(system.baseUrl, path, { key: keys.ingestion })).status, path).toBe(403);
    }
  });
});

describe('API keys', () => {
  it('an admin creates a key that is shown once and stored hashed, lists it without its secret, and revokes it', async () => {
    const created = await postJson(system.baseUrl, '/auth/keys', {
      name: 'clearinghouse-upload',
      role: 'ingestion',
      clients: ['northside-clinic', 'eastside-clinic'],
    });
    expect(created.status).toBe(201);
    const { key, keyId } = created.body;
    expect(key).toMatch(/^tkl_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
    expect(created.body).toMatchObject({
      name: 'clearinghouse-upload',
      role: 'ingestion',
      clients: ['eastside-clinic', 'northside-clinic'],
      status: 'active',
      createdBy: 'test-admin',
    });

    const { rows } = await system.db.query('SELECT * FROM api_keys WHERE key_id = $1', [keyId]);
    expect(rows[0].secret_sha256).toEqual(
      createHash('sha256').update(key.split('_').slice(2).join('_')).digest(),
    );
    expect(JSON.stringify(rows[0])).not.toContain(key.split('_').slice(2).join('_'));

    const listed = await getJson(system.baseUrl, '/auth/keys');
    const entry = listed.body.keys.find((k: { keyId: string }) => k.keyId === keyId);
    expect(entry).toMatchObject({ name: 'clearinghouse-upload', status: 'active' });
    expect(entry.key).toBeUndefined();
    expect(JSON.stringify(listed.body)).not.toContain(key);

    const revoked = await postJson(system.baseUrl, `/auth/keys/${keyId}`, {}, 'DELETE');
    expect(revoked.body).toMatchObject({ keyId, status: 'revoked', revokedBy: 'test-admin' });
    const again = await postJson(system.baseUrl, `/auth/keys/${keyId}`, {}, 'DELETE');
    expect(again.body.revokedAt).toBe(revoked.body.revokedAt);
    expect((await getJson(system.baseUrl, '/auth/keys')).body.keys.map((k: any) => k.keyId)).not.toContain(
      keyId,
    );
    const all = await getJson(system.baseUrl, '/auth/keys?inactive=true');
    expect(all.body.keys.find((k: { keyId: string }) => k.keyId === keyId).status).toBe('revoked');
    expect((await postJson(system.baseUrl, '/auth/keys/ffffffffffffffff', {}, 'DELETE')).status).toBe(404);
  });

  it('refuses a key request naming each field at fault', async () => {
    const bad = await postJson(system.baseUrl, '/auth/keys', {
      name: 'no spaces please',
      role: 'boss',
      clients: [],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.fields.map((f: { field: string }) => f.field).sort()).toEqual([
      'clients',
      'name',
      'role',
    ]);
    const past = await postJson(system.baseUrl, '/auth/keys', {
      name: 'late',
      role: 'lead',
      clients: 'all',
      expiresAt: '2020-01-01T00:00:00Z',
    });
    expect(past).toMatchObject({ status: 400, body: { fields: [{ field: 'expiresAt' }] } });
    const expiring = await postJson(system.baseUrl, '/auth/keys', {
      name: 'temporary.auditor',
      role: 'manager',
      clients: 'all',
      expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
    });
    expect(expiring.status).toBe(201);
    expect((await getJson(system.baseUrl, '/auth/me', { key: expiring.body.key })).body.role).toBe('manager');
  });
});

describe('OIDC bearer tokens', () => {
  const me = (token: string) => getJson(system.baseUrl, '/auth/me', { key: token });

  it('a token signed by the issuer for our audience signs in with the role and clients its claims name', async () => {
    const token = await idp.sign({
      sub: 'user-8812',
      preferred_username: 'jane.doe',
      roles: ['offline_access', 'specialist'],
      tickler_clients: ['northside-clinic'],
    });
    const answer = await me(token);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      id: 'jane.doe',
      role: 'specialist',
      clients: ['northside-clinic'],
      via: 'oidc',
    });

    const widest = await idp.sign({
      sub: 'user-1',
      preferred_username: 'max.manager',
      roles: ['specialist', 'manager', 'lead'],
      tickler_clients: '*',
    });
    expect((await me(widest)).body).toMatchObject({ role: 'manager', clients: 'all' });

    // The user's note is theirs on the timeline; another client's claim is not found.
    const own = uniqueClaimId();
    const other = uniqueClaimId();
    await registerClaim(own, 'northside-clinic');
    await registerClaim(other, 'eastside-clinic');
    const noted = await postJson(
      system.baseUrl,
      `/claims/${own}/actions/addNote`,
      { text: 'Portal says pending' },
      { key: token },
    );
    expect(noted.status).toBe(200);
    expect((await timeline(own)).find((event) => event.kind === 'note')).toMatchObject({
      actor: 'jane.doe',
      summary: 'Portal says pending',
    });
    expect((await getJson(system.baseUrl, `/claims/${other}`, { key: token })).status).toBe(404);
  });

  it('an expired, foreign, mis-addressed or unsigned token is a 401; a token without a Tickler role is a 403', async () => {
    const claims = { sub: 'user-2', preferred_username: 'x.user', roles: ['lead'], tickler_clients: ['a'] };
    const expired = await me(await idp.sign(claims, { expiresIn: Math.floor(Date.now() / 1000) - 120 }));
    expect(expired).toMatchObject({ status: 401, body: { message: 'The token has expired' } });
    expect(expired.headers.get('www-authenticate')).toContain('error="invalid_token"');

    const wrongAudience = await me(await idp.sign(claims, { audience: 'another-app' }));
    expect(wrongAudience).toMatchObject({ status: 401, body: { message: expect.stringContaining('"aud"') } });
    const wrongIssuer = await me(await idp.sign(claims, { issuer: 'https://issuer.invalid' }));
    expect(wrongIssuer).toMatchObject({ status: 401, body: { message: expect.stringContaining('"iss"') } });
    expect((await me(await idp.signWithUnknownKey(claims))).status).toBe(401);
    const unsigned = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(
      JSON.stringify({ ...claims, iss: idp.issuer, aud: AUDIENCE }),
    ).toString('base64url')}.`;
    expect((await me(unsigned)).status).toBe(401);
    expect((await me('not-a-token')).status).toBe(401);

    const roleless = await me(await idp.sign({ ...claims, roles: ['offline_access'] }));
    expect(roleless).toMatchObject({ status: 403, body: { error: 'no_role' } });
  });

  it('reads the keys from OIDC_JWKS_URL when set, and answers 503 when the identity provider cannot be reached', async () => {
    const settings = {
      issuer: idp.issuer,
      audience: AUDIENCE,
      roleClaim: 'realm_access.roles',
      clientsClaim: 'tickler_clients',
      userClaim: 'sub',
    };
    const direct = await startRoutes(system.db, [authRoutes({ db: system.db })], {
      oidc: createOidcVerifier({ ...settings, jwksUrl: idp.jwksUrl }),
    });
    const closedPort = await freePort();
    const unreachable = await startRoutes(system.db, [authRoutes({ db: system.db })], {
      oidc: createOidcVerifier({ ...settings, jwksUrl: `http://127.0.0.1:${closedPort}/jwks` }),
    });
    try {
      const token = await idp.sign({
        sub: 'svc-7',
        realm_access: { roles: ['admin'] },
        tickler_clients: ['*'],
      });
      expect((await getJson(direct.url, '/auth/me', { key: token })).body).toMatchObject({
        id: 'svc-7',
        role: 'admin',
        clients: 'all',
      });
      const down = await getJson(unreachable.url, '/auth/me', { key: token });
      expect(down.status).toBe(503);
      expect(down.body.error).toBe('identity_provider_unavailable');
      // API keys still work while the identity provider is down.
      expect((await getJson(unreachable.url, '/auth/me')).status).toBe(200);
    } finally {
      await direct.close();
      await unreachable.close();
    }
  });
});
