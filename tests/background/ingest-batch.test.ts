import { afterEach, describe, expect, test } from 'vitest';
import { AccountService } from '@/lib/background/account-service';
import { DEFAULT_ACCOUNT_SETTINGS } from '@/lib/domain/settings';
import type { MessageInput } from '@/lib/messaging/protocol';
import { exportBackup } from '@/lib/store/backup';
import type { EmberDatabase } from '@/lib/store/database';
import { DexieEngineStore } from '@/lib/store/dexie-engine-store';
import { testDatabase } from '../helpers/database';
import { testClock } from '../helpers/fake-ports';

/**
 * A batch of messages runs on the store's cache and writes once at its end. Each case here is one
 * where a later message of the batch depends on what an earlier one did: the batch must end where
 * the same messages ingested one request at a time end.
 */

const REP = 'sam@seller.com';
const at = (iso: string) => Date.parse(iso);
const opened: EmberDatabase[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

function service(name: string) {
  const db = testDatabase(`${name}-${REP}`);
  opened.push(db);
  let ids = 0;
  const account = new AccountService(REP, {
    db,
    settings: async () => DEFAULT_ACCOUNT_SETTINGS,
    clock: testClock(at('2026-04-06T09:00:00Z')),
    newId: () => `id-${++ids}`,
  });
  return { db, account };
}

const snapshot = async (db: EmberDatabase) => (await exportBackup(db, REP, DEFAULT_ACCOUNT_SETTINGS, 0)).tables;

const mail = (id: string, minute: number, from: string, to: string[], fields: Partial<MessageInput> = {}) => ({
  id,
  thread: 't1',
  at: at('2026-04-06T10:00:00Z') + minute * 60_000,
  from,
  to,
  cc: [],
  subject: `Subject of ${id}`,
  body: `Body of ${id}`,
  ...fields,
});

/** Two accounts with the same deals: one gets `messages` as one request, the other one by one. */
async function batchAndOneByOne(messages: MessageInput[]) {
  const batch = service('batch');
  const single = service('single');
  for (const { account } of [batch, single]) {
    await account.createDeal({ id: 'acme', title: 'Acme', stage: 'contact', contacts: ['dana@acme.com'] });
    await account.createDeal({ id: 'a', title: 'A', stage: 'contact', contacts: ['jo@shared.com'] });
    await account.createDeal({ id: 'b', title: 'B', stage: 'contact', contacts: ['jo@shared.com', 'kim@b.com'] });
    await account.linkThread('t1', 'acme');
  }
  const placements = await batch.account.ingestMessages(messages);
  const oneByOne = [];
  for (const message of [...messages].sort((x, y) => x.at! - y.at!))
    oneByOne.push(...(await single.account.ingestMessages([message])));
  expect(placements).toEqual(oneByOne);
  expect(await snapshot(batch.db)).toEqual(await snapshot(single.db));
  return { placements, db: batch.db };
}

describe('a batch sees its own writes', () => {
  test('a reply later in the batch ends the trigger an earlier message fired', async () => {
    const { db } = await batchAndOneByOne([
      mail('m1', 0, 'dana@acme.com', [REP]),
      mail('m2', 5, REP, ['dana@acme.com']),
    ]);
    expect((await db.triggers.toArray()).filter((t) => t.deal === 'acme').map((t) => [t.kind, t.status])).toEqual([
      ['buyer_replied', 'done'],
    ]);
  });

  test('a message repeated within a batch is placed once; across batches, never again', async () => {
    const { placements, db } = await batchAndOneByOne([
      mail('m1', 0, 'dana@acme.com', [REP]),
      mail('m1', 0, 'dana@acme.com', [REP]),
    ]);
    expect(placements.map(({ placement }) => placement?.kind)).toEqual(['deal', 'duplicate']);
    expect(await db.messages.where('thread').equals('t1').count()).toBe(1);
    const before = await snapshot(db);
    const again = new AccountService(REP, {
      db,
      settings: async () => DEFAULT_ACCOUNT_SETTINGS,
      clock: testClock(at('2026-04-07T09:00:00Z')),
      newId: () => 'unused',
    });
    expect((await again.ingestMessages([mail('m1', 0, 'dana@acme.com', [REP])]))[0]!.placement?.kind).toBe('duplicate');
    expect(await snapshot(db)).toEqual(before);
  });

  test('a batch whose ids span many stored messages still knows which of them it has', async () => {
    // The store reads which ids it has as one key range when the batch's ids sort close together;
    // here the range m10..m21 holds more stored ids than it reads at once, so each is read alone.
    const { db, account } = service('span');
    await account.createDeal({ id: 'acme', title: 'Acme', stage: 'contact', contacts: ['dana@acme.com'] });
    await account.linkThread('t1', 'acme');
    const stored = Array.from({ length: 12 }, (_, n) => mail(`m${10 + n}`, n, 'dana@acme.com', [REP]));
    await account.ingestMessages(stored);
    const placements = await account.ingestMessages([
      stored[0]!,
      stored[11]!,
      mail('m15b', 30, 'dana@acme.com', [REP]),
    ]);
    expect(placements.map(({ placement }) => placement?.kind)).toEqual(['duplicate', 'duplicate', 'deal']);
    expect(await db.inputs.where('thread').equals('t1').count()).toBe(13);
    expect(await db.messages.count()).toBe(13);
  });

  test('a thread linked by an earlier message places the later ones on it', async () => {
    const { placements, db } = await batchAndOneByOne([
      mail('m1', 0, 'dana@acme.com', [REP], { thread: 't2' }),
      // Not a contact of any deal: only the thread link places it.
      mail('m2', 5, 'pat@acme.com', [REP], { thread: 't2' }),
    ]);
    expect(placements.map(({ placement }) => placement)).toEqual([
      { kind: 'deal', deal: 'acme', direction: 'inbound' },
      { kind: 'deal', deal: 'acme', direction: 'inbound' },
    ]);
    expect(await db.threads.get('t2')).toMatchObject({ deal: 'acme', linkedBy: 'contact' });
  });

  test('a thread first seen as ambiguous keeps the subject of its first message when a later one links it', async () => {
    const { placements, db } = await batchAndOneByOne([
      mail('m1', 0, 'jo@shared.com', [REP], { thread: 't3' }),
      mail('m2', 5, 'kim@b.com', [REP], { thread: 't3' }),
    ]);
    expect(placements.map(({ placement }) => placement?.kind)).toEqual(['unlinked', 'deal']);
    expect(await db.threads.get('t3')).toMatchObject({ deal: 'b', subject: 'Subject of m1' });
  });

  test('a person an earlier message added to a deal routes later mail on a new thread to it', async () => {
    const { placements, db } = await batchAndOneByOne([
      mail('m1', 0, 'dana@acme.com', [REP], { cc: ['Lee Park <lee@acme.com>'] }),
      mail('m2', 5, 'lee@acme.com', [REP], { thread: 't4' }),
      mail('m3', 9, 'Lee P. <lee@acme.com>', [REP], { thread: 't4' }),
    ]);
    expect(placements.map(({ placement }) => placement)).toEqual([
      { kind: 'deal', deal: 'acme', direction: 'inbound' },
      { kind: 'deal', deal: 'acme', direction: 'inbound' },
      { kind: 'deal', deal: 'acme', direction: 'inbound' },
    ]);
    expect(await db.contacts.get(['acme', 'lee@acme.com'])).toMatchObject({
      name: 'Lee P.',
      firstSeenAt: at('2026-04-06T10:00:00Z'),
      lastHeardAt: at('2026-04-06T10:09:00Z'),
    });
  });
});

describe('a batch writes all or nothing', () => {
  test('a failure while writing the batch out leaves nothing of it', async () => {
    const { db, account } = service('failing');
    await account.createDeal({ id: 'acme', title: 'Acme', stage: 'contact', contacts: ['dana@acme.com'] });
    await account.linkThread('t1', 'acme');
    const before = await snapshot(db);
    // Contact rows are written alongside the messages and deals: the last table of the batch to fail.
    const subscriber = function (this: unknown, key: [string, string]) {
      if (key[1] === 'lee@acme.com') throw new Error('worker stopped');
    };
    db.contacts.hook('creating', subscriber);
    await expect(
      account.ingestMessages([
        mail('m1', 0, 'dana@acme.com', [REP]),
        mail('m2', 5, 'dana@acme.com', [REP], { cc: ['lee@acme.com'] }),
      ]),
    ).rejects.toThrow('worker stopped');
    expect(await snapshot(db)).toEqual(before);
    db.contacts.hook('creating').unsubscribe(subscriber);
    await account.ingestMessages([mail('m1', 0, 'dana@acme.com', [REP])]);
    expect(await db.messages.count()).toBe(1);
  });

  test('the store holds writes until flushed, and reads them back meanwhile', async () => {
    const { db, account } = service('held');
    await account.createDeal({ id: 'acme', title: 'Acme', stage: 'contact', contacts: ['dana@acme.com'] });
    await db.transaction('rw', db.allTables, async () => {
      const store = new DexieEngineStore(db, () => 0);
      const message = {
        ...mail('m1', 0, 'dana@acme.com', [REP], { thread: 't9' }),
        text: '',
        snippet: '',
        closing: null,
      };
      store.recordMessage(message, { kind: 'deal', deal: 'acme', direction: 'inbound' });
      await store.linkThread('t9', 'acme', 'rep');
      expect(await store.hasMessage('m1')).toBe(true);
      expect(await store.dealForThread('t9')).toBe('acme');
      expect(await db.messages.count()).toBe(0);
      expect(await db.threads.get('t9')).toBeUndefined();
      await store.flush();
      expect(await db.messages.count()).toBe(1);
      expect(await db.threads.get('t9')).toMatchObject({ deal: 'acme', subject: 'Subject of m1' });
    });
  });
});
