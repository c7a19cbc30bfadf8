import { describe, expect, test } from 'vitest';
import { CalendarEventError, parseCalendarEvent, parseRfc3339 } from '@/lib/background/sources/calendar-event';

const REP = 'sam@emberseller.com';

/** An event as events.list gives it (singleEvents=true), organized by the rep, with Dana invited. */
function apiEvent(extra: object = {}) {
  return {
    kind: 'calendar#event',
    etag: '"3421978561234000"',
    id: '5q3v1e7b0l2k9m4n6p8r0s1t2u',
    status: 'confirmed',
    htmlLink: 'https://www.google.com/calendar/event?eid=NXEzdjFl',
    created: '2026-11-20T15:02:11.000Z',
    updated: '2026-11-20T15:04:31.617Z',
    summary: 'Acme pilot: security review',
    creator: { email: REP, self: true },
    organizer: { email: REP, self: true },
    start: { dateTime: '2026-12-03T10:00:00-05:00', timeZone: 'America/New_York' },
    end: { dateTime: '2026-12-03T10:45:00-05:00', timeZone: 'America/New_York' },
    iCalUID: '5q3v1e7b0l2k9m4n6p8r0s1t2u@google.com',
    sequence: 0,
    attendees: [
      { email: REP, organizer: true, self: true, responseStatus: 'accepted' },
      { email: 'Dana@Acme.com', displayName: 'Dana Lee', responseStatus: 'accepted' },
      { email: 'kim@acme.com', responseStatus: 'needsAction' },
    ],
    reminders: { useDefault: true },
    eventType: 'default',
    ...extra,
  };
}

const START = Date.parse('2026-12-03T15:00:00Z');
const END = Date.parse('2026-12-03T15:45:00Z');

describe('an event from Google Calendar', () => {
  test.each([
    [
      'a timed event: UTC times, others lower-cased and sorted, the rep left out',
      apiEvent(),
      {
        kind: 'meeting',
        event: '5q3v1e7b0l2k9m4n6p8r0s1t2u',
        title: 'Acme pilot: security review',
        start: START,
        end: END,
        attendees: ['dana@acme.com', 'kim@acme.com'],
        declined: false,
      },
    ],
    [
      'an instance of a recurring event, in Zulu time, without a title',
      apiEvent({
        id: '7h2k_20261203T150000Z',
        recurringEventId: '7h2k',
        summary: undefined,
        start: { dateTime: '2026-12-03T15:00:00Z' },
        end: { dateTime: '2026-12-03T15:45:00.000Z' },
      }),
      { kind: 'meeting', event: '7h2k_20261203T150000Z', title: null, start: START, end: END },
    ],
    [
      'a time without an offset, read in its time zone (summer time there)',
      apiEvent({
        start: { dateTime: '2026-07-01T09:00:00', timeZone: 'Europe/Zurich' },
        end: { dateTime: '2026-07-01T09:30:00', timeZone: 'Europe/Zurich' },
      }),
      { start: Date.parse('2026-07-01T07:00:00Z'), end: Date.parse('2026-07-01T07:30:00Z') },
    ],
    [
      'an invitation from Dana the rep declined (the rep told by address alone)',
      apiEvent({
        organizer: { email: 'dana@acme.com' },
        attendees: [
          { email: 'dana@acme.com', organizer: true, responseStatus: 'accepted' },
          { email: 'SAM@emberseller.com', responseStatus: 'declined' },
        ],
      }),
      { kind: 'meeting', attendees: ['dana@acme.com'], declined: true },
    ],
    [
      'an organizer Google left out of the attendees is still met; rooms and calendars are not',
      apiEvent({
        organizer: { email: 'dana@acme.com', displayName: 'Dana Lee' },
        attendees: [
          { email: REP, self: true, responseStatus: 'tentative' },
          { email: 'c_1889@resource.calendar.google.com', resource: true, responseStatus: 'accepted' },
          { email: 'team@group.calendar.google.com', responseStatus: 'needsAction' },
          { displayName: 'no address' },
        ],
      }),
      { kind: 'meeting', attendees: ['dana@acme.com'], declined: false },
    ],
    [
      'a cancelled event, as an incremental list gives it',
      { kind: 'calendar#event', etag: '"1"', id: 'abc123', status: 'cancelled' },
      { kind: 'cancelled', event: 'abc123' },
    ],
    [
      'an all-day event',
      apiEvent({ start: { date: '2026-12-03' }, end: { date: '2026-12-04' } }),
      { kind: 'ignored', reason: 'an all-day event is not a meeting' },
    ],
    [
      'an event with no attendees',
      apiEvent({ attendees: undefined, summary: 'Focus time' }),
      { kind: 'ignored', reason: 'nobody but the rep attends' },
    ],
    [
      'an event whose only attendee is the organizer, the rep',
      apiEvent({ attendees: [{ email: REP, organizer: true, self: true, responseStatus: 'accepted' }] }),
      { kind: 'ignored', reason: 'nobody but the rep attends' },
    ],
    [
      'an event put on the calendar by someone else, with no attendee list',
      apiEvent({ organizer: { email: 'assistant@emberseller.com' }, attendees: undefined }),
      { kind: 'ignored', reason: 'nobody but the rep attends' },
    ],
  ])('%s', (_name, json, expected) => {
    expect(parseCalendarEvent(json, REP)).toMatchObject(expected);
  });

  test.each([
    ['missing end', apiEvent({ end: undefined }), /no end/],
    ['missing start', apiEvent({ start: undefined }), /no start/],
    ['no id', { ...apiEvent(), id: undefined }, /\(no id\): id:/],
    ['ends before it starts', apiEvent({ end: { dateTime: '2026-12-03T09:00:00-05:00' } }), /ends before it starts/],
    ['February 30', apiEvent({ start: { dateTime: '2026-02-30T10:00:00Z' } }), /start is not an RFC 3339 time/],
    ['24:00', apiEvent({ end: { dateTime: '2026-12-03T24:00:00Z' } }), /end is not an RFC 3339 time/],
    ['a date written as prose', apiEvent({ start: { dateTime: 'Thu, 3 Dec 2026 10:00' } }), /start is not an RFC 3339/],
    [
      'no offset and no zone',
      apiEvent({ start: { dateTime: '2026-12-03T10:00:00' } }),
      /neither a UTC offset nor a time zone/,
    ],
    [
      'an unknown zone',
      apiEvent({ start: { dateTime: '2026-12-03T10:00:00', timeZone: 'Mars/Olympus_Mons' } }),
      /unknown time zone/,
    ],
    ['a date at one end, a time at the other', apiEvent({ end: { date: '2026-12-04' } }), /end is a date/],
    ['neither time nor date', apiEvent({ start: {}, end: {} }), /neither a time nor a date/],
    ['attendees that are not a list', apiEvent({ attendees: 'dana@acme.com' }), /attendees:/],
    ['not an object', 'event', /\(no id\)/],
  ])('refuses %s, saying why', (_name, json, message) => {
    let thrown: unknown;
    try {
      parseCalendarEvent(json, REP);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(CalendarEventError);
    expect((thrown as CalendarEventError).message).toMatch(message);
  });

  test('an error carries the event id when there is one, for the skipped list', () => {
    expect(() => parseCalendarEvent(apiEvent({ end: undefined }), REP)).toThrow(
      expect.objectContaining({ event: '5q3v1e7b0l2k9m4n6p8r0s1t2u' }),
    );
  });

  test.each([
    ['2026-12-03T10:00:00Z', Date.parse('2026-12-03T10:00:00Z')],
    ['2026-12-03t10:00:00.5+05:30', Date.parse('2026-12-03T04:30:00.500Z')],
    ['2028-02-29T00:00:00Z', Date.parse('2028-02-29T00:00:00Z')],
    ['2026-02-29T00:00:00Z', null],
    ['2026-12-03T10:00:00', null],
    ['2026-12-03T10:00:00+24:00', null],
    ['2026-12-03', null],
  ])('RFC 3339 %s', (value, expected) => {
    expect(parseRfc3339(value)).toBe(expected);
  });
});
