import { afterEach, describe, expect, test } from 'vitest';
import { createGoogleApi, type TokenSource } from '@/lib/background/google/google-api';
import type { GoogleConnection } from '@/lib/background/google/google-sync';
import { DEFAULT_ACCOUNT_SETTINGS } from '@/lib/domain/settings';
import { createRequestProcessor } from '@/lib/messaging/server';
import { EmberBackground } from '@/lib/background/background';
import { MAX_ATTEMPTS } from '@/lib/background/google/pacing';
import { startFakeGoogleServer, type FakeGoogleServer } from '../google/fake-google-server';
import { memoryGoogleConnections, testBackground } from '../helpers/fake-ports';

/*
 * The background's Google sync over real HTTP against the fake Gmail and Calendar, through the
 * background's own handlers: what a rep who connects Google gets without a Gmail tab.
 */
const REP = 'sam@emberseller.com';
const DANA = 'dana@acme.com';
const at = (iso: string) => Date.parse(iso);
const T0 = at('2026-12-01T14:00:00Z');
const MINUTE = 60_000;

let fake: FakeGoogleServer | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function setup() {
  const server = await startFakeGoogleServer({ account: REP });
  fake = server;
  const { connections, store } = memoryGoogleConnections();
  const revoked: GoogleConnection[] = [];
  let tokenNumber = 1;
  let refusals = 0;
  const tokens: TokenSource = {
    get: async () => `token-${tokenNumber}`,
    drop: async () => {
      tokenNumber += 1;
      refusals += 1;
    },
  };
  // Pacing and backoff on a clock of their own that moves only when they sleep: no test waits.
  let pacerNow = T0;
  const harness = testBackground({
    google: {
      available: () => true,
      connections: store,
      auth: {
        connect: async () => ({ via: 'identity', tokens }),
        tokens: () => tokens,
        revoke: async (connection) => void revoked.push(connection),
      },
      api: (source) =>
        createGoogleApi({
          fetch: (input, init) => fetch(input, init),
          tokens: source,
          clock: { now: () => pacerNow, sleep: async (ms) => void (pacerNow += ms) },
          random: () => 0.5,
          baseUrl: { gmail: server.baseUrl, calendar: server.baseUrl },
        }),
    },
  });
  harness.clock.set(T0);
  await harness.deps.settings.save(REP, { ...DEFAULT_ACCOUNT_SETTINGS, timeZone: 'America/New_York' });
  const handlers = harness.background.handlers();
  const page = { url: 'chrome-extension://ember/options.html' };
  const google = harness.background.google;
  return { ...harness, server, handlers, page, google, connections, revoked, refusals: () => refusals };
}

const mail = (from: string, to: string[], iso: string, subject: string, text: string, cc: string[] = []) => ({
  from,
  to,
  cc,
  subject,
  text,
  at: at(iso),
});

describe('Gmail and Calendar in the background', () => {
  test('connecting backfills the tracked deals’ history, oldest first, with To and Cc apart', async () => {
    const { server, handlers, page, google } = await setup();
    await handlers.createDeal({ account: REP, id: 'acme', title: 'Acme', stage: 'contact', contacts: [DANA] }, page);
    const older = [
      server.deliver(mail(DANA, [REP], '2026-10-02T15:00:00Z', 'Intro', 'We are looking at tools.', ['cfo@acme.com'])),
      server.deliver(mail(REP, [DANA], '2026-10-03T15:00:00Z', 'Re: Intro', 'Happy to show you.')),
      server.deliver(mail(DANA, [REP], '2026-11-10T15:00:00Z', 'Pricing', 'What does it cost for 40 seats?')),
    ];
    server.deliver(mail('news@vendor.com', [REP], '2026-11-11T15:00:00Z', 'Newsletter', 'Unrelated.'));

    const status = await handlers.connectGoogle({}, page);
    expect(status.connection).toMatchObject({ account: REP, connectedAt: T0, via: 'identity' });
    await google.settled(REP);

    const detail = await handlers.getDeal({ account: REP, deal: 'acme' }, page);
    expect(detail.messages.map((message) => message.id)).toEqual(older);
    expect(detail.messages[0]).toMatchObject({ to: [REP], cc: ['cfo@acme.com'] });
    const after = await handlers.getGoogleStatus({ account: REP }, page);
    expect(after).toMatchObject({ lastSyncAt: T0, lastError: null, reconnect: false, backfill: null, backlog: 0 });
  });

  test('a buyer reply read on the phone fires its trigger in one round; the reply sent from the phone resolves it', async () => {
    const { server, handlers, page, google, clock } = await setup();
    await handlers.createDeal({ account: REP, id: 'acme', title: 'Acme', stage: 'contact', contacts: [DANA] }, page);
    await handlers.connectGoogle({}, page);
    await google.settled(REP);

    server.deliver(mail(DANA, [REP], '2026-12-01T14:05:00Z', 'Next steps', 'Can we talk this week?'));
    clock.set(T0 + 6 * MINUTE);
    await google.syncAll();
    const queue = await handlers.getQueue({ account: REP }, page);
    const reply = queue.find((entry) => entry.trigger.deal === 'acme' && entry.trigger.kind === 'buyer_replied');
    expect(reply?.trigger).toMatchObject({ status: 'open', firedAt: at('2026-12-01T14:05:00Z') });

    server.deliver(mail(REP, [DANA], '2026-12-01T14:50:00Z', 'Re: Next steps', 'Yes: Thursday at 10?'));
    clock.set(T0 + 51 * MINUTE);
    await google.syncAll();
    const detail = await handlers.getDeal({ account: REP, deal: 'acme' }, page);
    expect(detail.triggers.find((trigger) => trigger.id === reply?.trigger.id)).toMatchObject({
      status: 'done',
      latencyMinutes: 45,
    });
  });

  test("while connected a Gmail tab's copy is partial: the API's copy stays, whichever came first", async () => {
    const { server, handlers, page, google } = await setup();
    await handlers.createDeal({ account: REP, id: 'acme', title: 'Acme', stage: 'contact', contacts: [DANA] }, page);
    await handlers.connectGoogle({}, page);
    await google.settled(REP);
    const id = server.deliver(
      mail(DANA, [REP], '2026-12-01T13:00:00Z', 'Team', 'Adding our CFO.', ['cfo@acme.com', 'it@acme.com']),
    );
    await google.syncAll();
    // The tab shows the recipients as one line, with what it could read of them.
    const tab = {
      id,
      thread: id,
      at: at('2026-12-01T13:00:00Z'),
      from: DANA,
      to: [REP],
      cc: [],
      subject: 'Team',
      body: '…',
    };
    const [placed] = await handlers.ingestMessages(
      { account: REP, messages: [tab] },
      { url: 'https://mail.google.com/mail/u/0/' },
    );
    expect(placed?.placement).toEqual({ kind: 'duplicate' });
    const detail = await handlers.getDeal({ account: REP, deal: 'acme' }, page);
    expect(detail.messages.find((message) => message.id === id)).toMatchObject({ cc: ['cfo@acme.com', 'it@acme.com'] });
  });

  test('a calendar meeting with the buyer fires meeting_ended at its end, and the recap lists it; old meetings stay silent', async () => {
    const { server, handlers, page, google, clock } = await setup();
    await handlers.createDeal({ account: REP, id: 'acme', title: 'Acme', stage: 'discovery', contacts: [DANA] }, page);
    server.calendar.addEvent({
      summary: 'Acme kickoff (last month)',
      start: at('2026-11-03T15:00:00Z'),
      end: at('2026-11-03T15:30:00Z'),
      attendees: [{ email: DANA }],
    });
    await handlers.connectGoogle({}, page);
    await google.settled(REP);
    server.calendar.addEvent({
      summary: 'Acme discovery call',
      start: at('2026-12-01T16:00:00Z'),
      end: at('2026-12-01T16:45:00Z'),
      attendees: [{ email: DANA, responseStatus: 'accepted' }],
    });
    await google.syncAll();
    const before = await handlers.getDeal({ account: REP, deal: 'acme' }, page);
    expect(before.meetings.map((meeting) => meeting.title)).toEqual([
      'Acme kickoff (last month)',
      'Acme discovery call',
    ]);
    expect(before.triggers.filter((trigger) => trigger.kind === 'meeting_ended')).toEqual([]);

    clock.set(at('2026-12-01T16:46:00Z'));
    const queue = await handlers.getQueue({ account: REP }, page);
    const ended = queue.find((entry) => entry.trigger.kind === 'meeting_ended');
    expect(ended?.trigger).toMatchObject({ deal: 'acme', firedAt: at('2026-12-01T16:45:00Z') });
    const draft = await handlers.getDraft({ account: REP, trigger: ended!.trigger.id, regenerate: false }, page);
    expect(draft.kind).toBe('send_recap');
    // The prompt's MEETINGS list names it, datamarked as text from outside (lib/domain/drafting/datamark.ts).
    const meetings = draft.prompt.user.slice(draft.prompt.user.indexOf('MEETINGS:'));
    expect(meetings).toMatch(/Acme.discovery.call.*: 2026-12-01T16:00Z to 2026-12-01T16:45Z/);
  });

  test('a booking offers no slot the rep’s calendar is busy in', async () => {
    const { server, handlers, page, google } = await setup();
    await handlers.createDeal({ account: REP, id: 'acme', title: 'Acme', stage: 'contact', contacts: [DANA] }, page);
    await handlers.connectGoogle({}, page);
    await google.settled(REP);
    // The rep's whole of Wednesday and Thursday, 8am to 6pm New York time, is taken.
    for (const day of ['2026-12-02', '2026-12-03']) {
      server.calendar.addEvent({
        summary: 'Offsite',
        start: at(`${day}T13:00:00Z`),
        end: at(`${day}T23:00:00Z`),
        attendees: [{ email: 'team@emberseller.com' }],
      });
    }
    server.deliver(mail(DANA, [REP], '2026-12-01T14:05:00Z', 'Call?', 'Could we find 30 minutes to talk?'));
    await google.syncAll();
    const queue = await handlers.getQueue({ account: REP }, page);
    const booking = queue.find((entry) => entry.trigger.action === 'book_meeting');
    expect(booking).toBeDefined();
    const draft = await handlers.getDraft({ account: REP, trigger: booking!.trigger.id, regenerate: false }, page);
    const slots = draft.body.split('\n').filter((line) => line.startsWith('- '));
    expect(slots.length).toBeGreaterThan(0);
    for (const slot of slots) expect(slot).not.toMatch(/Dec 2|Dec 3/);
  });

  test('a 404 history, a 401 and a 429 recover without losing or doubling a message; twice refused means reconnect', async () => {
    const { server, handlers, page, google, refusals } = await setup();
    await handlers.createDeal({ account: REP, id: 'acme', title: 'Acme', stage: 'contact', contacts: [DANA] }, page);
    await handlers.connectGoogle({}, page);
    await google.settled(REP);
    const sent = [
      server.deliver(mail(DANA, [REP], '2026-12-01T14:01:00Z', 'One', 'First.')),
      server.deliver(mail(DANA, [REP], '2026-12-01T14:02:00Z', 'Two', 'Second.')),
    ];
    server.expireHistory();
    server.fail('/gmail/v1/users/me/messages', {
      status: 401,
      body: { error: { code: 401, message: 'Invalid Credentials' } },
    });
    server.fail('/batch/gmail/v1', {
      status: 429,
      headers: { 'retry-after': '3' },
      body: { error: { code: 429, message: 'Too many', errors: [{ reason: 'rateLimitExceeded' }] } },
    });
    await google.syncAll();
    expect(refusals()).toBe(1);
    const detail = await handlers.getDeal({ account: REP, deal: 'acme' }, page);
    expect(detail.messages.map((message) => message.id).sort()).toEqual([...sent].sort());
    expect(await handlers.getGoogleStatus({ account: REP }, page)).toMatchObject({ lastError: null, reconnect: false });

    const refused = { status: 401, body: { error: { code: 401, message: 'Invalid Credentials' } } };
    server.fail('/gmail/v1/users/me/history', refused, refused);
    await google.syncAll();
    const status = await handlers.getGoogleStatus({ account: REP }, page);
    expect(status.reconnect).toBe(true);
    expect(status.lastError).toMatch(/reconnect Google/);
    // The tab keeps working.
    const tab = {
      id: 'tab-1',
      thread: 'tab-1',
      at: T0,
      from: DANA,
      to: [REP],
      cc: [],
      subject: 'From the tab',
      body: 'Hello',
    };
    expect((await handlers.ingestMessages({ account: REP, messages: [tab] }, page))[0]?.placement).toMatchObject({
      kind: 'deal',
    });
  });

  test('tracking a deal while connected backfills its contacts’ mail', async () => {
    const { server, handlers, page, google } = await setup();
    await handlers.connectGoogle({}, page);
    await google.settled(REP);
    const theirs = server.deliver(mail('ana@globex.com', [REP], '2026-09-01T12:00:00Z', 'Hello', 'Saw your talk.'));
    await handlers.createDeal(
      { account: REP, id: 'globex', title: 'Globex', stage: 'contact', contacts: ['ana@globex.com'] },
      page,
    );
    await google.settled(REP);
    const detail = await handlers.getDeal({ account: REP, deal: 'globex' }, page);
    expect(detail.messages.map((message) => message.id)).toEqual([theirs]);
  });

  test('disconnecting revokes, forgets the sync state, keeps the mail; a Gmail tab may not connect or disconnect', async () => {
    const { server, handlers, page, google, revoked, connections } = await setup();
    await handlers.createDeal({ account: REP, id: 'acme', title: 'Acme', stage: 'contact', contacts: [DANA] }, page);
    server.deliver(mail(DANA, [REP], '2026-11-10T15:00:00Z', 'Pricing', 'What does it cost?'));
    const gmailTab = { url: 'https://mail.google.com/mail/u/0/' };
    await expect(handlers.connectGoogle({}, gmailTab)).rejects.toThrow("only Ember's own pages connects Google");
    await handlers.connectGoogle({}, page);
    await google.settled(REP);
    await expect(handlers.disconnectGoogle({ account: REP }, gmailTab)).rejects.toThrow(/own pages/);
    await handlers.disconnectGoogle({ account: REP }, page);
    expect(revoked.map((connection) => connection.account)).toEqual([REP]);
    expect(connections.size).toBe(0);
    expect(await handlers.getGoogleStatus({ account: REP }, page)).toMatchObject({
      connection: null,
      lastSyncAt: null,
    });
    expect((await handlers.getDeal({ account: REP, deal: 'acme' }, page)).messages).toHaveLength(1);
  });

  test('deleting all data during the first backfill neither waits for it nor lets it bring the data back', async () => {
    const { server, handlers, page, background, deps } = await setup();
    await handlers.createDeal({ account: REP, id: 'acme', title: 'Acme', stage: 'contact', contacts: [DANA] }, page);
    server.deliver(mail(DANA, [REP], '2026-11-10T15:00:00Z', 'Pricing', 'What does it cost?'));
    await handlers.connectGoogle({}, page);
    // The backfill is on its way to Google; the delete takes the account's write lane before its ingest.
    await handlers.deleteAllData({ account: REP }, page);
    await background.google.settled(REP);
    expect(await deps.accounts.list()).toEqual([]);
    await expect(handlers.getDeal({ account: REP, deal: 'acme' }, page)).rejects.toThrow(/unknown deal/);
    expect(await handlers.getGoogleStatus({ account: REP }, page)).toMatchObject({ connection: null });
  });

  test('a backfill cut short (Google failing, the worker stopped) resumes on the next round, in a new worker', async () => {
    const { server, handlers, page, google, deps } = await setup();
    await handlers.createDeal({ account: REP, id: 'acme', title: 'Acme', stage: 'contact', contacts: [DANA] }, page);
    const older = [
      server.deliver(mail(DANA, [REP], '2026-10-02T15:00:00Z', 'Intro', 'We are looking at tools.')),
      server.deliver(mail(DANA, [REP], '2026-11-10T15:00:00Z', 'Pricing', 'What does it cost?')),
    ];
    const down = { status: 503, body: { error: { code: 503, message: 'Backend Error' } } };
    server.fail('/batch/gmail/v1', ...Array.from({ length: MAX_ATTEMPTS }, () => down));
    await handlers.connectGoogle({}, page);
    await google.settled(REP);
    expect((await handlers.getDeal({ account: REP, deal: 'acme' }, page)).messages).toEqual([]);
    expect((await handlers.getGoogleStatus({ account: REP }, page)).lastError).toMatch(/503/);

    // The worker stops; a new one starts over the same storage, and its minute round resumes.
    const restarted = new EmberBackground(deps);
    await restarted.google.syncAll();
    const again = restarted.handlers();
    expect((await again.getDeal({ account: REP, deal: 'acme' }, page)).messages.map((m) => m.id)).toEqual(older);
    expect(await again.getGoogleStatus({ account: REP }, page)).toMatchObject({ lastError: null });
    // Done is done: the next round backfills nothing again.
    const searches = () => server.requests.filter((request) => request.line.includes('/messages?q=')).length;
    const before = searches();
    await restarted.google.syncAll();
    expect(searches()).toBe(before);
  });

  test('a rep who declines at Google gets it in words, and nothing is connected', async () => {
    const { background } = testBackground({
      google: {
        available: () => true,
        connections: { list: async () => [], put: async () => {}, remove: async () => {} },
        auth: {
          connect: () => Promise.reject(new Error('The user did not approve access.')),
          tokens: () => ({ get: async () => 'token', drop: async () => {} }),
          revoke: async () => {},
        },
        api: () => {
          throw new Error('no call is made');
        },
      },
    });
    const process = createRequestProcessor(background.handlers(), () => true);
    expect(await process('connectGoogle', {}, { url: 'chrome-extension://ember/options.html' })).toEqual({
      ok: false,
      error: { code: 'rejected', message: 'Google did not connect: The user did not approve access.' },
    });
  });

  test('without a client id Google cannot be connected, and nothing else changes', async () => {
    const { background } = testBackground();
    const handlers = background.handlers();
    const page = { url: 'chrome-extension://ember/options.html' };
    expect(await handlers.getGoogleStatus({}, page)).toMatchObject({ available: false, connection: null });
    await expect(handlers.connectGoogle({}, page)).rejects.toThrow(/WXT_GOOGLE_CLIENT_ID/);
  });
});
