import { afterEach, describe, expect, test } from 'vitest';
import { gmailCalls } from '@/lib/background/google/gmail-calls';
import { MailSync, type MailSyncState } from '@/lib/background/google/mail-sync';
import { MAX_ATTEMPTS, PACED_WINDOW_MS } from '@/lib/background/google/pacing';
import { MAX_BODY_CHARS } from '@/lib/background/sources/gmail-api-message';
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
    const skipped: [string, string][] = [];
    let state: MailSyncState = { historyId: null, syncedAt: null };
    const sync = new MailSync({
      gmail: gmailCalls(api),
      ingest: async (messages) => void ingested.push(...messages),
      readState: async () => state,
      writeState: async (next) => void (state = next),
      skipped: (id, reason) => void skipped.push([id, reason]),
      now,
    });
    return { sync, ingested, skipped, sleeps, dropped, at: now, state: () => state };
  }

  /** `count` messages between Dana and the rep, a minute apart from `start`; their ids, oldest first. */
  const exchange = (count: number, start: number) =>
    Array.from({ length: count }, (_, i) =>
      google.deliver(
        i % 2
          ? { from: REP, to: [DANA], text: `Reply ${i}`, at: start + i * 60_000 }
          : { from: DANA, to: [REP], text: `Note ${i}`, at: start + i * 60_000 },
      ),
    );
  const messagePath = (id: string) => `/gmail/v1/users/me/messages/${id}`;
  const batchPosts = () => google.requests.filter((r) => r.line === 'POST /batch/gmail/v1');
  const batchedGets = () => google.requests.filter((r) => r.inBatch).map((r) => r.line);
  const backendError = { status: 500, body: { error: { code: 500, message: 'Backend Error' } } };

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

  test('a backfill of 120 messages is 3 batch requests of at most 50, each message once, a second of quota each', async () => {
    const s = await setup();
    const ids = exchange(120, s.at() - 30 * 24 * HOUR);
    expect(await s.sync.backfill([DANA])).toBe(120);
    expect(batchPosts()).toHaveLength(3);
    expect(batchedGets()).toHaveLength(120);
    expect(
      batchedGets().every((line) => /^GET \/gmail\/v1\/users\/me\/messages\/[0-9a-f]+\?format=full$/.test(line)),
    ).toBe(true);
    // No message was fetched on its own.
    expect(google.requests.filter((r) => !r.inBatch && r.line.startsWith('GET /gmail/v1/users/me/messages/'))).toEqual(
      [],
    );
    // The fake answers each batch's parts in reverse: they are matched by Content-ID, not position.
    expect(s.ingested.map((m) => m.id)).toEqual(ids);
    // The search (5 units), then 250 + 250 + 100 units: each batch waits for the one before to age out.
    expect(s.sleeps).toEqual([PACED_WINDOW_MS, PACED_WINDOW_MS, PACED_WINDOW_MS]);
  });

  test('one part answering 500 once is sent again alone: no message lost or doubled', async () => {
    const s = await setup();
    const ids = exchange(120, s.at() - 30 * 24 * HOUR);
    google.fail(messagePath(ids[70]!), backendError);
    expect(await s.sync.backfill([DANA])).toBe(120);
    expect(batchPosts()).toHaveLength(4);
    expect(batchedGets()).toHaveLength(121);
    expect(batchedGets().filter((line) => line.includes(ids[70]!))).toHaveLength(2);
    expect(s.ingested.map((m) => m.id)).toEqual(ids);
    expect(s.skipped).toEqual([]);
  });

  test('malformed messages are skipped with the reason, a 10 MB one is kept cut; neither stops the sync', async () => {
    const s = await setup();
    await s.sync.keepUp();
    const at = s.at() + HOUR;
    const mail = (text: string, minutes: number) => ({ from: DANA, to: [REP], text, at: at + minutes * 60_000 });
    const before = google.deliver(mail('Before', 0));
    const garbage = google.deliver(mail('Garbage', 1), {
      // Base64url cut mid-quad: no bytes can be read from it.
      reshape: (m) => ({ ...m, payload: { ...m.payload, body: { size: 9, data: 'SGVsbG8gV' } } }),
    });
    const noFrom = google.deliver(mail('No From', 2), {
      reshape: (m) => ({
        ...m,
        payload: { ...m.payload, headers: m.payload?.headers?.filter((h) => h.name !== 'From') ?? [] },
      }),
    });
    const badDate = google.deliver(mail('Bad date', 3), { reshape: (m) => ({ ...m, internalDate: 'yesterday' }) });
    const onlyAttachment = google.deliver(mail('Only a picture', 4), {
      reshape: (m) => ({
        ...m,
        payload: {
          mimeType: 'multipart/mixed',
          headers: m.payload?.headers?.filter((h) => h.name !== 'Content-Type') ?? [],
          body: { size: 0 },
          parts: [
            {
              partId: '0',
              mimeType: 'image/png',
              filename: 'deck.png',
              body: { size: 2_048, attachmentId: 'ANGjdJ8' },
            },
          ],
        },
      }),
    });
    const huge = google.deliver(mail(`Start ${'0123456789'.repeat(1_000_000)}`, 5));
    const hugeHtml = google.deliver(mail('', 6), {
      reshape: (m) => ({
        ...m,
        payload: {
          ...m.payload,
          mimeType: 'text/html',
          body: {
            size: 10_000_000,
            data: Buffer.from(`<p>${'<b>word</b> '.repeat(850_000)}</p>`).toString('base64url'),
          },
        },
      }),
    });
    const after = google.deliver(mail('After', 7));
    expect(await s.sync.keepUp()).toBe(5);
    expect(s.skipped).toEqual([
      [garbage, 'a body part is not base64url'],
      [noFrom, `Gmail API message ${noFrom}: no From header`],
      [badDate, `Gmail API message ${badDate}: internalDate: internalDate is a number of milliseconds`],
    ]);
    expect(s.ingested.map((m) => m.id)).toEqual([before, onlyAttachment, huge, hugeHtml, after]);
    const byId = new Map(s.ingested.map((m) => [m.id, m.body]));
    // No text part: the message is kept, with no body.
    expect(byId.get(onlyAttachment)).toBe('');
    // parseGmailApiMessage keeps the first MAX_BODY_CHARS characters of a text.
    expect(byId.get(huge)).toHaveLength(MAX_BODY_CHARS);
    expect(byId.get(huge)?.startsWith('Start 0123456789')).toBe(true);
    expect(byId.get(hugeHtml)).toHaveLength(MAX_BODY_CHARS);
    expect(byId.get(hugeHtml)?.startsWith('word word')).toBe(true);
    // The state moved on: the next run has nothing new, and does not meet them again.
    expect(await s.sync.keepUp()).toBe(0);
    expect(s.skipped).toHaveLength(3);
  });

  test('a 404, a 401 and a 429 with Retry-After within batches recover without losing or doubling a message', async () => {
    const s = await setup();
    await s.sync.keepUp();
    const ids = exchange(60, s.at() + HOUR);
    // First batch: the whole batch 401 (a new token), one part 429 asking for 3 s, one part gone.
    google.fail('/batch/gmail/v1', { status: 401, body: { error: { code: 401, message: 'Invalid Credentials' } } });
    google.fail(messagePath(ids[3]!), {
      status: 429,
      body: { error: { code: 429, message: 'Too many concurrent requests for user' } },
      headers: { 'retry-after': '3' },
    });
    google.fail(messagePath(ids[20]!), {
      status: 404,
      body: { error: { code: 404, message: 'Requested entity was not found.', errors: [{ reason: 'notFound' }] } },
    });
    // Second batch: one part 401 (another new token).
    google.fail(messagePath(ids[55]!), { status: 401, body: { error: { code: 401, message: 'Invalid Credentials' } } });
    expect(await s.sync.keepUp()).toBe(59);
    expect(s.ingested.map((m) => m.id)).toEqual(ids.filter((_, i) => i !== 20));
    expect(s.skipped).toEqual([[ids[20], 'messages.get: Requested entity was not found.']]);
    expect(s.dropped).toEqual(['token-1', 'token-2']);
    // The 429's Retry-After, not the 0.5 s of jitter, was waited.
    expect(s.sleeps).toContain(3_000);
    expect(s.sleeps).not.toContain(500);
    expect(batchPosts().map((r) => r.authorization)).toEqual([
      'Bearer token-1',
      'Bearer token-2',
      'Bearer token-2',
      'Bearer token-2',
      'Bearer token-3',
    ]);
    expect(await s.sync.keepUp()).toBe(0);
  });

  test('a part failing past every retry fails the run and writes no state: the next run brings the message', async () => {
    const s = await setup();
    await s.sync.keepUp();
    const before = s.state();
    const ids = exchange(3, s.at() + HOUR);
    google.fail(messagePath(ids[1]!), ...Array.from({ length: MAX_ATTEMPTS }, () => backendError));
    await expect(s.sync.keepUp()).rejects.toMatchObject({ status: 500, message: 'messages.get: Backend Error' });
    expect(s.state()).toEqual(before);
    expect(s.ingested).toEqual([]);
    expect(await s.sync.keepUp()).toBe(3);
    expect(s.ingested.map((m) => m.id)).toEqual(ids);
  });
});
