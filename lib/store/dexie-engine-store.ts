import Dexie from 'dexie';
import { nextTimerAt } from '@/lib/domain/engine/deal-engine';
import type { EngineStore, MessagePlacement, ThreadLink } from '@/lib/domain/engine/engine';
import type { MaybePromise } from '@/lib/domain/engine/steps';
import type {
  DealState,
  EngineMessage,
  Instant,
  Meeting,
  SellerReply,
  StageChange,
  Transition,
  Trigger,
} from '@/lib/domain/engine/types';
import type { EmberDatabase } from './database';
import type { ContactRecord, DealRecord, InputRecord, MessageRecord, ThreadRecord, UnlinkedRecord } from './records';

/** What ingestion keeps of a message beyond what the engine reads. */
export interface StoredMessage extends EngineMessage {
  subject: string;
  text: string;
  snippet: string;
  closing: string | null;
}

/** A value the cache holds (possibly "known not to exist"), or null when it must be read. */
export type Known<T> = { value: T } | null;

const contactKey = (deal: string, address: string) => JSON.stringify([deal, address]);

/** A placed message until flush. Its text is read only then: reading it may be what cleans it. */
interface HeldMessage {
  row: Omit<MessageRecord, 'text' | 'snippet' | 'closing'>;
  message: StoredMessage;
}

/** Held messages are written this many at a time, so IndexedDB stores each chunk while the next is made. */
const MESSAGE_CHUNK = 50;

/**
 * The engine's store in IndexedDB, as a unit of work over one read-write transaction: rows read are
 * kept, writes are held in memory and read back by later calls, and `flush` puts them with one
 * bulkPut per table. An engine call then costs a few round trips per batch of events rather than
 * about ten per event. Callers run it inside one transaction over all tables and flush before the
 * transaction ends, so an event's writes still land together or not at all; code that reads or
 * writes the tables directly in the same transaction flushes first.
 */
export class DexieEngineStore implements EngineStore<StoredMessage> {
  /** Deal rows as this transaction last knows them; undefined: known not to exist. */
  private readonly deals = new Map<string, DealRecord | undefined>();
  /** Each cached deal's open triggers, in seq order. */
  private readonly openTriggers = new Map<string, Trigger[]>();
  private readonly threads = new Map<string, ThreadRecord | undefined>();
  private readonly contacts = new Map<string, ContactRecord | undefined>();
  /** Whether a message id is recorded (in the table or written by this unit of work). */
  private readonly recorded = new Map<string, boolean>();

  private readonly dirtyDeals = new Set<string>();
  /**
   * Address → the deals this unit of work changed (flushed or not) that had it among their contacts
   * when changed: their contacts may differ from the index's. A superset (a contact may have gone
   * since); readers check the row.
   */
  private readonly changedDealsOf = new Map<string, Set<string>>();
  /** Address → ids of the stored deals (as read) with it among their contacts. */
  private readonly contactDeals = new Map<string, Set<string>>();
  private readonly dirtyThreads = new Set<string>();
  private readonly dirtyContacts = new Set<string>();
  private readonly pendingTriggers = new Map<string, Trigger>();
  private readonly pendingStageChanges = new Map<string, StageChange>();
  private readonly pendingMessages = new Map<string, HeldMessage>();
  private readonly pendingUnlinked = new Map<string, UnlinkedRecord>();
  private readonly pendingMeetings = new Map<string, Meeting>();
  /** Inputs as this transaction knows them, by id; undefined: known not to exist. */
  private readonly inputs = new Map<string, InputRecord | undefined>();
  private readonly dirtyInputs = new Set<string>();

  constructor(
    private readonly db: EmberDatabase,
    private readonly now: () => Instant,
  ) {}

  /**
   * Reads at once what ingesting these messages will ask for: which ids are recorded, their threads'
   * links, the deals stored with any of `addresses` among their contacts, the linked and those deals
   * with their open triggers, and the contact rows their people may have. Only a cache: whatever
   * this misses is read when asked.
   */
  async prefetchForMessages(messages: readonly EngineMessage[], addresses: Iterable<string> = []): Promise<void> {
    const ids = [...new Set(messages.map((message) => message.id))].filter((id) => !this.recorded.has(id));
    const threadIds = [...new Set(messages.map((message) => message.thread))].filter((id) => !this.threads.has(id));
    const people = [...new Set(addresses)].filter((address) => !this.contactDeals.has(address));
    // Three independent reads at once; the deal rows they name are then read in one bulkGet.
    const [found, threads, dealsOfPeople] = await Promise.all([
      this.storedAmong(this.db.messages, ids),
      this.db.threads.bulkGet(threadIds),
      this.dealIdsWithContacts(people),
    ]);
    for (const id of ids) this.recorded.set(id, found.has(id));
    threadIds.forEach((id, index) => this.threads.set(id, threads[index]));
    const dealOf = new Map<string, string>();
    for (const message of messages) {
      const deal = this.threads.get(message.thread)?.deal;
      if (deal) dealOf.set(message.id, deal);
    }
    const linked = [...new Set(dealOf.values())];
    await this.readDeals([...linked, ...dealsOfPeople.flat()]);
    this.noteContactDeals(people, dealsOfPeople);
    // Only people already on the deal have a row to read; a newcomer's is created, not read.
    const contactKeys = new Map<string, [string, string]>();
    for (const message of messages) {
      const deal = dealOf.get(message.id);
      const known = deal === undefined ? undefined : this.deals.get(deal)?.contacts;
      if (deal === undefined || !known) continue;
      for (const address of [message.from, ...message.to, ...message.cc]) {
        const key = contactKey(deal, address);
        if (known.includes(address) && !this.contacts.has(key)) contactKeys.set(key, [deal, address]);
      }
    }
    const keys = [...contactKeys.values()];
    // Open triggers and contact rows both follow from the deal rows alone: read them together.
    const [contacts] = await Promise.all([this.db.contacts.bulkGet(keys), this.prefetchOpenTriggers(linked)]);
    keys.forEach(([deal, address], index) => this.contacts.set(contactKey(deal, address), contacts[index]));
  }

  /**
   * Which of `ids` are keys of `table` (messages or inputs, both keyed by message id), read as keys
   * only. New mail's ids sort close together (Gmail's grow with time), so one range read usually
   * answers for a whole batch; only when the range holds many other rows is each id read on its own.
   */
  private async storedAmong(table: Dexie.Table<unknown, string>, ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const sorted = [...ids].sort();
    const enough = ids.length * 2;
    const inRange = await table
      .where(':id')
      .between(sorted[0]!, sorted.at(-1)!, true, true)
      .limit(enough + 1)
      .primaryKeys();
    const wanted = new Set(ids);
    if (inRange.length <= enough) return new Set(inRange.filter((id) => wanted.has(id)));
    const keys = await Promise.all(ids.map((id) => table.where(':id').equals(id).primaryKeys()));
    return new Set(ids.filter((_, index) => keys[index]!.length > 0));
  }

  /** A deal row's count says when it has no open triggers, so only the others are read. */
  private async prefetchOpenTriggers(ids: readonly string[]): Promise<void> {
    const wanted = ids.filter((id) => !this.openTriggers.has(id) && (this.deals.get(id)?.openTriggerCount ?? 0) > 0);
    const lists = await Promise.all(
      wanted.map((id) => this.db.triggers.where('[deal+status]').equals([id, 'open']).toArray()),
    );
    wanted.forEach((id, index) => this.openTriggers.set(id, lists[index]!));
    for (const id of ids) if (this.deals.get(id) && !this.openTriggers.has(id)) this.openTriggers.set(id, []);
  }

  private markDeal(id: string): void {
    this.dirtyDeals.add(id);
    for (const address of this.deals.get(id)?.contacts ?? []) {
      const deals = this.changedDealsOf.get(address);
      if (deals) deals.add(id);
      else this.changedDealsOf.set(address, new Set([id]));
    }
  }

  /** Reads at once whichever of these inputs the cache does not know yet. */
  async prefetchInputs(ids: readonly string[]): Promise<void> {
    const missing = [...new Set(ids)].filter((id) => !this.inputs.has(id));
    // New mail has no input yet: which ids have one is read as keys first, and only their rows then.
    const stored = [...(await this.storedAmong(this.db.inputs, missing))];
    const rows = stored.length > 0 ? await this.db.inputs.bulkGet(stored) : [];
    for (const id of missing) this.inputs.set(id, undefined);
    stored.forEach((id, index) => this.inputs.set(id, rows[index]));
  }

  async input(id: string): Promise<InputRecord | undefined> {
    if (!this.inputs.has(id)) this.inputs.set(id, await this.db.inputs.get(id));
    return this.inputs.get(id);
  }

  putInput(record: InputRecord): void {
    this.inputs.set(record.id, record);
    this.dirtyInputs.add(record.id);
  }

  /** Counts a new input of the rep's on the deal's row (it numbers the next). */
  async countInput(deal: string, count: number): Promise<void> {
    const record = await this.dealRecord(deal);
    if (!record || record.inputCount >= count) return;
    this.deals.set(deal, { ...record, inputCount: count });
    this.markDeal(deal);
  }

  /** Changes fields of a deal row outside a transition: the rep's ticks, a silence a new quiet period moved. */
  async updateDeal(
    id: string,
    patch: Partial<Pick<DealRecord, 'checklist' | 'quietDueAt' | 'nextTimerAt'>>,
  ): Promise<void> {
    const record = await this.dealRecord(id);
    if (!record) return;
    this.deals.set(id, { ...record, ...patch });
    this.markDeal(id);
  }

  /**
   * Reads at once the deals stored with any of these addresses among their contacts, so that placing
   * a batch's mail asks IndexedDB once, not once per message.
   */
  async prefetchContactDeals(addresses: Iterable<string>): Promise<void> {
    const people = [...new Set(addresses)].filter((address) => !this.contactDeals.has(address));
    if (people.length === 0) return;
    const dealsOfPeople = await this.dealIdsWithContacts(people);
    await this.readDeals(dealsOfPeople.flat());
    this.noteContactDeals(people, dealsOfPeople);
  }

  /**
   * For each address, the ids of the stored deals with it among their contacts: one index query
   * each, all requested at once (never one cursor stepping through every address). Their rows come
   * with them, since they are read anyway: a message's own deal is nearly always among its
   * buyers' deals, so the rows of linked threads' deals mostly need no read of their own. A row this
   * unit of work already has is kept: it may have changed since.
   */
  private async dealIdsWithContacts(addresses: readonly string[]): Promise<string[][]> {
    const rows = await Promise.all(
      addresses.map((address) => this.db.deals.where('contacts').equals(address).toArray()),
    );
    for (const record of rows.flat()) if (!this.deals.has(record.id)) this.deals.set(record.id, record);
    return rows.map((records) => records.map((record) => record.id));
  }

  /** Reads whichever of these deal rows the cache does not know yet, in one bulkGet. */
  private async readDeals(ids: readonly string[]): Promise<void> {
    const missing = [...new Set(ids)].filter((id) => !this.deals.has(id));
    if (missing.length === 0) return;
    const records = await this.db.deals.bulkGet(missing);
    missing.forEach((id, index) => this.deals.set(id, records[index]));
  }

  private noteContactDeals(addresses: readonly string[], dealsOf: readonly string[][]): void {
    addresses.forEach((address, index) => this.contactDeals.set(address, new Set(dealsOf[index])));
  }

  /** Deals with any of these addresses among their contacts, as this unit of work sees them, sorted. */
  private async dealsWithAny(addresses: readonly string[], open: boolean): Promise<string[]> {
    if (addresses.length === 0) return [];
    await this.prefetchContactDeals(addresses);
    return this.knownDealsWithAny(addresses, open)!;
  }

  /** `dealsWithAny` from the cache alone; null when an address's deals are not read yet. */
  private knownDealsWithAny(addresses: readonly string[], open: boolean): string[] | null {
    if (addresses.length === 0) return [];
    if (addresses.some((address) => !this.contactDeals.has(address))) return null;
    // Deals changed in this unit of work are checked as they are now, not as stored.
    const ids = new Set<string>();
    for (const address of addresses) {
      for (const id of this.contactDeals.get(address) ?? []) ids.add(id);
      for (const id of this.changedDealsOf.get(address) ?? []) ids.add(id);
    }
    const wanted = new Set(addresses);
    return [...ids]
      .filter((id) => {
        const record = this.deals.get(id);
        return (
          !!record && (!open || record.status === 'open') && record.contacts.some((address) => wanted.has(address))
        );
      })
      .sort();
  }

  /** Every deal, open or closed, with any of these addresses among its contacts. */
  async dealsWithContacts(addresses: readonly string[]): Promise<string[]> {
    return this.dealsWithAny(addresses, false);
  }

  /*
   * What the cache already holds, without awaiting (null: not cached, ask the async method). Each
   * await inside a Dexie transaction costs a zone switch, and a long run of awaits holding no
   * IndexedDB request can lose the transaction in Chromium: a loop over a prefetched batch stays
   * synchronous where it can.
   */

  cachedInput(id: string): Known<InputRecord | undefined> {
    return this.inputs.has(id) ? { value: this.inputs.get(id) } : null;
  }

  cachedDeal(id: string): Known<DealRecord | undefined> {
    return this.deals.has(id) ? { value: this.deals.get(id) } : null;
  }

  cachedDealForThread(thread: string): Known<string | null | undefined> {
    return this.threads.has(thread) ? { value: this.threads.get(thread)?.deal } : null;
  }

  cachedContact(deal: string, address: string): Known<ContactRecord | undefined> {
    const key = contactKey(deal, address);
    return this.contacts.has(key) ? { value: this.contacts.get(key) } : null;
  }

  /** `dealsWithContacts` when the cache knows every address's deals. */
  cachedDealsWithContacts(addresses: readonly string[]): string[] | null {
    return this.knownDealsWithAny(addresses, false);
  }

  /** The deal's row as this transaction sees it. */
  async dealRecord(id: string): Promise<DealRecord | undefined> {
    if (!this.deals.has(id)) this.deals.set(id, await this.db.deals.get(id));
    return this.deals.get(id);
  }

  /*
   * The engine's calls answer with a plain value when the cache has it, so the engine runs through
   * a prefetched batch without awaiting (lib/domain/engine/steps.ts); a promise only when they read.
   */

  loadDeal(id: string): MaybePromise<DealState | undefined> {
    const record = this.deals.get(id);
    if (this.deals.has(id) && (!record || this.openTriggers.has(id) || record.openTriggerCount === 0)) {
      // A row's count says when it has no open triggers: nothing to read.
      if (record && !this.openTriggers.has(id)) this.openTriggers.set(id, []);
      return this.dealState(id);
    }
    return this.readDealState(id);
  }

  private async readDealState(id: string): Promise<DealState | undefined> {
    if (this.deals.has(id)) await this.prefetchOpenTriggers([id]);
    else {
      // Both reads at once: one round trip to IndexedDB instead of two.
      const [record, open] = await Promise.all([
        this.db.deals.get(id),
        this.db.triggers.where('[deal+status]').equals([id, 'open']).toArray(),
      ]);
      this.deals.set(id, record);
      if (record) this.openTriggers.set(id, open);
    }
    return this.dealState(id);
  }

  /** A cached deal as the engine sees it; its open triggers are cached too. */
  private dealState(id: string): DealState | undefined {
    const record = this.deals.get(id);
    if (!record) return undefined;
    const openTriggers = [...this.openTriggers.get(id)!].sort((a, b) => a.seq - b.seq);
    const {
      openTriggerCount: _count,
      nextTimerAt: _next,
      nextDueAt: _due,
      checklist: _ticks,
      upcomingMeetings,
      ...deal
    } = record;
    return { deal, openTriggers, upcomingMeetings };
  }

  saveTransition(transition: Transition): MaybePromise<void> {
    const { id } = transition.state.deal;
    if (this.deals.has(id)) return this.keepTransition(transition, this.deals.get(id));
    return this.dealRecord(id).then((stored) => this.keepTransition(transition, stored));
  }

  /** `stored`: the deal's row before the transition. */
  private keepTransition({ state, triggers, stageChanges }: Transition, stored: DealRecord | undefined): void {
    // What the engine does not track (the rep's ticks, how many inputs there are) is kept from the stored row.
    const checklist = stored?.checklist ?? {};
    const inputCount = stored?.inputCount ?? 0;
    const dueTimes = state.openTriggers.map((trigger) => trigger.dueAt);
    this.deals.set(state.deal.id, {
      ...state.deal,
      upcomingMeetings: state.upcomingMeetings,
      openTriggerCount: state.openTriggers.length,
      nextTimerAt: nextTimerAt(state),
      nextDueAt: dueTimes.length > 0 ? Math.min(...dueTimes) : null,
      checklist,
      inputCount,
    });
    this.markDeal(state.deal.id);
    this.openTriggers.set(state.deal.id, [...state.openTriggers]);
    for (const trigger of triggers) this.pendingTriggers.set(trigger.id, trigger);
    for (const change of stageChanges) this.pendingStageChanges.set(change.id, change);
  }

  hasMessage(id: string): MaybePromise<boolean> {
    const known = this.recorded.get(id);
    if (known !== undefined) return known;
    // Keys only: a count would step through the index.
    return this.db.messages
      .where(':id')
      .equals(id)
      .primaryKeys()
      .then((keys) => {
        this.recorded.set(id, keys.length > 0);
        return keys.length > 0;
      });
  }

  recordMessage(message: StoredMessage, placement: Exclude<MessagePlacement, { kind: 'duplicate' }>): void {
    // Mail that belongs to no deal is not kept: Ember stores only deal mail (and mail it must ask about).
    if (placement.kind === 'ignored') return;
    this.pendingMessages.set(message.id, {
      row: {
        id: message.id,
        thread: message.thread,
        deal: placement.kind === 'deal' ? placement.deal : null,
        from: message.from,
        to: message.to,
        cc: message.cc,
        at: message.at,
        direction: placement.kind === 'deal' ? placement.direction : 'inbound',
        subject: message.subject,
      },
      message,
    });
    this.recorded.set(message.id, true);
    if (placement.kind === 'unlinked') {
      this.pendingUnlinked.set(message.id, {
        message: message.id,
        thread: message.thread,
        from: message.from,
        at: message.at,
        candidates: placement.candidates,
      });
    }
  }

  saveMeeting(meeting: Meeting): void {
    this.pendingMeetings.set(meeting.id, meeting);
  }

  private async thread(id: string): Promise<ThreadRecord | undefined> {
    if (!this.threads.has(id)) this.threads.set(id, await this.db.threads.get(id));
    return this.threads.get(id);
  }

  dealForThread(thread: string): MaybePromise<string | null | undefined> {
    if (this.threads.has(thread)) return this.threads.get(thread)?.deal;
    return this.thread(thread).then((record) => record?.deal);
  }

  linkThread(thread: string, deal: string, linkedBy: ThreadLink): MaybePromise<void> {
    if (!this.threads.has(thread)) return this.thread(thread).then(() => this.linkThread(thread, deal, linkedBy));
    const existing = this.threads.get(thread);
    if (existing?.deal === deal) return;
    if (existing?.subject !== undefined) return this.keepLink(thread, deal, linkedBy, existing.subject);
    return this.firstSubject(thread).then((subject) => this.keepLink(thread, deal, linkedBy, subject));
  }

  private keepLink(thread: string, deal: string, linkedBy: ThreadLink, subject: string): void {
    this.threads.set(thread, { id: thread, deal, linkedBy, subject, linkedAt: this.now() });
    this.dirtyThreads.add(thread);
  }

  /** The subject of a thread's first message by id, as the `thread` index orders it, held ones included. */
  private async firstSubject(thread: string): Promise<string> {
    let first: Pick<MessageRecord, 'id' | 'subject'> | undefined = await this.db.messages
      .where('thread')
      .equals(thread)
      .first();
    for (const { row } of this.pendingMessages.values()) {
      if (row.thread === thread && (first === undefined || row.id < first.id)) first = row;
    }
    return first?.subject ?? '';
  }

  openDealsWithContacts(addresses: readonly string[]): MaybePromise<string[]> {
    return this.knownDealsWithAny(addresses, true) ?? this.dealsWithAny(addresses, true);
  }

  async firstSellerReply(deal: string, since: Instant): Promise<SellerReply | null> {
    // The `[deal+direction+at]` index's order: by time, then by id; held messages compete too.
    let reply: Pick<MessageRecord, 'id' | 'at'> | undefined = await this.db.messages
      .where('[deal+direction+at]')
      .between([deal, 'outbound', since], [deal, 'outbound', Dexie.maxKey])
      .first();
    for (const { row } of this.pendingMessages.values()) {
      if (row.deal !== deal || row.direction !== 'outbound' || row.at < since) continue;
      if (reply === undefined || row.at < reply.at || (row.at === reply.at && row.id < reply.id)) reply = row;
    }
    return reply ? { id: reply.id, at: reply.at } : null;
  }

  async dealsWithTimersDue(upTo: Instant): Promise<string[]> {
    // Held deal rows decide by their new timers: put them first, then the index answers for all.
    await this.flush();
    const due = await this.db.deals.where('nextTimerAt').belowOrEqual(upTo).toArray();
    for (const record of due) if (!this.deals.has(record.id)) this.deals.set(record.id, record);
    const ids = due.map((record) => record.id).sort();
    await this.prefetchOpenTriggers(ids);
    return ids;
  }

  /** A contact row as this transaction sees it. */
  async contact(deal: string, address: string): Promise<ContactRecord | undefined> {
    const key = contactKey(deal, address);
    if (!this.contacts.has(key)) this.contacts.set(key, await this.db.contacts.get([deal, address]));
    return this.contacts.get(key);
  }

  putContact(record: ContactRecord): void {
    const key = contactKey(record.deal, record.address);
    const current = this.contacts.get(key);
    // Most mail leaves a row as it was (a reply to someone who already wrote): no write then.
    if (current && (Object.keys(record) as (keyof ContactRecord)[]).every((field) => current[field] === record[field]))
      return;
    this.contacts.set(key, record);
    this.dirtyContacts.add(key);
  }

  /**
   * Writes everything held, one bulkPut per table (messages in chunks), all requested before any is
   * awaited; the cache stays valid.
   */
  async flush(): Promise<void> {
    const messages = [...this.pendingMessages.values()];
    const rows = <T>(keys: Iterable<string>, from: Map<string, T | undefined>): T[] =>
      [...keys].map((key) => from.get(key)).filter((row): row is T => row !== undefined);
    const writes: [Dexie.Table, unknown[]][] = [
      [this.db.deals, rows(this.dirtyDeals, this.deals)],
      [this.db.threads, rows(this.dirtyThreads, this.threads)],
      [this.db.contacts, rows(this.dirtyContacts, this.contacts)],
      [this.db.triggers, [...this.pendingTriggers.values()]],
      [this.db.stageEvents, [...this.pendingStageChanges.values()]],
      [this.db.unlinked, [...this.pendingUnlinked.values()]],
      [this.db.meetings, [...this.pendingMeetings.values()]],
      [this.db.inputs, rows(this.dirtyInputs, this.inputs)],
    ];
    for (const held of [this.dirtyDeals, this.dirtyThreads, this.dirtyContacts, this.dirtyInputs]) held.clear();
    for (const held of [
      this.pendingTriggers,
      this.pendingStageChanges,
      this.pendingMessages,
      this.pendingUnlinked,
      this.pendingMeetings,
    ])
      held.clear();
    const written = writes.filter(([, list]) => list.length > 0).map(([table, list]) => table.bulkPut(list));
    for (let start = 0; start < messages.length; start += MESSAGE_CHUNK) {
      const chunk = messages.slice(start, start + MESSAGE_CHUNK).map(({ row, message }) => ({
        ...row,
        text: message.text,
        snippet: message.snippet,
        closing: message.closing,
      }));
      written.push(this.db.messages.bulkPut(chunk));
    }
    await Promise.all(written);
  }
}
