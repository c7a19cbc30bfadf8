import { dequal } from 'dequal';
import { createEngineContext } from '@/lib/domain/engine/context';
import { advanceStage, type EngineContext } from '@/lib/domain/engine/deal-engine';
import type { MessagePlacement } from '@/lib/domain/engine/engine';
import type { Instant, Trigger } from '@/lib/domain/engine/types';
import { DomainError } from '@/lib/domain/errors';
import type { Dashboard } from '@/lib/domain/dashboard';
import type { Metrics } from '@/lib/domain/metrics';
import type { AccountSettings } from '@/lib/domain/settings';
import { stageIndex, type TriggerKind, type Workflow } from '@/lib/domain/workflow';
import { sampleScenario } from '@/lib/domain/sample/sample-scenario';
import { parseScenario } from '@/lib/domain/scenario/scenario';
import type { MessageInput } from '@/lib/messaging/protocol';
import type { EmberDatabase } from '@/lib/store/database';
import type { ContactRecord, DealRecord } from '@/lib/store/records';
import { applyCalendarChanges, type CalendarApplied, type CalendarChange } from './deal-record/calendar-meetings';
import { ingest, linkByRep, placementsAfter, type Ingested } from './deal-record/ingest';
import { recordSample, removeSampleDeals } from './deal-record/sample-data';
import { inUnitOfWork, recordInput, type UnitOfWork } from './deal-record/unit-of-work';
import { parseMessageInput, type ParsedMessage } from './sources/message-input';
import { readSetAside, updateSetAside, type SetAside, type SetAsideResult } from './sources/set-aside';
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
  /** How many messages are set aside, once known (null until the list is first read). */
  private setAsideHeld: number | null = null;

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
   * Runs `work` in one unit of work (lib/background/deal-record/unit-of-work.ts) and announces what
   * it fired once the transaction committed. `workflow`: a workflow the work runs under before it is
   * the saved one (the save of that workflow).
   */
  private async write<T>(work: (unit: UnitOfWork) => Promise<T>, workflow?: Workflow): Promise<T> {
    const context = workflow
      ? createEngineContext(this.account, await this.deps.settings(), workflow)
      : await this.context();
    const { result, fired } = await inUnitOfWork(this.db, context, () => this.now(), work);
    if (fired.length > 0) this.deps.onTriggersFired?.(fired);
    this.deps.onChanged?.();
    return result;
  }

  /**
   * Places messages from a source (a Gmail tab, the feed) on their deals:
   * lib/background/deal-record/ingest.ts. A message that cannot be read is set aside with the reason
   * (lib/background/sources/set-aside.ts), and the rest of the batch is placed.
   */
  async ingestMessages(inputs: MessageInput[]): Promise<(Ingested | SetAsideResult)[]> {
    const parsed: ParsedMessage[] = [];
    const setAside: SetAside[] = [];
    for (const input of inputs) {
      try {
        parsed.push(parseMessageInput(input));
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        setAside.push({ message: input.id, thread: input.thread, reason: error.message, at: this.now() });
      }
    }
    const placedNow = await this.placeMessages(parsed);
    // The list is read only while it may hold something: ingestion's hot path pays nothing for it.
    if (setAside.length > 0 || this.setAsideHeld !== 0) {
      this.setAsideHeld = await updateSetAside(this.db, setAside, new Set(parsed.map((message) => message.message.id)));
    }
    return [
      ...placedNow,
      ...setAside.map((entry) => ({ message: entry.message, placement: null, setAside: entry.reason })),
    ];
  }

  /** Messages Ember could not read, for one thread or all: what the rep is shown. */
  async setAsideMessages(thread?: string): Promise<SetAside[]> {
    const all = await readSetAside(this.db);
    return thread === undefined ? all : all.filter((entry) => entry.thread === thread);
  }

  private async placeMessages(parsed: ParsedMessage[]): Promise<Ingested[]> {
    let placed: ReadonlyMap<string, MessagePlacement> = new Map();
    const pending = await this.write((unit) => {
      placed = unit.placed;
      return ingest(unit, parsed);
    });
    // Mail the rebuild placed is known without reading it back; only mail no rebuild folded is read.
    return placementsAfter(
      this.db,
      pending.map((result) =>
        result.placement ? result : { ...result, placement: placed.get(result.message) ?? null },
      ),
    );
  }

  /** A message the rep sent from Gmail. */
  async recordSend(input: Omit<MessageInput, 'from'>): Promise<MessagePlacement> {
    const [result] = await this.placeMessages([parseMessageInput({ ...input, from: this.account })]);
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
      if (input.thread !== undefined) await linkByRep(unit, input.thread, id);
      // Mail of these people that no deal took when it came becomes the new deal's history.
      const theirs = contacts.length > 0 ? await this.db.inputs.where('participants').anyOf(contacts).toArray() : [];
      if (theirs.some((row) => row.kind === 'message' && row.deal === null)) unit.rebuild([id]);
    });
    return this.dealDetail(id);
  }

  async linkThread(thread: string, deal: string): Promise<DealDetailData> {
    await this.write(async (unit) => {
      if (!(await unit.store.dealRecord(deal))) throw new DomainError(`unknown deal "${deal}"`);
      await linkByRep(unit, thread, deal);
    });
    return this.dealDetail(deal);
  }

  /** The rep says a thread is not deal mail: its mail leaves the deal it was on, and new mail on it is ignored. */
  async unlinkThread(thread: string): Promise<void> {
    await this.write((unit) => linkByRep(unit, thread, null));
  }

  async advanceStage(deal: string, to: string | undefined, evidence: string | undefined): Promise<DealDetailData> {
    await this.write(async (unit) => {
      const record = await unit.store.dealRecord(deal);
      if (!record) throw new DomainError(`unknown deal "${deal}"`);
      const at = this.now();
      // The input names the stage it moved to, so a rebuild moves the deal the same way.
      const { state } = advanceStage(unit.context, (await unit.store.loadDeal(deal))!, { to, at });
      const target = state.deal.stage;
      await recordInput(unit, { kind: 'advance', deal, at, to: target, evidence: evidence ?? null }, (seq) =>
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
      await recordInput(unit, { kind: 'close', deal, at, outcome }, (seq) => unit.engine.close(deal, outcome, at, seq));
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
      await recordInput(
        unit,
        { kind: 'meeting', deal, at, meeting: id, title, start: meeting.start, end: meeting.end },
        (seq) =>
          unit.engine.recordMeeting({ id, deal, title, start: meeting.start, end: meeting.end, recordedAt: at }, seq),
      );
    });
    return this.dealDetail(deal);
  }

  /** Calendar events into the deals whose contacts attend them: lib/background/deal-record/calendar-meetings.ts. */
  async applyCalendar(
    changes: readonly CalendarChange[],
    options: { full: boolean; connectedAt: Instant },
  ): Promise<CalendarApplied> {
    return this.write((unit) => applyCalendarChanges(unit, changes, options));
  }

  /** Every address any deal has as a contact, each once (an index's keys: no row is read). */
  async contactAddresses(): Promise<string[]> {
    const keys = await this.db.contacts.orderBy('address').uniqueKeys();
    return keys.filter((key): key is string => typeof key === 'string');
  }

  async dismissTrigger(deal: string, kind: TriggerKind, stakeholder: string | undefined): Promise<DealDetailData> {
    if (stakeholder !== undefined && kind !== 'new_stakeholder') {
      throw new DomainError(`"stakeholder" applies only to new_stakeholder, not ${kind}`);
    }
    await this.write(async (unit) => {
      if (!(await unit.store.dealRecord(deal))) throw new DomainError(`unknown deal "${deal}"`);
      const at = this.now();
      await recordInput(unit, { kind: 'dismiss', deal, at, trigger: kind, stakeholder: stakeholder ?? null }, (seq) =>
        unit.engine.dismiss(deal, kind, stakeholder ?? null, at, seq),
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
    await this.write((unit) => recordSample(unit, scenario));
  }

  /**
   * Merges a backup's inputs in one unit of work: `merge` (lib/background/deal-record/merge-backup.ts)
   * adds what the store lacks and rebuilds the deals it touches; a refusal changes nothing.
   */
  async importInputs<T>(merge: (db: EmberDatabase, context: EngineContext, now: Instant) => Promise<T>): Promise<T> {
    return this.write((unit) => merge(this.db, unit.context, unit.now));
  }

  /** Removes every sample deal with all that hangs off it, in one transaction. */
  async removeSample(): Promise<number> {
    return this.db
      .transaction('rw', this.db.allTables, () => removeSampleDeals(this.db))
      .finally(() => this.deps.onChanged?.());
  }

  /** Hides a trigger from the queue until `until`; its due time does not move, so SLA figures stay honest. */
  async snooze(trigger: string, until: Instant): Promise<void> {
    if (!(await this.db.triggers.get(trigger))) throw new DomainError(`unknown trigger "${trigger}"`);
    await this.db.settings.put({ key: `${SNOOZE_PREFIX}${trigger}`, value: until });
    this.deps.onChanged?.();
  }

  /** Wakes a snoozed trigger now: it is back in the queue in its place. Unknown or awake: nothing changes. */
  async unsnooze(trigger: string): Promise<void> {
    await this.db.settings.delete(`${SNOOZE_PREFIX}${trigger}`);
    this.deps.onChanged?.();
  }

  /** The open triggers snoozed for later, soonest to wake first. */
  async snoozed(): Promise<queueReads.SnoozedEntry[]> {
    return queueReads.snoozedEntries(this.db, this.now());
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
      await recordInput(unit, { kind: 'role', deal, at: this.now(), address, role }, async () =>
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
      await recordInput(unit, { kind: 'checklist', deal: dealId, at: this.now(), stage, item, done }, async () => {
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
  async dashboard(period: Period): Promise<{ dashboard: Dashboard; unlinked: dashboardReads.UnlinkedView[] }> {
    return dashboardReads.dashboard(this.db, this.deps.clock, () => this.sweep(), period);
  }

  /**
   * Saves a new version of the workflow. Open deals in a stage it removes move to the stage `moves`
   * names (recorded as a stage change); without one the save is refused. A changed quiet period moves
   * every pending silence's due time. Earlier versions are kept, so history keeps its stage names.
   * The workflow in force saved again is no change: no version, no write, and its version answered.
   */
  async saveWorkflow(
    workflow: Workflow,
    moves: Record<string, string> = {},
  ): Promise<{ version: number; workflow: Workflow }> {
    // Checked before the write, which would tell every page that something changed.
    const current = await this.currentWorkflow();
    if (dequal(current.workflow, workflow)) return current;
    // Engine work in this write runs under the new workflow: a deal moved out of a removed stage
    // enters its new stage under the new rules, as a rebuild will apply it.
    return this.write(async (unit) => {
      // Again in the transaction: a save that committed since the check above may be this workflow.
      const inForce = await stageNameReads.currentWorkflow(this.db);
      if (dequal(inForce.workflow, workflow)) return inForce;
      const now = this.now();
      const open = await this.db.deals.where('status').equals('open').toArray();
      for (const deal of open) {
        if (stageIndex(workflow, deal.stage) >= 0) continue;
        const target = moves[deal.stage];
        if (target === undefined || stageIndex(workflow, target) < 0) {
          throw new DomainError(
            // The stage by the name the rep knows it by: its id says nothing on a page.
            `deal "${deal.title}" is in stage "${inForce.workflow.stages.find((stage) => stage.id === deal.stage)?.name ?? deal.stage}", which this workflow removes: choose where it moves`,
          );
        }
        const evidence = 'note: the stage was removed from the workflow';
        await recordInput(unit, { kind: 'advance', deal: deal.id, at: now, to: target, evidence }, (seq) =>
          unit.engine.advance(deal.id, { to: target, at: now, evidence }, seq),
        );
      }
      const version = inForce.version + 1;
      await this.db.workflows.put({ version, savedAt: now, workflow });
      // A changed quiet period moves every pending silence's due time.
      const hours = workflow.quietAfterDays * 24 * 3_600_000;
      for (const { id } of open) {
        const deal = (await unit.store.dealRecord(id))!;
        const quietDueAt = deal.quietDueAt === null ? null : (deal.lastActivityAt ?? deal.createdAt) + hours;
        const ends = deal.upcomingMeetings.map((meeting) => meeting.end);
        const timers = quietDueAt === null ? ends : [quietDueAt, ...ends];
        await unit.store.updateDeal(id, { quietDueAt, nextTimerAt: timers.length > 0 ? Math.min(...timers) : null });
      }
      return { version, workflow };
    }, workflow);
  }

  async openDealsByStage(): Promise<Record<string, number>> {
    return dashboardReads.openDealsByStage(this.db);
  }

  /** Every stage name any saved version used, newest first wins: how history names its stages. */
  async stageNames(): Promise<Record<string, string>> {
    return stageNameReads.stageNames(this.db);
  }
}
