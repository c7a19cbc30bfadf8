import { asksIn } from './asks';
import {
  buyerLanguage,
  followUpReason,
  greetingLine,
  lastMeetingHeld,
  writesFormally,
  lastMessage,
  offeredSlots,
  openQuestions,
  threadMentions,
} from './facts';
import { spokenName } from './names';
import { noteAsCopy, recapMaterial } from './notes';
import { formatSlotInZones } from './slots';
import { replySubject, topicOf } from './subject';
import type { DraftContext } from './types';
import type { Action } from '../workflow';
import { advanceSuggestion } from './exit-signals';
import { spokenDay } from './local-time';
import { decisionDate, quotedPrice } from './deal-facts';
import { kindOfSend } from './send-kind';

/** A template draft: deterministic, no network, good enough to send after light editing. */
export interface TemplateDraft {
  subject: string;
  body: string;
  factsUsed: string[];
  needsReason: boolean;
  reason: string;
}

/**
 * What the rep noted since the meeting began, as recap material a buyer may read (never a line
 * marked internal): the buyer's own sentences are not pasted back at them.
 */
function recapNotes(context: DraftContext): { heard: string[]; next: string[] } {
  const meeting = lastMeetingHeld(context);
  const since = meeting ? meeting.start : -Infinity;
  return recapMaterial(context.notes.filter((note) => note.at >= since).map((note) => note.text));
}

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

/** Toward Discovery's criterion once the rep has sent a recap: the buyer confirms it. */
const CONFIRM_RECAP = 'Does my recap capture the problem as you see it? Correct anything I missed.';
/** Toward Propose's criterion once the proposal is out: the buyer confirms it and names a date. */
const CONFIRM_PROPOSAL = 'Does the proposal match what your team needs, and when do you expect to decide?';

function nextStepLine(context: DraftContext): string | null {
  const advance = advanceSuggestion(context);
  const toward = advance ? advance.to : context.deal.stage.id;
  const name = advance ? advance.toName : context.deal.stage.name;
  if (!advance && !context.deal.nextStage) return null;
  const sent = (kind: Action) =>
    context.messages.some(
      (message, index) => message.direction === 'outbound' && kindOfSend(message, context.messages[index - 1]) === kind,
    );
  if (toward === 'discovery' && sent('send_recap')) return CONFIRM_RECAP;
  if (toward === 'propose' && sent('send_proposal')) return CONFIRM_PROPOSAL;
  return NEXT_STEP_TOWARD[toward] ?? `As a next step, [what moves us toward ${name}].`;
}

/**
 * The buyer's asks, numbered, each with a placeholder. A buyer writing another language than the
 * template's is not quoted into an English email: the rep answers from their mail.
 */
function numberedAsks(asks: readonly string[], foreign: boolean): string {
  return asks
    .map((ask, index) =>
      foreign
        ? `${index + 1}. [your answer to their question ${index + 1}]`
        : `${index + 1}. ${ask}\n   → [your answer]`,
    )
    .join('\n');
}

export function templateDraft(context: DraftContext, to: string[]): TemplateDraft {
  const lastIn = lastMessage(context, 'inbound');
  const last = lastMessage(context);
  const hello = greetingLine(context, to[0]);
  const signOff = context.rep.voice.signOff;
  const subject = replySubject(last?.subject, context.deal.title);
  const { deal } = context;
  const language = buyerLanguage(context);
  const foreign = language !== null && language.code !== 'en';
  const used = (...ids: (string | undefined)[]) => ids.filter((id): id is string => !!id);
  const compose = (...paragraphs: (string | null | false)[]) =>
    [hello, ...paragraphs.filter((p): p is string => !!p), signOff].join('\n\n');

  switch (context.action) {
    case 'book_meeting': {
      const repZone = context.rep.timeZone;
      const buyerZone = context.buyerTimeZone;
      const slots = offeredSlots(context);
      return {
        subject,
        body: compose(
          slots.length > 0
            ? 'Thanks for getting back to me. Would one of these work for a 30-minute call?'
            : 'Thanks for getting back to me. I could not find a time in my working hours inside the window you gave.',
          slots.length > 0
            ? slots.map((slot) => `- ${formatSlotInZones(slot, repZone, buyerZone)}`).join('\n')
            : 'Could you send me two or three times that suit you? [or offer times outside your usual hours]',
          slots.length > 0 ? 'If none suits you, send me a time that does and I will make it work.' : null,
        ),
        factsUsed: used(lastIn?.id),
        needsReason: false,
        reason: 'The buyer replied and agreed to talk: book the meeting while it is fresh.',
      };
    }
    case 'send_recap': {
      const { heard, next } = recapNotes(context);
      const meeting = lastMeetingHeld(context);
      const open = openQuestions(context);
      const ours = open.filter((q) => q.owner === 'us');
      const theirs = open.filter((q) => q.owner !== 'us');
      return {
        subject: `Recap and next steps: ${topicOf(deal.title) || deal.title}`,
        body: compose(
          `Thank you for the time ${meeting ? spokenDay(meeting.start, context.now, context.buyerTimeZone ?? context.rep.timeZone) : 'today'}. Here is my recap, so we are working from the same page:`,
          `What we heard:\n${(heard.length > 0 ? heard : ['[what they need, in one line]', '[why it matters now]']).map((line) => `- ${line}`).join('\n')}`,
          ours.length > 0
            ? `What we will come back to you on:\n${ours.map((q) => `- ${q.question}`).join('\n')}`
            : null,
          theirs.length > 0 ? `What we need from your side:\n${theirs.map((q) => `- ${q.question}`).join('\n')}` : null,
          next.length > 0
            ? `Next steps:\n${next.map((step) => `- ${step}`).join('\n')}`
            : 'Next step: [the next step you agreed, with a date]',
          'Did I get this right? Correct anything I missed.',
        ),
        factsUsed: used(lastIn?.id, ...open.map((q) => q.messageId)),
        needsReason: false,
        reason: 'The meeting ended: a recap the buyer confirms is the exit criterion of discovery.',
      };
    }
    case 'stakeholder_intro': {
      const newcomer = context.trigger.stakeholder;
      const introducedIn = context.messages.find(
        (message) => newcomer && [...message.to, ...message.cc].includes(newcomer) && message.direction === 'inbound',
      );
      const referrer = introducedIn
        ? context.stakeholders.find((person) => person.address === introducedIn.from)
        : undefined;
      const referrerName = referrer
        ? spokenName(referrer.name, referrer.address, threadMentions(context))
        : 'your colleague';
      const topic = topicOf(deal.title) || deal.title;
      return {
        subject: `Introduction: ${topic}`,
        body: compose(
          `${referrerName} looped you in on our conversation, so here is a short introduction.`,
          'Where we are: [one line on where things stand, and what you would like from them]',
          'It would help to hear how this looks from your side: what matters most to you, and anything we should know early?',
        ),
        factsUsed: used(introducedIn?.id),
        needsReason: false,
        reason: `${newcomer ?? 'A new stakeholder'} joined the thread: welcome them before they form an opinion without you.`,
      };
    }
    case 'follow_up': {
      const reason = followUpReason(context);
      if (!reason) {
        return {
          subject,
          body: '',
          factsUsed: [],
          needsReason: true,
          reason: 'Nothing new has happened since the last message: a follow-up needs a real reason.',
        };
      }
      return {
        subject,
        body: compose(
          // The rep's words, as a buyer reads them: "Shipped the export the buyer asked about" is
          // "We shipped the export you asked about".
          `A quick update: ${(reason.source === 'note' || reason.source === 'typed' ? noteAsCopy(reason.text) : reason.text).replace(/[.!]?$/, '.')}`,
          'Does that change anything on your side?',
        ),
        factsUsed: used(last?.id),
        needsReason: false,
        reason: `The deal went quiet; the reason to write now: ${reason.text}.`,
      };
    }
    case 'send_proposal': {
      // Facts, not sentences: the price the rep quoted goes in the rep's placeholder to check, and
      // the date the buyer gave is asked about again rather than asked for.
      const decision = decisionDate(context.messages);
      const price = quotedPrice(context.messages);
      return {
        subject: `Proposal: ${topicOf(deal.title) || deal.title}`,
        body: compose(
          'As promised, here is our proposal, built around [the need they described, in your words].',
          price
            ? `Pricing: [the price in the proposal; you quoted ${price.price} ${spokenDay(price.at, context.now, context.rep.timeZone)}]`
            : 'Pricing: [the price in the proposal]',
          decision
            ? `Could you confirm it matches what your team needs? You mentioned a decision by ${decision.date}: does that still hold?`
            : 'Could you confirm it matches what your team needs, and share the date you expect to decide?',
        ),
        factsUsed: used(lastIn?.id, price?.messageId, decision?.messageId),
        needsReason: false,
        reason: 'The deal entered Propose: the proposal is what the buyer must confirm.',
      };
    }
    case 'answer_questions': {
      const asked = openQuestions(context).filter((q) => q.owner === 'us');
      return {
        subject,
        body: compose(
          'Thanks for the questions. Answers below:',
          asked.length > 0
            ? numberedAsks(
                asked.map((q) => q.question),
                foreign,
              )
            : '[your answers]',
          'With these answered, who on your side signs, and when?',
        ),
        factsUsed: used(...asked.map((q) => q.messageId)),
        needsReason: false,
        reason: 'The buyer asked questions: answering them all is the exit criterion of resolve.',
      };
    }
    case 'reply': {
      const asked = lastIn ? asksIn(lastIn.text) : [];
      return {
        subject,
        body: compose(
          to[0] && writesFormally(context, to[0]) ? 'Thank you for your message.' : 'Thanks for your note.',
          asked.length === 1 && !foreign ? `On your question, "${asked[0]}": [your answer]` : null,
          asked.length === 1 && foreign ? 'On your question: [your answer]' : null,
          asked.length > 1 ? `On your questions:\n${numberedAsks(asked, foreign)}` : null,
          nextStepLine(context),
        ),
        factsUsed: used(lastIn?.id),
        needsReason: false,
        reason: 'The buyer wrote: answer while the thread is warm.',
      };
    }
  }
}
