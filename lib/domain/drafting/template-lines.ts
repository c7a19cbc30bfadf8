import { buyerLanguage, greetingNameOf, lastMessage, openQuestions, recipients } from './facts';
import { deadlineIn } from './deal-facts';
import { advanceSuggestion } from './exit-signals';
import { kindOfSend } from './send-kind';
import type { DraftContext } from './types';
import type { Action } from '../workflow';

/**
 * The lines templates are made of, each a rule read from the deal's facts: the next step toward the
 * stage's exit criterion, the buyer's open asks, their deadline, who the invite goes to, what an
 * intro covers, an offer delivered. No line quotes the buyer except an ask, listed for the rep.
 */

/**
 * The next step a reply proposes, toward the exit criterion of the stage the deal is working on:
 * the next stage's when the buyer's latest message already met the current one. Written for the
 * buyer, per default stage; a custom stage gets a placeholder the rep fills in.
 */
const NEXT_STEP_TOWARD: Readonly<Record<string, string>> = {
  identify: 'Would it be worth a short conversation about [the reason to talk]?',
  contact: 'Would you have 30 minutes for a call in the next few days? [two times that suit you]',
  discovery: 'As a next step, could we take 30 minutes so I understand [the problem] in your words?',
  propose: 'As a next step, I will send you a proposal built on what you described by [date].',
  resolve: 'Before you decide: is there anything your team still needs answered, and who on your side signs?',
  close: 'As a next step, I will send the order form for signature by [date].',
};

/**
 * What an introduction may say it will cover, by what the introducing message is about. The
 * lines are Ember's: what the referrer said about the newcomer is not repeated to them.
 */
export const INTRO_TOPICS: readonly { pattern: RegExp; line: string }[] = [
  {
    pattern: /\b(?:pric\w*|cost\w*|budget|numbers|commercials|quote)\b/i,
    line: 'On pricing: [the number, or when you will send it]',
  },
  {
    pattern: /\b(?:security|soc ?2|sso|saml|gdpr|compliance|infosec)\b/i,
    line: 'On security: [what you will send, e.g. the security pack]',
  },
  { pattern: /\b(?:contract|msa|legal|terms|dpa|paperwork)\b/i, line: 'On the paperwork: [where the contract stands]' },
  {
    pattern: /\b(?:rollout|roll out|implementation|deploy\w*|go[- ]live|migration|admin setup)\b/i,
    line: 'On the rollout: [the plan, in one line]',
  },
];

/** An introducing message that asks the two to meet ("Could you two find 30 minutes this week?"). */
export const MEET_ASK =
  /\b(?:could|can|would) you (?:two|both)\b|\b(?:find|grab|set up|schedule|book)\b[^.?!]*\b(?:\d+ min(?:ute)?s|time|a call|a meeting|a chat)\b/i;

/** A send of the rep's that delivered something ("attached", "here is", "I sent"). */
export const SENT_SOMETHING = /\b(?:attached|i(?:'ve| have)? sent|here(?:'s| is| are))\b/i;
/** Said of someone who decides: a title that signs, or signing itself. */
export const DECIDER =
  /\b(?:cfo|ceo|coo|president|budget owner|decides|signs|signs off|approves|will (?:sign|approve|decide))\b|\bsign-off from\b/i;

/** The default stages from the proposal on: an intro this late asks what they need to go ahead. */
export const LATE_STAGES = new Set(['propose', 'resolve', 'close']);
/** The most topics an introduction names: more reads as a form. */
export const MAX_INTRO_TOPICS = 2;

/** Toward Discovery's criterion once the rep has sent a recap: the buyer confirms it. */
const CONFIRM_RECAP = 'Does my recap capture the problem as you see it? Correct anything I missed.';
/** Toward Propose's criterion once the proposal is out: the buyer confirms it and names a date. */
const CONFIRM_PROPOSAL = 'Does the proposal match what your team needs, and when do you expect to decide?';

export function nextStepLine(context: DraftContext): string | null {
  const advance = advanceSuggestion(context);
  const toward = advance ? advance.to : context.deal.stage.id;
  const name = advance ? advance.toName : context.deal.stage.name;
  if (!advance && !context.deal.nextStage) return null;
  // A recap or proposal the buyer has not answered is what to confirm. Once they wrote back without
  // confirming it (else the advance would be suggested), asking again reads as not having read
  // their reply: the draft moves on to the step after.
  const lastIn = lastMessage(context, 'inbound');
  const lastSent = (kind: Action) => {
    for (let index = context.messages.length - 1; index >= 0; index -= 1) {
      const message = context.messages[index]!;
      if (message.direction === 'outbound' && kindOfSend(message, context.messages[index - 1]) === kind) return message;
    }
    return undefined;
  };
  const recap = toward === 'discovery' ? lastSent('send_recap') : undefined;
  if (recap) return lastIn && lastIn.at > recap.at ? NEXT_STEP_TOWARD.propose! : CONFIRM_RECAP;
  const proposal = toward === 'propose' ? lastSent('send_proposal') : undefined;
  if (proposal) return lastIn && lastIn.at > proposal.at ? NEXT_STEP_TOWARD.resolve! : CONFIRM_PROPOSAL;
  return NEXT_STEP_TOWARD[toward] ?? `As a next step, [what moves us toward ${name}].`;
}

/** The buyer put the deal on hold until something happens ("ping me when it ships"). */
export const PAUSED_UNTIL =
  /\b(?:ping|tell|let) (?:me|us) (?:know )?(?:when|once)\b|\bonce (?:it|that|this|the [\p{L}-]+) (?:ships|is (?:live|ready|out|done|shipped))\b|\b(?:circle|come) back (?:when|once|after)\b|\bhold off until\b/iu;

/** "We shipped…" after "A quick update:" reads "we shipped…"; a name or "I" keeps its capital. */
export const lowerFirst = (text: string) =>
  /^(?:We|Our|The|A|An)\b/.test(text) ? text.charAt(0).toLowerCase() + text.slice(1) : text;

/** The rep offered something ("I can send a one-pager", "happy to share the pack", "shall I send…"). */
const OFFERS =
  /\b(?:i can|i could|we can|happy to|glad to|want me to|shall i|should i|i'd be happy to|i'm happy to)\s+(?:send|share|put|write|prepare|draft|set up|pull together|make)\b/i;
/** The buyer took it up ("the one-pager would help", "yes please", "please do"). */
const ACCEPTS =
  /\b(?:would (?:really )?(?:help|be (?:great|helpful|useful|perfect))|yes,? please|please do|go ahead|that works|sounds good|sounds great)\b/i;

/** What the rep offered and the buyer accepted is delivered: said, with what it is left to the rep. */
export function deliveredLine(context: DraftContext): string | null {
  const lastIn = lastMessage(context, 'inbound');
  const offer = context.messages.findLast(
    (message) => message.direction === 'outbound' && (!lastIn || message.at < lastIn.at),
  );
  if (!lastIn || !offer || !OFFERS.test(offer.text) || !ACCEPTS.test(lastIn.text)) return null;
  return 'As offered, [what you offered: attached, or when it follows].';
}

/** The person a buyer brings: "I'd like Oliver … to join", "I'll bring Marco". */
const NAMED_GUEST =
  /\b(?:like|want|have|get)\s+(\p{Lu}\p{Ll}+)\b[^.?!]{0,60}\b(?:to join|join|along|sit in)\b|\b(?:bring(?:ing)?|loop(?:ing)? in|includ(?:e|ing)|invit(?:e|ing))\s+(\p{Lu}\p{Ll}+)\b/u;

/** The buyer's message names someone else coming ("I'll bring Oliver", "Marco should join"). */
const BRINGS_SOMEONE =
  /\b(?:bring(?:ing)?|join(?:ing)?|loop(?:ing)? in|includ(?:e|ing)|invit(?:e|ing)|sit(?:ting)? in)\b/i;

/**
 * Who the invite goes to: the buyer-side people on cc are named as invited; a buyer bringing
 * someone else is asked for their address.
 */
export function inviteLine(context: DraftContext, cc: readonly string[]): string | null {
  const buyerSide = new Set(context.stakeholders.map((person) => person.address));
  const others = cc.filter((address) => buyerSide.has(address));
  if (others.length === 1) return "I'll send the invite to you both.";
  if (others.length > 1) return "I'll send the invite to all of you.";
  const lastIn = lastMessage(context, 'inbound');
  if (!lastIn || !BRINGS_SOMEONE.test(lastIn.text)) return null;
  const named = NAMED_GUEST.exec(lastIn.text);
  const guest = named?.[1] ?? named?.[2];
  return guest && !/^(?:I|We|You|The|Our)$/.test(guest)
    ? `Happy to have ${guest} join: send me ${guest}'s address and I'll add them to the invite.`
    : "Anyone else you'd like on the call is welcome: send me their address and I'll add them to the invite.";
}

/** A date the buyer gave this recently is still theirs: the draft plans toward it instead of asking again. */
export const RECENT_MS = 14 * 24 * 3_600_000;

/** An ask for the proposal itself ("Can you send the formal proposal?"): sending it answers it. */
const ASKS_FOR_PROPOSAL = /\b(?:send|share|forward|route)\b.*\b(?:proposal|quote|pricing|order form)\b/i;

/** The buyer's asks still open, for a draft of another kind: listed, numbered, each with its placeholder. */
export function openAsksLine(context: DraftContext): string | null {
  const open = buyerAsks(
    context,
    (question) => !(context.action === 'send_proposal' && ASKS_FOR_PROPOSAL.test(question)),
  );
  if (open.length === 0) return null;
  const language = buyerLanguage(context);
  const foreign = language !== null && language.code !== 'en';
  return `On your open questions:\n${numberedAsks(context, open, foreign)}`;
}

/** The buyer's deadline, acknowledged: "You need this by the 24th: [what is still open, and when]." */
export function deadlineLine(text: string | undefined): string | null {
  const deadline = text ? deadlineIn(text) : null;
  return deadline ? `You need this ${deadline}: [anything not answered here, and when you will send it]` : null;
}

/**
 * The buyer's asks, numbered, each with a placeholder. A buyer writing another language than the
 * template's is not quoted into an English email: the rep answers from their mail.
 */
export function numberedAsks(context: DraftContext, asks: readonly BuyerAsk[], foreign: boolean): string {
  const to = recipients(context).to[0];
  return asks
    .map((ask, index) => {
      if (foreign) return `${index + 1}. [your answer to their question ${index + 1}]`;
      // Quoted, their words stay theirs ("our standard is net 60" is Kestrel's), and an ask of
      // someone else's than the reader's says whose it is.
      const name = ask.from !== to ? greetingNameOf(context, ask.from) : '';
      return `${index + 1}. ${name ? `${name} asked: ` : ''}"${ask.question}"\n   → [your answer]`;
    })
    .join('\n');
}

/** An ask of the buyer side's, with who asked it. */
export interface BuyerAsk {
  question: string;
  from: string;
}

/** The open asks the rep owes an answer to, with who asked each. */
export function buyerAsks(context: DraftContext, keep: (question: string) => boolean = () => true): BuyerAsk[] {
  const sender = new Map(context.messages.map((message) => [message.id, message.from]));
  return openQuestions(context)
    .filter((q) => q.owner === 'us' && keep(q.question))
    .map((q) => ({ question: q.question, from: sender.get(q.messageId) ?? '' }));
}
