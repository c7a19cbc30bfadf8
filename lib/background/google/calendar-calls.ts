import { z } from 'zod';
import { parseRfc3339 } from '../sources/calendar-event';
import { GoogleApiError, type GoogleApi } from './google-api';

/**
 * The Calendar v3 calls Ember makes, on the rep's primary calendar, with the part of each answer it
 * reads (https://developers.google.com/calendar/api/v3/reference). Events come back as unchecked
 * JSON: sources/calendar-event.ts checks and parses each one, so one bad event is skipped alone.
 */
export interface CalendarCalls {
  /**
   * One page of events, recurring ones expanded into instances, deleted ones included (status
   * cancelled). `nextSyncToken` comes on the last page only. Throws SyncTokenGoneError when Google
   * no longer knows the sync token.
   */
  listEvents(request: ListEventsRequest): Promise<EventsPage>;
  /** The rep's busy intervals in [timeMin, timeMax), merged and sorted, in ms since the epoch. */
  freeBusy(range: { timeMin: number; timeMax: number }): Promise<Interval[]>;
}

/**
 * Calendar refuses timeMin (and other filters) together with a sync token: an incremental list
 * gives every change since the token, whatever its time.
 */
export type ListEventsRequest =
  | { syncToken: string; timeMin?: undefined; pageToken?: string | undefined }
  | { syncToken?: undefined; timeMin?: number | undefined; pageToken?: string | undefined };

export interface EventsPage {
  items: unknown[];
  nextPageToken?: string;
  nextSyncToken?: string;
}

export interface Interval {
  start: number;
  end: number;
}

/** Google answered 410: the sync token expired or was invalidated, and only a full sync helps. */
export class SyncTokenGoneError extends GoogleApiError {
  constructor(reasons: readonly string[], message: string) {
    super(410, reasons, message);
    this.name = 'SyncTokenGoneError';
  }
}

const eventsPageSchema = z.object({
  items: z.array(z.unknown()).optional(),
  nextPageToken: z.string().optional(),
  nextSyncToken: z.string().optional(),
});

const timeSchema = z.string().transform((value, context) => {
  const at = parseRfc3339(value);
  if (at === null) {
    context.addIssue({ code: 'custom', message: `not an RFC 3339 time: ${JSON.stringify(value)}` });
    return z.NEVER;
  }
  return at;
});

const freeBusySchema = z.object({
  calendars: z
    .record(
      z.string(),
      z.object({
        busy: z.array(z.object({ start: timeSchema, end: timeSchema })).optional(),
        errors: z.array(z.object({ domain: z.string().optional(), reason: z.string().optional() })).optional(),
      }),
    )
    .optional(),
});

const CALENDAR = 'calendar/v3/calendars/primary';
/** The most events.list gives per page is 2500; 250 keeps each answer small for the worker. */
const PAGE_SIZE = 250;

export function calendarCalls(api: GoogleApi): CalendarCalls {
  return {
    async listEvents(request) {
      if (request.syncToken !== undefined && request.timeMin !== undefined) {
        throw new RangeError('events.list: a sync token cannot be combined with timeMin');
      }
      let page: z.infer<typeof eventsPageSchema>;
      try {
        page = await api.call({
          api: 'calendar',
          method: 'events.list',
          path: `${CALENDAR}/events`,
          query: {
            singleEvents: true,
            showDeleted: true,
            maxResults: PAGE_SIZE,
            syncToken: request.syncToken,
            timeMin: request.timeMin === undefined ? undefined : new Date(request.timeMin).toISOString(),
            pageToken: request.pageToken,
          },
          schema: eventsPageSchema,
        });
      } catch (error) {
        if (error instanceof GoogleApiError && error.status === 410) {
          throw new SyncTokenGoneError(error.reasons, error.message);
        }
        throw error;
      }
      return {
        items: page.items ?? [],
        ...(page.nextPageToken ? { nextPageToken: page.nextPageToken } : {}),
        ...(page.nextSyncToken ? { nextSyncToken: page.nextSyncToken } : {}),
      };
    },

    async freeBusy({ timeMin, timeMax }) {
      if (!(timeMin < timeMax)) throw new RangeError('freeBusy: timeMin must come before timeMax');
      const answer = await api.call({
        api: 'calendar',
        method: 'freeBusy.query',
        path: 'calendar/v3/freeBusy',
        body: {
          timeMin: new Date(timeMin).toISOString(),
          timeMax: new Date(timeMax).toISOString(),
          items: [{ id: 'primary' }],
        },
        schema: freeBusySchema,
      });
      const calendars = Object.values(answer.calendars ?? {});
      // Keyed by the id asked for; a lone entry under the rep's address is the same calendar.
      const primary = answer.calendars?.['primary'] ?? (calendars.length === 1 ? calendars[0] : undefined);
      if (!primary) throw new GoogleApiError(200, [], 'freeBusy.query: no answer for the primary calendar');
      if (primary.errors?.length) {
        // Per-calendar errors come inside a 200: a calendar Google could not read is not a free one.
        const reasons = primary.errors.flatMap((entry) => (entry.reason ? [entry.reason] : []));
        throw new GoogleApiError(200, reasons, `freeBusy.query: primary: ${reasons.join(', ') || 'error'}`);
      }
      return mergeIntervals(primary.busy ?? [], timeMin, timeMax);
    },
  };
}

/** Sorted, overlapping and touching intervals joined, cut to [from, to); empty ones dropped. */
export function mergeIntervals(intervals: readonly Interval[], from: number, to: number): Interval[] {
  const sorted = intervals
    .map(({ start, end }) => ({ start: Math.max(start, from), end: Math.min(end, to) }))
    .filter(({ start, end }) => start < end)
    .sort((a, b) => a.start - b.start);
  const merged: Interval[] = [];
  for (const interval of sorted) {
    const last = merged.at(-1);
    if (last && interval.start <= last.end) last.end = Math.max(last.end, interval.end);
    else merged.push({ ...interval });
  }
  return merged;
}
