import type { PayerRecord } from '../db/reference-data';

/**
 * Payers seeded on every start (existing rows are left alone). They run on the simulated channel so
 * `npm start`, demos and tests work without a clearinghouse, each following a seeded payer rule set
 * (`src/domain/data/payer-rules.ts`); real payers are added with their channel and rule set.
 */
export const seedPayers: readonly PayerRecord[] = [
  {
    payerId: 'sim-medicare',
    name: 'Medicare FFS (simulated)',
    payerClass: 'medicare_ffs',
    channel: 'simulated',
    ruleSetId: 'medicare-ffs',
  },
  {
    payerId: 'sim-medicare-advantage',
    name: 'Medicare Advantage plan (simulated)',
    payerClass: 'medicare_advantage',
    channel: 'simulated',
    ruleSetId: 'medicare-advantage',
  },
  {
    payerId: 'sim-medicaid',
    name: 'Texas Medicaid (simulated)',
    payerClass: 'medicaid',
    channel: 'simulated',
    ruleSetId: 'tx-medicaid',
  },
  {
    payerId: 'sim-ny-medicaid',
    name: 'New York Medicaid (simulated)',
    payerClass: 'medicaid',
    channel: 'simulated',
    ruleSetId: 'ny-medicaid',
  },
  {
    payerId: 'sim-medi-cal',
    name: 'Medi-Cal (simulated)',
    payerClass: 'medicaid',
    channel: 'simulated',
    ruleSetId: 'medi-cal',
  },
  {
    payerId: 'sim-commercial',
    name: 'Commercial payer (simulated)',
    payerClass: 'commercial',
    channel: 'simulated',
    ruleSetId: 'commercial-default',
  },
  {
    payerId: 'sim-uhc',
    name: 'UnitedHealthcare (simulated)',
    payerClass: 'commercial',
    channel: 'simulated',
    ruleSetId: 'unitedhealthcare',
  },
  {
    payerId: 'sim-aetna',
    name: 'Aetna (simulated)',
    payerClass: 'commercial',
    channel: 'simulated',
    ruleSetId: 'aetna',
  },
  {
    payerId: 'sim-cigna',
    name: 'Cigna (simulated)',
    payerClass: 'commercial',
    channel: 'simulated',
    ruleSetId: 'cigna',
  },
];
