import { describe, expect, test } from 'vitest';
import { BENCH_LATE_MAIL, generateScenario, withLateMail, type ScenarioFileEvent } from '../../bench/generate-scenario';
import { parseScenario } from '@/lib/domain/scenario/scenario';

const inOrder = generateScenario({ deals: 200, messages: 10_000 });
const late = withLateMail(inOrder, BENCH_LATE_MAIL);
const messages = inOrder.events.filter((event) => event.type === 'message').length;

const time = (event: ScenarioFileEvent) => Date.parse(event.at);
const isPartial = (event: ScenarioFileEvent) => event.partial === true;

/** What a replay that accepts late mail does first: sort by `at` (stably), a full copy replacing its partial one. */
function sortedAndDeduped(events: readonly ScenarioFileEvent[]): ScenarioFileEvent[] {
  const full = new Set(
    events.filter((event) => event.type === 'message' && !isPartial(event)).map((event) => event.id),
  );
  return events
    .map((event, index) => ({ event, index }))
    .sort((a, b) => time(a.event) - time(b.event) || a.index - b.index)
    .map(({ event }) => event)
    .filter((event) => !(isPartial(event) && full.has(event.id)));
}

/** Messages placed after some event with a later `at`, and the latest such event's type. */
function arrivedLate(events: readonly ScenarioFileEvent[]) {
  const found: { event: ScenarioFileEvent; passedDeal: boolean }[] = [];
  let latest = -Infinity;
  const deals: number[] = [];
  for (const event of events) {
    if (event.type === 'message' && time(event) < latest) {
      found.push({ event, passedDeal: deals.some((at) => at > time(event)) });
    }
    latest = Math.max(latest, time(event));
    if (event.type === 'deal') deals.push(time(event));
  }
  return found;
}

describe('the late-mail scenario', () => {
  test('sorted by time and deduped, it is the in-order scenario', () => {
    expect(late.events).not.toEqual(inOrder.events);
    expect(sortedAndDeduped(late.events)).toEqual(inOrder.events);
    expect({ ...late, events: [] }).toEqual({ ...inOrder, events: [] });
  });

  test('10% of messages arrive late and 5% first as a partial copy, the full copy late', () => {
    const partials = late.events.filter(isPartial);
    expect(partials).toHaveLength(Math.round(0.05 * messages));
    const lateOnes = arrivedLate(late.events);
    // The full copies of the partial ones arrive late too.
    expect(lateOnes).toHaveLength(Math.round(0.1 * messages) + partials.length);
    expect(lateOnes.every(({ event }) => !isPartial(event))).toBe(true);
    const lateIds = new Set(lateOnes.map(({ event }) => event.id));
    expect(partials.every((partial) => lateIds.has(partial.id))).toBe(true);
  });

  test('no message arrives after a deal created later than it, and the closing tick stays last', () => {
    expect(arrivedLate(late.events).filter(({ passedDeal }) => passedDeal)).toEqual([]);
    expect(late.events.at(-1)).toEqual(inOrder.events.at(-1));
    expect(late.events.at(-1)?.type).toBe('tick');
  });

  test('a partial copy is on a feed thread, to the rep only, with a short text, before its full copy', () => {
    const position = new Map(late.events.map((event, index) => [`${String(event.id)}/${isPartial(event)}`, index]));
    const originals = new Map(inOrder.events.map((event) => [event.id, event]));
    for (const partial of late.events.filter(isPartial)) {
      const original = originals.get(partial.id)!;
      expect(partial).toEqual({
        at: original.at,
        type: 'message',
        id: original.id,
        thread: `feed-${String(original.id)}`,
        from: original.from,
        to: inOrder.me,
        subject: original.subject,
        text: partial.text,
        partial: true,
      });
      expect(typeof partial.text === 'string' && partial.text.length <= 20).toBe(true);
      expect(position.get(`${String(partial.id)}/true`)!).toBeLessThan(position.get(`${String(partial.id)}/false`)!);
    }
  });

  test('the same options give the same file, another seed another one', () => {
    expect(withLateMail(inOrder, BENCH_LATE_MAIL)).toEqual(late);
    expect(withLateMail(inOrder, { ...BENCH_LATE_MAIL, seed: 8 })).not.toEqual(late);
  });

  test('the in-order scenario is a valid one for the replay', () => {
    expect(() => parseScenario(inOrder)).not.toThrow();
  });
});
