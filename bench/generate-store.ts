import { nextTimerAt } from '@/lib/domain/engine/deal-engine';
import type { Deal } from '@/lib/domain/engine/types';
import { DEFAULT_WORKFLOW, ruleFor, type TriggerKind } from '@/lib/domain/workflow';
import type {
  ContactRecord,
  DealRecord,
  InputRecord,
  MeetingRecord,
  MessageRecord,
  StageEventRecord,
  ThreadRecord,
  TriggerRecord,
} from '@/lib/store/records';
import { deriveInputs } from '@/lib/store/derive-inputs';
import { createRandom } from './generate-scenario';

/**
 * A deterministic account store for the in-extension benchmarks: rows as the engine would have
 * written them (lib/store/record-schemas.ts), with the deal summaries the sweep and the queue read
 * (nextTimerAt, openTriggerCount, nextDueAt) consistent with the triggers and meetings. A fixed
 * share of open deals is due for a quiet check or a meeting's end at `now`, so a sweep at `now`
 * has real work and every other deal's timer lies ahead.
 */

export interface StoreOptions {
  deals: number;
  messages: number;
  stageEventsPerDeal: number;
  triggersPerDeal: number;
  /** Share of all deals whose next timer is due at `now`. */
  dueShare: number;
  /** Messages of deal 0, the deal the sidebar figure opens. */
  sidebarDealMessages: number;
  now: number;
  account: string;
  seed?: number;
}

export const BENCH_STORE: StoreOptions = {
  deals: 10_000,
  messages: 200_000,
  stageEventsPerDeal: 5,
  triggersPerDeal: 10,
  dueShare: 0.01,
  sidebarDealMessages: 200,
  // A Monday afternoon in New York: inside working hours.
  now: Date.parse('2026-06-01T18:00:00Z'),
  account: 'rep@emberseller.com',
};

/** Every row of one deal. */
export interface DealRows {
  deal: DealRecord;
  contacts: ContactRecord[];
  threads: ThreadRecord[];
  messages: MessageRecord[];
  stageEvents: StageEventRecord[];
  triggers: TriggerRecord[];
  meetings: MeetingRecord[];
  /** What the deal is derived from (schema v5): its messages' headers and the rep's inputs on it. */
  inputs: InputRecord[];
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const STAGES = DEFAULT_WORKFLOW.stages.map((stage) => stage.id);
const QUIET = DEFAULT_WORKFLOW.quietAfterDays * DAY;
const KINDS: TriggerKind[] = ['buyer_replied', 'meeting_ended', 'quiet', 'new_stakeholder'];
const WORDS = (
  'thanks for the call today we reviewed the pilot scope pricing timeline security questionnaire ' +
  'onboarding backlog integration team budget approval next steps proposal contract legal review ' +
  'could you send the recap and the updated numbers before friday our director wants to see them'
).split(' ');

export const dealId = (index: number) => `deal-${String(index).padStart(5, '0')}`;

/** The deals due at `now`: every 1/dueShare-th deal, all open. */
export function isDueDeal(index: number, options: StoreOptions): boolean {
  const every = Math.round(1 / options.dueShare);
  return index % every === every - 1;
}

/** Message counts per deal: deal 0 has the sidebar's count, the rest share the remainder evenly. */
function messageCount(index: number, options: StoreOptions): number {
  if (index === 0) return options.sidebarDealMessages;
  const others = options.deals - 1;
  const remaining = options.messages - options.sidebarDealMessages;
  const base = Math.floor(remaining / others);
  return base + (index <= remaining - base * others ? 1 : 0);
}

/** The rows of each deal in turn, so a caller can write them in batches without holding them all. */
export function* generateStore(options: StoreOptions): Generator<DealRows> {
  const random = createRandom(options.seed ?? 7);
  const { now, account } = options;
  const text = (min: number, max: number) => {
    const words: string[] = [];
    let length = 0;
    const target = random.int(min, max);
    while (length < target) {
      const word = WORDS[random.int(0, WORDS.length - 1)]!;
      words.push(word);
      length += word.length + 1;
    }
    return `${words.join(' ')}.`;
  };

  for (let index = 0; index < options.deals; index += 1) {
    const id = dealId(index);
    const due = isDueDeal(index, options);
    const dueByMeeting = due && index % 500 === 499;
    const status = due || index === 0 || random.chance(0.4) ? 'open' : random.chance(0.5) ? 'won' : 'lost';
    const createdAt = now - random.int(30, 400) * DAY - random.int(0, 600) * MINUTE;
    // The last exchange: due deals went quiet just over the quiet period ago, the others more recently.
    const lastActivityAt =
      due && !dueByMeeting ? now - QUIET - random.int(1, 600) * MINUTE : now - random.int(1, 9 * 24 * 60) * MINUTE;
    const domain = `account${index}.example`;
    const contactAddresses = Array.from({ length: random.int(1, 3) }, (_, n) => `buyer${n}@${domain}`);
    const threadIds = Array.from({ length: random.int(1, 3) }, (_, n) => `${id}-t${n}`);
    const subject = `Pilot for Account ${index}`;

    const count = messageCount(index, options);
    const messages: MessageRecord[] = [];
    let lastInboundAt: number | null = null;
    for (let n = 0; n < count; n += 1) {
      const at = createdAt + Math.round(((lastActivityAt - createdAt) * (n + 1)) / count);
      const inbound = n % 2 === 0;
      const buyer = contactAddresses[random.int(0, contactAddresses.length - 1)]!;
      const body = text(80, 900);
      if (inbound) lastInboundAt = at;
      messages.push({
        id: `${id}-m${n}`,
        thread: threadIds[n % threadIds.length]!,
        deal: id,
        from: inbound ? buyer : account,
        to: inbound ? [account] : [buyer],
        cc: [],
        at,
        direction: inbound ? 'inbound' : 'outbound',
        subject: `Re: ${subject}`,
        text: body,
        snippet: body.slice(0, 160),
        closing: inbound ? null : 'Best,\nRep',
      });
    }

    const path = [random.int(0, 1)];
    while (path.length < options.stageEventsPerDeal) {
      const last = path.at(-1)!;
      path.push(last === STAGES.length - 1 ? last - 1 : last + 1);
    }
    const stage = STAGES[path.at(-1)!]!;
    const stageEvents: StageEventRecord[] = path.map((stageIndex, n) => ({
      id: `${id}/${n + 1}`,
      deal: id,
      from: n === 0 ? null : STAGES[path[n - 1]!]!,
      to: STAGES[stageIndex]!,
      at: createdAt + Math.round(((lastActivityAt - createdAt) * n) / path.length),
      evidence: n === 0 ? null : (messages[Math.floor((messages.length * n) / path.length)]?.id ?? null),
    }));

    // Open deals keep their last 0-2 triggers open; due deals none, so their quiet check fires.
    const openCount = status === 'open' && !due ? random.int(0, 2) : 0;
    const triggers: TriggerRecord[] = [];
    for (let seq = 1; seq <= options.triggersPerDeal; seq += 1) {
      const kind = KINDS[random.int(0, KINDS.length - 1)]!;
      const triggerStage = STAGES[path[Math.min(path.length - 1, Math.floor((seq * path.length) / 11))]!]!;
      const rule = ruleFor(DEFAULT_WORKFLOW, triggerStage, kind)!;
      const open = seq > options.triggersPerDeal - openCount;
      const firedAt = open
        ? now - random.int(10, 4 * 24 * 60) * MINUTE
        : createdAt + Math.round(((lastActivityAt - createdAt) * seq) / (options.triggersPerDeal + 1));
      const dueAt = firedAt + rule.maxDelay * MINUTE + random.int(0, 16) * HOUR;
      const base = {
        id: `${id}#${seq}`,
        deal: id,
        seq,
        kind,
        stage: triggerStage,
        action: rule.action,
        stakeholder: kind === 'new_stakeholder' ? contactAddresses.at(-1)! : null,
        firedAt,
        dueAt,
      };
      if (open) {
        triggers.push({
          ...base,
          status: 'open',
          resolvedAt: null,
          resolvedBy: null,
          latencyMinutes: null,
          businessMinutes: null,
          withinSla: null,
        });
        continue;
      }
      const outcome =
        status !== 'open' && seq === options.triggersPerDeal
          ? 'closed'
          : random.chance(0.75)
            ? 'done'
            : random.chance(0.5)
              ? 'superseded'
              : 'dismissed';
      const resolvedAt = firedAt + random.int(5, 3 * 24 * 60) * MINUTE;
      const done = outcome === 'done';
      triggers.push({
        ...base,
        status: outcome,
        resolvedAt,
        resolvedBy: done || outcome === 'superseded' ? (messages.at(-1)?.id ?? null) : null,
        latencyMinutes: done ? (resolvedAt - firedAt) / MINUTE : null,
        businessMinutes: done ? Math.round(((resolvedAt - firedAt) / MINUTE) * 0.3) : null,
        withinSla: done ? resolvedAt <= dueAt : null,
      });
    }

    const meetings: MeetingRecord[] = [];
    if (random.chance(0.2)) {
      const start = createdAt + Math.round((lastActivityAt - createdAt) / 2);
      meetings.push({
        id: `${id}-meeting-1`,
        deal: id,
        title: 'Discovery call',
        start,
        end: start + 30 * MINUTE,
        recordedAt: start - DAY,
      });
    }
    const upcomingMeetings: MeetingRecord[] = [];
    if (dueByMeeting) {
      const end = now - random.int(1, 120) * MINUTE;
      const meeting = {
        id: `${id}-meeting-due`,
        deal: id,
        title: 'Demo',
        start: end - 30 * MINUTE,
        end,
        recordedAt: end - 2 * DAY,
      };
      meetings.push(meeting);
      upcomingMeetings.push(meeting);
    }

    const open = status === 'open';
    const openTriggers = triggers.filter((trigger) => trigger.status === 'open');
    const deal: Deal = {
      id,
      title: `Account ${index}`,
      stage,
      status,
      contacts: contactAddresses,
      createdAt,
      closedAt: open ? null : lastActivityAt + DAY,
      lastActivityAt,
      lastInboundAt,
      latestMessageAt: messages.at(-1)?.at ?? null,
      latestThread: messages.at(-1)?.thread ?? null,
      quietDueAt: open ? lastActivityAt + QUIET : null,
      quietWaiting: false,
      triggerCount: options.triggersPerDeal,
      stageChangeCount: path.length,
      appliedThrough: '',
    };
    const dueTimes = openTriggers.map((trigger) => trigger.dueAt);
    const rows: Omit<DealRows, 'inputs'> = {
      deal: {
        ...deal,
        contacts: [...contactAddresses],
        openTriggerCount: openTriggers.length,
        nextTimerAt: nextTimerAt({ deal, openTriggers, upcomingMeetings }),
        upcomingMeetings,
        nextDueAt: dueTimes.length > 0 ? Math.min(...dueTimes) : null,
        checklist: {},
        inputCount: 0,
      },
      contacts: contactAddresses.map((address, n) => ({
        deal: id,
        address,
        name: null,
        role: n === 0 ? 'buyer' : 'stakeholder',
        firstSeenAt: createdAt,
        lastHeardAt: messages.findLast((message) => message.from === address)?.at ?? null,
      })),
      threads: threadIds.map((thread) => ({ id: thread, deal: id, linkedBy: 'contact', subject, linkedAt: createdAt })),
      messages,
      stageEvents,
      triggers,
      meetings,
    };
    // The inputs the product itself derives from such rows (as the v5 upgrade does), so the store
    // holds what a store of this size holds since inputs are kept.
    const { inputs, inputCounts } = deriveInputs({ ...rows, deals: [rows.deal] });
    yield { ...rows, deal: { ...rows.deal, inputCount: inputCounts.get(id) ?? 0 }, inputs };
  }
}
