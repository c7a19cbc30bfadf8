import type { Instant } from '../engine/types';
import { sentences, stripHidden } from './text';
import type { DraftMessage } from './types';

/**
 * The facts a deal turns on, pinned: prices, percentages, dates, commitments and who signs. They sit
 * in the oldest mail, which is the first a token budget cuts, so they are read from every message
 * and given to the provider apart from the history. Each is the sentence that states it, quoted,
 * with who said it and when: the provider restates facts, never invents them.
 */
export type DealFactKind = 'price' | 'percentage' | 'date' | 'commitment' | 'signer';

export interface DealFact {
  kinds: DealFactKind[];
  sentence: string;
  messageId: string;
  at: Instant;
  /** Who wrote the sentence. */
  by: 'buyer' | 'rep';
}

const MONTHS =
  'jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|januar|februar|märz|mai|juni|juli|oktober|dezember';
const WEEKDAYS = 'monday|tuesday|wednesday|thursday|friday|saturday|sunday';

/** What makes a sentence a fact of each kind; a sentence may be several. */
export const FACT_PATTERNS: Record<DealFactKind, RegExp> = {
  price: new RegExp(
    String.raw`[$€£]\s?\d[\d,.]*\s?(?:k|m|bn)?\b|\b\d[\d,.]*\s?(?:k|m)?\s?(?:usd|eur|gbp|chf|dollars?|euros?|pounds)\b|\b(?:per|a|/)\s?(?:seat|user|year|month|licen[cs]e)\b.*\d|\d.*\b(?:per|a|/)\s?(?:seat|user|licen[cs]e)\b`,
    'iu',
  ),
  percentage: /\b\d+(?:[.,]\d+)?\s?(?:%|percent\b|prozent\b)/iu,
  date: new RegExp(
    String.raw`\b(?:${MONTHS})\.?\s+\d{1,2}\b|\b\d{1,2}(?:st|nd|rd|th|\.)?\s+(?:${MONTHS})\b|\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}/\d{1,2}(?:/\d{2,4})?\b|\bq[1-4]\b|\b(?:end|start|beginning) of (?:the )?(?:month|quarter|year|${MONTHS})\b|\b(?:by|on|before|until|next|this) (?:${WEEKDAYS})\b`,
    'iu',
  ),
  commitment:
    /\b(?:i'll|i will|we'll|we will|i can|we can|i am going to|we are going to|wir werden|ich werde)\s+(?:send|share|get|have|come back|follow up|confirm|sign|decide|deliver|set up|review|loop|provide|schicken|senden)\b|\b(?:we|i) (?:plan|expect|aim|intend|promise)\b|\bby the time\b/iu,
  signer:
    /\b(?:signs?|signed|signing|signature|signatory|sign-off|signs off|approv(?:e|es|al|er)|procurement|legal team|budget owner|decision[- ]maker|unterschreib\w*|freigabe)\b|\bc[fe]o\b/iu,
};

/** The most facts pinned, the latest kept: the sheet must stay small beside the history. */
export const MAX_FACTS = 24;
/** A fact sentence longer than this is not a statement of fact but a paragraph; it is cut. */
const MAX_SENTENCE_CHARS = 280;

export function dealFacts(messages: readonly DraftMessage[]): DealFact[] {
  const facts: DealFact[] = [];
  const seen = new Set<string>();
  for (const message of messages) {
    if (message.direction === 'internal') continue;
    for (const said of sentences(stripHidden(message.text))) {
      const kinds = (Object.keys(FACT_PATTERNS) as DealFactKind[]).filter((kind) => FACT_PATTERNS[kind].test(said));
      if (kinds.length === 0) continue;
      const sentence = said.length > MAX_SENTENCE_CHARS ? `${said.slice(0, MAX_SENTENCE_CHARS)} […]` : said;
      const key = sentence.toLowerCase();
      if (seen.has(key)) continue;
      seen.add(key);
      facts.push({
        kinds,
        sentence,
        messageId: message.id,
        at: message.at,
        by: message.direction === 'inbound' ? 'buyer' : 'rep',
      });
    }
  }
  return facts.slice(-MAX_FACTS);
}

const DATE_PHRASE = String.raw`(?:(?:${MONTHS})\.?\s+\d{1,2}(?:st|nd|rd|th)?|\d{1,2}(?:st|nd|rd|th|\.)?\s+(?:${MONTHS})|\d{4}-\d{2}-\d{2}|(?:the )?end of (?:the )?(?:month|quarter|year|q[1-4]|${MONTHS})|q[1-4]|(?:${WEEKDAYS}))`;
/** "We decide by June 30", "sign-off on the 28th is by end of Q2": a decision and its date. */
const DECISION_DATE = new RegExp(
  String.raw`\b(?:decid\w*|decision|sign\w*|approv\w*|commit\w*)\b[^.?!]*?\b(?:by|on|before|in|at)\s+(${DATE_PHRASE})\b`,
  'iu',
);
/** An amount as the rep wrote it, with what it is per: "$48,000 a year", "€12 per seat". */
const AMOUNT_PHRASE =
  /(?:[$€£]\s?\d[\d,.]*\d(?:\s?(?:k|m)\b)?|\b\d[\d,.]*\s?(?:k|m)?\s?(?:usd|eur|gbp|dollars|euros)\b)(?:\s?(?:a|per|\/)\s?(?:year|month|seat|user|licen[cs]e)\b(?:\s(?:for|per)\s\d[\d,]*\s(?:seats|users|licen[cs]es)\b)?)?/iu;

/** The date the buyer last said they decide by, as they wrote it, when they did. */
export function decisionDate(
  messages: readonly DraftMessage[],
): { date: string; messageId: string; at: number } | null {
  for (const message of [...messages].reverse()) {
    if (message.direction !== 'inbound') continue;
    for (const said of sentences(stripHidden(message.text)).reverse()) {
      const date = DECISION_DATE.exec(said)?.[1];
      if (date) return { date, messageId: message.id, at: message.at };
    }
  }
  return null;
}

/** The price the rep last quoted, as they wrote it, and when. */
export function quotedPrice(
  messages: readonly DraftMessage[],
): { price: string; at: number; messageId: string } | null {
  for (const message of [...messages].reverse()) {
    if (message.direction !== 'outbound') continue;
    const price = AMOUNT_PHRASE.exec(stripHidden(message.text))?.[0];
    if (price) return { price: price.trim(), at: message.at, messageId: message.id };
  }
  return null;
}

/** "by the 24th", "before Thursday", "by April 21": when the buyer needs something. */
const DEADLINE = new RegExp(
  String.raw`\b(?:by|before|ahead of)\s+(?:the\s+)?(\d{1,2}(?:st|nd|rd|th)|(?:${WEEKDAYS})|(?:${MONTHS})\.?\s+\d{1,2}(?:st|nd|rd|th)?|\d{1,2}(?:st|nd|rd|th|\.)?\s+(?:${MONTHS}))\b`,
  'iu',
);

/** The deadline the buyer's text gives, as they wrote it ("by the 24th"), when it gives one. */
export function deadlineIn(text: string): string | null {
  const match = DEADLINE.exec(stripHidden(text));
  return match ? match[0] : null;
}

/** Whether the thread already says who signs: a contact marked signer, or the buyer naming one. */
export function signerKnown(context: {
  stakeholders: readonly { role: string }[];
  messages: readonly DraftMessage[];
}): boolean {
  return (
    context.stakeholders.some((person) => person.role === 'signer') ||
    dealFacts(context.messages).some(
      (fact) => fact.by === 'buyer' && /\bsign(?:s|ed|ing|er|atory)?\b/i.test(fact.sentence),
    )
  );
}
