/**
 * The few rule functions the lifecycle needs from the deadline, remittance and cadence modules, in the
 * shape the lifecycle uses. No rules live here: each function only calls the module that owns the rule.
 */
import type { BusinessCalendar } from './business-calendar';
import { escalation } from './cadence';
import { atTimeUtc, calendarDaysBetween, isoDateOfEpochMs } from './dates';
import type { Deadline } from './deadline';
import { acknowledgementWindow, appealDeadlines, timelyFilingDeadline as filingDeadline } from './deadlines';
import type { ClaimFacts, ClaimState } from './lifecycle-types';
import type { PayerRuleSet } from './payer-rules';
import { type RemittanceRoute, classifyRemittance } from './remittance';

export type PayerRules = PayerRuleSet;

/** An 835 claim payment (CLP loop) as the lifecycle receives it. */
export interface RemittanceEvent {
  clp02: string;
  chargeCents: number;
  paidCents: number;
  patientResponsibilityCents?: number;
  adjustments: { group: 'CO' | 'PR' | 'OA' | 'PI' | 'CR'; carc: string; amountCents: number }[];
  remarks: string[];
  payerClaimNumber?: string;
  /** The remittance date; appeal clocks for denials run from it. */
  paidOn: string;
}

export function timelyFilingDeadlines(
  claim: ClaimFacts,
  rules: PayerRules,
  calendar: BusinessCalendar,
): Deadline[] {
  return filingDeadline({
    dateOfService: claim.dateOfService,
    ...(claim.throughDate ? { throughDate: claim.throughDate } : {}),
    ruleSet: rules,
    calendar,
  });
}

/** The deadline of appeal `level` after a denial notice, or `undefined` past the payer's last level. */
export function appealDeadline(
  noticeDate: string,
  level: number,
  rules: PayerRules,
  calendar: BusinessCalendar,
): Deadline | undefined {
  if (level > rules.appealLevels.length) return undefined;
  // A level the payer forwards on its own has no filing deadline of ours.
  return appealDeadlines({ noticeDate, level, ruleSet: rules, calendar })[0];
}

/** When the payer's claim acknowledgement (277CA) is overdue after a submission at `submittedAt`. */
export function acknowledgementDueAt(
  submittedAt: number,
  rules: PayerRules,
  calendar: BusinessCalendar,
): number {
  const window = acknowledgementWindow({ submittedAt, ruleSet: rules, calendar });
  return atTimeUtc(window.claimAckOverdueOn, '00:00');
}

export function classifyRemittanceEvent(
  remit: RemittanceEvent,
  expectedCents: number | undefined,
): { outcome: string; route: RemittanceRoute; reasons: string[]; code?: string } {
  const decision = classifyRemittance({
    clp02: remit.clp02,
    chargeCents: remit.chargeCents,
    paidCents: remit.paidCents,
    ...(remit.patientResponsibilityCents !== undefined
      ? { patientResponsibilityCents: remit.patientResponsibilityCents }
      : {}),
    adjustments: remit.adjustments,
    remarks: remit.remarks,
    ...(expectedCents !== undefined ? { expectedPaidCents: expectedCents } : {}),
  });
  return {
    outcome: decision.outcome,
    route: decision.route,
    reasons: [...decision.reasons],
    ...(decision.denial ? { code: `${decision.denial.group}-${decision.denial.carc}` } : {}),
  };
}

/** When a claim waiting on the payer without any change goes to a person (the cadence policy decides). */
export function statusEscalationDue(state: ClaimState): { at: number; reason: string } | undefined {
  // Nothing can be "unchanged" before the payer has been asked at least once.
  if (
    !['submitted', 'in_adjudication', 'appealed'].includes(state.phase) ||
    state.snooze ||
    state.checks === 0
  ) {
    return undefined;
  }
  const lastChange = isoDateOfEpochMs(state.lastStatusChangeAt);
  // Judged as of the last check, so the checks threshold counts the checks actually made.
  const asOf = state.lastStatus ? isoDateOfEpochMs(state.lastStatus.at) : lastChange;
  const decision = escalation({
    checksWithoutChange: state.checksWithoutChange,
    lastStatusChangeOn: lastChange,
    today: asOf,
    policy: state.cadence,
    billedCents: state.claim.billedCents,
  });
  if (decision.escalate) {
    return {
      at: state.lastStatus?.at ?? atTimeUtc(asOf, state.cadence.checkTimeUtc),
      reason: decision.reason,
    };
  }
  if (!decision.on) return undefined;
  const days = calendarDaysBetween(lastChange, decision.on);
  return {
    at: atTimeUtc(decision.on, state.cadence.checkTimeUtc),
    reason: `no status change in ${days} days since ${lastChange} (policy ${state.cadence.id} v${state.cadence.version})`,
  };
}
