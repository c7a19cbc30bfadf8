import Dexie from 'dexie';
import { describe, expect, test } from 'vitest';
import { upgradeFrom } from '../migration-harness';
import { sampleRows } from '../sample-rows';

describe('schema version 2', () => {
  test('keeps every version-1 row and adds the index of messages by direction and time', async () => {
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
    expect(after.verno).toBe(4);
    for (const [table, records] of Object.entries(rows)) {
      expect(await after.table(table).toArray(), table).toEqual(records);
    }
    expect(
      await after.messages
        .where('[direction+at]')
        .between(['outbound', Dexie.minKey], ['outbound', Dexie.maxKey])
        .primaryKeys(),
    ).toEqual(['m1']);
    after.close();
  });
});
