import type { CadenceOverride, CadencePolicy } from '../cadence';

const reference = 'shared/domain/ar-follow-up-reference.md';

/**
 * Version 1 of the default cadence, as first seeded. Kept unchanged: the `cadence_policies` table is
 * seeded by (id, version) and never rewrites a version, and decisions already recorded name it.
 */
export const defaultCadencePolicyV1: CadencePolicy = {
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

/**
 * The default cadence, seeded into the `cadence_policies` table. Version 2 keeps every figure of
 * version 1 and adds the documents-sent interval, escalation thresholds and a high-dollar track.
 * Figures follow the reference's recommended defaults (section 6.2) and hard timing facts (6.1):
 * Medicare pays clean electronic claims from day 14 (payment floor) and must pay by day 30; commercial
 * and Medicaid payers have 30-day prompt-pay windows.
 */
export const defaultCadencePolicy: CadencePolicy = {
  id: 'default',
  version: 2,
  effectiveFrom: '2026-06-01',
  source:
    `${reference} §6.1 (Medicare payment floor day 14, ceiling day 30; prompt-pay 30 days) and §6.2 ` +
    '(first check Medicare +14-15 days, commercial/Medicaid +21-30 days; re-check P0/P1 every 7-14 days, ' +
    'P2 / P3 documents sent every 14-30 days; transient E1/E2 back-off from hours to 1-2 days; escalate ' +
    'after 3 unchanged checks or 45-60 days); §10.7. High-dollar track (>= $10,000 billed): the short end ' +
    'of each §6.2 range and escalation at the 30-day payment ceiling / prompt-pay line (§6.1); the ' +
    '$10,000 line is a Tickler design choice.',
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
    documentsSent: 21,
  },
  transientRetry: { firstDelayHours: 4, maxDelayHours: 48 },
  escalation: { afterChecksWithoutChange: 3, afterDaysWithoutChange: 45 },
  highDollar: {
    minBilledCents: 1_000_000,
    firstCheckAfterDays: { medicare_ffs: 14, medicaid: 21 },
    recheckAfterDays: { pending: 7, payerReview: 14, documentsSent: 14, needsAttention: 7 },
    escalation: { afterDaysWithoutChange: 30 },
  },
};

/**
 * An example key-account profile (SCENARIOS.md #8): first check on day 10 for every payer class, then
 * weekly whatever the status, escalation after 30 days without a status change (3 unchanged checks
 * still escalate too, from the base policy). Every figure is at or under the default's, so a key
 * account is never checked later than the default would. Day 10 precedes Medicare's day-14 payment
 * floor: that check cannot see a payment, but catches rejections and missing acknowledgements early.
 */
export const keyAccountCadenceExample: CadenceOverride = {
  id: 'key-account-example',
  version: 1,
  effectiveFrom: '2026-06-01',
  source:
    'SCENARIOS.md #8 (key account: first check at day 10, then weekly, escalation at 30 days); an ' +
    "example profile: a real key account's figures come from its contract",
  firstCheckAfterDays: { medicare_ffs: 10, medicare_advantage: 10, medicaid: 10, commercial: 10 },
  recheckAfterDays: { pending: 7, payerReview: 7, acknowledgement: 7, needsAttention: 7, documentsSent: 7 },
  escalation: { afterDaysWithoutChange: 30 },
};

/** Every policy version ever seeded, oldest first; the newest version of an id is the one in force. */
export const seedCadencePolicies: readonly CadencePolicy[] = [defaultCadencePolicyV1, defaultCadencePolicy];

/** Key-account cadence profiles to seed, each under a demo client id equal to its own id. */
export const seedCadenceOverrides: readonly CadenceOverride[] = [keyAccountCadenceExample];
