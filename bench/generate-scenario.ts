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
  event: Record<string, unknown>;
}

export function generateScenario({ deals, messages, seed = 42 }: GeneratorOptions) {
  const random = createRandom(seed);
  const events: TimedEvent[] = [];
  let order = 0;
  const push = (at: number, event: Record<string, unknown>) => events.push({ at, order: order++, event });
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
