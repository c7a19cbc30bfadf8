import { actionSentence } from '@/lib/domain/wording';
import type { QueueItemView, RequestInput } from '@/lib/messaging/protocol';
import { RowMenu } from './row-menu';

/*
 * What the side panel's queue (queue-page.tsx) and Gmail's own (queue-list.tsx) share about a row:
 * its group, its menu and what dismissing it asks.
 */

/** How long a rep may put an item off, from a row's menu: the side panel's and Gmail's queue alike. */
export const SNOOZES = [
  ['Snooze for 1 hour', () => Date.now() + 3_600_000],
  ['Snooze until tomorrow morning', () => nextMorning(1)],
  ['Snooze until next week', () => nextMorning(7)],
] as const;

/** What dismissing a row asks of the background: its deal's trigger of that kind, for that person. */
export function dismissRequest(account: string, { deal, trigger }: QueueItemView): RequestInput<'dismissTrigger'> {
  return {
    account,
    deal: deal.id,
    kind: trigger.kind,
    ...(trigger.stakeholder ? { stakeholder: trigger.stakeholder } : {}),
  };
}

/**
 * A row's menu: Dismiss, then each snooze. Its name says which row it is: a deal can need several
 * things, so the deal alone would not tell its rows apart.
 */
export function QueueRowMenu({
  item,
  onDismiss,
  onSnooze,
}: {
  item: QueueItemView;
  onDismiss: () => unknown;
  onSnooze: (until: number) => unknown;
}) {
  return (
    <RowMenu
      label={`More actions for ${item.deal.title}: ${actionSentence(item.trigger.action, item.trigger.stakeholder)}`}
      items={[
        { label: 'Dismiss', onSelect: () => void onDismiss() },
        ...SNOOZES.map(([label, until]) => ({ label, onSelect: () => void onSnooze(until()) })),
      ]}
    />
  );
}

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
