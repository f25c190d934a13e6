import type { WorkItemKind } from '../lifecycle-types';

const reference = 'shared/domain/ar-follow-up-reference.md';

/**
 * Tickler's own service levels and alert schedule (not payer rules): how long people have for each
 * kind of work item before a lead is told, and when reminders fire before payer deadlines.
 */
export const lifecycleRules = {
  version: 1,
  source: `${reference} §6.2 (alerts at deadline -30/-14/-7 days; escalate stuck claims to a supervisor queue); SLAs are Tickler defaults`,
  /** Reminders before an appeal level's deadline; the last one also tells a lead (issue #4). */
  appealReminderDays: [30, 14, 7] as const,
  /** Reminders before the timely-filing limit while the claim is not accepted (§6.2). */
  timelyFilingReminderDays: [30, 14, 7] as const,
  /** After documents are sent, when the payer is expected to have reprocessed the claim (SCENARIOS #3). */
  documentationReprocessingDays: 30,
  /** Who is told on escalation, and who owns client-flagged (white-glove) claims. */
  escalationOwner: 'ar-lead',
  whiteGloveOwner: 'ar-lead',
  /** Business days a person has for each kind of work item before it is escalated. */
  slas: {
    correction: { businessDays: 5 },
    replacement_claim: { businessDays: 5 },
    documentation: { businessDays: 10 },
    patient_outreach: { businessDays: 10 },
    appeal: { businessDays: 30 },
    underpayment: { businessDays: 10 },
    zero_pay_review: { businessDays: 5 },
    confirm_submission: { businessDays: 2 },
    status_escalation: { businessDays: 5 },
    timely_filing_risk: { businessDays: 2 },
    patient_billing: { businessDays: 5 },
    management_review: { businessDays: 2 },
    inquiry_problem: { businessDays: 3 },
  } satisfies Record<WorkItemKind, { businessDays: number }>,
};
