import { stripHidden } from './text';

/**
 * Datamarking (Hines et al. 2024, "Defending Against Indirect Prompt Injection Attacks With
 * Spotlighting"): every word of email-derived text is joined to the next by a mark instead of a
 * space, so the model can tell, at every point of a long prompt, text it must read as data from
 * text Ember wrote. Delimiters alone mark only where a quote starts and ends; a long email's
 * middle looks like anything else.
 *
 * Invariant: marked text has no run of spaces or tabs, and every one of its lines starts with the
 * mark, so no line of it can pass for a line of Ember's own.
 */
export const DATA_MARK = '\u02c6';

/** Email text, datamarked: hidden characters and any mark the author wrote removed first. */
export function datamark(text: string): string {
  return stripHidden(text)
    .split(DATA_MARK)
    .join('')
    .split('\n')
    .map((line) => `${DATA_MARK}${line.trim().replace(/[ \t\u00a0]+/g, DATA_MARK)}`)
    .join('\n');
}

/** A provider may echo the marks: a draft is never shown with them. */
export function unmark(text: string): string {
  return text
    .replace(new RegExp(`(^|\\n)${DATA_MARK}`, 'g'), '$1')
    .split(DATA_MARK)
    .join(' ');
}

/** Tokens of datamarked text: a mark is a token of its own in the usual tokenizers. */
export function markedTokens(text: string): number {
  const words = text.trim() === '' ? 0 : text.trim().split(/\s+/).length;
  return Math.ceil(text.length / 4) + words;
}
