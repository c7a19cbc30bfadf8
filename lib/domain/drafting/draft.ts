import { buyerLanguage, greetingNameOf, recipients } from './facts';
import { buildPrompt } from './prompt';
import { templateDraft } from './templates';
import { steeringWarnings, unknownReferences } from './check';
import { unmark } from './datamark';
import { stripHidden } from '../hidden-text';
import { advanceSuggestion } from './exit-signals';
import type { Draft, DraftContext, ProviderDraft } from './types';

/** Templates are English: a buyer who writes another language is told of, with the way out. */
function languageWarning(context: DraftContext, to: string | undefined): string[] {
  const language = buyerLanguage(context);
  if (!language || language.code === 'en') return [];
  const name = (to && greetingNameOf(context, to)) || 'The buyer';
  return [
    `${name} writes in ${language.name}, and templates are in English: draft this one through a provider (options page → Drafting provider), which writes in ${language.name}, or write it yourself.`,
  ];
}

/** The template draft for a context: what a rep gets with no provider, and every fallback. */
export function draftFromTemplate(context: DraftContext, note: string | null = null): Draft {
  const { to, cc } = recipients(context);
  const { prompt } = buildPrompt(context);
  const template = templateDraft(context, to);
  return {
    kind: context.action,
    subject: template.subject,
    body: template.body,
    to,
    cc,
    source: 'template',
    factsUsed: template.factsUsed,
    warnings: [
      ...(template.needsReason
        ? [
            'Ember needs a reason to follow up: type what is new (a fact, an outcome, a person) and it will draft the email.',
          ]
        : []),
      ...(context.action === 'stakeholder_intro' && template.body === ''
        ? [`${template.reason} Dismiss this action unless someone there is worth writing to.`]
        : []),
      ...languageWarning(context, to[0]),
      ...steeringWarnings(context),
      ...unknownReferences(template, context),
    ],
    prompt,
    note,
    needsReason: template.needsReason,
    questions: [],
    reason: template.reason,
    advance: advanceSuggestion(context),
  };
}

/** A provider's checked answer as a draft; facts it claims that the prompt did not carry are dropped. */
export function draftFromProvider(context: DraftContext, answer: ProviderDraft): Draft {
  const { to, cc } = recipients(context);
  const { prompt, factsUsed } = buildPrompt(context);
  const offered = new Set(factsUsed);
  // A provider may echo the datamarks of the prompt, and its text is no more trusted than mail's:
  // characters that hide or reorder text (zero-width, bidirectional controls) never reach the reply box.
  const subject = stripHidden(unmark(answer.subject));
  const body = stripHidden(unmark(answer.body));
  return {
    kind: context.action,
    subject,
    body,
    to,
    cc,
    source: 'provider',
    factsUsed: answer.factsUsed.filter((id) => offered.has(id)),
    warnings: [...steeringWarnings(context), ...unknownReferences({ subject, body }, context)],
    prompt,
    note: null,
    needsReason: false,
    questions: answer.questions,
    reason: answer.reason,
    advance: advanceSuggestion(context),
  };
}
