import { MIGRATIONS } from '@/lib/store/migrations';
import type { EmberDatabase } from '@/lib/store/database';
import { freshIndexedDb, testDatabase } from '../helpers/database';

/**
 * Opens the database as schema version `version` had it, seeds it, closes it, and reopens it with
 * the migrations up to `to` (all of them by default): what a rep's browser does when Ember updates.
 * Each migration's test uses this; a test of what a version keeps stops at the version before the
 * first that changes those rows.
 */
export async function upgradeFrom(
  version: number,
  seed: (db: EmberDatabase) => Promise<void>,
  to: number = MIGRATIONS.at(-1)!.version,
): Promise<{ before: EmberDatabase; after: EmberDatabase }> {
  const idb = freshIndexedDb();
  const migrations = MIGRATIONS.filter((migration) => migration.version <= version);
  if (migrations.at(-1)?.version !== version) throw new Error(`no schema version ${version}`);
  const before = testDatabase('rep@seller.com', idb, migrations);
  await before.open();
  await seed(before);
  before.close();
  const after = testDatabase(
    'rep@seller.com',
    idb,
    MIGRATIONS.filter((migration) => migration.version <= to),
  );
  await after.open();
  return { before, after };
}
