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
 * hours from now, on the half hour of the rep's working day, inside the rep's working hours, and
 * each one that `fits` (the buyer's stated window). A day's preferred start is tried first, then
 * every other half hour of it.
 */
export function proposeSlots(
  now: Instant,
  timeZone: string,
  hours: WorkingHours,
  count = 3,
  minutes = 30,
  fits: (slot: Slot) => boolean = () => true,
): Slot[] {
  const calendar = createWorkCalendar(timeZone, hours);
  const length = minutes * 60_000;
  const slots: Slot[] = [];
  let cursor = now + 2 * HOUR;
  for (let days = 0; slots.length < count && days < 60; days += 1) {
    const window = calendar.nextWindow(cursor);
    const onHalfHour = (at: Instant) => window.start + Math.ceil((at - window.start) / HALF_HOUR) * HALF_HOUR;
    const preferred = onHalfHour(
      Math.max(cursor, window.start + PREFERRED_OFFSETS[slots.length % PREFERRED_OFFSETS.length]! * HOUR),
    );
    const starts = [preferred];
    for (let start = onHalfHour(Math.max(cursor, window.start)); start + length <= window.end; start += HALF_HOUR) {
      if (start !== preferred) starts.push(start);
    }
    const chosen = starts
      .map((start) => ({ start, end: start + length }))
      .find((slot) => slot.end <= window.end && fits(slot));
    if (chosen) slots.push(chosen);
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

/** A slot in the rep's zone and, when the buyer's differs, in theirs: "Wed, Apr 8, 10:00–10:30 EDT / 15:00–15:30 BST". */
export function formatSlotInZones(slot: Slot, repZone: string, buyerZone: string | null): string {
  const rep = formatSlot(slot, repZone);
  if (!buyerZone || zoneOffset(slot.start, buyerZone) === zoneOffset(slot.start, repZone)) return rep;
  const buyer = formatSlot(slot, buyerZone);
  const buyerDay = buyer.slice(0, buyer.lastIndexOf(',') + 1);
  // The buyer's day is named only when it is not the rep's (late in the day across the ocean).
  return `${rep} / ${buyerDay === rep.slice(0, rep.lastIndexOf(',') + 1) ? buyer.slice(buyerDay.length + 1) : buyer}`;
}

function zoneOffset(at: Instant, timeZone: string): string {
  return (
    new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })
      .formatToParts(at)
      .find((part) => part.type === 'timeZoneName')?.value ?? timeZone
  );
}
