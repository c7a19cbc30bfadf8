import type { Action } from '../workflow';
import type { DraftMessage } from './types';

/**
 * Which kind of email a send of the rep's was, read from its subject and text: what lets a prompt
 * show the rep's own past recaps when it asks for a recap. Checked in order; the first that matches
 * wins, and a send that answers nothing in particular is a reply.
 */
const KIND_PATTERNS: readonly [Action, RegExp][] = [
  ['send_recap', /\brecap\b|\bnext steps\b|\bsummary of (?:our|the|today['’]s) (?:call|meeting|conversation)\b/i],
  [
    'send_proposal',
    /\bproposal\b|\bangebot\b|\bofferte\b|\bpropuesta\b|\bproposition commerciale\b|\border form\b|\bquote attached\b|\battached (?:is )?(?:the|our) (?:quote|pricing)\b/i,
  ],
  ['stakeholder_intro', /\bintroduc(?:e|ing|tion)\b|\blooped (?:me|you) in\b|\bnice to (?:e-?)?meet you\b/i],
  [
    'book_meeting',
    /\b\d{1,2}(?::\d\d)?\s?(?:am|pm)\b.*\b(?:work|suit)|\b(?:would|does|do) (?:one of these|any of these|either) (?:times? )?(?:work|suit)\b/is,
  ],
];

/** A numbered list of two or more items under answers: "1. … 2. …". */
const NUMBERED_ANSWERS = /^\s*1[.)]\s.+\n(?:.*\n)*?\s*2[.)]\s/m;

export function kindOfSend(send: DraftMessage, previous: DraftMessage | undefined): Action {
  const text = `${send.subject}\n${send.text}`;
  for (const [kind, pattern] of KIND_PATTERNS) if (pattern.test(text)) return kind;
  if (NUMBERED_ANSWERS.test(send.text) && previous?.direction === 'inbound') return 'answer_questions';
  // A send after the rep's own, with no buyer message between, is a follow-up.
  if (previous?.direction === 'outbound') return 'follow_up';
  return 'reply';
}

/** The most whole emails shown as examples, and the most characters of each. */
const MAX_EXAMPLES = 2;
const MAX_EXAMPLE_CHARS = 1_500;

/**
 * The rep's own emails on this deal to show a provider as examples of their voice: those of the
 * kind being drafted first, newest first, then the newest others. Another deal's mail never
 * appears: its prices and people are not this buyer's.
 */
export function voiceExamples(messages: readonly DraftMessage[], kind: Action): { kind: Action; text: string }[] {
  const sends = messages.flatMap((message, index) =>
    message.direction === 'outbound' && message.text.trim() !== ''
      ? [{ kind: kindOfSend(message, messages[index - 1]), text: message.text, at: message.at }]
      : [],
  );
  const newestFirst = sends.reverse();
  return [...newestFirst.filter((send) => send.kind === kind), ...newestFirst.filter((send) => send.kind !== kind)]
    .slice(0, MAX_EXAMPLES)
    .map((send) => ({
      kind: send.kind,
      text: send.text.length > MAX_EXAMPLE_CHARS ? `${send.text.slice(0, MAX_EXAMPLE_CHARS)} […]` : send.text,
    }));
}
