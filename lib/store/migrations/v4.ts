import type { DealRecord, QueueDealRecord } from '../records';
import { QUEUE_DEALS, queueDealOf } from '../queue-deals-middleware';
import type { Migration } from './migration';

/**
 * Version 4: `queueDeals`, what the queue shows of each deal with open triggers, so the queue reads
 * a few small rows instead of whole deals. From here on the queue-deals middleware keeps it equal to
 * the deals; the upgrade fills it from the deals already stored.
 */
export const v4: Migration = {
  version: 4,
  stores: {
    [QUEUE_DEALS]: 'id',
  },
  upgrade: async (transaction) => {
    const deals = await transaction.table<DealRecord, string>('deals').toArray();
    await transaction
      .table<QueueDealRecord, string>(QUEUE_DEALS)
      .bulkPut(deals.flatMap((deal) => queueDealOf(deal) ?? []));
  },
};
