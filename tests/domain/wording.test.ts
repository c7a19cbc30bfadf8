import { describe, expect, test } from 'vitest';
import { ACTION_TEXT, actionSentence } from '@/lib/domain/wording';
import { ACTIONS, type Action } from '@/lib/domain/workflow';

const PERSON = 'lee@acme.example';

/** Each action as the rep reads it about one person: a sentence, not the action with an address pasted on. */
const WITH_PERSON: Record<Action, string> = {
  book_meeting: 'Book the meeting with lee@acme.example',
  send_recap: 'Send the recap to lee@acme.example',
  stakeholder_intro: 'Introduce yourself to lee@acme.example',
  follow_up: 'Follow up with lee@acme.example, giving a reason',
  send_proposal: 'Send the proposal to lee@acme.example',
  answer_questions: 'Answer the open questions from lee@acme.example',
  reply: 'Reply to lee@acme.example',
};

describe('action wording', () => {
  test.each(ACTIONS)('%s about a person names them in a sentence', (action) => {
    expect(actionSentence(action, PERSON)).toBe(WITH_PERSON[action]);
  });

  test.each(ACTIONS)('%s about no one in particular is the action alone', (action) => {
    expect(actionSentence(action, null)).toBe(ACTION_TEXT[action]);
    expect(actionSentence(action, '')).toBe(ACTION_TEXT[action]);
  });
});
