/**
 * A deterministic synthetic scenario for benchmarks: deals with a few buyer contacts each, threads
 * of buyer mail and seller replies (some late, some never), stakeholders brought in, meetings
 * recorded before and after they end, advances, closes and stray mail. Same seed, same file.
 */

export interface GeneratorOptions {
  deals: number;
  messages: number;
  seed?: number;
}

/** mulberry32: a small, fast, seedable PRNG, so the benchmark input never changes between runs. */
export function createRandom(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    chance: (p: number) => next() < p,
  };
}

const MINUTE = 60_000;
const DAY = 86_400_000;
const START = Date.parse('2026-01-05T09:00:00Z');
const STAGES = ['identify', 'contact', 'discovery', 'propose', 'resolve', 'close'];

interface TimedEvent {
  at: number;
  order: number;
  event: { type: string } & Record<string, unknown>;
}

/** One event as the scenario file holds it (tests/fixtures/scenarios/README.md, "Input"). */
export type ScenarioFileEvent = { at: string; type: string } & Record<string, unknown>;

export interface ScenarioFile {
  me: string[];
  timezone: string;
  events: ScenarioFileEvent[];
}

export function generateScenario({ deals, messages, seed = 42 }: GeneratorOptions): ScenarioFile {
  const random = createRandom(seed);
  const events: TimedEvent[] = [];
  let order = 0;
  const push = (at: number, event: TimedEvent['event']) => events.push({ at, order: order++, event });
  const me = 'rep@emberseller.com';
  const perDeal = Math.max(1, Math.floor(messages / deals));
  let messageId = 0;

  for (let index = 0; index < deals; index += 1) {
    const id = `deal-${index}`;
    const domain = `account${index}.example`;
    const contacts = Array.from({ length: random.int(1, 3) }, (_, n) => `buyer${n}@${domain}`);
    const createdAt = START + random.int(0, 180) * DAY + random.int(0, 600) * MINUTE;
    let stage = random.int(0, 2);
    push(createdAt, { type: 'deal', id, title: `Account ${index}`, stage: STAGES[stage], contacts });
    let at = createdAt;
    let people = contacts.length;
    const threads = random.int(1, 3);
    for (let n = 0; n < perDeal; n += 1) {
      at += random.int(5, 60 * 24 * (random.chance(0.1) ? 15 : 2)) * MINUTE;
      const thread = `${id}-t${n % threads}`;
      const buyer = `buyer${random.int(0, people - 1)}@${domain}`;
      if (n % 2 === 0) {
        const cc = random.chance(0.05) ? [`buyer${people++}@${domain}`] : [];
        push(at, {
          type: 'message',
          id: `msg-${messageId++}`,
          thread,
          from: buyer,
          to: [me],
          cc,
          subject: 'Re: pilot',
          text: 'Question about the pilot.',
        });
      } else {
        const to = random.chance(0.1) ? ['manager@emberseller.com'] : [buyer];
        push(at, {
          type: 'message',
          id: `msg-${messageId++}`,
          thread,
          from: me,
          to,
          subject: 'Re: pilot',
          text: 'Answer.',
        });
      }
      if (random.chance(0.03)) {
        const start = at + random.int(-3, 3) * DAY;
        push(at, {
          type: 'meeting',
          deal: id,
          start: new Date(start).toISOString(),
          end: new Date(start + 30 * MINUTE).toISOString(),
        });
      }
      if (random.chance(0.03) && stage < STAGES.length - 1) {
        stage += 1;
        push(at, { type: 'advance', deal: id, to: STAGES[stage], evidence: `msg-${messageId - 1}` });
      }
      if (random.chance(0.01)) push(at, { type: 'dismiss', deal: id, kind: 'new_stakeholder' });
    }
    if (random.chance(0.3)) push(at + DAY, { type: 'close', deal: id, outcome: random.chance(0.5) ? 'won' : 'lost' });
  }
  for (let n = 0; n < deals / 10; n += 1) {
    push(START + random.int(0, 200) * DAY, {
      type: 'message',
      id: `stray-${n}`,
      thread: `stray-${n}`,
      from: `news${n}@vendor.example`,
      to: [me],
    });
  }
  events.sort((a, b) => a.at - b.at || a.order - b.order);
  const last = events.at(-1)!.at;
  return {
    me: [me],
    timezone: 'America/New_York',
    events: [
      ...events.map(({ at, event }) => ({ at: new Date(at).toISOString(), ...event })),
      { at: new Date(last + DAY).toISOString(), type: 'tick' },
    ],
  };
}

export interface LateMailOptions {
  /** Share of messages moved later in the file than their `at`. */
  late: number;
  /** Share of messages that arrive first as a partial copy (as Gmail's feed shows them), the full copy later. */
  partial: number;
  seed?: number;
}

/** The bench's late-mail variant: 10% of messages late, 5% first as partial copies. */
export const BENCH_LATE_MAIL: LateMailOptions = { late: 0.1, partial: 0.05 };

type MessageFileEvent = ScenarioFileEvent & { type: 'message'; id: string; text?: string };

const isMessage = (event: ScenarioFileEvent): event is MessageFileEvent => event.type === 'message';

/**
 * The same scenario as mail really arrives: some messages come after events with a later `at`
 * (late), and some come first as a partial copy (`"partial": true`, thread `feed-<id>`, only the
 * rep in `to`, the text cut to a summary) with the full copy arriving late. Sorted by `at`
 * (stably) and with each partial copy dropped for its full one, the events are the in-order
 * scenario's again, which is what tests/bench/generate-scenario.test.ts checks. For that:
 * - a message moves only when it is the last event of its `at` (so it passes only events with a
 *   strictly later `at`) and its next event is one that stays in place;
 * - it never moves past a `deal` event (a deal created after the message's `at` would otherwise
 *   come before it in arrival order, which sorting by `at` does not undo if the deal's contacts
 *   decide where the message belongs) nor past the closing `tick`, which says what "now" is.
 */
export function withLateMail(scenario: ScenarioFile, options: LateMailOptions): ScenarioFile {
  const random = createRandom(options.seed ?? 7);
  const events = scenario.events;
  const at = events.map((event) => Date.parse(event.at));
  const messages = events.filter(isMessage).length;
  const wanted = { late: Math.round(options.late * messages), partial: Math.round(options.partial * messages) };

  /** Index of the next event a message may not move past: a deal, or the closing tick. */
  const barrier = new Array<number>(events.length);
  for (let index = events.length - 1, next = events.length - 1; index >= 0; index -= 1) {
    barrier[index] = next;
    if (events[index]!.type === 'deal' || index === events.length - 1) next = index;
  }
  const movable = (index: number) =>
    isMessage(events[index]!) && barrier[index]! > index + 1 && at[index + 1]! > at[index]!;

  // A Fisher-Yates shuffle of the candidates, so the moved messages spread over the whole file.
  const candidates = events.flatMap((_, index) => (movable(index) ? [index] : []));
  for (let n = candidates.length - 1; n > 0; n -= 1) {
    const other = random.int(0, n);
    [candidates[n], candidates[other]] = [candidates[other]!, candidates[n]!];
  }
  /** What happens to a moved message: `late` leaves its place; `partial` leaves a partial copy there. */
  const moved = new Map<number, 'late' | 'partial'>();
  /** Events right after a moved message stay, so each moved message passes at least one later event. */
  const pinned = new Set<number>();
  for (const index of candidates) {
    const kind = moved.size < wanted.late ? 'late' : moved.size < wanted.late + wanted.partial ? 'partial' : null;
    if (kind === null) break;
    if (pinned.has(index) || moved.has(index + 1)) continue;
    moved.set(index, kind);
    pinned.add(index + 1);
  }
  if (moved.size < wanted.late + wanted.partial) {
    throw new Error(`only ${moved.size} messages can arrive late, ${wanted.late + wanted.partial} wanted`);
  }

  /** The moved messages that arrive right after the event at each index, in the order they were sent. */
  const arrivals = new Map<number, number[]>();
  for (const index of [...moved.keys()].sort((a, b) => a - b)) {
    const after = random.int(index + 1, barrier[index]! - 1);
    arrivals.set(after, [...(arrivals.get(after) ?? []), index]);
  }
  const output: ScenarioFileEvent[] = [];
  events.forEach((event, index) => {
    const kind = moved.get(index);
    if (kind === 'partial' && isMessage(event)) output.push(partialCopy(event, scenario.me));
    else if (kind === undefined) output.push(event);
    for (const late of arrivals.get(index) ?? []) output.push(events[late]!);
  });
  return { ...scenario, events: output };
}

/** A message as Gmail's unread feed shows it: no thread of its own, only the rep as recipient, a summary. */
function partialCopy(message: MessageFileEvent, me: string[]): ScenarioFileEvent {
  const { cc: _cc, ...rest } = message;
  const text = message.text ?? '';
  return {
    ...rest,
    thread: `feed-${message.id}`,
    to: me,
    text: text.length > 20 ? `${text.slice(0, 19)}…` : text,
    partial: true,
  };
}
