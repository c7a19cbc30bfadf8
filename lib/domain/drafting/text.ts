/**
 * Email text is untrusted: invisible characters that can hide instructions from the rep's eyes are
 * removed before anything else reads it, and text is cut only at sentence ends.
 */

export { stripHidden } from '../hidden-text';

/** Links and addresses, whose dots and question marks end no sentence ("…/pcc.dll?id=3"). */
const UNBREAKABLE = /\bhttps?:\/\/\S+|\bwww\.\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\b(?:[a-z0-9-]+\.)+[a-z]{2,}\/\S*/giu;
/** Words whose dot ends no sentence: titles, "e.g.", "Inc.", an initial ("J."). */
const ABBREVIATION =
  /(?:^|[\s(])(?:mr|mrs|ms|dr|prof|sr|jr|st|vs|etc|inc|ltd|co|corp|no|nr|approx|dept|fig|cf|ca|e\.g|i\.e|z\.b|u\.a|bzw|ggf|evtl|\p{L})\.$/iu;
/** Where a sentence may end: its punctuation, a closing quote or bracket, then a space or the end. */
const END = /[.!?]+["')\]”’]*(?=\s|$)/gu;

/**
 * Sentences, keeping their end punctuation. A sentence ends at ".", "!" or "?" before a space or
 * the end of the text, never inside a link or an address, after a title or an initial, or inside a
 * number ("3.5" has no space after its dot).
 */
export function sentences(text: string): string[] {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat === '') return [];
  const protectedSpans = [...flat.matchAll(UNBREAKABLE)].map((match) => {
    // A link's own last character is not the sentence's full stop: "see acme.com/docs." ends there.
    const length = match[0].replace(/[.,;:!?)\]]+$/, '').length;
    return [match.index, match.index + length] as const;
  });
  const inside = (at: number) => protectedSpans.some(([start, end]) => at >= start && at < end);
  const result: string[] = [];
  let start = 0;
  for (const match of flat.matchAll(END)) {
    const end = match.index + match[0].length;
    if (inside(match.index)) continue;
    if (match[0].startsWith('.') && ABBREVIATION.test(flat.slice(start, match.index + 1))) continue;
    const sentence = flat.slice(start, end).trim();
    if (sentence !== '') result.push(sentence);
    start = end;
  }
  const rest = flat.slice(start).trim();
  if (rest !== '') result.push(rest);
  return result;
}

/** The longest run of whole sentences from the start that fits `maxChars` (at least the first one, cut at a word). */
export function shortenAtSentence(text: string, maxChars: number): string {
  const all = sentences(text);
  let result = '';
  for (const sentence of all) {
    const next = result === '' ? sentence : `${result} ${sentence}`;
    if (next.length > maxChars) break;
    result = next;
  }
  if (result !== '') return result.length < text.replace(/\s+/g, ' ').trim().length ? `${result} […]` : result;
  const first = all[0] ?? '';
  const cut = first.slice(0, maxChars);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), 1))} […]`;
}

/** A rough token count: four characters a token, the usual rule for English. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/** FNV-1a, for deterministic ids and boundaries derived from content. */
export function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, '0');
}
