/**
 * Email text is untrusted: invisible characters that can hide instructions from the rep's eyes are
 * removed before anything else reads it, and text is cut only at sentence ends.
 */

export { stripHidden } from '../hidden-text';

/** Sentences, keeping their end punctuation. */
export function sentences(text: string): string[] {
  return (
    text
      .replace(/\s+/g, ' ')
      .trim()
      .match(/[^.!?]+(?:[.!?]+["')\]]*|$)/g)
      ?.map((sentence) => sentence.trim())
      .filter((sentence) => sentence !== '') ?? []
  );
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
