import type { Instant } from '../engine/types';

/** An instant's calendar fields in a zone, as the clock on that wall reads. */
export interface LocalTime {
  /** "Tue". */
  weekday: string;
  /** 1 Monday … 7 Sunday. */
  isoWeekday: number;
  year: string;
  month: string;
  day: string;
  hour: string;
  minute: string;
  /** Minutes after local midnight. */
  minutes: number;
}

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

export function localTime(at: Instant, timeZone: string): LocalTime {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    weekday: 'short',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((entry) => entry.type === type)?.value ?? '';
  const weekday = part('weekday');
  return {
    weekday,
    isoWeekday: WEEKDAYS.indexOf(weekday) + 1,
    year: part('year'),
    month: part('month'),
    day: part('day'),
    hour: part('hour'),
    minute: part('minute'),
    minutes: Number(part('hour')) * 60 + Number(part('minute')),
  };
}

const FULL_WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/**
 * When something happened, as a sentence says it to the reader of `timeZone`: "today",
 * "yesterday", "on Tuesday" within the week, else "on April 7".
 */
export function spokenDay(at: Instant, now: Instant, timeZone: string): string {
  const then = localTime(at, timeZone);
  const today = localTime(now, timeZone);
  const days = Math.round(
    (Date.UTC(+today.year, +today.month - 1, +today.day) - Date.UTC(+then.year, +then.month - 1, +then.day)) /
      86_400_000,
  );
  if (days === 0) return 'today';
  if (days === 1) return 'yesterday';
  if (days > 1 && days < 7) return `on ${FULL_WEEKDAYS[then.isoWeekday - 1]}`;
  return `on ${MONTH_NAMES[+then.month - 1]} ${+then.day}`;
}
