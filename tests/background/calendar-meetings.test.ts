import { afterEach, describe, expect, test } from 'vitest';
import { AccountService } from '@/lib/background/account-service';
import { calendarMeetingId, type CalendarChange } from '@/lib/background/deal-record/calendar-meetings';
import { DEFAULT_ACCOUNT_SETTINGS } from '@/lib/domain/settings';
import type { EmberDatabase } from '@/lib/store/database';
import { testDatabase } from '../helpers/database';
import { testClock } from '../helpers/fake-ports';

const REP = 'sam@seller.com';
const at = (iso: string) => Date.parse(iso);
/** Monday 6 April 2026: the rep connects Google at 09:00. */
const CONNECTED = at('2026-04-06T09:00:00Z');
const SYNC = { full: false, connectedAt: CONNECTED };

let db: EmberDatabase;
afterEach(() => db?.close());

async function setup() {
  db = testDatabase(REP);
  const clock = testClock(CONNECTED);
  const fired: string[] = [];
  const service = new AccountService(REP, {
    db,
    settings: async () => DEFAULT_ACCOUNT_SETTINGS,
    clock,
    newId: () => crypto.randomUUID(),
    // Only meetings are under test: the quiet deals' silence triggers are left out.
    onTriggersFired: (triggers) =>
      fired.push(
        ...triggers
          .filter((trigger) => trigger.kind === 'meeting_ended')
          .map((trigger) => `${trigger.kind}@${trigger.deal}`),
      ),
  });
  clock.set('2026-03-01T09:00:00Z');
  await service.createDeal({ id: 'acme', title: 'Acme', stage: 'discovery', contacts: ['dana@acme.com'] });
  await service.createDeal({ id: 'globex', title: 'Globex', stage: 'discovery', contacts: ['hank@globex.com'] });
  clock.set(CONNECTED);
  return { service, clock, fired };
}

type MeetingChange = Extract<CalendarChange, { kind: 'meeting' }>;
const meeting = (
  event: string,
  start: string,
  end: string,
  attendees: string[],
  extra: Partial<MeetingChange> = {},
): MeetingChange => ({
  kind: 'meeting',
  event,
  title: `Call ${event}`,
  start: at(start),
  end: at(end),
  attendees,
  declined: false,
  ...extra,
});

const meetingsOf = (deal: string) => db.meetings.where('[deal+start]').between([deal, 0], [deal, Infinity]).toArray();
const openTriggers = async (deal: string) =>
  (await db.triggers.where('[deal+status]').equals([deal, 'open']).toArray()).map((trigger) => trigger.kind);

describe('calendar events into the deal record', () => {
  test("an event with a deal's contact becomes its meeting; meeting_ended fires at its end with no click", async () => {
    const { service, clock, fired } = await setup();
    await service.applyCalendar(
      [meeting('e1', '2026-04-07T14:00:00Z', '2026-04-07T14:30:00Z', ['dana@acme.com'])],
      SYNC,
    );
    expect(await meetingsOf('acme')).toMatchObject([
      { id: calendarMeetingId('e1', 'acme'), title: 'Call e1', end: at('2026-04-07T14:30:00Z') },
    ]);
    expect(await meetingsOf('globex')).toEqual([]);
    expect(fired).toEqual([]);
    clock.set('2026-04-07T14:31:00Z');
    await service.sweep();
    expect(fired).toEqual(['meeting_ended@acme']);
    const [trigger] = await db.triggers.where('[deal+status]').equals(['acme', 'open']).toArray();
    expect(trigger).toMatchObject({ kind: 'meeting_ended', firedAt: at('2026-04-07T14:30:00Z') });
  });

  test('meetings that ended before the connection, or before their deal was tracked, are history: kept, silent', async () => {
    const { service, clock, fired } = await setup();
    // Acme was tracked on 1 March; Initech is tracked on 10 April, after the connection.
    clock.set('2026-04-10T09:00:00Z');
    await service.createDeal({ id: 'initech', title: 'Initech', stage: 'discovery', contacts: ['bill@initech.com'] });
    await service.applyCalendar(
      [
        meeting('old', '2026-03-20T10:00:00Z', '2026-03-20T11:00:00Z', ['dana@acme.com']),
        meeting('before-track', '2026-04-08T10:00:00Z', '2026-04-08T11:00:00Z', ['bill@initech.com']),
        meeting('after-connect', '2026-04-08T15:00:00Z', '2026-04-08T16:00:00Z', ['dana@acme.com']),
      ],
      { full: true, connectedAt: CONNECTED },
    );
    expect((await meetingsOf('acme')).map((row) => [row.id, row.history ?? false])).toEqual([
      [calendarMeetingId('old', 'acme'), true],
      [calendarMeetingId('after-connect', 'acme'), false],
    ]);
    expect(await meetingsOf('initech')).toMatchObject([{ history: true }]);
    // Only the meeting Ember could have seen end fires, at once, timed from its end.
    expect(fired).toEqual(['meeting_ended@acme']);
    expect(await openTriggers('initech')).toEqual([]);
  });

  test('a moved event replaces its meeting; applying the same change again changes nothing', async () => {
    const { service, clock, fired } = await setup();
    const first = meeting('e1', '2026-04-07T14:00:00Z', '2026-04-07T14:30:00Z', ['dana@acme.com']);
    await service.applyCalendar([first], SYNC);
    const moved = meeting('e1', '2026-04-09T10:00:00Z', '2026-04-09T11:00:00Z', ['dana@acme.com'], {
      title: 'Call, moved',
    });
    expect(await service.applyCalendar([moved], SYNC)).toEqual({ recorded: 0, replaced: 1, removed: 0 });
    expect(await service.applyCalendar([moved], SYNC)).toEqual({ recorded: 0, replaced: 0, removed: 0 });
    expect(await meetingsOf('acme')).toMatchObject([{ title: 'Call, moved', start: at('2026-04-09T10:00:00Z') }]);
    expect(
      (await db.inputs.where('deal').equals('acme').toArray()).filter((row) => row.kind === 'meeting'),
    ).toHaveLength(1);
    expect((await db.deals.get('acme'))?.nextTimerAt).toBeLessThanOrEqual(at('2026-04-09T11:00:00Z'));
    // The old end passes quietly; the new one fires.
    clock.set('2026-04-08T09:00:00Z');
    await service.sweep();
    expect(fired).toEqual([]);
    clock.set('2026-04-09T11:05:00Z');
    await service.sweep();
    expect(fired).toEqual(['meeting_ended@acme']);
  });

  test('a cancelled event removes its meeting, and the trigger it fired goes with it', async () => {
    const { service, clock } = await setup();
    await service.applyCalendar([meeting('e1', '2026-04-06T07:00:00Z', '2026-04-06T08:00:00Z', ['dana@acme.com'])], {
      full: false,
      connectedAt: at('2026-04-06T06:00:00Z'),
    });
    expect(await openTriggers('acme')).toContain('meeting_ended');
    clock.set('2026-04-06T10:00:00Z');
    expect(await service.applyCalendar([{ kind: 'cancelled', event: 'e1' }], SYNC)).toMatchObject({ removed: 1 });
    expect(await meetingsOf('acme')).toEqual([]);
    expect(await openTriggers('acme')).not.toContain('meeting_ended');
    expect((await db.inputs.where('deal').equals('acme').toArray()).map((row) => row.kind)).toEqual(['create']);
  });

  test('a declined event is kept, marked, and fires nothing', async () => {
    const { service, clock, fired } = await setup();
    await service.applyCalendar(
      [meeting('e1', '2026-04-07T14:00:00Z', '2026-04-07T14:30:00Z', ['dana@acme.com'], { declined: true })],
      SYNC,
    );
    expect(await meetingsOf('acme')).toMatchObject([{ declined: true }]);
    clock.set('2026-04-08T09:00:00Z');
    await service.sweep();
    expect(fired).toEqual([]);
  });

  test('one event with contacts of two deals is a meeting of each; losing an attendee removes it from that deal', async () => {
    const { service } = await setup();
    const both = meeting('e1', '2026-04-07T14:00:00Z', '2026-04-07T14:30:00Z', ['dana@acme.com', 'hank@globex.com']);
    expect(await service.applyCalendar([both], SYNC)).toMatchObject({ recorded: 2 });
    expect((await meetingsOf('globex')).map((row) => row.id)).toEqual([calendarMeetingId('e1', 'globex')]);
    await service.applyCalendar([{ ...both, attendees: ['dana@acme.com'] }], SYNC);
    expect(await meetingsOf('globex')).toEqual([]);
    expect(await meetingsOf('acme')).toHaveLength(1);
  });

  test('a full sync removes calendar meetings it no longer lists, and leaves the rep’s own', async () => {
    const { service } = await setup();
    await service.recordMeeting('acme', { start: at('2026-04-01T10:00:00Z'), end: at('2026-04-01T11:00:00Z') });
    await service.applyCalendar(
      [meeting('e1', '2026-04-07T14:00:00Z', '2026-04-07T14:30:00Z', ['dana@acme.com'])],
      SYNC,
    );
    await service.applyCalendar([], { full: true, connectedAt: CONNECTED });
    const rows = await meetingsOf('acme');
    expect(rows).toHaveLength(1);
    expect(rows[0]?.id.startsWith('calendar:')).toBe(false);
  });

  test('an event with no deal contact, or a deal contact of no deal, records nothing', async () => {
    const { service } = await setup();
    expect(
      await service.applyCalendar(
        [meeting('e1', '2026-04-07T14:00:00Z', '2026-04-07T14:30:00Z', ['x@else.com'])],
        SYNC,
      ),
    ).toEqual({ recorded: 0, replaced: 0, removed: 0 });
    expect(await db.meetings.count()).toBe(0);
  });
});
