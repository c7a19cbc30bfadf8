import type { QueueItemView } from '@/lib/messaging/protocol';

/** How long a rep may put an item off, from a row's menu: the side panel's and Gmail's queue alike. */
export const SNOOZES = [
  ['Snooze for 1 hour', () => Date.now() + 3_600_000],
  ['Snooze until tomorrow morning', () => nextMorning(1)],
  ['Snooze until next week', () => nextMorning(7)],
] as const;

/** A queue item's group by its due time: late, due before midnight, or later. */
export function dueHeading(item: QueueItemView, now: number): 'Overdue' | 'Due today' | 'Later' {
  return item.trigger.dueAt < now ? 'Overdue' : item.trigger.dueAt <= endOfToday(now) ? 'Due today' : 'Later';
}

/** A run of shown items under one heading, each with its place in the shown list (what j/k select). */
export interface Group {
  heading: string;
  entries: { item: QueueItemView; index: number }[];
}

/**
 * The shown items cut where their heading changes. The queue comes by due time, so each heading is
 * one run; should it ever not, a heading would repeat rather than reorder the queue.
 */
export function groupRuns(shown: QueueItemView[], headingOf: (item: QueueItemView) => string): Group[] {
  const groups: Group[] = [];
  shown.forEach((item, index) => {
    const heading = headingOf(item);
    const current = groups.at(-1);
    if (current?.heading === heading) current.entries.push({ item, index });
    else groups.push({ heading, entries: [{ item, index }] });
  });
  return groups;
}

function nextMorning(days: number): number {
  const date = new Date();
  date.setDate(date.getDate() + days);
  date.setHours(9, 0, 0, 0);
  return date.getTime();
}

function endOfToday(now: number): number {
  const date = new Date(now);
  date.setHours(23, 59, 59, 999);
  return date.getTime();
}
