import Dexie, { type Transaction } from 'dexie';
import { afterEach, describe, expect, test } from 'vitest';
import { AccountService } from '@/lib/background/account-service';
import { createWritePause } from '@/lib/background/test-pause';
import { DEFAULT_ACCOUNT_SETTINGS } from '@/lib/domain/settings';
import type { MessageInput } from '@/lib/messaging/protocol';
import type { EmberDatabase } from '@/lib/store/database';
import { freshIndexedDb, testDatabase } from '../helpers/database';
import { testClock } from '../helpers/fake-ports';

/**
 * The e2e build's write pause (lib/background/test-pause.ts), over the real store in fake-indexeddb:
 * what worker-killed.test.ts relies on when it stops the worker at a held write.
 */
const REP = 'sam@seller.com';
const opened: EmberDatabase[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

function setUp() {
  const idb = freshIndexedDb();
  const pause = createWritePause();
  const db = testDatabase(REP, idb).use(pause.middleware);
  opened.push(db);
  let ids = 0;
  const account = new AccountService(REP, {
    db,
    settings: async () => DEFAULT_ACCOUNT_SETTINGS,
    clock: testClock(),
    newId: () => `id-${++ids}`,
  });
  return { idb, pause, db, account };
}

/** More messages than one chunk of the store's writes (50), so a flush writes several at once. */
const mail = (count: number): MessageInput[] =>
  Array.from({ length: count }, (_, index) => ({
    id: `m${index}`,
    thread: 't1',
    at: Date.parse('2026-04-06T10:00:00Z') + index * 60_000,
    from: 'dana@acme.com',
    to: [REP],
    subject: 'Pilot',
    body: `Message ${index}`,
  }));

/** Some IndexedDB work elsewhere: it takes turns of the event loop, in which an idle transaction commits. */
async function otherWork(idb: ReturnType<typeof freshIndexedDb>) {
  const elsewhere = testDatabase('elsewhere@seller.com', idb);
  opened.push(elsewhere);
  await elsewhere.settings.put({ key: 'k', value: 1 });
  return elsewhere.settings.get('k');
}

describe('the write pause of e2e builds', () => {
  test('holds a write in its transaction, which stays open across other work and goes on when released', async () => {
    const { idb, pause, db } = setUp();
    pause.arm('messages');
    const write = db.transaction('rw', db.messages, async () => {
      await db.messages.bulkPut([{ id: 'm1' }, { id: 'm2' }] as never);
      // Had the transaction committed by itself while the write was held, this would be refused.
      await db.messages.put({ id: 'm3' } as never);
    });
    expect(await pause.reached()).toEqual({ table: 'messages', keys: ['m1', 'm2'] });
    await otherWork(idb);
    // Another connection's read waits for the held transaction: it sees all of it, not a part.
    const reader = testDatabase(REP, idb);
    opened.push(reader);
    const read = reader.messages.toCollection().primaryKeys();
    pause.release();
    await write;
    expect(await read).toEqual(['m1', 'm2', 'm3']);
  });

  test('in an ingest, holds the first chunk of messages written; released, the batch commits whole', async () => {
    const { idb, pause, db, account } = setUp();
    await account.createDeal({ id: 'acme', title: 'Acme', stage: 'contact', contacts: ['dana@acme.com'] });
    pause.arm('messages');
    const ingest = account.ingestMessages(mail(120));
    const held = await pause.reached();
    expect(held).toEqual({ table: 'messages', keys: mail(50).map((message) => message.id) });
    await otherWork(idb);
    pause.release();
    expect(await ingest).toHaveLength(120);
    expect(await db.messages.count()).toBe(120);
  });

  test('a held transaction that is aborted, as a stopped worker’s is, leaves nothing and ends the hold', async () => {
    const { idb, pause, db } = setUp();
    pause.arm('messages');
    let transaction: Transaction | null = null;
    const write = db.transaction('rw', db.messages, db.deals, async () => {
      transaction = Dexie.currentTransaction;
      await db.deals.put({ id: 'acme', title: 'Acme' } as never);
      await db.messages.bulkPut([{ id: 'm1' }, { id: 'm2' }] as never);
    });
    expect(await pause.reached()).toEqual({ table: 'messages', keys: ['m1', 'm2'] });
    await otherWork(idb);
    transaction!.abort();
    await expect(write).rejects.toThrow();
    expect(await db.messages.count()).toBe(0);
    expect(await db.deals.count()).toBe(0);
  });

  test('other tables, and the writes after the held one, pass through', async () => {
    const { pause, db, account } = setUp();
    pause.arm('triggers');
    await account.createDeal({ id: 'acme', title: 'Acme', stage: 'contact', contacts: ['dana@acme.com'] });
    // A deal entering Contact fires nothing: no trigger was written, so nothing was held.
    expect(await db.triggers.count()).toBe(0);
    const ingest = account.ingestMessages(mail(1));
    const held = await pause.reached();
    expect(held.table).toBe('triggers');
    expect(held.keys).toHaveLength(1);
    pause.release();
    await ingest;
    await account.ingestMessages(mail(2));
    expect(await db.triggers.count()).toBeGreaterThan(0);
  });
});
