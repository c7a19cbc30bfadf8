import { compareOptionalText, compareText } from './compare';
import type { Instant, Trigger } from './engine/types';

export interface QueueItem {
  trigger: Trigger;
  /** Due strictly before now. */
  overdue: boolean;
}

/** Open triggers, most urgent first: overdue ones, then by due time, deal, kind and stakeholder. */
export function buildQueue(triggers: Iterable<Trigger>, now: Instant): QueueItem[] {
  const items: QueueItem[] = [];
  for (const trigger of triggers) {
    if (trigger.status === 'open') items.push({ trigger, overdue: trigger.dueAt < now });
  }
  return items.sort(
    (a, b) =>
      Number(b.overdue) - Number(a.overdue) ||
      a.trigger.dueAt - b.trigger.dueAt ||
      compareText(a.trigger.deal, b.trigger.deal) ||
      compareText(a.trigger.kind, b.trigger.kind) ||
      compareOptionalText(a.trigger.stakeholder, b.trigger.stakeholder),
  );
}
