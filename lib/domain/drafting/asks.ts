import { sentences, stripHidden } from './text';

/**
 * What a message asks of the reader: its questions, and its requests that carry no question mark
 * ("Please confirm whether the price includes onboarding.", "Send over something on GDPR."), each
 * item of a numbered or bulleted list on its own. Email text is untrusted: an ask is quoted back
 * to the rep as data, never followed.
 */

/** Openings of a request: a polite marker, a modal aimed at the reader, or a verb of asking. */
const REQUEST_START =
  /^(?:please|pls|kindly|could you|can you|would you|will you|could we|can we|would it be possible|is it possible|do you|does your|are you|is there|are there|let me know|let us know|tell me|tell us|send|share|confirm|provide|forward|clarify|explain|walk (?:me|us) through|advise|i(?:'d| would) like to know|we(?:'d| would) like to know|we need to know|i need to know)\b/i;

/** A request inside a sentence: "Could you also please send…", "…, can you confirm…". */
const REQUEST_WITHIN =
  /\b(?:please|kindly) (?:send|share|confirm|provide|let (?:me|us) know|clarify|advise|forward|explain)\b/i;

const LIST_ITEM = /^\s*(?:\(?\d{1,2}[.)]|[a-z][.)]|[-*•])\s+(.+)$/i;

/** Words that join an ask to what came before ("Also, send…"): not part of the ask. */
const CONNECTIVE = /^(?:(?:and|also|plus|oh|finally|lastly|separately|one more thing|one last thing)\b[,:]?\s+)+/i;

/**
 * The ask of a sentence, without what leads into it: "Also, send over…" is "send over…", and in
 * "My boss asked one thing I couldn't answer: please confirm…" the ask is after the colon.
 */
function askOf(sentence: string): string | null {
  const lead = sentence.replace(CONNECTIVE, '');
  const colon = lead.indexOf(': ');
  if (colon > 0) {
    const after = lead.slice(colon + 2).replace(CONNECTIVE, '');
    if (isAsk(after)) return capitalize(after);
  }
  return isAsk(lead) ? capitalize(lead) : null;
}

/** Requests in the other languages Ember reads: "Bitte senden Sie…", "Könnten Sie…", "Pourriez-vous…". */
const REQUEST_START_OTHER =
  /^(?:bitte|könnten sie|können sie|würden sie|wäre es möglich|senden sie|schicken sie|pourriez-vous|pouvez-vous|merci de|pourrais-tu|¿?podría|¿?puede|por favor|potrebbe|può|zou u|kunt u|graag)\b/iu;
/**
 * A need stated of someone on the buyer's side, which is an ask of the reader: "Ms. Schneider also
 * needs a list of your subprocessors", "Frau Schneider benötigt außerdem eine Liste…".
 */
const STATED_NEED =
  /\b(?:(?:also |still |will |would )?(?:needs|requires)|benötigt|benötigen|braucht|brauchen)\s+(?:(?:also|außerdem|noch)\s+)?(?:a|an|the|your|some|eine?[nmrs]?|ihre?[nmrs]?|die|den|das)\b/iu;

function isAsk(sentence: string): boolean {
  return (
    sentence.endsWith('?') ||
    REQUEST_START.test(sentence) ||
    REQUEST_WITHIN.test(sentence) ||
    REQUEST_START_OTHER.test(sentence) ||
    STATED_NEED.test(sentence)
  );
}

const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** The asks of a message's text (its own text: quoted history and signatures are already removed). */
export function asksIn(text: string): string[] {
  const asks: string[] = [];
  let prose: string[] = [];
  const flush = () => {
    for (const sentence of sentences(prose.join(' '))) {
      const ask = askOf(sentence);
      if (ask) asks.push(ask);
    }
    prose = [];
  };
  for (const line of stripHidden(text).split(/\r?\n/)) {
    const item = LIST_ITEM.exec(line);
    if (!item) {
      prose.push(line);
      continue;
    }
    flush();
    // A list item is one ask, even when it is several sentences ("Where is data stored? In the EU?").
    const content = item[1]!.replace(/\s+/g, ' ').trim();
    if (sentences(content).some((sentence) => askOf(sentence) !== null)) asks.push(content);
  }
  flush();
  return asks;
}
