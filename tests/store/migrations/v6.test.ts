import { afterEach, describe, expect, test } from 'vitest';
import type { EmberDatabase } from '@/lib/store/database';
import { recordSchemas } from '@/lib/store/record-schemas';
import { upgradeFrom } from '../migration-harness';
import { sampleRows } from '../sample-rows';

let after: EmberDatabase | undefined;
afterEach(() => after?.close());

/** A draft as version 5 stored it: no `advance`. */
const oldDraft = {
  kind: 'reply' as const,
  subject: 'Re: Pilot',
  body: 'Hi Dana,',
  to: ['dana@acme.com'],
  cc: [],
  source: 'template' as const,
  factsUsed: ['m2'],
  warnings: [],
  prompt: { system: 's', user: 'u' },
  note: null,
  needsReason: false,
  questions: [],
  reason: 'The buyer wrote.',
};

describe('schema version 6', () => {
  test('empties the draft cache, whose drafts lack `advance`, and keeps every other row', async () => {
    const rows = sampleRows();
    const upgrade = await upgradeFrom(5, async (db) => {
      await db.transaction('rw', db.tables, async () => {
        for (const [table, records] of Object.entries(rows)) await db.table(table).bulkPut(records);
        await db.drafts.put({
          trigger: 'acme#1',
          deal: 'acme',
          historyHash: 'h',
          createdAt: 0,
          draft: oldDraft as never,
        });
      });
    });
    after = upgrade.after;
    expect(after.verno).toBe(6);
    expect(await after.drafts.count()).toBe(0);
    expect(await after.deals.toArray()).toEqual(rows.deals);
    expect(await after.messages.toArray()).toEqual(rows.messages);
    expect(await after.triggers.toArray()).toEqual(rows.triggers);
  });

  test('a backup from before version 6 still imports: its drafts suggest no advance', () => {
    const parsed = recordSchemas.drafts.parse({
      trigger: 'acme#1',
      deal: 'acme',
      historyHash: 'h',
      createdAt: 0,
      draft: oldDraft,
    });
    expect(parsed.draft.advance).toBeNull();
  });
});
