import Dexie from 'dexie';
import type { Instant, Trigger } from '@/lib/domain/engine/types';
import type { Draft } from '@/lib/domain/drafting/types';
import { buildQueue } from '@/lib/domain/queue';
import type { EmberDatabase } from '@/lib/store/database';
import { readOnlyTransaction, request, startingWith } from '@/lib/store/detail-reads';
import type { DealRecord, DraftRecord, MessageRecord, QueueDealRecord, SettingRecord } from '@/lib/store/records';
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
  return wakeTimes(await db.settings.where('key').startsWith(SNOOZE_PREFIX).toArray());
}

/** A snoozed entry of the queue, with when it wakes. */
export interface SnoozedEntry extends QueueEntry {
  until: Instant;
}

/**
 * The open triggers snoozed past `now`, soonest to wake first: the queue's "Snoozed" group, so a
 * snooze can be seen and undone. Snooze rows are few (one per snooze the rep set); a row of a
 * trigger no longer open is left out.
 */
export async function snoozedEntries(db: EmberDatabase, now: Instant): Promise<SnoozedEntry[]> {
  return db.transaction('r', [db.settings, db.triggers, db.deals, db.threads, db.messages], async () => {
    const asleep = [...(await snoozedUntil(db))].filter(([, until]) => until > now);
    const triggers = await db.triggers.bulkGet(asleep.map(([id]) => id));
    const deals = new Map(
      (await db.deals.bulkGet([...new Set(triggers.flatMap((trigger) => (trigger ? [trigger.deal] : [])))])).flatMap(
        (deal) => (deal ? [[deal.id, deal] as const] : []),
      ),
    );
    const entries: SnoozedEntry[] = [];
    for (const [index, [, until]] of asleep.entries()) {
      const trigger = triggers[index];
      const deal = trigger && deals.get(trigger.deal);
      if (!trigger || trigger.status !== 'open' || !deal) continue;
      entries.push({
        trigger,
        deal: { id: deal.id, title: deal.title, stage: deal.stage },
        overdue: trigger.dueAt <= now,
        thread: deal.latestThread || (await threadWithoutLatest(db, deal.id)),
        draftLine: null,
        until,
      });
    }
    return entries.sort((a, b) => a.until - b.until || a.trigger.id.localeCompare(b.trigger.id));
  });
}

/** Every store the queue reads. */
const QUEUE_STORES = ['deals', 'triggers', 'queueDeals', 'drafts', 'settings', 'messages', 'threads'];

/**
 * Open triggers, most urgent first, with their deal and the thread to open; snoozed ones wait.
 * Timers that have come due are swept first, so that the triggers they fire are listed: the read
 * itself says whether any is due, and only then is the sweep run and the queue read again.
 */
export async function queue(db: EmberDatabase, clock: Clock, sweep: () => Promise<void>): Promise<QueueEntry[]> {
  const entries = await readQueue(db, clock(), { unlessTimersDue: true });
  if (entries) return entries;
  await sweep();
  return (await readQueue(db, clock(), { unlessTimersDue: false }))!;
}

/**
 * The queue as stored at `now`; with `unlessTimersDue`, undefined instead when a deal's timer has
 * come. One read-only native transaction, as the detail reads (lib/store/detail-reads.ts): the
 * queue's few bulk reads, never one per entry (the queue holds thousands), requested at once and
 * answered in order.
 */
function readQueue(
  db: EmberDatabase,
  now: Instant,
  { unlessTimersDue }: { unlessTimersDue: boolean },
): Promise<QueueEntry[] | undefined> {
  return readOnlyTransaction(db, QUEUE_STORES, async (transaction) => {
    const store = (name: string) => transaction.objectStore(name);
    const [items, queueDeals, snoozes, due, draftKeys] = await Promise.all([
      // The largest read first, ordered as soon as it comes while the others are still being read.
      (request(store('triggers').index('[status+dueAt]').getAll(startingWith(db, 'open'))) as Promise<Trigger[]>).then(
        (open) => buildQueue(open, now),
      ),
      // What the queue shows of each deal with an open trigger: small rows, not whole deals.
      request(store('queueDeals').getAll()) as Promise<QueueDealRecord[]>,
      request(store('settings').getAll(db.keyRange.bound(SNOOZE_PREFIX, `${SNOOZE_PREFIX}\uffff`))) as Promise<
        SettingRecord[]
      >,
      // Any deal whose timer has come (as the sweep's own check, `nextTimerAt` at or before now).
      unlessTimersDue ? request(store('deals').index('nextTimerAt').getKey(db.keyRange.upperBound(now))) : undefined,
      // Keys only: drafts are kept for old triggers too, and only the queued ones' bodies are needed.
      request(store('drafts').getAllKeys()) as Promise<string[]>,
    ]);
    // The sweep will change what is read here: the caller sweeps and reads again.
    if (due !== undefined) return undefined;
    const snoozed = wakeTimes(snoozes);
    // Leaving snoozed entries out keeps the order of the rest.
    const awake = snoozed.size === 0 ? items : items.filter(({ trigger }) => (snoozed.get(trigger.id) ?? 0) <= now);
    const deals = new Map<string, QueueDealRecord>();
    for (const deal of queueDeals) deals.set(deal.id, deal);
    // One pass over the queue (thousands of entries): the drafted triggers, and the deals named
    // that have no queue row.
    const drafted = new Set(draftKeys);
    const draftIds: string[] = [];
    const unknown = new Set<string>();
    for (const { trigger } of awake) {
      if (drafted.has(trigger.id)) draftIds.push(trigger.id);
      if (!deals.has(trigger.deal)) unknown.add(trigger.deal);
    }
    const [drafts, others] = await Promise.all([
      Promise.all(draftIds.map((id) => request(store('drafts').get(id)) as Promise<DraftRecord | undefined>)),
      // Only if a deal's summary missed an open trigger of it: shown as before, not dropped.
      Promise.all([...unknown].map((id) => request(store('deals').get(id)) as Promise<DealRecord | undefined>)),
    ]);
    for (const deal of others) if (deal) deals.set(deal.id, deal);
    const draftLines = new Map(drafts.filter((d) => !!d).map((d) => [d.trigger, firstLine(d.draft)]));
    // Deals with no mail yet open a linked thread, if any: rare, so read one by one.
    const withoutMail = new Set<string>();
    for (const { trigger } of awake) {
      const deal = deals.get(trigger.deal);
      if (deal && !deal.latestThread) withoutMail.add(deal.id);
    }
    const linked = new Map(
      await Promise.all([...withoutMail].map(async (id) => [id, await linkedThread(db, transaction, id)] as const)),
    );
    const entries: QueueEntry[] = [];
    for (const { trigger, overdue } of awake) {
      const deal = deals.get(trigger.deal);
      if (!deal) continue;
      entries.push({
        trigger,
        deal: { id: deal.id, title: deal.title, stage: deal.stage },
        overdue,
        thread: deal.latestThread ?? linked.get(deal.id) ?? null,
        draftLine: draftLines.get(trigger.id) ?? null,
      });
    }
    return entries;
  });
}

/** When each snoozed trigger wakes, by trigger id, from the snooze rows. */
function wakeTimes(rows: readonly SettingRecord[]): Map<string, Instant> {
  return new Map(rows.map((row) => [row.key.slice(SNOOZE_PREFIX.length), Number(row.value)]));
}

/** As `threadWithoutLatest`, inside the queue's native transaction. */
async function linkedThread(db: EmberDatabase, transaction: IDBTransaction, deal: string): Promise<string | null> {
  const newest = await request(
    transaction.objectStore('messages').index('[deal+at]').openCursor(startingWith(db, deal), 'prev'),
  );
  const thread = (newest?.value as MessageRecord | undefined)?.thread;
  if (thread !== undefined) return thread;
  const link = await request(transaction.objectStore('threads').index('deal').getKey(deal));
  return (link as string | undefined) ?? null;
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
