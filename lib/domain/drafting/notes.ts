import { stripHidden } from './text';

/**
 * The rep's notes are material for buyer copy, except what the rep marked as internal: the rest of
 * a line from a marker on ("Internal: eng says…", "[internal]", "note to self", "do not share"), and
 * the rest of the note after a line that opens with one. Markers are matched as words, in any case.
 */
const INTERNAL =
  /(?:\(internal\)|\[internal\]|\binternal\s*[:\-–—]|\bint\s*:|\bprivate\s*:|\bnote to self\b|\bnts\s*:|\bdo not (?:share|tell)\b|\bdon['’]t (?:share|tell)\b|\bbetween us\b)/i;

/** The note's lines a buyer may read: each cut before its first internal marker, empty ones dropped. */
export function buyerSafeLines(note: string): string[] {
  const lines: string[] = [];
  for (const raw of stripHidden(note).split(/\r?\n/)) {
    const marker = raw.search(INTERNAL);
    // A marker that opens a line makes the rest of the note internal: what follows is under it.
    const kept = (marker === -1 ? raw : raw.slice(0, marker)).replace(/[\s,;:–—-]+$/, '').trim();
    if (kept !== '') lines.push(kept);
    if (marker !== -1 && marker === raw.search(/\S/)) break;
  }
  return lines;
}

/** A note as one line a buyer may read, or null when all of it is internal. */
export function buyerSafeNote(note: string): string | null {
  const lines = buyerSafeLines(note);
  return lines.length > 0 ? lines.join(' ') : null;
}
