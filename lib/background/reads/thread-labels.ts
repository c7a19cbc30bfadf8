import type { EmberDatabase } from '@/lib/store/database';
import type { Clock } from '../ports';
import type { RecentThreadDeals } from '../recent-thread-deals';

export interface ThreadLabel {
  thread: string;
  deal: string;
  stage: string;
  overdue: boolean;
}

/**
 * For thread rows in the inbox: the stage of each linked thread's deal, and whether it is overdue.
 * Each thread's deal is remembered in `threadDeals`, so opening it next reads its deal at once.
 */
export async function threadLabels(
  db: EmberDatabase,
  clock: Clock,
  threadDeals: RecentThreadDeals,
  threads: string[],
): Promise<ThreadLabel[]> {
  const now = clock();
  const links = (await db.threads.bulkGet(threads)).filter((link) => !!link && link.deal !== null);
  const dealIds = [...new Set(links.map((link) => link!.deal!))];
  const deals = new Map((await db.deals.bulkGet(dealIds)).filter((d) => !!d).map((d) => [d.id, d]));
  return links.flatMap((link) => {
    const deal = deals.get(link!.deal!);
    if (deal) threadDeals.remember(link!.id, deal.id);
    if (!deal || deal.status !== 'open') return [];
    return [
      {
        thread: link!.id,
        deal: deal.id,
        stage: deal.stage,
        overdue: deal.nextDueAt !== null && deal.nextDueAt < now,
      },
    ];
  });
}
