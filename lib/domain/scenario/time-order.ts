import { compareText } from '../compare';
import { replacesCopy } from '../engine/copies';
import type { ScenarioEvent } from './scenario';

/** An event with its index in the file, which error messages name. */
export interface IndexedEvent {
  event: ScenarioEvent;
  index: number;
}

const isPartial = (event: ScenarioEvent) => event.type === 'message' && 'partial' in event && event.partial === true;

/**
 * A scenario's events as the engine applies them (the contract's "Late mail and second copies"): one
 * copy of each message id, chosen as `replacesCopy` says, then every event sorted by time; at equal
 * times the events that are not messages first in file order, then messages by id.
 */
export function inTimeOrder(events: readonly ScenarioEvent[]): IndexedEvent[] {
  const kept = new Map<string, IndexedEvent>();
  const others: IndexedEvent[] = [];
  events.forEach((event, index) => {
    if (event.type !== 'message') {
      others.push({ event, index });
      return;
    }
    const current = kept.get(event.id)?.event;
    const incoming = { ...event, partial: isPartial(event) };
    if (!current || replacesCopy({ ...current, partial: isPartial(current) } as typeof incoming, incoming)) {
      kept.set(event.id, { event, index });
    }
  });
  const messageId = (item: IndexedEvent) => (item.event.type === 'message' ? item.event.id : null);
  return [...others, ...kept.values()].sort((a, b) => {
    if (a.event.at !== b.event.at) return a.event.at - b.event.at;
    const idA = messageId(a);
    const idB = messageId(b);
    if (idA === null || idB === null) return idA === idB ? a.index - b.index : idA === null ? -1 : 1;
    return compareText(idA, idB);
  });
}
