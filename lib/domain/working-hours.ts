import { TZDateMini } from '@date-fns/tz';
import { z } from 'zod';
import { boundedMemo } from './bounded-memo';

/**
 * Working time: the windows of the rep's working days in their time zone, and SLA arithmetic over
 * them. A window is [start, end): its start is working time, its end is not. Working minutes are
 * real elapsed minutes inside windows, so a window on a daylight-saving day is as long as the clock
 * says it is in real time.
 */

const clockTimePattern = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;

const clockTimeSchema = z.string().regex(clockTimePattern, 'must be a time of day as "HH:MM"');

export const workingHoursSchema = z
  .object({
    days: z
      .array(
        z
          .number()
          .int()
          .min(1, 'days are ISO weekdays 1 (Monday) to 7 (Sunday)')
          .max(7, 'days are ISO weekdays 1 (Monday) to 7 (Sunday)'),
      )
      .min(1, 'at least one working day is required')
      .refine((days) => new Set(days).size === days.length, 'a day is listed twice'),
    start: clockTimeSchema,
    end: clockTimeSchema,
  })
  .refine((hours) => minutesOfDay(hours.start) < minutesOfDay(hours.end), {
    message: 'must be after start',
    path: ['end'],
  });

export type WorkingHours = z.infer<typeof workingHoursSchema>;

export const DEFAULT_WORKING_HOURS: WorkingHours = { days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' };

/** Zones already checked: making a DateTimeFormat costs milliseconds, and settings are parsed on every request. */
const checkedTimeZones = new Map<string, boolean>();

export function isValidTimeZone(timeZone: string): boolean {
  let valid = checkedTimeZones.get(timeZone);
  if (valid === undefined) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone });
      valid = true;
    } catch {
      valid = false;
    }
    if (checkedTimeZones.size < 1_000) checkedTimeZones.set(timeZone, valid);
  }
  return valid;
}

export const timeZoneSchema = z.string().refine(isValidTimeZone, {
  error: (issue) => `unknown time zone ${JSON.stringify(issue.input)}`,
});

function minutesOfDay(clock: string): number {
  const [hours, minutes] = clock.split(':').map(Number);
  return hours! * 60 + minutes!;
}

const MINUTE = 60_000;

interface Window {
  start: number;
  end: number;
}

/** A calendar day in the rep's zone, as a proleptic UTC date so that day arithmetic ignores zones. */
type LocalDay = number;

const DAY = 86_400_000;

export interface WorkCalendar {
  readonly timeZone: string;
  /** `from` plus `minutes` of working time; from outside a window the count starts at the next window. */
  addWorkingMinutes(from: number, minutes: number): number;
  /** Working minutes in [from, to); 0 when `to` is not after `from`. */
  workingMinutesBetween(from: number, to: number): number;
  /** Whether `at` lies inside a working window. */
  isWorkingTime(at: number): boolean;
  /** The working window containing `at`, else the next one. */
  nextWindow(at: number): { start: number; end: number };
}

type CalendarHours =
  Readonly<WorkingHours> | { readonly days: readonly number[]; readonly start: string; readonly end: string };

/**
 * Calendars already made, by zone and working week. A calendar is a pure function of those, and the
 * extension makes an engine context (with its calendar) per request: a shared one keeps the windows
 * it computed, so a rebuild does not convert zones again for days an earlier request already met.
 */
const calendarOf = boundedMemo(64, (key: string) => {
  const [timeZone, days, start, end] = JSON.parse(key) as [string, number[], string, string];
  return buildWorkCalendar(timeZone, { days, start, end });
});

/**
 * A calendar for one zone and working week. Windows are computed once per local day and cached,
 * because zone conversion dominates the cost of SLA arithmetic.
 */
export function createWorkCalendar(timeZone: string, hours: CalendarHours = DEFAULT_WORKING_HOURS): WorkCalendar {
  return calendarOf(JSON.stringify([timeZone, hours.days, hours.start, hours.end]));
}

function buildWorkCalendar(timeZone: string, hours: CalendarHours): WorkCalendar {
  const workingDays = new Set(hours.days);
  const startMinutes = minutesOfDay(hours.start);
  const endMinutes = minutesOfDay(hours.end);
  const windows = new Map<LocalDay, Window | null>();

  const midnights = new Map<LocalDay, number>();
  const midnightOf = (day: LocalDay): number => {
    let midnight = midnights.get(day);
    if (midnight === undefined) {
      const date = new Date(day);
      midnight = new TZDateMini(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate(), 0, 0, timeZone).getTime();
      midnights.set(day, midnight);
    }
    return midnight;
  };

  // Zone offsets are within a day of UTC, so the UTC date is at most a step or two off; stepping by
  // cached local midnights keeps zone conversion off the hot path.
  const localDayOf = (at: number): LocalDay => {
    let day = Math.floor(at / DAY) * DAY;
    while (at < midnightOf(day)) day -= DAY;
    while (at >= midnightOf(day + DAY)) day += DAY;
    return day;
  };

  const windowOn = (day: LocalDay): Window | null => {
    const cached = windows.get(day);
    if (cached !== undefined) return cached;
    const date = new Date(day);
    const isoWeekday = date.getUTCDay() === 0 ? 7 : date.getUTCDay();
    let window: Window | null = null;
    if (workingDays.has(isoWeekday)) {
      const at = (minutes: number) =>
        new TZDateMini(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate(), 0, minutes, timeZone).getTime();
      const start = at(startMinutes);
      const end = at(endMinutes);
      // A window swallowed by a daylight-saving gap is no window at all.
      window = end > start ? { start, end } : null;
    }
    windows.set(day, window);
    return window;
  };

  /** The window containing `at`, else the first one after it. */
  const windowFrom = (at: number): Window => {
    let day = localDayOf(at);
    // Windows lie within one local day, so the one containing `at` is on `at`'s own day.
    for (let step = 0; step < 15; step += 1, day += DAY) {
      const window = windowOn(day);
      if (window && window.end > at) return window;
    }
    throw new Error('working hours have no window in two weeks');
  };

  return {
    timeZone,
    addWorkingMinutes(from, minutes) {
      let remaining = minutes * MINUTE;
      let cursor = from;
      for (;;) {
        const window = windowFrom(cursor);
        const start = Math.max(cursor, window.start);
        const available = window.end - start;
        if (remaining <= available) return start + remaining;
        remaining -= available;
        cursor = window.end;
      }
    },
    workingMinutesBetween(from, to) {
      let total = 0;
      let cursor = from;
      while (cursor < to) {
        const window = windowFrom(cursor);
        if (window.start >= to) break;
        total += Math.min(to, window.end) - Math.max(cursor, window.start);
        cursor = window.end;
      }
      return total / MINUTE;
    },
    isWorkingTime(at) {
      const window = windowFrom(at);
      return window.start <= at;
    },
    nextWindow: (at) => ({ ...windowFrom(at) }),
  };
}
