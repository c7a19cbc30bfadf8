import type { Action, TriggerKind } from './workflow';

/** How the product names its actions and triggers to the rep, everywhere (pages, sidebar, notifications). */

export const ACTION_TEXT: Record<Action, string> = {
  book_meeting: 'Book the meeting',
  send_recap: 'Send the recap',
  stakeholder_intro: 'Introduce yourself',
  follow_up: 'Follow up with a reason',
  send_proposal: 'Send the proposal',
  answer_questions: 'Answer the open questions',
  reply: 'Reply',
};

/**
 * Each action about one person (a trigger's stakeholder), as a sentence: the person needs a
 * preposition that depends on the action, so it cannot be appended to ACTION_TEXT. Any action can
 * have a person, since the workflow lets a new-stakeholder rule ask for any action.
 */
const ACTION_WITH_PERSON: Record<Action, (person: string) => string> = {
  book_meeting: (person) => `Book the meeting with ${person}`,
  send_recap: (person) => `Send the recap to ${person}`,
  stakeholder_intro: (person) => `Introduce yourself to ${person}`,
  follow_up: (person) => `Follow up with ${person}, giving a reason`,
  send_proposal: (person) => `Send the proposal to ${person}`,
  answer_questions: (person) => `Answer the open questions from ${person}`,
  reply: (person) => `Reply to ${person}`,
};

/**
 * What to do, about `person` when the trigger names one ("Introduce yourself to lee@acme.example");
 * null or empty is no one in particular.
 */
export function actionSentence(action: Action, person: string | null): string {
  return person ? ACTION_WITH_PERSON[action](person) : ACTION_TEXT[action];
}

export const TRIGGER_TEXT: Record<TriggerKind, string> = {
  buyer_replied: 'Buyer replied',
  meeting_ended: 'Meeting ended',
  quiet: 'Gone quiet',
  new_stakeholder: 'New stakeholder',
  stage_entered: 'Entered stage',
};
