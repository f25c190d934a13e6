import {
  type CadenceOverride,
  type CadencePolicy,
  type PayerClass,
  effectivePolicy,
} from '../domain/cadence';
import type { PayerRules } from '../domain/lifecycle';
import { DEFAULT_CADENCE_POLICY_ID } from '../shared/contracts';
import type { Queryable } from './pool';

export interface PayerRecord {
  payerId: string;
  name: string;
  payerClass: PayerClass;
  channel: string;
  /** The payer rule set (timely filing, appeals, prompt pay) this payer follows. */
  ruleSetId: string;
}

export async function findPayer(db: Queryable, payerId: string): Promise<PayerRecord | undefined> {
  const { rows } = await db.query<{
    payer_id: string;
    name: string;
    payer_class: PayerClass;
    channel: string;
    rule_set_id: string;
  }>('SELECT payer_id, name, payer_class, channel, rule_set_id FROM payers WHERE payer_id = $1', [payerId]);
  const row = rows[0];
  return (
    row && {
      payerId: row.payer_id,
      name: row.name,
      payerClass: row.payer_class,
      channel: row.channel,
      ruleSetId: row.rule_set_id,
    }
  );
}

export async function upsertPayers(db: Queryable, payers: readonly PayerRecord[]): Promise<void> {
  for (const payer of payers) {
    await db.query(
      `INSERT INTO payers (payer_id, name, payer_class, channel, rule_set_id) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (payer_id) DO UPDATE SET rule_set_id = COALESCE(payers.rule_set_id, EXCLUDED.rule_set_id)`,
      [payer.payerId, payer.name, payer.payerClass, payer.channel, payer.ruleSetId],
    );
  }
}

/**
 * Versioned reference data: each table keeps every version of a thing (a policy, a client's profile, a
 * payer's rule set) under its id column, with the effective date, the source and the whole body.
 */
const versionedTables = {
  cadence_policies: 'policy_id',
  client_cadence_profiles: 'client_id',
  payer_rule_sets: 'rule_set_id',
} as const;
type VersionedTable = keyof typeof versionedTables;

interface Versioned {
  id: string;
  version: number;
  effectiveFrom: string;
  source: string;
}

/** Inserts versions that are not there yet; an existing version is never rewritten. */
async function insertVersions(
  db: Queryable,
  table: VersionedTable,
  rows: readonly Versioned[],
): Promise<void> {
  const idColumn = versionedTables[table];
  for (const row of rows) {
    await db.query(
      `INSERT INTO ${table} (${idColumn}, version, effective_from, source, body) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (${idColumn}, version) DO NOTHING`,
      [row.id, row.version, row.effectiveFrom, row.source, row],
    );
  }
}

/** Saves `row` as the next version of `id` (a change is a new version); returns it with id and version. */
async function saveNextVersion<T>(
  db: Queryable,
  table: VersionedTable,
  id: string,
  row: Omit<Versioned, 'id' | 'version'>,
): Promise<T> {
  const idColumn = versionedTables[table];
  const { rows } = await db.query<{ body: T }>(
    `INSERT INTO ${table} (${idColumn}, version, effective_from, source, body)
     SELECT $1, COALESCE(MAX(version), 0) + 1, $2, $3,
            $4::jsonb || jsonb_build_object('id', $1::text, 'version', COALESCE(MAX(version), 0) + 1)
     FROM ${table} WHERE ${idColumn} = $1
     RETURNING body`,
    [id, row.effectiveFrom, row.source, JSON.stringify(row)],
  );
  return rows[0]!.body;
}

/** The newest version of `id`, whatever its effective date. */
async function newestVersion<T>(db: Queryable, table: VersionedTable, id: string): Promise<T | undefined> {
  const { rows } = await db.query<{ body: T }>(
    `SELECT body FROM ${table} WHERE ${versionedTables[table]} = $1 ORDER BY version DESC LIMIT 1`,
    [id],
  );
  return rows[0]?.body;
}

/** Inserts seeded cadence policy versions that are not there yet. */
export async function insertCadencePolicies(
  db: Queryable,
  policies: readonly CadencePolicy[],
): Promise<void> {
  await insertVersions(db, 'cadence_policies', policies);
}

/** The newest version of a cadence policy; decisions read it each time so changes reach running claims. */
export async function currentCadencePolicy(
  db: Queryable,
  policyId: string,
): Promise<CadencePolicy | undefined> {
  return newestVersion(db, 'cadence_policies', policyId);
}

/** The newest cadence profile of a client (a key account), if it has one. */
export async function currentClientProfile(
  db: Queryable,
  clientId: string,
): Promise<CadenceOverride | undefined> {
  return newestVersion(db, 'client_cadence_profiles', clientId);
}

/** Saves a client's cadence profile as a new version; returns it with its version number. */
export async function saveClientProfile(
  db: Queryable,
  clientId: string,
  profile: Omit<CadenceOverride, 'version' | 'id'>,
): Promise<CadenceOverride> {
  return saveNextVersion(db, 'client_cadence_profiles', clientId, profile);
}

/**
 * Seeds example key-account profiles under the client id of the same name (a demo client), leaving any
 * version already there alone.
 */
export async function insertClientProfiles(
  db: Queryable,
  profiles: readonly CadenceOverride[],
): Promise<void> {
  await insertVersions(db, 'client_cadence_profiles', profiles);
}

export async function insertPayerRuleSets(db: Queryable, ruleSets: readonly PayerRules[]): Promise<void> {
  await insertVersions(db, 'payer_rule_sets', ruleSets);
}

/** Saves a new version of a payer rule set (a rule change); returns it with its version number. */
export async function savePayerRuleSetVersion(
  db: Queryable,
  ruleSet: Omit<PayerRules, 'version'>,
): Promise<PayerRules> {
  return saveNextVersion(db, 'payer_rule_sets', ruleSet.id, ruleSet);
}

/** The cadence in force for a client's claims: the default policy with the client's profile applied. */
export async function currentCadenceFor(db: Queryable, clientId: string): Promise<CadencePolicy> {
  const base = await currentCadencePolicy(db, DEFAULT_CADENCE_POLICY_ID);
  if (!base) throw new Error(`Cadence policy "${DEFAULT_CADENCE_POLICY_ID}" is missing`);
  return effectivePolicy(base, await currentClientProfile(db, clientId));
}

/** The payer's rule set version in force at `at` (epoch ms). */
export async function currentPayerRules(
  db: Queryable,
  payerId: string,
  at: number,
): Promise<PayerRules | undefined> {
  const { rows } = await db.query<{ body: PayerRules }>(
    `SELECT r.body FROM payers p JOIN payer_rule_sets r ON r.rule_set_id = p.rule_set_id
     WHERE p.payer_id = $1 AND r.effective_from <= $2::date
     ORDER BY r.effective_from DESC, r.version DESC LIMIT 1`,
    [payerId, new Date(at).toISOString().slice(0, 10)],
  );
  return rows[0]?.body;
}
