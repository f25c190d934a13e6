/**
 * Business days: Monday to Friday, minus the US federal holidays (as observed by federal offices) when
 * a calendar observes them, minus the calendar's own closures.
 */
import {
  epochDayOf,
  formatIsoDate,
  isIsoDate,
  isoDateOfEpochDay,
  weekdayOfEpochDay,
  type IsoDate,
} from './dates';

/** One federal holiday of a year: the statutory date and the weekday federal offices close instead. */
export interface FederalHoliday {
  /** The date 5 U.S.C. 6103(a) names; may fall on a weekend. */
  readonly date: IsoDate;
  /** The day offices close: `date` moved off a weekend (may lie in the previous year, see below). */
  readonly observed: IsoDate;
  readonly name: string;
}

/** Which days count as business days. Plain data, so a payer's calendar can be stored and versioned. */
export interface BusinessCalendar {
  /** Stable identifier, e.g. `us-federal` or a payer's calendar id. */
  readonly id: string;
  /** Extra whole days closed, on top of weekends (and federal holidays if observed). */
  readonly closures: readonly IsoDate[];
  /** Whether the observed US federal holidays are closed. */
  readonly observesFederalHolidays: boolean;
}

/** Weekends and observed US federal holidays are closed; nothing else. */
export const federalCalendar: BusinessCalendar = Object.freeze({
  id: 'us-federal',
  closures: Object.freeze([]),
  observesFederalHolidays: true,
});

const SUNDAY = 0;
const MONDAY = 1;
const THURSDAY = 4;
const SATURDAY = 6;

type HolidayRule = { readonly name: string; readonly month: number; readonly since?: number } & (
  { readonly day: number } | { readonly weekday: number; readonly nth: 1 | 2 | 3 | 4 | 'last' }
);

// Source: 5 U.S.C. 6103(a), the legal public holidays (https://www.law.cornell.edu/uscode/text/5/6103).
// Juneteenth was added by Pub. L. 117-17 (June 17, 2021); MLK's birthday was first observed in 1986
// (Pub. L. 98-144). Earlier changes (Monday holidays from 1971, Veterans Day on the fourth Monday of
// October 1971-1977) are not modelled: years before 1978 are not historically accurate.
const FEDERAL_HOLIDAY_RULES: readonly HolidayRule[] = [
  { name: "New Year's Day", month: 1, day: 1 },
  { name: 'Birthday of Martin Luther King, Jr.', month: 1, weekday: MONDAY, nth: 3, since: 1986 },
  { name: "Washington's Birthday", month: 2, weekday: MONDAY, nth: 3 },
  { name: 'Memorial Day', month: 5, weekday: MONDAY, nth: 'last' },
  { name: 'Juneteenth National Independence Day', month: 6, day: 19, since: 2021 },
  { name: 'Independence Day', month: 7, day: 4 },
  { name: 'Labor Day', month: 9, weekday: MONDAY, nth: 1 },
  { name: 'Columbus Day', month: 10, weekday: MONDAY, nth: 2 },
  { name: 'Veterans Day', month: 11, day: 11 },
  { name: 'Thanksgiving Day', month: 11, weekday: THURSDAY, nth: 4 },
  { name: 'Christmas Day', month: 12, day: 25 },
];

function statutoryEpochDay(year: number, rule: HolidayRule): number {
  if ('day' in rule) return epochDayOf(formatIsoDate({ year, month: rule.month, day: rule.day }));
  if (rule.nth === 'last') {
    // Every month with a 'last weekday' rule (May) has 31 days.
    const last = epochDayOf(formatIsoDate({ year, month: rule.month, day: 31 }));
    return last - ((weekdayOfEpochDay(last) - rule.weekday + 7) % 7);
  }
  const first = epochDayOf(formatIsoDate({ year, month: rule.month, day: 1 }));
  return first + ((rule.weekday - weekdayOfEpochDay(first) + 7) % 7) + 7 * (rule.nth - 1);
}

// Source: 5 U.S.C. 6103(b) and Executive Order 11582 §3, as OPM applies them to the Monday-Friday
// workweek (https://www.opm.gov/policy-data-oversight/pay-leave/federal-holidays/): a holiday on a
// Saturday is observed the Friday before, one on a Sunday the Monday after.
function observedEpochDay(day: number): number {
  const dayOfWeek = weekdayOfEpochDay(day);
  if (dayOfWeek === SATURDAY) return day - 1;
  if (dayOfWeek === SUNDAY) return day + 1;
  return day;
}

// Deterministic caches (safe inside workflows): at most one entry per calendar year asked about.
const holidaysByYear = new Map<number, readonly FederalHoliday[]>();
const federalClosedDaysByYear = new Map<number, ReadonlySet<IsoDate>>();

/**
 * The US federal holidays of `year` in date order, each with its observed date (11 a year from 2021,
 * 10 before). Year-end edge: when January 1 falls on a Saturday, its observed date is December 31 of
 * the previous year, so New Year's Day 2022 appears in this list for 2022 with `observed` 2021-12-31.
 * Throws a RangeError unless `year` is an integer from 1 to 9999.
 */
export function usFederalHolidays(year: number): readonly FederalHoliday[] {
  if (!Number.isSafeInteger(year) || year < 1 || year > 9999) {
    throw new RangeError(`year must be an integer from 1 to 9999, got ${year}`);
  }
  const cached = holidaysByYear.get(year);
  if (cached) return cached;
  const holidays = Object.freeze(
    FEDERAL_HOLIDAY_RULES.filter((rule) => rule.since === undefined || year >= rule.since).map((rule) => {
      const day = statutoryEpochDay(year, rule);
      return Object.freeze({
        date: isoDateOfEpochDay(day),
        observed: isoDateOfEpochDay(observedEpochDay(day)),
        name: rule.name,
      });
    }),
  );
  holidaysByYear.set(year, holidays);
  return holidays;
}

/** Observed federal holidays that fall in calendar `year`, including next year's New Year's Day if moved back. */
function federalClosedDays(year: number): ReadonlySet<IsoDate> {
  const cached = federalClosedDaysByYear.get(year);
  if (cached) return cached;
  const prefix = `${String(year).padStart(4, '0')}-`;
  const years = year < 9999 ? [year, year + 1] : [year];
  const closed = new Set(
    years
      .flatMap((y) => usFederalHolidays(y))
      .map((holiday) => holiday.observed)
      .filter((observed) => observed.startsWith(prefix)),
  );
  federalClosedDaysByYear.set(year, closed);
  return closed;
}

/** Builds the open-day test for one call, so a loop checks closures in a Set rather than a list. */
function openDayTest(cal: BusinessCalendar): (epochDay: number) => boolean {
  for (const closure of cal.closures) {
    if (!isIsoDate(closure)) {
      throw new RangeError(
        `Business calendar ${cal.id} has an invalid closure date ${JSON.stringify(closure)}`,
      );
    }
  }
  const closures = new Set(cal.closures);
  return (epochDay) => {
    const dayOfWeek = weekdayOfEpochDay(epochDay);
    if (dayOfWeek === SATURDAY || dayOfWeek === SUNDAY) return false;
    const date = isoDateOfEpochDay(epochDay);
    if (closures.has(date)) return false;
    return !(cal.observesFederalHolidays && federalClosedDays(Number(date.slice(0, 4))).has(date));
  };
}

/**
 * True when `date` is a weekday that is neither a closure of `cal` nor (if `cal` observes them) the
 * observed date of a federal holiday. A holiday's statutory date on a weekend is closed anyway, and a
 * New Year's Day observed on December 31 closes that day: `isBusinessDay('2021-12-31', federalCalendar)`
 * is false.
 */
export function isBusinessDay(date: IsoDate, cal: BusinessCalendar): boolean {
  return openDayTest(cal)(epochDayOf(date));
}

/** `date` itself if it is a business day, otherwise the first business day after it. */
export function nextBusinessDayOnOrAfter(date: IsoDate, cal: BusinessCalendar): IsoDate {
  const isOpen = openDayTest(cal);
  let day = epochDayOf(date);
  while (!isOpen(day)) day += 1;
  return isoDateOfEpochDay(day);
}

/**
 * The business day `n` business days after `date` (`n` a non-negative integer).
 *
 * A start that is not a business day counts from the next business day, as if the work arrived then:
 * - `n = 0` returns `date` if it is a business day, else the next business day;
 * - `n >= 1` counts `n` business days strictly after that start (Friday + 1 is Monday, Saturday + 1
 *   is Tuesday).
 *
 * So `addBusinessDays(addBusinessDays(d, n), m) === addBusinessDays(d, n + m)` for every date `d` and
 * all `n, m >= 0`, and `businessDaysBetween(d, addBusinessDays(d, n)) === n`. Across the year end the
 * federal calendar skips a December 31 that is New Year's Day observed:
 * `addBusinessDays('2021-12-30', 1, federalCalendar)` is `2022-01-03`.
 */
export function addBusinessDays(date: IsoDate, n: number, cal: BusinessCalendar): IsoDate {
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new RangeError(`n must be a non-negative integer number of business days, got ${n}`);
  }
  const isOpen = openDayTest(cal);
  let day = epochDayOf(date);
  while (!isOpen(day)) day += 1;
  for (let counted = 0; counted < n; counted += 1) {
    do day += 1;
    while (!isOpen(day));
  }
  return isoDateOfEpochDay(day);
}

/**
 * Business days in the half-open range [from, to): the business days passed on the way from `from` to
 * `to`, negative when `to` is earlier (then minus the count in [to, from)). It is the inverse of
 * {@link addBusinessDays}: `businessDaysBetween(d, addBusinessDays(d, n, cal), cal) === n` for every date
 * `d`, and `addBusinessDays(from, businessDaysBetween(from, to, cal), cal)` is
 * `nextBusinessDayOnOrAfter(to, cal)` whenever `from <= to`. It is additive:
 * `between(a, b) + between(b, c) === between(a, c)`. Monday to Tuesday is 1, Friday to Monday is 1,
 * Saturday to Monday is 0.
 */
export function businessDaysBetween(from: IsoDate, to: IsoDate, cal: BusinessCalendar): number {
  const start = epochDayOf(from);
  const end = epochDayOf(to);
  const isOpen = openDayTest(cal);
  let count = 0;
  for (let day = Math.min(start, end); day < Math.max(start, end); day += 1) if (isOpen(day)) count += 1;
  return start <= end || count === 0 ? count : -count;
}
