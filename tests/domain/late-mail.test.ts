import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { replay } from '@/lib/domain/scenario/replay';
import { parseScenario } from '@/lib/domain/scenario/scenario';
import { readFixture } from '../helpers/scenario';

/**
 * The contract's "Late mail and second copies": a file whose messages come late, and whose buyer
 * messages first come as the feed's partial copies, replays to exactly the output of the same file
 * in time order.
 */
type RawEvent = { at: string; type: string; [field: string]: unknown };
type RawScenario = { me: string[]; events: RawEvent[]; [field: string]: unknown };

const time = (event: RawEvent) => Date.parse(event.at);

/**
 * Moves the messages picked by `lateness` later in the file (each before the first `deal` event
 * later than it, as the contract allows) and, for those picked by `feed`, puts a partial copy where
 * the message was. `lateness[i]` is how many events message i moves past; 0 leaves it.
 */
function withLateMail(scenario: RawScenario, lateness: number[], feed: boolean[]): RawScenario {
  const events = [...scenario.events];
  const messages = events.filter((event) => event.type === 'message');
  messages.forEach((message, index) => {
    const by = lateness[index % lateness.length] ?? 0;
    const partial = feed[index % feed.length] ?? false;
    if (by === 0 && !partial) return;
    const from = events.indexOf(message);
    // Never past a deal created after the message was written.
    let to = from;
    while (to + 1 < events.length && to - from < by) {
      const next = events[to + 1]!;
      if (next.type === 'deal' && time(next) > time(message)) break;
      to += 1;
    }
    events.splice(from, 1);
    events.splice(to, 0, message);
    if (partial && typeof message.from === 'string' && !scenario.me.includes(message.from)) {
      const copy: RawEvent = {
        at: message.at,
        type: 'message',
        id: message.id,
        thread: `feed-${String(message.id)}`,
        from: message.from,
        to: [scenario.me[0]!],
        subject: message.subject ?? '',
        text: 'summary',
        partial: true,
      };
      events.splice(from, 0, copy);
    }
  });
  return { ...scenario, events };
}

const FIXTURES = ['seed-walkthrough', 'edge-cases', 'broadcasts', 'late-mail'] as const;

const run = async (scenario: RawScenario) => JSON.parse(JSON.stringify(await replay(parseScenario(scenario))));

describe('late mail and second copies replay as the file in time order', () => {
  test.each(FIXTURES)(
    '%s: every message late by one to three events, every buyer message first as a partial copy',
    async (name) => {
      const scenario = readFixture(`${name}.json`) as RawScenario;
      const late = withLateMail(scenario, [1, 3, 0, 2], [true]);
      expect(late.events).not.toEqual(scenario.events);
      expect(await run(late)).toEqual(await run(scenario));
    },
  );

  test.each(FIXTURES)('%s: any lateness and any partial copies', async (name) => {
    const scenario = readFixture(`${name}.json`) as RawScenario;
    const expected = await run(scenario);
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.nat(6), { minLength: 1, maxLength: 10 }),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 10 }),
        async (lateness, feed) => {
          expect(await run(withLateMail(scenario, lateness, feed))).toEqual(expected);
        },
      ),
      { numRuns: 30 },
    );
  });

  test('a partial copy alone is kept, and a full copy later replaces it whatever came between', async () => {
    const scenario: RawScenario = {
      me: ['sam@seller.com'],
      events: [
        { at: '2026-04-06T09:00:00Z', type: 'deal', id: 'acme', stage: 'contact', contacts: ['dana@acme.com'] },
        {
          at: '2026-04-06T10:00:00Z',
          type: 'message',
          id: 'm1',
          thread: 'feed-m1',
          from: 'dana@acme.com',
          to: ['sam@seller.com'],
          partial: true,
        },
        { at: '2026-04-06T11:00:00Z', type: 'tick' },
      ],
    };
    const partialOnly = await run(scenario);
    expect(partialOnly.triggers.map((trigger: { kind: string }) => trigger.kind)).toContain('buyer_replied');
    const full = {
      ...scenario,
      events: [
        ...scenario.events,
        {
          at: '2026-04-06T10:00:00Z',
          type: 'message',
          id: 'm1',
          thread: 't1',
          from: 'dana@acme.com',
          to: ['sam@seller.com'],
          cc: ['lee@acme.com'],
        },
      ],
    };
    const inOrder = { ...full, events: [full.events[0]!, full.events[3]!, full.events[2]!] };
    expect(await run(full)).toEqual(await run(inOrder));
    expect((await run(full)).deals[0].contacts).toEqual(['dana@acme.com', 'lee@acme.com']);
  });
});
