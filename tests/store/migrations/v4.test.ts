import { describe, expect, test } from 'vitest';
import type { DealRecord } from '@/lib/store/records';
import { upgradeFrom } from '../migration-harness';
import { sampleRows } from '../sample-rows';

describe('schema version 4', () => {
  test('fills the queue rows from the deals with open triggers, and keeps every other row', async () => {
    const rows = sampleRows();
    const acme = rows.deals[0]!;
    const closed: DealRecord = { ...acme, id: 'closed', title: 'Closed', status: 'won', nextDueAt: null };
    const unmailed: DealRecord = {
      ...acme,
      id: 'unmailed',
      title: 'No mail yet',
      stage: 'demo',
      latestMessageAt: null,
      latestThread: null,
    };
    const deals = [acme, closed, unmailed];
    const { after } = await upgradeFrom(
      3,
      async (db) => {
        await db.transaction('rw', db.tables, async () => {
          for (const [table, records] of Object.entries({ ...rows, deals })) await db.table(table).bulkPut(records);
        });
      },
      4,
    );
    expect(after.verno).toBe(4);
    expect(await after.queueDeals.toArray()).toEqual([
      { id: 'acme', title: 'Acme Corp', stage: 'contact', latestThread: 't1' },
      { id: 'unmailed', title: 'No mail yet', stage: 'demo', latestThread: null },
    ]);
    expect(await after.deals.toArray()).toEqual(deals);
    for (const [table, records] of Object.entries(rows)) {
      if (table === 'deals') continue;
      expect(await after.table(table).toArray(), table).toEqual(records);
    }
    after.close();
  });
});
