import { cutQuotedHistory } from './quoted-history';
import { replyText } from './reply-text';

/**
 * The part of an email worth keeping: what this message itself says, without the quoted thread
 * below it or the sender's signature. Email text is untrusted; this only trims it.
 */

/**
 * Bodies are cut to this before parsing. What a message itself says comes first and is rarely
 * longer; the rest is quoted history. The parser's patterns backtrack quadratically on hostile lines
 * (100,000 characters took 2 s), so the cut also bounds its work (to about 80 ms).
 */
export const MAX_BODY_CHARS = 20_000;
const SNIPPET_CHARS = 160;

/** The line a forward's kept text opens with. */
export const FORWARDED_LABEL = 'Forwarded message:';

export interface CleanedText {
  text: string;
  snippet: string;
  /** The message only forwards another: `text` is the forwarded message's. */
  forwarded: boolean;
}

export function cleanMessageText(body: string): CleanedText {
  const bounded = body.length > MAX_BODY_CHARS ? body.slice(0, MAX_BODY_CHARS) : body;
  const normalized = bounded.replace(/\r\n?/g, '\n');
  // Outlook, Lotus Notes and forward markers first (quoted-history.ts), then email-reply-parser for
  // "> " quoting, "On … wrote:" and the signatures it knows.
  const { own, forwarded } = cutQuotedHistory(normalized);
  let visible: string;
  try {
    visible = replyText(own);
  } catch {
    visible = own;
  }
  const kept = visible.trim() === '' ? own.trim() : visible.trim();
  // A forward says so where the rep (and a drafting provider) reads it: the words are another's.
  const text = forwarded ? `${FORWARDED_LABEL}\n${kept}` : kept;
  return { text, snippet: snippetOf(text), forwarded };
}

export function snippetOf(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= SNIPPET_CHARS) return flat;
  const cut = flat.slice(0, SNIPPET_CHARS);
  const space = cut.lastIndexOf(' ');
  return `${(space > SNIPPET_CHARS / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
