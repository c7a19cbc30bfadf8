import { describe, expect, test } from 'vitest';
import { readOnlyTransaction, request } from '@/lib/store/detail-reads';
import { testDatabase } from '../helpers/database';

describe('a read-only native transaction', () => {
  test('asked while the database is still being created waits for it, instead of failing', async () => {
    // A fresh account's first read can come while its first write is still creating the database
    // (the sample loading while the queue asks). Dexie counts the database as open from the moment
    // its upgrade starts, and a transaction asked for during the upgrade throws InvalidStateError.
    const db = testDatabase('first-open@seller.com');
    let during: Promise<number> | undefined;
    db.on('populate', () => {
      during = readOnlyTransaction(db, ['deals'], (transaction) => request(transaction.objectStore('deals').count()));
    });
    await db.deals.count(); // opens, and creates, the database
    expect(during).toBeDefined();
    await expect(during).resolves.toBe(0);
    db.close();
  });
});
