import { MIGRATIONS } from '@/lib/store/migrations';
import type { EmberDatabase } from '@/lib/store/database';
import { freshIndexedDb, testDatabase } from '../helpers/database';

/**
 * Opens the database as schema version `version` had it, seeds it, closes it, and reopens it with
 * every migration: what a rep's browser does when Ember updates. Each migration's test uses this.
 */
export async function upgradeFrom(
  version: number,
  seed: (db: EmberDatabase) => Promise<void>,
): Promise<{ before: EmberDatabase; after: EmberDatabase }> {
  const idb = freshIndexedDb();
  const migrations = MIGRATIONS.filter((migration) => migration.version <= version);
  if (migrations.at(-1)?.version !== version) throw new Error(`no schema version ${version}`);
  const before = testDatabase('rep@seller.com', idb, migrations);
  await before.open();
  await seed(before);
  before.close();
  const after = testDatabase('rep@seller.com', idb);
  await after.open();
  return { before, after };
}
