import EmailReplyParser from 'email-reply-parser';

/**
 * The part of an email worth keeping: what this message itself says, without the quoted thread
 * below it or the sender's signature. Email text is untrusted; this only trims it.
 */

/** Bodies beyond this are cut before parsing: nobody writes more, and it bounds the parser's work. */
export const MAX_BODY_CHARS = 100_000;
const SNIPPET_CHARS = 160;

export interface CleanedText {
  text: string;
  snippet: string;
}

export function cleanMessageText(body: string): CleanedText {
  const bounded = body.length > MAX_BODY_CHARS ? body.slice(0, MAX_BODY_CHARS) : body;
  const normalized = bounded.replace(/\r\n?/g, '\n');
  let visible: string;
  try {
    visible = new EmailReplyParser().parseReply(normalized);
  } catch {
    visible = normalized;
  }
  const text = visible.trim() === '' ? normalized.trim() : visible.trim();
  return { text, snippet: snippetOf(text) };
}

export function snippetOf(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= SNIPPET_CHARS) return flat;
  const cut = flat.slice(0, SNIPPET_CHARS);
  const space = cut.lastIndexOf(' ');
  return `${(space > SNIPPET_CHARS / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
