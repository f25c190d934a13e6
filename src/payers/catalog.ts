import type { PayerRecord } from '../db/reference-data';

/**
 * Payers seeded on every start (existing rows are left alone). They run on the simulated channel so
 * `npm start`, demos and tests work without a clearinghouse; real payers are added with their channel.
 */
export const seedPayers: readonly PayerRecord[] = [
  {
    payerId: 'sim-medicare',
    name: 'Simulated Medicare FFS (MAC)',
    payerClass: 'medicare_ffs',
    channel: 'simulated',
  },
  {
    payerId: 'sim-medicare-advantage',
    name: 'Simulated Medicare Advantage plan',
    payerClass: 'medicare_advantage',
    channel: 'simulated',
  },
  { payerId: 'sim-medicaid', name: 'Simulated state Medicaid', payerClass: 'medicaid', channel: 'simulated' },
  {
    payerId: 'sim-commercial',
    name: 'Simulated commercial payer',
    payerClass: 'commercial',
    channel: 'simulated',
  },
];
