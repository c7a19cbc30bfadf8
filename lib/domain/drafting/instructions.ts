import type { Action } from '../workflow';

/** What each kind of email must do, as told to a provider. Templates follow the same brief. */
export const DRAFT_INSTRUCTIONS: Record<Action, string> = {
  book_meeting:
    "Book a meeting. Thank the buyer briefly for their reply, propose the concrete time slots listed under SLOTS (in the buyer's time zone when given) and ask which works. Keep it short.",
  send_recap:
    'Send the recap of the meeting. List what the buyer said, the next steps agreed, and the open questions with who owns each. Ask the buyer to confirm the recap is right.',
  stakeholder_intro:
    'Introduce yourself to the new stakeholder named under TRIGGER. Say who brought them in and why, grounded in what was discussed, and what would be useful to hear from them.',
  follow_up:
    'Follow up with the real reason given under REASON: something new since the last message. Never write an empty "just checking in". Ask one clear question that moves the deal toward its exit criterion.',
  send_proposal:
    'Send the proposal cover note. Connect the proposal to what the buyer said they need, and ask them to confirm it matches and to name a decision date.',
  answer_questions:
    'Answer the open questions the buyer asked, one by one, marking where the rep must fill in an answer they have not given. Ask who signs and when.',
  reply:
    "Reply to the buyer's latest message: acknowledge what they asked or said and answer it, then propose the next step toward the exit criterion.",
};
