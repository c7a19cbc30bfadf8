import Dexie from 'dexie';
import type { DealRecord, MessageRecord } from '../records';
import type { Migration } from './migration';

/**
 * Version 3: each deal keeps its latest message's time and thread (`latestMessageAt`,
 * `latestThread`), so the queue knows the thread to open for every entry from the deal rows alone
 * instead of reading each deal's newest message. The upgrade derives both from the stored mail.
 * `deals.nextDueAt` is indexed: the deals with open triggers (the others have none, so no entry),
 * which is what the queue reads.
 */
export const v3: Migration = {
  version: 3,
  stores: {
    deals: 'id, status, lastActivityAt, nextTimerAt, nextDueAt, *contacts',
  },
  upgrade: async (transaction) => {
    const deals = transaction.table<DealRecord, string>('deals');
    const messages = transaction.table<MessageRecord, string>('messages');
    const rows = await deals.toArray();
    const latest = await Promise.all(
      rows.map((deal) => messages.where('[deal+at]').between([deal.id, Dexie.minKey], [deal.id, Dexie.maxKey]).last()),
    );
    await deals.bulkPut(
      rows.map((deal, index) => ({
        ...deal,
        latestMessageAt: latest[index]?.at ?? null,
        latestThread: latest[index]?.thread ?? null,
      })),
    );
  },
};
