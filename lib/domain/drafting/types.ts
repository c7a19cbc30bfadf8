import { z } from 'zod';
import type { MessageDirection } from '../engine/engine';
import type { Instant } from '../engine/types';
import type { WorkingHours } from '../working-hours';
import type { Action, TriggerKind } from '../workflow';
import type { VoiceProfile } from './voice';
import type { AdvanceSuggestion } from './exit-signals';

/** Everything a draft may draw on: the whole relationship, as data. Email text here is untrusted. */
export interface DraftMessage {
  id: string;
  from: string;
  to: string[];
  cc: string[];
  at: Instant;
  direction: MessageDirection;
  subject: string;
  /** Cleaned body: quoted replies removed at ingestion, the sign-off and signature block when the context is built. */
  text: string;
  /** The sign-off and signature block cut from `text` (its phone numbers and links are known facts). */
  signature?: string;
  /** The Gmail thread, when known: an empty subject takes its thread's first. */
  thread?: string;
}

export interface DraftStakeholder {
  address: string;
  name: string | null;
  role: string;
  firstSeenAt: Instant;
  lastHeardAt: Instant | null;
}

export interface DraftContext {
  action: Action;
  trigger: { id: string; kind: TriggerKind; firedAt: Instant; dueAt: Instant; stakeholder: string | null };
  now: Instant;
  rep: {
    account: string;
    addresses: string[];
    companyDomains: string[];
    timeZone: string;
    workingHours: WorkingHours;
    voice: VoiceProfile;
  };
  deal: {
    title: string;
    /** `enteredAt`: when the deal entered the stage, when known. */
    stage: { id: string; name: string; exitCriterion: string; missing: string[]; enteredAt: Instant | null };
    nextStage: { id: string; name: string; exitCriterion: string } | null;
  };
  stakeholders: DraftStakeholder[];
  /** Every message of the deal, oldest first. */
  messages: DraftMessage[];
  meetings: { title: string | null; start: Instant; end: Instant }[];
  /** When the rep's calendar is busy in the weeks ahead (Google's free/busy, when connected): no slot is offered there. */
  busy: { start: Instant; end: Instant }[];
  /** The rep's own notes (typed evidence), oldest first. */
  notes: { at: Instant; text: string }[];
  /** A reason the rep typed for this email, if any. */
  reason: string | null;
  /** The buyer's time zone, when known. */
  buyerTimeZone: string | null;
  /** History budget in tokens. */
  tokenBudget: number;
}

/** What a provider must answer, checked with zod before anything is shown. */
export const providerDraftSchema = z.object({
  subject: z.string().max(300),
  body: z.string().min(1).max(20_000),
  reason: z.string().max(1_000),
  factsUsed: z.array(z.string()).max(200),
  questions: z.array(z.string().max(500)).max(10),
});
export type ProviderDraft = z.infer<typeof providerDraftSchema>;

export interface Prompt {
  system: string;
  user: string;
}

export interface Draft {
  kind: Action;
  subject: string;
  body: string;
  to: string[];
  cc: string[];
  source: 'template' | 'provider';
  /** Message ids the draft relies on. */
  factsUsed: string[];
  /** Things the rep must check before inserting (links, addresses or numbers no message contains). */
  warnings: string[];
  /** Exactly what would go to a provider. */
  prompt: Prompt;
  /** Why the template is shown (no provider, or how the provider failed), for the UI. */
  note: string | null;
  /** A follow-up with nothing new to say: the rep is asked for a reason instead. */
  needsReason: boolean;
  /** The provider's questions for the rep. */
  questions: string[];
  /** Why it is sent now. */
  reason: string;
  /** The buyer's latest message meets the stage's exit criterion: the rep may advance with it as evidence. */
  advance: AdvanceSuggestion | null;
}
