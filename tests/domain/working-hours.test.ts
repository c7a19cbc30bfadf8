import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { createWorkCalendar, isValidTimeZone, workingHoursSchema, type WorkingHours } from '@/lib/domain/working-hours';

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();
const everyDay = (start: string, end: string): WorkingHours => ({ days: [1, 2, 3, 4, 5, 6, 7], start, end });

describe('addWorkingMinutes', () => {
  // prettier-ignore
  test.each([
    // [case, zone, hours, from, minutes, expected]
    ['inside a window', 'UTC', undefined, '2026-04-06T10:00:00Z', 60, '2026-04-06T11:00:00.000Z'],
    ['across the end of a day', 'UTC', undefined, '2026-04-06T16:00:00Z', 120, '2026-04-07T10:00:00.000Z'],
    ['exactly filling a window ends at its end', 'UTC', undefined, '2026-04-06T09:00:00Z', 480, '2026-04-06T17:00:00.000Z'],
    ['over two whole days', 'UTC', undefined, '2026-04-06T09:00:00Z', 960, '2026-04-07T17:00:00.000Z'],
    ['one minute past two days', 'UTC', undefined, '2026-04-06T09:00:00Z', 961, '2026-04-08T09:01:00.000Z'],
    ['fired on a weekend', 'UTC', undefined, '2026-04-11T12:00:00Z', 60, '2026-04-13T10:00:00.000Z'],
    ['Friday across the weekend', 'UTC', undefined, '2026-04-10T16:30:00Z', 60, '2026-04-13T09:30:00.000Z'],
    ['fired after hours', 'UTC', undefined, '2026-04-06T18:00:00Z', 30, '2026-04-07T09:30:00.000Z'],
    ['fired before hours, no delay: the next start', 'UTC', undefined, '2026-04-06T07:00:00Z', 0, '2026-04-06T09:00:00.000Z'],
    ['fired at a window end counts as outside', 'UTC', undefined, '2026-04-06T17:00:00Z', 0, '2026-04-07T09:00:00.000Z'],
    ['fired at a window start counts as inside', 'UTC', undefined, '2026-04-06T09:00:00Z', 0, '2026-04-06T09:00:00.000Z'],
    ['inside, no delay: the same instant', 'UTC', undefined, '2026-04-06T12:34:00Z', 0, '2026-04-06T12:34:00.000Z'],
    ['New York, in EST', 'America/New_York', undefined, '2026-03-02T14:00:00Z', 60, '2026-03-02T15:00:00.000Z'],
    ['New York, Friday EST to Monday EDT', 'America/New_York', undefined, '2026-03-06T21:00:00Z', 120, '2026-03-09T14:00:00.000Z'],
    ['New York, Friday EDT to Monday EST', 'America/New_York', undefined, '2026-10-30T20:00:00Z', 120, '2026-11-02T15:00:00.000Z'],
    ['New York, spring-forward night is 4 real hours', 'America/New_York', everyDay('00:00', '05:00'), '2026-03-08T05:00:00Z', 240, '2026-03-08T09:00:00.000Z'],
    ['New York, fall-back night is 6 real hours', 'America/New_York', everyDay('00:00', '05:00'), '2026-11-01T04:00:00Z', 360, '2026-11-01T10:00:00.000Z'],
    ['Berlin, Friday CET to Monday CEST', 'Europe/Berlin', undefined, '2026-03-27T15:00:00Z', 120, '2026-03-30T08:00:00.000Z'],
    ['Berlin, Friday CEST to Monday CET', 'Europe/Berlin', undefined, '2026-10-23T14:00:00Z', 120, '2026-10-26T09:00:00.000Z'],
    ['Berlin, fall-back night is 5 real hours', 'Europe/Berlin', everyDay('00:00', '04:00'), '2026-10-24T22:00:00Z', 300, '2026-10-25T03:00:00.000Z'],
    // Wall times the clock skips are read as JavaScript reads them, an hour later: 03:15–03:45 EDT.
    ['a window inside the spring-forward gap moves with the clock', 'America/New_York', everyDay('02:15', '02:45'), '2026-03-08T05:00:00Z', 30, '2026-03-08T07:45:00.000Z'],
    ['custom week: Sunday to Thursday', 'Asia/Dubai', { days: [7, 1, 2, 3, 4], start: '08:00', end: '16:00' }, '2026-04-10T08:00:00Z', 60, '2026-04-12T05:00:00.000Z'],
    ['a window ending at midnight', 'UTC', { days: [1, 2, 3, 4, 5], start: '20:00', end: '24:00' }, '2026-04-06T23:30:00Z', 60, '2026-04-07T20:30:00.000Z'],
  ] as const)('%s', (_case, zone, hours, from, minutes, expected) => {
    expect(iso(createWorkCalendar(zone, hours).addWorkingMinutes(at(from), minutes))).toBe(expected);
  });
});

describe('workingMinutesBetween', () => {
  // prettier-ignore
  test.each([
    ['inside one window', 'UTC', undefined, '2026-04-06T10:00:00Z', '2026-04-06T10:40:00Z', 40],
    ['over a night', 'UTC', undefined, '2026-04-06T16:00:00Z', '2026-04-07T10:00:00Z', 120],
    ['over a weekend', 'UTC', undefined, '2026-04-10T16:00:00Z', '2026-04-13T10:00:00Z', 120],
    ['a weekend only', 'UTC', undefined, '2026-04-11T00:00:00Z', '2026-04-13T00:00:00Z', 0],
    ['the same instant', 'UTC', undefined, '2026-04-06T10:00:00Z', '2026-04-06T10:00:00Z', 0],
    ['reversed', 'UTC', undefined, '2026-04-06T11:00:00Z', '2026-04-06T10:00:00Z', 0],
    ['New York across spring-forward', 'America/New_York', undefined, '2026-03-06T21:00:00Z', '2026-03-09T13:30:00Z', 90],
    ['New York spring-forward night', 'America/New_York', everyDay('00:00', '05:00'), '2026-03-08T00:00:00Z', '2026-03-08T12:00:00Z', 240],
    ['Berlin fall-back night', 'Europe/Berlin', everyDay('00:00', '04:00'), '2026-10-24T20:00:00Z', '2026-10-25T12:00:00Z', 300],
  ] as const)('%s', (_case, zone, hours, from, to, expected) => {
    expect(createWorkCalendar(zone, hours).workingMinutesBetween(at(from), at(to))).toBe(expected);
  });
});

describe('isWorkingTime', () => {
  const calendar = createWorkCalendar('America/New_York');
  test.each([
    ['2026-04-06T13:00:00Z', true],
    ['2026-04-06T20:59:00Z', true],
    ['2026-04-06T21:00:00Z', false],
    ['2026-04-06T12:59:00Z', false],
    ['2026-04-11T15:00:00Z', false],
  ])('%s → %s', (instant, expected) => {
    expect(calendar.isWorkingTime(at(instant))).toBe(expected);
  });
});

describe('working-time arithmetic, for any start and delay', () => {
  const zones = ['UTC', 'America/New_York', 'Europe/Berlin', 'Australia/Lord_Howe', 'Asia/Kolkata'] as const;
  const instants = fc.integer({ min: at('2025-01-01T00:00:00Z'), max: at('2028-01-01T00:00:00Z') });

  test('counting the minutes back gives the delay', () => {
    fc.assert(
      fc.property(fc.constantFrom(...zones), instants, fc.integer({ min: 0, max: 20_000 }), (zone, from, minutes) => {
        const calendar = createWorkCalendar(zone);
        const due = calendar.addWorkingMinutes(from, minutes);
        expect(due).toBeGreaterThanOrEqual(from);
        expect(calendar.workingMinutesBetween(from, due)).toBe(minutes);
      }),
      { numRuns: 300 },
    );
  });

  test('a longer delay is never due earlier', () => {
    fc.assert(
      fc.property(fc.constantFrom(...zones), instants, fc.nat(5_000), fc.nat(5_000), (zone, from, a, b) => {
        const calendar = createWorkCalendar(zone);
        const [shorter, longer] = a <= b ? [a, b] : [b, a];
        expect(calendar.addWorkingMinutes(from, shorter)).toBeLessThanOrEqual(calendar.addWorkingMinutes(from, longer));
      }),
      { numRuns: 200 },
    );
  });
});

describe('workingHoursSchema', () => {
  test.each([
    [{ days: [], start: '09:00', end: '17:00' }, 'at least one working day is required'],
    [{ days: [0], start: '09:00', end: '17:00' }, 'days are ISO weekdays 1 (Monday) to 7 (Sunday)'],
    [{ days: [1, 1], start: '09:00', end: '17:00' }, 'a day is listed twice'],
    [{ days: [1], start: '9am', end: '17:00' }, 'must be a time of day as "HH:MM"'],
    [{ days: [1], start: '17:00', end: '09:00' }, 'must be after start'],
  ])('%j is refused: %s', (input, message) => {
    const result = workingHoursSchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe(message);
  });
});

describe('time zone names', () => {
  test.each([
    ['America/New_York', true],
    ['Europe/Berlin', true],
    ['UTC', true],
    ['Mars/Olympus_Mons', false],
    ['', false],
  ])('%j is valid: %s, asked twice alike', (zone, valid) => {
    expect(isValidTimeZone(zone)).toBe(valid);
    expect(isValidTimeZone(zone)).toBe(valid);
  });
});
