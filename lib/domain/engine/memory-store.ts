import { nextTimerAt } from './deal-engine';
import type { MessageDirection, MessagePlacement, SyncEngineStore, ThreadLink } from './engine';
import { MinHeap } from './min-heap';
import type {
  DealState,
  EngineMessage,
  Instant,
  Meeting,
  SellerReply,
  StageChange,
  Transition,
  Trigger,
} from './types';

export interface UnlinkedMessage {
  message: string;
  from: string;
  at: Instant;
  candidates: string[];
}

interface TimerEntry {
  at: Instant;
  deal: string;
}

/**
 * An in-memory EngineStore: the replay's, and the reference the IndexedDB store is tested against.
 * Indexes mirror the ones the extension keeps, so no operation scans all messages or all deals.
 */
/** A message placed on a deal, as recorded. */
export interface PlacedMessage<Message extends EngineMessage> {
  message: Message;
  direction: MessageDirection;
}

export class MemoryEngineStore<Message extends EngineMessage = EngineMessage> implements SyncEngineStore<Message> {
  /** Deals in creation order. */
  readonly deals = new Map<string, DealState>();
  /** Every trigger, in the order it fired, in its latest form. */
  readonly triggers = new Map<string, Trigger>();
  readonly stageChanges: StageChange[] = [];
  readonly unlinked: UnlinkedMessage[] = [];
  readonly meetings: Meeting[] = [];
  /** Each deal's messages in the order they were placed. */
  readonly dealMessages = new Map<string, PlacedMessage<Message>[]>();

  private readonly seenMessages = new Set<string>();
  private readonly threadDeals = new Map<string, string>();
  private readonly dealsByContact = new Map<string, Set<string>>();
  /** Per deal, seller replies in time order (messages arrive in time order). */
  private readonly sellerReplies = new Map<string, SellerReply[]>();
  /** Lazily pruned: an entry counts only while it matches its deal's next timer. */
  private readonly timers = new MinHeap<TimerEntry>((a, b) => a.at < b.at || (a.at === b.at && a.deal < b.deal));
  private readonly scheduled = new Map<string, Instant>();

  loadDeal(id: string): DealState | undefined {
    return this.deals.get(id);
  }

  saveTransition({ state, triggers, stageChanges }: Transition): void {
    const { deal } = state;
    const previous = this.deals.get(deal.id);
    this.deals.set(deal.id, state);
    for (const trigger of triggers) this.triggers.set(trigger.id, trigger);
    for (const change of stageChanges) this.stageChanges.push(change);
    // A state's lists are never edited in place (./deal-engine.ts): the same list is the same contacts.
    if (previous?.deal.contacts !== deal.contacts) {
      for (const address of deal.contacts) {
        let deals = this.dealsByContact.get(address);
        if (!deals) this.dealsByContact.set(address, (deals = new Set()));
        deals.add(deal.id);
      }
    }
    const next = nextTimerAt(state);
    if (next === null) this.scheduled.delete(deal.id);
    else if (this.scheduled.get(deal.id) !== next) {
      this.scheduled.set(deal.id, next);
      this.timers.push({ at: next, deal: deal.id });
    }
  }

  hasMessage(id: string): boolean {
    return this.seenMessages.has(id);
  }

  recordMessage(message: Message, placement: Exclude<MessagePlacement, { kind: 'duplicate' }>): void {
    this.seenMessages.add(message.id);
    if (placement.kind === 'deal') {
      let placed = this.dealMessages.get(placement.deal);
      if (!placed) this.dealMessages.set(placement.deal, (placed = []));
      placed.push({ message, direction: placement.direction });
    }
    if (placement.kind === 'unlinked') {
      this.unlinked.push({ message: message.id, from: message.from, at: message.at, candidates: placement.candidates });
    } else if (placement.kind === 'deal' && placement.direction === 'outbound') {
      let replies = this.sellerReplies.get(placement.deal);
      if (!replies) this.sellerReplies.set(placement.deal, (replies = []));
      replies.push({ id: message.id, at: message.at });
    }
  }

  saveMeeting(meeting: Meeting): void {
    this.meetings.push(meeting);
  }

  dealForThread(thread: string): string | null | undefined {
    return this.threadDeals.get(thread);
  }

  linkThread(thread: string, deal: string, _by: ThreadLink): void {
    this.threadDeals.set(thread, deal);
  }

  openDealsWithContacts(addresses: readonly string[]): string[] {
    const found = new Set<string>();
    for (const address of addresses) {
      for (const id of this.dealsByContact.get(address) ?? []) {
        if (this.deals.get(id)?.deal.status === 'open') found.add(id);
      }
    }
    return [...found].sort();
  }

  firstSellerReply(deal: string, since: Instant): SellerReply | null {
    const replies = this.sellerReplies.get(deal) ?? [];
    let low = 0;
    let high = replies.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (replies[middle]!.at < since) low = middle + 1;
      else high = middle;
    }
    return replies[low] ?? null;
  }

  /** False when `dealsWithTimersDue(upTo)` would find nothing: a sweep then has nothing to do. */
  timersMayBeDue(upTo: Instant): boolean {
    const next = this.timers.peek();
    return next !== undefined && next.at <= upTo;
  }

  dealsWithTimersDue(upTo: Instant): string[] {
    const due: string[] = [];
    for (let entry = this.timers.peek(); entry && entry.at <= upTo; entry = this.timers.peek()) {
      this.timers.pop();
      if (this.scheduled.get(entry.deal) === entry.at) {
        this.scheduled.delete(entry.deal);
        due.push(entry.deal);
      }
    }
    return due;
  }
}
