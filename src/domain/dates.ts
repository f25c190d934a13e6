/**
 * Calendar-date arithmetic on ISO 8601 dates. A date here is a day of the proleptic Gregorian calendar
 * with no time of day and no time zone; instants only appear at the edges (`atTimeUtc`,
 * `isoDateOfEpochMs`), always in UTC. Pure: the clock is never read.
 */

/** A calendar date written `YYYY-MM-DD` (ISO 8601 extended format), years 0001 to 9999. */
export type IsoDate = string;

/** The parts of an {@link IsoDate}; `month` is 1–12 and `day` is 1–31. */
export interface CalendarDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

/** Day of the week, 0 = Sunday … 6 = Saturday (the numbering of `Date#getUTCDay`). */
export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6;

const MS_PER_DAY = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_OF_DAY = /^([01]\d|2[0-3]):([0-5]\d)$/;
/** Epoch days (days since 1970-01-01) of 0001-01-01 and 9999-12-31, the range an IsoDate can spell. */
const MIN_EPOCH_DAY = -719_162;
const MAX_EPOCH_DAY = 2_932_896;
/** Date.UTC reads years 0–99 as 1900–1999; the Gregorian calendar repeats every 400 years exactly. */
const GREGORIAN_CYCLE_YEARS = 400;
const GREGORIAN_CYCLE_DAYS = 146_097;

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function tryParse(s: string): CalendarDate | undefined {
  const match = ISO_DATE.exec(s);
  if (!match) return undefined;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  return { year, month, day };
}

function assertInteger(value: number, name: string): void {
  if (!Number.isSafeInteger(value)) throw new RangeError(`${name} must be an integer, got ${value}`);
}

/** True when `s` is an existing calendar date written `YYYY-MM-DD` (so `2026-02-30` is not). */
export function isIsoDate(s: unknown): s is IsoDate {
  return typeof s === 'string' && tryParse(s) !== undefined;
}

/** Splits a date into its parts. Throws a RangeError unless `s` is an existing date written `YYYY-MM-DD`. */
export function parseIsoDate(s: IsoDate): CalendarDate {
  const parts = tryParse(s);
  if (!parts) {
    throw new RangeError(
      `Invalid date ${JSON.stringify(s)}: expected an existing calendar date written YYYY-MM-DD`,
    );
  }
  return parts;
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

/** Writes a date's parts as an IsoDate. Throws a RangeError if they name no existing date. */
export function formatIsoDate(parts: CalendarDate): IsoDate {
  const text = `${pad(parts.year, 4)}-${pad(parts.month, 2)}-${pad(parts.day, 2)}`;
  if (tryParse(text) === undefined) {
    throw new RangeError(`Invalid date parts ${JSON.stringify(parts)}: no such calendar date`);
  }
  return text;
}

/** Days from 1970-01-01 to `date` (negative before it). */
export function epochDayOf(date: IsoDate): number {
  const { year, month, day } = parseIsoDate(date);
  if (year >= 100) return Date.UTC(year, month - 1, day) / MS_PER_DAY;
  return Date.UTC(year + GREGORIAN_CYCLE_YEARS, month - 1, day) / MS_PER_DAY - GREGORIAN_CYCLE_DAYS;
}

/** The date `epochDay` days after 1970-01-01. Throws a RangeError outside 0001-01-01 … 9999-12-31. */
export function isoDateOfEpochDay(epochDay: number): IsoDate {
  assertInteger(epochDay, 'epochDay');
  if (epochDay < MIN_EPOCH_DAY || epochDay > MAX_EPOCH_DAY) {
    throw new RangeError(`Date out of range: epoch day ${epochDay} is outside 0001-01-01 … 9999-12-31`);
  }
  // getUTC* report the real year (the two-digit-year quirk is only in Date.UTC), so no shift here.
  const at = new Date(epochDay * MS_PER_DAY);
  return `${pad(at.getUTCFullYear(), 4)}-${pad(at.getUTCMonth() + 1, 2)}-${pad(at.getUTCDate(), 2)}`;
}

/** Weekday of an epoch day (1970-01-01 was a Thursday). */
export function weekdayOfEpochDay(epochDay: number): Weekday {
  return ((((epochDay + 4) % 7) + 7) % 7) as Weekday;
}

/** `date` moved by `n` calendar days (`n` may be negative). Throws a RangeError if `n` is not an integer. */
export function addCalendarDays(date: IsoDate, n: number): IsoDate {
  assertInteger(n, 'n');
  return isoDateOfEpochDay(epochDayOf(date) + n);
}

/** Calendar days from `from` to `to` (to − from): positive when `to` is later, 0 on the same day. */
export function calendarDaysBetween(from: IsoDate, to: IsoDate): number {
  return epochDayOf(to) - epochDayOf(from);
}

/** Comparator for chronological order: -1 when `a` is earlier, 0 when equal, 1 when later. */
export function compareIsoDates(a: IsoDate, b: IsoDate): -1 | 0 | 1 {
  return Math.sign(epochDayOf(a) - epochDayOf(b)) as -1 | 0 | 1;
}

/** Day of the week of `date`, 0 = Sunday … 6 = Saturday. */
export function weekday(date: IsoDate): Weekday {
  return weekdayOfEpochDay(epochDayOf(date));
}

/**
 * The instant (epoch milliseconds) at wall-clock `time` ('HH:MM', 00:00–23:59) on `date` in UTC.
 * Throws a RangeError for a malformed date or time.
 */
export function atTimeUtc(date: IsoDate, time: string): number {
  const match = TIME_OF_DAY.exec(time);
  if (!match)
    throw new RangeError(`Invalid time ${JSON.stringify(time)}: expected HH:MM from 00:00 to 23:59`);
  return epochDayOf(date) * MS_PER_DAY + Number(match[1]) * 3_600_000 + Number(match[2]) * 60_000;
}

/** The UTC calendar date containing the instant `ms` (epoch milliseconds). */
export function isoDateOfEpochMs(ms: number): IsoDate {
  if (!Number.isFinite(ms))
    throw new RangeError(`Invalid instant: ${ms} is not a finite number of milliseconds`);
  return isoDateOfEpochDay(Math.floor(ms / MS_PER_DAY));
}
