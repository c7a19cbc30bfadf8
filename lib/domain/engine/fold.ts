import { DomainError } from '../errors';
import { stageIndex, type TriggerKind } from '../workflow';
import type { EngineContext } from './deal-engine';
import { isAutomatedAddress, isBroadcast, withoutAutomated } from '../bulk-mail';
import { buyerParticipants } from './deal-engine';
import { messageDirection, SyncWorkflowEngine, type MessagePlacement, type ThreadLink } from './engine';
import { MemoryEngineStore } from './memory-store';
import { inputKey, messageKey, type OrderKey } from './order';
import type { DealState, EngineMessage, Instant, Outcome, StageChange, Trigger } from './types';

/**
 * A deal's state is the engine's fold of its inputs in time order. This folds a slice of an account
 * (some deals, every input of theirs, the mail that could belong to them and the rep's links of their
 * threads) from nothing, the way the replay folds a scenario: the same engine over an in-memory store,
 * fed in the one order of ./order.ts. The extension folds a slice again when an input arrives earlier
 * than what its deals have applied, so the result never depends on the order mail arrived in.
 */

/** A deal as the rep created it. */
export interface DealSeed {
  id: string;
  title: string;
  stage: string;
  contacts: readonly string[];
  at: Instant;
  seq: number;
}

/** The rep's inputs on a deal, beside its creation; `seq` orders inputs made at the same time. */
export type DealAction =
  | { kind: 'advance'; deal: string; at: Instant; seq: number; to: string; evidence: string | null }
  | { kind: 'close'; deal: string; at: Instant; seq: number; outcome: Outcome }
  | {
      kind: 'dismiss';
      deal: string;
      at: Instant;
      seq: number;
      trigger: TriggerKind;
      stakeholder: string | null;
    }
  | {
      kind: 'meeting';
      deal: string;
      at: Instant;
      seq: number;
      id: string;
      title: string | null;
      start: Instant;
      end: Instant;
      declined?: boolean | undefined;
      history?: boolean | undefined;
    };

export interface Slice<Message extends EngineMessage> {
  deals: readonly DealSeed[];
  actions: readonly DealAction[];
  /** One copy of each message (the one kept). */
  messages: readonly Message[];
  /**
   * Threads the rep linked to a deal, or unlinked (null), whatever the time: the rep's word on a
   * thread holds for all its mail. Mail of a linked thread from before its deal was created is history.
   */
  repLinks: ReadonlyMap<string, string | null>;
}

export interface SliceFold<Message extends EngineMessage> {
  /** Deals of the slice as of `asOf`, in creation order. */
  states: DealState[];
  triggers: Trigger[];
  stageChanges: StageChange[];
  placements: Map<string, Exclude<MessagePlacement, { kind: 'duplicate' }>>;
  /** Threads linked by the mail itself (a named deal, or a contact of one open deal). */
  links: Map<string, { deal: string; by: ThreadLink }>;
  /** Messages placed on each deal, in time order, history first. */
  dealMessages: Map<string, Message[]>;
}

type SliceEvent<Message> =
  | { key: OrderKey; at: Instant; kind: 'deal'; seed: DealSeed; history: Message[] }
  | { key: OrderKey; at: Instant; kind: 'action'; action: DealAction }
  | { key: OrderKey; at: Instant; kind: 'message'; message: Message };

/** Records where the engine placed each message, to tell the caller afterwards. */
class RecordingStore<Message extends EngineMessage> extends MemoryEngineStore<Message> {
  readonly placements = new Map<string, Exclude<MessagePlacement, { kind: 'duplicate' }>>();
  readonly links = new Map<string, { deal: string; by: ThreadLink }>();
  private readonly repLinked: ReadonlyMap<string, string | null>;

  constructor(repLinks: ReadonlyMap<string, string | null>) {
    super();
    this.repLinked = repLinks;
  }

  override dealForThread(thread: string): string | null | undefined {
    if (this.repLinked.has(thread)) return this.repLinked.get(thread);
    return super.dealForThread(thread);
  }

  override linkThread(thread: string, deal: string, by: ThreadLink): void {
    if (this.repLinked.has(thread)) return;
    this.links.set(thread, { deal, by });
    super.linkThread(thread, deal, by);
  }

  override recordMessage(message: Message, placement: Exclude<MessagePlacement, { kind: 'duplicate' }>): void {
    this.placements.set(message.id, placement);
    super.recordMessage(message, placement);
  }
}

export function foldSlice<Message extends EngineMessage>(
  context: EngineContext,
  slice: Slice<Message>,
  asOf: Instant,
): SliceFold<Message> {
  const seeds = new Map(slice.deals.map((seed) => [seed.id, seed]));
  const history = new Map<string, Message[]>();
  const events: SliceEvent<Message>[] = [];
  for (const message of slice.messages) {
    const key = messageKey(message.at, message.id);
    const linked = slice.repLinks.get(message.thread);
    const seed = linked ? seeds.get(linked) : undefined;
    if (seed && key < inputKey(seed.at, seed.seq)) {
      const earlier = history.get(seed.id) ?? [];
      earlier.push(message);
      history.set(seed.id, earlier);
    } else events.push({ key, at: message.at, kind: 'message', message });
  }
  // Each deal's history, filled with its rep-linked mail now and with the stray mail it adopts when created.
  const histories = new Map<string, Message[]>();
  for (const seed of slice.deals) {
    const mail = [...(history.get(seed.id) ?? [])];
    histories.set(seed.id, mail);
    events.push({ key: inputKey(seed.at, seed.seq), at: seed.at, kind: 'deal', seed, history: mail });
  }
  for (const action of slice.actions) {
    events.push({ key: inputKey(action.at, action.seq), at: action.at, kind: 'action', action });
  }
  events.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));

  const store = new RecordingStore<Message>(slice.repLinks);
  const engine = new SyncWorkflowEngine(context, store);
  // Mail no deal could take when it was written, in time order: a deal created later adopts what is its.
  const stray: Message[] = [];
  for (const event of events) {
    if (store.timersMayBeDue(event.at)) engine.sweep(event.at);
    if (event.kind === 'deal') {
      const adopted = adoptStray(context, stray, event.seed, slice.repLinks);
      for (const message of adopted) {
        store.linkThread(message.thread, event.seed.id, 'contact');
        event.history.push(message);
      }
      event.history.sort((a, b) => (messageKey(a.at, a.id) < messageKey(b.at, b.id) ? -1 : 1));
    }
    applySliceEvent(context, engine, store, event);
    if (event.kind === 'message' && isStray(context, store, event.message, slice.repLinks)) stray.push(event.message);
  }
  engine.sweep(asOf);

  const dealMessages = new Map<string, Message[]>();
  for (const seed of slice.deals) {
    const placed = (store.dealMessages.get(seed.id) ?? []).map(({ message }) => message);
    const adopted = histories.get(seed.id) ?? [];
    dealMessages.set(seed.id, [...adopted, ...placed]);
    for (const message of adopted) {
      store.placements.set(message.id, {
        kind: 'deal',
        deal: seed.id,
        direction: messageDirection(context, message),
      });
    }
  }
  return {
    states: [...store.deals.values()],
    triggers: [...store.triggers.values()],
    stageChanges: store.stageChanges,
    placements: store.placements,
    links: store.links,
    dealMessages,
  };
}

/** Placed nowhere, and not because it is automated, a broadcast, or on a thread the rep unlinked. */
function isStray<Message extends EngineMessage>(
  context: EngineContext,
  store: RecordingStore<Message>,
  message: Message,
  repLinks: ReadonlyMap<string, string | null>,
): boolean {
  if (store.placements.get(message.id)?.kind !== 'ignored') return false;
  if (repLinks.has(message.thread) || isAutomatedAddress(message.from)) return false;
  const clean = withoutAutomated(message);
  return !isBroadcast(context.sides, clean) && buyerParticipants(context, clean).length > 0;
}

/**
 * The stray mail a new deal adopts as its history (mail older than the deal: a thread opened late,
 * a backfill): in time order, each message on a thread already adopted or with a buyer-side person
 * among the deal's contacts, whose people then count as contacts for the messages after it.
 */
function adoptStray<Message extends EngineMessage>(
  context: EngineContext,
  stray: Message[],
  seed: DealSeed,
  repLinks: ReadonlyMap<string, string | null>,
): Message[] {
  const people = new Set(seed.contacts);
  const threads = new Set<string>();
  const adopted: Message[] = [];
  for (let index = 0; index < stray.length; index++) {
    const message = stray[index]!;
    const buyers = buyerParticipants(context, withoutAutomated(message));
    if (repLinks.has(message.thread)) continue;
    if (!threads.has(message.thread) && !buyers.some((address) => people.has(address))) continue;
    adopted.push(message);
    threads.add(message.thread);
    for (const address of buyers) people.add(address);
    stray.splice(index--, 1);
  }
  return adopted;
}

function applySliceEvent<Message extends EngineMessage>(
  context: EngineContext,
  engine: SyncWorkflowEngine<Message>,
  store: MemoryEngineStore<Message>,
  event: SliceEvent<Message>,
): void {
  switch (event.kind) {
    case 'deal': {
      const { seed } = event;
      // A stage a later workflow removed: the deal starts where a new one would.
      const stage = stageIndex(context.workflow, seed.stage) >= 0 ? seed.stage : undefined;
      engine.createDeal(
        { id: seed.id, title: seed.title, stage, contacts: seed.contacts, at: seed.at, history: event.history },
        seed.seq,
      );
      return;
    }
    case 'message':
      engine.ingestMessage(event.message, undefined, event.key);
      return;
    case 'action':
      applyAction(engine, store, event.action);
  }
}

/**
 * Applies one of the rep's actions. Each was accepted when it was made; one the deal's state now refuses
 * (an advance to a stage a later workflow removed) is skipped rather than failing the whole deal.
 */
function applyAction<Message extends EngineMessage>(
  engine: SyncWorkflowEngine<Message>,
  store: MemoryEngineStore<Message>,
  action: DealAction,
): void {
  const state = store.loadDeal(action.deal);
  if (!state) return;
  const open = state.deal.status === 'open';
  try {
    applyAcceptedAction(engine, action, open, state.deal.stage);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
  }
}

function applyAcceptedAction<Message extends EngineMessage>(
  engine: SyncWorkflowEngine<Message>,
  action: DealAction,
  open: boolean,
  stage: string,
): void {
  switch (action.kind) {
    case 'advance':
      if (!open || action.to === stage) return;
      engine.advance(action.deal, { to: action.to, at: action.at, evidence: action.evidence }, action.seq);
      return;
    case 'close':
      if (!open) return;
      engine.close(action.deal, action.outcome, action.at, action.seq);
      return;
    case 'dismiss':
      engine.dismiss(action.deal, action.trigger, action.stakeholder, action.at, action.seq);
      return;
    case 'meeting':
      engine.recordMeeting(
        {
          id: action.id,
          deal: action.deal,
          title: action.title,
          start: action.start,
          end: action.end,
          recordedAt: action.at,
          ...(action.declined ? { declined: true } : {}),
          ...(action.history ? { history: true } : {}),
        },
        action.seq,
      );
  }
}
