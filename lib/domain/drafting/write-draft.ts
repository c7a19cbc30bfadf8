import type { Instant, Trigger } from '../engine/types';
import type { AccountSettings } from '../settings';
import { stageIndex, type Workflow } from '../workflow';
import { draftFromProvider, draftFromTemplate } from './draft';
import { followUpReason } from './facts';
import { buildPrompt } from './prompt';
import {
  providerDraftSchema,
  type Draft,
  type DraftContext,
  type DraftMessage,
  type DraftStakeholder,
  type Prompt,
} from './types';
import { excerptsOf, type VoiceProfile } from './voice';
import { zoneNamedIn } from './buyer-time';
import { isRoleMailbox } from './names';
import { splitSignature } from '../signature';

/** Where drafts are written; the extension's is the OpenAI-compatible client in lib/llm. */
export interface DraftProvider {
  /** The provider's raw answer (parsed JSON); checked here, never trusted. */
  complete(prompt: Prompt): Promise<unknown>;
}

/** A failure worth telling the rep about ("the provider timed out"). */
export class DraftProviderError extends Error {
  override readonly name = 'DraftProviderError';
}

export const NOTE_NO_PROVIDER = "No drafting provider is set up, so this is Ember's template draft.";

export interface DraftSource {
  account: string;
  settings: AccountSettings;
  workflow: Workflow;
  voice: VoiceProfile;
  /** `stageEnteredAt`: when the deal entered `stage` (its last stage change), when known. */
  deal: { title: string; stage: string; checklist?: Record<string, string[]>; stageEnteredAt?: Instant | null };
  trigger: Pick<Trigger, 'id' | 'deal' | 'kind' | 'action' | 'firedAt' | 'dueAt' | 'stakeholder'>;
  contacts: DraftStakeholder[];
  messages: DraftMessage[];
  meetings: DraftContext['meetings'];
  busy?: DraftContext['busy'];
  /** Stage-change evidence the rep typed ("note: …"), with when. */
  notes: DraftContext['notes'];
  reason: string | null;
  now: number;
  tokenBudget: number;
  buyerTimeZone?: string | null;
}

export function buildDraftContext(source: DraftSource): DraftContext {
  // The deal's mail oldest first, once: the context, the lines for tone and the buyer's zone read it.
  // Signatures are cut here: a title or a phone number is neither the rep's voice nor a buyer's ask.
  const messages = [...source.messages]
    .sort((a, b) => a.at - b.at)
    .map((message) => {
      const { body, signature } = splitSignature(message.text);
      return signature === '' ? message : { ...message, text: body, signature };
    });
  const index = stageIndex(source.workflow, source.deal.stage);
  const stage = source.workflow.stages[index];
  const next = source.workflow.stages[index + 1];
  const ticked = new Set(source.deal.checklist?.[source.deal.stage] ?? []);
  return {
    action: source.trigger.action,
    trigger: {
      id: source.trigger.id,
      kind: source.trigger.kind,
      firedAt: source.trigger.firedAt,
      dueAt: source.trigger.dueAt,
      stakeholder: source.trigger.stakeholder,
    },
    now: source.now,
    rep: {
      account: source.account,
      addresses: source.settings.addresses,
      companyDomains: source.settings.companyDomains,
      timeZone: source.settings.timeZone,
      workingHours: source.settings.workingHours,
      // Lines for tone come from this deal's own sends only: another customer's never enter it.
      voice: {
        ...source.voice,
        excerpts: excerptsOf(
          messages.filter((message) => message.direction === 'outbound').map((message) => message.text),
        ),
      },
    },
    deal: {
      title: source.deal.title,
      stage: {
        id: source.deal.stage,
        name: stage?.name ?? source.deal.stage,
        exitCriterion: stage?.exitCriterion ?? '',
        missing: (stage?.checklist ?? []).filter((item) => !ticked.has(item)),
        enteredAt: source.deal.stageEnteredAt ?? null,
      },
      nextStage: next ? { id: next.id, name: next.name, exitCriterion: next.exitCriterion } : null,
    },
    stakeholders: source.contacts,
    messages,
    meetings: [...source.meetings].sort((a, b) => a.start - b.start),
    busy: source.busy ?? [],
    notes: source.notes,
    reason: source.reason,
    // A zone the buyer's own mail names, latest first, when none is known otherwise.
    buyerTimeZone:
      source.buyerTimeZone ??
      [...messages]
        .reverse()
        .filter((message) => message.direction === 'inbound')
        .map((message) => zoneNamedIn(message.text))
        .find((zone) => zone !== null) ??
      null,
    tokenBudget: source.tokenBudget,
  };
}

/**
 * The draft for a context: the provider's when one is set up and answers well, else the template,
 * with a note saying why. A follow-up with nothing new asks the rep for a reason instead.
 */
export async function writeDraft(context: DraftContext, provider: DraftProvider | null): Promise<Draft> {
  if (context.action === 'follow_up' && !followUpReason(context)) return draftFromTemplate(context);
  // Nobody to write to: a role mailbox gets no introduction, from a provider or a template.
  if (
    context.action === 'stakeholder_intro' &&
    context.trigger.stakeholder &&
    isRoleMailbox(context.trigger.stakeholder)
  )
    return draftFromTemplate(context);
  if (!provider) return draftFromTemplate(context, NOTE_NO_PROVIDER);
  try {
    const answer = providerDraftSchema.safeParse(await provider.complete(buildPrompt(context).prompt));
    if (!answer.success) throw new DraftProviderError('its answer was not a valid draft');
    return draftFromProvider(context, answer.data);
  } catch (error) {
    const why = error instanceof DraftProviderError ? error.message : 'it could not be reached';
    return draftFromTemplate(context, `The drafting provider failed (${why}), so this is Ember's template draft.`);
  }
}
