import { DomainError } from '@/lib/domain/errors';
import type { MessageInput } from '@/lib/messaging/protocol';
import type { CalendarChange } from '../deal-record/calendar-meetings';
import { calendarCalls } from './calendar-calls';
import { CalendarSync } from './calendar-sync';
import { gmailCalls } from './gmail-calls';
import { GoogleApiError, ReconnectNeededError, type GoogleApi, type TokenSource } from './google-api';
import { MailSync } from './mail-sync';
import { FIRST_SYNC_STATE, type GoogleSyncState } from './sync-state';

/**
 * The background's own view of the rep's mail and calendar (issue 16), per connected account:
 *
 * - connecting asks Google for read-only access, notes where the mailbox's history stands, then
 *   backfills every tracked deal's mail and reads the calendar;
 * - `syncAll` (every minute, on the sweep's alarm) keeps each account up: new mail through the
 *   history, calendar changes through the sync token;
 * - tracking a deal backfills that deal's mail and rereads the calendar for its meetings.
 *
 * Mail goes through the same ingest path as a Gmail tab's; an account's work runs one job at a time.
 * A failure is kept, in words, for the options page and the side panel; it never reaches the tab or
 * the feed, which keep working without Google.
 */

export interface GoogleConnection {
  /** The Google account's address: the Ember account its mail and meetings go to. */
  account: string;
  connectedAt: number;
  /** How its tokens are got: Chrome's account (getAuthToken), or the web sign-in (other browsers). */
  via: 'identity' | 'web-auth';
}

/** The connected accounts: extension-local storage, never synced, never readable by a content script. */
export interface GoogleConnectionStore {
  list(): Promise<GoogleConnection[]>;
  put(connection: GoogleConnection): Promise<void>;
  remove(account: string): Promise<void>;
}

export interface GoogleAuth {
  /** Asks the rep for access (Google's consent screen). */
  connect(): Promise<{ via: GoogleConnection['via']; tokens: TokenSource }>;
  tokens(connection: Pick<GoogleConnection, 'account' | 'via'>): TokenSource;
  /** Revokes the access at Google and forgets the token here. */
  revoke(connection: GoogleConnection): Promise<void>;
}

/** What the sync needs of one Ember account: its sync state and the deal record's two inputs. */
export interface GoogleAccountData {
  readState(): Promise<GoogleSyncState>;
  writeState(state: GoogleSyncState): Promise<void>;
  deleteState(): Promise<void>;
  ingest(messages: MessageInput[]): Promise<void>;
  applyCalendar(changes: CalendarChange[], options: { full: boolean; connectedAt: number }): Promise<void>;
  /** Every deal's contacts: whose mail a first backfill reads. */
  contacts(): Promise<string[]>;
  /** Contacts whose mail is still to backfill: kept across worker restarts. */
  pendingBackfill(): Promise<string[]>;
  updatePendingBackfill(change: { add?: readonly string[]; done?: readonly string[] }): Promise<void>;
}

export interface GoogleSyncDeps {
  /** Whether this build can connect Google at all (an OAuth client id was configured). */
  available(): boolean;
  connections: GoogleConnectionStore;
  auth: GoogleAuth;
  api(tokens: TokenSource): GoogleApi;
  account(account: string): GoogleAccountData;
  now(): number;
  /** The account's sync status changed: pages showing it refresh. */
  changed(account: string): void;
  log?(message: string): void;
}

export interface GoogleStatus {
  available: boolean;
  connection: GoogleConnection | null;
  lastSyncAt: number | null;
  lastError: string | null;
  reconnect: boolean;
  /** A backfill under way: messages ingested of those found. */
  backfill: { done: number; total: number } | null;
  /** Messages found but not yet ingested. */
  backlog: number;
  /** Messages and events skipped since the worker started, newest last, with why. */
  skipped: { id: string; reason: string }[];
}

/** A build without a Google client: nothing to connect, and so nothing ever called. */
export const NO_GOOGLE: Pick<GoogleSyncDeps, 'available' | 'connections' | 'auth' | 'api'> = {
  available: () => false,
  connections: { list: async () => [], put: async () => {}, remove: async () => {} },
  auth: {
    connect: () => Promise.reject(new DomainError('Google is not set up in this build')),
    tokens: () => ({ get: () => Promise.reject(new DomainError('no Google connection')), drop: async () => {} }),
    revoke: async () => {},
  },
  api: () => {
    throw new DomainError('no Google connection');
  },
};

/** Skipped items kept for the status: enough to see a pattern, bounded so a bad mailbox costs nothing. */
const SKIPPED_KEPT = 20;

/** A failure in words the rep can act on; `reconnect` when only connecting again helps. */
export function describeSyncError(error: unknown): { message: string; reconnect: boolean } {
  if (error instanceof ReconnectNeededError || error instanceof TokenUnavailableError) {
    return { message: error.message, reconnect: true };
  }
  if (error instanceof GoogleApiError) {
    return { message: `Google refused a request (${error.status}): ${error.message}`, reconnect: false };
  }
  if (error instanceof TypeError) {
    return { message: 'Google could not be reached (offline?). Ember tries again every minute.', reconnect: false };
  }
  return { message: error instanceof Error ? error.message : String(error), reconnect: false };
}

/** No token could be had without the rep: signed out of Chrome, or access withdrawn at Google. */
export class TokenUnavailableError extends Error {
  constructor(detail: string) {
    super(`Google gives Ember no access now (${detail}): reconnect Google in Ember’s options.`);
    this.name = 'TokenUnavailableError';
  }
}

interface Progress {
  done: number;
  total: number;
}

export class GoogleSync {
  private readonly lanes = new Map<string, Promise<unknown>>();
  /** Jobs asked and not yet finished, by account. */
  private readonly pending = new Map<string, number>();
  private readonly backfills = new Map<string, Progress>();
  private readonly skippedItems = new Map<string, { id: string; reason: string }[]>();
  /** Accounts connected, as last read: what marks a Gmail tab's copies partial without a read. */
  private connected: Promise<Map<string, GoogleConnection>> | null = null;

  constructor(private readonly deps: GoogleSyncDeps) {}

  private connections(): Promise<Map<string, GoogleConnection>> {
    this.connected ??= this.deps.connections
      .list()
      .then((list) => new Map(list.map((connection) => [connection.account, connection])));
    return this.connected;
  }

  async connection(account: string): Promise<GoogleConnection | null> {
    return (await this.connections()).get(account) ?? null;
  }

  async isConnected(account: string): Promise<boolean> {
    return (await this.connection(account)) !== null;
  }

  /** Runs an account's sync jobs one at a time, in the order asked. */
  private inLane<T>(account: string, work: () => Promise<T>): Promise<T> {
    this.pending.set(account, (this.pending.get(account) ?? 0) + 1);
    const counted = () => work().finally(() => this.pending.set(account, (this.pending.get(account) ?? 1) - 1));
    const run = (this.lanes.get(account) ?? Promise.resolve()).then(counted, counted);
    this.lanes.set(
      account,
      run.catch(() => {}),
    );
    return run;
  }

  /** Resolves once every job asked so far has finished (tests, and the e2e "sync now"). */
  async settled(account: string): Promise<void> {
    for (let lane = this.lanes.get(account); lane;) {
      await lane;
      const next = this.lanes.get(account);
      if (next === lane) break;
      lane = next;
    }
  }

  /** `null`: no account yet, only whether Google can be connected. */
  async status(account: string | null): Promise<GoogleStatus> {
    const connection = account === null ? null : await this.connection(account);
    const state = connection ? await this.deps.account(connection.account).readState() : FIRST_SYNC_STATE;
    const backfill = (account !== null && this.backfills.get(account)) || null;
    return {
      available: this.deps.available(),
      connection,
      lastSyncAt: state.lastSyncAt,
      lastError: state.lastError,
      reconnect: state.reconnect,
      backfill: backfill ? { ...backfill } : null,
      backlog: backfill ? backfill.total - backfill.done : 0,
      skipped: account === null ? [] : [...(this.skippedItems.get(account) ?? [])],
    };
  }

  /**
   * Asks the rep for access, and starts the first sync without waiting for it: the answer is the
   * account connected, at once; the backfill's progress shows in the status.
   */
  async connect(): Promise<GoogleConnection> {
    if (!this.deps.available()) {
      throw new DomainError('this build of Ember has no Google client id (WXT_GOOGLE_CLIENT_ID): see the README');
    }
    let via: GoogleConnection['via'];
    let profile: { emailAddress: string; historyId: string };
    try {
      const granted = await this.deps.auth.connect();
      via = granted.via;
      profile = await gmailCalls(this.deps.api(granted.tokens)).profile();
    } catch (error) {
      // Declined, closed, offline: the rep's to read and retry, not a fault of Ember's.
      throw new DomainError(`Google did not connect: ${describeSyncError(error).message}`);
    }
    const account = profile.emailAddress.toLowerCase();
    const connection: GoogleConnection = { account, connectedAt: this.deps.now(), via };
    const data = this.deps.account(account);
    await this.inLane(account, async () => {
      // Mail from here on comes through the history; what came before, through the backfill of
      // every deal's contacts, noted first so that a worker stopped midway resumes it.
      await data.writeState({
        ...FIRST_SYNC_STATE,
        mail: { historyId: profile.historyId, syncedAt: connection.connectedAt },
      });
      await data.updatePendingBackfill({ add: await data.contacts() });
      await this.deps.connections.put(connection);
      this.connected = null;
    });
    this.deps.changed(account);
    void this.inLane(account, () => this.firstSync(connection)).catch(() => {});
    return connection;
  }

  /**
   * Revokes the access, forgets the connection and the sync state. The mail already ingested stays.
   * It does not wait for a sync under way: that sync may be waiting for the very write that asked
   * for this (deleting all data), and it stops of itself once the connection is gone.
   */
  async disconnect(account: string): Promise<void> {
    const connection = await this.connection(account);
    if (!connection) return;
    await this.deps.connections.remove(account);
    this.connected = null;
    await this.deps.account(account).deleteState();
    this.backfills.delete(account);
    this.skippedItems.delete(account);
    this.deps.changed(account);
    // Revoking is a courtesy to Google; the connection is gone here whatever it answers.
    await this.deps.auth.revoke(connection).catch((error: unknown) => this.deps.log?.(`revoke: ${String(error)}`));
  }

  /**
   * One round for every connected account: the minute alarm's. An account still busy (a long
   * backfill) is left to it: its next round comes a minute later, from where the history stands.
   */
  async syncAll(): Promise<void> {
    for (const account of (await this.connections()).keys()) {
      if ((this.pending.get(account) ?? 0) === 0) await this.sync(account);
    }
  }

  /**
   * Keeps one account up: a backfill left unfinished (the worker stopped, Google failed) first,
   * then mail added since the last history id, then the calendar's changes.
   */
  sync(account: string): Promise<void> {
    return this.inLane(account, () =>
      this.guarded(account, async (connection, api) => {
        await this.backfillPending(connection, api);
        await this.mailSync(connection, api).keepUp();
        await this.calendarSync(connection, api).sync();
      }),
    );
  }

  /**
   * A deal was tracked: its contacts' mail is to be backfilled, and the calendar reread for its
   * meetings. Resolves once that is noted (a worker stopped from then on still does it on its next
   * round); the work itself follows in the account's lane.
   */
  async dealTracked(account: string, contacts: readonly string[]): Promise<void> {
    if (contacts.length === 0 || !(await this.isConnected(account))) return;
    await this.deps.account(account).updatePendingBackfill({ add: contacts });
    void this.inLane(account, () =>
      this.guarded(account, async (connection, api) => {
        await this.backfillPending(connection, api);
        // The calendar sends only changes: a full read finds the new deal's meetings already there.
        const data = this.deps.account(account);
        await data.writeState({ ...(await data.readState()), calendar: { syncToken: null } });
        await this.calendarSync(connection, api).sync();
      }),
    );
  }

  /**
   * The rep's busy times from the connected calendar; none when not connected or when Google cannot
   * be reached (a booking then offers slots from working hours alone, as without Google).
   */
  async busy(account: string, from: number, to: number): Promise<{ start: number; end: number }[]> {
    const connection = await this.connection(account);
    if (!connection) return [];
    try {
      return await calendarCalls(this.deps.api(this.deps.auth.tokens(connection))).freeBusy({
        timeMin: from,
        timeMax: to,
      });
    } catch (error) {
      this.deps.log?.(`free/busy of ${account}: ${describeSyncError(error).message}`);
      return [];
    }
  }

  private firstSync(connection: GoogleConnection): Promise<void> {
    return this.guarded(connection.account, async (current, api) => {
      await this.backfillPending(current, api);
      await this.calendarSync(current, api).sync();
    });
  }

  /** Backfills every contact still pending, and marks them done once their mail is in. */
  private async backfillPending(connection: GoogleConnection, api: GoogleApi): Promise<void> {
    const data = this.deps.account(connection.account);
    const contacts = await data.pendingBackfill();
    if (contacts.length === 0) return;
    await this.backfill(connection, api, contacts);
    await data.updatePendingBackfill({ done: contacts });
  }

  /** Runs a sync job with the account's API, and records how it went; never throws. */
  private async guarded(
    account: string,
    job: (connection: GoogleConnection, api: GoogleApi) => Promise<void>,
  ): Promise<void> {
    const connection = await this.connection(account);
    if (!connection) return;
    const data = this.deps.account(account);
    const api = this.deps.api(this.deps.auth.tokens(connection));
    let outcome: { message: string; reconnect: boolean } | null = null;
    try {
      await job(connection, api);
    } catch (error) {
      outcome = describeSyncError(error);
      this.deps.log?.(`Google sync of ${account}: ${outcome.message}`);
    }
    // A disconnect while the job ran leaves no state behind it.
    if (!(await this.isConnected(account))) return;
    const state = await data.readState();
    await data.writeState(
      outcome
        ? { ...state, lastError: outcome.message, reconnect: outcome.reconnect }
        : { ...state, lastSyncAt: this.deps.now(), lastError: null, reconnect: false },
    );
    this.deps.changed(account);
  }

  private async backfill(connection: GoogleConnection, api: GoogleApi, contacts: readonly string[]): Promise<void> {
    const progress: Progress = { done: 0, total: 0 };
    this.backfills.set(connection.account, progress);
    try {
      await this.mailSync(connection, api, (done, total) => {
        progress.done = done;
        progress.total = total;
        this.deps.changed(connection.account);
      }).backfill(contacts);
    } finally {
      this.backfills.delete(connection.account);
    }
  }

  /** A sync disconnected under it (or its data deleted) writes nothing more: it stops here. */
  private async stillConnected(account: string): Promise<void> {
    if (!(await this.isConnected(account))) throw new DomainError(`${account} was disconnected from Google`);
  }

  private skipped(account: string, id: string, reason: string): void {
    this.deps.log?.(`Google sync of ${account} skipped ${id}: ${reason}`);
    const list = this.skippedItems.get(account) ?? [];
    list.push({ id, reason });
    this.skippedItems.set(account, list.slice(-SKIPPED_KEPT));
  }

  private mailSync(connection: GoogleConnection, api: GoogleApi, progress?: (done: number, total: number) => void) {
    const data = this.deps.account(connection.account);
    return new MailSync({
      gmail: gmailCalls(api),
      ingest: async (messages) => {
        await this.stillConnected(connection.account);
        await data.ingest(messages);
      },
      readState: async () => (await data.readState()).mail,
      writeState: async (mail) => data.writeState({ ...(await data.readState()), mail }),
      skipped: (id, reason) => this.skipped(connection.account, id, reason),
      now: () => this.deps.now(),
      ...(progress ? { progress } : {}),
    });
  }

  private calendarSync(connection: GoogleConnection, api: GoogleApi) {
    const data = this.deps.account(connection.account);
    return new CalendarSync({
      calendar: calendarCalls(api),
      self: connection.account,
      readState: async () => (await data.readState()).calendar,
      writeState: async (calendar) => data.writeState({ ...(await data.readState()), calendar }),
      apply: async (changes, { full }) => {
        await this.stillConnected(connection.account);
        await data.applyCalendar(changes, { full, connectedAt: connection.connectedAt });
      },
      skipped: (event, reason) => this.skipped(connection.account, event, reason),
      now: () => this.deps.now(),
    });
  }
}
