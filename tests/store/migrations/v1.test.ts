import Dexie from 'dexie';
import { describe, expect, test } from 'vitest';
import { MIGRATIONS } from '@/lib/store/migrations';
import { upgradeFrom } from '../migration-harness';
import { sampleRows } from '../sample-rows';

describe('schema version 1', () => {
  test('is the first version, and versions are in order without gaps', () => {
    expect(MIGRATIONS.map((migration) => migration.version)).toEqual(MIGRATIONS.map((_, index) => index + 1));
  });

  test('keeps every row across a reopen at the current version, with its indexes queryable', async () => {
    const rows = sampleRows();
    const { after } = await upgradeFrom(
      1,
      async (db) => {
        await db.transaction('rw', db.tables, async () => {
          for (const [table, records] of Object.entries(rows)) await db.table(table).bulkPut(records);
        });
      },
      4,
    );
    for (const [table, records] of Object.entries(rows)) {
      expect(await after.table(table).toArray(), table).toEqual(records);
    }
    expect(await after.deals.where('contacts').equals('dana@acme.com').primaryKeys()).toEqual(['acme']);
    expect(
      await after.deals.where('nextTimerAt').belowOrEqual(Date.parse('2026-05-01T00:00:00Z')).primaryKeys(),
    ).toEqual(['acme']);
    expect(
      await after.triggers
        .where('[status+dueAt]')
        .between(['open', Dexie.minKey], ['open', Dexie.maxKey])
        .primaryKeys(),
    ).toEqual(['acme#1']);
    expect(
      await after.messages.where('[deal+at]').between(['acme', Dexie.minKey], ['acme', Dexie.maxKey]).primaryKeys(),
    ).toEqual(['m1', 'm2']);
    after.close();
  });
});
