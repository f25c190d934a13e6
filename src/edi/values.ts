/**
 * Reading and writing X12 data element values: monetary amounts as integer cents (parsed from the
 * decimal text, never through a float), dates (D8 CCYYMMDD, RD8 CCYYMMDD-CCYYMMDD) as ISO dates, and
 * required elements. Every failure names the segment, so the file can be rejected as a whole.
 */
import { isIsoDate, type IsoDate } from '../domain/dates';
import { X12ParseError } from './errors';
import type { X12Segment } from './tokenizer';

/** An inclusive range of calendar dates. */
export interface DateRange {
  readonly from: IsoDate;
  readonly to: IsoDate;
}

/** X12 decimal (type R) as used for money: optional minus, digits, optional point and digits. */
const DECIMAL = /^(-?)(\d*)(?:\.(\d*))?$/;
const MAX_CENTS = BigInt(Number.MAX_SAFE_INTEGER);

/** A copy of `value` without its undefined properties, so results hold only what the file said. */
export function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** The X12 name of element `n` of `segment`, e.g. CLP04. */
export function elementName(segment: X12Segment, n: number): string {
  return `${segment.id}${String(n).padStart(2, '0')}`;
}

/** Rejects the file at `segment` for `reason`. */
export function reject(segment: X12Segment, reason: string): X12ParseError {
  return new X12ParseError(segment.position, segment.id, reason);
}

/** Element `n`, which the implementation guide requires: rejects the file when it is empty. */
export function required(segment: X12Segment, n: number, what: string): string {
  const value = segment.element(n);
  if (value === '') throw reject(segment, `${elementName(segment, n)} (${what}) is required but empty`);
  return value;
}

/** Element `n` when written, else undefined. */
export function optional(segment: X12Segment, n: number): string | undefined {
  const value = segment.element(n);
  return value === '' ? undefined : value;
}

/**
 * Parses an X12 decimal amount into integer cents, exactly: "120" → 12000, "120.5" → 12050,
 * "-0.01" → -1. Returns undefined for an empty value; rejects the file for anything else that is not a
 * decimal with at most two significant places after the point.
 */
export function parseCents(text: string): number | undefined {
  if (text === '') return undefined;
  const match = DECIMAL.exec(text);
  const whole = match?.[2] ?? '';
  const fraction = match?.[3] ?? '';
  if (!match || (whole === '' && fraction === '')) {
    throw new RangeError(`${JSON.stringify(text)} is not a decimal amount`);
  }
  if (/[1-9]/.test(fraction.slice(2))) {
    throw new RangeError(`${JSON.stringify(text)} has fractions of a cent`);
  }
  let cents = BigInt(whole === '' ? '0' : whole) * 100n + BigInt((fraction + '00').slice(0, 2));
  if (cents > MAX_CENTS) throw new RangeError(`${JSON.stringify(text)} is too large an amount`);
  if (match[1] === '-') cents = -cents;
  return Number(cents);
}

/** Amount element `n` in cents; undefined when empty; rejects the file when it is not an amount. */
export function centsAt(segment: X12Segment, n: number): number | undefined {
  try {
    return parseCents(segment.element(n));
  } catch (error) {
    throw reject(segment, `${elementName(segment, n)}: ${(error as Error).message}`);
  }
}

/** Amount element `n` in cents, which the guide requires. */
export function requiredCents(segment: X12Segment, n: number, what: string): number {
  required(segment, n, what);
  return centsAt(segment, n) ?? 0;
}

/** Writes integer cents as an X12 decimal in its shortest form: 12000 → "120", 12050 → "120.5". */
export function formatCents(cents: number): string {
  if (!Number.isSafeInteger(cents)) throw new RangeError(`${cents} is not a whole number of cents`);
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const whole = Math.floor(abs / 100);
  const fraction = abs % 100;
  if (fraction === 0) return `${sign}${whole}`;
  return `${sign}${whole}.${String(fraction).padStart(2, '0').replace(/0$/, '')}`;
}

/** CCYYMMDD → IsoDate, or undefined when the text is not an existing date. */
export function fromD8(text: string): IsoDate | undefined {
  if (!/^\d{8}$/.test(text)) return undefined;
  const iso = `${text.slice(0, 4)}-${text.slice(4, 6)}-${text.slice(6, 8)}`;
  return isIsoDate(iso) ? iso : undefined;
}

/** IsoDate → CCYYMMDD. */
export function toD8(date: IsoDate): string {
  return date.replaceAll('-', '');
}

/** Date element `n` (CCYYMMDD); undefined when empty; rejects the file when it is not a date. */
export function dateAt(segment: X12Segment, n: number): IsoDate | undefined {
  const text = segment.element(n);
  if (text === '') return undefined;
  const date = fromD8(text);
  if (date === undefined) {
    throw reject(
      segment,
      `${elementName(segment, n)} ${JSON.stringify(text)} is not a date written CCYYMMDD`,
    );
  }
  return date;
}

/**
 * A date or date range from a format qualifier (D8 or RD8) and a value, as in DTP02/DTP03. A single
 * date becomes a one-day range.
 */
export function dateRangeAt(segment: X12Segment, formatElement: number): DateRange {
  const format = required(segment, formatElement, 'date time period format qualifier');
  const value = required(segment, formatElement + 1, 'date time period');
  const name = elementName(segment, formatElement + 1);
  if (format === 'D8') {
    const date = fromD8(value);
    if (date === undefined)
      throw reject(segment, `${name} ${JSON.stringify(value)} is not a date written CCYYMMDD`);
    return { from: date, to: date };
  }
  if (format === 'RD8') {
    const [fromText = '', toText = '', ...rest] = value.split('-');
    const from = fromD8(fromText);
    const to = fromD8(toText);
    if (from === undefined || to === undefined || rest.length > 0) {
      throw reject(segment, `${name} ${JSON.stringify(value)} is not a date range written CCYYMMDD-CCYYMMDD`);
    }
    if (to < from) throw reject(segment, `${name} ${JSON.stringify(value)} ends before it starts`);
    return { from, to };
  }
  throw reject(segment, `${elementName(segment, formatElement)} ${JSON.stringify(format)} is not D8 or RD8`);
}
