import Dexie from 'dexie';
import { parseMailbox, type Mailbox } from '@/lib/domain/addresses';
import { createEngineContext } from '@/lib/domain/engine/context';
import type { EngineContext } from '@/lib/domain/engine/deal-engine';
import { WorkflowEngine, type MessagePlacement, type ThreadLink } from '@/lib/domain/engine/engine';
import type { Instant, Transition, Trigger } from '@/lib/domain/engine/types';
import { DomainError } from '@/lib/domain/errors';
import { closingOf } from '@/lib/domain/drafting/voice';
import { cleanMessageText } from '@/lib/domain/mail-text';
import { computeDashboard, type Dashboard } from '@/lib/domain/dashboard';
import { computeMetrics, type Metrics } from '@/lib/domain/metrics';
import { buildQueue } from '@/lib/domain/queue';
import type { AccountSettings } from '@/lib/domain/settings';
import { DEFAULT_WORKFLOW, stageIndex, type TriggerKind, type Workflow } from '@/lib/domain/workflow';
import type { Draft } from '@/lib/domain/drafting/types';
import { SAMPLE_PREFIX, sampleScenario } from '@/lib/domain/sample/sample-scenario';
import { applyEvent, type MessageEvent } from '@/lib/domain/scenario/replay';
import { parseScenario } from '@/lib/domain/scenario/scenario';
import type { MessageInput } from '@/lib/messaging/protocol';
import type { EmberDatabase } from '@/lib/store/database';
import { readDealDetail, readThread, type DealDetailRows } from '@/lib/store/detail-reads';
import { DexieEngineStore, type StoredMessage } from '@/lib/store/dexie-engine-store';
import type {
  ContactRecord,
  DealRecord,
  MeetingRecord,
  MessageRecord,
  StageEventRecord,
  TriggerRecord,
  UnlinkedRecord,
} from '@/lib/store/records';
import type { Clock } from './ports';
import { RecentThreadDeals } from './recent-thread-deals';

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

export interface QueueEntry {
  trigger: Trigger;
  deal: { id: string; title: string; stage: string };
  overdue: boolean;
  thread: string | null;
  /** The first line of the pre-made draft, when there is one. */
  draftLine: string | null;
}

const SNOOZE_PREFIX = 'snooze:';

export type ThreadLookupData =
  | { kind: 'linked'; linkedBy: ThreadLink; detail: DealDetailData }
  | { kind: 'contact'; detail: DealDetailData }
  | { kind: 'ambiguous'; candidates: DealRecord[] }
  | { kind: 'unlinked-by-rep' }
  | { kind: 'none' };

/** Messages of a deal a detail view carries: the newest, which is all a sidebar shows. */
const DETAIL_MESSAGE_LIMIT = 500;
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

/** What the product shows of a deal's rows: mail without its full text, contacts in the deal's order. */
function detailData({ deal, contacts, triggers, messages, ...rest }: DealDetailRows): DealDetailData {
  return {
    ...rest,
    deal,
    contacts: [...contacts].sort((a, b) => deal.contacts.indexOf(a.address) - deal.contacts.indexOf(b.address)),
    triggers: [...triggers].sort((a, b) => a.seq - b.seq),
    messages: messages.map(({ text: _text, ...summary }) => summary),
  };
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
    const latest = await this.db.workflows.orderBy('version').last();
    return latest ? { version: latest.version, workflow: latest.workflow } : { version: 0, workflow: DEFAULT_WORKFLOW };
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
    const rows = await readDealDetail(this.db, id, DETAIL_MESSAGE_LIMIT);
    if (!rows) throw new DomainError(`unknown deal "${id}"`);
    return detailData(rows);
  }

  /** Which deal a thread belongs to, or would on its next message. */
  async lookupThread(thread: string, participants: string[]): Promise<ThreadLookupData> {
    const read = () =>
      readThread(this.db, thread, {
        likelyDeal: this.threadDeals.get(thread),
        now: this.now(),
        messageLimit: DETAIL_MESSAGE_LIMIT,
      });
    let found = await read();
    if (found.timersDue) {
      // The detail has to show what the sweep fires.
      await this.sweep();
      found = await read();
    }
    const { link, detail } = found;
    if (link?.deal === null) return { kind: 'unlinked-by-rep' };
    if (link && detail) {
      this.threadDeals.remember(thread, detail.deal.id);
      return { kind: 'linked', linkedBy: link.linkedBy, detail: detailData(detail) };
    }
    const context = await this.context();
    const buyers = participants
      .map((raw) => parseMailbox(raw)?.address)
      .filter((address): address is string => !!address && context.sides.isBuyer(address));
    const store = new DexieEngineStore(this.db, () => this.now());
    const candidates = await store.openDealsWithContacts(buyers);
    if (candidates.length === 1) return { kind: 'contact', detail: await this.dealDetail(candidates[0]!) };
    if (candidates.length > 1) {
      return { kind: 'ambiguous', candidates: (await this.db.deals.bulkGet(candidates)).filter((d) => !!d) };
    }
    return { kind: 'none' };
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

  private async snoozedUntil(): Promise<Map<string, Instant>> {
    const rows = await this.db.settings.where('key').startsWith(SNOOZE_PREFIX).toArray();
    return new Map(rows.map((row) => [row.key.slice(SNOOZE_PREFIX.length), Number(row.value)]));
  }

  /** Deals whose title or contacts contain the query, open ones first, most recently active first. */
  async searchDeals(query: string, limit: number): Promise<DealRecord[]> {
    const needle = query.trim().toLowerCase();
    const deals = await this.db.deals
      .filter(
        (deal) =>
          needle === '' ||
          deal.title.toLowerCase().includes(needle) ||
          deal.contacts.some((address) => address.includes(needle)),
      )
      .toArray();
    const recency = (deal: DealRecord) => deal.lastActivityAt ?? deal.createdAt;
    deals.sort((a, b) => Number(b.status === 'open') - Number(a.status === 'open') || recency(b) - recency(a));
    return deals.slice(0, limit);
  }

  /** For thread rows in the inbox: the stage of each linked thread's deal, and whether it is overdue. */
  async threadLabels(threads: string[]): Promise<{ thread: string; deal: string; stage: string; overdue: boolean }[]> {
    const now = this.now();
    const links = (await this.db.threads.bulkGet(threads)).filter((link) => !!link && link.deal !== null);
    const dealIds = [...new Set(links.map((link) => link!.deal!))];
    const deals = new Map((await this.db.deals.bulkGet(dealIds)).filter((d) => !!d).map((d) => [d.id, d]));
    return links.flatMap((link) => {
      const deal = deals.get(link!.deal!);
      if (deal) this.threadDeals.remember(link!.id, deal.id);
      if (!deal || deal.status !== 'open') return [];
      return [
        {
          thread: link!.id,
          deal: deal.id,
          stage: deal.stage,
          overdue: deal.nextDueAt !== null && deal.nextDueAt < now,
        },
      ];
    });
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
    await this.sweep();
    const now = this.now();
    return this.db.transaction('r', this.db.allTables, async () => {
      // A few bulk reads requested together, never one per entry: the queue holds thousands.
      const [open, queueDeals, draftKeys, snoozed] = await Promise.all([
        this.db.triggers.where('[status+dueAt]').between(['open', Dexie.minKey], ['open', Dexie.maxKey]).toArray(),
        // What the queue shows of each deal with an open trigger: small rows, not whole deals.
        this.db.queueDeals.toArray(),
        // Keys only: drafts are kept for old triggers too, and only the queued ones' bodies are needed.
        this.db.drafts.toCollection().primaryKeys(),
        this.snoozedUntil(),
      ]);
      const items = buildQueue(
        open.filter((trigger) => (snoozed.get(trigger.id) ?? 0) <= now),
        now,
      );
      const deals = new Map(queueDeals.map((deal) => [deal.id, deal]));
      const drafted = new Set(draftKeys);
      const unknown = [...new Set(items.map((item) => item.trigger.deal).filter((id) => !deals.has(id)))];
      const [drafts, others] = await Promise.all([
        this.db.drafts.bulkGet(items.map((item) => item.trigger.id).filter((id) => drafted.has(id))),
        // Only if a deal's summary missed an open trigger of it: shown as before, not dropped.
        unknown.length > 0 ? this.db.deals.bulkGet(unknown) : [],
      ]);
      for (const deal of others) if (deal) deals.set(deal.id, deal);
      const draftLines = new Map(drafts.filter((d) => !!d).map((d) => [d.trigger, firstLine(d.draft)]));
      // Deals with no mail yet open a linked thread, if any: rare, so read one by one.
      const withoutMail = [...new Set(items.map((item) => item.trigger.deal))].filter((id) => {
        const deal = deals.get(id);
        return deal !== undefined && !deal.latestThread;
      });
      const linked = new Map(
        await Promise.all(withoutMail.map(async (id) => [id, await this.threadWithoutLatest(id)] as const)),
      );
      return items.flatMap(({ trigger, overdue }) => {
        const deal = deals.get(trigger.deal);
        if (!deal) return [];
        return [
          {
            trigger,
            deal: { id: deal.id, title: deal.title, stage: deal.stage },
            overdue,
            thread: deal.latestThread ?? linked.get(deal.id) ?? null,
            draftLine: draftLines.get(trigger.id) ?? null,
          },
        ];
      });
    });
  }

  /** The thread to open for a deal: the one its latest mail is on, else any linked thread. */
  async threadFor(deal: string): Promise<string | null> {
    return this.db.transaction('r', this.db.deals, this.db.messages, this.db.threads, async () => {
      const record = await this.db.deals.get(deal);
      return record?.latestThread || this.threadWithoutLatest(deal);
    });
  }

  /**
   * For a deal whose row names no latest thread: no mail yet (a linked thread, if any), or restored
   * from a backup made before deals kept their latest thread (its newest message's thread).
   */
  private async threadWithoutLatest(deal: string): Promise<string | null> {
    return this.db.transaction('r', this.db.messages, this.db.threads, async () => {
      const latest = await this.db.messages
        .where('[deal+at]')
        .between([deal, Dexie.minKey], [deal, Dexie.maxKey])
        .last();
      return latest?.thread ?? (await this.db.threads.where('deal').equals(deal).first())?.id ?? null;
    });
  }

  /** Counts for the toolbar badge: open triggers overdue, and due before `endOfToday`. */
  async dueCounts(endOfToday: Instant): Promise<{ overdue: number; dueToday: number }> {
    const now = this.now();
    const open = this.db.triggers.where('[status+dueAt]');
    const [overdue, dueToday] = await Promise.all([
      open.between(['open', Dexie.minKey], ['open', now], false, false).count(),
      open.between(['open', now], ['open', endOfToday], true, true).count(),
    ]);
    return { overdue, dueToday };
  }

  /**
   * What the figures are computed over: deals created and triggers fired in the period (all when no
   * period is given), with those deals' stage changes in time order, as of now or the period's end.
   */
  private async periodData(period: { from?: Instant | undefined; to?: Instant | undefined }) {
    await this.sweep();
    const from = period.from ?? Number.NEGATIVE_INFINITY;
    const to = period.to ?? Number.POSITIVE_INFINITY;
    const asOf = Math.min(this.now(), to);
    const { workflow } = await this.currentWorkflow();
    const whole = period.from === undefined && period.to === undefined;
    return this.db.transaction('r', this.db.allTables, async () => {
      // Requested together: IndexedDB reads one while the page deserializes another.
      const [deals, triggers, allChanges, unlinked] = await Promise.all([
        whole
          ? this.db.deals.toArray()
          : this.db.deals.filter((deal) => deal.createdAt >= from && deal.createdAt < to).toArray(),
        whole ? this.db.triggers.toArray() : this.db.triggers.where('firedAt').between(from, to, true, false).toArray(),
        // In key order, then sorted as the `at` index orders them (time, then id): a plain getAll
        // of the table costs about two thirds of reading it through the index.
        this.db.stageEvents.toArray(),
        this.db.unlinked.orderBy('at').reverse().limit(100).toArray(),
      ]);
      const dealIds = new Set(deals.map((deal) => deal.id));
      const stageChanges = allChanges
        .filter((event) => dealIds.has(event.deal))
        .sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      return { workflow, deals, triggers, stageChanges, unlinked, asOf };
    });
  }

  /** The engine's metrics (what `replay` prints), for a period or all time. */
  async metrics(period: {
    from?: Instant | undefined;
    to?: Instant | undefined;
  }): Promise<Metrics & { asOf: Instant }> {
    const { workflow, deals, triggers, stageChanges, asOf } = await this.periodData(period);
    return { asOf, ...computeMetrics({ workflow, deals, stageChanges, triggers, asOf }) };
  }

  /** Everything the dashboard shows, over the same data as `metrics`. */
  async dashboard(period: { from?: Instant | undefined; to?: Instant | undefined }): Promise<{
    dashboard: Dashboard;
    unlinked: UnlinkedRecord[];
  }> {
    const { workflow, deals, triggers, stageChanges, unlinked, asOf } = await this.periodData(period);
    return { dashboard: computeDashboard({ workflow, deals, stageChanges, triggers, asOf }), unlinked };
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
    const counts: Record<string, number> = {};
    for (const deal of await this.db.deals.where('status').equals('open').toArray())
      counts[deal.stage] = (counts[deal.stage] ?? 0) + 1;
    return counts;
  }

  /** Every stage name any saved version used, newest first wins: how history names its stages. */
  async stageNames(): Promise<Record<string, string>> {
    // Version 0 is the built-in playbook every account starts on.
    const names: Record<string, string> = Object.fromEntries(
      DEFAULT_WORKFLOW.stages.map((stage) => [stage.id, stage.name]),
    );
    for (const { workflow } of await this.db.workflows.orderBy('version').toArray()) {
      for (const stage of workflow.stages) names[stage.id] = stage.name;
    }
    for (const stage of (await this.currentWorkflow()).workflow.stages) names[stage.id] = stage.name;
    return names;
  }
}

/** The draft's first line after the greeting: what a queue row can show of it. */
function firstLine(draft: Draft | undefined): string | null {
  if (!draft || draft.body === '') return null;
  const lines = draft.body.split('\n').filter((line) => line.trim() !== '');
  return (lines.length > 1 && /,$/.test(lines[0]!) ? lines[1] : lines[0]) ?? null;
}

/** The latest form of each trigger, in first-seen order. */
function dedupeLatest(triggers: Trigger[]): Trigger[] {
  const byId = new Map<string, Trigger>();
  for (const trigger of triggers) byId.set(trigger.id, trigger);
  return [...byId.values()];
}
