import type { CadencePolicy, PayerClass } from '../domain/cadence';
import type { Queryable } from './pool';

export interface PayerRecord {
  payerId: string;
  name: string;
  payerClass: PayerClass;
  channel: string;
}

export async function findPayer(db: Queryable, payerId: string): Promise<PayerRecord | undefined> {
  const { rows } = await db.query<{
    payer_id: string;
    name: string;
    payer_class: PayerClass;
    channel: string;
  }>('SELECT payer_id, name, payer_class, channel FROM payers WHERE payer_id = $1', [payerId]);
  const row = rows[0];
  return row && { payerId: row.payer_id, name: row.name, payerClass: row.payer_class, channel: row.channel };
}

export async function upsertPayers(db: Queryable, payers: readonly PayerRecord[]): Promise<void> {
  for (const payer of payers) {
    await db.query(
      `INSERT INTO payers (payer_id, name, payer_class, channel) VALUES ($1, $2, $3, $4)
       ON CONFLICT (payer_id) DO NOTHING`,
      [payer.payerId, payer.name, payer.payerClass, payer.channel],
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
