import { TZDate } from '@date-fns/tz';
import { endOfDay } from 'date-fns';
import type { Instant, Trigger } from '@/lib/domain/engine/types';
import { DomainError } from '@/lib/domain/errors';
import type { RequestType } from '@/lib/messaging/protocol';
import type { AccountSettings } from '@/lib/domain/settings';
import { isQuotaExceeded, type Handlers, type Sender } from '@/lib/messaging/server';
import { backupContents, exportBackup, parseBackup } from '@/lib/store/backup';
import { BACKUP_TABLES } from '@/lib/store/record-schemas';
import type { EmberDatabase } from '@/lib/store/database';
import { SAMPLE_PREFIX } from '@/lib/domain/sample/sample-scenario';
import { ACTION_TEXT } from '@/lib/domain/wording';
import { gmailThreadUrl } from '@/lib/gmail/urls';
import { AccountService } from './account-service';
import { AutoBackup, LAST_BACKUP_SETTING, NO_BACKUP_FILES, type AutoBackupDeps } from './auto-backup';
import { mergeBackup } from './deal-record/merge-backup';
import { DraftService } from './draft-service';
import { GoogleSync, NO_GOOGLE, type GoogleAccountData, type GoogleSyncDeps } from './google/google-sync';
import {
  deleteSyncState,
  readPendingBackfill,
  readSyncState,
  updatePendingBackfill,
  writeSyncState,
} from './google/sync-state';
import { DraftProviderError, type DraftProvider } from '@/lib/domain/drafting/write-draft';
import { createOpenAiProvider, type ConnectionCheck, type OpenAiProviderOptions } from '@/lib/llm/openai-provider';
import type {
  AccountRegistry,
  Badge,
  ChangeBroadcast,
  Clock,
  GmailTabs,
  DraftingSettingsRepository,
  Notifier,
  OriginPermissions,
  SecretStore,
  SettingsRepository,
} from './ports';

export interface BackgroundDeps {
  /** The drafting provider for these settings (the OpenAI-compatible client in production). */
  createProvider?: (options: OpenAiProviderOptions) => DraftProvider & { check(): Promise<ConnectionCheck> };
  openDatabase(account: string): EmberDatabase;
  deleteDatabase(account: string): Promise<void>;
  accounts: AccountRegistry;
  settings: SettingsRepository;
  drafting: DraftingSettingsRepository;
  secrets: SecretStore;
  /** Absent in tests that reach a local stub: every origin is then allowed. */
  permissions?: OriginPermissions;
  notifier: Notifier;
  badge: Badge;
  broadcast?: ChangeBroadcast;
  gmailTabs?: GmailTabs;
  /** The weekly backup's file writing (the downloads API and the offscreen page); absent: it cannot be turned on. */
  backupFiles?: Pick<AutoBackupDeps, 'downloads' | 'writer' | 'origin'>;
  /** Gmail and Calendar through Google's APIs, when the build can connect them (issue 16). */
  google?: Pick<GoogleSyncDeps, 'available' | 'connections' | 'auth' | 'api' | 'log'>;
  clock: Clock;
  newId: () => string;
}

/** A trigger due this soon after it fires is worth interrupting the rep for. */
const NOTIFY_WITHIN = 60 * 60_000;
/** Requests that change an account's data: applied one at a time per account, in arrival order. */
const ORDERED_WRITES = [
  'createDeal',
  'linkThread',
  'unlinkThread',
  'ingestMessages',
  'recordSend',
  'advanceStage',
  'closeDeal',
  'recordMeeting',
  'dismissTrigger',
  'snoozeTrigger',
  'unsnoozeTrigger',
  'setContactRole',
  'setChecklistItem',
  'saveWorkflow',
  'loadSampleData',
  'removeSampleData',
  'importData',
  'commitImport',
  'deleteAllData',
] as const satisfies readonly RequestType[];

/** A trigger that fired longer ago than this is history, not news: no notification. */
const STALE_AFTER = 24 * 3_600_000;
/** Provider calls at once for pre-drafting: enough to keep up, few enough not to hit rate limits. */
const PREDRAFT_CONCURRENCY = 2;

/**
 * The background's services: one AccountService per Gmail account, the request handlers, the
 * periodic sweep, the badge and notifications. Browser APIs arrive as ports.
 */
export class EmberBackground {
  private readonly services = new Map<string, AccountService>();
  private readonly drafters = new Map<string, DraftService>();
  private readonly lanes = new Map<string, Promise<unknown>>();
  /** Pre-drafts waiting for the provider; at most PREDRAFT_CONCURRENCY run at once. */
  private readonly predraftQueue: (() => Promise<unknown>)[] = [];
  private predraftsRunning = 0;
  /** The last sweep failure told to the rep, by account: told once, not every minute. */
  private readonly sweepFailures = new Map<string, string>();
  /** Imports sent in parts, until their commit: in memory only, so a restarted worker has none. */
  private readonly imports = new Map<
    string,
    { account: string; header: Record<string, unknown>; tables: Map<string, unknown[]> }
  >();
  /** The background's own view of Gmail and Calendar; without a client id it connects nothing. */
  readonly google: GoogleSync;
  /** The weekly backup to Downloads, off until the rep turns it on. */
  private readonly autoBackup: AutoBackup;

  constructor(private readonly deps: BackgroundDeps) {
    this.google = new GoogleSync({
      ...(deps.google ?? NO_GOOGLE),
      account: (account) => this.googleData(account),
      now: () => deps.clock(),
      changed: (account) => deps.broadcast?.changed(account),
    });
    this.autoBackup = new AutoBackup({
      ...(deps.backupFiles ?? NO_BACKUP_FILES),
      settingsOf: async (account) => this.service(account).database.settings,
      notifier: deps.notifier,
      now: () => deps.clock(),
    });
  }

  /** Starts the weekly backup of an account that is due, if any (from the minute alarm). */
  async runDueBackups(): Promise<void> {
    await this.autoBackup.runDue((await this.deps.accounts.list()).map(({ account }) => account));
  }

  /**
   * An account's data as the Google sync writes it: through the same ordered lane as every write.
   * The account is marked seen once, when it connects, not on every read of its sync state.
   */
  private googleData(account: string): GoogleAccountData {
    const service = async () => this.service(account);
    return {
      readState: async () => readSyncState((await service()).database),
      writeState: async (state) => writeSyncState((await service()).database, state),
      deleteState: async () => deleteSyncState((await service()).database),
      ingest: async (messages) => {
        const current = await service();
        await this.inLane(account, () => current.ingestMessages(messages));
      },
      applyCalendar: async (changes, options) => {
        const current = await service();
        await this.inLane(account, () => current.applyCalendar(changes, options));
      },
      contacts: async () => (await service()).contactAddresses(),
      pendingBackfill: async () => readPendingBackfill((await service()).database),
      updatePendingBackfill: async (change) => updatePendingBackfill((await service()).database, change),
    };
  }

  service(account: string): AccountService {
    let service = this.services.get(account);
    if (!service) {
      service = new AccountService(account, {
        db: this.deps.openDatabase(account),
        settings: () => this.deps.settings.get(account),
        clock: this.deps.clock,
        newId: this.deps.newId,
        onTriggersFired: (triggers) => void this.announce(account, triggers).catch(() => {}),
        onChanged: () => this.deps.broadcast?.changed(account),
      });
      this.services.set(account, service);
    }
    return service;
  }

  private async provider(): Promise<(DraftProvider & { check(): Promise<ConnectionCheck> }) | null> {
    const settings = await this.deps.drafting.get();
    if (!settings.enabled) return null;
    const origin = new URL(settings.baseUrl).origin;
    // Checked before every call: a permission the rep withdrew in Chrome's settings holds at once.
    if (this.deps.permissions && !(await this.deps.permissions.contains(origin))) {
      const message = `Ember may not reach ${origin}: save the drafting settings in Ember's options and allow it`;
      return {
        complete: () => Promise.reject(new DraftProviderError(message)),
        check: async () => ({ ok: false, message }),
      };
    }
    const create = this.deps.createProvider ?? createOpenAiProvider;
    return create({ baseUrl: settings.baseUrl, apiKey: await this.apiKeyFor(origin), model: settings.model });
  }

  /** The key, only for the origin it was given for. */
  private async apiKeyFor(origin: string): Promise<string | null> {
    const stored = await this.deps.secrets.getApiKey();
    return stored?.origin === origin ? stored.key : null;
  }

  private async draftingView() {
    const settings = await this.deps.drafting.get();
    const refused = (await this.deps.drafting.refusedBaseUrl?.()) ?? null;
    return {
      ...settings,
      hasApiKey: (await this.apiKeyFor(new URL(settings.baseUrl).origin)) !== null,
      notice:
        refused === null
          ? null
          : `Drafting was set to ${refused}: plain http to another machine, where your key and the deal's mail would travel unencrypted. Ember no longer uses it, so drafting is off until you set an https address (or one on this machine).`,
    };
  }

  drafts(account: string): DraftService {
    let drafter = this.drafters.get(account);
    if (!drafter) {
      const service = this.service(account);
      drafter = new DraftService({
        account,
        db: service.database,
        settings: () => this.deps.settings.get(account),
        workflow: async () => (await service.currentWorkflow()).workflow,
        drafting: () => this.deps.drafting.get(),
        provider: () => this.provider(),
        busy: (from, to) => this.google.busy(account, from, to),
        clock: this.deps.clock,
      });
      this.drafters.set(account, drafter);
    }
    return drafter;
  }

  /** Checks a whole backup, then merges it in one transaction; a refusal changes nothing. */
  private async importBackup(account: string, backup: unknown): Promise<{ imported: Record<string, number> }> {
    const { deps } = this;
    const parsed = parseBackup(backup);
    if (parsed.account !== account) {
      throw new DomainError(`this backup is of ${parsed.account}, not of ${account}`);
    }
    const service = await this.forAccount(account);
    const contents = backupContents(parsed);
    // Into an empty store the file's settings come first, so its deals are rebuilt with the working
    // hours and addresses they had; over data of its own the store's settings are the newer word.
    const { database } = service;
    const empty = (await database.inputs.count()) === 0 && (await database.deals.count()) === 0;
    // Checked before anything is written: a refusal of storage.sync's after the rows would leave half an import.
    if (empty) checkSyncedSize(account, parsed.settings);
    const previous = await deps.settings.get(account);
    if (empty) await deps.settings.save(account, parsed.settings);
    try {
      const imported = await service.importInputs((db, context, now) => mergeBackup(db, context, contents, now));
      await this.refreshBadge();
      return { imported: { ...imported } };
    } catch (error) {
      if (!empty) throw error;
      // No row was written; the settings were. Putting them back can fail too: then say so, not "nothing".
      try {
        await deps.settings.save(account, previous);
      } catch (restore) {
        throw new DomainError(
          `nothing of the backup was imported (${messageOf(error)}), but its settings stayed in place of yours: putting yours back failed (${messageOf(restore)}). Check them in the settings above.`,
        );
      }
      throw error;
    }
  }

  /** An import under way, of this account; after a worker restart there is none. */
  private stagedImport(account: string, importId: string) {
    const staged = this.imports.get(importId);
    if (!staged || staged.account !== account) {
      throw new DomainError(
        'this import is no longer under way (Ember restarted): nothing was imported; import the file again',
      );
    }
    return staged;
  }

  /** Drafts freshly fired triggers now, so the sidebar and queue open on a ready draft. */
  private predraft(account: string, triggers: Trigger[]): void {
    for (const trigger of triggers) {
      this.predraftQueue.push(() => this.drafts(account).draft(trigger.id));
    }
    this.pumpPredrafts();
  }

  private pumpPredrafts(): void {
    while (this.predraftsRunning < PREDRAFT_CONCURRENCY && this.predraftQueue.length > 0) {
      const job = this.predraftQueue.shift()!;
      this.predraftsRunning += 1;
      void job()
        .catch(() => {})
        .finally(() => {
          this.predraftsRunning -= 1;
          this.pumpPredrafts();
        });
    }
  }

  /** Resolves when every queued pre-draft has finished (for tests and shutdown). */
  async predraftsSettled(): Promise<void> {
    while (this.predraftsRunning > 0 || this.predraftQueue.length > 0)
      await new Promise((resolve) => setTimeout(resolve, 10));
  }

  /** Every request that names an account marks it as seen, so the sweep and pages know it. */
  private async forAccount(account: string): Promise<AccountService> {
    await this.deps.accounts.touch(account, this.deps.clock());
    return this.service(account);
  }

  /**
   * Fires what is due on every account, then brings the badge up to date. An account whose sweep
   * fails (its storage full, most often) does not stop the others, and the rep is told, once per
   * distinct failure: the alarm has no page to show an error on.
   */
  async sweepAll(): Promise<void> {
    for (const { account } of await this.deps.accounts.list()) {
      try {
        await this.service(account).sweep();
        this.sweepFailures.delete(account);
      } catch (error) {
        const message = isQuotaExceeded(error)
          ? 'The browser has no room left for Ember: due triggers could not be saved. Export a backup and delete old data, or free disk space.'
          : `Ember could not check what is due: ${error instanceof Error ? error.message : String(error)}`;
        if (this.sweepFailures.get(account) === message) continue;
        this.sweepFailures.set(account, message);
        await this.deps.notifier
          .notify({ id: `${account}|sweep-failed`, title: `Ember (${account})`, message, url: 'options.html' })
          .catch(() => {});
      }
    }
    await this.refreshBadge();
  }

  async refreshBadge(): Promise<void> {
    let overdue = 0;
    let dueToday = 0;
    const now = this.deps.clock();
    for (const { account } of await this.deps.accounts.list()) {
      const { timeZone } = await this.deps.settings.get(account);
      const counts = await this.service(account).dueCounts(endOfDay(new TZDate(now, timeZone)).getTime());
      overdue += counts.overdue;
      dueToday += counts.dueToday;
    }
    await this.deps.badge.show(
      overdue > 0
        ? { kind: 'overdue', count: overdue }
        : dueToday > 0
          ? { kind: 'due-today', count: dueToday }
          : { kind: 'clear' },
    );
  }

  private async announce(account: string, triggers: Trigger[]): Promise<void> {
    const now = this.deps.clock();
    if ((await this.deps.drafting.get()).enabled) this.predraft(account, triggers);
    const { notifications } = await this.deps.settings.get(account);
    if (notifications) {
      // News only: not sample deals, and not what a backfill finds fired long ago.
      const news = triggers.filter(
        (t) => t.dueAt - now <= NOTIFY_WITHIN && now - t.firedAt <= STALE_AFTER && !t.deal.startsWith(SAMPLE_PREFIX),
      );
      for (const trigger of news) {
        // The deal may be gone by now (sample data removed, data deleted): then there is nothing to say.
        const service = this.service(account);
        const deal = await service.database.deals.get(trigger.deal);
        if (!deal) continue;
        await this.deps.notifier.notify({
          id: `${account}|${trigger.id}`,
          title: `${ACTION_TEXT[trigger.action]}: ${deal.title}`,
          message: dueText(trigger.dueAt, now),
          url: gmailThreadUrl(account, await service.threadFor(deal.id)),
        });
      }
    }
    await this.refreshBadge();
  }

  /**
   * Runs an account's writes one at a time, in the order they arrived. Writes first read settings
   * outside their transaction, so without this two requests could reach the store in swapped order,
   * and the engine would see mail out of order.
   */
  private inLane<T>(account: string, work: () => Promise<T>): Promise<T> {
    const run = (this.lanes.get(account) ?? Promise.resolve()).then(work, work);
    this.lanes.set(
      account,
      run.catch(() => {}),
    );
    return run;
  }

  handlers(): Handlers {
    const handlers = this.unorderedHandlers();
    const ordered = { ...handlers } as Record<string, unknown>;
    for (const type of ORDERED_WRITES) {
      const handler = handlers[type] as (data: { account: string }, sender: Sender) => Promise<unknown>;
      ordered[type] = (data: { account: string }, sender: Sender) =>
        this.inLane(data.account, () => handler(data, sender));
    }
    return ordered as Handlers;
  }

  private unorderedHandlers(): Handlers {
    const { deps } = this;
    return {
      listAccounts: async () => (await deps.accounts.list()).sort((a, b) => b.lastSeenAt - a.lastSeenAt),
      getDealForThread: async ({ account, thread, participants }) =>
        (await this.forAccount(account)).lookupThread(thread, participants),
      getDeal: async ({ account, deal }) => (await this.forAccount(account)).dealDetail(deal),
      createDeal: async ({ account, ...input }) => {
        const detail = await (await this.forAccount(account)).createDeal(input);
        // Its history, from Google when connected: noted now, fetched after the answer.
        await this.google.dealTracked(account, detail.deal.contacts);
        return detail;
      },
      linkThread: async ({ account, thread, deal }) => (await this.forAccount(account)).linkThread(thread, deal),
      searchDeals: async ({ account, query, limit }) => (await this.forAccount(account)).searchDeals(query, limit),
      getThreadLabels: async ({ account, threads }) => (await this.forAccount(account)).threadLabels(threads),
      setContactRole: async ({ account, deal, address, role }) =>
        (await this.forAccount(account)).setContactRole(deal, address, role),
      setChecklistItem: async ({ account, deal, stage, item, done }) =>
        (await this.forAccount(account)).setChecklistItem(deal, stage, item, done),
      unlinkThread: async ({ account, thread }) => {
        await (await this.forAccount(account)).unlinkThread(thread);
        return { ok: true as const };
      },
      ingestMessages: async ({ account, messages }) => {
        const service = await this.forAccount(account);
        // While Google's API feeds this account, its copies are the complete ones: a tab's never replaces them.
        const partial = await this.google.isConnected(account);
        return service.ingestMessages(partial ? messages.map((message) => ({ ...message, partial: true })) : messages);
      },
      listSetAside: async ({ account, thread }) => (await this.forAccount(account)).setAsideMessages(thread),
      recordSend: async ({ account, message }) => {
        const service = await this.forAccount(account);
        const partial = await this.google.isConnected(account);
        return service.recordSend(partial ? { ...message, partial: true } : message);
      },
      advanceStage: async ({ account, deal, to, evidence }) =>
        (await this.forAccount(account)).advanceStage(deal, to, evidence),
      closeDeal: async ({ account, deal, outcome }) => (await this.forAccount(account)).closeDeal(deal, outcome),
      recordMeeting: async ({ account, deal, start, end, title }) => {
        if (end < start) throw new DomainError('a meeting cannot end before it starts');
        return (await this.forAccount(account)).recordMeeting(deal, { start, end, title });
      },
      dismissTrigger: async ({ account, deal, kind, stakeholder }) =>
        (await this.forAccount(account)).dismissTrigger(deal, kind, stakeholder),
      getQueue: async ({ account }) => (await this.forAccount(account)).queue(),
      snoozeTrigger: async ({ account, trigger, until }) => {
        await (await this.forAccount(account)).snooze(trigger, until);
        return { ok: true as const };
      },
      getSnoozed: async ({ account }) => (await this.forAccount(account)).snoozed(),
      unsnoozeTrigger: async ({ account, trigger }) => {
        await (await this.forAccount(account)).unsnooze(trigger);
        return { ok: true as const };
      },
      loadSampleData: async ({ account }) => {
        await (await this.forAccount(account)).loadSample();
        await this.refreshBadge();
        return { ok: true as const };
      },
      removeSampleData: async ({ account }) => {
        const removed = await (await this.forAccount(account)).removeSample();
        await this.refreshBadge();
        return { removed };
      },
      getDashboard: async ({ account, from, to }) => (await this.forAccount(account)).dashboard({ from, to }),
      getMetrics: async ({ account, from, to }) => (await this.forAccount(account)).metrics({ from, to }),
      getWorkflow: async ({ account }) => {
        const service = await this.forAccount(account);
        const [current, stageNames, openDeals] = await Promise.all([
          service.currentWorkflow(),
          service.stageNames(),
          service.openDealsByStage(),
        ]);
        return { ...current, stageNames, openDeals };
      },
      saveWorkflow: async ({ account, workflow, moves }) =>
        (await this.forAccount(account)).saveWorkflow(workflow, moves),
      getSettings: async ({ account }) => deps.settings.get(account),
      saveSettings: async ({ account, settings }) => {
        checkSyncedSize(account, settings);
        await deps.settings.save(account, settings);
        return deps.settings.get(account);
      },
      getDraftingSettings: async () => this.draftingView(),
      saveDraftingSettings: async ({ settings, apiKey }) => {
        const origin = new URL(settings.baseUrl).origin;
        const previous = new URL((await deps.drafting.get()).baseUrl).origin;
        await deps.drafting.save(settings);
        // The key belongs to the origin it was given for: a new base URL without a new key has none.
        if (apiKey !== undefined) {
          await deps.secrets.setApiKey(apiKey.trim() === '' ? null : { key: apiKey.trim(), origin });
        } else if (origin !== previous) {
          await deps.secrets.setApiKey(null);
        }
        return this.draftingView();
      },
      getDraft: async ({ account, trigger, reason, regenerate }) => {
        await this.forAccount(account);
        return this.drafts(account).draft(trigger, { reason: reason ?? null, regenerate });
      },
      sendDraftToGmail: async ({ account, trigger }) => {
        const service = await this.forAccount(account);
        const draft = await this.drafts(account).draft(trigger);
        const deal = (await service.database.triggers.get(trigger))?.deal;
        const thread = deal === undefined ? null : await service.threadFor(deal);
        if (thread === null) throw new DomainError('this deal has no Gmail thread to put the draft in');
        const delivered = await (deps.gmailTabs?.deliverDraft({
          account,
          thread,
          kind: draft.kind,
          to: draft.to,
          cc: draft.cc,
          subject: draft.subject,
          body: draft.body,
        }) ?? Promise.resolve(0));
        return { thread, delivered };
      },
      loadGmailUi: async (_data, sender) => {
        const tab = sender.tab?.id;
        const url = sender.url ?? sender.tab?.url ?? '';
        if (tab === undefined || !url.startsWith('https://mail.google.com/')) {
          throw new DomainError('only Ember in a Gmail tab loads the Gmail UI');
        }
        if (!deps.gmailTabs) throw new Error('this background has no Gmail tabs to load the UI into');
        await deps.gmailTabs.loadUi({ tab, frame: sender.frameId ?? 0 });
        return { ok: true as const };
      },
      getVoice: async ({ account }) => {
        await this.forAccount(account);
        const drafts = this.drafts(account);
        return { profile: await drafts.voice(), override: await drafts.voiceOverride() };
      },
      saveVoiceOverride: async ({ account, override }) => {
        await this.forAccount(account);
        const drafts = this.drafts(account);
        await drafts.saveVoiceOverride(override);
        return { profile: await drafts.voice(), override: await drafts.voiceOverride() };
      },
      testDraftingProvider: async () => {
        const provider = await this.provider();
        if (!provider) return { ok: false, message: 'Drafting with a provider is off: turn it on and save first.' };
        return provider.check();
      },
      exportData: async ({ account }) => {
        const service = await this.forAccount(account);
        const backup = await exportBackup(service.database, account, await deps.settings.get(account), deps.clock());
        // Not a backed-up setting (lib/store/record-schemas.ts): an imported file never says when this browser backed up.
        await service.database.settings.put({ key: LAST_BACKUP_SETTING, value: backup.exportedAt });
        return backup;
      },
      recordBackup: async ({ account, exportedAt }) => {
        await (await this.forAccount(account)).database.settings.put({ key: LAST_BACKUP_SETTING, value: exportedAt });
        return { ok: true as const };
      },
      getAutoBackup: async ({ account }) => {
        await this.forAccount(account);
        return this.autoBackup.status(account);
      },
      setAutoBackup: async ({ account, enabled }) => {
        await this.forAccount(account);
        await this.autoBackup.setEnabled(account, enabled);
        // The first file is written now when none was made this week: the rep sees it arrive.
        if (enabled) await this.autoBackup.runDue([account]);
        return this.autoBackup.status(account);
      },
      saveAutoBackup: async ({ account, url, exportedAt }) => {
        await this.autoBackup.save(account, url, exportedAt);
        deps.broadcast?.changed(account);
        return { ok: true as const };
      },
      failAutoBackup: async ({ account, reason }) => {
        await this.autoBackup.fail(account, reason);
        deps.broadcast?.changed(account);
        return { ok: true as const };
      },
      getBackupStatus: async ({ account }) => {
        await this.forAccount(account);
        return { lastBackupAt: (await this.autoBackup.status(account)).lastBackupAt };
      },
      importData: async ({ account, backup }) => this.importBackup(account, backup),
      beginImport: async ({ account, header }) => {
        const importId = deps.newId();
        this.imports.set(importId, { account, header, tables: new Map() });
        return { importId };
      },
      addImportPart: async ({ account, importId, table, rows }) => {
        const staged = this.stagedImport(account, importId);
        if (!(BACKUP_TABLES as readonly string[]).includes(table)) {
          throw new DomainError(`a backup has no table "${table}": nothing was imported`);
        }
        const held = staged.tables.get(table) ?? [];
        for (const row of rows) held.push(row);
        staged.tables.set(table, held);
        return { ok: true as const };
      },
      commitImport: async ({ account, importId }) => {
        const staged = this.stagedImport(account, importId);
        this.imports.delete(importId);
        return this.importBackup(account, { ...staged.header, tables: Object.fromEntries(staged.tables) });
      },
      getGoogleStatus: async ({ account }) => this.google.status(account ?? null),
      connectGoogle: async (_data, sender) => {
        onlyExtensionPages(sender, 'connects Google');
        const connection = await this.google.connect();
        await deps.accounts.touch(connection.account, deps.clock());
        return this.google.status(connection.account);
      },
      disconnectGoogle: async ({ account }, sender) => {
        onlyExtensionPages(sender, 'disconnects Google');
        await this.google.disconnect(account);
        return { ok: true as const };
      },
      syncGoogle: async ({ account }, sender) => {
        onlyExtensionPages(sender, 'syncs Google');
        await this.google.sync(account);
        return this.google.status(account);
      },
      deleteAllData: async ({ account }) => {
        await this.google.disconnect(account);
        this.services.get(account)?.database.close();
        this.services.delete(account);
        this.drafters.delete(account);
        await deps.deleteDatabase(account);
        await deps.settings.remove(account);
        await deps.accounts.remove(account);
        await this.refreshBadge();
        return { ok: true as const };
      },
    };
  }
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** chrome.storage.sync's limit on one item (QUOTA_BYTES_PER_ITEM), its key included. */
export const SYNC_ITEM_BYTES = 8_192;

/** Refuses, with the size, settings storage.sync would refuse: before anything is written. */
function checkSyncedSize(account: string, settings: AccountSettings): void {
  const bytes = new TextEncoder().encode(`settings:${account}${JSON.stringify(settings)}`).length;
  if (bytes > SYNC_ITEM_BYTES) {
    throw new DomainError(
      `these settings take ${bytes.toLocaleString('en-US')} bytes, and Chrome syncs at most ${SYNC_ITEM_BYTES.toLocaleString('en-US')} an item: fewer addresses or domains will fit`,
    );
  }
}

/** Google's access is the rep's to give from Ember's own pages, never from a Gmail tab. */
function onlyExtensionPages(sender: Sender, what: string): void {
  const url = sender.url ?? sender.tab?.url ?? '';
  if (!url.startsWith('chrome-extension://')) throw new DomainError(`only Ember's own pages ${what}`);
}

function dueText(dueAt: Instant, now: Instant): string {
  const minutes = Math.round((dueAt - now) / 60_000);
  if (minutes < 0) return `Overdue by ${formatMinutes(-minutes)}`;
  return minutes === 0 ? 'Due now' : `Due in ${formatMinutes(minutes)}`;
}

function formatMinutes(minutes: number): string {
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h`;
  return `${Math.floor(hours / 24)} days`;
}
