import Dexie from 'dexie';
import type { Instant, Trigger } from '@/lib/domain/engine/types';
import type { Draft } from '@/lib/domain/drafting/types';
import { buildQueue } from '@/lib/domain/queue';
import type { EmberDatabase } from '@/lib/store/database';
import type { Clock } from '../ports';

export interface QueueEntry {
  trigger: Trigger;
  deal: { id: string; title: string; stage: string };
  overdue: boolean;
  thread: string | null;
  /** The first line of the pre-made draft, when there is one. */
  draftLine: string | null;
}

/** A snoozed trigger is a settings row under this prefix and its id, holding when it wakes. */
export const SNOOZE_PREFIX = 'snooze:';

/** When each snoozed trigger wakes, by trigger id. */
export async function snoozedUntil(db: EmberDatabase): Promise<Map<string, Instant>> {
  const rows = await db.settings.where('key').startsWith(SNOOZE_PREFIX).toArray();
  return new Map(rows.map((row) => [row.key.slice(SNOOZE_PREFIX.length), Number(row.value)]));
}

/**
 * Open triggers, most urgent first, with their deal and the thread to open; snoozed ones wait.
 * `sweep` runs first so that triggers whose time has come are listed.
 */
export async function queue(db: EmberDatabase, clock: Clock, sweep: () => Promise<void>): Promise<QueueEntry[]> {
  await sweep();
  const now = clock();
  return db.transaction('r', db.allTables, async () => {
    // A few bulk reads requested together, never one per entry: the queue holds thousands.
    const [open, queueDeals, draftKeys, snoozed] = await Promise.all([
      db.triggers.where('[status+dueAt]').between(['open', Dexie.minKey], ['open', Dexie.maxKey]).toArray(),
      // What the queue shows of each deal with an open trigger: small rows, not whole deals.
      db.queueDeals.toArray(),
      // Keys only: drafts are kept for old triggers too, and only the queued ones' bodies are needed.
      db.drafts.toCollection().primaryKeys(),
      snoozedUntil(db),
    ]);
    const items = buildQueue(
      open.filter((trigger) => (snoozed.get(trigger.id) ?? 0) <= now),
      now,
    );
    const deals = new Map(queueDeals.map((deal) => [deal.id, deal]));
    const drafted = new Set(draftKeys);
    const unknown = [...new Set(items.map((item) => item.trigger.deal).filter((id) => !deals.has(id)))];
    const [drafts, others] = await Promise.all([
      db.drafts.bulkGet(items.map((item) => item.trigger.id).filter((id) => drafted.has(id))),
      // Only if a deal's summary missed an open trigger of it: shown as before, not dropped.
      unknown.length > 0 ? db.deals.bulkGet(unknown) : [],
    ]);
    for (const deal of others) if (deal) deals.set(deal.id, deal);
    const draftLines = new Map(drafts.filter((d) => !!d).map((d) => [d.trigger, firstLine(d.draft)]));
    // Deals with no mail yet open a linked thread, if any: rare, so read one by one.
    const withoutMail = [...new Set(items.map((item) => item.trigger.deal))].filter((id) => {
      const deal = deals.get(id);
      return deal !== undefined && !deal.latestThread;
    });
    const linked = new Map(
      await Promise.all(withoutMail.map(async (id) => [id, await threadWithoutLatest(db, id)] as const)),
    );
    return items.flatMap(({ trigger, overdue }) => {
      const deal = deals.get(trigger.deal);
      if (!deal) return [];
      return [
        {
          trigger,
          deal: { id: deal.id, title: deal.title, stage: deal.stage },
          overdue,
          thread: deal.latestThread ?? linked.get(deal.id) ?? null,
          draftLine: draftLines.get(trigger.id) ?? null,
        },
      ];
    });
  });
}

/** The draft's first line after the greeting: what a queue row can show of it. */
export function firstLine(draft: Draft | undefined): string | null {
  if (!draft || draft.body === '') return null;
  const lines = draft.body.split('\n').filter((line) => line.trim() !== '');
  return (lines.length > 1 && /,$/.test(lines[0]!) ? lines[1] : lines[0]) ?? null;
}

/** The thread to open for a deal: the one its latest mail is on, else any linked thread. */
export async function threadFor(db: EmberDatabase, deal: string): Promise<string | null> {
  return db.transaction('r', db.deals, db.messages, db.threads, async () => {
    const record = await db.deals.get(deal);
    return record?.latestThread || threadWithoutLatest(db, deal);
  });
}

/**
 * For a deal whose row names no latest thread: no mail yet (a linked thread, if any), or restored
 * from a backup made before deals kept their latest thread (its newest message's thread).
 */
export async function threadWithoutLatest(db: EmberDatabase, deal: string): Promise<string | null> {
  return db.transaction('r', db.messages, db.threads, async () => {
    const latest = await db.messages.where('[deal+at]').between([deal, Dexie.minKey], [deal, Dexie.maxKey]).last();
    return latest?.thread ?? (await db.threads.where('deal').equals(deal).first())?.id ?? null;
  });
}

/** Counts for the toolbar badge: open triggers overdue, and due before `endOfToday`. */
export async function dueCounts(
  db: EmberDatabase,
  clock: Clock,
  endOfToday: Instant,
): Promise<{ overdue: number; dueToday: number }> {
  const now = clock();
  const open = db.triggers.where('[status+dueAt]');
  const [overdue, dueToday] = await Promise.all([
    open.between(['open', Dexie.minKey], ['open', now], false, false).count(),
    open.between(['open', now], ['open', endOfToday], true, true).count(),
  ]);
  return { overdue, dueToday };
}
