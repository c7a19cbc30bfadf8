import { isAutomatedAddress, isBroadcast, withoutAutomated } from '../bulk-mail';
import { DomainError } from '../errors';
import type { TriggerKind } from '../workflow';
import {
  advanceStage,
  applyMessage,
  buyerParticipants,
  closeDeal,
  createDeal,
  dismissTriggers,
  fireDueTimers,
  recordMeeting,
  type Advance,
  type EngineContext,
  type NewDeal,
} from './deal-engine';
import { inputKey, laterKey, messageKey, type OrderKey } from './order';
import type { DealState, EngineMessage, Instant, Meeting, Outcome, SellerReply, Transition } from './types';

/**
 * Inbound: from the buyer side. Outbound: from the seller side to the buyer side, the only mail
 * that counts as action. Internal: the seller side among itself.
 */
export type MessageDirection = 'inbound' | 'outbound' | 'internal';

export function messageDirection(
  context: EngineContext,
  message: Pick<EngineMessage, 'from' | 'to' | 'cc'>,
): MessageDirection {
  const { sides } = context;
  if (sides.isBuyer(message.from)) return 'inbound';
  return [...message.to, ...message.cc].some((address) => sides.isBuyer(address)) ? 'outbound' : 'internal';
}

/** Why a thread belongs to a deal: the rep said so, the message named it, or a known contact wrote. */
export type ThreadLink = 'rep' | 'explicit' | 'contact';

/**
 * Where a message went: to a deal, to the rep as ambiguous, nowhere (not deal mail), or seen before.
 * A broadcast placed on a deal is the deal's mail (kept for drafting) that changed nothing on it.
 */
export type MessagePlacement =
  | { kind: 'deal'; deal: string; direction: MessageDirection; broadcast?: true }
  | { kind: 'unlinked'; candidates: string[] }
  | { kind: 'ignored' }
  | { kind: 'duplicate' };

/**
 * The engine's view of storage. The replay keeps it in memory; the extension keeps it in IndexedDB
 * and runs each engine call inside one transaction, so an event is applied whole or not at all.
 */
export interface EngineStore<Message extends EngineMessage = EngineMessage> {
  loadDeal(id: string): Promise<DealState | undefined>;
  /** Persists a deal's new state with the triggers and stage changes of the transition. */
  saveTransition(transition: Transition): Promise<void>;
  hasMessage(id: string): Promise<boolean>;
  /** Records a message with where it went; a recorded id is never placed again. */
  recordMessage(message: Message, placement: Exclude<MessagePlacement, { kind: 'duplicate' }>): Promise<void>;
  /** The deal a thread is linked to; null when the rep unlinked it (its mail is not deal mail). */
  dealForThread(thread: string): Promise<string | null | undefined>;
  /** Links a thread; `by` says why: the message named its deal, or a contact of one open deal wrote. */
  linkThread(thread: string, deal: string, by: ThreadLink): Promise<void>;
  /** Ids of open deals with any of these addresses among their contacts, sorted. */
  openDealsWithContacts(addresses: readonly string[]): Promise<string[]>;
  /** Keeps a recorded meeting (the deal's state tracks only those still to end). */
  saveMeeting(meeting: Meeting): Promise<void>;
  /**
   * The earliest recorded seller-side message to the buyer side on a deal at or after `since`. It must
   * not be a broadcast (a placement with `broadcast`): a broadcast ends no trigger, not even the one
   * of a meeting recorded after it.
   */
  firstSellerReply(deal: string, since: Instant): Promise<SellerReply | null>;
  /** Ids of deals whose next time-based trigger is due at or before `upTo`. */
  dealsWithTimersDue(upTo: Instant): Promise<string[]>;
}

/** Applies `next` to the state `first` left, as one transition. */
function chain(first: Transition, next: (state: DealState) => Transition): Transition {
  const second = next(first.state);
  if (first.triggers.length === 0 && first.stageChanges.length === 0) return second;
  const triggers = new Map(first.triggers.map((trigger) => [trigger.id, trigger]));
  for (const trigger of second.triggers) triggers.set(trigger.id, trigger);
  return {
    state: second.state,
    triggers: [...triggers.values()],
    stageChanges: [...first.stageChanges, ...second.stageChanges],
  };
}

/**
 * The workflow engine over a store. Every event first brings its deal's time-based triggers up to
 * the event's time, so a deal is never acted on with a due timer unfired.
 */
export class WorkflowEngine<Message extends EngineMessage = EngineMessage> {
  /** `observe` sees every saved transition, e.g. to announce triggers once the caller commits. */
  constructor(
    private readonly context: EngineContext,
    private readonly store: EngineStore<Message>,
    private readonly observe: (transition: Transition) => void = () => {},
  ) {}

  private async save(transition: Transition): Promise<void> {
    await this.store.saveTransition(transition);
    this.observe(transition);
  }

  private async requireDeal(id: string): Promise<DealState> {
    const state = await this.store.loadDeal(id);
    if (!state) throw new DomainError(`unknown deal "${id}"`);
    return state;
  }

  /** Applies one input, ordered by `key` (./order.ts), after the deal's timers due by its time. */
  private async update(
    id: string,
    at: Instant,
    key: OrderKey,
    event: (state: DealState) => Transition,
  ): Promise<Transition> {
    const state = await this.requireDeal(id);
    const transition = chain(fireDueTimers(this.context, state, at), event);
    const { deal } = transition.state;
    const applied = {
      ...transition,
      state: { ...transition.state, deal: { ...deal, appliedThrough: laterKey(deal.appliedThrough, key) } },
    };
    await this.save(applied);
    return applied;
  }

  /**
   * Fires every time-based trigger due at or before `upTo`, on every deal. Deals are independent, so
   * all due deals are read at once and written at once: an IndexedDB store then pipelines its
   * requests instead of waiting a round trip for each (the sweep runs every minute).
   */
  async sweep(upTo: Instant): Promise<void> {
    const ids = await this.store.dealsWithTimersDue(upTo);
    const states = await Promise.all(ids.map((id) => this.store.loadDeal(id)));
    const transitions = states
      .filter((state): state is DealState => state !== undefined)
      .map((state) => fireDueTimers(this.context, state, upTo));
    await Promise.all(transitions.map((transition) => this.store.saveTransition(transition)));
    for (const transition of transitions) this.observe(transition);
  }

  /** `seq` orders the rep's inputs made at the same time (./order.ts). */
  async createDeal(input: NewDeal, seq = 0): Promise<Transition> {
    if (await this.store.loadDeal(input.id)) throw new DomainError(`deal "${input.id}" already exists`);
    const contacts = input.contacts.filter((address) => !isAutomatedAddress(address));
    const created = createDeal(this.context, { ...input, contacts });
    const transition = {
      ...created,
      state: { ...created.state, deal: { ...created.state.deal, appliedThrough: inputKey(input.at, seq) } },
    };
    await this.save(transition);
    return transition;
  }

  private async record(
    message: Message,
    placement: Exclude<MessagePlacement, { kind: 'duplicate' }>,
  ): Promise<MessagePlacement> {
    await this.store.recordMessage(message, placement);
    return placement;
  }

  /**
   * Places a message on its deal (explicit, by thread, or by a contact of exactly one open deal).
   * Automated recipients are removed first, so every caller gets the same message. Mail from an
   * automated address is not deal mail. A broadcast reaches a deal only by name or by a linked
   * thread, links nothing and changes nothing there.
   */
  async ingestMessage(received: Message, explicitDeal?: string): Promise<MessagePlacement> {
    const message = withoutAutomated(received);
    if (await this.store.hasMessage(message.id)) return { kind: 'duplicate' };
    if (explicitDeal !== undefined) await this.requireDeal(explicitDeal);
    if (isAutomatedAddress(message.from)) return this.record(message, { kind: 'ignored' });
    const broadcast = isBroadcast(this.context.sides, message);
    let deal = explicitDeal;
    if (deal !== undefined) {
      if (!broadcast) await this.store.linkThread(message.thread, deal, 'explicit');
    } else {
      const linked = await this.store.dealForThread(message.thread);
      if (linked === null) return this.record(message, { kind: 'ignored' });
      deal = linked;
    }
    if (deal === undefined) {
      // An announcement's recipients say nothing about which deal it is for: never asked about either.
      if (broadcast) return this.record(message, { kind: 'ignored' });
      const candidates = await this.store.openDealsWithContacts(buyerParticipants(this.context, message));
      if (candidates.length > 1) return this.record(message, { kind: 'unlinked', candidates });
      deal = candidates[0];
      if (deal === undefined) return this.record(message, { kind: 'ignored' });
      await this.store.linkThread(message.thread, deal, 'contact');
    }
    const direction = messageDirection(this.context, message);
    // The deal's mail, for drafting context, but no transition: no contact joins, no trigger fires or
    // ends, it is not activity, and its thread does not become the deal's latest.
    if (broadcast) return this.record(message, { kind: 'deal', deal, direction, broadcast: true });
    await this.update(deal, message.at, messageKey(message.at, message.id), (state) =>
      applyMessage(this.context, state, message),
    );
    return this.record(message, { kind: 'deal', deal, direction });
  }

  async recordMeeting(meeting: Meeting, seq = 0): Promise<Transition> {
    const reply =
      meeting.end <= meeting.recordedAt ? await this.store.firstSellerReply(meeting.deal, meeting.end) : null;
    await this.store.saveMeeting(meeting);
    return this.update(meeting.deal, meeting.recordedAt, inputKey(meeting.recordedAt, seq), (state) =>
      recordMeeting(this.context, state, meeting, reply),
    );
  }

  async advance(deal: string, advance: Advance, seq = 0): Promise<Transition> {
    return this.update(deal, advance.at, inputKey(advance.at, seq), (state) =>
      advanceStage(this.context, state, advance),
    );
  }

  async close(deal: string, outcome: Outcome, at: Instant, seq = 0): Promise<Transition> {
    return this.update(deal, at, inputKey(at, seq), (state) => closeDeal(this.context, state, outcome, at));
  }

  async dismiss(
    deal: string,
    kind: TriggerKind,
    stakeholder: string | null,
    at: Instant,
    seq = 0,
  ): Promise<Transition> {
    return this.update(deal, at, inputKey(at, seq), (state) =>
      dismissTriggers(this.context, state, kind, stakeholder, at),
    );
  }
}
