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

export const TRIGGER_TEXT: Record<TriggerKind, string> = {
  buyer_replied: 'Buyer replied',
  meeting_ended: 'Meeting ended',
  quiet: 'Gone quiet',
  new_stakeholder: 'New stakeholder',
  stage_entered: 'Entered stage',
};
