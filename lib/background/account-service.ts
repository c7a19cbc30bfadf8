import Dexie from 'dexie';
import { parseMailbox, type Mailbox } from '@/lib/domain/addresses';
import { createEngineContext } from '@/lib/domain/engine/context';
import type { EngineContext } from '@/lib/domain/engine/deal-engine';
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
import { applyEvent, type MessageEvent } from '@/lib/domain/scenario/replay';
import { parseScenario } from '@/lib/domain/scenario/scenario';
import type { MessageInput } from '@/lib/messaging/protocol';
import type { EmberDatabase } from '@/lib/store/database';
import { DexieEngineStore, type StoredMessage } from '@/lib/store/dexie-engine-store';
import type { ContactRecord, DealRecord, UnlinkedRecord } from '@/lib/store/records';
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
   */
  private async write<T>(
    work: (engine: WorkflowEngine<StoredMessage>, store: DexieEngineStore, context: EngineContext) => Promise<T>,
  ): Promise<T> {
    const context = await this.context();
    const fired: Trigger[] = [];
    const collect = (transition: Transition) => {
      for (const trigger of transition.triggers) if (trigger.status === 'open') fired.push(trigger);
    };
    const result = await this.db.transaction('rw', this.db.allTables, async () => {
      fired.length = 0;
      const store = new DexieEngineStore(this.db, () => this.now());
      const done = await work(new WorkflowEngine(context, store, collect), store, context);
      await store.flush();
      return done;
    });
    // Only what fired and is still open after the whole event was committed is news.
    if (fired.length > 0) this.deps.onTriggersFired?.(dedupeLatest(fired));
    this.deps.onChanged?.();
    return result;
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

  private parseInput(input: MessageInput): { message: StoredMessage; names: Map<string, string | null> } {
    const from = parseMailbox(input.from);
    if (!from) throw new DomainError(`message ${input.id}: "from" is not an address: ${JSON.stringify(input.from)}`);
    const message = this.toStoredMessage(input, from);
    const names = new Map<string, string | null>();
    for (const raw of [input.from, ...(input.to ?? []), ...(input.cc ?? [])]) {
      const mailbox = parseMailbox(raw);
      if (mailbox?.name) names.set(mailbox.address, mailbox.name);
    }
    return { message, names };
  }

  /**
   * Places messages on their deals, oldest first. Seen ids change nothing: ingestion is idempotent.
   * What the batch needs is read at once up front; the engine then runs on the store's cache.
   */
  async ingestMessages(inputs: MessageInput[]): Promise<{ message: string; placement: MessagePlacement }[]> {
    const ordered = [...inputs].sort((a, b) => a.at - b.at);
    return this.write(async (engine, store) => {
      const parsed = ordered.map((input) => this.parseInput(input));
      await store.prefetchForMessages(parsed.map(({ message }) => message));
      const results: { message: string; placement: MessagePlacement }[] = [];
      for (const { message, names } of parsed) {
        const placement = await engine.ingestMessage(message);
        if (placement.kind === 'deal') await this.noteContacts(store, placement.deal, message, names);
        results.push({ message: message.id, placement });
      }
      return results;
    });
  }

  /** A message the rep sent from Gmail. */
  async recordSend(input: Omit<MessageInput, 'from'>): Promise<MessagePlacement> {
    const [result] = await this.ingestMessages([{ ...input, from: this.account }]);
    return result!.placement;
  }

  async createDeal(input: {
    id?: string | undefined;
    title: string;
    stage?: string | undefined;
    contacts: string[];
    thread?: string | undefined;
  }): Promise<DealDetailData> {
    const id = input.id ?? this.deps.newId();
    const at = this.now();
    await this.write(async (engine, store, context) => {
      const contacts = input.contacts.filter((address) => context.sides.isBuyer(address));
      await engine.createDeal({ id, title: input.title, stage: input.stage, contacts, at });
      for (const address of new Set(contacts)) {
        store.putContact({ deal: id, address, name: null, role: 'buyer', firstSeenAt: at, lastHeardAt: null });
      }
      if (input.thread !== undefined) await this.attachThread(engine, store, input.thread, id);
    });
    return this.dealDetail(id);
  }

  /** Links a thread and places the mail of it that was waiting as ambiguous. */
  private async attachThread(
    engine: WorkflowEngine<StoredMessage>,
    store: DexieEngineStore,
    thread: string,
    deal: string,
  ): Promise<void> {
    await store.linkThread(thread, deal, 'rep');
    await store.flush();
    const waiting = await this.db.messages
      .where('thread')
      .equals(thread)
      .filter((m) => m.deal === null)
      .sortBy('at');
    for (const message of waiting) {
      await store.removeMessage(message.id);
      await engine.ingestMessage(message, deal);
      await this.noteContacts(store, deal, message, new Map());
    }
  }

  async linkThread(thread: string, deal: string): Promise<DealDetailData> {
    await this.write(async (engine, store) => {
      if (!(await store.dealRecord(deal))) throw new DomainError(`unknown deal "${deal}"`);
      await this.attachThread(engine, store, thread, deal);
    });
    return this.dealDetail(deal);
  }

  /** The rep says a thread is not deal mail: new mail on it is ignored from now on. */
  async unlinkThread(thread: string): Promise<void> {
    await this.db.transaction('rw', this.db.threads, async () => {
      const existing = await this.db.threads.get(thread);
      await this.db.threads.put({
        id: thread,
        deal: null,
        linkedBy: 'rep',
        subject: existing?.subject ?? '',
        linkedAt: this.now(),
      });
    });
  }

  async advanceStage(deal: string, to: string | undefined, evidence: string | undefined): Promise<DealDetailData> {
    await this.write((engine) => engine.advance(deal, { to, at: this.now(), evidence: evidence ?? null }));
    return this.dealDetail(deal);
  }

  async closeDeal(deal: string, outcome: 'won' | 'lost'): Promise<DealDetailData> {
    await this.write((engine) => engine.close(deal, outcome, this.now()));
    return this.dealDetail(deal);
  }

  async recordMeeting(deal: string, meeting: { start: Instant; end: Instant; title?: string | undefined }) {
    const recordedAt = this.now();
    await this.write((engine) =>
      engine.recordMeeting({
        id: this.deps.newId(),
        deal,
        title: meeting.title ?? null,
        start: meeting.start,
        end: meeting.end,
        recordedAt,
      }),
    );
    return this.dealDetail(deal);
  }

  async dismissTrigger(deal: string, kind: TriggerKind, stakeholder: string | undefined): Promise<DealDetailData> {
    await this.write((engine) => engine.dismiss(deal, kind, stakeholder ?? null, this.now()));
    return this.dealDetail(deal);
  }

  /** Fires every time-based trigger now due. Reads only deals whose next timer has come (an index range). */
  async sweep(): Promise<void> {
    const now = this.now();
    const due = await this.db.deals.where('nextTimerAt').belowOrEqual(now).count();
    if (due === 0) return;
    await this.write((engine) => engine.sweep(now));
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
   * Loads the sample history (lib/domain/sample) through the engine, in one transaction, as if it
   * had happened: the same rules, so the queue and dashboard show real figures.
   */
  async loadSample(): Promise<void> {
    const settings = await this.deps.settings();
    const scenario = parseScenario({
      ...sampleScenario(this.account, this.now(), settings.timeZone),
      workingHours: settings.workingHours,
    });
    await this.write(async (engine, store) => {
      if (await this.db.deals.get(`${SAMPLE_PREFIX}acme`)) throw new DomainError('the sample data is already loaded');
      for (const event of scenario.events) {
        await engine.sweep(event.at);
        await applyEvent(engine, event, (message: MessageEvent) =>
          this.toStoredMessage({ ...message, body: message.text }, { address: message.from, name: null }),
        );
      }
      await engine.sweep(this.now());
      await store.flush();
      for (const deal of await this.db.deals.where('id').startsWith(SAMPLE_PREFIX).toArray())
        await this.rebuildContacts(deal);
    });
  }

  /** Contact rows from a deal's own mail: who joined when, who wrote last when. */
  private async rebuildContacts(deal: DealRecord): Promise<void> {
    const messages = await this.db.messages
      .where('[deal+at]')
      .between([deal.id, Dexie.minKey], [deal.id, Dexie.maxKey])
      .toArray();
    await this.db.contacts.bulkPut(
      deal.contacts.map((address, index) => {
        const involved = messages.filter((message) => [message.from, ...message.to, ...message.cc].includes(address));
        const wrote = involved.filter((message) => message.from === address);
        return {
          deal: deal.id,
          address,
          name: null,
          role: index === 0 ? ('buyer' as const) : ('stakeholder' as const),
          firstSeenAt: Math.min(deal.createdAt, ...involved.map((message) => message.at)),
          lastHeardAt: wrote.at(-1)?.at ?? null,
        };
      }),
    );
  }

  /** Removes every sample deal with all that hangs off it, in one transaction. */
  async removeSample(): Promise<number> {
    return this.db
      .transaction('rw', this.db.allTables, async () => {
        const ids = await this.db.deals.where('id').startsWith(SAMPLE_PREFIX).primaryKeys();
        for (const id of ids) {
          const first = [id, Dexie.minKey];
          const last = [id, Dexie.maxKey];
          const messages = await this.db.messages.where('[deal+at]').between(first, last).primaryKeys();
          await Promise.all([
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
    await this.db.transaction('rw', this.db.contacts, async () => {
      const updated = await this.db.contacts.update([deal, address], { role });
      if (updated === 0) throw new DomainError(`${address} is not a contact of this deal`);
    });
    return this.dealDetail(deal);
  }

  async setChecklistItem(dealId: string, stage: string, item: string, done: boolean): Promise<DealDetailData> {
    const { workflow } = await this.currentWorkflow();
    const items = workflow.stages.find((candidate) => candidate.id === stage)?.checklist ?? [];
    if (!items.includes(item)) throw new DomainError(`"${item}" is not on the checklist of stage "${stage}"`);
    await this.db.transaction('rw', this.db.deals, async () => {
      const deal = await this.db.deals.get(dealId);
      if (!deal) throw new DomainError(`unknown deal "${dealId}"`);
      const ticked = new Set(deal.checklist[stage] ?? []);
      if (done) ticked.add(item);
      else ticked.delete(item);
      await this.db.deals.update(dealId, { checklist: { ...deal.checklist, [stage]: [...ticked] } });
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

/** The latest form of each trigger, in first-seen order. */
function dedupeLatest(triggers: Trigger[]): Trigger[] {
  const byId = new Map<string, Trigger>();
  for (const trigger of triggers) byId.set(trigger.id, trigger);
  return [...byId.values()];
}
