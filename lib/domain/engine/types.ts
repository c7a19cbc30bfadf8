import type { Action, TriggerKind } from '../workflow';
import type { OrderKey } from './order';

/** Times are epoch milliseconds throughout the engine; the edges convert to and from ISO strings. */
export type Instant = number;

export type DealStatus = 'open' | 'won' | 'lost';
export type TriggerStatus = 'open' | 'done' | 'dismissed' | 'superseded' | 'closed';
export type Outcome = 'won' | 'lost';

export interface Deal {
  id: string;
  title: string;
  stage: string;
  status: DealStatus;
  /** Buyer-side addresses, normalized, in the order they joined. */
  contacts: string[];
  createdAt: Instant;
  closedAt: Instant | null;
  /** The last message with a buyer-side participant; internal mail does not count. */
  lastActivityAt: Instant | null;
  /** The last message from the buyer side. */
  lastInboundAt: Instant | null;
  /** The latest message placed on the deal, from anyone (internal mail too); of two at once, the later placed. */
  latestMessageAt: Instant | null;
  /** The thread of that message: the one to open for the deal. */
  latestThread: string | null;
  /** When the current silence turns quiet; null once it has been handled, and for closed deals. */
  quietDueAt: Instant | null;
  /** The silence turned quiet while other triggers were open: quiet fires if they are all dismissed. */
  quietWaiting: boolean;
  /** Triggers fired so far: it numbers the next one, so trigger ids are deterministic. */
  triggerCount: number;
  /** Stage changes so far, creation included: it numbers the next one. */
  stageChangeCount: number;
  /**
   * The order key (./order.ts) of the latest input or time-based trigger applied to the deal. An input
   * ordered before it arrived late: the deal is then rebuilt from its inputs rather than moved on.
   */
  appliedThrough: OrderKey;
}

export interface Trigger {
  /**
   * Who the trigger is: its deal, kind and stakeholder and the input that fired it (./trigger-id.ts).
   * The same mail and actions in any order give the same ids, so a rebuilt deal keeps its triggers'
   * drafts, snoozes and notifications.
   */
  id: string;
  deal: string;
  /** The order it fired in on its deal (ties in the replay's order); may change when the deal is rebuilt. */
  seq: number;
  kind: TriggerKind;
  /** The deal's stage when the trigger fired. */
  stage: string;
  action: Action;
  /** The new address, for new_stakeholder; else null. */
  stakeholder: string | null;
  firedAt: Instant;
  dueAt: Instant;
  status: TriggerStatus;
  resolvedAt: Instant | null;
  /** The message that ended it, for done and superseded; else null. */
  resolvedBy: string | null;
  /** For done triggers: wall-clock and working minutes from firing to resolution. */
  latencyMinutes: number | null;
  businessMinutes: number | null;
  withinSla: boolean | null;
}

export interface Meeting {
  id: string;
  deal: string;
  title: string | null;
  start: Instant;
  end: Instant;
  recordedAt: Instant;
  /** A calendar meeting the rep declined: kept, marked, and it fires nothing. */
  declined?: boolean;
  /**
   * A meeting that had ended before Ember could know of it (before the calendar was connected, or
   * before its deal was tracked): history, not news, so it fires nothing.
   */
  history?: boolean;
}

export interface StageChange {
  /** `${deal}/${n}`: deterministic, so a backup merges without duplicates. */
  id: string;
  deal: string;
  /** null when the deal was created in `to`. */
  from: string | null;
  to: string;
  at: Instant;
  /** A message id or a free-text note from the rep. */
  evidence: string | null;
}

/** What the engine needs in memory to apply one event to one deal. */
export interface DealState {
  deal: Deal;
  openTriggers: Trigger[];
  /** Meetings whose end has not come yet; meeting_ended fires at their end. */
  upcomingMeetings: Meeting[];
}

/** A deal after one event, with every trigger created or changed by it (in the order they fired). */
export interface Transition {
  state: DealState;
  triggers: Trigger[];
  stageChanges: StageChange[];
}

export interface EngineMessage {
  id: string;
  thread: string;
  at: Instant;
  /** Normalized addresses. */
  from: string;
  to: string[];
  cc: string[];
}

/** A seller-side message to the buyer side: the only thing that counts as action on a trigger. */
export interface SellerReply {
  id: string;
  at: Instant;
}
