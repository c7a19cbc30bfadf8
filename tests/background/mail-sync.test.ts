import { describe, expect, test } from 'vitest';
import type { GmailCalls } from '@/lib/background/google/gmail-calls';
import { GoogleApiError } from '@/lib/background/google/google-api';
import {
  BATCH,
  CONTACTS_PER_QUERY,
  INGEST_BATCH,
  MailSync,
  type MailSyncState,
} from '@/lib/background/google/mail-sync';
import type { MessageInput } from '@/lib/messaging/protocol';

const REP = 'sam@emberseller.com';
const T0 = Date.parse('2026-11-01T09:00:00Z');

/** Gmail's API over an in-memory mailbox: ids carry their time; history is a log of additions. */
function fakeGmail() {
  const messages = new Map<string, { from: string; to: string; at: number; body: string | null }>();
  const history: { id: number; message: string }[] = [];
  let historyId = 100;
  let expiredBefore = 0;
  const calls: string[] = [];
  /** Parts that fail in the batch, whatever Google's retries did. */
  const failures = new Map<string, GoogleApiError>();
  const idOf = (at: number) => (BigInt(at) << 20n).toString(16);
  const add = (from: string, to: string, at: number, body: string | null = 'Hello') => {
    const id = idOf(at);
    messages.set(id, { from, to, at, body });
    historyId += 1;
    history.push({ id: historyId, message: id });
    return id;
  };
  const json = (id: string) => {
    const m = messages.get(id);
    if (!m) throw new GoogleApiError(404, ['notFound'], 'messages.get: Requested entity was not found.');
    return {
      id,
      threadId: id,
      internalDate: String(m.at),
      payload:
        m.body === null
          ? { mimeType: 'text/plain', headers: [{ name: 'To', value: m.to }] } // no From: unreadable
          : {
              mimeType: 'text/plain',
              headers: [
                { name: 'From', value: m.from },
                { name: 'To', value: m.to },
              ],
              body: { data: Buffer.from(m.body).toString('base64url') },
            },
    };
  };
  const matches = (query: string, m: { from: string; to: string; at: number }) => {
    const after = /after:(\d+)/.exec(query);
    if (after) return m.at >= Number(after[1]) * 1000;
    const addresses = [...query.matchAll(/(?:from|to|cc):(\S+?)(?=\s|}|$)/g)].map((match) => match[1]);
    return addresses.includes(m.from) || addresses.includes(m.to);
  };
  const gmail: GmailCalls = {
    async profile() {
      calls.push('profile');
      return { emailAddress: REP, historyId: String(historyId) };
    },
    async listMessages(query, pageToken) {
      calls.push(`list ${query}`);
      // Newest first, 100 a page, as Gmail pages them.
      const all = [...messages.entries()].filter(([, m]) => matches(query, m)).sort((a, b) => b[1].at - a[1].at);
      const start = Number(pageToken ?? 0);
      const ids = all.slice(start, start + 100).map(([id]) => id);
      return { ids, ...(start + 100 < all.length ? { nextPageToken: String(start + 100) } : {}) };
    },
    async listHistory(start) {
      calls.push(`history ${start}`);
      if (Number(start) < expiredBefore) throw new GoogleApiError(404, ['notFound'], 'history.list: not found');
      return {
        added: history.filter((entry) => entry.id > Number(start)).map((entry) => entry.message),
        historyId: String(historyId),
      };
    },
    async getMessage(id) {
      return json(id);
    },
    async getMessages(ids) {
      calls.push(`batch ${ids.length}`);
      return ids.map((id) => {
        const failure = failures.get(id);
        if (failure) return { ok: false, error: failure };
        try {
          return { ok: true, message: json(id) };
        } catch (error) {
          if (error instanceof GoogleApiError) return { ok: false, error };
          throw error;
        }
      });
    },
  };
  return {
    gmail,
    add,
    calls,
    remove: (id: string) => messages.delete(id),
    failPart: (id: string, error: GoogleApiError | null) => (error ? failures.set(id, error) : failures.delete(id)),
    expire: () => (expiredBefore = historyId + 1),
  };
}

function setup() {
  const fake = fakeGmail();
  const batches: MessageInput[][] = [];
  const skipped: [string, string][] = [];
  let state: MailSyncState = { historyId: null, syncedAt: null };
  let now = Date.parse('2026-12-01T12:00:00Z');
  let failIngestAt = -1;
  const progress: [number, number][] = [];
  const sync = new MailSync({
    gmail: fake.gmail,
    ingest: async (messages) => {
      if (batches.length === failIngestAt) throw new Error('worker stopped');
      batches.push(messages);
    },
    readState: async () => state,
    writeState: async (next) => void (state = next),
    skipped: (id, reason) => skipped.push([id, reason]),
    now: () => now,
    progress: (done, total) => progress.push([done, total]),
  });
  return {
    progress,
    ...fake,
    sync,
    batches,
    skipped,
    state: () => state,
    tick: (ms: number) => (now += ms),
    failIngestAt: (index: number) => (failIngestAt = index),
  };
}

describe('the mail sync', () => {
  test("backfills a deal's history: every message with its contacts, oldest first, fetched 50 a batch", async () => {
    const s = setup();
    for (let i = 0; i < 120; i += 1)
      s.add(i % 2 ? REP : 'dana@acme.com', i % 2 ? 'dana@acme.com' : REP, T0 + i * 60_000);
    s.add('news@vendor.example', REP, T0 + 5);
    const ingested = await s.sync.backfill(['dana@acme.com']);
    expect(ingested).toBe(120);
    // Ingested in one go: up to INGEST_BATCH at a time.
    expect(s.batches.map((batch) => batch.length)).toEqual([120]);
    // One batch request for each batch of messages.
    expect(s.calls.filter((call) => call.startsWith('batch'))).toEqual(['batch 50', 'batch 50', 'batch 20']);
    const times = s.batches.flat().map((message) => message.at!);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(s.batches.flat().every((message) => message.from !== 'news@vendor.example')).toBe(true);
  });

  test('a large backfill is ingested up to 500 messages at a time, its progress after each', async () => {
    const s = setup();
    for (let i = 0; i < 1_234; i += 1) s.add('dana@acme.com', REP, T0 + i * 60_000);
    expect(await s.sync.backfill(['dana@acme.com'])).toBe(1_234);
    expect(s.batches.map((batch) => batch.length)).toEqual([INGEST_BATCH, INGEST_BATCH, 234]);
    expect(s.calls.filter((call) => call.startsWith('batch'))).toHaveLength(Math.ceil(1_234 / BATCH));
    expect(s.progress).toEqual([
      [0, 1_234],
      [500, 1_234],
      [1_000, 1_234],
      [1_234, 1_234],
    ]);
  });

  test('a backfill over many contacts searches a few at a time, reports its progress, and ingests each message once', async () => {
    const s = setup();
    const contacts = Array.from({ length: 45 }, (_, n) => `buyer${n}@account${n}.example`);
    contacts.forEach((address, n) => {
      s.add(address, REP, T0 + n * 60_000);
      s.add(REP, address, T0 + n * 60_000 + 1);
    });
    // One message to two contacts of different queries is still one message.
    s.add(contacts[0]!, contacts[44]!, T0 + 99 * 60_000);
    expect(await s.sync.backfill(contacts)).toBe(91);
    const queries = s.calls.filter((call) => call.startsWith('list '));
    expect(queries).toHaveLength(Math.ceil(45 / CONTACTS_PER_QUERY));
    expect(s.progress).toEqual([
      [0, 91],
      [91, 91],
    ]);
  });

  test('a message that cannot be read, or is gone since it was listed, is skipped with the reason; the rest goes on', async () => {
    const s = setup();
    s.add('dana@acme.com', REP, T0);
    const bad = s.add('dana@acme.com', REP, T0 + 1, null);
    s.add(REP, 'dana@acme.com', T0 + 2);
    const gone = s.add('dana@acme.com', REP, T0 + 3);
    const listed = s.gmail.listMessages.bind(s.gmail);
    s.gmail.listMessages = async (query, token) => {
      const page = await listed(query, token);
      s.remove(gone);
      return page;
    };
    expect(await s.sync.backfill(['dana@acme.com'])).toBe(2);
    expect(s.skipped).toEqual([
      [bad, `Gmail API message ${bad}: no From header`],
      [gone, 'messages.get: Requested entity was not found.'],
    ]);
  });

  test('keeps up from the last historyId: the first call notes where to start, later ones ingest what came', async () => {
    const s = setup();
    s.add('dana@acme.com', REP, T0);
    expect(await s.sync.keepUp()).toBe(0);
    expect(s.state().historyId).toBe('101');
    const reply = s.add('dana@acme.com', REP, T0 + HOUR);
    const fromPhone = s.add(REP, 'dana@acme.com', T0 + 2 * HOUR);
    expect(await s.sync.keepUp()).toBe(2);
    expect(s.batches.flat().map((m) => m.id)).toEqual([reply, fromPhone]);
    expect(s.state().historyId).toBe('103');
    expect(await s.sync.keepUp()).toBe(0);
  });

  test('an expired historyId (404) resyncs by search from the last sync, a day back, and starts over', async () => {
    const s = setup();
    await s.sync.keepUp();
    const syncedAt = s.state().syncedAt!;
    s.add('dana@acme.com', REP, syncedAt + HOUR);
    s.add('dana@acme.com', REP, syncedAt - 3 * 86_400_000);
    s.expire();
    s.tick(HOUR * 2);
    expect(await s.sync.keepUp()).toBe(1);
    expect(s.calls).toContain(`list after:${Math.floor((syncedAt - 86_400_000) / 1000)}`);
    expect(s.state()).toEqual({ historyId: '102', syncedAt: syncedAt + 2 * HOUR });
  });

  test('a part that failed otherwise than 404 fails the run before its batch is ingested: no state written, the next run gets it', async () => {
    const s = setup();
    await s.sync.keepUp();
    const before = s.state();
    const ids = Array.from({ length: 60 }, (_, i) => s.add('dana@acme.com', REP, T0 + i));
    const gone = s.add('dana@acme.com', REP, T0 + 100);
    s.remove(gone);
    const error = new GoogleApiError(500, ['backendError'], 'messages.get: Backend Error');
    s.failPart(ids[55]!, error);
    await expect(s.sync.keepUp()).rejects.toBe(error);
    expect(s.state()).toEqual(before);
    // The first batch was ingested (ingestion is idempotent); nothing of the failed one was, nor reported.
    expect(s.batches.map((batch) => batch.length)).toEqual([BATCH]);
    expect(s.skipped).toEqual([]);
    s.failPart(ids[55]!, null);
    expect(await s.sync.keepUp()).toBe(60);
    expect(new Set(s.batches.flat().map((m) => m.id))).toEqual(new Set(ids));
    expect(s.skipped).toEqual([[gone, 'messages.get: Requested entity was not found.']]);
  });

  test('a worker stopped midway writes no state: the next run ingests the same mail again, none skipped', async () => {
    const s = setup();
    await s.sync.keepUp();
    const before = s.state();
    // Two ingests' worth: the worker stops in the second.
    const count = INGEST_BATCH + 70;
    for (let i = 0; i < count; i += 1) s.add('dana@acme.com', REP, T0 + i);
    s.failIngestAt(1);
    await expect(s.sync.keepUp()).rejects.toThrow('worker stopped');
    expect(s.batches.map((batch) => batch.length)).toEqual([INGEST_BATCH]);
    expect(s.state()).toEqual(before);
    s.failIngestAt(-1);
    expect(await s.sync.keepUp()).toBe(count);
  });
});

const HOUR = 3_600_000;
