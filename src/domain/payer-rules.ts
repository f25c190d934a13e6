/**
 * Payer rules as versioned data: the windows a payer allows for filing, correcting and appealing a claim,
 * when it pays, and how long acknowledgements take. Seeds live in `./data/payer-rules`; the deadline
 * arithmetic that applies them lives in `./deadlines`. Every figure names its source, so each deadline can
 * say which rule set, which version and which published rule produced it.
 */
import { type PayerClass, payerClasses } from './cadence';
import { isIsoDate, type IsoDate } from './dates';
import type { RuleRef } from './deadline';

export type { RuleRef } from './deadline';

/**
 * A length of time: whole calendar days, or calendar months. Adding months keeps the day of the month and
 * clamps it to the month's end (a date of service of February 29 plus 12 months is February 28).
 */
export type Period =
  | { readonly days: number; readonly months?: undefined }
  | { readonly months: number; readonly days?: undefined };

/** Claim form family: institutional (837I / UB-04) or professional (837P / CMS-1500). */
export type ClaimType = 'institutional' | 'professional';

/** The date of a claim a timely-filing clock starts from: its first date of service or its through date. */
export type TimelyFilingStart = 'date_of_service' | 'through_date';

/** A window that runs for `period` from a start date of kind `From`. */
export interface Window<From extends string> {
  readonly period: Period;
  readonly from: From;
  /** When the last day is not a business day of the payer's calendar, the next business day counts. */
  readonly rollForwardOnNonBusinessDay: boolean;
  /** Where the figure comes from: reference section and primary source. */
  readonly source: string;
}

/** How long after the date of service an original claim may be filed. */
export interface TimelyFilingRule {
  readonly period: Period;
  /**
   * Which date of a span claim starts the clock, by claim type. `date_of_service` is the claim's first
   * date of service (for professional claims, the earliest line's From date).
   */
  readonly from: { readonly institutional: TimelyFilingStart; readonly professional: TimelyFilingStart };
  readonly rollForwardOnNonBusinessDay: boolean;
  /**
   * When the claim is billed to this payer after another payer, the clock runs from the primary payer's
   * EOB instead. Absent when the payer documents no such clock (the date-of-service clock applies).
   */
  readonly afterPrimaryPayer?: Window<'primary_eob_date'>;
  readonly source: string;
}

/**
 * How long a replacement (frequency 7) or corrected claim may be sent. `date_of_service` counts from the
 * same start as the timely-filing clock; `adjudication_date` from the prior claim's payment or denial.
 */
export interface CorrectedClaimRule extends Window<'date_of_service' | 'adjudication_date'> {
  /** Medicare: clerical errors past the window are fixed by a reopening, with its own window. */
  readonly reopening?: Window<'adjudication_date'> & {
    /** The further period in which a reopening needs good cause. */
    readonly goodCausePeriod: Period;
  };
}

/**
 * One level of a payer's appeal chain. `from` says what starts the filing window:
 * - `notice_date`: the date on the notice of the decision being appealed (the remittance or denial
 *   letter for level 1, the prior level's decision after that);
 * - `receipt_of_notice`: the day that notice was received, presumed `presumedReceiptDays` after its date
 *   unless the provider shows otherwise;
 * - `auto_forwarded`: nothing to file; the payer forwards an unfavourable decision to this level itself.
 */
export type AppealLevelRule = {
  readonly level: number;
  readonly name: string;
  readonly source: string;
} & (
  | { readonly from: 'notice_date'; readonly period: Period; readonly rollForwardOnNonBusinessDay: boolean }
  | {
      readonly from: 'receipt_of_notice';
      readonly period: Period;
      readonly presumedReceiptDays: number;
      readonly rollForwardOnNonBusinessDay: boolean;
    }
  | { readonly from: 'auto_forwarded' }
);

/** Calendar days after the payer receives a claim, for electronic and paper claims. */
export interface PaymentDays {
  readonly electronicDays: number;
  readonly paperDays: number;
  readonly source: string;
}

/** When a clean claim is paid, counted in days after the payer received it (day N = receipt + N). */
export interface ExpectedPaymentRule {
  /** The earliest day a clean claim may be paid (Medicare's payment floor); absent when none applies. */
  readonly floor?: PaymentDays;
  /** The day by which a clean claim must be paid (prompt pay / payment ceiling); interest accrues after. */
  readonly promptPay: PaymentDays;
}

/** How long to wait for acknowledgements after a submission before the claim may never have arrived. */
export interface AcknowledgementRule {
  /** Hours after submission within which the clearinghouse's 999 should arrive. */
  readonly functionalAckHours: number;
  /** Business days after submission after which a missing 277CA raises an alert. */
  readonly claimAckBusinessDays: number;
  /** Business days after submission after which a claim with no 277CA is investigated as never received. */
  readonly investigateAfterBusinessDays: number;
  readonly source: string;
}

/** One version of one payer's (or one default's) rules. A rule change is a new version, never an edit. */
export interface PayerRuleSet {
  /** Stable identifier shared by all versions, e.g. `medicare-ffs`. */
  readonly id: string;
  /** 1, 2, ...; a higher version supersedes lower ones from its `effectiveFrom`. */
  readonly version: number;
  /**
   * First day this version is in force. Tickler selects the version in force on the day it computes a
   * deadline and keeps the {@link RuleRef} of the version it used with the deadline.
   */
  readonly effectiveFrom: IsoDate;
  readonly payerClass: PayerClass;
  /** Name for people, as the source names the payer. */
  readonly name: string;
  /** Where the rule set as a whole comes from; each value names its own source too. */
  readonly source: string;
  readonly timelyFiling: TimelyFilingRule;
  /** Absent when no corrected-claim window is documented for the payer. */
  readonly correctedClaim?: CorrectedClaimRule;
  /** Levels 1..n in order; empty when no appeal window is documented for the payer. */
  readonly appealLevels: readonly AppealLevelRule[];
  readonly expectedPayment: ExpectedPaymentRule;
  readonly acknowledgement: AcknowledgementRule;
}

/** The reference to record with a deadline computed from `ruleSet` by the value whose source is `source`. */
export function ruleRefOf(ruleSet: PayerRuleSet, source: string): RuleRef {
  return { ruleSetId: ruleSet.id, version: ruleSet.version, source };
}

/**
 * The version of rule set `id` in force on `onDate`: the highest version whose `effectiveFrom` is on or
 * before that day (so a later version also supersedes an earlier one retroactively dated). `undefined`
 * when the id is unknown or no version is in force yet.
 */
export function selectRuleSet(
  ruleSets: readonly PayerRuleSet[],
  id: string,
  onDate: IsoDate,
): PayerRuleSet | undefined {
  if (!isIsoDate(onDate))
    throw new RangeError(`onDate must be a date written YYYY-MM-DD, got ${JSON.stringify(onDate)}`);
  let chosen: PayerRuleSet | undefined;
  for (const ruleSet of ruleSets) {
    // IsoDates compare correctly as strings (fixed-width, most significant part first).
    if (ruleSet.id !== id || ruleSet.effectiveFrom > onDate) continue;
    if (chosen === undefined || ruleSet.version > chosen.version) chosen = ruleSet;
  }
  return chosen;
}

type Fields = Readonly<Record<string, unknown>>;

function isFields(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Collects problems as `path: message`, so an API can name the field at fault. */
class Checker {
  readonly problems: string[] = [];

  add(path: string, message: string): void {
    this.problems.push(`${path}: ${message}`);
  }

  object(value: unknown, path: string): Fields | undefined {
    if (isFields(value)) return value;
    this.add(path, 'must be an object');
    return undefined;
  }

  text(value: unknown, path: string): void {
    if (typeof value !== 'string' || value.trim() === '') this.add(path, 'must be a non-empty string');
  }

  whole(value: unknown, path: string, min: number, max: number): value is number {
    if (typeof value === 'number' && Number.isSafeInteger(value) && value >= min && value <= max) return true;
    this.add(path, `must be a whole number from ${min} to ${max}`);
    return false;
  }

  oneOf(value: unknown, path: string, allowed: readonly string[]): void {
    if (typeof value !== 'string' || !allowed.includes(value))
      this.add(path, `must be one of ${allowed.join(', ')}`);
  }

  flag(value: unknown, path: string): void {
    if (typeof value !== 'boolean') this.add(path, 'must be true or false');
  }

  period(value: unknown, path: string): void {
    const period = this.object(value, path);
    if (!period) return;
    const hasDays = period.days !== undefined;
    const hasMonths = period.months !== undefined;
    if (hasDays === hasMonths) this.add(path, 'give exactly one of days or months');
    else if (hasDays) this.whole(period.days, `${path}.days`, 1, MAX_PERIOD_DAYS);
    else this.whole(period.months, `${path}.months`, 1, MAX_PERIOD_MONTHS);
  }

  window(value: unknown, path: string, from: readonly string[]): Fields | undefined {
    const window = this.object(value, path);
    if (!window) return undefined;
    this.period(window.period, `${path}.period`);
    this.oneOf(window.from, `${path}.from`, from);
    this.flag(window.rollForwardOnNonBusinessDay, `${path}.rollForwardOnNonBusinessDay`);
    this.text(window.source, `${path}.source`);
    return window;
  }

  paymentDays(value: unknown, path: string): Fields | undefined {
    const days = this.object(value, path);
    if (!days) return undefined;
    this.whole(days.electronicDays, `${path}.electronicDays`, 0, MAX_PERIOD_DAYS);
    this.whole(days.paperDays, `${path}.paperDays`, 0, MAX_PERIOD_DAYS);
    this.text(days.source, `${path}.source`);
    return days;
  }
}

/** Ten years: no payer window is longer, and it keeps date arithmetic far from the calendar's ends. */
const MAX_PERIOD_DAYS = 3660;
const MAX_PERIOD_MONTHS = 120;
const TIMELY_FILING_STARTS: readonly TimelyFilingStart[] = ['date_of_service', 'through_date'];
const APPEAL_STARTS: readonly AppealLevelRule['from'][] = [
  'notice_date',
  'receipt_of_notice',
  'auto_forwarded',
];

function checkTimelyFiling(check: Checker, value: unknown): void {
  const rule = check.object(value, 'timelyFiling');
  if (!rule) return;
  check.period(rule.period, 'timelyFiling.period');
  const from = check.object(rule.from, 'timelyFiling.from');
  if (from) {
    check.oneOf(from.institutional, 'timelyFiling.from.institutional', TIMELY_FILING_STARTS);
    check.oneOf(from.professional, 'timelyFiling.from.professional', TIMELY_FILING_STARTS);
  }
  check.flag(rule.rollForwardOnNonBusinessDay, 'timelyFiling.rollForwardOnNonBusinessDay');
  check.text(rule.source, 'timelyFiling.source');
  if (rule.afterPrimaryPayer !== undefined) {
    check.window(rule.afterPrimaryPayer, 'timelyFiling.afterPrimaryPayer', ['primary_eob_date']);
  }
}

function checkCorrectedClaim(check: Checker, value: unknown): void {
  if (value === undefined) return;
  const rule = check.window(value, 'correctedClaim', ['date_of_service', 'adjudication_date']);
  if (rule?.reopening === undefined) return;
  const reopening = check.window(rule.reopening, 'correctedClaim.reopening', ['adjudication_date']);
  if (reopening) check.period(reopening.goodCausePeriod, 'correctedClaim.reopening.goodCausePeriod');
}

function checkAppealLevels(check: Checker, value: unknown): void {
  if (!Array.isArray(value)) {
    check.add('appealLevels', 'must be a list (empty when no appeal window is documented)');
    return;
  }
  value.forEach((item: unknown, index) => {
    const path = `appealLevels[${index}]`;
    const level = check.object(item, path);
    if (!level) return;
    if (level.level !== index + 1)
      check.add(`${path}.level`, `must be ${index + 1}: levels are numbered 1, 2, ... in order`);
    check.text(level.name, `${path}.name`);
    check.text(level.source, `${path}.source`);
    check.oneOf(level.from, `${path}.from`, APPEAL_STARTS);
    if (level.from === 'notice_date' || level.from === 'receipt_of_notice') {
      check.period(level.period, `${path}.period`);
      check.flag(level.rollForwardOnNonBusinessDay, `${path}.rollForwardOnNonBusinessDay`);
    }
    if (level.from === 'receipt_of_notice')
      check.whole(level.presumedReceiptDays, `${path}.presumedReceiptDays`, 0, 30);
  });
}

function checkExpectedPayment(check: Checker, value: unknown): void {
  const rule = check.object(value, 'expectedPayment');
  if (!rule) return;
  const promptPay = check.paymentDays(rule.promptPay, 'expectedPayment.promptPay');
  if (rule.floor === undefined) return;
  const floor = check.paymentDays(rule.floor, 'expectedPayment.floor');
  if (!floor || !promptPay) return;
  for (const medium of ['electronicDays', 'paperDays'] as const) {
    const [earliest, latest] = [floor[medium], promptPay[medium]];
    if (typeof earliest === 'number' && typeof latest === 'number' && earliest > latest) {
      check.add(
        `expectedPayment.floor.${medium}`,
        'the payment floor must not come after the prompt-pay day',
      );
    }
  }
}

function checkAcknowledgement(check: Checker, value: unknown): void {
  const rule = check.object(value, 'acknowledgement');
  if (!rule) return;
  check.whole(rule.functionalAckHours, 'acknowledgement.functionalAckHours', 1, 72);
  if (check.whole(rule.claimAckBusinessDays, 'acknowledgement.claimAckBusinessDays', 1, 30)) {
    check.whole(
      rule.investigateAfterBusinessDays,
      'acknowledgement.investigateAfterBusinessDays',
      rule.claimAckBusinessDays,
      30,
    );
  }
  check.text(rule.source, 'acknowledgement.source');
}

/**
 * What is wrong with a rule set, as `field.path: message` lines (empty when nothing is): missing or
 * malformed fields, periods that are not positive whole days or months, empty sources, appeal levels out
 * of order, a payment floor after the prompt-pay day. Takes anything, so it can vet a rule set read from
 * storage or an API body before it is used.
 */
export function ruleSetProblems(candidate: unknown): string[] {
  const check = new Checker();
  const ruleSet = check.object(candidate, 'ruleSet');
  if (!ruleSet) return check.problems;
  check.text(ruleSet.id, 'id');
  check.whole(ruleSet.version, 'version', 1, Number.MAX_SAFE_INTEGER);
  if (!isIsoDate(ruleSet.effectiveFrom))
    check.add('effectiveFrom', 'must be an existing date written YYYY-MM-DD');
  check.oneOf(ruleSet.payerClass, 'payerClass', payerClasses);
  check.text(ruleSet.name, 'name');
  check.text(ruleSet.source, 'source');
  checkTimelyFiling(check, ruleSet.timelyFiling);
  checkCorrectedClaim(check, ruleSet.correctedClaim);
  checkAppealLevels(check, ruleSet.appealLevels);
  checkExpectedPayment(check, ruleSet.expectedPayment);
  checkAcknowledgement(check, ruleSet.acknowledgement);
  return check.problems;
}

/** True when `candidate` is a well-formed rule set ({@link ruleSetProblems} finds nothing). */
export function isPayerRuleSet(candidate: unknown): candidate is PayerRuleSet {
  return ruleSetProblems(candidate).length === 0;
}
