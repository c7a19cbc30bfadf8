import type { EmberDatabase } from '@/lib/store/database';
import type { DealRecord } from '@/lib/store/records';

/** Deals whose title or contacts contain the query, open ones first, most recently active first. */
export async function searchDeals(db: EmberDatabase, query: string, limit: number): Promise<DealRecord[]> {
  const needle = query.trim().toLowerCase();
  const deals = await db.deals
    .filter(
      (deal) =>
        needle === '' ||
        deal.title.toLowerCase().includes(needle) ||
        deal.contacts.some((address) => address.includes(needle)),
    )
    .toArray();
  const recency = (deal: DealRecord) => deal.lastActivityAt ?? deal.createdAt;
  deals.sort((a, b) => Number(b.status === 'open') - Number(a.status === 'open') || recency(b) - recency(a));
  return deals.slice(0, limit);
}
