import { parseMailbox } from '@/lib/domain/addresses';
import type { EngineContext } from '@/lib/domain/engine/deal-engine';
import type { ThreadLink } from '@/lib/domain/engine/engine';
import { DomainError } from '@/lib/domain/errors';
import type { EmberDatabase } from '@/lib/store/database';
import { readDealDetail, readThread, type DealDetailRows } from '@/lib/store/detail-reads';
import type {
  ContactRecord,
  DealRecord,
  MeetingRecord,
  MessageRecord,
  StageEventRecord,
  TriggerRecord,
} from '@/lib/store/records';
import type { Clock } from '../ports';
import type { RecentThreadDeals } from '../recent-thread-deals';

/** Everything the product reads about one deal. */
export interface DealDetailData {
  deal: DealRecord;
  contacts: ContactRecord[];
  threads: string[];
  triggers: TriggerRecord[];
  messages: Omit<MessageRecord, 'text'>[];
  stageEvents: StageEventRecord[];
  meetings: MeetingRecord[];
}

export type ThreadLookupData =
  | { kind: 'linked'; linkedBy: ThreadLink; detail: DealDetailData }
  | { kind: 'contact'; detail: DealDetailData }
  | { kind: 'ambiguous'; candidates: DealRecord[] }
  | { kind: 'unlinked-by-rep' }
  | { kind: 'none' };

/** Messages of a deal a detail view carries: the newest, which is all a sidebar shows. */
export const DETAIL_MESSAGE_LIMIT = 500;

/** What the product shows of a deal's rows: mail without its full text, contacts in the deal's order. */
export function detailData({ deal, contacts, triggers, messages, ...rest }: DealDetailRows): DealDetailData {
  return {
    ...rest,
    deal,
    contacts: [...contacts].sort((a, b) => deal.contacts.indexOf(a.address) - deal.contacts.indexOf(b.address)),
    triggers: [...triggers].sort((a, b) => a.seq - b.seq),
    messages: messages.map(({ text: _text, ...summary }) => summary),
  };
}

export async function dealDetail(db: EmberDatabase, id: string): Promise<DealDetailData> {
  const rows = await readDealDetail(db, id, DETAIL_MESSAGE_LIMIT);
  if (!rows) throw new DomainError(`unknown deal "${id}"`);
  return detailData(rows);
}

/** What a thread lookup reads, and the sweep it runs when a timer is due. */
export interface ThreadLookupSources {
  db: EmberDatabase;
  clock: Clock;
  sweep: () => Promise<void>;
  /** Read to guess the thread's deal, and told the deal a linked thread turned out to be on. */
  threadDeals: RecentThreadDeals;
  /** Which side each address is on; read only when the thread is not linked. */
  context: () => Promise<EngineContext>;
}

/** Which deal a thread belongs to, or would on its next message. */
export async function lookupThread(
  { db, clock, sweep, threadDeals, context }: ThreadLookupSources,
  thread: string,
  participants: string[],
): Promise<ThreadLookupData> {
  const read = () =>
    readThread(db, thread, {
      likelyDeal: threadDeals.get(thread),
      now: clock(),
      messageLimit: DETAIL_MESSAGE_LIMIT,
    });
  let found = await read();
  if (found.timersDue) {
    // The detail has to show what the sweep fires.
    await sweep();
    found = await read();
  }
  const { link, detail } = found;
  if (link?.deal === null) return { kind: 'unlinked-by-rep' };
  if (link && detail) {
    threadDeals.remember(thread, detail.deal.id);
    return { kind: 'linked', linkedBy: link.linkedBy, detail: detailData(detail) };
  }
  const { sides } = await context();
  const buyers = participants
    .map((raw) => parseMailbox(raw)?.address)
    .filter((address): address is string => !!address && sides.isBuyer(address));
  const candidates = await openDealsWithContacts(db, buyers);
  if (candidates.length === 1) return { kind: 'contact', detail: await dealDetail(db, candidates[0]!.id) };
  if (candidates.length > 1) return { kind: 'ambiguous', candidates };
  return { kind: 'none' };
}

/**
 * Open deals with any of `addresses` among their contacts, by id: the deals a new message from
 * them could go to. Read outside any write, so the stored rows are the deals as they are.
 */
async function openDealsWithContacts(db: EmberDatabase, addresses: string[]): Promise<DealRecord[]> {
  if (addresses.length === 0) return [];
  const wanted = new Set(addresses);
  const stored = await db.deals.where('contacts').anyOf(addresses).toArray();
  const byId = new Map(stored.map((deal) => [deal.id, deal]));
  return [...byId.values()]
    .filter((deal) => deal.status === 'open' && deal.contacts.some((address) => wanted.has(address)))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
