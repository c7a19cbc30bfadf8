import { afterEach, describe, expect, test } from 'vitest';
import { calendarCalls } from '@/lib/background/google/calendar-calls';
import {
  CalendarSync,
  FULL_SYNC_LOOKBACK_MS,
  type CalendarSyncState,
  type MeetingChange,
} from '@/lib/background/google/calendar-sync';
import { startFakeCalendarServer, type FakeCalendarServer } from './fake-calendar';
import { virtualGoogleApi } from './virtual-google';

const REP = 'sam@emberseller.com';
const DANA = 'dana@acme.com';
const KIM = 'kim@acme.com';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const EVENTS = '/calendar/v3/calendars/primary/events';

/**
 * The calendar sync over real HTTP against the fake Calendar API: fetch, JSON, pacing, backoff and
 * sync tokens together. Time is virtual (sleeps move it), so Retry-After costs nothing to test.
 */
describe('the calendar sync against the fake Calendar API', () => {
  let google: FakeCalendarServer;
  afterEach(async () => google?.close());

  async function setup() {
    google = await startFakeCalendarServer({ account: REP });
    const { api, sleeps, now } = virtualGoogleApi((input, init) => fetch(input, init), google.baseUrl);
    const calendar = calendarCalls(api);
    const applied: { changes: MeetingChange[]; full: boolean }[] = [];
    const written: CalendarSyncState[] = [];
    const skipped: string[] = [];
    let state: CalendarSyncState = { syncToken: null };
    let failApply = 0;
    const sync = new CalendarSync({
      calendar,
      self: REP,
      readState: async () => state,
      writeState: async (next) => {
        written.push(next);
        state = next;
      },
      apply: async (changes, { full }) => {
        if (failApply > 0) {
          failApply -= 1;
          throw new Error('the database is closing');
        }
        applied.push({ changes, full });
      },
      skipped: (event) => void skipped.push(event),
      now,
    });
    const lastApplied = () => applied.at(-1);
    return {
      sync,
      calendar,
      applied,
      lastApplied,
      written,
      skipped,
      sleeps,
      at: now,
      state: () => state,
      failNextApply: () => void (failApply += 1),
    };
  }

  test('the first sync lists the last 180 days in full: meetings with the other attendees', async () => {
    const s = await setup();
    const t = s.at();
    const review = google.addEvent({
      summary: 'Security review',
      start: t + DAY,
      end: t + DAY + HOUR,
      attendees: [{ email: 'Dana@Acme.com', responseStatus: 'accepted' }, { email: KIM }],
    });
    const intro = google.addEvent({
      summary: 'Intro',
      start: t - 30 * DAY,
      end: t - 30 * DAY + HOUR / 2,
      attendees: [{ email: DANA }],
      organizer: DANA,
    });
    google.addEvent({ summary: 'Gym', start: t + 2 * HOUR, end: t + 3 * HOUR, attendees: [] });
    google.addEvent({
      summary: 'Long ago',
      start: t - 200 * DAY,
      end: t - 200 * DAY + HOUR,
      attendees: [{ email: DANA }],
    });

    expect(await s.sync.sync()).toEqual({ full: true, meetings: 2, cancelled: 0, ignored: 1, skipped: 0 });
    expect(s.applied).toHaveLength(1);
    expect(s.lastApplied()?.full).toBe(true);
    expect(s.lastApplied()?.changes.filter((c) => c.kind === 'meeting')).toEqual([
      {
        kind: 'meeting',
        event: review,
        title: 'Security review',
        start: t + DAY,
        end: t + DAY + HOUR,
        attendees: [DANA, KIM],
        declined: false,
      },
      {
        kind: 'meeting',
        event: intro,
        title: 'Intro',
        start: t - 30 * DAY,
        end: t - 30 * DAY + HOUR / 2,
        attendees: [DANA],
        declined: false,
      },
    ]);
    expect(s.state().syncToken).toMatch(/^fake-sync-/);
    const [request] = google.requests;
    const query = new URL(request!.line.split(' ')[1]!, 'http://x').searchParams;
    expect(Object.fromEntries(query)).toEqual({
      singleEvents: 'true',
      showDeleted: 'true',
      maxResults: '250',
      timeMin: new Date(t - FULL_SYNC_LOOKBACK_MS).toISOString(),
    });
  });

  test('later syncs bring only what changed: a moved, a cancelled and a declined meeting', async () => {
    const s = await setup();
    const t = s.at();
    const attendees = [{ email: DANA }];
    const moved = google.addEvent({ summary: 'Demo', start: t + DAY, end: t + DAY + HOUR, attendees });
    const cancelled = google.addEvent({ summary: 'Pricing', start: t + 2 * DAY, end: t + 2 * DAY + HOUR, attendees });
    const declined = google.addEvent({
      summary: 'Their all-hands',
      start: t + 3 * DAY,
      end: t + 3 * DAY + HOUR,
      attendees,
      organizer: DANA,
    });
    google.addEvent({ summary: 'Untouched', start: t + 4 * DAY, end: t + 4 * DAY + HOUR, attendees });
    await s.sync.sync();

    google.moveEvent(moved, t + DAY + 2 * HOUR, t + DAY + 3 * HOUR);
    expect(await s.sync.sync()).toMatchObject({ full: false, meetings: 1, cancelled: 0 });
    expect(s.lastApplied()).toEqual({
      full: false,
      changes: [
        expect.objectContaining({ kind: 'meeting', event: moved, start: t + DAY + 2 * HOUR, end: t + DAY + 3 * HOUR }),
      ],
    });
    const incremental = google.requests.at(-1)!.line;
    expect(incremental).toContain('syncToken=fake-sync-');
    expect(incremental).not.toContain('timeMin');

    google.cancelEvent(cancelled);
    google.declineEvent(declined);
    expect(await s.sync.sync()).toMatchObject({ full: false, meetings: 1, cancelled: 1 });
    expect(s.lastApplied()).toEqual({
      full: false,
      changes: [
        { kind: 'cancelled', event: cancelled },
        expect.objectContaining({ kind: 'meeting', event: declined, declined: true, attendees: [DANA] }),
      ],
    });

    // Nothing changed: nothing to apply, the token is kept.
    const token = s.state().syncToken;
    expect(await s.sync.sync()).toEqual({ full: false, meetings: 0, cancelled: 0, ignored: 0, skipped: 0 });
    expect(s.applied).toHaveLength(3);
    expect(s.state().syncToken).toBe(token);
  });

  test('an expired sync token (410) makes the same sync() a full one', async () => {
    const s = await setup();
    const t = s.at();
    const kept = google.addEvent({
      summary: 'Demo',
      start: t + DAY,
      end: t + DAY + HOUR,
      attendees: [{ email: DANA }],
    });
    await s.sync.sync();
    google.addEvent({
      summary: 'Follow-up',
      start: t + 5 * DAY,
      end: t + 5 * DAY + HOUR,
      attendees: [{ email: DANA }],
    });
    google.expireSyncTokens();
    const before = google.requests.length;

    expect(await s.sync.sync()).toMatchObject({ full: true, meetings: 2 });
    expect(s.lastApplied()?.full).toBe(true);
    expect(s.lastApplied()?.changes.map((c) => c.event)).toContain(kept);
    const lines = google.requests.slice(before).map((r) => r.line);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain('syncToken=');
    expect(lines[1]).toContain('timeMin=');
    expect(lines[1]).not.toContain('syncToken=');
    // The new token works for the next incremental sync.
    expect(await s.sync.sync()).toMatchObject({ full: false });
  });

  test('a 500 once and a 429 with Retry-After are waited out, on virtual time', async () => {
    const s = await setup();
    const t = s.at();
    google.addEvent({ summary: 'Demo', start: t + DAY, end: t + DAY + HOUR, attendees: [{ email: DANA }] });
    google.fail(
      EVENTS,
      { status: 500, body: { error: { code: 500, message: 'Backend Error', errors: [{ reason: 'backendError' }] } } },
      {
        status: 429,
        body: { error: { code: 429, message: 'Rate Limit Exceeded', errors: [{ reason: 'rateLimitExceeded' }] } },
        headers: { 'retry-after': '3' },
      },
    );
    expect(await s.sync.sync()).toMatchObject({ full: true, meetings: 1 });
    // Full jitter at 0.5 of a 1 s ceiling, then Retry-After's 3 s over the 1 s of jitter.
    expect(s.sleeps).toEqual([500, 3_000]);
    expect(google.requests).toHaveLength(3);
  });

  test('a failed apply writes no state: the next sync brings the same changes again', async () => {
    const s = await setup();
    const t = s.at();
    const demo = google.addEvent({
      summary: 'Demo',
      start: t + DAY,
      end: t + DAY + HOUR,
      attendees: [{ email: DANA }],
    });
    await s.sync.sync();
    const token = s.state().syncToken;
    const writes = s.written.length;

    google.moveEvent(demo, t + 2 * DAY, t + 2 * DAY + HOUR);
    s.failNextApply();
    await expect(s.sync.sync()).rejects.toThrow('the database is closing');
    expect(s.written).toHaveLength(writes);
    expect(s.state().syncToken).toBe(token);

    await s.sync.sync();
    expect(s.lastApplied()?.changes).toEqual([expect.objectContaining({ event: demo, start: t + 2 * DAY })]);
    expect(s.state().syncToken).not.toBe(token);
  });

  test('a first sync failing to apply is repeated in full', async () => {
    const s = await setup();
    const t = s.at();
    google.addEvent({ summary: 'Demo', start: t + DAY, end: t + DAY + HOUR, attendees: [{ email: DANA }] });
    s.failNextApply();
    await expect(s.sync.sync()).rejects.toThrow();
    expect(s.written).toEqual([]);
    expect(await s.sync.sync()).toMatchObject({ full: true, meetings: 1 });
  });

  test('pages are all read before anything is applied; the token comes from the last', async () => {
    const s = await setup();
    const t = s.at();
    for (let index = 0; index < 260; index += 1) {
      google.addEvent({ start: t + index * HOUR, end: t + index * HOUR + HOUR / 2, attendees: [{ email: DANA }] });
    }
    expect(await s.sync.sync()).toMatchObject({ full: true, meetings: 260 });
    expect(s.applied).toHaveLength(1);
    const lines = google.requests.map((r) => r.line);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('pageToken=');
    expect(lines[1]).toContain('timeMin=');
    expect(s.state().syncToken).toBe('fake-sync-0-260');
  });

  test('an unreadable event is skipped and reported; the rest is applied', async () => {
    const s = await setup();
    const t = s.at();
    const good = google.addEvent({
      summary: 'Demo',
      start: t + DAY,
      end: t + DAY + HOUR,
      attendees: [{ email: DANA }],
    });
    const bad = google.addEvent({ summary: 'Broken', start: t + 2 * DAY, end: t + DAY, attendees: [{ email: DANA }] });
    expect(await s.sync.sync()).toMatchObject({ meetings: 1, skipped: 1 });
    expect(s.skipped).toEqual([bad]);
    expect(s.lastApplied()?.changes.map((c) => c.event)).toEqual([good]);
  });

  test('the Calendar API refuses timeMin with a sync token, and so does the client', async () => {
    const s = await setup();
    await s.sync.sync();
    const url = new URL(
      `${EVENTS.slice(1)}?syncToken=${s.state().syncToken}&timeMin=2026-12-01T00:00:00Z`,
      google.baseUrl,
    );
    const answer = await fetch(url, { headers: { authorization: 'Bearer token-1' } });
    expect(answer.status).toBe(400);
    // @ts-expect-error: the request type forbids it too
    await expect(s.calendar.listEvents({ syncToken: 'fake-sync-0-0', timeMin: 0 })).rejects.toThrow(RangeError);
  });

  test('freeBusy gives the busy intervals of the primary calendar, merged and sorted', async () => {
    const s = await setup();
    const t = Date.parse('2026-12-02T00:00:00Z');
    const attendees = [{ email: DANA }];
    google.addEvent({ start: t + 14 * HOUR, end: t + 15 * HOUR, attendees });
    google.addEvent({ start: t + 9 * HOUR, end: t + 10 * HOUR, attendees });
    google.addEvent({ start: t + 9.5 * HOUR, end: t + 11 * HOUR, attendees: [] });
    google.addEvent({ start: t + 11 * HOUR, end: t + 12 * HOUR, attendees });
    google.cancelEvent(google.addEvent({ start: t + 16 * HOUR, end: t + 17 * HOUR, attendees }));
    google.declineEvent(google.addEvent({ start: t + 18 * HOUR, end: t + 19 * HOUR, attendees, organizer: DANA }));
    google.addEvent({ start: t + 23 * HOUR, end: t + 25 * HOUR, attendees });
    expect(google.busy()).toHaveLength(5);

    expect(await s.calendar.freeBusy({ timeMin: t, timeMax: t + DAY })).toEqual([
      { start: t + 9 * HOUR, end: t + 12 * HOUR },
      { start: t + 14 * HOUR, end: t + 15 * HOUR },
      { start: t + 23 * HOUR, end: t + DAY },
    ]);
    const request = google.requests.at(-1)!;
    expect(request.line).toBe('POST /calendar/v3/freeBusy');
    expect(JSON.parse(request.body)).toEqual({
      timeMin: new Date(t).toISOString(),
      timeMax: new Date(t + DAY).toISOString(),
      items: [{ id: 'primary' }],
    });
  });
});
