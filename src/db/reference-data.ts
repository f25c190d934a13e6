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

/** Inserts policy versions that are not there yet; an existing version is never rewritten. */
export async function insertCadencePolicies(
  db: Queryable,
  policies: readonly CadencePolicy[],
): Promise<void> {
  for (const policy of policies) {
    await db.query(
      `INSERT INTO cadence_policies (policy_id, version, effective_from, source, body) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (policy_id, version) DO NOTHING`,
      [policy.id, policy.version, policy.effectiveFrom, policy.source, policy],
    );
  }
}

/** The newest version of a cadence policy; decisions read it each time so changes reach running claims. */
export async function currentCadencePolicy(
  db: Queryable,
  policyId: string,
): Promise<CadencePolicy | undefined> {
  const { rows } = await db.query<{ body: CadencePolicy }>(
    'SELECT body FROM cadence_policies WHERE policy_id = $1 ORDER BY version DESC LIMIT 1',
    [policyId],
  );
  return rows[0]?.body;
}

/** The newest cadence profile of a client (a key account), if it has one. */
export async function currentClientProfile(
  db: Queryable,
  clientId: string,
): Promise<CadenceOverride | undefined> {
  const { rows } = await db.query<{ body: CadenceOverride }>(
    'SELECT body FROM client_cadence_profiles WHERE client_id = $1 ORDER BY version DESC LIMIT 1',
    [clientId],
  );
  return rows[0]?.body;
}

/** Saves a client's cadence profile as a new version; returns it with its version number. */
export async function saveClientProfile(
  db: Queryable,
  clientId: string,
  profile: Omit<CadenceOverride, 'version' | 'id'>,
): Promise<CadenceOverride> {
  const { rows } = await db.query<{ body: CadenceOverride }>(
    `INSERT INTO client_cadence_profiles (client_id, version, effective_from, source, body)
     SELECT $1, COALESCE(MAX(version), 0) + 1, $2, $3,
            $4::jsonb || jsonb_build_object('id', $1::text, 'version', COALESCE(MAX(version), 0) + 1)
     FROM client_cadence_profiles WHERE client_id = $1
     RETURNING body`,
    [clientId, profile.effectiveFrom, profile.source, JSON.stringify(profile)],
  );
  return rows[0]!.body;
}

/** The cadence in force for a client's claims: the default policy with the client's profile applied. */
export async function currentCadenceFor(db: Queryable, clientId: string): Promise<CadencePolicy> {
  const base = await currentCadencePolicy(db, DEFAULT_CADENCE_POLICY_ID);
  if (!base) throw new Error(`Cadence policy "${DEFAULT_CADENCE_POLICY_ID}" is missing`);
  return effectivePolicy(base, await currentClientProfile(db, clientId));
}

export async function insertPayerRuleSets(db: Queryable, ruleSets: readonly PayerRules[]): Promise<void> {
  for (const ruleSet of ruleSets) {
    await db.query(
      `INSERT INTO payer_rule_sets (rule_set_id, version, effective_from, source, body) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (rule_set_id, version) DO NOTHING`,
      [ruleSet.id, ruleSet.version, ruleSet.effectiveFrom, ruleSet.source, ruleSet],
    );
  }
}

/** Saves a new version of a payer rule set (a rule change); returns it with its version number. */
export async function savePayerRuleSetVersion(
  db: Queryable,
  ruleSet: Omit<PayerRules, 'version'>,
): Promise<PayerRules> {
  const { rows } = await db.query<{ body: PayerRules }>(
    `INSERT INTO payer_rule_sets (rule_set_id, version, effective_from, source, body)
     SELECT $1, COALESCE(MAX(version), 0) + 1, $2, $3,
            $4::jsonb || jsonb_build_object('version', COALESCE(MAX(version), 0) + 1)
     FROM payer_rule_sets WHERE rule_set_id = $1
     RETURNING body`,
    [ruleSet.id, ruleSet.effectiveFrom, ruleSet.source, JSON.stringify(ruleSet)],
  );
  return rows[0]!.body;
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

/**
 * Seeds example key-account profiles under the client id of the same name (a demo client), leaving
 * any version already there alone.
 */
export async function insertClientProfiles(
  db: Queryable,
  profiles: readonly CadenceOverride[],
): Promise<void> {
  for (const profile of profiles) {
    await db.query(
      `INSERT INTO client_cadence_profiles (client_id, version, effective_from, source, body) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (client_id, version) DO NOTHING`,
      [profile.id, profile.version, profile.effectiveFrom, profile.source, profile],
    );
  }
}
