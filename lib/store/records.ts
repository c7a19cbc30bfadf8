import type { MessageDirection, ThreadLink } from '@/lib/domain/engine/engine';
import type { Deal, Instant, Meeting, StageChange, Trigger } from '@/lib/domain/engine/types';
import type { Draft } from '@/lib/domain/drafting/types';
import type { Outcome } from '@/lib/domain/engine/types';
import type { TriggerKind, Workflow } from '@/lib/domain/workflow';

/** Rows of one rep account's database. Times are epoch milliseconds. */

/** The engine's deal with the summaries the product reads without touching other tables. */
export interface DealRecord extends Deal {
  openTriggerCount: number;
  /** The deal's next quiet or meeting_ended time; absent from the index when there is none. */
  nextTimerAt: Instant | null;
  /** Meetings recorded but not yet ended: the engine fires meeting_ended at their end. */
  upcomingMeetings: Meeting[];
  /** The earliest due time among open triggers: what thread-row labels colour by. */
  nextDueAt: Instant | null;
  /** Checklist items the rep ticked, per stage id. */
  checklist: Record<string, string[]>;
  /** The rep's inputs recorded on the deal, creation included: it numbers the next (`InputRecord.seq`). */
  inputCount: number;
}

/**
 * What the queue shows of a deal with open triggers, derived from its deal row: kept by the
 * queue-deals middleware, never written directly, never backed up.
 */
export type QueueDealRecord = Pick<DealRecord, 'id' | 'title' | 'stage' | 'latestThread'>;

/** Who a buyer-side person is to the deal; new people start as stakeholders. */
export type ContactRole = 'buyer' | 'champion' | 'stakeholder' | 'signer';

export interface ContactRecord {
  deal: string;
  address: string;
  name: string | null;
  role: ContactRole;
  firstSeenAt: Instant;
  /** The last message this person sent; null until they write. */
  lastHeardAt: Instant | null;
}

export interface ThreadRecord {
  id: string;
  /** null: the rep unlinked it, so its mail is not deal mail. */
  deal: string | null;
  linkedBy: ThreadLink;
  subject: string;
  linkedAt: Instant;
}

export interface MessageRecord {
  id: string;
  thread: string;
  /** null while unlinked (ambiguous between deals). */
  deal: string | null;
  from: string;
  to: string[];
  cc: string[];
  at: Instant;
  direction: MessageDirection;
  subject: string;
  /** The body without quoted replies and signatures, as plain text. */
  text: string;
  snippet: string;
  /** The closing lines ("Best,\nSam") before cleaning removed them: part of the sender's voice. */
  closing: string | null;
}

export interface UnlinkedRecord {
  message: string;
  thread: string;
  from: string;
  at: Instant;
  candidates: string[];
}

/**
 * The record of what happened, from which every deal is derived (lib/domain/engine/fold.ts): each
 * message Ember learned of (the copy kept, without its text) and each input the rep made on a deal.
 * Deals, triggers, stage events, contacts and thread links are the engine's fold of these; whatever
 * order they arrived in, folding them in time order gives the same deal.
 */
export type InputRecord = MessageInputRecord | DealInputRecord;

export interface MessageInputRecord {
  /** The message id. */
  id: string;
  kind: 'message';
  /** The deal the message is placed on; null for mail ambiguous between deals or belonging to none. */
  deal: string | null;
  at: Instant;
  thread: string;
  from: string;
  to: string[];
  cc: string[];
  subject: string;
  /** Buyer or seller: every address of from, to and cc, for finding the mail a new contact wrote. */
  participants: string[];
  /** An incomplete copy (the unread feed's): any full copy replaces it. */
  partial: boolean;
  /** Display names as the headers gave them, by address. */
  names: Record<string, string>;
}

interface DealInputBase {
  /** `${deal}:${seq}`. */
  id: string;
  deal: string;
  at: Instant;
  /** Orders the deal's inputs made at the same instant: the order they were made in. */
  seq: number;
}

export type DealInputRecord = DealInputBase &
  (
    | { kind: 'create'; title: string; stage: string; contacts: string[] }
    | { kind: 'advance'; to: string; evidence: string | null }
    | { kind: 'close'; outcome: Outcome }
    | { kind: 'dismiss'; trigger: TriggerKind; stakeholder: string | null }
    | {
        kind: 'meeting';
        /** The rep's own: a fresh id; a calendar event's: `calendarMeetingId(event, deal)`. */
        meeting: string;
        title: string | null;
        start: Instant;
        end: Instant;
        declined?: boolean;
        history?: boolean;
      }
    | { kind: 'checklist'; stage: string; item: string; done: boolean }
    | { kind: 'role'; address: string; role: ContactRole }
  );

/** A deal input before the store numbers it. */
export type DealInputFields = DealInputRecord extends infer Input
  ? Input extends DealInputRecord
    ? Omit<Input, 'id' | 'seq'>
    : never
  : never;

export type StageEventRecord = StageChange;
export type MeetingRecord = Meeting;
export type TriggerRecord = Trigger;

/** A draft kept for a trigger, valid while the deal's history hashes the same. */
export interface DraftRecord {
  trigger: string;
  deal: string;
  historyHash: string;
  createdAt: Instant;
  draft: Draft;
}

export interface SettingRecord {
  key: string;
  value: unknown;
}

/** Every saved workflow, so a deal's history keeps the stage names it had. */
export interface WorkflowVersionRecord {
  version: number;
  savedAt: Instant;
  workflow: Workflow;
}
