import { afterEach, describe, expect, test } from 'vitest';
import { gmailCalls } from '@/lib/background/google/gmail-calls';
import { MailSync, type MailSyncState } from '@/lib/background/google/mail-sync';
import type { MessageInput } from '@/lib/messaging/protocol';
import { startFakeGoogleServer, type FakeGoogleServer } from './fake-google-server';
import { virtualGoogleApi } from './virtual-google';

const REP = 'sam@emberseller.com';
const DANA = 'dana@acme.com';
const HOUR = 3_600_000;

/**
 * The mail sync over real HTTP against the fake Gmail API: fetch, JSON, pacing, token refresh and
 * backoff together. Time is virtual (sleeps move it), so Retry-After costs nothing to test.
 */
describe('the mail sync against the fake Gmail API', () => {
  let google: FakeGoogleServer;
  afterEach(async () => google?.close());

  async function setup() {
    google = await startFakeGoogleServer({ account: REP });
    const { api, sleeps, dropped, now } = virtualGoogleApi((input, init) => fetch(input, init), google.baseUrl);
    const ingested: MessageInput[] = [];
    let state: MailSyncState = { historyId: null, syncedAt: null };
    const sync = new MailSync({
      gmail: gmailCalls(api),
      ingest: async (messages) => void ingested.push(...messages),
      readState: async () => state,
      writeState: async (next) => void (state = next),
      skipped: () => {},
      now,
    });
    return { sync, ingested, sleeps, dropped, at: now };
  }

  test("backfill brings a deal's older threads with To and Cc apart", async () => {
    const s = await setup();
    const t0 = s.at() - 30 * 24 * HOUR;
    google.deliver({ from: REP, to: [DANA], text: 'Intro', at: t0 });
    google.deliver({ from: DANA, to: [REP], cc: ['kim@acme.com'], text: 'Kim will join', at: t0 + HOUR });
    google.deliver({ from: 'news@vendor.example', to: [REP], text: 'News', at: t0 + 2 * HOUR });
    expect(await s.sync.backfill([DANA])).toBe(2);
    expect(s.ingested.map((m) => [m.from, m.to, m.cc, m.body, m.at])).toEqual([
      [REP, [DANA], [], 'Intro', t0],
      [DANA, [REP], ['kim@acme.com'], 'Kim will join', t0 + HOUR],
    ]);
  });

  test('a 401, a 429 with Retry-After, a 500 and an expired history recover without losing or doubling a message', async () => {
    const s = await setup();
    await s.sync.keepUp();
    const reply = google.deliver({ from: DANA, to: [REP], text: 'Interested', at: s.at() + HOUR });
    google.fail(
      '/gmail/v1/users/me/history',
      { status: 401, body: { error: { code: 401, message: 'Invalid Credentials' } } },
      { status: 429, body: { error: { code: 429, message: 'Too many' } }, headers: { 'retry-after': '2' } },
      { status: 500, body: { error: { code: 500, message: 'Backend Error' } } },
    );
    expect(await s.sync.keepUp()).toBe(1);
    expect(s.dropped).toEqual(['token-1']);
    expect(s.sleeps).toEqual([2_000, 1_000]);
    // Later the history id expires; the resync finds the reply again (ingestion takes a copy it
    // has once) and the message sent from the phone since.
    const fromPhone = google.deliver({ from: REP, to: [DANA], text: 'Tuesday?', at: s.at() + 2 * HOUR });
    google.expireHistory();
    await s.sync.keepUp();
    expect(s.ingested.map((m) => m.id)).toEqual([reply, reply, fromPhone]);
    expect(new Set(s.ingested.map((m) => m.id)).size).toBe(2);
    // Every request carried a token; the one after the 401 carried the new one.
    expect(google.requests.every((r) => r.authorization?.startsWith('Bearer token-'))).toBe(true);
  });
});
