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
  nextTimerAt,
  recordMeeting,
  unchanged,
  type Advance,
  type EngineContext,
  type NewDeal,
} from './deal-engine';
import { inputKey, laterKey, messageKey, type OrderKey } from './order';
import { isPromiseLike, runSteps, runStepsSync, valueOf, valuesOf, type MaybePromise, type Steps } from './steps';
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
  for (const address of message.to) if (sides.isBuyer(address)) return 'outbound';
  for (const address of message.cc) if (sides.isBuyer(address)) return 'outbound';
  return 'internal';
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
 * and runs each engine call inside one transaction, so an event is applied whole or not at all. A
 * call may answer with a plain value (memory, or a cache) or a promise (storage): ./steps.ts.
 */
export interface EngineStore<Message extends EngineMessage = EngineMessage> {
  loadDeal(id: string): MaybePromise<DealState | undefined>;
  /** Persists a deal's new state with the triggers and stage changes of the transition. */
  saveTransition(transition: Transition): MaybePromise<void>;
  hasMessage(id: string): MaybePromise<boolean>;
  /** Records a message with where it went; a recorded id is never placed again. */
  recordMessage(message: Message, placement: Exclude<MessagePlacement, { kind: 'duplicate' }>): MaybePromise<void>;
  /** The deal a thread is linked to; null when the rep unlinked it (its mail is not deal mail). */
  dealForThread(thread: string): MaybePromise<string | null | undefined>;
  /** Links a thread; `by` says why: the message named its deal, or a contact of one open deal wrote. */
  linkThread(thread: string, deal: string, by: ThreadLink): MaybePromise<void>;
  /** Ids of open deals with any of these addresses among their contacts, sorted. */
  openDealsWithContacts(addresses: readonly string[]): MaybePromise<string[]>;
  /** Keeps a recorded meeting (the deal's state tracks only those still to end). */
  saveMeeting(meeting: Meeting): MaybePromise<void>;
  /**
   * The earliest recorded seller-side message to the buyer side on a deal at or after `since`. It must
   * not be a broadcast (a placement with `broadcast`): a broadcast ends no trigger, not even the one
   * of a meeting recorded after it.
   */
  firstSellerReply(deal: string, since: Instant): MaybePromise<SellerReply | null>;
  /** Ids of deals whose next time-based trigger is due at or before `upTo`. */
  dealsWithTimersDue(upTo: Instant): MaybePromise<string[]>;
}

/** A store that always answers at once (memory): the engine over it runs without awaiting. */
export type SyncEngineStore<Message extends EngineMessage = EngineMessage> = {
  [Method in keyof EngineStore<Message>]: (
    ...args: Parameters<EngineStore<Message>[Method]>
  ) => Awaited<ReturnType<EngineStore<Message>[Method]>>;
};

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
 * The engine's work over a store, each call as steps (./steps.ts). Every event first brings its
 * deal's time-based triggers up to the event's time, so a deal is never acted on with a due timer
 * unfired. `WorkflowEngine` and `SyncWorkflowEngine` run these steps.
 */
class EngineSteps<Message extends EngineMessage> {
  constructor(
    private readonly context: EngineContext,
    private readonly store: EngineStore<Message>,
    private readonly observe: (transition: Transition) => void,
  ) {}

  private *save(transition: Transition): Steps<void> {
    const saved = this.store.saveTransition(transition);
    if (isPromiseLike(saved)) yield saved;
    this.observe(transition);
  }

  private *requireDeal(id: string): Steps<DealState> {
    let state = this.store.loadDeal(id);
    if (isPromiseLike(state)) state = (yield state) as DealState | undefined;
    if (!state) throw new DomainError(`unknown deal "${id}"`);
    return state;
  }

  /** Applies one input, ordered by `key` (./order.ts), after the deal's timers due by its time. */
  private *update(id: string, at: Instant, key: OrderKey, event: (state: DealState) => Transition): Steps<Transition> {
    let state = this.store.loadDeal(id);
    if (isPromiseLike(state)) state = (yield state) as DealState | undefined;
    if (!state) throw new DomainError(`unknown deal "${id}"`);
    // No timer due by the input's time (the usual case): nothing to chain the input after.
    const timer = nextTimerAt(state);
    const transition =
      timer !== null && timer <= at ? chain(fireDueTimers(this.context, state, at), event) : event(state);
    const { deal } = transition.state;
    const appliedThrough = laterKey(deal.appliedThrough, key);
    let applied = transition;
    // A deal the transition made is its own copy (transitions never mutate their input), so it is
    // marked in place; the deal as loaded, left unchanged, belongs to the store and is copied.
    if (deal !== state.deal) deal.appliedThrough = appliedThrough;
    else applied = { ...transition, state: { ...transition.state, deal: { ...deal, appliedThrough } } };
    const saved = this.store.saveTransition(applied);
    if (isPromiseLike(saved)) yield saved;
    this.observe(applied);
    return applied;
  }

  /**
   * Deals are independent, so all due deals are read at once and written at once: an IndexedDB
   * store then pipelines its requests instead of waiting a round trip for each (the sweep runs
   * every minute).
   */
  *sweep(upTo: Instant): Steps<void> {
    let ids = this.store.dealsWithTimersDue(upTo);
    if (isPromiseLike(ids)) ids = (yield ids) as string[];
    if (ids.length === 0) return;
    const states = yield* valuesOf(ids.map((id) => this.store.loadDeal(id)));
    const transitions = states
      .filter((state): state is DealState => state !== undefined)
      .map((state) => fireDueTimers(this.context, state, upTo));
    yield* valuesOf(transitions.map((transition) => this.store.saveTransition(transition)));
    for (const transition of transitions) this.observe(transition);
  }

  *createDeal(input: NewDeal, seq: number): Steps<Transition> {
    if (yield* valueOf(this.store.loadDeal(input.id))) throw new DomainError(`deal "${input.id}" already exists`);
    const contacts = input.contacts.filter((address) => !isAutomatedAddress(address));
    const created = createDeal(this.context, { ...input, contacts });
    const transition = {
      ...created,
      state: { ...created.state, deal: { ...created.state.deal, appliedThrough: inputKey(input.at, seq) } },
    };
    yield* this.save(transition);
    return transition;
  }

  private *record(
    message: Message,
    placement: Exclude<MessagePlacement, { kind: 'duplicate' }>,
  ): Steps<MessagePlacement> {
    yield* valueOf(this.store.recordMessage(message, placement));
    return placement;
  }

  *ingestMessage(received: Message, explicitDeal: string | undefined, key?: OrderKey): Steps<MessagePlacement> {
    const message = withoutAutomated(received);
    let seen = this.store.hasMessage(message.id);
    if (isPromiseLike(seen)) seen = (yield seen) as boolean;
    if (seen) return { kind: 'duplicate' };
    if (explicitDeal !== undefined) yield* this.requireDeal(explicitDeal);
    if (isAutomatedAddress(message.from)) return yield* this.record(message, { kind: 'ignored' });
    const broadcast = isBroadcast(this.context.sides, message);
    const order = key ?? messageKey(message.at, message.id);
    let deal = explicitDeal;
    if (deal !== undefined) {
      if (!broadcast) yield* valueOf(this.store.linkThread(message.thread, deal, 'explicit'));
    } else {
      let linked = this.store.dealForThread(message.thread);
      if (isPromiseLike(linked)) linked = (yield linked) as string | null | undefined;
      if (linked === null) return yield* this.record(message, { kind: 'ignored' });
      deal = linked;
    }
    if (deal === undefined) {
      // An announcement's recipients say nothing about which deal it is for: never asked about either.
      if (broadcast) return yield* this.record(message, { kind: 'ignored' });
      const candidates = yield* valueOf(this.store.openDealsWithContacts(buyerParticipants(this.context, message)));
      if (candidates.length > 1) {
        // That each candidate was open decided this placement: each counts as having applied the
        // message, so an input ordered before it that comes later (a close) rebuilds them with it.
        for (const candidate of candidates) yield* this.update(candidate, message.at, order, unchanged);
        return yield* this.record(message, { kind: 'unlinked', candidates });
      }
      deal = candidates[0];
      if (deal === undefined) return yield* this.record(message, { kind: 'ignored' });
      yield* valueOf(this.store.linkThread(message.thread, deal, 'contact'));
    }
    const direction = messageDirection(this.context, message);
    // The deal's mail, for drafting context, but no transition: no contact joins, no trigger fires or
    // ends, it is not activity, and its thread does not become the deal's latest.
    if (broadcast) return yield* this.record(message, { kind: 'deal', deal, direction, broadcast: true });
    yield* this.update(deal, message.at, order, (state) => applyMessage(this.context, state, message));
    // Recorded in place rather than through `record`: this is the path of nearly every message.
    const placement: MessagePlacement = { kind: 'deal', deal, direction };
    const recorded = this.store.recordMessage(message, placement);
    if (isPromiseLike(recorded)) yield recorded;
    return placement;
  }

  *recordMeeting(meeting: Meeting, seq: number): Steps<Transition> {
    const fires = meeting.end <= meeting.recordedAt && meeting.declined !== true && meeting.history !== true;
    const reply = fires ? yield* valueOf(this.store.firstSellerReply(meeting.deal, meeting.end)) : null;
    yield* valueOf(this.store.saveMeeting(meeting));
    return yield* this.update(meeting.deal, meeting.recordedAt, inputKey(meeting.recordedAt, seq), (state) =>
      recordMeeting(this.context, state, meeting, reply),
    );
  }

  *advance(deal: string, advance: Advance, seq: number): Steps<Transition> {
    return yield* this.update(deal, advance.at, inputKey(advance.at, seq), (state) =>
      advanceStage(this.context, state, advance),
    );
  }

  *close(deal: string, outcome: Outcome, at: Instant, seq: number): Steps<Transition> {
    return yield* this.update(deal, at, inputKey(at, seq), (state) => closeDeal(this.context, state, outcome, at));
  }

  *dismiss(deal: string, kind: TriggerKind, stakeholder: string | null, at: Instant, seq: number): Steps<Transition> {
    return yield* this.update(deal, at, inputKey(at, seq), (state) =>
      dismissTriggers(this.context, state, kind, stakeholder, at),
    );
  }
}

/**
 * The workflow engine over a store that may wait for storage. `observe` sees every saved transition,
 * e.g. to announce triggers once the caller commits.
 */
export class WorkflowEngine<Message extends EngineMessage = EngineMessage> {
  private readonly steps: EngineSteps<Message>;

  constructor(
    context: EngineContext,
    store: EngineStore<Message>,
    observe: (transition: Transition) => void = () => {},
  ) {
    this.steps = new EngineSteps(context, store, observe);
  }

  /** Fires every time-based trigger due at or before `upTo`, on every deal. */
  sweep(upTo: Instant): Promise<void> {
    return runSteps(this.steps.sweep(upTo));
  }

  /** `seq` orders the rep's inputs made at the same time (./order.ts). */
  createDeal(input: NewDeal, seq = 0): Promise<Transition> {
    return runSteps(this.steps.createDeal(input, seq));
  }

  /**
   * Places a message on its deal (explicit, by thread, or by a contact of exactly one open deal).
   * Automated recipients are removed first, so every caller gets the same message. Mail from an
   * automated address is not deal mail. A broadcast reaches a deal only by name or by a linked
   * thread, links nothing and changes nothing there.
   */
  ingestMessage(received: Message, explicitDeal?: string): Promise<MessagePlacement> {
    return runSteps(this.steps.ingestMessage(received, explicitDeal));
  }

  recordMeeting(meeting: Meeting, seq = 0): Promise<Transition> {
    return runSteps(this.steps.recordMeeting(meeting, seq));
  }

  advance(deal: string, advance: Advance, seq = 0): Promise<Transition> {
    return runSteps(this.steps.advance(deal, advance, seq));
  }

  close(deal: string, outcome: Outcome, at: Instant, seq = 0): Promise<Transition> {
    return runSteps(this.steps.close(deal, outcome, at, seq));
  }

  dismiss(deal: string, kind: TriggerKind, stakeholder: string | null, at: Instant, seq = 0): Promise<Transition> {
    return runSteps(this.steps.dismiss(deal, kind, stakeholder, at, seq));
  }
}

/** The same engine over a store in memory, without a single await: the fold of a deal's inputs. */
export class SyncWorkflowEngine<Message extends EngineMessage = EngineMessage> {
  private readonly steps: EngineSteps<Message>;

  constructor(
    context: EngineContext,
    store: SyncEngineStore<Message>,
    observe: (transition: Transition) => void = () => {},
  ) {
    this.steps = new EngineSteps(context, store, observe);
  }

  sweep(upTo: Instant): void {
    runStepsSync(this.steps.sweep(upTo));
  }

  createDeal(input: NewDeal, seq = 0): Transition {
    return runStepsSync(this.steps.createDeal(input, seq));
  }

  /** `key`: the message's order key (./order.ts), when the caller made it already (the fold sorts by it). */
  ingestMessage(received: Message, explicitDeal?: string, key?: OrderKey): MessagePlacement {
    return runStepsSync(this.steps.ingestMessage(received, explicitDeal, key));
  }

  recordMeeting(meeting: Meeting, seq = 0): Transition {
    return runStepsSync(this.steps.recordMeeting(meeting, seq));
  }

  advance(deal: string, advance: Advance, seq = 0): Transition {
    return runStepsSync(this.steps.advance(deal, advance, seq));
  }

  close(deal: string, outcome: Outcome, at: Instant, seq = 0): Transition {
    return runStepsSync(this.steps.close(deal, outcome, at, seq));
  }

  dismiss(deal: string, kind: TriggerKind, stakeholder: string | null, at: Instant, seq = 0): Transition {
    return runStepsSync(this.steps.dismiss(deal, kind, stakeholder, at, seq));
  }
}
