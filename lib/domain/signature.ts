/**
 * A message's sign-off and signature block, found from the bottom: what email-reply-parser leaves
 * when no "--" or "Sent from" line sets it off ("Best,\nSam Rivera\nAccount Executive | Ember\n
 * +1 415 555 0100"). Drafting reads what a message says without it: a title or a phone number is
 * not a sentence of the rep's voice, nor a buyer's question.
 */

/** A line that closes a message, in the languages Ember reads. */
export const CLOSING_LINE =
  /^(?:best|best wishes|all the best|thanks|thanks again|many thanks|thank you|thx|cheers|regards|kind regards|best regards|warm regards|warmly|talk soon|speak soon|sincerely|yours sincerely|yours|mit freundlichen grüßen|freundliche grüße|viele grüße|beste grüße|liebe grüße|grüße|cordialement|bien à vous|saludos|un saludo|atentamente|cordiali saluti|met vriendelijke groet)[,!.]?$/iu;

/** A line of contact details or a job title: what a signature block is made of. */
const CONTACT_LINE =
  /\+?\d[\d\s().-]{7,}\d|https?:\/\/|\bwww\.|[a-z0-9._%+-]+@[a-z0-9-]+\.|\s[|·•]\s|^(?:tel|phone|ph|mobile|mob|cell|fax|direct|office|mail|email|web|[mtefpcwo])\s*[:.]|^(?:phone|fax|email|web|mail)\s/iu;
const TITLE_LINE =
  /\b(?:ceo|cfo|cto|coo|cio|ciso|vp|svp|evp|head of|director|manager|engineer|executive|lead|founder|partner|officer|president|counsel|analyst|specialist|consultant|architect|leiter\w*|geschäftsführ\w*|responsable|directeur|directrice)\b/iu;
/** A person's name on a line of its own: one to four words, each capitalized ("Dr. Stefan Müller"). */
const NAME_LINE = /^(?:(?:dr|prof|mr|mrs|ms)\.?\s)?\p{Lu}[\p{L}'’.-]*(?:\s\p{Lu}[\p{L}'’.-]*){0,3}$/u;

/**
 * A legal or environmental footer: "This email and any attachments are confidential…",
 * "CONFIDENTIALITY NOTICE: …", "Please consider the environment before printing", a company
 * registration. It goes with the signature, wherever it starts.
 */
const DISCLAIMER =
  /^(?:this (?:e-?mail|message|communication)\b|the (?:information|content) (?:contained|in this)|confidential(?:ity)?\b|disclaimer\b|please consider the environment|think before you print|diese (?:e-?mail|nachricht)\b|der inhalt dieser|ce (?:message|courriel)\b|este (?:mensaje|correo)\b|[\p{L}&.,' -]+ (?:ltd|limited|gmbh|inc|llc|plc|ag|sa|bv)\.? is registered in\b)/iu;

/** A rule drawn above a signature: "_____", "-----", "=====". */
const RULE_LINE = /^[_=-]{5,}$/;

/** The most lines a signature block runs to, and the longest line of one. */
const MAX_BLOCK_LINES = 10;
const MAX_BLOCK_LINE_CHARS = 100;

const isBlockLine = (line: string) => line.length <= MAX_BLOCK_LINE_CHARS;

/** Text and the sign-off-and-signature cut from its end ('' when there is none). */
export function splitSignature(text: string): { body: string; signature: string } {
  const all = text.replace(/\s+$/, '').split('\n');
  // Footers first: from the first paragraph that opens like one, to the end.
  const footer = all.findIndex(
    (line, index) => (index === 0 || all[index - 1]!.trim() === '') && index > 0 && DISCLAIMER.test(line.trim()),
  );
  const lines = footer > 0 ? all.slice(0, footer) : all;
  while (lines.length > 0 && lines.at(-1)!.trim() === '') lines.pop();
  const trimmed = lines.map((line) => line.trim());
  const cut = (index: number) => cutAt(all, index);
  // A closing line with only a short block under it (blank lines aside): the closing and all below it go.
  const content = (from: number) => trimmed.slice(from).filter((line) => line !== '');
  for (let index = trimmed.length - 1; index > 0; index -= 1) {
    if (content(index + 1).length > MAX_BLOCK_LINES) break;
    if (!CLOSING_LINE.test(trimmed[index]!)) continue;
    if (content(index + 1).every(isBlockLine)) return cut(index);
    break;
  }
  // No closing: the last paragraphs, from one that opens with a name (or a rule of "____" above
  // it), made of contact details or a title, blank lines between them allowed.
  for (let start = trimmed.length - 1; start > 0; start -= 1) {
    const block = content(start);
    if (block.length > MAX_BLOCK_LINES || !block.every(isBlockLine)) break;
    const opensParagraph = trimmed[start - 1] === '' || RULE_LINE.test(trimmed[start - 1]!);
    if (
      opensParagraph &&
      block.length >= 2 &&
      NAME_LINE.test(trimmed[start]!) &&
      block.slice(1).some((line) => CONTACT_LINE.test(line) || TITLE_LINE.test(line))
    ) {
      return cut(RULE_LINE.test(trimmed[start - 1]!) ? start - 1 : start);
    }
  }
  return footer > 0 ? cut(footer) : { body: text.replace(/\s+$/, ''), signature: '' };
}

function cutAt(lines: readonly string[], index: number): { body: string; signature: string } {
  return { body: lines.slice(0, index).join('\n').replace(/\s+$/, ''), signature: lines.slice(index).join('\n') };
}

export const withoutSignature = (text: string): string => splitSignature(text).body;
