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
import { spokenName } from './names';
import { noteAsCopy, recapMaterial } from './notes';
import { formatSlotInZones } from './slots';
import { sentences, stripHidden } from './text';
import { replySubject, topicOf } from './subject';
import type { DraftContext } from './types';
import type { Action } from '../workflow';
import { advanceSuggestion } from './exit-signals';
import { spokenDay } from './local-time';
import { deadlineIn, decisionDate, quotedPrice, signerKnown } from './deal-facts';
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
function recapNotes(context: DraftContext, readers: readonly string[]): { heard: string[]; next: string[] } {
  const meeting = lastMeetingHeld(context);
  const since = meeting ? meeting.start : -Infinity;
  return recapMaterial(
    context.notes.filter((note) => note.at >= since).map((note) => note.text),
    readers,
  );
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

/**
 * What an introduction may say it will cover, by what the introducing message is about. The
 * lines are Ember's: what the referrer said about the newcomer is not repeated to them.
 */
const INTRO_TOPICS: readonly { pattern: RegExp; line: string }[] = [
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
const MEET_ASK =
  /\b(?:could|can|would) you (?:two|both)\b|\b(?:find|grab|set up|schedule|book)\b[^.?!]*\b(?:\d+ min(?:ute)?s|time|a call|a meeting|a chat)\b/i;

/** A send of the rep's that delivered something ("attached", "here is", "I sent"). */
const SENT_SOMETHING = /\b(?:attached|i(?:'ve| have)? sent|here(?:'s| is| are))\b/i;
/** Said of someone who decides: a title that signs, or signing itself. */
const DECIDER =
  /\b(?:cfo|ceo|coo|president|budget owner|decides|signs|signs off|approves|will (?:sign|approve|decide))\b|\bsign-off from\b/i;

/** The default stages from the proposal on: an intro this late asks what they need to go ahead. */
const LATE_STAGES = new Set(['propose', 'resolve', 'close']);
/** The most topics an introduction names: more reads as a form. */
const MAX_INTRO_TOPICS = 2;

/** Toward Discovery's criterion once the rep has sent a recap: the buyer confirms it. */
const CONFIRM_RECAP = 'Does my recap capture the problem as you see it? Correct anything I missed.';
/** Toward Propose's criterion once the proposal is out: the buyer confirms it and names a date. */
const CONFIRM_PROPOSAL = 'Does the proposal match what your team needs, and when do you expect to decide?';

function nextStepLine(context: DraftContext): string | null {
  const advance = advanceSuggestion(context);
  const toward = advance ? advance.to : context.deal.stage.id;
  const name = advance ? advance.toName : context.deal.stage.name;
  if (!advance && !context.deal.nextStage) return null;
  // A recap or proposal the buyer has not answered is what to confirm. Once they wrote back without
  // confirming it (else the advance would be suggested), asking again reads as not having read
  // their reply: the draft moves on to the step after.
  const lastIn = lastMessage(context, 'inbound');
  const lastSent = (kind: Action) =>
    context.messages.findLast(
      (message) =>
        message.direction === 'outbound' &&
        kindOfSend(message, context.messages[context.messages.indexOf(message) - 1]) === kind,
    );
  const recap = toward === 'discovery' ? lastSent('send_recap') : undefined;
  if (recap) return lastIn && lastIn.at > recap.at ? NEXT_STEP_TOWARD.propose! : CONFIRM_RECAP;
  const proposal = toward === 'propose' ? lastSent('send_proposal') : undefined;
  if (proposal) return lastIn && lastIn.at > proposal.at ? NEXT_STEP_TOWARD.resolve! : CONFIRM_PROPOSAL;
  return NEXT_STEP_TOWARD[toward] ?? `As a next step, [what moves us toward ${name}].`;
}

/** The buyer put the deal on hold until something happens ("ping me when it ships"). */
const PAUSED_UNTIL =
  /\b(?:ping|tell|let) (?:me|us) (?:know )?(?:when|once)\b|\bonce (?:it|that|this|the [\p{L}-]+) (?:ships|is (?:live|ready|out|done|shipped))\b|\b(?:circle|come) back (?:when|once|after)\b|\bhold off until\b/iu;

/** "We shipped…" after "A quick update:" reads "we shipped…"; a name or "I" keeps its capital. */
const lowerFirst = (text: string) =>
  /^(?:We|Our|The|A|An)\b/.test(text) ? text.charAt(0).toLowerCase() + text.slice(1) : text;

/** The rep offered something ("I can send a one-pager", "happy to share the pack", "shall I send…"). */
const OFFERS =
  /\b(?:i can|i could|we can|happy to|glad to|want me to|shall i|should i|i'd be happy to|i'm happy to)\s+(?:send|share|put|write|prepare|draft|set up|pull together|make)\b/i;
/** The buyer took it up ("the one-pager would help", "yes please", "please do"). */
const ACCEPTS =
  /\b(?:would (?:really )?(?:help|be (?:great|helpful|useful|perfect))|yes,? please|please do|go ahead|that works|sounds good|sounds great)\b/i;

/** What the rep offered and the buyer accepted is delivered: said, with what it is left to the rep. */
function deliveredLine(context: DraftContext): string | null {
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
function inviteLine(context: DraftContext, cc: readonly string[]): string | null {
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
const RECENT_MS = 14 * 24 * 3_600_000;

/** An ask for the proposal itself ("Can you send the formal proposal?"): sending it answers it. */
const ASKS_FOR_PROPOSAL = /\b(?:send|share|forward|route)\b.*\b(?:proposal|quote|pricing|order form)\b/i;

/** The buyer's asks still open, for a draft of another kind: listed, numbered, each with its placeholder. */
function openAsksLine(context: DraftContext): string | null {
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
function deadlineLine(text: string | undefined): string | null {
  const deadline = text ? deadlineIn(text) : null;
  return deadline ? `You need this ${deadline}: [anything not answered here, and when you will send it]` : null;
}

/**
 * The buyer's asks, numbered, each with a placeholder. A buyer writing another language than the
 * template's is not quoted into an English email: the rep answers from their mail.
 */
function numberedAsks(context: DraftContext, asks: readonly BuyerAsk[], foreign: boolean): string {
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
interface BuyerAsk {
  question: string;
  from: string;
}

/** The open asks the rep owes an answer to, with who asked each. */
function buyerAsks(context: DraftContext, keep: (question: string) => boolean = () => true): BuyerAsk[] {
  const sender = new Map(context.messages.map((message) => [message.id, message.from]));
  return openQuestions(context)
    .filter((q) => q.owner === 'us' && keep(q.question))
    .map((q) => ({ question: q.question, from: sender.get(q.messageId) ?? '' }));
}

export function templateDraft(context: DraftContext, to: string[]): TemplateDraft {
  const lastIn = lastMessage(context, 'inbound');
  const last = lastMessage(context);
  const hello = greetingLine(context, to[0]);
  const { cc } = recipients(context);
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
