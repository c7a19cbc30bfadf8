/**
 * Where a message's quoted history starts, in the forms real mail writes it and email-reply-parser
 * misses: Outlook's "-----Original Message-----" (with a leading space too), an Outlook header block
 * ("From: … / Sent: … / To: … / Subject: …"), Lotus Notes' reply header ("Dana Lee <dana@…> on
 * 05/03/2001 10:15 AM" over "To:"/"cc:" lines) and forward marker ("---- Forwarded by Phillip K
 * Allen/HOU/ECT on 10/09/2000 02:00 PM ----"), Gmail's and Apple's forward markers, and a wrapped
 * "On … wrote:". Everything from there down is history, not what this message says.
 *
 * A forward with nothing of its own above the marker keeps the forwarded message's text (its
 * header block dropped) and is marked forwarded: reduced to nothing, it would read as scraps.
 */
export interface HistoryCut {
  /** What the message itself says. */
  own: string;
  /** The message forwards another and says nothing of its own: `own` is the forwarded text. */
  forwarded: boolean;
}

const ORIGINAL_MESSAGE = /^\s*-{2,}\s*original message\s*-{2,}\s*$/i;
const FORWARD_MARKERS = [
  /^\s*-{3,}\s*forwarded by\s.+/i,
  /^\s*-{2,}\s*forwarded message\s*-{2,}/i,
  /^\s*begin forwarded message:\s*$/i,
  /^\s*-{2,}\s*(?:weitergeleitete nachricht|message transféré|mensaje reenviado)\s*-{2,}/i,
];
/** Lotus Notes: a name or address, "on", a date and a time, alone on a line ("… on 05/03/2001 10:15:23 AM"). */
const NOTES_REPLY =
  /^\s*.{1,120}?\s+on\s+\d{1,2}\/\d{1,2}\/\d{2,4}\s+\d{1,2}:\d{2}(?::\d{2})?\s*(?:am|pm)?(?:\s+[a-z]{2,4})?\s*$/i;
/** The same header wrapped: "… on 11/05/99" with the time alone on the next line. */
const NOTES_REPLY_WRAPPED = /^\s*.{1,120}?\s+on\s+\d{1,2}\/\d{1,2}\/\d{2,4}\s*$/i;
const TIME_LINE = /^\s*\d{1,2}:\d{2}(?::\d{2})?\s*(?:am|pm)?(?:\s+[a-z]{2,4})?\s*$/i;
/** Lotus Notes' other form: the author's name on one line, the date and time alone on the next, then "To:". */
const NOTES_DATE_LINE = /^\s*\d{1,2}\/\d{1,2}\/\d{2,4}\s+\d{1,2}:\d{2}(?::\d{2})?\s*(?:am|pm)?\s*$/i;
const HEADER_LINE =
  /^\s*(?:(?:from|sent|date|to|cc|bcc|subject|importance|von|gesendet|an|betreff|de|envoyé|à|objet)\s*:|please respond to\s)/i;
const FROM_LINE = /^\s*(?:from|von|de)\s*:\s*\S/i;
/** "On Tue, Apr 7, 2026 at 9:14 AM Dana Lee <dana@acme.com> wrote:", on one line or wrapped over two. */
const WROTE = /^\s*on\s.{6,200}\bwrote:\s*$/i;
const WROTE_START = /^\s*on\s.{6,200}$/i;
const WROTE_END = /^.{0,120}\bwrote:\s*$/i;

/** How many lines after a marker its header block may run (To:, cc:, Subject: …). */
const HEADER_WINDOW = 6;

function headerFollows(lines: readonly string[], index: number, minimum: number): boolean {
  let found = 0;
  for (let next = index + 1; next < Math.min(lines.length, index + 1 + HEADER_WINDOW); next += 1) {
    if (HEADER_LINE.test(lines[next]!)) found += 1;
  }
  return found >= minimum;
}

/** The index of the first line of quoted history, and whether it is a forward; null when none. */
function historyStart(lines: readonly string[]): { index: number; forward: boolean } | null {
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index]!;
    const first = line.trimStart().charAt(0);
    if (first === '' || first === '>') continue;
    const next = lines[index + 1];
    // Every marker opens with "-", "On", "From"/"Von"/"De" or "Begin", or is a Notes header with a
    // date ("/"): the regular expressions run on those lines only, ingestion's hot path.
    if (first === '-') {
      if (FORWARD_MARKERS.some((marker) => marker.test(line))) return { index, forward: true };
      if (ORIGINAL_MESSAGE.test(line)) return { index, forward: false };
    }
    if (line.includes('/') && NOTES_REPLY.test(line) && headerFollows(lines, index, 1))
      return { index, forward: false };
    if (next !== undefined && next.includes('/') && NOTES_DATE_LINE.test(next) && headerFollows(lines, index + 1, 1))
      return { index, forward: false };
    if (!/[ofbvd]/i.test(first)) continue;
    if (FORWARD_MARKERS.some((marker) => marker.test(line))) return { index, forward: true };
    if (FROM_LINE.test(line) && headerFollows(lines, index, 2)) return { index, forward: false };
    if (WROTE.test(line)) return { index, forward: false };
    if (WROTE_START.test(line) && next !== undefined && WROTE_END.test(next)) return { index, forward: false };
  }
  return null;
}

/** The forwarded message's own text: its header block (From:, Sent:, To:, cc:, Subject: …) dropped. */
function forwardedText(lines: readonly string[]): string {
  let index = 0;
  while (
    index < lines.length &&
    (lines[index]!.trim() === '' ||
      HEADER_LINE.test(lines[index]!) ||
      NOTES_REPLY.test(lines[index]!) ||
      NOTES_REPLY_WRAPPED.test(lines[index]!) ||
      TIME_LINE.test(lines[index]!) ||
      NOTES_DATE_LINE.test(lines[index]!) ||
      (lines[index + 1] !== undefined && NOTES_DATE_LINE.test(lines[index + 1]!)))
  )
    index += 1;
  // A Notes header's To:/cc: lines wrap onto indented continuation lines.
  while (index < lines.length && /^\s{2,}\S/.test(lines[index]!) && index < HEADER_WINDOW * 2) index += 1;
  const rest = lines.slice(index);
  const next = historyStart(rest);
  return (next ? rest.slice(0, next.index) : rest).join('\n').trim();
}

export function cutQuotedHistory(text: string): HistoryCut {
  const lines = text.split('\n');
  const start = historyStart(lines);
  if (!start) return { own: text, forwarded: false };
  const own = lines.slice(0, start.index).join('\n').trim();
  if (own !== '') return { own, forwarded: false };
  // An "Original Message" with nothing above it forwards that message (Outlook's forward looks so).
  if (!start.forward && !ORIGINAL_MESSAGE.test(lines[start.index]!)) return { own: text, forwarded: false };
  return { own: forwardedText(lines.slice(start.index + 1)), forwarded: true };
}
