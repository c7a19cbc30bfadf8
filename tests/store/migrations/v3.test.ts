import { describe, expect, test } from 'vitest';
import type { DealRecord } from '@/lib/store/records';
import { upgradeFrom } from '../migration-harness';
import { sampleRows } from '../sample-rows';

const at = (iso: string) => Date.parse(iso);

describe('schema version 3', () => {
  test("derives each deal's latest message time and thread from its mail, and keeps every other row", async () => {
    const rows = sampleRows();
    const acme = rows.deals[0]!;
    const quiet: DealRecord = { ...acme, id: 'quiet', title: 'No mail yet', contacts: ['jo@quiet.com'] };
    const versionTwo = [acme, quiet].map(
      ({ latestMessageAt: _at, latestThread: _thread, ...deal }) => deal as unknown as DealRecord,
    );
    // A later message on another thread of the deal, written out of order: time decides, not order.
    const later = { ...rows.messages[0]!, id: 'm3', thread: 't2', at: at('2026-04-07T08:00:00Z') };
    const { after } = await upgradeFrom(
      2,
      async (db) => {
        await db.transaction('rw', db.tables, async () => {
          for (const [table, records] of Object.entries({ ...rows, deals: versionTwo }))
            await db.table(table).bulkPut(records);
          await db.messages.put(later);
        });
      },
      4,
    );
    expect(after.verno).toBe(4);
    expect(await after.deals.toArray()).toEqual([
      { ...acme, latestMessageAt: later.at, latestThread: 't2' },
      { ...quiet, latestMessageAt: null, latestThread: null },
    ]);
    for (const [table, records] of Object.entries(rows)) {
      if (table === 'deals' || table === 'messages') continue;
      expect(await after.table(table).toArray(), table).toEqual(records);
    }
    expect(await after.messages.count()).toBe(rows.messages.length + 1);
    // Only deals with an open trigger have a due time, so only they are in the index.
    await after.deals.update('quiet', { nextDueAt: null });
    expect(await after.deals.where('nextDueAt').above(Number.NEGATIVE_INFINITY).primaryKeys()).toEqual(['acme']);
    after.close();
  });
});
