import Dexie from 'dexie';
import { nextTimerAt } from '@/lib/domain/engine/deal-engine';
import type { EngineStore, MessagePlacement, ThreadLink } from '@/lib/domain/engine/engine';
import type { DealState, EngineMessage, Instant, Meeting, SellerReply, Transition } from '@/lib/domain/engine/types';
import type { EmberDatabase } from './database';
import type { DealRecord, MessageRecord } from './records';

/** What ingestion keeps of a message beyond what the engine reads. */
export interface StoredMessage extends EngineMessage {
  subject: string;
  text: string;
  snippet: string;
  closing: string | null;
}

/**
 * The engine's store in IndexedDB. Callers run each engine call inside one read-write transaction
 * over all tables, so an event's writes land together or not at all.
 */
export class DexieEngineStore implements EngineStore<StoredMessage> {
  /** The rep's ticks of each deal loaded in this transaction, kept when the deal is saved. */
  private readonly checklists = new Map<string, DealRecord['checklist']>();

  constructor(
    private readonly db: EmberDatabase,
    private readonly now: () => Instant,
  ) {}

  async loadDeal(id: string): Promise<DealState | undefined> {
    // Both reads at once: one round trip to IndexedDB instead of two.
    const [record, openTriggers] = await Promise.all([
      this.db.deals.get(id),
      this.db.triggers.where('[deal+status]').equals([id, 'open']).toArray(),
    ]);
    if (!record) return undefined;
    openTriggers.sort((a, b) => a.seq - b.seq);
    this.checklists.set(id, record.checklist);
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

  async saveTransition({ state, triggers, stageChanges }: Transition): Promise<void> {
    // What the engine does not track (the rep's ticks) is kept from the stored row; this
    // transaction's store has usually just loaded it, and nothing else writes it meanwhile.
    const checklist = this.checklists.get(state.deal.id) ?? (await this.db.deals.get(state.deal.id))?.checklist ?? {};
    const dueTimes = state.openTriggers.map((trigger) => trigger.dueAt);
    const record: DealRecord = {
      ...state.deal,
      upcomingMeetings: state.upcomingMeetings,
      openTriggerCount: state.openTriggers.length,
      nextTimerAt: nextTimerAt(state),
      nextDueAt: dueTimes.length > 0 ? Math.min(...dueTimes) : null,
      checklist,
    };
    // Written together: the transaction commits them as one either way, so none waits for another.
    await Promise.all([
      this.db.deals.put(record),
      triggers.length > 0 ? this.db.triggers.bulkPut(triggers) : undefined,
      stageChanges.length > 0 ? this.db.stageEvents.bulkPut(stageChanges) : undefined,
    ]);
  }

  async hasMessage(id: string): Promise<boolean> {
    return (await this.db.messages.where('id').equals(id).count()) > 0;
  }

  async recordMessage(
    message: StoredMessage,
    placement: Exclude<MessagePlacement, { kind: 'duplicate' }>,
  ): Promise<void> {
    // Mail that belongs to no deal is not kept: Ember stores only deal mail (and mail it must ask about).
    if (placement.kind === 'ignored') return;
    const record: MessageRecord = {
      id: message.id,
      thread: message.thread,
      deal: placement.kind === 'deal' ? placement.deal : null,
      from: message.from,
      to: message.to,
      cc: message.cc,
      at: message.at,
      direction: placement.kind === 'deal' ? placement.direction : 'inbound',
      subject: message.subject,
      text: message.text,
      snippet: message.snippet,
      closing: message.closing,
    };
    await this.db.messages.put(record);
    if (placement.kind === 'unlinked') {
      await this.db.unlinked.put({
        message: message.id,
        thread: message.thread,
        from: message.from,
        at: message.at,
        candidates: placement.candidates,
      });
    }
  }

  async saveMeeting(meeting: Meeting): Promise<void> {
    await this.db.meetings.put(meeting);
  }

  async dealForThread(thread: string): Promise<string | null | undefined> {
    return (await this.db.threads.get(thread))?.deal;
  }

  async linkThread(thread: string, deal: string, linkedBy: ThreadLink): Promise<void> {
    const existing = await this.db.threads.get(thread);
    if (existing?.deal === deal) return;
    const first = await this.db.messages.where('thread').equals(thread).first();
    await this.db.threads.put({
      id: thread,
      deal,
      linkedBy,
      subject: existing?.subject ?? first?.subject ?? '',
      linkedAt: this.now(),
    });
  }

  async openDealsWithContacts(addresses: readonly string[]): Promise<string[]> {
    if (addresses.length === 0) return [];
    const deals = await this.db.deals
      .where('contacts')
      .anyOf([...addresses])
      .toArray();
    return [...new Set(deals.filter((deal) => deal.status === 'open').map((deal) => deal.id))].sort();
  }

  async firstSellerReply(deal: string, since: Instant): Promise<SellerReply | null> {
    const reply = await this.db.messages
      .where('[deal+direction+at]')
      .between([deal, 'outbound', since], [deal, 'outbound', Dexie.maxKey])
      .first();
    return reply ? { id: reply.id, at: reply.at } : null;
  }

  async dealsWithTimersDue(upTo: Instant): Promise<string[]> {
    return (await this.db.deals.where('nextTimerAt').belowOrEqual(upTo).primaryKeys()).sort();
  }
}
