import type { Sides } from '../addresses';
import { DomainError } from '../errors';
import type { WorkCalendar } from '../working-hours';
import { ruleFor, stageIndex, type TriggerKind, type Workflow } from '../workflow';
import { laterKey, NO_KEY, timerKey } from './order';
import { triggerId, type TriggerCause } from './trigger-id';
import type {
  Deal,
  DealState,
  EngineMessage,
  Instant,
  Meeting,
  Outcome,
  SellerReply,
  StageChange,
  Transition,
  Trigger,
  TriggerStatus,
} from './types';

/**
 * The engine's rules for one deal, as pure transitions: a deal's state and an event in, the next
 * state and every trigger it created or changed out. Inputs are never mutated. The rules are the
 * contract in tests/fixtures/scenarios/README.md ("Semantics"); the comments cite its steps.
 */

export interface EngineContext {
  workflow: Workflow;
  calendar: WorkCalendar;
  sides: Sides;
}

const HOUR = 3_600_000;
const MINUTE = 60_000;

/** Time-based triggers due at the same instant fire in this order (then by deal id). */
export const TIMER_ORDER: Readonly<Record<'quiet' | 'meeting_ended', number>> = { quiet: 0, meeting_ended: 1 };

function quietDueAfter(context: EngineContext, lastExchange: Instant): Instant {
  return lastExchange + context.workflow.quietAfterDays * 24 * HOUR;
}

/**
 * A copy of a deal's state that one transition edits, collecting what changed. The state's lists are
 * never edited in place, here or anywhere: a draft starts on the state's own lists and replaces a
 * list when it changes it, so a transition copies only what it changes.
 */
class DealDraft {
  readonly deal: Deal;
  openTriggers: Trigger[];
  upcomingMeetings: Meeting[];
  /** Made on the first change: most messages a deal gets fire or end nothing. */
  private changed: Map<string, Trigger> | null = null;
  private readonly stageChanges: StageChange[] = [];
  private ownContacts = false;

  constructor(
    private readonly context: EngineContext,
    state: DealState,
  ) {
    this.deal = { ...state.deal };
    this.openTriggers = state.openTriggers;
    this.upcomingMeetings = state.upcomingMeetings;
  }

  addContact(address: string): void {
    if (!this.ownContacts) {
      this.deal.contacts = [...this.deal.contacts];
      this.ownContacts = true;
    }
    this.deal.contacts.push(address);
  }

  get isOpen(): boolean {
    return this.deal.status === 'open';
  }

  /** Fires a trigger under the rule of the deal's current stage; with no rule nothing fires. */
  fire(kind: TriggerKind, at: Instant, cause: TriggerCause, stakeholder: string | null = null): Trigger | null {
    const rule = ruleFor(this.context.workflow, this.deal.stage, kind);
    if (!rule) return null;
    this.deal.triggerCount += 1;
    const trigger: Trigger = {
      id: triggerId(this.deal.id, kind, cause, stakeholder),
      deal: this.deal.id,
      seq: this.deal.triggerCount,
      kind,
      stage: this.deal.stage,
      action: rule.action,
      stakeholder,
      firedAt: at,
      dueAt: this.context.calendar.addWorkingMinutes(at, rule.maxDelay),
      status: 'open',
      resolvedAt: null,
      resolvedBy: null,
      latencyMinutes: null,
      businessMinutes: null,
      withinSla: null,
    };
    this.openTriggers = [...this.openTriggers, trigger];
    (this.changed ??= new Map()).set(trigger.id, trigger);
    return trigger;
  }

  /** Ends an open trigger. Only `done` counts as action and carries latency. */
  end(trigger: Trigger, status: Exclude<TriggerStatus, 'open'>, at: Instant, by: string | null = null): void {
    const ended: Trigger = { ...trigger, status, resolvedAt: at, resolvedBy: by };
    if (status === 'done') {
      ended.latencyMinutes = (at - trigger.firedAt) / MINUTE;
      ended.businessMinutes = this.context.calendar.workingMinutesBetween(trigger.firedAt, at);
      ended.withinSla = at <= trigger.dueAt;
    }
    this.openTriggers = this.openTriggers.filter((open) => open.id !== trigger.id);
    (this.changed ??= new Map()).set(ended.id, ended);
  }

  /** Records a stage change and returns its id, which is what its stage_entered is fired by. */
  recordStageChange(change: Omit<StageChange, 'id' | 'deal'>): TriggerCause {
    this.deal.stageChangeCount += 1;
    const id = `${this.deal.id}/${this.deal.stageChangeCount}`;
    this.stageChanges.push({ id, deal: this.deal.id, ...change });
    return { stageChange: id };
  }

  /** The silence now running, as what a quiet trigger is fired by: it began at the last exchange. */
  silenceCause(): TriggerCause {
    return { silenceSince: this.deal.lastActivityAt ?? this.deal.createdAt };
  }

  /** A time-based trigger's moment was reached (fired or left waiting): later input at or before it is late. */
  reachedTimer(at: Instant): void {
    this.deal.appliedThrough = laterKey(this.deal.appliedThrough, timerKey(at));
  }

  /**
   * A new silence starts at an exchange with the buyer side. Mail can arrive late (a thread first
   * opened days after it was written), so an older exchange never shortens the current silence.
   */
  startSilence(at: Instant): void {
    if (this.deal.lastActivityAt !== null && this.deal.lastActivityAt >= at) return;
    this.deal.lastActivityAt = at;
    this.deal.quietDueAt = quietDueAfter(this.context, at);
    this.deal.quietWaiting = false;
  }

  result(): Transition {
    return {
      state: { deal: this.deal, openTriggers: this.openTriggers, upcomingMeetings: this.upcomingMeetings },
      triggers: this.changed ? [...this.changed.values()] : [],
      stageChanges: this.stageChanges,
    };
  }
}

/** A transition that changes nothing. */
export function unchanged(state: DealState): Transition {
  return { state, triggers: [], stageChanges: [] };
}

function requireStage(context: EngineContext, stageId: string): void {
  if (stageIndex(context.workflow, stageId) < 0) throw new DomainError(`unknown stage "${stageId}"`);
}

function requireOpen(deal: Deal): void {
  if (deal.status !== 'open') throw new DomainError(`deal "${deal.id}" is closed (${deal.status})`);
}

export interface NewDeal {
  id: string;
  title: string;
  /** Default: the workflow's first stage. */
  stage?: string | undefined;
  /** Normalized buyer-side addresses. */
  contacts: readonly string[];
  at: Instant;
  /**
   * Mail of the deal's threads written before the deal was created, oldest first (see `createDeal`).
   * Its people become contacts and its times the deal's last activity; it fires and resolves nothing.
   */
  history?: readonly EngineMessage[] | undefined;
}

/**
 * A new deal enters its stage. The mail it was tracked from is its history: Ember could not have acted
 * on it, so it fires nothing, except that a buyer message left unanswered at the end of that history
 * fires one buyer_replied at the creation, and a silence that had already turned quiet is due then.
 */
export function createDeal(context: EngineContext, input: NewDeal): Transition {
  const stage = input.stage ?? context.workflow.stages[0]!.id;
  requireStage(context, stage);
  const deal: Deal = {
    id: input.id,
    title: input.title,
    stage,
    status: 'open',
    contacts: [],
    createdAt: input.at,
    closedAt: null,
    lastActivityAt: null,
    lastInboundAt: null,
    latestMessageAt: null,
    latestThread: null,
    quietDueAt: null,
    quietWaiting: false,
    triggerCount: 0,
    stageChangeCount: 0,
    appliedThrough: NO_KEY,
  };
  let unanswered: EngineMessage | null = null;
  for (const message of input.history ?? []) {
    const buyers = buyerParticipants(context, message);
    for (const address of buyers) if (!deal.contacts.includes(address)) deal.contacts.push(address);
    if (deal.latestMessageAt === null || message.at >= deal.latestMessageAt) {
      deal.latestMessageAt = message.at;
      deal.latestThread = message.thread;
    }
    if (buyers.length === 0) continue;
    deal.lastActivityAt = Math.max(deal.lastActivityAt ?? message.at, message.at);
    if (context.sides.isBuyer(message.from)) {
      deal.lastInboundAt = Math.max(deal.lastInboundAt ?? message.at, message.at);
      unanswered = message;
    } else unanswered = null;
  }
  for (const address of input.contacts) if (!deal.contacts.includes(address)) deal.contacts.push(address);
  deal.quietDueAt = Math.max(quietDueAfter(context, deal.lastActivityAt ?? input.at), input.at);
  const draft = new DealDraft(context, { deal, openTriggers: [], upcomingMeetings: [] });
  draft.fire(
    'stage_entered',
    input.at,
    draft.recordStageChange({ from: null, to: stage, at: input.at, evidence: null }),
  );
  if (unanswered) draft.fire('buyer_replied', input.at, { message: unanswered.id });
  return draft.result();
}

/** Buyer-side addresses among a message's participants, in from, to, cc order, without repeats. */
export function buyerParticipants(
  context: EngineContext,
  message: Pick<EngineMessage, 'from' | 'to' | 'cc'>,
): string[] {
  const { sides } = context;
  const { to, cc } = message;
  if (to.length + cc.length > FEW_PARTICIPANTS) {
    return [...new Set([message.from, ...to, ...cc].filter((address) => sides.isBuyer(address)))];
  }
  // The usual message has a handful of people: a short list searched costs less than sets and spreads.
  const buyers: string[] = [];
  if (sides.isBuyer(message.from)) buyers.push(message.from);
  for (const address of to) if (sides.isBuyer(address) && !buyers.includes(address)) buyers.push(address);
  for (const address of cc) if (sides.isBuyer(address) && !buyers.includes(address)) buyers.push(address);
  return buyers;
}

const FEW_PARTICIPANTS = 16;

/** The deal as having seen `message`: mail can arrive late, so an older message leaves the latest as it was. */
function noteLatestMessage(deal: Deal, message: EngineMessage): void {
  if (deal.latestMessageAt !== null && deal.latestMessageAt > message.at) return;
  deal.latestMessageAt = message.at;
  deal.latestThread = message.thread;
}

/** A message that belongs to this deal. On a closed deal it is only recorded. */
export function applyMessage(context: EngineContext, state: DealState, message: EngineMessage): Transition {
  if (state.deal.status !== 'open') {
    const deal = { ...state.deal };
    noteLatestMessage(deal, message);
    return unchanged({ ...state, deal });
  }
  // The draft's deal is its own copy: noted in place, the state is copied once per message, not twice.
  const draft = new DealDraft(context, state);
  noteLatestMessage(draft.deal, message);
  const { sides } = context;
  const fromBuyer = sides.isBuyer(message.from);
  const buyers = buyerParticipants(context, message);

  // Step 1: newcomers join; those the buyer side brought in are new stakeholders.
  for (const address of buyers) {
    // `buyers` has no repeats, so the contacts as they stand tell who is new.
    if (draft.deal.contacts.includes(address)) continue;
    draft.addContact(address);
    if (fromBuyer) draft.fire('new_stakeholder', message.at, { message: message.id }, address);
  }

  if (fromBuyer) {
    draft.deal.lastInboundAt = Math.max(draft.deal.lastInboundAt ?? message.at, message.at);
    // Step 2: the buyer broke any silence; one buyer_replied at a time, timed from the first unanswered reply.
    // `end` replaces the list, so this walks the triggers open before the message.
    for (const trigger of draft.openTriggers) {
      if (trigger.kind === 'quiet') draft.end(trigger, 'superseded', message.at, message.id);
    }
    if (!draft.openTriggers.some((open) => open.kind === 'buyer_replied')) {
      draft.fire('buyer_replied', message.at, { message: message.id });
    }
  } else {
    // Step 3: a seller-side message to the buyer side is action on what fired before it.
    const addressed = new Set([...message.to, ...message.cc].filter((address) => sides.isBuyer(address)));
    if (addressed.size > 0) {
      for (const trigger of draft.openTriggers) {
        if (trigger.firedAt > message.at) continue;
        if (trigger.kind === 'new_stakeholder' && !addressed.has(trigger.stakeholder ?? '')) continue;
        draft.end(trigger, 'done', message.at, message.id);
      }
    }
  }

  // Step 4: only an exchange with the buyer side counts as activity.
  if (buyers.length > 0) draft.startSilence(message.at);
  return draft.result();
}

/** The next time-based trigger of an open deal, or null when none is scheduled. */
export function nextTimerAt(state: DealState): Instant | null {
  if (state.deal.status !== 'open') return null;
  let next = state.deal.quietDueAt;
  for (const meeting of state.upcomingMeetings) {
    if (next === null || meeting.end < next) next = meeting.end;
  }
  return next;
}

/** Fires, each at its own due time, every time-based trigger due at or before `upTo`. */
export function fireDueTimers(context: EngineContext, state: DealState, upTo: Instant): Transition {
  const next = nextTimerAt(state);
  if (next === null || next > upTo) return unchanged(state);
  const draft = new DealDraft(context, state);
  for (;;) {
    const quietAt = draft.deal.quietDueAt;
    const meeting = draft.upcomingMeetings[0];
    const quietIsNext = quietAt !== null && quietAt <= upTo && (!meeting || quietAt <= meeting.end);
    if (quietIsNext) {
      draft.deal.quietDueAt = null;
      draft.reachedTimer(quietAt);
      // Anything open means the silence is the rep's own and already in the queue.
      if (draft.openTriggers.length > 0) draft.deal.quietWaiting = true;
      else draft.fire('quiet', quietAt, draft.silenceCause());
    } else if (meeting && meeting.end <= upTo) {
      draft.upcomingMeetings = draft.upcomingMeetings.slice(1);
      draft.reachedTimer(meeting.end);
      draft.fire('meeting_ended', meeting.end, { meeting: meeting.id });
    } else {
      return draft.result();
    }
  }
}

/**
 * A meeting is recorded. One that has already ended fires meeting_ended at once, timed from its end,
 * and `reply` (the earliest seller-side message to the buyer side at or after its end) resolves it.
 */
export function recordMeeting(
  context: EngineContext,
  state: DealState,
  meeting: Meeting,
  reply: SellerReply | null,
): Transition {
  if (meeting.end < meeting.start) throw new DomainError('a meeting cannot end before it starts');
  if (state.deal.status !== 'open' || meeting.declined === true || meeting.history === true) return unchanged(state);
  const draft = new DealDraft(context, state);
  if (meeting.end > meeting.recordedAt) {
    draft.upcomingMeetings = [...draft.upcomingMeetings, meeting].sort((a, b) => a.end - b.end);
    return draft.result();
  }
  const trigger = draft.fire('meeting_ended', meeting.end, { meeting: meeting.id });
  if (trigger && reply && reply.at >= meeting.end) draft.end(trigger, 'done', reply.at, reply.id);
  return draft.result();
}

export interface Advance {
  /** Default: the next stage in workflow order. */
  to?: string | undefined;
  at: Instant;
  evidence?: string | null | undefined;
}

/** Moves a deal to another stage; skipping ahead and moving back are both allowed. */
export function advanceStage(context: EngineContext, state: DealState, advance: Advance): Transition {
  requireOpen(state.deal);
  const { stages } = context.workflow;
  const current = stageIndex(context.workflow, state.deal.stage);
  let to = advance.to;
  if (to === undefined) {
    const next = stages[current + 1];
    if (!next) throw new DomainError(`"to" is required: "${state.deal.stage}" is the last stage`);
    to = next.id;
  }
  requireStage(context, to);
  if (to === state.deal.stage) throw new DomainError(`deal "${state.deal.id}" is already in stage "${to}"`);
  const draft = new DealDraft(context, state);
  const change = draft.recordStageChange({
    from: state.deal.stage,
    to,
    at: advance.at,
    evidence: advance.evidence ?? null,
  });
  draft.deal.stage = to;
  draft.fire('stage_entered', advance.at, change);
  return draft.result();
}

/** Closes a deal won or lost: its open triggers end as closed, and nothing fires on it again. */
export function closeDeal(context: EngineContext, state: DealState, outcome: Outcome, at: Instant): Transition {
  requireOpen(state.deal);
  const draft = new DealDraft(context, state);
  for (const trigger of draft.openTriggers) draft.end(trigger, 'closed', at);
  draft.deal.status = outcome;
  draft.deal.closedAt = at;
  draft.deal.quietDueAt = null;
  draft.deal.quietWaiting = false;
  draft.upcomingMeetings = [];
  return draft.result();
}

/** The rep dismisses the deal's open triggers of a kind (only one stakeholder's, when given). */
export function dismissTriggers(
  context: EngineContext,
  state: DealState,
  kind: TriggerKind,
  stakeholder: string | null,
  at: Instant,
): Transition {
  if (stakeholder !== null && kind !== 'new_stakeholder') {
    throw new DomainError(`"stakeholder" applies only to new_stakeholder, not ${kind}`);
  }
  if (state.deal.status !== 'open') return unchanged(state);
  const draft = new DealDraft(context, state);
  for (const trigger of draft.openTriggers) {
    if (trigger.kind === kind && (stakeholder === null || trigger.stakeholder === stakeholder)) {
      draft.end(trigger, 'dismissed', at);
    }
  }
  // A silence that waited behind what was just dismissed is the rep's to act on now.
  if (draft.deal.quietWaiting && draft.openTriggers.length === 0) {
    draft.deal.quietWaiting = false;
    draft.fire('quiet', at, draft.silenceCause());
  }
  return draft.result();
}
