import { z } from 'zod';

/**
 * An event from Google Calendar's API (v3 `events.list` with singleEvents=true), turned into what
 * Ember keeps of it: a meeting (start, end, title, who else attends, whether the rep declined),
 * keyed by the calendar event id, or the news that the event is cancelled.
 *
 * The API's JSON is untrusted input: it is checked against the subset of the Event resource read
 * here (https://developers.google.com/calendar/api/v3/reference/events), and an event that does not
 * fit is refused with a CalendarEventError saying why. Events that are readable but are not
 * meetings (all-day, or nobody but the rep) are `ignored`, with the reason.
 */

const eventDateTimeSchema = z.object({
  /** RFC 3339; the offset may be left out when `timeZone` says where the time is. */
  dateTime: z.string().optional(),
  /** yyyy-mm-dd: an all-day event. */
  date: z.string().optional(),
  /** An IANA time zone name. */
  timeZone: z.string().optional(),
});

const attendeeSchema = z.object({
  email: z.string().optional(),
  responseStatus: z.string().optional(),
  /** This entry is the owner of the calendar the event was read from: the rep. */
  self: z.boolean().optional(),
  organizer: z.boolean().optional(),
  /** A meeting room or other resource, never a person. */
  resource: z.boolean().optional(),
});

export const calendarEventSchema = z.object({
  id: z.string().min(1, 'an event id is not empty'),
  /** confirmed, tentative or cancelled; a deleted event comes with little more than its id. */
  status: z.string().optional(),
  summary: z.string().optional(),
  start: eventDateTimeSchema.optional(),
  end: eventDateTimeSchema.optional(),
  attendees: z.array(attendeeSchema).optional(),
  organizer: z.object({ email: z.string().optional(), self: z.boolean().optional() }).optional(),
  /** Set on each instance of a recurring event; the instance has its own id. */
  recurringEventId: z.string().optional(),
});
export type CalendarEvent = z.infer<typeof calendarEventSchema>;

export interface CalendarMeeting {
  kind: 'meeting';
  event: string;
  title: string | null;
  start: number;
  end: number;
  /** Everyone else invited, lower-cased, without the rep, rooms or calendars; never empty. */
  attendees: string[];
  /** The rep declined: kept, so a declined meeting is shown as such rather than vanishing. */
  declined: boolean;
}

export interface CalendarCancellation {
  kind: 'cancelled';
  event: string;
}

export interface IgnoredCalendarEvent {
  kind: 'ignored';
  event: string;
  reason: string;
}

export type ParsedCalendarEvent = CalendarMeeting | CalendarCancellation | IgnoredCalendarEvent;

export class CalendarEventError extends Error {
  constructor(
    /** The event's id when it had a readable one: what the sync reports as skipped. */
    readonly event: string | null,
    message: string,
  ) {
    super(message);
    this.name = 'CalendarEventError';
  }
}

/** `self` is the rep's address: their attendee entry is told by it when Google omits `self: true`. */
export function parseCalendarEvent(json: unknown, self: string): ParsedCalendarEvent {
  const parsed = calendarEventSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const id = (json as { id?: unknown } | null)?.id;
    const event = typeof id === 'string' && id !== '' ? id : null;
    throw new CalendarEventError(
      event,
      `Calendar event ${event ?? '(no id)'}: ${issue?.path.join('.') || 'event'}: ${issue?.message ?? 'invalid'}`,
    );
  }
  const event = parsed.data;
  const fail = (message: string) => new CalendarEventError(event.id, `Calendar event ${event.id}: ${message}`);
  if (event.status === 'cancelled') return { kind: 'cancelled', event: event.id };

  if (!event.start) throw fail('no start');
  if (!event.end) throw fail('no end');
  if (event.start.dateTime === undefined && event.end.dateTime === undefined) {
    if (event.start.date !== undefined || event.end.date !== undefined) {
      return { kind: 'ignored', event: event.id, reason: 'an all-day event is not a meeting' };
    }
    throw fail('start and end have neither a time nor a date');
  }
  const start = instantOf(event.start, 'start', fail);
  const end = instantOf(event.end, 'end', fail);
  if (end < start) throw fail('it ends before it starts');

  const rep = self.trim().toLowerCase();
  const isRep = (entry: { email?: string | undefined; self?: boolean | undefined }) =>
    entry.self === true || entry.email?.trim().toLowerCase() === rep;
  const others = new Set<string>();
  let declined = false;
  for (const attendee of event.attendees ?? []) {
    if (isRep(attendee)) {
      declined ||= attendee.responseStatus === 'declined';
      continue;
    }
    if (attendee.resource === true) continue;
    const email = attendee.email?.trim().toLowerCase();
    if (email && isPerson(email)) others.add(email);
  }
  // The organizer is normally among the attendees already; when Google leaves them out of an
  // invitation, they are still in the meeting. Without an attendee list the event is the rep's own
  // (or was put on their calendar by someone with access): nobody is being met.
  const organizer = event.organizer?.email?.trim().toLowerCase();
  if (event.attendees?.length && organizer && !isRep(event.organizer ?? {}) && isPerson(organizer)) {
    others.add(organizer);
  }
  if (others.size === 0) return { kind: 'ignored', event: event.id, reason: 'nobody but the rep attends' };

  const title = event.summary?.trim() ?? '';
  return {
    kind: 'meeting',
    event: event.id,
    title: title === '' ? null : title,
    start,
    end,
    attendees: [...others].sort(),
    declined,
  };
}

/**
 * Addresses Calendar gives to calendars rather than people (rooms, groups, imported calendars,
 * holidays) end in calendar.google.com; nobody is met there.
 */
const isPerson = (email: string) => email.includes('@') && !/[@.]calendar\.google\.com$/.test(email);

function instantOf(
  value: z.infer<typeof eventDateTimeSchema>,
  which: 'start' | 'end',
  fail: (message: string) => CalendarEventError,
): number {
  if (value.dateTime === undefined) throw fail(`${which} is a date while the other end is a time`);
  const local = readRfc3339(value.dateTime);
  if (local === null) throw fail(`${which} is not an RFC 3339 time: ${JSON.stringify(value.dateTime)}`);
  if (local.offsetMinutes !== null) return local.wallClock - local.offsetMinutes * 60_000;
  if (value.timeZone === undefined) throw fail(`${which} has neither a UTC offset nor a time zone`);
  const at = zonedToUtc(local.wallClock, value.timeZone);
  if (at === null) throw fail(`${which} has an unknown time zone: ${JSON.stringify(value.timeZone)}`);
  return at;
}

/** An RFC 3339 time as ms since the epoch, or null when it is not one (Feb 30 and 24:00 are not). */
export function parseRfc3339(value: string): number | null {
  const local = readRfc3339(value);
  return local === null || local.offsetMinutes === null ? null : local.wallClock - local.offsetMinutes * 60_000;
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:([Zz])|([+-])(\d{2}):(\d{2}))?$/;

/**
 * The wall-clock time read as if it were UTC, and the offset when one is written. Checked field by
 * field: Date.parse rolls "02-30" over into March and takes "24:00".
 */
function readRfc3339(value: string): { wallClock: number; offsetMinutes: number | null } | null {
  const match = RFC3339.exec(value);
  if (!match) return null;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const daysInMonth = [31, isLeap(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
  if (day < 1 || day > daysInMonth) return null;
  // 60 is a leap second, which RFC 3339 allows; it is read as the next minute's first.
  if (hour > 23 || minute > 59 || second > 60) return null;
  const ms = Number((match[7] ?? '').padEnd(3, '0').slice(0, 3));
  const date = new Date(Date.UTC(2000, month - 1, day, hour, minute, second, ms));
  // Date.UTC reads years 0–99 as 1900–1999; setting the year afterwards does not.
  date.setUTCFullYear(year);
  let offsetMinutes: number | null = null;
  if (match[8]) offsetMinutes = 0;
  else if (match[9]) {
    const [hours, minutes] = [Number(match[10]), Number(match[11])];
    if (hours > 23 || minutes > 59) return null;
    offsetMinutes = (match[9] === '-' ? -1 : 1) * (hours * 60 + minutes);
  }
  return { wallClock: date.getTime(), offsetMinutes };
}

const isLeap = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

const offsetFormats = new Map<string, Intl.DateTimeFormat>();

/** The zone's offset from UTC at that instant, in minutes; null for a zone Intl does not know. */
function zoneOffsetMinutes(at: number, timeZone: string): number | null {
  let format = offsetFormats.get(timeZone);
  if (!format) {
    try {
      format = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' });
    } catch {
      return null;
    }
    offsetFormats.set(timeZone, format);
  }
  // "GMT" at UTC itself, else "GMT+05:30" / "GMT-05:00".
  const name = format.formatToParts(at).find((part) => part.type === 'timeZoneName')?.value ?? '';
  const match = /^GMT(?:([+-])(\d{2}):(\d{2}))?$/.exec(name);
  if (!match) return null;
  if (!match[1]) return 0;
  return (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3]));
}

/**
 * A wall-clock time in a zone, as UTC. The offset is taken at the first guess and then at the
 * instant it gives, so a time just after a change of offset lands on the right side of it.
 */
function zonedToUtc(wallClock: number, timeZone: string): number | null {
  const first = zoneOffsetMinutes(wallClock, timeZone);
  if (first === null) return null;
  const second = zoneOffsetMinutes(wallClock - first * 60_000, timeZone);
  return wallClock - (second ?? first) * 60_000;
}
