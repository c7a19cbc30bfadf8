import { followUpReason, lastMessage, openQuestions } from './facts';
import { greetingName, spokenName } from './names';
import { formatSlot, proposeSlots } from './slots';
import { baseSubject, replySubject } from './subject';
import { sentences, stripHidden } from './text';
import type { DraftContext } from './types';

/** A template draft: deterministic, no network, good enough to send after light editing. */
export interface TemplateDraft {
  subject: string;
  body: string;
  factsUsed: string[];
  needsReason: boolean;
  reason: string;
}

/** The thread's text, where a person with only an address may be called by name. */
function mentionsIn(context: DraftContext): string {
  return context.messages.map((message) => stripHidden(message.text)).join('\n');
}

function greetingFor(context: DraftContext, address: string | undefined): string {
  const person = context.stakeholders.find((candidate) => candidate.address === address);
  const name = address ? greetingName(person?.name ?? null, address, mentionsIn(context)) : '';
  return `${context.rep.voice.greeting}${name ? ` ${name}` : ''},`;
}

/** The buyer's own words, shortened: what they said last, for recaps and replies. */
function buyerSaid(context: DraftContext): string | null {
  const last = lastMessage(context, 'inbound');
  if (!last) return null;
  const said = sentences(stripHidden(last.text))
    .filter((sentence) => !sentence.endsWith('?'))
    .slice(0, 2)
    .join(' ');
  return said === '' ? null : said;
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
      const zone = context.buyerTimeZone ?? context.rep.timeZone;
      const slots = proposeSlots(context.now, context.rep.timeZone, context.rep.workingHours);
      return {
        subject,
        body: compose(
          'Thanks for getting back to me. Would one of these work for a 30-minute call?',
          slots.map((slot) => `- ${formatSlot(slot, zone)}`).join('\n'),
          'If none suits you, send me a time that does and I will make it work.',
        ),
        factsUsed: used(lastIn?.id),
        needsReason: false,
        reason: 'The buyer replied and agreed to talk: book the meeting while it is fresh.',
      };
    }
    case 'send_recap': {
      const said = buyerSaid(context);
      const open = openQuestions(context);
      return {
        subject: `Recap and next steps: ${deal.title}`,
        body: compose(
          'Thank you for the time today. Here is my recap, so we are working from the same page:',
          said ? `What you told us:\n- ${said}` : null,
          `Next steps:\n- ${deal.nextStage ? `Confirm this recap is right, so we can move to ${deal.nextStage.name.toLowerCase()}` : 'Confirm this recap is right'}`,
          open.length > 0
            ? `Open questions:\n${open.map((q) => `- ${q.question} (${q.owner === 'us' ? 'on us' : 'on your side'})`).join('\n')}`
            : null,
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
        ? spokenName(referrer.name, referrer.address, mentionsIn(context))
        : 'your colleague';
      const topic = baseSubject(introducedIn?.subject ?? deal.title) || deal.title;
      return {
        subject: `Introduction: ${topic}`,
        body: compose(
          `${referrerName} looped you in on "${topic}", so here is a short introduction.`,
          introducedIn ? `Where we are: ${sentences(stripHidden(introducedIn.text)).slice(0, 2).join(' ')}` : null,
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
          `Does that change anything on your side? ${deal.stage.exitCriterion.replace(/^The buyer /, 'It would help to know whether you ')}`.replace(
            /\.$/,
            '?',
          ),
        ),
        factsUsed: used(last?.id),
        needsReason: false,
        reason: `The deal went quiet; the reason to write now: ${reason.text}.`,
      };
    }
    case 'send_proposal': {
      const said = buyerSaid(context);
      return {
        subject: `Proposal: ${deal.title}`,
        body: compose(
          'As promised, here is our proposal.',
          said ? `It is built around what you told us: ${said}` : null,
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
      const asked = lastIn ? sentences(stripHidden(lastIn.text)).filter((sentence) => sentence.endsWith('?')) : [];
      return {
        subject,
        body: compose(
          'Thanks for your note.',
          asked.length > 0 ? `On your question, "${asked[0]}": [your answer]` : null,
          deal.nextStage
            ? `As a next step, ${deal.stage.exitCriterion.replace(/^The buyer /, 'it would help if you ').replace(/\.$/, '')}.`
            : null,
        ),
        factsUsed: used(lastIn?.id),
        needsReason: false,
        reason: 'The buyer wrote: answer while the thread is warm.',
      };
    }
  }
}
