import type { Instant } from '@/lib/domain/engine/types';
import type { DealInputRecord, MeetingRecord } from '@/lib/store/records';
import { recordInput, type UnitOfWork } from './unit-of-work';

/**
 * The rep's calendar into the deal record (issue 16). An event with a deal's contact among its
 * attendees is a meeting input of that deal, one per (event, deal), under a deterministic id, so a
 * second sync of the same event changes nothing. A moved or renamed event replaces its input and a
 * cancelled one removes it; either way the deal is rebuilt from its inputs, as any late input is.
 *
 * A meeting that had ended before Ember could know of it (before the calendar was connected, or
 * before its deal was tracked) is history: recorded, so drafts can name it, but it fires nothing.
 */

export type CalendarChange =
  | {
      kind: 'meeting';
      event: string;
      title: string | null;
      start: Instant;
      end: Instant;
      /** The other attendees, lower-cased. */
      attendees: readonly string[];
      /** The rep declined it. */
      declined: boolean;
    }
  | { kind: 'cancelled'; event: string };

export interface CalendarApplied {
  recorded: number;
  replaced: number;
  removed: number;
}

const PREFIX = 'calendar:';

export const calendarMeetingId = (event: string, deal: string) => `${PREFIX}${event}/${deal}`;

const eventOf = (meetingId: string) => meetingId.slice(PREFIX.length, meetingId.lastIndexOf('/'));

type MeetingInput = Extract<DealInputRecord, { kind: 'meeting' }>;

/**
 * Applies calendar changes in one unit of work. `full`: the changes are the whole calendar (a first
 * sync, or one after Google dropped the sync token), so a calendar meeting it lacks is gone.
 */
export async function applyCalendarChanges(
  unit: UnitOfWork,
  changes: readonly CalendarChange[],
  options: { full: boolean; connectedAt: Instant },
): Promise<CalendarApplied> {
  const { db } = unit;
  // Direct table reads below must see what the engine holds in memory.
  await unit.store.flush();
  // The latest word on each event wins: a page may list an event twice.
  const latest = new Map(changes.map((change) => [change.event, change]));
  const stored = await db.meetings.where('id').startsWith(PREFIX).toArray();
  const byEvent = new Map<string, MeetingRecord[]>();
  for (const row of stored) {
    const event = eventOf(row.id);
    byEvent.set(event, [...(byEvent.get(event) ?? []), row]);
  }
  const applied: CalendarApplied = { recorded: 0, replaced: 0, removed: 0 };

  const remove = async (row: MeetingRecord) => {
    const input = await meetingInput(unit, row.deal, row.id);
    if (input) await db.inputs.delete(input.id);
    await db.meetings.delete(row.id);
    unit.rebuild([row.deal]);
    applied.removed += 1;
  };

  if (options.full) {
    for (const [event, rows] of byEvent) if (!latest.has(event)) for (const row of rows) await remove(row);
  }
  for (const change of latest.values()) {
    const rows = byEvent.get(change.event) ?? [];
    if (change.kind === 'cancelled') {
      for (const row of rows) await remove(row);
      continue;
    }
    const contacts =
      change.attendees.length > 0
        ? await db.contacts
            .where('address')
            .anyOf([...change.attendees])
            .toArray()
        : [];
    const deals = new Set(contacts.map((contact) => contact.deal));
    for (const row of rows) if (!deals.has(row.deal)) await remove(row);
    for (const deal of deals) {
      const record = await unit.store.dealRecord(deal);
      if (!record) continue;
      const id = calendarMeetingId(change.event, deal);
      const fields = {
        title: change.title,
        start: change.start,
        end: change.end,
        ...(change.declined ? { declined: true } : {}),
        ...(change.end <= Math.max(options.connectedAt, record.createdAt) ? { history: true } : {}),
      };
      const existing = rows.some((row) => row.deal === deal) ? await meetingInput(unit, deal, id) : undefined;
      if (existing) {
        if (sameMeeting(existing, fields)) continue;
        const { declined: _declined, history: _history, ...kept } = existing;
        await db.inputs.put({ ...kept, ...fields });
        unit.rebuild([deal]);
        applied.replaced += 1;
        continue;
      }
      const at = unit.now;
      await recordInput(unit, { kind: 'meeting', deal, at, meeting: id, ...fields }, (seq) =>
        unit.engine.recordMeeting({ id, deal, recordedAt: at, ...fields }, seq),
      );
      applied.recorded += 1;
    }
  }
  return applied;
}

/** A deal's meeting input by meeting id: among that one deal's inputs, never a scan of the table. */
async function meetingInput(unit: UnitOfWork, deal: string, meeting: string): Promise<MeetingInput | undefined> {
  const inputs = await unit.db.inputs.where('deal').equals(deal).toArray();
  return inputs.find((input): input is MeetingInput => input.kind === 'meeting' && input.meeting === meeting);
}

function sameMeeting(
  input: MeetingInput,
  fields: Pick<MeetingInput, 'title' | 'start' | 'end' | 'declined' | 'history'>,
): boolean {
  return (
    input.title === fields.title &&
    input.start === fields.start &&
    input.end === fields.end &&
    (input.declined ?? false) === (fields.declined ?? false) &&
    (input.history ?? false) === (fields.history ?? false)
  );
}
