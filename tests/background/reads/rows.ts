import type { EmberDatabase } from '@/lib/store/database';
import type { DealRecord, TriggerRecord } from '@/lib/store/records';
import { sampleRows } from '../../store/sample-rows';

/** Rows for the read tests: variations on the sample account's deal and trigger, written straight to the tables. */

export const at = (iso: string) => Date.parse(iso);

export const REP = 'sam@emberseller.com';

const sample = sampleRows();

export function deal(id: string, fields: Partial<DealRecord> = {}): DealRecord {
  return { ...sample.deals[0]!, id, title: id, contacts: [`buyer@${id}.com`], ...fields };
}

export function trigger(deal: string, seq: number, fields: Partial<TriggerRecord> = {}): TriggerRecord {
  return { ...sample.triggers[0]!, id: `${deal}#${seq}`, deal, seq, ...fields };
}

/** The whole sample account: one open deal "acme" with its contact, thread t1, two messages and a trigger. */
export async function seedSample(db: EmberDatabase): Promise<ReturnType<typeof sampleRows>> {
  const rows = sampleRows();
  await db.transaction('rw', db.allTables, async () => {
    await db.deals.bulkPut(rows.deals);
    await db.contacts.bulkPut(rows.contacts);
    await db.threads.bulkPut(rows.threads);
    await db.messages.bulkPut(rows.messages);
    await db.stageEvents.bulkPut(rows.stageEvents);
    await db.triggers.bulkPut(rows.triggers);
  });
  return rows;
}
