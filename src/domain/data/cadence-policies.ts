import type { CadencePolicy } from '../cadence';

const reference = 'shared/domain/ar-follow-up-reference.md';

/**
 * The default cadence, seeded into the `cadence_policies` table. Figures follow the reference's
 * recommended defaults (section 6.2) and hard timing facts (6.1): Medicare pays clean electronic claims
 * from day 14 (payment floor), commercial and Medicaid payers have 30-day prompt-pay windows.
 */
export const defaultCadencePolicy: CadencePolicy = {
  id: 'default',
  version: 1,
  effectiveFrom: '2026-01-01',
  source:
    `${reference} §6.1 (Medicare payment floor day 14; prompt-pay 30 days) and §6.2 ` +
    '(first check Medicare +14-15 days, commercial/Medicaid +21-30 days; re-check P0/P1 every 7-14 days, ' +
    'P2 every 14-30 days; transient E1/E2 back-off from hours to 1-2 days)',
  checkTimeUtc: '14:00',
  firstCheckAfterDays: {
    medicare_ffs: 15,
    medicare_advantage: 21,
    medicaid: 30,
    commercial: 21,
  },
  recheckAfterDays: {
    pending: 14,
    payerReview: 21,
    acknowledgement: 7,
    needsAttention: 14,
  },
  transientRetry: { firstDelayHours: 4, maxDelayHours: 48 },
};

export const seedCadencePolicies: readonly CadencePolicy[] = [defaultCadencePolicy];
