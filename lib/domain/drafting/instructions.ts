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

/** What the finished email must have, per kind: the provider checks its draft against it. */
export const DRAFT_CHECKLISTS: Record<Action, readonly string[]> = {
  book_meeting: [
    'One sentence of thanks, no more.',
    "Every slot from SLOTS, exactly as written there (both zones when two are given); no other times. If SLOTS says there is none inside the buyer's window, say so and ask for times.",
    'What the call is for, in one line, in the words of the thread.',
    'One question: which slot works, or a time that suits them better.',
  ],
  send_recap: [
    "What the buyer told us, in the rep's words (from REP'S NOTES and the meeting), never the buyer's sentences pasted back.",
    'Next steps, each with who does it and by when; a [placeholder] where the date is not known.',
    'Open questions, split into what the rep will come back on and what the buyer owes.',
    'Ask the buyer to confirm or correct the recap.',
  ],
  stakeholder_intro: [
    'Greet the new person by name; say who looped them in (by name, never by address).',
    'One line on where things stand, without repeating what colleagues said about the new person.',
    'One question about what matters to them.',
  ],
  follow_up: [
    'Open with the new thing under REASON, as news for the buyer.',
    'No "just checking in", "bumping this" or "circling back".',
    'One question that moves the deal toward its exit criterion.',
  ],
  send_proposal: [
    'Tie the proposal to the need the buyer described, in the rep’s words.',
    'Any price, term or date only as it appears under FACTS or in the history; otherwise a [placeholder].',
    'Ask them to confirm it matches their needs and to name the date they will decide.',
  ],
  answer_questions: [
    'Every open question owned by the rep, numbered in the order asked, each with its answer or an [answer] placeholder.',
    'No promise (a feature, a date, a certification) the context does not state.',
    'Ask who signs, and when.',
  ],
  reply: [
    'Answer every question and request of the buyer’s latest message, numbered when there is more than one; a [placeholder] where only the rep knows.',
    'One next step toward the exit criterion.',
  ],
};

/** How long each kind runs, in words: a recap is longer than a booking note, whatever the rep's average. */
export const DRAFT_LENGTHS: Record<Action, { min: number; max: number }> = {
  book_meeting: { min: 40, max: 90 },
  send_recap: { min: 110, max: 220 },
  stakeholder_intro: { min: 60, max: 120 },
  follow_up: { min: 40, max: 90 },
  send_proposal: { min: 70, max: 150 },
  answer_questions: { min: 60, max: 260 },
  reply: { min: 40, max: 140 },
};
