import { afterEach, describe, expect, test } from 'vitest';
import type { EmberDatabase } from '@/lib/store/database';
import { MIGRATIONS } from '@/lib/store/migrations';
import { queueDealOf } from '@/lib/store/queue-deals-middleware';
import type { DealRecord } from '@/lib/store/records';
import { freshIndexedDb, testDatabase } from '../helpers/database';
import { sampleRows } from './sample-rows';

let db: EmberDatabase;
afterEach(() => db?.close());

const acme = sampleRows().deals[0]!;
const deal = (id: string, fields: Partial<DealRecord> = {}): DealRecord => ({ ...acme, id, title: id, ...fields });

/** The queue rows the deals imply: what the table must hold after every commit. */
async function expectQueueRowsMatchDeals() {
  const implied = (await db.deals.toArray()).flatMap((row) => queueDealOf(row) ?? []);
  expect(await db.queueDeals.toArray()).toEqual(implied);
}

describe('the queue rows follow the deals', () => {
  test('through every kind of deal write', async () => {
    db = testDatabase();
    await db.deals.put(deal('a'));
    await db.deals.put(deal('b', { nextDueAt: null }));
    await expectQueueRowsMatchDeals();
    expect(await db.queueDeals.toArray()).toEqual([{ id: 'a', title: 'a', stage: 'contact', latestThread: 't1' }]);

    await db.deals.bulkPut([deal('c', { latestThread: null }), deal('d'), deal('a', { stage: 'demo' })]);
    await expectQueueRowsMatchDeals();

    await db.deals.update('a', { title: 'Acme renamed' });
    await db.deals.update('c', { nextDueAt: null });
    await db.deals.update('b', { nextDueAt: acme.nextDueAt });
    await expectQueueRowsMatchDeals();
    expect((await db.queueDeals.toArray()).map((row) => row.id)).toEqual(['a', 'b', 'd']);

    await db.deals.bulkUpdate([
      { key: 'b', changes: { stage: 'proposal' } },
      { key: 'd', changes: { nextDueAt: null } },
    ]);
    await expectQueueRowsMatchDeals();

    await db.deals.where('status').equals('open').modify({ stage: 'negotiation' });
    await db.deals
      .where('id')
      .anyOf('a', 'c')
      .modify((row) => {
        row.title = `${row.title}!`;
        row.nextDueAt = row.id === 'c' ? acme.nextDueAt : row.nextDueAt;
      });
    await expectQueueRowsMatchDeals();
    expect((await db.queueDeals.toArray()).map((row) => [row.id, row.title, row.stage])).toEqual([
      ['a', 'Acme renamed!', 'negotiation'],
      ['b', 'b', 'negotiation'],
      ['c', 'c!', 'negotiation'],
    ]);

    // A changed primary key is an add of the new row and a delete of the old one.
    await db.deals
      .where('id')
      .equals('c')
      .modify((row) => {
        row.id = 'c2';
      });
    await expectQueueRowsMatchDeals();

    await db.deals.delete('a');
    await expectQueueRowsMatchDeals();
    await db.deals.bulkPut([deal('x1'), deal('x2'), deal('y')]);
    await db.deals.bulkDelete(['b', 'x1']);
    await expectQueueRowsMatchDeals();
    // A primary-key range is deleted as a range.
    await db.deals.where('id').startsWith('x').delete();
    await expectQueueRowsMatchDeals();
    expect((await db.queueDeals.toArray()).map((row) => row.id)).toEqual(['c2', 'y']);

    await db.deals.clear();
    expect(await db.queueDeals.count()).toBe(0);
  });

  test('a failed add changes no queue row', async () => {
    db = testDatabase();
    await db.deals.put(deal('a'));
    await db.transaction('rw', db.deals, async () => {
      await expect(db.deals.bulkAdd([deal('a', { title: 'duplicate' }), deal('b')])).rejects.toThrow(/1 of 2/);
    });
    await expectQueueRowsMatchDeals();
    expect((await db.queueDeals.toArray()).map((row) => [row.id, row.title])).toEqual([
      ['a', 'a'],
      ['b', 'b'],
    ]);
  });

  test('a transaction that throws leaves the deals and their queue rows as they were', async () => {
    db = testDatabase();
    await db.deals.bulkPut([deal('a'), deal('b')]);
    await expect(
      db.transaction('rw', db.deals, async () => {
        await db.deals.put(deal('a', { title: 'changed' }));
        await db.deals.update('b', { nextDueAt: null });
        await db.deals.put(deal('c'));
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    await expectQueueRowsMatchDeals();
    expect((await db.queueDeals.toArray()).map((row) => [row.id, row.title])).toEqual([
      ['a', 'a'],
      ['b', 'b'],
    ]);
  });

  test('writes in a transaction over deals alone also write the queue rows', async () => {
    db = testDatabase();
    await db.transaction('rw', db.deals, async () => {
      await db.deals.bulkPut([deal('a'), deal('b')]);
      await db.deals.update('a', { stage: 'demo' });
      await db.deals.delete('b');
    });
    expect(await db.queueDeals.toArray()).toEqual([{ id: 'a', title: 'a', stage: 'demo', latestThread: 't1' }]);
  });

  test('a schema before version 4, which has no queue rows, writes deals as before', async () => {
    db = testDatabase(undefined, freshIndexedDb(), MIGRATIONS.slice(0, 3));
    await db.deals.put(deal('a'));
    await db.transaction('rw', db.tables, () => db.deals.update('a', { title: 'renamed' }));
    expect(await db.deals.toArray()).toEqual([deal('a', { title: 'renamed' })]);
    expect(db.tables.map((table) => table.name)).not.toContain('queueDeals');
  });
});
