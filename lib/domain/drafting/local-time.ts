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
