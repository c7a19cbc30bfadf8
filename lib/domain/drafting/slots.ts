import type { Instant } from '../engine/types';
import { createWorkCalendar, type WorkingHours } from '../working-hours';

export interface Slot {
  start: Instant;
  end: Instant;
}

const HOUR = 3_600_000;
const HALF_HOUR = 30 * 60_000;
/** Where in a working day each proposed slot prefers to start, in hours after the day's start. */
const PREFERRED_OFFSETS = [1, 5, 2];

/**
 * Meeting slots to propose: `count` slots of `minutes`, one per working day, none sooner than two
 * hours from now, on the half hour of the rep's working day, inside the rep's working hours.
 */
export function proposeSlots(now: Instant, timeZone: string, hours: WorkingHours, count = 3, minutes = 30): Slot[] {
  const calendar = createWorkCalendar(timeZone, hours);
  const slots: Slot[] = [];
  let cursor = now + 2 * HOUR;
  for (let days = 0; slots.length < count && days < 60; days += 1) {
    const window = calendar.nextWindow(cursor);
    const preferred = window.start + PREFERRED_OFFSETS[slots.length % PREFERRED_OFFSETS.length]! * HOUR;
    const earliest = Math.max(cursor, preferred);
    const start = window.start + Math.ceil((earliest - window.start) / HALF_HOUR) * HALF_HOUR;
    if (start + minutes * 60_000 <= window.end) slots.push({ start, end: start + minutes * 60_000 });
    cursor = window.end;
  }
  return slots;
}

/** "Tue, Apr 7, 10:00–10:30 EDT", in the given zone. */
export function formatSlot(slot: Slot, timeZone: string): string {
  const day = new Intl.DateTimeFormat('en-US', { weekday: 'short', month: 'short', day: 'numeric', timeZone }).format(
    slot.start,
  );
  const time = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone });
  const zone =
    new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'short' })
      .formatToParts(slot.start)
      .find((part) => part.type === 'timeZoneName')?.value ?? timeZone;
  return `${day}, ${time.format(slot.start)}–${time.format(slot.end)} ${zone}`;
}
