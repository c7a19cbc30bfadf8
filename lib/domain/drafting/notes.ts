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

/** Shorthand a rep types in notes, as a buyer reads it. */
const SHORTHAND: readonly [RegExp, string][] = [
  [/\bw\/o\b/gi, 'without'],
  [/\bw\/\s?/gi, 'with '],
  [/\bb\/c\b/gi, 'because'],
  [/~\s?(?=\d)/g, 'about '],
  [/\s[+&]\s/g, ' and '],
  [/\bavg\.?(?=\s)/gi, 'on average'],
  [/\bapprox\.?(?=\s)/gi, 'about'],
  [/\bmtg\b/gi, 'meeting'],
  [/\bEOD\b/g, 'end of day'],
  [/\bEOW\b/g, 'end of the week'],
  [/\bMon\b\.?/g, 'Monday'],
  [/\bTue(?:s)?\b\.?/g, 'Tuesday'],
  [/\bWed\b\.?/g, 'Wednesday'],
  [/\bThu(?:rs?)?\b\.?/g, 'Thursday'],
  [/\bFri\b\.?/g, 'Friday'],
  // The rep notes the buyer in the third person; in an email to them it is "you".
  [/\b(?:the )?(?:buyer|customer|client|prospect)(?:'s|’s)/gi, 'your'],
  [/\b(?:the )?(?:buyer|customer|client|prospect)\b/gi, 'you'],
];

/** A note line that opens with a past-tense verb has dropped its subject: "Shipped X" is "We shipped X". */
const SUBJECTLESS =
  /^(?:shipped|fixed|added|released|sent|finished|built|enabled|launched|deployed|updated|resolved|completed|set up|rolled out|booked|scheduled)\b/i;

/** A note line as buyer copy: shorthand spelled out, the buyer as "you", a subject where it was dropped. */
export function noteAsCopy(line: string): string {
  let copy = line.trim();
  for (const [pattern, replacement] of SHORTHAND) copy = copy.replace(pattern, replacement);
  if (SUBJECTLESS.test(copy)) copy = `We ${copy.charAt(0).toLowerCase()}${copy.slice(1)}`;
  return copy.charAt(0).toUpperCase() + copy.slice(1);
}

/** A note's first line that only names the meeting ("Discovery call w/ Nadia + Marco"), or any line ending in ":". */
const MEETING_HEADING =
  /^[\p{L}\s-]*\b(?:call|meeting|session|sync|demo|workshop|notes?)\b\s*(?:w\/|with\b|[-–—:(]|$)/iu;
/** A line of next steps: "Next: Nadia sends the checklist; we send the outline by Fri". */
const NEXT_STEPS = /^(?:next(?: steps?)?|action items?|to-?dos?|to do|follow[- ]ups?)\s*[:\-–—]\s*(.+)$/i;

/** Labels of a qualification framework a rep types ("Pain:", "Timeline:"): the content is what the buyer reads. */
const QUALIFICATION_LABEL =
  /^(?:pain|need|needs|budget|authority|timeline|timing|decision process|criteria|metrics)\s*:\s*/i;
/** A line of qualification the rep keeps for themselves: who owns budget, who is champion, the competition. */
const QUALIFICATION_ONLY =
  /\b(?:budget owner|economic buyer|decision[- ]maker|champion|competitor|competition|meddic|meddpicc|bant)\b/i;

/** A word that reads as a verb said of someone: "needs", "wants", "is", "has" (not "decision", "process"). */
const THIRD_PERSON_VERB = /^(?:is|has|does|was|can|will|should|must|\p{L}+[^s\W]s)$/iu;

/** Third person to second: "needs" is "need", "is" is "are", for a line about the reader. */
function secondPerson(verb: string): string {
  const irregular: Record<string, string> = { is: 'are', has: 'have', does: 'do', goes: 'go', was: 'were' };
  const lower = verb.toLowerCase();
  const known = irregular[lower];
  if (known) return known;
  if (/(?:ss|sh|ch|x|z|o)es$/.test(lower)) return lower.slice(0, -2);
  if (/[^aeiou]ies$/.test(lower)) return `${lower.slice(0, -3)}y`;
  return lower.endsWith('s') && !lower.endsWith('ss') ? lower.slice(0, -1) : lower;
}

/**
 * A line about the reader, as said to them: "Ben: wants field-level control" and "Ben needs a SOC 2
 * report" are "You want…" and "You need…" in an email to Ben; a next step of theirs is "You'll…",
 * and one of ours "We'll…".
 */
function addressed(line: string, readers: readonly string[], step: boolean): string {
  for (const name of readers) {
    const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const match = new RegExp(`^${escaped}\\s*(?::\\s*|\\s+)(\\p{L}+)(.*)$`, 'iu').exec(line);
    // "Ben: wants…" is about Ben doing something; "Elena: decision after Q2" is a topic, left as is.
    if (match && (step || THIRD_PERSON_VERB.test(match[1]!)))
      return `${step ? "You'll" : 'You'} ${secondPerson(match[1]!)}${match[2]}`;
  }
  if (step) {
    const ours = /^we\s+(\p{L}+)(.*)$/iu.exec(line);
    if (ours && !/^(?:will|are|were|have|had|can|could|should|need)$/i.test(ours[1]!))
      return `We'll ${secondPerson(ours[1]!)}${ours[2]}`;
  }
  return line;
}

/**
 * The rep's notes as recap material: what was heard, and the next steps the rep noted, each as a
 * line a buyer may read (never what is marked internal, never a heading, never a qualification
 * line kept for the rep), said to `readers` (the given names of the recap's recipients) as "you".
 */
export function recapMaterial(
  notes: readonly string[],
  readers: readonly string[] = [],
): { heard: string[]; next: string[] } {
  const heard: string[] = [];
  const next: string[] = [];
  for (const note of notes) {
    // buyerSafeLines trims a line's closing colon, so headings are read from the note as typed.
    const headings = new Set(
      note
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter((line) => line.endsWith(':'))
        .map((line) => line.replace(/[\s:]+$/, '')),
    );
    buyerSafeLines(note).forEach((line, index) => {
      if (headings.has(line) || (index === 0 && MEETING_HEADING.test(line))) return;
      const steps = NEXT_STEPS.exec(line);
      if (steps) {
        for (const step of steps[1]!.split(/;\s*/).filter((part) => part.trim() !== ''))
          next.push(noteAsCopy(addressed(step.trim(), readers, true)));
      } else if (!QUALIFICATION_ONLY.test(line)) {
        heard.push(noteAsCopy(addressed(line.replace(QUALIFICATION_LABEL, ''), readers, false)));
      }
    });
  }
  return { heard, next };
}
