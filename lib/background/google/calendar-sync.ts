import {
  CalendarEventError,
  parseCalendarEvent,
  type CalendarCancellation,
  type CalendarMeeting,
  type ParsedCalendarEvent,
} from '../sources/calendar-event';
import { SyncTokenGoneError, type CalendarCalls, type ListEventsRequest } from './calendar-calls';

/**
 * The rep's calendar, kept up in the background (issue 16): the first sync lists the primary
 * calendar from FULL_SYNC_LOOKBACK_MS ago; each later one asks only what changed since Calendar's
 * sync token. A 410 (the token expired) starts over with a full list in the same call.
 *
 * Every readable event listed gives one change, keyed by its event id: a `meeting` (replacing what
 * was known of that event), or a `cancelled`, which means "this event is no meeting any more":
 * deleted, cancelled, or now all-day or without anyone but the rep. Which deal a meeting belongs to
 * (a deal contact among its attendees), and that meetings ended before the account was connected
 * are history and fire no meeting_ended, is for `apply` to decide: it knows the contacts and when
 * the account was connected; the sync knows neither.
 *
 * The sync token comes on the last page only, so every page is read before anything is applied,
 * and the state is written only after `apply` succeeded: a worker stopped midway lists again (apply
 * is keyed by event id, so repeating is harmless) but never skips a change.
 */

export interface CalendarSyncState {
  syncToken: string | null;
}

export type MeetingChange = CalendarMeeting | CalendarCancellation;

export interface CalendarSyncDeps {
  calendar: CalendarCalls;
  /** The rep's address: their own attendee entry is not an attendee, and tells if they declined. */
  self: string;
  readState(): Promise<CalendarSyncState>;
  writeState(state: CalendarSyncState): Promise<void>;
  /**
   * `full`: the changes are every event in the look-back window and after, so calendar meetings
   * apply knows that are not among them (an event deleted while the token was gone) may be removed.
   */
  apply(changes: MeetingChange[], options: { full: boolean }): Promise<void>;
  /** An event that could not be read, with why: shown to the rep with the sync status. */
  skipped(event: string, reason: string): void;
  now(): number;
}

export interface CalendarSyncCounts {
  /** Whether this was a full list (first sync, or after a 410). */
  full: boolean;
  meetings: number;
  /** Events Calendar gave as cancelled (or deleted). */
  cancelled: number;
  /** Readable events that are no meeting (all-day, nobody else): passed on as `cancelled` changes. */
  ignored: number;
  /** Events that could not be read. */
  skipped: number;
}

/**
 * How far back a full sync lists: about two quarters, the length of a typical B2B sales cycle, so
 * a deal still open has its earlier meetings; further back costs pages and is rarely still a deal.
 */
export const FULL_SYNC_LOOKBACK_MS = 180 * 86_400_000;

export class CalendarSync {
  constructor(private readonly deps: CalendarSyncDeps) {}

  /** Lists what changed (everything, the first time), applies it, then keeps the new sync token. */
  async sync(): Promise<CalendarSyncCounts> {
    const { syncToken } = await this.deps.readState();
    let listed: Listed | null = null;
    if (syncToken !== null) {
      try {
        listed = await this.listAll({ syncToken });
      } catch (error) {
        // The token is dropped here, not in the state: the state moves only after an apply.
        if (!(error instanceof SyncTokenGoneError)) throw error;
      }
    }
    const full = listed === null;
    listed ??= await this.listAll({ timeMin: this.deps.now() - FULL_SYNC_LOOKBACK_MS });

    // By event id, the last listing of an event winning: one that changed while pages were read
    // may be listed twice.
    const latest = new Map<string, ParsedCalendarEvent>();
    let skipped = 0;
    for (const item of listed.items) {
      const parsed = this.read(item);
      if (parsed === null) {
        skipped += 1;
        continue;
      }
      latest.delete(parsed.event);
      latest.set(parsed.event, parsed);
    }
    const counts: CalendarSyncCounts = { full, meetings: 0, cancelled: 0, ignored: 0, skipped };
    const changes: MeetingChange[] = [];
    for (const parsed of latest.values()) {
      counts[parsed.kind === 'meeting' ? 'meetings' : parsed.kind] += 1;
      changes.push(parsed.kind === 'ignored' ? { kind: 'cancelled', event: parsed.event } : parsed);
    }
    // A full list is applied even when empty: it says the calendar holds no meeting any more.
    if (full || changes.length > 0) await this.deps.apply(changes, { full });
    // Without a token on the last page (Google should always give one) the next sync is a full one.
    await this.deps.writeState({ syncToken: listed.nextSyncToken ?? null });
    return counts;
  }

  /** The event parsed, or null (reported) when it cannot be read: one bad event never stops a sync. */
  private read(item: unknown): ParsedCalendarEvent | null {
    try {
      return parseCalendarEvent(item, this.deps.self);
    } catch (error) {
      if (!(error instanceof CalendarEventError)) throw error;
      this.deps.skipped(error.event ?? '(no id)', error.message);
      return null;
    }
  }

  private async listAll(request: ListEventsRequest): Promise<Listed> {
    const items: unknown[] = [];
    let pageToken: string | undefined;
    let nextSyncToken: string | undefined;
    do {
      const page = await this.deps.calendar.listEvents({ ...request, pageToken });
      items.push(...page.items);
      pageToken = page.nextPageToken;
      nextSyncToken = page.nextSyncToken;
    } while (pageToken);
    return { items, nextSyncToken };
  }
}

interface Listed {
  items: unknown[];
  nextSyncToken: string | undefined;
}
