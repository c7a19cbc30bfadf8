import Dexie from 'dexie';
import { parseMailbox, type Mailbox } from '@/lib/domain/addresses';
import { createEngineContext } from '@/lib/domain/engine/context';
import { advanceStage, buyerParticipants, type EngineContext } from '@/lib/domain/engine/deal-engine';
import { replacesCopy } from '@/lib/domain/engine/copies';
import { inputKey, messageKey } from '@/lib/domain/engine/order';
import { WorkflowEngine, type MessagePlacement } from '@/lib/domain/engine/engine';
import type { Instant, Transition, Trigger } from '@/lib/domain/engine/types';
import { DomainError } from '@/lib/domain/errors';
import { closingOf } from '@/lib/domain/drafting/voice';
import { cleanMessageText } from '@/lib/domain/mail-text';
import type { Dashboard } from '@/lib/domain/dashboard';
import type { Metrics } from '@/lib/domain/metrics';
import type { AccountSettings } from '@/lib/domain/settings';
import { stageIndex, type TriggerKind, type Workflow } from '@/lib/domain/workflow';
import { SAMPLE_PREFIX, sampleScenario } from '@/lib/domain/sample/sample-scenario';
import { parseScenario } from '@/lib/domain/scenario/scenario';
import type { MessageInput } from '@/lib/messaging/protocol';
import type { EmberDatabase } from '@/lib/store/database';
import { DexieEngineStore, type StoredMessage } from '@/lib/store/dexie-engine-store';
import { REBUILD_PENDING } from '@/lib/store/rebuild-pending';
import type {
  ContactRecord,
  DealInputFields,
  DealRecord,
  MessageInputRecord,
  MessageRecord,
  UnlinkedRecord,
} from '@/lib/store/records';
import { rebuildAll, rebuildDeals, type IncomingText } from './deal-record/rebuild';
import type { Clock } from './ports';
import * as dashboardReads from './reads/dashboard';
import type { Period } from './reads/dashboard';
import * as dealDetailReads from './reads/deal-detail';
import type { DealDetailData, ThreadLookupData } from './reads/deal-detail';
import * as dealSearchReads from './reads/deal-search';
import * as queueReads from './reads/queue';
import { SNOOZE_PREFIX, type QueueEntry } from './reads/queue';
import * as stageNameReads from './reads/stage-names';
import * as threadLabelReads from './reads/thread-labels';
import type { ThreadLabel } from './reads/thread-labels';
import { RecentThreadDeals } from './recent-thread-deals';

export type { DealDetailData, ThreadLookupData } from './reads/deal-detail';
export type { QueueEntry } from './reads/queue';

/** Threads whose deal is remembered: a few inbox pages of rows, and the threads opened since. */
const THREAD_DEAL_GUESSES = 2_000;

export interface AccountServiceDeps {
  db: EmberDatabase;
  settings: () => Promise<AccountSettings>;
  clock: Clock;
  newId: () => string;
  /** Called after a commit with the triggers it fired, for notifications and the badge. */
  onTriggersFired?: (triggers: Trigger[]) => void;
  /** Called after every committed write. */
  onChanged?: () => void;
}

/**
 * One rep account's data, driven through the workflow engine. Every call that writes runs in one
 * read-write transaction over all tables: an event lands whole or not at all.
 */
export class AccountService {
  private readonly db: EmberDatabase;
  /**
   * The deal each recently labelled or opened thread was linked to: only a guess, always checked
   * against the stored link, that lets opening a thread read its deal without waiting for the link.
   */
  private readonly threadDeals = new RecentThreadDeals(THREAD_DEAL_GUESSES);

  get database(): EmberDatabase {
    return this.db;
  }

  constructor(
    readonly account: string,
    private readonly deps: AccountServiceDeps,
  ) {
    this.db = deps.db;
  }

  private now(): Instant {
    return this.deps.clock();
  }

  async currentWorkflow(): Promise<{ version: number; workflow: Workflow }> {
    return stageNameReads.currentWorkflow(this.db);
  }

  private async context(): Promise<EngineContext> {
    // Settings live in extension storage: read them before the transaction, which must await only Dexie.
    const [settings, { workflow }] = await Promise.all([this.deps.settings(), this.currentWorkflow()]);
    return createEngineContext(this.account, settings, workflow);
  }

  /**
   * Runs `work` in one transaction with an engine over it; announces fired triggers after commit.
   * The store holds the engine's writes until `work` ends: direct table access in `work` flushes first.
   * Deals `work` asks to rebuild (an input arrived earlier than what they had applied) are rebuilt from
   * their inputs at its end, in the same transaction, after everything else was written.
   */
  private async write<T>(work: (unit: UnitOfWork) => Promise<T>): Promise<T> {
    const context = await this.context();
    const fired: Trigger[] = [];
    const collect = (transition: Transition) => {
      for (const trigger of transition.triggers) if (trigger.status === 'open') fired.push(trigger);
    };
    let news: Trigger[] = [];
    const result = await this.db.transaction('rw', this.db.allTables, async () => {
      fired.length = 0;
      const now = this.now();
      if (await this.db.settings.get(REBUILD_PENDING)) {
        await rebuildAll(this.db, context, now);
        await this.db.settings.delete(REBUILD_PENDING);
      }
      const store = new DexieEngineStore(this.db, () => this.now());
      const rebuild = new Set<string>();
      const incoming: IncomingText = new Map();
      const unit: UnitOfWork = {
        engine: new WorkflowEngine(context, store, collect),
        store,
        context,
        rebuild: (deals, text) => {
          for (const deal of deals) rebuild.add(deal);
          for (const [id, content] of text ?? []) incoming.set(id, content);
        },
      };
      const done = await work(unit);
      await store.flush();
      if (rebuild.size > 0) fired.push(...(await rebuildDeals(this.db, context, rebuild, now, incoming)).fired);
      // Only what fired and is still open after the whole event (a rebuild included) is news.
      const ids = [...new Set(fired.map((trigger) => trigger.id))];
      news = (await this.db.triggers.bulkGet(ids)).filter((t): t is Trigger => t?.status === 'open');
      return done;
    });
    if (news.length > 0) this.deps.onTriggersFired?.(news);
    this.deps.onChanged?.();
    return result;
  }

  /**
   * Records one of the rep's inputs on a deal and applies it: at once when it is the latest the deal
   * has, else by rebuilding the deal (an input ordered before what the deal applied, such as mail
   * from the future or an action at the same instant as later mail).
   */
  private async recordInput(
    unit: UnitOfWork,
    fields: DealInputFields,
    apply: (seq: number) => Promise<unknown>,
  ): Promise<void> {
    const deal = await unit.store.dealRecord(fields.deal);
    const seq = deal?.inputCount ?? 0;
    unit.store.putInput({ ...fields, id: `${fields.deal}:${seq}`, seq });
    if (deal && inputKey(fields.at, seq) <= (deal.appliedThrough ?? '')) unit.rebuild([fields.deal]);
    else await apply(seq);
    await unit.store.countInput(fields.deal, seq + 1);
  }

  private toStoredMessage(input: MessageInput, from: Mailbox): StoredMessage {
    const addresses = (raw: string[] | undefined) => [
      ...new Set((raw ?? []).map((entry) => parseMailbox(entry)?.address).filter((a): a is string => !!a)),
    ];
    // Cleaning is most of a message's CPU cost, and only a stored message needs it: it is done when
    // first read, which the store does while writing, and never for a duplicate or ignored message.
    const body = input.body ?? '';
    let cleaned: { text: string; snippet: string; closing: string | null } | undefined;
    const content = () => (cleaned ??= { ...cleanMessageText(body), closing: closingOf(body) });
    return {
      id: input.id,
      thread: input.thread,
      at: input.at,
      from: from.address,
      to: addresses(input.to),
      cc: addresses(input.cc),
      subject: input.subject ?? '',
      get text() {
        return content().text;
      },
      get snippet() {
        return content().snippet;
      },
      get closing() {
        return content().closing;
      },
    };
  }

  /** Records who the buyer-side people on a placed message are, and when they last wrote. */
  private async noteContacts(
    store: DexieEngineStore,
    dealId: string,
    message: StoredMessage,
    names: Map<string, string | null>,
  ): Promise<void> {
    const deal = await store.dealRecord(dealId);
    if (!deal) return;
    const contacts = new Set(deal.contacts);
    for (const address of new Set([message.from, ...message.to, ...message.cc])) {
      if (!contacts.has(address)) continue;
      const existing = await store.contact(dealId, address);
      const isSender = address === message.from;
      store.putContact({
        deal: dealId,
        address,
        name: names.get(address) ?? existing?.name ?? null,
        role: existing?.role ?? 'stakeholder',
        firstSeenAt: Math.min(existing?.firstSeenAt ?? message.at, message.at),
        lastHeardAt: isSender
          ? Math.max(existing?.lastHeardAt ?? message.at, message.at)
          : (existing?.lastHeardAt ?? null),
      });
    }
  }

  private parseInput(input: MessageInput): {
    message: StoredMessage;
    names: Map<string, string | null>;
    partial: boolean;
  } {
    const from = parseMailbox(input.from);
    if (!from) throw new DomainError(`message ${input.id}: "from" is not an address: ${JSON.stringify(input.from)}`);
    const message = this.toStoredMessage(input, from);
    const names = new Map<string, string | null>();
    for (const raw of [input.from, ...(input.to ?? []), ...(input.cc ?? [])]) {
      const mailbox = parseMailbox(raw);
      if (mailbox?.name) names.set(mailbox.address, mailbox.name);
    }
    return { message, names, partial: input.partial ?? false };
  }

  /**
   * Places messages on their deals. Every message is recorded as an input (its headers; its text only
   * if it is deal mail). One ordered after what its deals have applied is applied at once; an earlier
   * one, or a fuller copy of a known one, rebuilds the deals it could belong to. Seen ids change
   * nothing: ingestion is idempotent, and whatever order mail arrives in, the deals end the same.
   */
  async ingestMessages(inputs: MessageInput[]): Promise<{ message: string; placement: MessagePlacement }[]> {
    const parsed = inputs.map((input) => this.parseInput(input));
    parsed.sort((a, b) => a.message.at - b.message.at || (a.message.id < b.message.id ? -1 : 1));
    const results = await this.write(async (unit) => {
      const { engine, store, context } = unit;
      await Promise.all([
        store.prefetchForMessages(parsed.map(({ message }) => message)),
        store.prefetchInputs(parsed.map(({ message }) => message.id)),
      ]);
      const results: { message: string; placement: MessagePlacement | null }[] = [];
      const joined: { deal: string; addresses: string[]; key: string }[] = [];
      const fillText: StoredMessage[] = [];
      for (const { message, names, partial } of parsed) {
        const record = messageInput(message, names, partial);
        const key = messageKey(message.at, message.id);
        const existing = await store.input(message.id);
        if (existing?.kind === 'message') {
          if (!replacesCopy(existing, record) || sameHeaders(existing, record)) {
            // A copy that changes nothing the engine reads; it may bring text a rebuild placed without.
            if (existing.deal !== null) fillText.push(message);
            results.push({ message: message.id, placement: { kind: 'duplicate' } });
            continue;
          }
          store.putInput({ ...record, deal: existing.deal });
          const affected = await this.dealsMailCouldJoin(store, context, record);
          unit.rebuild(
            [...affected.map((deal) => deal.id), ...(existing.deal ? [existing.deal] : [])],
            [[message.id, contentOf(message)]],
          );
          results.push({ message: message.id, placement: null });
          continue;
        }
        const affected = await this.dealsMailCouldJoin(store, context, record);
        if (affected.some((deal) => (deal.appliedThrough ?? '') >= key)) {
          store.putInput(record);
          unit.rebuild(
            affected.map((deal) => deal.id),
            [[message.id, contentOf(message)]],
          );
          results.push({ message: message.id, placement: null });
          continue;
        }
        const before = new Set(affected.flatMap((deal) => deal.contacts));
        const placement = await engine.ingestMessage(message);
        store.putInput({ ...record, deal: placement.kind === 'deal' ? placement.deal : null });
        if (placement.kind === 'deal') {
          await this.noteContacts(store, placement.deal, message, names);
          const deal = await store.dealRecord(placement.deal);
          const addresses = (deal?.contacts ?? []).filter((address) => !before.has(address));
          if (addresses.length > 0) joined.push({ deal: placement.deal, addresses, key });
        }
        results.push({ message: message.id, placement });
      }
      // A newcomer's later mail that Ember already has would, in time order, have come after they
      // joined: the deals it is on (or none) and this one are folded again.
      await store.flush();
      await fillMissingText(this.db, fillText);
      for (const { deal, addresses, key } of joined) {
        const theirs = await this.db.inputs.where('participants').anyOf(addresses).toArray();
        const later = theirs.filter(
          (input) => input.kind === 'message' && messageKey(input.at, input.id) > key && input.deal !== deal,
        );
        if (later.length > 0) unit.rebuild([deal, ...later.flatMap((input) => (input.deal ? [input.deal] : []))]);
      }
      return results;
    });
    if (results.every((result) => result.placement !== null)) {
      return results as { message: string; placement: MessagePlacement }[];
    }
    // Placed by a rebuild: read where each message went.
    const rows = await this.db.inputs.bulkGet(results.map((result) => result.message));
    const unlinked = new Set(
      (await this.db.unlinked.bulkGet(results.map((result) => result.message))).flatMap((row) =>
        row ? [row.message] : [],
      ),
    );
    const messages = await this.db.messages.bulkGet(results.map((result) => result.message));
    return results.map((result, index) => {
      if (result.placement) return result as { message: string; placement: MessagePlacement };
      const row = rows[index];
      const stored = messages[index];
      if (row?.kind === 'message' && row.deal && stored) {
        return { message: result.message, placement: { kind: 'deal', deal: row.deal, direction: stored.direction } };
      }
      if (unlinked.has(result.message)) {
        return { message: result.message, placement: { kind: 'unlinked', candidates: [] } };
      }
      return { message: result.message, placement: { kind: 'ignored' } };
    });
  }

  /** The deals a message could be placed on: its thread's, and every deal (open or not) with one of its buyers. */
  private async dealsMailCouldJoin(
    store: DexieEngineStore,
    context: EngineContext,
    message: MessageInputRecord,
  ): Promise<DealRecord[]> {
    const ids = new Set(await store.dealsWithContacts(buyerParticipants(context, message)));
    const linked = await store.dealForThread(message.thread);
    if (linked) ids.add(linked);
    const deals = await Promise.all([...ids].map((id) => store.dealRecord(id)));
    return deals.filter((deal): deal is DealRecord => deal !== undefined);
  }

  /** A message the rep sent from Gmail. */
  async recordSend(input: Omit<MessageInput, 'from'>): Promise<MessagePlacement> {
    const [result] = await this.ingestMessages([{ ...input, from: this.account }]);
    return result!.placement;
  }

  /**
   * A deal the rep tracks, from a thread or not. The thread becomes the rep's link, and its mail
   * from before the deal becomes the deal's history (lib/domain/engine/deal-engine.ts, createDeal).
   */
  async createDeal(input: {
    id?: string | undefined;
    title: string;
    stage?: string | undefined;
    contacts: string[];
    thread?: string | undefined;
  }): Promise<DealDetailData> {
    const id = input.id ?? this.deps.newId();
    const at = this.now();
    await this.write(async (unit) => {
      const { context, engine, store } = unit;
      if (await store.dealRecord(id)) throw new DomainError(`deal "${id}" already exists`);
      const stage = input.stage ?? context.workflow.stages[0]!.id;
      if (stageIndex(context.workflow, stage) < 0) throw new DomainError(`unknown stage "${stage}"`);
      const contacts = [...new Set(input.contacts.filter((address) => context.sides.isBuyer(address)))];
      await engine.createDeal({ id, title: input.title, stage, contacts, at });
      store.putInput({ id: `${id}:0`, kind: 'create', deal: id, at, seq: 0, title: input.title, stage, contacts });
      await store.countInput(id, 1);
      for (const address of contacts) {
        store.putContact({ deal: id, address, name: null, role: 'buyer', firstSeenAt: at, lastHeardAt: null });
      }
      if (input.thread !== undefined) await this.linkByRep(unit, input.thread, id);
    });
    return this.dealDetail(id);
  }

  /**
   * The rep's word on a thread: its mail is this deal's (or, with null, no deal's), all of it, whenever
   * it was written. The deals its mail was on and the new one are rebuilt.
   */
  private async linkByRep(unit: UnitOfWork, thread: string, deal: string | null): Promise<void> {
    const { store } = unit;
    const previous = await store.dealForThread(thread);
    await store.flush();
    const [existing, mail] = await Promise.all([
      this.db.threads.get(thread),
      this.db.inputs.where('thread').equals(thread).toArray(),
    ]);
    const first = mail.filter((input) => input.kind === 'message').sort((a, b) => a.at - b.at)[0];
    await this.db.threads.put({
      id: thread,
      deal,
      linkedBy: 'rep',
      subject: existing?.subject ?? (first?.kind === 'message' ? first.subject : ''),
      linkedAt: this.now(),
    });
    const touched = new Set<string>();
    if (deal) touched.add(deal);
    if (previous) touched.add(previous);
    for (const input of mail) if (input.deal) touched.add(input.deal);
    unit.rebuild(touched);
  }

  async linkThread(thread: string, deal: string): Promise<DealDetailData> {
    await this.write(async (unit) => {
      if (!(await unit.store.dealRecord(deal))) throw new DomainError(`unknown deal "${deal}"`);
      await this.linkByRep(unit, thread, deal);
    });
    return this.dealDetail(deal);
  }

  /** The rep says a thread is not deal mail: its mail leaves the deal it was on, and new mail on it is ignored. */
  async unlinkThread(thread: string): Promise<void> {
    await this.write((unit) => this.linkByRep(unit, thread, null));
  }

  async advanceStage(deal: string, to: string | undefined, evidence: string | undefined): Promise<DealDetailData> {
    await this.write(async (unit) => {
      const record = await unit.store.dealRecord(deal);
      if (!record) throw new DomainError(`unknown deal "${deal}"`);
      const at = this.now();
      // The input names the stage it moved to, so a rebuild moves the deal the same way.
      const { state } = advanceStage(unit.context, (await unit.store.loadDeal(deal))!, { to, at });
      const target = state.deal.stage;
      await this.recordInput(unit, { kind: 'advance', deal, at, to: target, evidence: evidence ?? null }, (seq) =>
        unit.engine.advance(deal, { to: target, at, evidence: evidence ?? null }, seq),
      );
    });
    return this.dealDetail(deal);
  }

  async closeDeal(deal: string, outcome: 'won' | 'lost'): Promise<DealDetailData> {
    await this.write(async (unit) => {
      const state = await unit.store.loadDeal(deal);
      if (!state) throw new DomainError(`unknown deal "${deal}"`);
      if (state.deal.status !== 'open') throw new DomainError(`deal "${deal}" is closed (${state.deal.status})`);
      const at = this.now();
      await this.recordInput(unit, { kind: 'close', deal, at, outcome }, (seq) =>
        unit.engine.close(deal, outcome, at, seq),
      );
    });
    return this.dealDetail(deal);
  }

  async recordMeeting(deal: string, meeting: { start: Instant; end: Instant; title?: string | undefined }) {
    if (meeting.end < meeting.start) throw new DomainError('a meeting cannot end before it starts');
    await this.write(async (unit) => {
      if (!(await unit.store.dealRecord(deal))) throw new DomainError(`unknown deal "${deal}"`);
      const at = this.now();
      const id = this.deps.newId();
      const title = meeting.title ?? null;
      await this.recordInput(
        unit,
        { kind: 'meeting', deal, at, meeting: id, title, start: meeting.start, end: meeting.end },
        (seq) =>
          unit.engine.recordMeeting({ id, deal, title, start: meeting.start, end: meeting.end, recordedAt: at }, seq),
      );
    });
    return this.dealDetail(deal);
  }

  async dismissTrigger(deal: string, kind: TriggerKind, stakeholder: string | undefined): Promise<DealDetailData> {
    if (stakeholder !== undefined && kind !== 'new_stakeholder') {
      throw new DomainError(`"stakeholder" applies only to new_stakeholder, not ${kind}`);
    }
    await this.write(async (unit) => {
      if (!(await unit.store.dealRecord(deal))) throw new DomainError(`unknown deal "${deal}"`);
      const at = this.now();
      await this.recordInput(
        unit,
        { kind: 'dismiss', deal, at, trigger: kind, stakeholder: stakeholder ?? null },
        (seq) => unit.engine.dismiss(deal, kind, stakeholder ?? null, at, seq),
      );
    });
    return this.dealDetail(deal);
  }

  /** Fires every time-based trigger now due. Reads only deals whose next timer has come (an index range). */
  async sweep(): Promise<void> {
    const now = this.now();
    const due = await this.db.deals.where('nextTimerAt').belowOrEqual(now).count();
    if (due === 0) return;
    await this.write((unit) => unit.engine.sweep(now));
  }

  async dealDetail(id: string): Promise<DealDetailData> {
    return dealDetailReads.dealDetail(this.db, id);
  }

  /** Which deal a thread belongs to, or would on its next message. */
  async lookupThread(thread: string, participants: string[]): Promise<ThreadLookupData> {
    const sources = {
      db: this.db,
      clock: this.deps.clock,
      sweep: () => this.sweep(),
      threadDeals: this.threadDeals,
      context: () => this.context(),
    };
    return dealDetailReads.lookupThread(sources, thread, participants);
  }

  /**
   * Loads the sample history (lib/domain/sample) as the inputs it is made of, and folds its deals
   * through the engine in one transaction: the same rules, so the queue and dashboard show real figures.
   */
  async loadSample(): Promise<void> {
    const settings = await this.deps.settings();
    const scenario = parseScenario({
      ...sampleScenario(this.account, this.now(), settings.timeZone),
      workingHours: settings.workingHours,
    });
    await this.write(async (unit) => {
      if (await this.db.deals.get(`${SAMPLE_PREFIX}acme`)) throw new DomainError('the sample data is already loaded');
      const seqs = new Map<string, number>();
      const next = (deal: string) => {
        const seq = seqs.get(deal) ?? 0;
        seqs.set(deal, seq + 1);
        return { id: `${deal}:${seq}`, seq };
      };
      const text: [string, ReturnType<typeof contentOf>][] = [];
      for (const event of scenario.events) {
        switch (event.type) {
          case 'deal':
            unit.store.putInput({
              ...next(event.id),
              kind: 'create',
              deal: event.id,
              at: event.at,
              title: event.title ?? event.id,
              stage: event.stage ?? unit.context.workflow.stages[0]!.id,
              contacts: event.contacts,
            });
            break;
          case 'message': {
            const message = this.toStoredMessage({ ...event, body: event.text }, { address: event.from, name: null });
            unit.store.putInput({ ...messageInput(message, new Map(), false), deal: event.deal ?? null });
            text.push([message.id, contentOf(message)]);
            if (event.deal) {
              await unit.store.flush();
              await this.db.threads.put({
                id: event.thread,
                deal: event.deal,
                linkedBy: 'rep',
                subject: event.subject,
                linkedAt: event.at,
              });
            }
            break;
          }
          case 'advance':
            unit.store.putInput({
              ...next(event.deal),
              kind: 'advance',
              deal: event.deal,
              at: event.at,
              to: event.to!,
              evidence: event.evidence ?? null,
            });
            break;
          case 'close':
            unit.store.putInput({
              ...next(event.deal),
              kind: 'close',
              deal: event.deal,
              at: event.at,
              outcome: event.outcome,
            });
            break;
          case 'dismiss':
            unit.store.putInput({
              ...next(event.deal),
              kind: 'dismiss',
              deal: event.deal,
              at: event.at,
              trigger: event.kind,
              stakeholder: event.stakeholder ?? null,
            });
            break;
          case 'meeting': {
            const { id, seq } = next(event.deal);
            unit.store.putInput({
              id,
              seq,
              kind: 'meeting',
              deal: event.deal,
              at: event.at,
              meeting: `${event.deal}@${event.at}`,
              title: event.title ?? null,
              start: event.start,
              end: event.end,
            });
            break;
          }
          case 'tick':
            break;
        }
      }
      await unit.store.flush();
      // Deal rows first, so the rebuild finds the slice and the counts of inputs stay with the deals.
      unit.rebuild(seqs.keys(), text);
      for (const [deal, count] of seqs) await this.db.deals.put({ id: deal, inputCount: count } as DealRecord);
    });
  }

  /** Removes every sample deal with all that hangs off it, in one transaction. */
  async removeSample(): Promise<number> {
    return this.db
      .transaction('rw', this.db.allTables, async () => {
        const ids = await this.db.deals.where('id').startsWith(SAMPLE_PREFIX).primaryKeys();
        for (const id of ids) {
          const first = [id, Dexie.minKey];
          const last = [id, Dexie.maxKey];
          const [messages, triggers] = await Promise.all([
            this.db.messages.where('[deal+at]').between(first, last).primaryKeys(),
            this.db.triggers.where('[deal+status]').between(first, last).primaryKeys(),
          ]);
          await Promise.all([
            this.db.inputs.where('deal').equals(id).delete(),
            this.db.settings.bulkDelete(triggers.map((trigger) => `${SNOOZE_PREFIX}${trigger}`)),
            this.db.messages.bulkDelete(messages),
            this.db.triggers.where('[deal+status]').between(first, last).delete(),
            this.db.stageEvents.where('[deal+at]').between(first, last).delete(),
            this.db.meetings.where('[deal+start]').between(first, last).delete(),
            this.db.contacts.where('[deal+address]').between(first, last).delete(),
            this.db.threads.where('deal').equals(id).delete(),
            this.db.drafts.where('deal').equals(id).delete(),
          ]);
        }
        await this.db.deals.bulkDelete(ids);
        return ids.length;
      })
      .finally(() => this.deps.onChanged?.());
  }

  /** Hides a trigger from the queue until `until`; its due time does not move, so SLA figures stay honest. */
  async snooze(trigger: string, until: Instant): Promise<void> {
    if (!(await this.db.triggers.get(trigger))) throw new DomainError(`unknown trigger "${trigger}"`);
    await this.db.settings.put({ key: `${SNOOZE_PREFIX}${trigger}`, value: until });
    this.deps.onChanged?.();
  }

  /** Deals whose title or contacts contain the query, open ones first, most recently active first. */
  async searchDeals(query: string, limit: number): Promise<DealRecord[]> {
    return dealSearchReads.searchDeals(this.db, query, limit);
  }

  /** For thread rows in the inbox: the stage of each linked thread's deal, and whether it is overdue. */
  async threadLabels(threads: string[]): Promise<ThreadLabel[]> {
    return threadLabelReads.threadLabels(this.db, this.deps.clock, this.threadDeals, threads);
  }

  async setContactRole(deal: string, address: string, role: ContactRecord['role']): Promise<DealDetailData> {
    await this.write(async (unit) => {
      const contact = await unit.store.contact(deal, address);
      if (!contact) throw new DomainError(`${address} is not a contact of this deal`);
      await this.recordInput(unit, { kind: 'role', deal, at: this.now(), address, role }, async () =>
        unit.store.putContact({ ...contact, role }),
      );
    });
    return this.dealDetail(deal);
  }

  async setChecklistItem(dealId: string, stage: string, item: string, done: boolean): Promise<DealDetailData> {
    const { workflow } = await this.currentWorkflow();
    const items = workflow.stages.find((candidate) => candidate.id === stage)?.checklist ?? [];
    if (!items.includes(item)) throw new DomainError(`"${item}" is not on the checklist of stage "${stage}"`);
    await this.write(async (unit) => {
      const deal = await unit.store.dealRecord(dealId);
      if (!deal) throw new DomainError(`unknown deal "${dealId}"`);
      await this.recordInput(unit, { kind: 'checklist', deal: dealId, at: this.now(), stage, item, done }, async () => {
        const ticked = new Set(deal.checklist[stage] ?? []);
        if (done) ticked.add(item);
        else ticked.delete(item);
        await unit.store.updateDeal(dealId, { checklist: { ...deal.checklist, [stage]: [...ticked] } });
      });
    });
    return this.dealDetail(dealId);
  }

  /** Open triggers, most urgent first, with their deal and the thread to open; snoozed ones wait. */
  async queue(): Promise<QueueEntry[]> {
    return queueReads.queue(this.db, this.deps.clock, () => this.sweep());
  }

  /** The thread to open for a deal: the one its latest mail is on, else any linked thread. */
  async threadFor(deal: string): Promise<string | null> {
    return queueReads.threadFor(this.db, deal);
  }

  /** Counts for the toolbar badge: open triggers overdue, and due before `endOfToday`. */
  async dueCounts(endOfToday: Instant): Promise<{ overdue: number; dueToday: number }> {
    return queueReads.dueCounts(this.db, this.deps.clock, endOfToday);
  }

  /** The engine's metrics (what `replay` prints), for a period or all time. */
  async metrics(period: Period): Promise<Metrics & { asOf: Instant }> {
    return dashboardReads.metrics(this.db, this.deps.clock, () => this.sweep(), period);
  }

  /** Everything the dashboard shows, over the same data as `metrics`. */
  async dashboard(period: Period): Promise<{ dashboard: Dashboard; unlinked: UnlinkedRecord[] }> {
    return dashboardReads.dashboard(this.db, this.deps.clock, () => this.sweep(), period);
  }

  /**
   * Saves a new version of the workflow. Open deals in a stage it removes move to the stage `moves`
   * names (recorded as a stage change); without one the save is refused. A changed quiet period moves
   * every pending silence's due time. Earlier versions are kept, so history keeps its stage names.
   */
  async saveWorkflow(
    workflow: Workflow,
    moves: Record<string, string> = {},
  ): Promise<{ version: number; workflow: Workflow }> {
    const now = this.now();
    return this.db.transaction('rw', this.db.allTables, async () => {
      const open = await this.db.deals.where('status').equals('open').toArray();
      for (const deal of open) {
        if (stageIndex(workflow, deal.stage) >= 0) continue;
        const target = moves[deal.stage];
        if (target === undefined || stageIndex(workflow, target) < 0) {
          throw new DomainError(
            `deal "${deal.title}" is in stage "${deal.stage}", which this workflow removes: choose where it moves`,
          );
        }
        deal.stageChangeCount += 1;
        await this.db.stageEvents.put({
          id: `${deal.id}/${deal.stageChangeCount}`,
          deal: deal.id,
          from: deal.stage,
          to: target,
          at: now,
          evidence: 'note: the stage was removed from the workflow',
        });
        deal.stage = target;
      }
      const latest = await this.db.workflows.orderBy('version').last();
      const version = (latest?.version ?? 0) + 1;
      await this.db.workflows.put({ version, savedAt: now, workflow });
      const hours = workflow.quietAfterDays * 24 * 3_600_000;
      for (const deal of open) {
        const quietDueAt = deal.quietDueAt === null ? null : (deal.lastActivityAt ?? deal.createdAt) + hours;
        const ends = deal.upcomingMeetings.map((meeting) => meeting.end);
        const timers = quietDueAt === null ? ends : [quietDueAt, ...ends];
        await this.db.deals.put({ ...deal, quietDueAt, nextTimerAt: timers.length > 0 ? Math.min(...timers) : null });
      }
      return { version, workflow };
    });
  }

  async openDealsByStage(): Promise<Record<string, number>> {
    return dashboardReads.openDealsByStage(this.db);
  }

  /** Every stage name any saved version used, newest first wins: how history names its stages. */
  async stageNames(): Promise<Record<string, string>> {
    return stageNameReads.stageNames(this.db);
  }
}

/** One write's engine, store and context, and a way to ask for deals to be rebuilt at its end. */
interface UnitOfWork {
  engine: WorkflowEngine<StoredMessage>;
  store: DexieEngineStore;
  context: EngineContext;
  /** Deals to rebuild from their inputs once the work is written; `text`: message text of this request. */
  rebuild(deals: Iterable<string>, text?: Iterable<[string, ReturnType<typeof contentOf>]>): void;
}

/** A message as its input record: the headers, who took part, and the display names given. */
function messageInput(message: StoredMessage, names: Map<string, string | null>, partial: boolean): MessageInputRecord {
  const participants = [...new Set([message.from, ...message.to, ...message.cc])];
  const named: Record<string, string> = {};
  for (const [address, name] of names) if (name) named[address] = name;
  return {
    id: message.id,
    kind: 'message',
    deal: null,
    at: message.at,
    thread: message.thread,
    from: message.from,
    to: message.to,
    cc: message.cc,
    subject: message.subject,
    participants,
    partial,
    names: named,
  };
}

/** Whether two copies of a message differ in nothing the engine reads. */
function sameHeaders(a: MessageInputRecord, b: MessageInputRecord): boolean {
  const same = (x: string[], y: string[]) => x.length === y.length && x.every((value, index) => value === y[index]);
  return (
    a.thread === b.thread &&
    a.at === b.at &&
    a.from === b.from &&
    a.partial === b.partial &&
    same(a.to, b.to) &&
    same(a.cc, b.cc)
  );
}

/** Deal mail a rebuild placed from its headers alone (it was not deal mail when it came) takes its text now. */
async function fillMissingText(db: EmberDatabase, messages: readonly StoredMessage[]): Promise<void> {
  if (messages.length === 0) return;
  const rows = await db.messages.bulkGet(messages.map((message) => message.id));
  const filled = rows.flatMap((row, index) => {
    const message = messages[index]!;
    if (!row || row.text !== '' || message.text === '') return [];
    return [{ ...row, text: message.text, snippet: message.snippet, closing: message.closing }];
  });
  if (filled.length > 0) await db.messages.bulkPut(filled);
}

/** What a message row keeps of a message's content (reading it cleans the text). */
function contentOf(message: StoredMessage): Pick<MessageRecord, 'subject' | 'text' | 'snippet' | 'closing'> {
  return {
    subject: message.subject,
    get text() {
      return message.text;
    },
    get snippet() {
      return message.snippet;
    },
    get closing() {
      return message.closing;
    },
  };
}
