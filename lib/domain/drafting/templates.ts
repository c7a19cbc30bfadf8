import { asksIn } from './asks';
import { followUpReason, greetingNameOf, lastMessage, offeredSlots, openQuestions, threadMentions } from './facts';
import { spokenName } from './names';
import { buyerSafeLines } from './notes';
import { formatSlotInZones } from './slots';
import { baseSubject, replySubject } from './subject';
import type { DraftContext } from './types';
import { advanceSuggestion } from './exit-signals';

/** A template draft: deterministic, no network, good enough to send after light editing. */
export interface TemplateDraft {
  subject: string;
  body: string;
  factsUsed: string[];
  needsReason: boolean;
  reason: string;
}

function greetingFor(context: DraftContext, address: string | undefined): string {
  const name = address ? greetingNameOf(context, address) : '';
  const { greeting, greetingMark } = context.rep.voice;
  // No name, no dash or colon after the greeting: "Hi," rather than "Hi —".
  return name ? `${greeting} ${name}${greetingMark}` : `${greeting},`;
}

/**
 * What the rep noted since the meeting began, as lines a buyer may read (never a line marked
 * internal): the material of a recap. The buyer's own sentences are not pasted back at them.
 */
function recapNotes(context: DraftContext): string[] {
  const meeting = context.meetings.at(-1);
  const since = meeting ? meeting.start : -Infinity;
  return context.notes.filter((note) => note.at >= since).flatMap((note) => buyerSafeLines(note.text));
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

function nextStepLine(context: DraftContext): string | null {
  const advance = advanceSuggestion(context);
  const toward = advance ? advance.to : context.deal.stage.id;
  const name = advance ? advance.toName : context.deal.stage.name;
  if (!advance && !context.deal.nextStage) return null;
  return NEXT_STEP_TOWARD[toward] ?? `As a next step, [what moves us toward ${name}].`;
}

export function templateDraft(context: DraftContext, to: string[]): TemplateDraft {
  const lastIn = lastMessage(context, 'inbound');
  const last = lastMessage(context);
  const hello = greetingFor(context, to[0]);
  const signOff = context.rep.voice.signOff;
  const subject = replySubject(last?.subject, context.deal.title);
  const { deal } = context;
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
      const heard = recapNotes(context);
      const open = openQuestions(context);
      const ours = open.filter((q) => q.owner === 'us');
      const theirs = open.filter((q) => q.owner !== 'us');
      return {
        subject: `Recap and next steps: ${deal.title}`,
        body: compose(
          'Thank you for the time today. Here is my recap, so we are working from the same page:',
          `What we heard:\n${(heard.length > 0 ? heard : ['[what they need, in one line]', '[why it matters now]']).map((line) => `- ${line}`).join('\n')}`,
          ours.length > 0
            ? `What we will come back to you on:\n${ours.map((q) => `- ${q.question}`).join('\n')}`
            : null,
          theirs.length > 0 ? `What we need from your side:\n${theirs.map((q) => `- ${q.question}`).join('\n')}` : null,
          'Next step: [the next step you agreed, with a date]',
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
      const topic = baseSubject(introducedIn?.subject ?? deal.title) || deal.title;
      return {
        subject: `Introduction: ${topic}`,
        body: compose(
          `${referrerName} looped you in on "${topic}", so here is a short introduction.`,
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
          `A quick update: ${reason.text.replace(/[.!]?$/, '.')}`,
          'Does that change anything on your side?',
        ),
        factsUsed: used(last?.id),
        needsReason: false,
        reason: `The deal went quiet; the reason to write now: ${reason.text}.`,
      };
    }
    case 'send_proposal': {
      return {
        subject: `Proposal: ${deal.title}`,
        body: compose(
          'As promised, here is our proposal.',
          'It is built around [the need they described, in your words].',
          'Could you confirm it matches what your team needs, and share the date you expect to decide?',
        ),
        factsUsed: used(lastIn?.id),
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
            ? asked.map((q, index) => `${index + 1}. ${q.question}\n   → [your answer]`).join('\n')
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
          'Thanks for your note.',
          asked.length === 1 ? `On your question, "${asked[0]}": [your answer]` : null,
          asked.length > 1
            ? `On your questions:\n${asked.map((ask, index) => `${index + 1}. ${ask}\n   → [your answer]`).join('\n')}`
            : null,
          nextStepLine(context),
        ),
        factsUsed: used(lastIn?.id),
        needsReason: false,
        reason: 'The buyer wrote: answer while the thread is warm.',
      };
    }
  }
}
