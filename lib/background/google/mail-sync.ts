import type { MessageInput } from '@/lib/messaging/protocol';
import { GmailApiMessageError, parseGmailApiMessage } from '../sources/gmail-api-message';
import type { FetchedMessage, GmailCalls } from './gmail-calls';
import { GoogleApiError } from './google-api';

/**
 * The rep's mail, kept up in the background with no Gmail tab (issue 16):
 *
 * - `backfill(contacts)`: a deal's history, every message with its contacts, oldest first;
 * - `keepUp()`: what was added since the last `historyId`; a first call only notes where to start;
 *   an expired one (404) resyncs from the last known time with a search.
 *
 * Messages go to `ingest` in batches, through the same path as a Gmail tab's, so the deal record's
 * order-independence and second-copy rules apply. A message that cannot be read is skipped and
 * reported; it never stops the sync. The state is written only after its messages were ingested:
 * a worker stopped midway repeats work (ingestion is idempotent) but never skips mail.
 */

export interface MailSyncState {
  historyId: string | null;
  /** When keepUp last succeeded: where a resync after an expired historyId starts. */
  syncedAt: number | null;
}

export interface MailSyncDeps {
  gmail: GmailCalls;
  ingest(messages: MessageInput[]): Promise<void>;
  readState(): Promise<MailSyncState>;
  writeState(state: MailSyncState): Promise<void>;
  /** A message skipped, with why: shown to the rep with the sync status. */
  skipped(id: string, reason: string): void;
  now(): number;
  /** After each batch: messages done (ingested or skipped) of those found. */
  progress?(done: number, total: number): void;
}

/** Messages fetched (one batch request) and ingested per batch: Google advises at most 50 calls a batch. */
export const BATCH = 50;
/** Messages ingested at once (ingestMessages takes at most 500: lib/messaging/protocol.ts). */
export const INGEST_BATCH = 500;
/** Contacts searched for in one messages.list query (each is three terms). */
export const CONTACTS_PER_QUERY = 10;

/** `acme.com dana`: an address as its domain, then its mailbox, so colleagues sort together. */
const domainFirst = (address: string) => {
  const at = address.lastIndexOf('@');
  return `${address.slice(at + 1)} ${address.slice(0, at)}`;
};
/** A resync looks back this much before the last known sync, for mail Gmail dated earlier. */
const RESYNC_MARGIN_MS = 86_400_000;

const idTime = (id: string) => (/^[0-9a-f]{1,32}$/i.test(id) ? BigInt(`0x${id}`) : 0n);
const byIdTime = (a: string, b: string) => {
  const [x, y] = [idTime(a), idTime(b)];
  return x < y ? -1 : x > y ? 1 : 0;
};

export class MailSync {
  constructor(private readonly deps: MailSyncDeps) {}

  /**
   * Ingests every message with these contacts; resolves with how many were ingested. A few contacts
   * a query (a first backfill over every deal must not be one unbounded search), colleagues side by
   * side, and each query's mail oldest first, query after query. Backfilled mail predates its deals
   * and so rebuilds them: mail of the same deals together rebuilds each deal once or twice, where
   * the whole mailbox in time order would rebuild every deal in every ingest. The order of arrival
   * changes nothing the deals conclude (the deal record is order-independent), only the work.
   */
  async backfill(contacts: readonly string[]): Promise<number> {
    const byDomain = [...new Set(contacts)].sort((a, b) => domainFirst(a).localeCompare(domainFirst(b)));
    const seen = new Set<string>();
    const groups: string[][] = [];
    for (let start = 0; start < byDomain.length; start += CONTACTS_PER_QUERY) {
      const terms = byDomain
        .slice(start, start + CONTACTS_PER_QUERY)
        .map((address) => `from:${address} OR to:${address} OR cc:${address}`);
      const found = await this.search(`{${terms.join(' ')}}`);
      groups.push(found.filter((id) => !seen.has(id) && seen.add(id)));
    }
    return this.ingestAll(groups);
  }

  /** Ingests what was added since the last call; resolves with how many messages were ingested. */
  async keepUp(): Promise<number> {
    const state = await this.deps.readState();
    const startedAt = this.deps.now();
    if (state.historyId === null) {
      const { historyId } = await this.deps.gmail.profile();
      await this.deps.writeState({ historyId, syncedAt: startedAt });
      return 0;
    }
    let ids: string[] = [];
    let historyId = state.historyId;
    try {
      let pageToken: string | undefined;
      do {
        const page = await this.deps.gmail.listHistory(state.historyId, pageToken);
        ids.push(...page.added);
        historyId = page.historyId;
        pageToken = page.nextPageToken;
      } while (pageToken);
    } catch (error) {
      if (!(error instanceof GoogleApiError && error.status === 404)) throw error;
      // The history id expired: search from the last known sync instead, and start over from now.
      const since = Math.floor(((state.syncedAt ?? startedAt) - RESYNC_MARGIN_MS) / 1000);
      ids = await this.search(`after:${since}`);
      historyId = (await this.deps.gmail.profile()).historyId;
    }
    const ingested = await this.ingestAll([[...new Set(ids)]]);
    await this.deps.writeState({ historyId, syncedAt: startedAt });
    return ingested;
  }

  private async search(query: string): Promise<string[]> {
    const ids: string[] = [];
    let pageToken: string | undefined;
    do {
      const page = await this.deps.gmail.listMessages(query, pageToken);
      ids.push(...page.ids);
      pageToken = page.nextPageToken;
    } while (pageToken);
    return [...new Set(ids)];
  }

  /** Fetches and ingests groups of ids, one group after another, each oldest first. */
  private async ingestAll(groups: readonly (readonly string[])[]): Promise<number> {
    // Gmail's ids carry the time Gmail took the message in: sorted, they are oldest first, whether
    // a search listed them (newest first) or the history did (in the order they came).
    const ordered = groups.flatMap((ids) => [...ids].sort(byIdTime));
    let ingested = 0;
    let done = 0;
    let pending: MessageInput[] = [];
    let pendingDone = 0;
    const flush = async () => {
      if (pending.length > 0) await this.deps.ingest(pending);
      ingested += pending.length;
      done += pendingDone;
      pending = [];
      pendingDone = 0;
      this.deps.progress?.(done, ordered.length);
    };
    this.deps.progress?.(0, ordered.length);
    for (let start = 0; start < ordered.length; start += BATCH) {
      const batch = ordered.slice(start, start + BATCH);
      let fetched: FetchedMessage[];
      try {
        fetched = await this.deps.gmail.getMessages(batch);
        if (fetched.length !== batch.length)
          throw new Error(`${batch.length} messages asked, ${fetched.length} answered`);
        // A part that failed otherwise than 404 (Google's retries spent) fails the run before anything
        // of its batch is reported or ingested: no state is written, and the next run asks again.
        for (const result of fetched) if (!result.ok && result.error.status !== 404) throw result.error;
      } catch (error) {
        // What earlier batches fetched is kept: the next run asks for it again, but finds it known.
        await flush();
        throw error;
      }
      pending.push(
        ...batch.flatMap((id, index) => {
          const message = this.read(id, fetched[index]!);
          return message ? [message] : [];
        }),
      );
      pendingDone += batch.length;
      // Fetched 50 at a time, ingested up to 500 at a time: a backfill is mostly mail older than
      // its deals, which rebuilds them, so fewer and larger ingests rebuild each deal fewer times.
      if (pending.length >= INGEST_BATCH) await flush();
    }
    await flush();
    return ingested;
  }

  /** A message gone since it was listed, or one that cannot be read, is skipped: never fatal. */
  private read(id: string, fetched: FetchedMessage): MessageInput | null {
    if (!fetched.ok) {
      this.deps.skipped(id, fetched.error.message);
      return null;
    }
    try {
      return parseGmailApiMessage(fetched.message).input;
    } catch (error) {
      if (!(error instanceof GmailApiMessageError)) throw error;
      this.deps.skipped(id, error.message);
      return null;
    }
  }
}
