import { seedCadenceOverrides, seedCadencePolicies } from '../domain/data/cadence-policies';
import { seedPayerRuleSets } from '../domain/data/payer-rules';
import { seedPayerAppealContactList } from '../payers/appeal-contacts';
import { seedPayers } from '../payers/catalog';
import { seedPayerAppealContacts } from './payer-appeal-contacts';
import type { Queryable } from './pool';
import {
  insertCadencePolicies,
  insertClientProfiles,
  insertPayerRuleSets,
  upsertPayers,
} from './reference-data';

/** Reference data every installation starts with; idempotent, so it runs on every start. */
export async function seedReferenceData(db: Queryable): Promise<void> {
  await upsertPayers(db, seedPayers);
  await seedPayerAppealContacts(db, seedPayerAppealContactList);
  await insertCadencePolicies(db, seedCadencePolicies);
  await insertPayerRuleSets(db, seedPayerRuleSets);
  await insertClientProfiles(db, seedCadenceOverrides);
}
