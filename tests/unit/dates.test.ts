import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addCalendarDays,
  atTimeUtc,
  calendarDaysBetween,
  compareIsoDates,
  epochDayOf,
  formatIsoDate,
  isIsoDate,
  isoDateOfEpochDay,
  isoDateOfEpochMs,
  parseIsoDate,
  weekday,
} from '../../src/domain/dates';

const FIRST_DAY = epochDayOf('0001-01-01');
const LAST_DAY = epochDayOf('9999-12-31');
const anyDate = fc.integer({ min: FIRST_DAY, max: LAST_DAY }).map(isoDateOfEpochDay);
const anyTime = fc
  .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
  .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);

describe('isIsoDate and parseIsoDate', () => {
  // Leap years: Gregorian rule (divisible by 4, except centuries not divisible by 400).
  it.each([
    ['2026-01-01', true],
    ['2024-02-29', true], // 2024 is a leap year
    ['2000-02-29', true], // 2000 is divisible by 400
    ['1900-02-29', false], // 1900 is a century not divisible by 400
    ['2026-02-29', false],
    ['2026-02-30', false],
    ['2026-04-31', false], // April has 30 days
    ['2026-13-01', false],
    ['2026-00-10', false],
    ['2026-01-00', false],
    ['0000-01-01', false], // there is no year 0 in the supported range
    ['0001-01-01', true],
    ['9999-12-31', true],
    ['2026-1-01', false],
    ['2026-01-01T00:00:00Z', false],
    [' 2026-01-01', false],
    ['2026/01/01', false],
  ])('accepts only existing dates written YYYY-MM-DD: %s -> %s', (text, valid) => {
    expect(isIsoDate(text)).toBe(valid);
  });

  it('rejects values that are not strings', () => {
    expect(isIsoDate(20260101)).toBe(false);
    expect(isIsoDate(undefined)).toBe(false);
    expect(isIsoDate(new Date(0))).toBe(false);
  });

  it('splits a date into year, month and day', () => {
    expect(parseIsoDate('2026-07-04')).toEqual({ year: 2026, month: 7, day: 4 });
  });

  it('throws a RangeError naming the text for a date that does not exist', () => {
    expect(() => parseIsoDate('2026-02-30')).toThrow(RangeError);
    expect(() => parseIsoDate('2026-02-30')).toThrow('"2026-02-30"');
  });

  it('formats parts back into the same text, and refuses parts that name no date', () => {
    expect(formatIsoDate({ year: 7, month: 3, day: 9 })).toBe('0007-03-09');
    expect(() => formatIsoDate({ year: 2026, month: 2, day: 29 })).toThrow(RangeError);
    expect(() => formatIsoDate({ year: 10_000, month: 1, day: 1 })).toThrow(RangeError);
  });
});

describe('calendar arithmetic', () => {
  it.each([
    ['2026-02-28', 1, '2026-03-01'],
    ['2024-02-28', 1, '2024-02-29'], // leap day
    ['2026-12-31', 1, '2027-01-01'], // year end
    ['2026-01-01', -1, '2025-12-31'],
    ['2026-03-15', 0, '2026-03-15'],
    ['2026-01-31', 30, '2026-03-02'],
    ['0099-12-31', 1, '0100-01-01'], // Date.UTC reads years below 100 as 19xx; this must not
  ])('adding calendar days: %s + %i = %s', (date, n, expected) => {
    expect(addCalendarDays(date, n)).toBe(expected);
  });

  it('refuses a fractional number of days and results outside years 0001-9999', () => {
    expect(() => addCalendarDays('2026-01-01', 1.5)).toThrow(RangeError);
    expect(() => addCalendarDays('0001-01-01', -1)).toThrow(RangeError);
    expect(() => addCalendarDays('9999-12-31', 1)).toThrow(RangeError);
  });

  it.each([
    ['2026-01-01', '2027-01-01', 365],
    ['2024-01-01', '2025-01-01', 366], // 2024 is a leap year
    ['2027-01-01', '2026-01-01', -365],
    ['2026-07-04', '2026-07-04', 0],
  ])('counts calendar days from %s to %s as %i (to minus from)', (from, to, days) => {
    expect(calendarDaysBetween(from, to)).toBe(days);
  });

  it('orders dates chronologically', () => {
    expect(['2026-10-01', '2025-12-31', '2026-02-01', '2026-02-01'].sort(compareIsoDates)).toEqual([
      '2025-12-31',
      '2026-02-01',
      '2026-02-01',
      '2026-10-01',
    ]);
    expect(compareIsoDates('2026-01-01', '2026-01-02')).toBe(-1);
    expect(compareIsoDates('2026-01-02', '2026-01-01')).toBe(1);
    expect(compareIsoDates('2026-01-01', '2026-01-01')).toBe(0);
  });

  // Weekdays from the published 2026 calendar; 1970-01-01 (the Unix epoch) was a Thursday, and
  // 0001-01-01 was a Monday in the proleptic Gregorian calendar (ISO 8601).
  it.each([
    ['1970-01-01', 4],
    ['2000-01-01', 6],
    ['2026-01-01', 4],
    ['2026-07-04', 6],
    ['2026-07-05', 0],
    ['2026-11-26', 4],
    ['0001-01-01', 1],
  ])('knows the weekday of %s is %i (0 = Sunday)', (date, expected) => {
    expect(weekday(date)).toBe(expected);
  });
});

describe('instants', () => {
  it('places a wall-clock time on a date in UTC', () => {
    expect(atTimeUtc('2026-03-02', '09:30')).toBe(Date.UTC(2026, 2, 2, 9, 30));
    expect(atTimeUtc('2026-03-02', '00:00')).toBe(Date.UTC(2026, 2, 2));
    expect(atTimeUtc('2026-03-02', '23:59')).toBe(Date.UTC(2026, 2, 2, 23, 59));
  });

  it.each(['24:00', '9:30', '09:60', '09:30:00', ''])('refuses the time %j', (time) => {
    expect(() => atTimeUtc('2026-03-02', time)).toThrow(RangeError);
  });

  it('gives the UTC date of an instant, including instants before 1970', () => {
    expect(isoDateOfEpochMs(0)).toBe('1970-01-01');
    expect(isoDateOfEpochMs(-1)).toBe('1969-12-31');
    expect(isoDateOfEpochMs(Date.UTC(2026, 0, 1) - 1)).toBe('2025-12-31');
    expect(isoDateOfEpochMs(Date.UTC(2026, 0, 1, 23, 59, 59, 999))).toBe('2026-01-01');
    expect(() => isoDateOfEpochMs(Number.NaN)).toThrow(RangeError);
  });
});

describe('properties over every supported date', () => {
  it('an epoch day and its date convert back and forth unchanged', () => {
    fc.assert(
      fc.property(fc.integer({ min: FIRST_DAY, max: LAST_DAY }), (day) => {
        const date = isoDateOfEpochDay(day);
        expect(isIsoDate(date)).toBe(true);
        expect(epochDayOf(date)).toBe(day);
        expect(formatIsoDate(parseIsoDate(date))).toBe(date);
      }),
    );
  });

  it('adding n calendar days moves calendarDaysBetween by exactly n, and adding -n comes back', () => {
    fc.assert(
      fc.property(anyDate, fc.integer({ min: -20_000, max: 20_000 }), (date, n) => {
        fc.pre(epochDayOf(date) + n >= FIRST_DAY && epochDayOf(date) + n <= LAST_DAY);
        const moved = addCalendarDays(date, n);
        expect(calendarDaysBetween(date, moved)).toBe(n);
        expect(addCalendarDays(moved, -n)).toBe(date);
      }),
    );
  });

  it('compares like the fixed-width text and like the calendar-day difference', () => {
    fc.assert(
      fc.property(anyDate, anyDate, (a, b) => {
        expect(compareIsoDates(a, b)).toBe(a < b ? -1 : a > b ? 1 : 0);
        expect(compareIsoDates(a, b)).toBe(Math.sign(calendarDaysBetween(b, a)));
      }),
    );
  });

  it('the weekday advances by one each day and matches Date#getUTCDay', () => {
    fc.assert(
      fc.property(fc.integer({ min: FIRST_DAY, max: LAST_DAY - 1 }), (day) => {
        const date = isoDateOfEpochDay(day);
        expect(weekday(addCalendarDays(date, 1))).toBe((weekday(date) + 1) % 7);
        expect(weekday(date)).toBe(new Date(day * 86_400_000).getUTCDay());
      }),
    );
  });

  it('a time placed on a date falls on that UTC date', () => {
    fc.assert(
      fc.property(anyDate, anyTime, (date, time) => {
        expect(isoDateOfEpochMs(atTimeUtc(date, time))).toBe(date);
      }),
    );
  });
});
