import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { EmberDatabase, databaseName } from '@/lib/store/database';
import type { Migration } from '@/lib/store/migrations/migration';
import { MIGRATIONS } from '@/lib/store/migrations';

/** A private in-memory IndexedDB per test: nothing leaks between tests. */
export function freshIndexedDb() {
  return { indexedDB: new IDBFactory(), IDBKeyRange };
}

export function testDatabase(
  account = 'sam@seller.com',
  idb = freshIndexedDb(),
  migrations: readonly Migration[] = MIGRATIONS,
): EmberDatabase {
  return new EmberDatabase(databaseName(account), idb, migrations);
}
