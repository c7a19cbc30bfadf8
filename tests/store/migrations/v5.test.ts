import { afterEach, describe, expect, test } from 'vitest';
import { AccountService } from '@/lib/background/account-service';
import { DEFAULT_ACCOUNT_SETTINGS } from '@/lib/domain/settings';
import type { EmberDatabase } from '@/lib/store/database';
import { REBUILD_PENDING } from '@/lib/store/rebuild-pending';
import { testClock } from '../../helpers/fake-ports';
import { upgradeFrom } from '../migration-harness';
import { sampleRows } from '../sample-rows';

let after: EmberDatabase | undefined;
afterEach(() => after?.close());

async function upgraded() {
  const rows = sampleRows();
  const draft = { trigger: 'acme#1', deal: 'acme', historyHash: 'h', createdAt: 0, draft: { body: 'Hi' } as never };
  const upgrade = await upgradeFrom(
    4,
    async (db) => {
      await db.transaction('rw', db.tables, async () => {
        for (const [table, records] of Object.entries(rows)) await db.table(table).bulkPut(records);
        await db.drafts.put(draft);
        await db.settings.put({ key: 'snooze:acme#1', value: Date.parse('2026-04-08T00:00:00Z') });
      });
    },
    5,
  );
  after = upgrade.after;
  return { db: upgrade.after, rows };
}

describe('schema version 5', () => {
  test('derives every input from the rows, and marks the deals to be rebuilt', async () => {
    const { db } = await upgraded();
    expect(db.verno).toBe(5);
    const inputs = await db.inputs.toArray();
    expect(inputs.filter((input) => input.kind === 'message')).toEqual([
      expect.objectContaining({
        id: 'm1',
        deal: 'acme',
        thread: 't1',
        participants: ['sam@emberseller.com', 'dana@acme.com'],
      }),
      expect.objectContaining({ id: 'm2', deal: 'acme', names: { 'dana@acme.com': 'Dana Lee' }, partial: false }),
    ]);
    expect(inputs.filter((input) => input.kind !== 'message')).toEqual([
      expect.objectContaining({ id: 'acme:0', kind: 'create', stage: 'contact', contacts: ['dana@acme.com'] }),
      expect.objectContaining({ id: 'acme:1', kind: 'checklist', stage: 'contact', item: 'Named a decision maker' }),
      expect.objectContaining({ id: 'acme:2', kind: 'role', address: 'dana@acme.com', role: 'champion' }),
    ]);
    expect(await db.deals.get('acme')).toMatchObject({ inputCount: 3 });
    expect(await db.settings.get(REBUILD_PENDING)).toEqual({ key: REBUILD_PENDING, value: true });
    expect(await db.inputs.where('participants').equals('dana@acme.com').primaryKeys()).toEqual(['m1', 'm2']);
  });

  test('the first write rebuilds the deal as its inputs say, keeping the draft and snooze of a renamed trigger', async () => {
    const { db, rows } = await upgraded();
    const service = new AccountService('sam@emberseller.com', {
      db,
      settings: async () => ({ ...DEFAULT_ACCOUNT_SETTINGS, timeZone: 'America/New_York' }),
      clock: testClock(Date.parse('2026-04-07T09:00:00Z')),
      newId: () => 'id',
    });
    await service.ingestMessages([]);
    expect(await db.settings.get(REBUILD_PENDING)).toBeUndefined();
    const [trigger] = await db.triggers.toArray();
    expect(trigger).toEqual({ ...rows.triggers[0], id: 'acme#buyer_replied@m:m2' });
    expect(await db.triggers.count()).toBe(1);
    expect(await db.drafts.get('acme#buyer_replied@m:m2')).toMatchObject({ historyHash: 'h' });
    expect(await db.drafts.get('acme#1')).toBeUndefined();
    expect(await db.settings.get('snooze:acme#buyer_replied@m:m2')).toBeDefined();
    const { appliedThrough: _applied, ...deal } = (await db.deals.get('acme'))!;
    const { appliedThrough: _before, ...expected } = rows.deals[0]!;
    expect(deal).toEqual({ ...expected, inputCount: 3 });
    expect(await db.contacts.toArray()).toEqual(rows.contacts);
    expect(await db.stageEvents.toArray()).toEqual(rows.stageEvents);
  });
});
