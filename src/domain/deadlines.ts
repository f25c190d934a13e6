/**
 * Payer deadlines for a claim: timely filing, corrected-claim windows, appeal levels, expected payment and
 * acknowledgements. Each function applies one versioned {@link PayerRuleSet} to dates given as arguments
 * and returns {@link Deadline}s that say, in words, how the date was reached and which rule produced it.
 */
import { type BusinessCalendar, addBusinessDays, nextBusinessDayOnOrAfter } from './business-calendar';
import { type ClaimStatusCategory, lookupStatusCategory } from './claim-status-codes';
import {
  type IsoDate,
  addCalendarDays,
  atTimeUtc,
  calendarDaysBetween,
  compareIsoDates,
  formatIsoDate,
  isoDateOfEpochMs,
  parseIsoDate,
} from './dates';
import type { Deadline, DeadlineKind, RuleRef } from './deadline';
import {
  type AppealLevelRule,
  type ClaimType,
  type PayerRuleSet,
  type Period,
  type TimelyFilingStart,
  ruleRefOf,
} from './payer-rules';

const MS_PER_HOUR = 3_600_000;

/** `date` moved by whole calendar months; a day past the target month's end becomes its last day. */
function addCalendarMonths(date: IsoDate, months: number): IsoDate {
  const { year, month, day } = parseIsoDate(date);
  const index = year * 12 + (month - 1) + months;
  const target = { year: Math.floor(index / 12), month: (index % 12) + 1 };
  const nextMonth = index + 1;
  const firstOfNext = formatIsoDate({
    year: Math.floor(nextMonth / 12),
    month: (nextMonth % 12) + 1,
    day: 1,
  });
  const lastDay = parseIsoDate(addCalendarDays(firstOfNext, -1)).day;
  return formatIsoDate({ ...target, day: Math.min(day, lastDay) });
}

function addPeriod(date: IsoDate, period: Period): IsoDate {
  return period.months === undefined
    ? addCalendarDays(date, period.days)
    : addCalendarMonths(date, period.months);
}

function plural(count: number, unit: string): string {
  return `${count} ${unit}${count === 1 ? '' : 's'}`;
}

function describePeriod(period: Period): string {
  return period.months === undefined ? plural(period.days, 'day') : plural(period.months, 'month');
}

function describeRuleSet(ruleSet: PayerRuleSet): string {
  return `${ruleSet.name}, rules v${ruleSet.version}`;
}

/** The last day of a window, moved to a business day when the rule says so, and the words for it. */
function windowEnd(
  start: IsoDate,
  period: Period,
  rollForward: boolean,
  calendar: BusinessCalendar,
): { due: IsoDate; note: string } {
  const end = addPeriod(start, period);
  if (!rollForward) return { due: end, note: '' };
  const due = nextBusinessDayOnOrAfter(end, calendar);
  return { due, note: due === end ? '' : `; ${end} is not a business day, so the next business day counts` };
}

function assertNotBefore(later: IsoDate, earlier: IsoDate, what: string): void {
  if (compareIsoDates(later, earlier) < 0) throw new RangeError(`${what}: ${later} is before ${earlier}`);
}

/** The dates of a claim that start its filing clocks. */
export interface ClaimDates {
  /** The claim's first date of service (for professional claims, the earliest line's From date). */
  readonly dateOfService: IsoDate;
  /** The last date of service of a span claim (institutional Through date); defaults to `dateOfService`. */
  readonly throughDate?: IsoDate;
  /** Claim form; when unknown the earlier of the payer's start dates is used. */
  readonly claimType?: ClaimType;
}

/** The date the timely-filing clock starts from, and why. */
function timelyFilingStart(claim: ClaimDates, ruleSet: PayerRuleSet): { start: IsoDate; why: string } {
  const through = claim.throughDate ?? claim.dateOfService;
  assertNotBefore(through, claim.dateOfService, 'throughDate must not precede dateOfService');
  const rule = ruleSet.timelyFiling.from;
  let kind: TimelyFilingStart;
  let whose: string;
  if (claim.claimType !== undefined) {
    kind = rule[claim.claimType];
    whose = `${claim.claimType} claim`;
  } else {
    // Unknown form: the earlier start, so the deadline is never later than the payer's.
    kind =
      rule.institutional === 'through_date' && rule.professional === 'through_date'
        ? 'through_date'
        : 'date_of_service';
    whose = 'claim type not given, so the earlier start';
  }
  if (kind === 'through_date' && through !== claim.dateOfService) {
    return { start: through, why: `the through date ${through} of the span claim (${whose})` };
  }
  const span = through === claim.dateOfService ? '' : ` (${whose}; span ends ${through})`;
  return { start: claim.dateOfService, why: `the date of service ${claim.dateOfService}${span}` };
}

/** Input of {@link timelyFilingDeadline}. */
export interface TimelyFilingInput extends ClaimDates {
  /** When the claim is billed after another payer: the primary payer's EOB (remittance) date. */
  readonly primaryEobDate?: IsoDate;
  readonly ruleSet: PayerRuleSet;
  readonly calendar: BusinessCalendar;
}

const NOT_FILED_NOTE =
  'A rejected or returned claim (999 reject, 277CA A3/A6/A7/A8, not found) does not count as filed: ' +
  'the clock keeps running until an accepted claim is on file.';

/**
 * The last day to file the original claim. Counts from the date of service (or a span claim's through
 * date, as the payer's rule says for the claim type), or from the primary payer's EOB when the claim is
 * secondary and the payer has such a clock; moves a weekend or holiday end to the next business day when
 * the rule says so.
 */
export function timelyFilingDeadline(input: TimelyFilingInput): Deadline[] {
  const { ruleSet, calendar, primaryEobDate } = input;
  const rule = ruleSet.timelyFiling;
  const named = describeRuleSet(ruleSet);
  if (primaryEobDate !== undefined && rule.afterPrimaryPayer) {
    const secondary = rule.afterPrimaryPayer;
    assertNotBefore(primaryEobDate, input.dateOfService, 'primaryEobDate must not precede dateOfService');
    const { due, note } = windowEnd(
      primaryEobDate,
      secondary.period,
      secondary.rollForwardOnNonBusinessDay,
      calendar,
    );
    return [
      {
        kind: 'timely_filing',
        label: 'Timely filing (secondary claim)',
        due,
        basisDate: primaryEobDate,
        basis:
          `${describePeriod(secondary.period)} from the primary payer's EOB of ${primaryEobDate} (${named})` +
          `${note}. ${NOT_FILED_NOTE}`,
        hard: true,
        rule: ruleRefOf(ruleSet, secondary.source),
      },
    ];
  }
  const { start, why } = timelyFilingStart(input, ruleSet);
  const { due, note } = windowEnd(start, rule.period, rule.rollForwardOnNonBusinessDay, calendar);
  const secondaryNote =
    primaryEobDate === undefined
      ? ''
      : '; these rules have no separate clock from the primary EOB, so the date-of-service clock applies';
  return [
    {
      kind: 'timely_filing',
      label: 'Timely filing',
      due,
      basisDate: start,
      basis: `${describePeriod(rule.period)} from ${why} (${named})${note}${secondaryNote}. ${NOT_FILED_NOTE}`,
      hard: true,
      rule: ruleRefOf(ruleSet, rule.source),
    },
  ];
}

/** Input of {@link correctedClaimDeadline}. */
export interface CorrectedClaimInput extends Partial<ClaimDates> {
  /** The date the payer last paid or denied the claim (the prior claim's process date). */
  readonly lastAdjudicationDate: IsoDate;
  readonly ruleSet: PayerRuleSet;
  readonly calendar: BusinessCalendar;
}

/**
 * The last day to send a replacement (frequency 7) or corrected claim, and for Medicare the last day for a
 * reopening of a clerical error. Empty when the rule set documents no corrected-claim window. Throws a
 * RangeError when the window runs from the date of service and `dateOfService` is missing.
 */
export function correctedClaimDeadline(input: CorrectedClaimInput): Deadline[] {
  const { ruleSet, calendar, lastAdjudicationDate } = input;
  const rule = ruleSet.correctedClaim;
  if (!rule) return [];
  const named = describeRuleSet(ruleSet);
  let start: IsoDate;
  let why: string;
  if (rule.from === 'date_of_service') {
    if (input.dateOfService === undefined) {
      throw new RangeError(
        `${ruleSet.id} v${ruleSet.version} counts corrected claims from the date of service`,
      );
    }
    ({ start, why } = timelyFilingStart({ ...input, dateOfService: input.dateOfService }, ruleSet));
  } else {
    start = lastAdjudicationDate;
    why = `the last adjudication on ${lastAdjudicationDate}`;
  }
  const { due, note } = windowEnd(start, rule.period, rule.rollForwardOnNonBusinessDay, calendar);
  const deadlines: Deadline[] = [
    {
      kind: 'corrected_claim',
      label: 'Corrected / replacement claim',
      due,
      basisDate: start,
      basis: `${describePeriod(rule.period)} from ${why} (${named})${note}`,
      hard: true,
      rule: ruleRefOf(ruleSet, rule.source),
    },
  ];
  if (rule.reopening) {
    const reopening = rule.reopening;
    const end = windowEnd(
      lastAdjudicationDate,
      reopening.period,
      reopening.rollForwardOnNonBusinessDay,
      calendar,
    );
    deadlines.push({
      kind: 'corrected_claim',
      label: 'Reopening (clerical error)',
      due: end.due,
      basisDate: lastAdjudicationDate,
      basis:
        `${describePeriod(reopening.period)} from the initial determination on ${lastAdjudicationDate}` +
        ` (${named})${end.note}; after that only with good cause, up to ` +
        `${describePeriod(reopening.goodCausePeriod)}`,
      hard: true,
      rule: ruleRefOf(ruleSet, reopening.source),
    });
  }
  return deadlines;
}

function appealLevelRule(ruleSet: PayerRuleSet, level: number): AppealLevelRule {
  const rule = ruleSet.appealLevels.find((candidate) => candidate.level === level);
  if (!rule) {
    throw new RangeError(
      `${ruleSet.id} v${ruleSet.version} has no appeal level ${level} ` +
        `(it has ${ruleSet.appealLevels.length} level${ruleSet.appealLevels.length === 1 ? '' : 's'})`,
    );
  }
  return rule;
}

/** Input of {@link appealDeadlines}. */
export interface AppealInput {
  /** The level to file (1-based). */
  readonly level: number;
  /** Date on the notice of the decision being appealed (the prior level's decision for level 2 on). */
  readonly noticeDate: IsoDate;
  /** The day the notice actually arrived, when it can be shown; otherwise receipt is presumed by the rule. */
  readonly receivedOn?: IsoDate;
  readonly ruleSet: PayerRuleSet;
  readonly calendar: BusinessCalendar;
}

/**
 * The last day to file appeal level `level` against a decision noticed on `noticeDate`. Empty when the
 * payer forwards that level itself. Throws a RangeError for a level the rule set does not have.
 */
export function appealDeadlines(input: AppealInput): Deadline[] {
  const { level, noticeDate, receivedOn, ruleSet, calendar } = input;
  const rule = appealLevelRule(ruleSet, level);
  if (rule.from === 'auto_forwarded') return [];
  if (receivedOn !== undefined)
    assertNotBefore(receivedOn, noticeDate, 'receivedOn must not precede noticeDate');
  let start: IsoDate;
  let why: string;
  if (rule.from === 'notice_date') {
    start = noticeDate;
    why = `the notice of ${noticeDate}`;
  } else if (receivedOn !== undefined) {
    start = receivedOn;
    why = `receipt on ${receivedOn} of the notice of ${noticeDate}`;
  } else {
    start = addCalendarDays(noticeDate, rule.presumedReceiptDays);
    why = `receipt, presumed ${plural(rule.presumedReceiptDays, 'day')} after the notice of ${noticeDate}, on ${start}`;
  }
  const { due, note } = windowEnd(start, rule.period, rule.rollForwardOnNonBusinessDay, calendar);
  return [
    {
      kind: 'appeal',
      label: `Appeal level ${level}: ${rule.name}`,
      due,
      basisDate: noticeDate,
      basis: `${describePeriod(rule.period)} after ${why} (${describeRuleSet(ruleSet)})${note}`,
      hard: true,
      rule: ruleRefOf(ruleSet, rule.source),
      level,
    },
  ];
}

/** One level of an appeal chain, described for people. */
export interface AppealChainLink {
  readonly level: number;
  readonly name: string;
  /** True when the payer forwards an unfavourable decision to this level itself. */
  readonly autoForwarded: boolean;
  /** The filing window in words: "120 days after receipt of the prior decision (presumed 5 days after its date)". */
  readonly filing: string;
  readonly rule: RuleRef;
}

/** Every appeal level of a rule set in order, with its filing window. Empty when none is documented. */
export function appealChain(input: { readonly ruleSet: PayerRuleSet }): AppealChainLink[] {
  const { ruleSet } = input;
  return ruleSet.appealLevels.map((rule) => {
    let filing: string;
    if (rule.from === 'auto_forwarded') filing = 'nothing to file: the payer forwards the case itself';
    else if (rule.from === 'notice_date') filing = `${describePeriod(rule.period)} after the notice date`;
    else {
      filing =
        `${describePeriod(rule.period)} after receipt of the decision (presumed ` +
        `${rule.presumedReceiptDays} days after its date)`;
    }
    if (rule.from !== 'auto_forwarded' && rule.rollForwardOnNonBusinessDay) {
      filing += '; a weekend or holiday end moves to the next business day';
    }
    return {
      level: rule.level,
      name: rule.name,
      autoForwarded: rule.from === 'auto_forwarded',
      filing,
      rule: ruleRefOf(ruleSet, rule.source),
    };
  });
}

/** Input of {@link expectedPaymentDate}. */
export interface ExpectedPaymentInput {
  /** The day the payer received the clean claim. */
  readonly receivedOn: IsoDate;
  readonly electronic: boolean;
  readonly ruleSet: PayerRuleSet;
  readonly calendar: BusinessCalendar;
}

/**
 * When payment of a clean claim can be expected: the payment floor (earliest day, Medicare) when the
 * payer has one, and the prompt-pay day by which it must pay. Day N is `receivedOn` + N calendar days,
 * moved to the next business day since payers do not pay on closed days. Soft: these are the payer's
 * obligations, not ours, and a request for information resets them.
 */
export function expectedPaymentDate(input: ExpectedPaymentInput): Deadline[] {
  const { receivedOn, electronic, ruleSet, calendar } = input;
  const { floor, promptPay } = ruleSet.expectedPayment;
  const medium = electronic ? 'an electronic' : 'a paper';
  const named = describeRuleSet(ruleSet);
  const deadlines: Deadline[] = [];
  const entries: [string, string, typeof promptPay | undefined][] = [
    ['Expected payment (payment floor)', 'earliest payment', floor],
    ['Prompt-pay deadline', 'payment due; interest after', promptPay],
  ];
  for (const [label, meaning, days] of entries) {
    if (!days) continue;
    const day = electronic ? days.electronicDays : days.paperDays;
    const { due, note } = windowEnd(receivedOn, { days: day }, true, calendar);
    deadlines.push({
      kind: 'expected_payment',
      label,
      due,
      basisDate: receivedOn,
      basis: `${meaning}: day ${day} after receipt on ${receivedOn} for ${medium} clean claim (${named})${note}`,
      hard: false,
      rule: ruleRefOf(ruleSet, days.source),
    });
  }
  return deadlines;
}

/** Result of the 999 (implementation acknowledgement) for the transaction set that carried the claim. */
export type FunctionalAckResult = 'accepted' | 'accepted_with_errors' | 'rejected';

/** What has come back for a submission so far. */
export interface AcknowledgementStatus {
  /** The 999's verdict; absent while no 999 has arrived. */
  readonly functionalAck?: FunctionalAckResult;
  /** STC01-1 of the latest 277CA (or 277) for the claim; absent while none has arrived. */
  readonly claimAck?: ClaimStatusCategory;
}

/** Whether a submission counts as a filed claim. */
export type FilingState = 'filed' | 'rejected' | 'not_found' | 'awaiting_acknowledgement';

const REJECTED_CATEGORIES: ReadonlySet<string> = new Set(['A3', 'A6', 'A7', 'A8']);
const ACCEPTED_CATEGORIES: ReadonlySet<string> = new Set(['A2', 'A5']);

/**
 * Where a submission stands for timely filing: `filed` once the payer accepted it into adjudication (277CA
 * A2/A5, or any pending, finalized or information-request status), `rejected` on a 999 rejection or a
 * 277CA A3/A6/A7/A8, `not_found` on A4, and otherwise still `awaiting_acknowledgement` (nothing yet, A0
 * forwarded by the clearinghouse, A1 received but not accepted, an error response).
 */
export function filingState(ack: AcknowledgementStatus): FilingState {
  if (ack.functionalAck === 'rejected') return 'rejected';
  const category = ack.claimAck;
  if (category === undefined) return 'awaiting_acknowledgement';
  if (REJECTED_CATEGORIES.has(category)) return 'rejected';
  if (category === 'A4') return 'not_found';
  if (ACCEPTED_CATEGORIES.has(category)) return 'filed';
  const group = lookupStatusCategory(category)?.group;
  const inAdjudication = group === 'pending' || group === 'finalized' || group === 'request_for_information';
  return inAdjudication ? 'filed' : 'awaiting_acknowledgement';
}

/** Only an accepted claim is filed: a rejected or unacknowledged one does not stop the timely-filing clock. */
export function isFiledForTimelyFiling(ack: AcknowledgementStatus): boolean {
  return filingState(ack) === 'filed';
}

/** Input of {@link acknowledgementWindow}. */
export interface AcknowledgementInput {
  /** When the claim was sent: epoch milliseconds, or the day alone when the time is not known. */
  readonly submittedAt: number | IsoDate;
  readonly ruleSet: PayerRuleSet;
  readonly calendar: BusinessCalendar;
}

/** When acknowledgements of a submission are overdue. */
export interface AcknowledgementWindow {
  /** The submission day (UTC). */
  readonly submittedOn: IsoDate;
  /**
   * Epoch milliseconds after which a missing 999 is overdue. For a submission known only by its day, the
   * hours count from the end of that day, so an on-time 999 never raises an alert.
   */
  readonly functionalAckOverdueAt: number;
  /** The business day on which a missing 277CA raises an alert. */
  readonly claimAckOverdueOn: IsoDate;
  /** The business day on which a claim still without a 277CA is investigated as possibly never received. */
  readonly investigateOn: IsoDate;
  /** The three moments above as soft deadlines, in order. */
  readonly deadlines: Deadline[];
}

/**
 * How long to wait for the clearinghouse's 999 and the payer's 277CA after a submission or resubmission,
 * before the claim is at risk of never having been received (and so of not being filed).
 */
export function acknowledgementWindow(input: AcknowledgementInput): AcknowledgementWindow {
  const { submittedAt, ruleSet, calendar } = input;
  const rule = ruleSet.acknowledgement;
  const submittedOn = typeof submittedAt === 'number' ? isoDateOfEpochMs(submittedAt) : submittedAt;
  const counted =
    typeof submittedAt === 'number' ? submittedAt : atTimeUtc(addCalendarDays(submittedAt, 1), '00:00');
  const functionalAckOverdueAt = counted + rule.functionalAckHours * MS_PER_HOUR;
  const claimAckOverdueOn = addBusinessDays(submittedOn, rule.claimAckBusinessDays, calendar);
  const investigateOn = addBusinessDays(submittedOn, rule.investigateAfterBusinessDays, calendar);
  const ref = ruleRefOf(ruleSet, rule.source);
  const named = describeRuleSet(ruleSet);
  const soft = (label: string, due: IsoDate, basis: string): Deadline => ({
    kind: 'acknowledgement',
    label,
    due,
    basisDate: submittedOn,
    basis: `${basis} (${named})`,
    hard: false,
    rule: ref,
  });
  const hours = plural(rule.functionalAckHours, 'hour');
  return {
    submittedOn,
    functionalAckOverdueAt,
    claimAckOverdueOn,
    investigateOn,
    deadlines: [
      soft(
        '999 acknowledgement due',
        isoDateOfEpochMs(functionalAckOverdueAt),
        `the 999 is due within ${hours} of the submission on ${submittedOn}` +
          (typeof submittedAt === 'number' ? '' : ' (time not known: counted from the end of that day)'),
      ),
      soft(
        '277CA overdue: alert',
        claimAckOverdueOn,
        `no 277CA ${plural(rule.claimAckBusinessDays, 'business day')} after the submission on ${submittedOn}`,
      ),
      soft(
        'Claim may not have been received: investigate',
        investigateOn,
        `no 277CA ${plural(rule.investigateAfterBusinessDays, 'business day')} after the submission on ` +
          `${submittedOn}; ` +
          'a claim the payer never received is not filed',
      ),
    ],
  };
}

/** The state of a claim that decides which clocks run. */
export interface ClaimDeadlineInput extends ClaimDates {
  readonly ruleSet: PayerRuleSet;
  readonly calendar: BusinessCalendar;
  /** When billed after another payer: the primary payer's EOB date. */
  readonly primaryEobDate?: IsoDate;
  /** The latest submission of the claim, if it was sent. */
  readonly submission?: {
    readonly submittedAt: number | IsoDate;
    readonly electronic: boolean;
    /** The payer's receipt day, when known (e.g. from the 277CA); defaults to the submission day. */
    readonly receivedOn?: IsoDate;
    readonly ack?: AcknowledgementStatus;
  };
  /** The day the payer last paid or denied the claim. */
  readonly lastAdjudicationDate?: IsoDate;
  /** An adverse decision open to appeal: the level to file next and the decision's notice. */
  readonly appeal?: { readonly level: number; readonly noticeDate: IsoDate; readonly receivedOn?: IsoDate };
}

/** Why the latest submission does not stop the timely-filing clock, for the deadline's basis. */
function notFiledBecause(state: FilingState, ack: AcknowledgementStatus | undefined): string {
  if (state === 'rejected') {
    const by = ack?.functionalAck === 'rejected' ? 'the 999' : `the 277CA (${ack?.claimAck ?? '?'})`;
    return `The latest submission was rejected by ${by}, so the claim is not filed yet.`;
  }
  if (state === 'not_found') return 'The payer reports the claim not found (A4), so it is not filed yet.';
  return 'The latest submission is not acknowledged yet, so it does not count as filed.';
}

const KIND_ORDER: readonly DeadlineKind[] = [
  'timely_filing',
  'appeal',
  'corrected_claim',
  'acknowledgement',
  'expected_payment',
  'work_item_sla',
];

/** Chronological, hard before soft on the same day, then by kind. */
function compareDeadlines(a: Deadline, b: Deadline): number {
  return (
    compareIsoDates(a.due, b.due) ||
    Number(b.hard) - Number(a.hard) ||
    KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind)
  );
}

/**
 * Every payer deadline that runs for a claim in the given state, sorted by due date:
 * - timely filing until an accepted claim is on file (a rejected or unacknowledged submission does not stop it);
 * - acknowledgement windows while a submission awaits its 999 / 277CA;
 * - expected payment once the payer accepted the claim and has not adjudicated it;
 * - the corrected-claim window (and Medicare reopening) once adjudicated;
 * - the appeal level to file next, when a decision is open to appeal.
 */
export function claimDeadlines(input: ClaimDeadlineInput): Deadline[] {
  const { ruleSet, calendar, submission, lastAdjudicationDate, appeal } = input;
  const state = submission ? filingState(submission.ack ?? {}) : undefined;
  const adjudicated = lastAdjudicationDate !== undefined;
  const deadlines: Deadline[] = [];
  if (state !== 'filed' && !adjudicated) {
    const why = submission && state !== undefined ? notFiledBecause(state, submission.ack) : undefined;
    for (const deadline of timelyFilingDeadline(input)) {
      deadlines.push(why ? { ...deadline, basis: `${deadline.basis} ${why}` } : deadline);
    }
  }
  if (submission && !adjudicated) {
    if (state === 'awaiting_acknowledgement') {
      deadlines.push(
        ...acknowledgementWindow({ submittedAt: submission.submittedAt, ruleSet, calendar }).deadlines,
      );
    } else if (state === 'filed') {
      const submittedOn =
        typeof submission.submittedAt === 'number'
          ? isoDateOfEpochMs(submission.submittedAt)
          : submission.submittedAt;
      deadlines.push(
        ...expectedPaymentDate({
          receivedOn: submission.receivedOn ?? submittedOn,
          electronic: submission.electronic,
          ruleSet,
          calendar,
        }),
      );
    }
  }
  if (adjudicated) deadlines.push(...correctedClaimDeadline({ ...input, lastAdjudicationDate }));
  if (appeal) deadlines.push(...appealDeadlines({ ...appeal, ruleSet, calendar }));
  return deadlines.sort(compareDeadlines);
}

/** The hard deadline due first and how far away it is. */
export interface NearestDeadline {
  readonly deadline: Deadline;
  /**
   * Calendar days from `today` to the deadline's last on-time day: 0 when it is due today, negative when it
   * was breached that many days ago.
   */
  readonly daysToBreach: number;
  readonly breached: boolean;
}

/**
 * The hard deadline due first, breached ones included (a breach is the most urgent thing to look at),
 * or `undefined` when there is no hard deadline.
 */
export function nearestHardDeadline(
  deadlines: readonly Deadline[],
  today: IsoDate,
): NearestDeadline | undefined {
  let nearest: Deadline | undefined;
  for (const deadline of deadlines) {
    if (deadline.hard && (nearest === undefined || compareIsoDates(deadline.due, nearest.due) < 0)) {
      nearest = deadline;
    }
  }
  if (nearest === undefined) return undefined;
  const daysToBreach = calendarDaysBetween(today, nearest.due);
  return { deadline: nearest, daysToBreach, breached: daysToBreach < 0 };
}
