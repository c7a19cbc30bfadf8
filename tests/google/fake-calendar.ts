/// <reference types="@maxim_mazurok/gapi.client.calendar-v3" />
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for the subset of Calendar v3 Ember calls: events.list on the primary calendar
 * (singleEvents, showDeleted, timeMin, paging, sync tokens) and freeBusy.query. Its answers are
 * typed by Google's published types (@maxim_mazurok/gapi.client.calendar-v3, generated from the
 * discovery document).
 *
 * `handle` is the whole API, with no server: it answers null for paths outside /calendar/v3/, so it
 * can be mounted in another fake's server. `startFakeCalendarServer` serves it alone, on 127.0.0.1,
 * with queued faults. Authorization is the server's to check, not `handle`'s.
 *
 * Sync tokens are versions: every change to an event gives it the next version, and a token names
 * the version the calendar had when its list began (and the generation, which expiring ends). An incremental list gives the events changed
 * after it (deleted ones as `status: cancelled` with little else, as Google does).
 */

type Event = gapi.client.calendar.Event;
type EventAttendee = gapi.client.calendar.EventAttendee;
type Events = gapi.client.calendar.Events;
type FreeBusyRequest = gapi.client.calendar.FreeBusyRequest;
type FreeBusyResponse = gapi.client.calendar.FreeBusyResponse;

export interface FakeEvent {
  summary?: string;
  start: number;
  end: number;
  attendees: { email: string; responseStatus?: string }[];
  /** Who sent the invitation; the rep by default. */
  organizer?: string;
}

export interface FakeAnswer {
  status: number;
  headers?: Record<string, string>;
  body: unknown;
}

export interface Interval {
  start: number;
  end: number;
}

export interface FakeCalendar {
  /** The answer to a request, or null when the path is not Calendar's. */
  handle(method: string, url: URL, body: string): FakeAnswer | null;
  /** Adds an event on the rep's calendar (the rep attends, accepted); returns its id. */
  addEvent(event: FakeEvent): string;
  moveEvent(id: string, start: number, end: number): void;
  cancelEvent(id: string): void;
  /** The rep declines. */
  declineEvent(id: string): void;
  /** Every sync token given so far is gone: listing from one answers 410. */
  expireSyncTokens(): void;
  /** What makes the rep busy, per event as stored (neither merged nor cut): live, not declined. */
  busy(): Interval[];
}

interface Stored {
  id: string;
  summary: string | undefined;
  start: number;
  end: number;
  organizer: string;
  attendees: { email: string; responseStatus: string }[];
  /** The rep's own response. */
  response: string;
  cancelled: boolean;
  version: number;
}

const error = (code: number, reason: string, message: string): FakeAnswer => ({
  status: code,
  body: { error: { code, message, errors: [{ domain: 'global', reason, message }] } },
});

/** Query parameters an incremental list refuses (https://developers.google.com/calendar/api/guides/sync). */
const NOT_WITH_SYNC_TOKEN = [
  'iCalUID',
  'orderBy',
  'privateExtendedProperty',
  'q',
  'sharedExtendedProperty',
  'timeMin',
  'timeMax',
  'updatedMin',
];

export function createFakeCalendar({
  account,
  timeZone = 'America/New_York',
}: {
  account: string;
  /** The calendar's zone: times are written in it, with its offset, as Google writes them. */
  timeZone?: string;
}): FakeCalendar {
  const events = new Map<string, Stored>();
  let version = 0;
  /** Tokens name their generation too: expiring starts a new one, even with no change since. */
  let generation = 0;
  let sequence = 0;

  const stored = (id: string) => {
    const found = events.get(id);
    if (!found) throw new Error(`fake calendar: no event ${id}`);
    return found;
  };
  const touch = (event: Stored) => {
    version += 1;
    event.version = version;
  };

  const offsetFormat = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' });
  /** "2026-12-01T07:00:00-05:00": the zone's wall clock and offset. */
  const zoned = (at: number) => {
    const name = offsetFormat.formatToParts(at).find((part) => part.type === 'timeZoneName')?.value ?? 'GMT';
    const match = /^GMT(?:([+-])(\d{2}):(\d{2}))?$/.exec(name);
    const minutes = match?.[1] ? (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3])) : 0;
    const wallClock = new Date(at + minutes * 60_000).toISOString().slice(0, 19);
    return `${wallClock}${match?.[1] ? `${match[1]}${match[2]}:${match[3]}` : 'Z'}`;
  };
  const utc = (at: number) => `${new Date(at).toISOString().slice(0, 19)}Z`;

  const toJson = (event: Stored): Event => {
    if (event.cancelled)
      return { kind: 'calendar#event', etag: `"${event.version}"`, id: event.id, status: 'cancelled' };
    const rep: EventAttendee = {
      email: account,
      self: true,
      responseStatus: event.response,
      ...(event.organizer === account ? { organizer: true } : {}),
    };
    return {
      kind: 'calendar#event',
      etag: `"${event.version}"`,
      id: event.id,
      status: 'confirmed',
      htmlLink: `https://www.google.com/calendar/event?eid=${event.id}`,
      ...(event.summary === undefined ? {} : { summary: event.summary }),
      creator: { email: event.organizer, ...(event.organizer === account ? { self: true } : {}) },
      organizer: { email: event.organizer, ...(event.organizer === account ? { self: true } : {}) },
      start: { dateTime: zoned(event.start), timeZone },
      end: { dateTime: zoned(event.end), timeZone },
      iCalUID: `${event.id}@google.com`,
      sequence: 0,
      attendees: [
        rep,
        ...event.attendees.map((attendee): EventAttendee => ({
          ...attendee,
          ...(attendee.email === event.organizer ? { organizer: true } : {}),
        })),
      ],
      eventType: 'default',
    };
  };

  const busy = (): Interval[] =>
    [...events.values()]
      .filter((event) => !event.cancelled && event.response !== 'declined')
      .map(({ start, end }) => ({ start, end }));

  const listEvents = (url: URL): FakeAnswer => {
    const params = url.searchParams;
    const syncToken = params.get('syncToken');
    let since: number | null = null;
    if (syncToken !== null) {
      const forbidden = NOT_WITH_SYNC_TOKEN.filter((name) => params.has(name));
      if (forbidden.length > 0) {
        return error(400, 'invalid', `Sync token cannot be used with ${forbidden.join(', ')}.`);
      }
      const match = /^fake-sync-(\d+)-(\d+)$/.exec(syncToken);
      if (!match || Number(match[1]) > generation || Number(match[2]) > version) {
        return error(400, 'invalid', 'Invalid sync token value.');
      }
      since = Number(match[2]);
      if (Number(match[1]) < generation) {
        return error(410, 'fullSyncRequired', 'Sync token is no longer valid, a full sync is required.');
      }
    }
    let page: { through: number; after: string } | null = null;
    const pageToken = params.get('pageToken');
    if (pageToken !== null) {
      try {
        const decoded = JSON.parse(Buffer.from(pageToken, 'base64url').toString('utf8')) as unknown;
        if (
          typeof decoded === 'object' &&
          decoded !== null &&
          'through' in decoded &&
          typeof decoded.through === 'number' &&
          'after' in decoded &&
          typeof decoded.after === 'string'
        ) {
          page = { through: decoded.through, after: decoded.after };
        }
      } catch {
        // Not a token of this fake's: refused below.
      }
      if (!page) return error(400, 'invalid', 'Invalid page token value.');
    }
    const timeMin = params.has('timeMin') ? Date.parse(params.get('timeMin') ?? '') : null;
    if (Number.isNaN(timeMin)) return error(400, 'invalid', 'Bad Request');
    const size = Number(params.get('maxResults') ?? 250);
    if (!Number.isInteger(size) || size < 1 || size > 2500) return error(400, 'invalid', 'Invalid maxResults.');
    // An incremental list always has deleted events; a full one only when asked.
    const showDeleted = since !== null || params.get('showDeleted') === 'true';
    // In id order, so a page token is "after this id": an event changed while pages are read is
    // either listed with its change or newer than the token the last page gives.
    const matching = [...events.values()]
      .filter((event) => since === null || event.version > since)
      .filter((event) => showDeleted || !event.cancelled)
      // timeMin bounds an event's end, exclusive.
      .filter((event) => timeMin === null || event.end > timeMin)
      .filter((event) => page === null || event.id > page.after)
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const through = page?.through ?? version;
    const items = matching.slice(0, size);
    const last = items.at(-1);
    const answer: Events = {
      kind: 'calendar#events',
      etag: `"${version}"`,
      summary: account,
      timeZone,
      accessRole: 'owner',
      items: items.map(toJson),
      ...(matching.length > size && last
        ? { nextPageToken: Buffer.from(JSON.stringify({ through, after: last.id })).toString('base64url') }
        : { nextSyncToken: `fake-sync-${generation}-${through}` }),
    };
    return { status: 200, body: answer };
  };

  const freeBusy = (body: string): FakeAnswer => {
    let request: FreeBusyRequest;
    try {
      request = JSON.parse(body) as FreeBusyRequest;
    } catch {
      return error(400, 'parseError', 'Parse Error');
    }
    if (!request.timeMin) return error(400, 'required', 'Missing timeMin parameter.');
    if (!request.timeMax) return error(400, 'required', 'Missing timeMax parameter.');
    const [from, to] = [Date.parse(request.timeMin), Date.parse(request.timeMax)];
    if (Number.isNaN(from) || Number.isNaN(to)) return error(400, 'invalid', 'Bad Request');
    if (to < from) return error(400, 'timeRangeEmpty', 'The specified time range is empty.');
    const answer: FreeBusyResponse = {
      kind: 'calendar#freeBusy',
      timeMin: utc(from),
      timeMax: utc(to),
      calendars: Object.fromEntries(
        (request.items ?? []).map(({ id = '' }) => [
          id,
          id === 'primary' || id === account
            ? {
                // Each event alone, in the order stored: a client must not count on Google merging.
                busy: busy()
                  .filter(({ start, end }) => end > from && start < to)
                  .map(({ start, end }) => ({ start: utc(Math.max(start, from)), end: utc(Math.min(end, to)) })),
              }
            : { errors: [{ domain: 'global', reason: 'notFound' }], busy: [] },
        ]),
      ),
    };
    return { status: 200, body: answer };
  };

  return {
    handle(method, url, body) {
      if (!url.pathname.startsWith('/calendar/v3/')) return null;
      const route = /^\/calendar\/v3\/calendars\/([^/]+)\/events$/.exec(url.pathname);
      if (method === 'GET' && route) {
        const calendar = decodeURIComponent(route[1]!);
        if (calendar !== 'primary' && calendar !== account) return error(404, 'notFound', 'Not Found');
        return listEvents(url);
      }
      if (method === 'POST' && url.pathname === '/calendar/v3/freeBusy') return freeBusy(body);
      return error(404, 'notFound', 'Not Found');
    },
    addEvent(event) {
      sequence += 1;
      // Calendar ids are base32hex (0-9, a-v); padded, id order is the order added.
      const id = `fakeevent${sequence.toString(32).padStart(6, '0')}`;
      const organizer = event.organizer ?? account;
      const own = event.attendees.find((attendee) => attendee.email === account);
      const added: Stored = {
        id,
        summary: event.summary,
        start: event.start,
        end: event.end,
        organizer,
        attendees: event.attendees
          .filter((attendee) => attendee.email !== account)
          .map(({ email, responseStatus = 'needsAction' }) => ({ email, responseStatus })),
        response: own?.responseStatus ?? (organizer === account ? 'accepted' : 'needsAction'),
        cancelled: false,
        version: 0,
      };
      touch(added);
      events.set(id, added);
      return id;
    },
    moveEvent(id, start, end) {
      const event = stored(id);
      event.start = start;
      event.end = end;
      touch(event);
    },
    cancelEvent(id) {
      const event = stored(id);
      event.cancelled = true;
      touch(event);
    },
    declineEvent(id) {
      const event = stored(id);
      event.response = 'declined';
      touch(event);
    },
    expireSyncTokens() {
      generation += 1;
    },
    busy,
  };
}

export interface Fault {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface FakeCalendarServer extends FakeCalendar {
  baseUrl: string;
  /** The next requests whose path starts with `path` get these answers, in order. */
  fail(path: string, ...faults: Fault[]): void;
  /** Requests made, as `METHOD path?query`, with their body. */
  requests: { line: string; body: string }[];
  close(): Promise<void>;
}

/** The fake calendar alone on 127.0.0.1, on a free port. */
export async function startFakeCalendarServer({
  account = 'sam@emberseller.com',
}: { account?: string } = {}): Promise<FakeCalendarServer> {
  const calendar = createFakeCalendar({ account });
  const faults = new Map<string, Fault[]>();
  const requests: FakeCalendarServer['requests'] = [];

  const send = (response: ServerResponse, { status, headers = {}, body }: FakeAnswer) =>
    response.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));

  const serve = async (request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    requests.push({ line: `${request.method} ${url.pathname}${url.search}`, body });
    for (const [path, queued] of faults) {
      if (url.pathname.startsWith(path) && queued.length > 0) {
        const fault = queued.shift()!;
        return send(response, { status: fault.status, body: fault.body ?? {}, headers: fault.headers ?? {} });
      }
    }
    if (request.headers.authorization?.startsWith('Bearer ') !== true) {
      return send(response, error(401, 'required', 'Login Required.'));
    }
    return send(response, calendar.handle(request.method ?? 'GET', url, body) ?? error(404, 'notFound', 'Not Found'));
  };

  const server: Server = createServer((request, response) => void serve(request, response));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    ...calendar,
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    fail(path, ...queued) {
      faults.set(path, [...(faults.get(path) ?? []), ...queued]);
    },
    requests,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
