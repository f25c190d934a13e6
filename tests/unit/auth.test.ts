import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { roles } from '../../src/auth/actor';
import { actorFromClaims, claimAt } from '../../src/auth/oidc';
import {
  can,
  permissionNames,
  permissionTableMarkdown,
  permissionTableRows,
  permissionsOf,
} from '../../src/auth/permissions';
import { type ConfigError, loadConfig } from '../../src/config';

describe('the permission matrix', () => {
  it('is the table of docs/security.md', () => {
    const doc = readFileSync(path.resolve('docs/security.md'), 'utf8');
    const section = /<!-- permissions:begin -->([\s\S]*?)<!-- permissions:end -->/.exec(doc)?.[1] ?? '';
    const documented = section
      .split('\n')
      .filter((line) => line.startsWith('|') && !/^\|\s*-/.test(line))
      .slice(1)
      .map((line) =>
        line
          .slice(1, -1)
          .split('|')
          .map((cell) => cell.trim()),
      );
    expect(
      documented,
      `docs/security.md differs from src/auth/permissions.ts; the table is:\n${permissionTableMarkdown()}`,
    ).toEqual(permissionTableRows());
  });

  it('lets only a lead or above write off, bulk-act or change reference data', () => {
    for (const permission of ['claims.write_off', 'claims.bulk', 'reference.write'] as const) {
      expect(roles.filter((role) => can(role, permission))).toEqual(['lead', 'manager', 'admin']);
    }
  });

  it('gives the ingestion role X12 uploads and nothing else', () => {
    expect(permissionsOf('ingestion')).toEqual(['ingest.x12']);
  });

  it('lets managers and admins read the audit log and only admins manage keys', () => {
    expect(roles.filter((role) => can(role, 'audit.read'))).toEqual(['manager', 'admin']);
    expect(roles.filter((role) => can(role, 'keys.manage'))).toEqual(['admin']);
  });

  it('grants each wider staff role everything the narrower one has', () => {
    const staff = ['specialist', 'lead', 'manager', 'admin'] as const;
    for (let i = 1; i < staff.length; i += 1) {
      const narrower = permissionsOf(staff[i - 1]!).filter((p) => p !== 'ingest.x12');
      expect(permissionsOf(staff[i]!)).toEqual(expect.arrayContaining(narrower));
    }
    expect(permissionsOf('admin')).toEqual(permissionNames);
  });
});

describe('OIDC claims to an actor', () => {
  const settings = { roleClaim: 'roles', clientsClaim: 'tickler_clients', userClaim: 'email' };

  it.each([
    [{ roles: 'lead' }, 'lead'],
    [{ roles: ['offline_access', 'specialist'] }, 'specialist'],
    [{ roles: ['specialist', 'admin', 'lead'] }, 'admin'],
    [{ roles: 'ingestion specialist' }, 'specialist'],
  ])('%j gives the role %s (the widest named)', (claims, role) => {
    const signIn = actorFromClaims({ email: 'a@b.example', sub: 's1', ...claims }, settings);
    expect(signIn).toMatchObject({ ok: true, actor: { role, id: 'a@b.example', credential: 'oidc:s1' } });
  });

  it.each([
    [{ tickler_clients: ['north', 'east', 'north'] }, ['north', 'east']],
    [{ tickler_clients: 'north, east' }, ['north', 'east']],
    [{ tickler_clients: ['*'] }, 'all'],
    [{ tickler_clients: '*' }, 'all'],
    [{}, []],
  ])('%j gives the clients %j (none when the claim is absent)', (claims, clients) => {
    const signIn = actorFromClaims({ email: 'a@b.example', roles: 'lead', ...claims }, settings);
    expect(signIn).toMatchObject({ ok: true, actor: { clients } });
  });

  it('refuses a token without a Tickler role, without a user, or with clients that are not a list', () => {
    expect(actorFromClaims({ email: 'a@b.example', roles: ['viewer'] }, settings)).toMatchObject({
      ok: false,
      problem: 'no_role',
    });
    expect(actorFromClaims({ roles: 'lead' }, settings)).toMatchObject({ ok: false, problem: 'invalid' });
    expect(
      actorFromClaims({ email: 'a@b.example', roles: 'lead', tickler_clients: { north: true } }, settings),
    ).toMatchObject({ ok: false, problem: 'invalid' });
  });

  it('reads nested claims by a dotted path, and a flat claim whose name has dots', () => {
    expect(claimAt({ realm_access: { roles: ['lead'] } }, 'realm_access.roles')).toEqual(['lead']);
    expect(claimAt({ 'https://tickler.example/roles': 'admin' }, 'https://tickler.example/roles')).toBe(
      'admin',
    );
    expect(claimAt({ realm_access: 'x' }, 'realm_access.roles')).toBeUndefined();
  });
});

describe('OIDC configuration', () => {
  const problems = (env: Record<string, string>): string[] => {
    try {
      loadConfig(env);
      return [];
    } catch (error) {
      return (error as ConfigError).problems.map(String);
    }
  };

  it('needs the issuer and the audience together', () => {
    expect(problems({ OIDC_ISSUER: 'https://login.example.org/realms/billing' })[0]).toMatch(/OIDC_AUDIENCE/);
    expect(problems({ OIDC_AUDIENCE: 'tickler' })[0]).toMatch(/OIDC_ISSUER/);
    expect(problems({ OIDC_JWKS_URL: 'https://login.example.org/jwks' })[0]).toMatch(/OIDC_JWKS_URL/);
    expect(problems({ OIDC_ISSUER: 'https://login.example.org', OIDC_AUDIENCE: 'tickler' })).toEqual([]);
  });

  it('refuses an issuer or key URL over plain http, except on localhost', () => {
    expect(problems({ OIDC_ISSUER: 'http://login.example.org', OIDC_AUDIENCE: 'tickler' })[0]).toMatch(
      /OIDC_ISSUER: must be https/,
    );
    expect(problems({ OIDC_ISSUER: 'http://localhost:8080/realms/dev', OIDC_AUDIENCE: 'tickler' })).toEqual(
      [],
    );
    expect(
      problems({
        OIDC_ISSUER: 'https://login.example.org',
        OIDC_AUDIENCE: 'tickler',
        OIDC_JWKS_URL: 'http://keys.example.org/jwks',
      })[0],
    ).toMatch(/OIDC_JWKS_URL/);
  });

  it('has defaults for the claims it reads', () => {
    expect(loadConfig({})).toMatchObject({
      OIDC_ROLE_CLAIM: 'roles',
      OIDC_CLIENTS_CLAIM: 'tickler_clients',
      OIDC_USER_CLAIM: 'sub',
    });
  });
});
