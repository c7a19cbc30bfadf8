import { FACT_PATTERNS } from './deal-facts';
import { lastMessage, threadMentions } from './facts';
import { spokenName } from './names';
import type { DraftContext } from './types';

/**
 * Whether the buyer's latest message already does what the stage's exit criterion asks: then the
 * draft suggests advancing, with that message as evidence, and writes toward the next stage. Read
 * for the default workflow's stages, each as the buyer's own words would show it; a custom stage
 * has no signal and is advanced by the rep alone. A signal is a suggestion: the rep clicks.
 */
const AGREES_TO_TALK =
  /\b(?:happy|glad|keen|open|free|available|ready) to (?:talk|chat|meet|connect|speak|hop on)\b|\b(?:let['’]?s|can we|could we|shall we|we can|we could) (?:talk|chat|meet|connect|speak|set up a (?:call|meeting|time)|schedule|find a time|book)\b|\b(?:works for me|suits me|send (?:me |us )?(?:an |the |a calendar )?invite|set something up|send (?:me |us )?(?:a few|some|a couple of) (?:times|options|slots))\b/iu;
const CONFIRMS_RECAP =
  /\b(?:recap|summary|notes)\b[^.?!]*\b(?:is |are |looks |sounds )?(?:right|correct|accurate|spot on|good|captures it|sums it up)\b|\b(?:that['’]s|that is|this is) (?:exactly )?(?:right|correct|accurate)\b/iu;
const CONFIRMS_PROPOSAL =
  /\b(?:proposal|quote|pricing|offer|order form)\b[^.?!]*\b(?:works|matches|looks (?:good|right)|fits|makes sense|covers (?:it|what we need))\b/iu;
const QUESTIONS_ANSWERED =
  /\bthat (?:answers|covers) (?:it|everything|our questions)\b|\ball (?:of )?(?:our|my) questions\b[^.?!]*\b(?:answered|covered)\b|\bno (?:more|further|other|open) questions\b|\bquestions (?:are |have been )?(?:all )?(?:answered|covered)\b/iu;
const SIGNED =
  /\b(?:have|has|just|we['’]ve|i['’]ve)\s+(?:signed|countersigned)\b|\bsigned (?:copy|contract|order form|agreement)\b|\b(?:is|are|was) (?:now )?(?:signed|countersigned|executed)\b/iu;
const NEGATED = /(?:\bnot\b|n['’]t\b|\bno longer\b)[^.?!]*$/iu;

/** A sentence that states the signal with no negation before or within it. */
const saysIt = (text: string, pattern: RegExp) =>
  text.split(/(?<=[.!?])\s+/).some((sentence) => {
    const match = pattern.exec(sentence);
    // "not" before or inside the words ("the recap is not right") undoes them.
    return match !== null && !NEGATED.test(sentence.slice(0, match.index + match[0].length));
  });

/** The signal of each default stage's exit criterion (lib/domain/workflow.ts). */
export const EXIT_SIGNALS: Readonly<Record<string, (text: string) => boolean>> = {
  identify: (text) =>
    saysIt(
      text,
      /\b(?:interested|tell me more|sounds (?:interesting|useful|relevant)|we['’]re looking|we are looking)\b/iu,
    ),
  contact: (text) => saysIt(text, AGREES_TO_TALK),
  discovery: (text) => saysIt(text, CONFIRMS_RECAP),
  propose: (text) => saysIt(text, CONFIRMS_PROPOSAL) && FACT_PATTERNS.date.test(text),
  resolve: (text) => saysIt(text, QUESTIONS_ANSWERED) && FACT_PATTERNS.signer.test(text),
  close: (text) => saysIt(text, SIGNED),
};

export interface AdvanceSuggestion {
  /** The stage to advance to. */
  to: string;
  toName: string;
  /** The buyer's message that meets the exit criterion. */
  evidence: string;
  /** For the rep: which criterion, met by whom. */
  why: string;
}

export function advanceSuggestion(context: DraftContext): AdvanceSuggestion | null {
  const { stage, nextStage } = context.deal;
  const signal = EXIT_SIGNALS[stage.id];
  const latest = lastMessage(context, 'inbound');
  if (!signal || !nextStage || !latest) return null;
  // Only a message since the deal entered its stage can meet that stage's criterion.
  if (stage.enteredAt !== null && latest.at < stage.enteredAt) return null;
  if (!signal(latest.text)) return null;
  const person = context.stakeholders.find((candidate) => candidate.address === latest.from);
  const who = spokenName(person?.name ?? null, latest.from, threadMentions(context));
  return {
    to: nextStage.id,
    toName: nextStage.name,
    evidence: latest.id,
    why: `${who}'s latest message meets the exit criterion of ${stage.name} ("${stage.exitCriterion}"): advance to ${nextStage.name}?`,
  };
}
