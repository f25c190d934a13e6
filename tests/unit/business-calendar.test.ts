import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addBusinessDays,
  type BusinessCalendar,
  businessDaysBetween,
  federalCalendar,
  isBusinessDay,
  nextBusinessDayOnOrAfter,
  usFederalHolidays,
} from '../../src/domain/business-calendar';
import {
  addCalendarDays,
  compareIsoDates,
  epochDayOf,
  type IsoDate,
  isoDateOfEpochDay,
} from '../../src/domain/dates';

// Sources for the dated cases: OPM's published federal holiday schedules
// (https://www.opm.gov/policy-data-oversight/pay-leave/federal-holidays/, one page per year), which apply
// 5 U.S.C. 6103 and the Saturday-to-Friday / Sunday-to-Monday rule for Monday-Friday employees.
const OPM = 'OPM federal holiday schedule';

const windowStart = epochDayOf('1990-01-01');
const windowEnd = epochDayOf('2150-12-31');
const anyDate = fc.integer({ min: windowStart, max: windowEnd }).map(isoDateOfEpochDay);
const anyCount = fc.integer({ min: 0, max: 300 });

/** The federal calendar, or one with random extra closures and federal holidays on or off. */
const anyCalendar: fc.Arbitrary<BusinessCalendar> = fc.oneof(
  fc.constant(federalCalendar),
  fc.record({
    id: fc.constant('random-payer'),
    closures: fc.uniqueArray(fc.integer({ min: windowStart, max: windowEnd + 500 }).map(isoDateOfEpochDay), {
      maxLength: 40,
    }),
    observesFederalHolidays: fc.boolean(),
  }),
  // Closures packed near each other, so runs of closed days actually get crossed.
  fc
    .tuple(fc.integer({ min: windowStart, max: windowEnd }), fc.uniqueArray(fc.nat(60), { maxLength: 30 }))
    .map(([base, offsets]): BusinessCalendar => ({
      id: 'clustered-closures',
      closures: offsets.map((offset) => isoDateOfEpochDay(base + offset)),
      observesFederalHolidays: true,
    })),
);

/** Closed days checked without the code under test: JS weekday, OPM observed dates, the closure list. */
function oracleIsBusinessDay(date: IsoDate, cal: BusinessCalendar): boolean {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  if (day === 0 || day === 6) return false;
  if (cal.closures.includes(date)) return false;
  if (!cal.observesFederalHolidays) return true;
  const year = Number(date.slice(0, 4));
  return ![...usFederalHolidays(year), ...usFederalHolidays(year + 1)].some((h) => h.observed === date);
}

describe('usFederalHolidays', () => {
  it(`lists the eleven 2026 holidays with their observed dates (${OPM} 2026)`, () => {
    expect(usFederalHolidays(2026)).toEqual([
      { name: "New Year's Day", date: '2026-01-01', observed: '2026-01-01' },
      { name: 'Birthday of Martin Luther King, Jr.', date: '2026-01-19', observed: '2026-01-19' },
      { name: "Washington's Birthday", date: '2026-02-16', observed: '2026-02-16' },
      { name: 'Memorial Day', date: '2026-05-25', observed: '2026-05-25' },
      { name: 'Juneteenth National Independence Day', date: '2026-06-19', observed: '2026-06-19' },
      { name: 'Independence Day', date: '2026-07-04', observed: '2026-07-03' },
      { name: 'Labor Day', date: '2026-09-07', observed: '2026-09-07' },
      { name: 'Columbus Day', date: '2026-10-12', observed: '2026-10-12' },
      { name: 'Veterans Day', date: '2026-11-11', observed: '2026-11-11' },
      { name: 'Thanksgiving Day', date: '2026-11-26', observed: '2026-11-26' },
      { name: 'Christmas Day', date: '2026-12-25', observed: '2026-12-25' },
    ]);
  });

  const observed = (year: number, name: string): IsoDate | undefined =>
    usFederalHolidays(year).find((holiday) => holiday.name === name)?.observed;

  it(`a holiday that falls on a Saturday is observed on the Friday before (${OPM} 2026, 2027, 2021)`, () => {
    expect(observed(2026, 'Independence Day')).toBe('2026-07-03');
    expect(observed(2027, 'Christmas Day')).toBe('2027-12-24');
    expect(observed(2021, 'Juneteenth National Independence Day')).toBe('2021-06-18');
  });

  it(`a holiday that falls on a Sunday is observed on the Monday after (${OPM} 2027, 2022, 2023)`, () => {
    expect(observed(2027, 'Independence Day')).toBe('2027-07-05');
    expect(observed(2022, 'Christmas Day')).toBe('2022-12-26');
    expect(observed(2023, "New Year's Day")).toBe('2023-01-02');
  });

  it(`New Year's Day on a Saturday is observed on December 31 of the previous year (${OPM} 2021, 2027)`, () => {
    expect(observed(2022, "New Year's Day")).toBe('2021-12-31');
    expect(observed(2028, "New Year's Day")).toBe('2027-12-31');
  });

  it(`the Monday and Thursday holidays fall on their statutory weeks (${OPM} 2026, 2027)`, () => {
    const dateOf = (year: number, name: string): IsoDate | undefined =>
      usFederalHolidays(year).find((holiday) => holiday.name === name)?.date;
    expect(dateOf(2026, 'Birthday of Martin Luther King, Jr.')).toBe('2026-01-19'); // third Monday of January
    expect(dateOf(2026, 'Thanksgiving Day')).toBe('2026-11-26'); // fourth Thursday of November
    expect(dateOf(2027, 'Memorial Day')).toBe('2027-05-31'); // last Monday of May, on the 31st
  });

  it('has no Juneteenth before 2021, when Pub. L. 117-17 made it a holiday', () => {
    expect(usFederalHolidays(2020).map((h) => h.name)).not.toContain('Juneteenth National Independence Day');
    expect(usFederalHolidays(2020)).toHaveLength(10);
    expect(usFederalHolidays(2021)).toHaveLength(11);
  });

  it('returns the same frozen list for repeated calls, so the cache cannot be corrupted', () => {
    const list = usFederalHolidays(2030);
    expect(usFederalHolidays(2030)).toBe(list);
    expect(Object.isFrozen(list)).toBe(true);
    expect(list.every((h) => Object.isFrozen(h))).toBe(true);
  });

  it('refuses a year that is not an integer from 1 to 9999', () => {
    expect(() => usFederalHolidays(2026.5)).toThrow(RangeError);
    expect(() => usFederalHolidays(0)).toThrow(RangeError);
    expect(() => usFederalHolidays(10_000)).toThrow(RangeError);
  });

  it('every year, each holiday is observed on a weekday at most one day from its date, by the OPM rule', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2021, max: 2400 }), (year) => {
        const holidays = usFederalHolidays(year);
        expect(new Set(holidays.map((h) => h.name)).size).toBe(11);
        for (const { date, observed } of holidays) {
          const day = new Date(`${date}T00:00:00Z`).getUTCDay();
          const expected =
            day === 6 ? addCalendarDays(date, -1) : day === 0 ? addCalendarDays(date, 1) : date;
          expect(observed).toBe(expected);
        }
        expect([...holidays].sort((a, b) => compareIsoDates(a.date, b.date))).toEqual(holidays);
      }),
    );
  });

  it('the weekday-rule holidays fall on the right weekday in the right week', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1986, max: 2400 }), (year) => {
        const on = (name: string): { day: number; weekday: number } => {
          const holiday = usFederalHolidays(year).find((h) => h.name === name);
          if (!holiday) throw new Error(`${name} missing in ${year}`);
          return {
            day: Number(holiday.date.slice(8)),
            weekday: new Date(`${holiday.date}T00:00:00Z`).getUTCDay(),
          };
        };
        const expectations: [string, number, number, number][] = [
          ['Birthday of Martin Luther King, Jr.', 1, 15, 21], // third Monday: days 15-21
          ["Washington's Birthday", 1, 15, 21],
          ['Memorial Day', 1, 25, 31], // last Monday of May
          ['Labor Day', 1, 1, 7],
          ['Columbus Day', 1, 8, 14],
          ['Thanksgiving Day', 4, 22, 28], // fourth Thursday
        ];
        for (const [name, weekdayExpected, first, last] of expectations) {
          const { day, weekday } = on(name);
          expect(weekday).toBe(weekdayExpected);
          expect(day).toBeGreaterThanOrEqual(first);
          expect(day).toBeLessThanOrEqual(last);
        }
      }),
    );
  });
});

describe('isBusinessDay', () => {
  it.each([
    ['2021-12-31', false, `New Year's Day 2022 (a Saturday) is observed that Friday (${OPM} 2021)`],
    ['2027-12-31', false, `New Year's Day 2028 (a Saturday) is observed that Friday (${OPM} 2027)`],
    ['2026-07-03', false, `Independence Day observed (${OPM} 2026)`],
    ['2026-07-04', false, 'a Saturday'],
    ['2026-07-05', false, 'a Sunday'],
    ['2026-07-06', true, 'the Monday after'],
    ['2026-11-26', false, `Thanksgiving Day (${OPM} 2026)`],
    ['2026-11-27', true, 'the day after Thanksgiving is not a federal holiday'],
    ['2026-12-31', true, 'New Year 2027 falls on a Friday, so it is not moved back'],
    ['2020-06-19', true, 'Juneteenth was not yet a holiday in 2020'],
  ])('%s is a business day on the federal calendar: %s (%s)', (date, expected) => {
    expect(isBusinessDay(date, federalCalendar)).toBe(expected);
  });

  it("a calendar's own closures are not business days", () => {
    const payer: BusinessCalendar = {
      id: 'payer-a',
      closures: ['2026-11-27'],
      observesFederalHolidays: true,
    };
    expect(isBusinessDay('2026-11-27', payer)).toBe(false);
    expect(isBusinessDay('2026-11-27', federalCalendar)).toBe(true);
  });

  it('a calendar that does not observe federal holidays is open on them, but never on weekends', () => {
    const open: BusinessCalendar = { id: 'no-holidays', closures: [], observesFederalHolidays: false };
    expect(isBusinessDay('2026-07-03', open)).toBe(true);
    expect(isBusinessDay('2026-07-04', open)).toBe(false);
  });

  it('an invalid closure date is reported with the calendar id', () => {
    const broken: BusinessCalendar = {
      id: 'payer-b',
      closures: ['2026-02-30'],
      observesFederalHolidays: true,
    };
    expect(() => isBusinessDay('2026-03-02', broken)).toThrow(/payer-b.*2026-02-30/);
  });

  it('agrees with an independent check of weekends, observed holidays and closures', () => {
    fc.assert(
      fc.property(anyDate, anyCalendar, (date, cal) => {
        expect(isBusinessDay(date, cal)).toBe(oracleIsBusinessDay(date, cal));
      }),
      { numRuns: 500 },
    );
  });
});

describe('nextBusinessDayOnOrAfter', () => {
  it.each([
    ['2026-07-06', '2026-07-06', 'a business day is its own answer'],
    ['2026-07-03', '2026-07-06', `observed Independence Day, then a weekend (${OPM} 2026)`],
    ['2021-12-31', '2022-01-03', `year end: New Year's Day 2022 observed, then a weekend (${OPM} 2021)`],
    ['2027-12-24', '2027-12-27', `Christmas 2027 observed on Friday (${OPM} 2027)`],
  ])('from %s it is %s (%s)', (date, expected) => {
    expect(nextBusinessDayOnOrAfter(date, federalCalendar)).toBe(expected);
  });

  it('is idempotent, never earlier than the start, and skips only closed days', () => {
    fc.assert(
      fc.property(anyDate, anyCalendar, (date, cal) => {
        const next = nextBusinessDayOnOrAfter(date, cal);
        expect(nextBusinessDayOnOrAfter(next, cal)).toBe(next);
        expect(compareIsoDates(next, date)).toBeGreaterThanOrEqual(0);
        expect(oracleIsBusinessDay(next, cal)).toBe(true);
        for (let d = date; d !== next; d = addCalendarDays(d, 1))
          expect(oracleIsBusinessDay(d, cal)).toBe(false);
      }),
    );
  });
});

describe('addBusinessDays', () => {
  it.each([
    ['2026-07-01', 1, '2026-07-02', 'Wednesday + 1'],
    ['2026-07-02', 1, '2026-07-06', `skips observed Independence Day and the weekend (${OPM} 2026)`],
    ['2026-07-06', 0, '2026-07-06', 'adding 0 to a business day returns it'],
    ['2026-07-04', 0, '2026-07-06', 'adding 0 to a Saturday returns the next business day'],
    ['2026-07-04', 1, '2026-07-07', 'from a Saturday it counts from the Monday after'],
    ['2026-07-03', 1, '2026-07-07', 'from a holiday it counts from the next business day'],
    ['2026-11-25', 1, '2026-11-27', `skips Thanksgiving (${OPM} 2026)`],
    ['2021-12-30', 1, '2022-01-03', `year end: skips Dec 31 observed New Year's Day (${OPM} 2021)`],
    ['2027-12-23', 1, '2027-12-27', `skips Christmas observed on Dec 24 (${OPM} 2027)`],
    ['2027-12-27', 4, '2028-01-03', `year end: Dec 31, 2027 is New Year's Day 2028 observed (${OPM} 2027)`],
    ['2026-12-30', 2, '2027-01-04', 'year end: New Year 2027 on a Friday closes Jan 1 itself'],
    ['2026-01-02', 11, '2026-01-20', `skips MLK Day 2026-01-19 (${OPM} 2026)`],
  ])('%s + %i business days = %s (%s)', (date, n, expected) => {
    expect(addBusinessDays(date, n, federalCalendar)).toBe(expected);
  });

  it('refuses a negative or fractional count', () => {
    expect(() => addBusinessDays('2026-07-06', -1, federalCalendar)).toThrow(RangeError);
    expect(() => addBusinessDays('2026-07-06', 1.5, federalCalendar)).toThrow(RangeError);
  });

  it('never lands on a weekend, an observed holiday or a closure, and counts exactly n open days', () => {
    fc.assert(
      fc.property(anyDate, anyCount, anyCalendar, (date, n, cal) => {
        const result = addBusinessDays(date, n, cal);
        expect(oracleIsBusinessDay(result, cal)).toBe(true);
        let open = 0;
        for (let d = date; d !== result; d = addCalendarDays(d, 1))
          if (oracleIsBusinessDay(d, cal)) open += 1;
        expect(open).toBe(n);
      }),
    );
  });

  // Precondition: one calendar for all three calls and n, m non-negative integers; any start date,
  // business day or not. It holds because a closed start is first moved to the next business day, so
  // the n-th business day is a business day and counting on from it is the same as counting further.
  it('adding n then m business days equals adding n + m, from any start and for all n, m >= 0', () => {
    fc.assert(
      fc.property(anyDate, anyCount, anyCount, anyCalendar, (date, n, m, cal) => {
        expect(addBusinessDays(addBusinessDays(date, n, cal), m, cal)).toBe(
          addBusinessDays(date, n + m, cal),
        );
      }),
    );
  });
});

describe('businessDaysBetween', () => {
  it.each([
    ['2026-07-06', '2026-07-07', 1, 'Monday to Tuesday'],
    ['2026-07-10', '2026-07-13', 1, 'Friday to Monday'],
    ['2026-07-11', '2026-07-13', 0, 'Saturday to Monday: the weekend counts as Monday'],
    ['2026-07-11', '2026-07-14', 1, 'Saturday to Tuesday'],
    ['2026-07-06', '2026-07-06', 0, 'the same day'],
    ['2026-07-07', '2026-07-06', -1, 'backwards'],
    ['2021-12-30', '2022-01-03', 1, `year end: only Dec 30 counts (${OPM} 2021)`],
    ['2026-01-01', '2027-01-01', 250, `2026: 261 weekdays less 11 holidays (${OPM} 2026)`],
    [
      '2027-01-01',
      '2028-01-01',
      249,
      `2027: 261 weekdays less 11 holidays and New Year 2028 on Dec 31 (${OPM} 2027)`,
    ],
    [
      '2022-01-01',
      '2023-01-01',
      250,
      `2022: 260 weekdays less 10 holidays, New Year's fell in 2021 (${OPM} 2022)`,
    ],
  ])('from %s to %s there are %i business days (%s)', (from, to, expected) => {
    expect(businessDaysBetween(from, to, federalCalendar)).toBe(expected);
  });

  it('counts the business days in [from, to), negated when to is earlier', () => {
    fc.assert(
      fc.property(anyDate, fc.integer({ min: -400, max: 400 }), anyCalendar, (from, offset, cal) => {
        const to = addCalendarDays(from, offset);
        const [low, high] = offset >= 0 ? [from, to] : [to, from];
        let open = 0;
        for (let d = low; d !== high; d = addCalendarDays(d, 1)) if (oracleIsBusinessDay(d, cal)) open += 1;
        expect(businessDaysBetween(from, to, cal)).toBe(offset >= 0 ? open : 0 - open); // 0 - 0 is +0, not -0
      }),
    );
  });

  it('undoes addBusinessDays from any start', () => {
    fc.assert(
      fc.property(anyDate, anyCount, anyCalendar, (date, n, cal) => {
        expect(businessDaysBetween(date, addBusinessDays(date, n, cal), cal)).toBe(n);
      }),
    );
  });

  it('adding the count from `from` to a later `to` reaches the first business day on or after `to`', () => {
    fc.assert(
      fc.property(anyDate, fc.integer({ min: 0, max: 400 }), anyCalendar, (from, offset, cal) => {
        const to = addCalendarDays(from, offset);
        expect(addBusinessDays(from, businessDaysBetween(from, to, cal), cal)).toBe(
          nextBusinessDayOnOrAfter(to, cal),
        );
      }),
    );
  });

  it('is additive and antisymmetric', () => {
    fc.assert(
      fc.property(
        anyDate,
        fc.integer({ min: -300, max: 300 }),
        fc.integer({ min: -300, max: 300 }),
        anyCalendar,
        (a, ab, bc, cal) => {
          const b = addCalendarDays(a, ab);
          const c = addCalendarDays(b, bc);
          expect(businessDaysBetween(a, b, cal) + businessDaysBetween(b, c, cal)).toBe(
            businessDaysBetween(a, c, cal),
          );
          expect(businessDaysBetween(b, a, cal)).toBe(-businessDaysBetween(a, b, cal) || 0);
        },
      ),
    );
  });
});
