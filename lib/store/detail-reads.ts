import Dexie from 'dexie';
import type { EmberDatabase } from './database';
import type {
  ContactRecord,
  DealRecord,
  MeetingRecord,
  MessageRecord,
  StageEventRecord,
  ThreadRecord,
  TriggerRecord,
} from './records';

/**
 * The reads behind a deal's detail and a thread's lookup, made on the native IndexedDB transaction
 * rather than through Dexie: on the sidebar's path Dexie's bookkeeping per request cost about as
 * much as all the small reads beside the deal's mail (measured in Chromium, bench "sidebar data").
 * Read-only, so Dexie's write-side guarantees are not bypassed. Store and index names are the
 * schema's (lib/store/migrations); the read tests run these reads against it.
 */

/** Every store a deal's detail reads. */
const DETAIL_STORES = ['deals', 'contacts', 'threads', 'triggers', 'messages', 'stageEvents', 'meetings'];

export interface DealDetailRows {
  deal: DealRecord;
  contacts: ContactRecord[];
  threads: string[];
  triggers: TriggerRecord[];
  /** The deal's newest `limit` messages, oldest first. */
  messages: MessageRecord[];
  stageEvents: StageEventRecord[];
  meetings: MeetingRecord[];
}

export interface ThreadRows {
  /** Whether a deal's quiet or meeting timer is due: then the sweep must run before a detail is shown. */
  timersDue: boolean;
  link: ThreadRecord | undefined;
  /** The linked deal's detail; undefined when the link names no deal. */
  detail: DealDetailRows | undefined;
}

/** A native request's result, as a promise. */
export function request<T>(pending: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    pending.onsuccess = () => resolve(pending.result);
    pending.onerror = () => reject(pending.error ?? new Error('IndexedDB request failed'));
  });
}

/**
 * Runs `work` in one read-only native transaction over `stores`. Requests chained from a request's
 * success stay in it: promise continuations run while the transaction is still active. The result
 * is taken as soon as `work` has it, without waiting for the transaction's `complete` event: what a
 * read-only transaction read cannot be undone, and on a loaded machine each event waited for is one
 * more time the page must be scheduled (a failed request, an abort included, rejects `work`).
 */
export async function readOnlyTransaction<T>(
  db: EmberDatabase,
  stores: readonly string[],
  work: (transaction: IDBTransaction) => Promise<T>,
): Promise<T> {
  // As for Dexie's own queries: opened on first use, never reopened once closed on purpose.
  if (!db.isOpen() && db.hasBeenClosed()) throw new Dexie.DatabaseClosedError();
  // Always awaited, not only when isOpen() is false: Dexie counts the database open from the moment
  // its upgrade (or first creation) starts, and a transaction asked for during it throws
  // InvalidStateError. open() waits for an open in progress and resolves at once on a ready one.
  await db.open();
  return work(db.backendDB().transaction([...stores], 'readonly'));
}

/** Bounds of a compound index that take every row whose first component is `first`. */
export function startingWith(db: EmberDatabase, first: string): IDBKeyRange {
  return db.keyRange.bound([first, -Infinity], [first, []]);
}

function readTransaction<T>(db: EmberDatabase, work: (read: DetailTransaction) => Promise<T>): Promise<T> {
  return readOnlyTransaction(db, DETAIL_STORES, (transaction) =>
    work({ transaction, ofDeal: (deal) => startingWith(db, deal) }),
  );
}

/** A transaction of the detail reads, with the key ranges of the IndexedDB it runs on. */
interface DetailTransaction {
  transaction: IDBTransaction;
  /** Bounds of a compound index that take every row whose first component is `deal`. */
  ofDeal: (deal: string) => IDBKeyRange;
}

async function newestMessages(
  { transaction, ofDeal }: DetailTransaction,
  deal: string,
  limit: number,
): Promise<MessageRecord[]> {
  const newest: MessageRecord[] = [];
  const cursor = transaction.objectStore('messages').index('[deal+at]').openCursor(ofDeal(deal), 'prev');
  await new Promise<void>((resolve, reject) => {
    cursor.onsuccess = () => {
      const current = cursor.result;
      if (!current || newest.length === limit) return resolve();
      newest.push(current.value as MessageRecord);
      current.continue();
    };
    cursor.onerror = () => reject(cursor.error ?? new Error('IndexedDB cursor failed'));
  });
  return newest.reverse();
}

/** Inside a detail transaction: every read requested at once, so one round trip. */
async function readDeal(
  read: DetailTransaction,
  id: string,
  messageLimit: number,
): Promise<DealDetailRows | undefined> {
  const { transaction, ofDeal } = read;
  const store = (name: string) => transaction.objectStore(name);
  const [oldest, deal, contacts, threads, triggers, stageEvents, meetings] = await Promise.all([
    // The largest read goes first, so the small ones are answered while its rows are decoded.
    request(store('messages').index('[deal+at]').getAll(ofDeal(id), messageLimit)) as Promise<MessageRecord[]>,
    request(store('deals').get(id)) as Promise<DealRecord | undefined>,
    request(store('contacts').getAll(ofDeal(id))) as Promise<ContactRecord[]>,
    request(store('threads').index('deal').getAllKeys(id)) as Promise<string[]>,
    request(store('triggers').index('[deal+status]').getAll(ofDeal(id))) as Promise<TriggerRecord[]>,
    request(store('stageEvents').index('[deal+at]').getAll(ofDeal(id))) as Promise<StageEventRecord[]>,
    request(store('meetings').index('[deal+start]').getAll(ofDeal(id))) as Promise<MeetingRecord[]>,
  ]);
  if (!deal) return undefined;
  // Only a deal with more mail than the limit needs its newest rows read from the end.
  const messages = oldest.length < messageLimit ? oldest : await newestMessages(read, id, messageLimit);
  return { deal, contacts, threads, triggers, messages, stageEvents, meetings };
}

/** A deal's detail rows; undefined when there is no such deal. */
export function readDealDetail(
  db: EmberDatabase,
  id: string,
  messageLimit: number,
): Promise<DealDetailRows | undefined> {
  return readTransaction(db, (read) => readDeal(read, id, messageLimit));
}

/**
 * A thread's link, whether timers are due, and the linked deal's detail, in one transaction. With
 * the deal the thread is likely linked to, its detail is asked in the same round trip as the link;
 * only when the link names another deal is that one read after it.
 */
export function readThread(
  db: EmberDatabase,
  thread: string,
  options: { likelyDeal: string | undefined; now: number; messageLimit: number },
): Promise<ThreadRows> {
  const { likelyDeal, now, messageLimit } = options;
  return readTransaction(db, async (read) => {
    const { transaction } = read;
    const [due, link, guessed] = await Promise.all([
      // Whether any deal's timer has come: the first such key, not a count of them all.
      request(transaction.objectStore('deals').index('nextTimerAt').getKey(db.keyRange.upperBound(now))),
      request(transaction.objectStore('threads').get(thread)) as Promise<ThreadRecord | undefined>,
      likelyDeal === undefined ? undefined : readDeal(read, likelyDeal, messageLimit),
    ]);
    const linked = link?.deal ?? null;
    const timersDue = due !== undefined;
    if (linked === null) return { timersDue, link, detail: undefined };
    const detail = linked === likelyDeal ? guessed : await readDeal(read, linked, messageLimit);
    return { timersDue, link, detail };
  });
}
