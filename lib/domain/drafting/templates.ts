import { asksIn } from './asks';
import {
  buyerLanguage,
  followUpReason,
  greetingLine,
  greetingNameOf,
  lastMeetingHeld,
  recipients,
  writesFormally,
  lastMessage,
  offeredSlots,
  openQuestions,
  threadMentions,
} from './facts';
import { isRoleMailbox, spokenName } from './names';
import { noteAsCopy, recapMaterial } from './notes';
import { formatSlotInZones } from './slots';
import { sentences, stripHidden } from './text';
import { baseSubject, replySubject, topicOf } from './subject';
import type { DraftContext } from './types';
import { spokenDay } from './local-time';
import { decisionDate, quotedPrice, signerKnown } from './deal-facts';
import {
  buyerAsks,
  deadlineLine,
  DECIDER,
  deliveredLine,
  INTRO_TOPICS,
  inviteLine,
  LATE_STAGES,
  lowerFirst,
  MAX_INTRO_TOPICS,
  MEET_ASK,
  nextStepLine,
  numberedAsks,
  openAsksLine,
  PAUSED_UNTIL,
  RECENT_MS,
  SENT_SOMETHING,
} from './template-lines';

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
function recapNotes(context: DraftContext, readers: readonly string[]): { heard: string[]; next: string[] } {
  const meeting = lastMeetingHeld(context);
  const since = meeting ? meeting.start : -Infinity;
  return recapMaterial(
    context.notes.filter((note) => note.at >= since).map((note) => note.text),
    readers,
  );
}

export function templateDraft(context: DraftContext, to: string[]): TemplateDraft {
  const lastIn = lastMessage(context, 'inbound');
  const last = lastMessage(context);
  const hello = greetingLine(context, to[0]);
  const { cc } = recipients(context);
  const signOff = context.rep.voice.signOff;
  // An empty subject ("RE:" alone once its marks go) takes its thread's first; with no thread
  // known, the latest the deal's mail had.
  const subject = replySubject(
    last && baseSubject(last.subject) === ''
      ? (context.messages.find(
          (message) =>
            last.thread !== undefined && message.thread === last.thread && baseSubject(message.subject) !== '',
        )?.subject ?? [...context.messages].reverse().find((message) => baseSubject(message.subject) !== '')?.subject)
      : last?.subject,
    context.deal.title,
  );
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
          slots.length > 0 ? "If none suits you, send me a time that does and I'll make it work." : null,
          inviteLine(context, cc),
          deliveredLine(context),
        ),
        factsUsed: used(lastIn?.id),
        needsReason: false,
        reason: 'The buyer replied and agreed to talk: book the meeting while it is fresh.',
      };
    }
    case 'send_recap': {
      const readers = [...to, ...cc].map((address) => greetingNameOf(context, address)).filter((name) => name !== '');
      const notes = recapNotes(context, readers);
      // What the reader said they need ("You need the SOC 2 report before production") is ours to
      // deliver, not only something we heard.
      const needs = notes.heard.flatMap((line) => {
        const need = /^You (?:need|want|require)\s+(.+)$/.exec(line)?.[1];
        return need ? [need.charAt(0).toUpperCase() + need.slice(1)] : [];
      });
      const heard = notes.heard.filter((line) => !/^You (?:need|want|require)\s/.test(line));
      // This email is the recap: a step that promises it is already done.
      const next = notes.next
        .map((step) =>
          step.replace(/\b(?:the )?recap(?:\s+and|\s*[+,])\s+|\s+and (?:the )?recap\b/i, ' ').replace(/\s+/g, ' '),
        )
        .filter((step) => !/^We'll send (?:the )?recap\b/i.test(step));
      const meeting = lastMeetingHeld(context);
      const open = openQuestions(context);
      const ours = open.filter((q) => q.owner === 'us');
      const theirs = open.filter((q) => q.owner !== 'us');
      return {
        subject: `Recap and next steps: ${topicOf(deal.title) || deal.title}`,
        body: compose(
          `Thank you for the time ${meeting ? spokenDay(meeting.start, context.now, context.buyerTimeZone ?? context.rep.timeZone) : 'today'}. Here is my recap, so we're on the same page:`,
          `What we heard:\n${(heard.length > 0 ? heard : ['[what they need, in one line]', '[why it matters now]']).map((line) => `- ${line}`).join('\n')}`,
          needs.length > 0 ? `What you need from us:\n${needs.map((line) => `- ${line}`).join('\n')}` : null,
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
        reason: 'The meeting ended: a recap the buyer confirms is the exit criterion of Discovery.',
      };
    }
    case 'stakeholder_intro': {
      const newcomer = context.trigger.stakeholder;
      if (newcomer && isRoleMailbox(newcomer)) {
        return {
          subject: `Introduction: ${topicOf(deal.title) || deal.title}`,
          body: '',
          factsUsed: [],
          needsReason: false,
          reason: `${newcomer} is a role or service mailbox, not a person: Ember drafts no introduction to it.`,
        };
      }
      const introducedIn = context.messages.find(
        (message) => newcomer && [...message.to, ...message.cc].includes(newcomer) && message.direction === 'inbound',
      );
      const referrer = introducedIn
        ? context.stakeholders.find((person) => person.address === introducedIn.from)
        : undefined;
      // Colleagues call each other by first name: "Nadia looped you in".
      const referrerName = referrer
        ? greetingNameOf(context, referrer.address) ||
          spokenName(referrer.name, referrer.address, threadMentions(context))
        : 'your colleague';
      const topic = topicOf(deal.title) || deal.title;
      const introduction = introducedIn ? stripHidden(introducedIn.text) : '';
      // What the newcomer was brought in for, in Ember's words: never the referrer's about them.
      // The sentences that name them come first, and what the rep already sent is not offered again.
      const newcomerName = newcomer ? greetingNameOf(context, newcomer) : '';
      const aboutThem = sentences(introduction).filter(
        (sentence) => newcomerName !== '' && new RegExp(`\\b${newcomerName}\\b`).test(sentence),
      );
      // A sentence of the rep's that delivered it ("The security questionnaire and SOC 2 report are attached").
      const alreadySent = context.messages
        .filter((message) => message.direction === 'outbound')
        .flatMap((message) => message.text.split('\n').flatMap(sentences))
        .filter((sentence) => SENT_SOMETHING.test(sentence));
      const covers = [...INTRO_TOPICS]
        .filter(({ pattern }) => pattern.test(introduction) && !alreadySent.some((text) => pattern.test(text)))
        .sort(
          (a, b) => Number(aboutThem.some((s) => b.pattern.test(s))) - Number(aboutThem.some((s) => a.pattern.test(s))),
        )
        .map(({ line }) => line)
        .slice(0, MAX_INTRO_TOPICS);
      const newcomerRole = context.stakeholders.find((person) => person.address === newcomer)?.role;
      // Only someone who decides is asked what they need to go ahead.
      const decides = newcomerRole === 'signer' || aboutThem.some((sentence) => DECIDER.test(sentence));
      const repName = context.rep.voice.signOff.split('\n')[1]?.trim() || '[your name]';
      const slots = MEET_ASK.test(introduction) ? offeredSlots(context) : [];
      const late = LATE_STAGES.has(deal.stage.id);
      return {
        subject: `Introduction: ${topic}`,
        body: compose(
          `${referrerName} looped you in on our conversation, so here is a short introduction: I'm ${repName}, and I've been working with ${referrerName} on [what you are doing together].`,
          'Where we are: [one line on where things stand, and what you would like from them]',
          ...covers,
          slots.length > 0
            ? `Would one of these work for a 30-minute call?\n${slots.map((slot) => `- ${formatSlotInZones(slot, context.rep.timeZone, context.buyerTimeZone)}`).join('\n')}`
            : null,
          late && decides
            ? 'What would you need from us to be comfortable going ahead?'
            : late
              ? slots.length > 0
                ? "Is there anything you'd like me to prepare before we talk?"
                : 'What would be most useful from us as you take this on?'
              : 'It would help to hear how this looks from your side: what matters most to you, and anything we should know early?',
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
          `A quick update: ${lowerFirst((reason.source === 'note' || reason.source === 'typed' ? noteAsCopy(reason.text) : reason.text).replace(/[.!]?$/, '.'))}`,
          deliveredLine(context),
          openAsksLine(context),
          // A buyer who paused until something happened ("ping me when it ships") is asked to pick
          // up where they stopped; otherwise the news is a reason for the stage's next step.
          lastIn && PAUSED_UNTIL.test(lastIn.text)
            ? 'With that in place, could we pick up where we left off? [the step you paused on, e.g. a 30-minute call]'
            : (nextStepLine(context) ?? 'Does that change anything on your side?'),
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
        subject: `Proposal: ${(topicOf(deal.title) || deal.title).replace(/:\s+/g, ' — ')}`,
        body: compose(
          'As promised, here is our proposal, built around [the need they described, in your words].',
          deliveredLine(context),
          price
            ? `Pricing: [the price in the proposal; you quoted ${price.price} ${spokenDay(price.at, context.now, context.rep.timeZone)}]`
            : 'Pricing: [the price in the proposal]',
          openAsksLine(context),
          decision
            ? context.now - decision.at < RECENT_MS
              ? `Could you confirm it matches what your team needs? To decide by ${decision.date}, [what has to happen on each side, and by when].`
              : `Could you confirm it matches what your team needs? You mentioned a decision by ${decision.date}: does that still hold?`
            : 'Could you confirm it matches what your team needs, and share the date you expect to decide?',
        ),
        factsUsed: used(lastIn?.id, price?.messageId, decision?.messageId),
        needsReason: false,
        reason: 'The deal entered Propose: the proposal is what the buyer must confirm.',
      };
    }
    case 'answer_questions': {
      const open = openQuestions(context).filter((q) => q.owner === 'us');
      const asked = buyerAsks(context);
      return {
        subject,
        body: compose(
          'Thanks for the questions. Answers below:',
          deliveredLine(context),
          asked.length > 0 ? numberedAsks(context, asked, foreign) : '[your answers]',
          deadlineLine(lastIn?.text),
          // Asking who signs when the thread already says so reads as not having read it.
          signerKnown(context)
            ? 'With these answered, is there anything else you need from us before signing?'
            : 'With these answered, who on your side signs, and when?',
        ),
        factsUsed: used(...open.map((q) => q.messageId)),
        needsReason: false,
        reason: 'The buyer asked questions: answering them all is the exit criterion of Resolve.',
      };
    }
    case 'reply': {
      // Every ask still open, the latest message's and those only put off since ("will come back
      // to you by Thursday"), in the order asked.
      const open = buyerAsks(context);
      const asked =
        open.length > 0 ? open : lastIn ? asksIn(lastIn.text).map((question) => ({ question, from: lastIn.from })) : [];
      return {
        subject,
        body: compose(
          to[0] && writesFormally(context, to[0]) ? 'Thank you for your message.' : 'Thanks for your note.',
          deliveredLine(context),
          asked.length === 1 && !foreign ? `On your question, "${asked[0]!.question}": [your answer]` : null,
          asked.length === 1 && foreign ? 'On your question: [your answer]' : null,
          asked.length > 1 ? `On your questions:\n${numberedAsks(context, asked, foreign)}` : null,
          asked.length > 0 ? deadlineLine(lastIn?.text) : null,
          nextStepLine(context),
        ),
        factsUsed: used(lastIn?.id),
        needsReason: false,
        reason: 'The buyer wrote: answer while the thread is warm.',
      };
    }
  }
}
