import { z } from 'zod';
import { sentences, stripHidden } from './text';
import { CLOSING_LINE, splitSignature } from '../signature';

/**
 * The rep's voice, learned from their own sent mail: how they open and close, how long they write,
 * how formal they are, and a few short real lines. A manual override wins over what was learned.
 */
export const voiceOverrideSchema = z.object({
  signOff: z.string().trim().max(200).optional(),
  greeting: z.string().trim().max(50).optional(),
});
export type VoiceOverride = z.infer<typeof voiceOverrideSchema>;

export interface VoiceProfile {
  /** "Hi", "Hello", "Dear"; with the buyer's first name after it. */
  greeting: string;
  /** What follows the name: "," in "Hi Maya,", " —" in "Hey Maya —", "" in "Hi Maya". */
  greetingMark: string;
  /** The closing lines, e.g. "Best,\nSam". */
  signOff: string;
  typicalWords: number;
  averageSentenceWords: number;
  formality: 'casual' | 'neutral' | 'formal';
  /** A few of the rep's own sentences, for tone. */
  excerpts: string[];
  /** How many sent messages it was learned from. */
  sampleSize: number;
}

export const DEFAULT_VOICE: VoiceProfile = {
  greeting: 'Hi',
  greetingMark: ',',
  signOff: 'Best,',
  typicalWords: 90,
  averageSentenceWords: 14,
  formality: 'neutral',
  excerpts: [],
  sampleSize: 0,
};

const GREETING = /^(hi|hello|hey|dear|good (?:morning|afternoon|evening))\b/i;
/** A greeting that opens a line of text: "Hi Dana, a colleague suggested…". */
const GREETING_OPENING =
  /^(?:hi|hello|hey|dear|good (?:morning|afternoon|evening))(?:\s+[\p{L}'’.-]+){0,3}?\s*(?:[,!:;]|\s?[—–-])\s*/iu;
/** A greeting line's name and the mark after it: "Hey Maya —", "Hi Maya,", "Dear Dr. Müller:". */
const GREETING_LINE =
  /^(?:hi|hello|hey|dear|good (?:morning|afternoon|evening))(?:\s+[\p{L}'’.-]+){0,3}?\s*([,!:;]|\s[—–-]|[—–])?\s*$/iu;
const CLOSING = CLOSING_LINE;

/**
 * The closing of a message ("Best,\nSam"), read from the raw body: cleaning removes it with the
 * signature, but it is part of the rep's voice.
 */
export function closingOf(body: string): string | null {
  const lines = stripHidden(body)
    .split('\n')
    .map((line) => line.trim());
  const quoteStart = lines.findIndex((line) => line.startsWith('>') || /^On .+wrote:$/.test(line));
  const own = quoteStart >= 0 ? lines.slice(0, quoteStart) : lines;
  for (let index = own.length - 1; index > 0; index -= 1) {
    if (!CLOSING.test(own[index]!)) continue;
    const name = own.slice(index + 1).find((line) => line !== '');
    return name && name.length <= 60 ? `${own[index]}\n${name}` : own[index]!;
  }
  return null;
}

/**
 * A send as voice learning reads it: its cleaned text with the closing put back where cleaning cut
 * it ("--" above it); a text that still ends with its closing does not get it twice.
 */
export function voiceBody(text: string, closing: string | null): string {
  return closing && !text.includes(closing) ? `${text}\n\n${closing}` : text;
}

const MAX_EXCERPTS = 3;

function isExcerpt(sentence: string, taken: readonly string[]): boolean {
  return sentence.length >= 12 && sentence.length <= 140 && !taken.includes(sentence);
}

/**
 * Lines for tone from the rep's sends on one deal, newest first: another customer's mail (their
 * prices, their people) never enters this deal's prompt. The greeting and closing lines are left out.
 */
export function excerptsOf(sentBodies: readonly string[]): string[] {
  const excerpts: string[] = [];
  for (const body of [...sentBodies].reverse()) {
    const lines = stripHidden(body)
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '' && !GREETING_LINE.test(line) && !CLOSING.test(line))
      .map((line) => line.replace(GREETING_OPENING, ''));
    for (const sentence of sentences(lines.join(' '))) {
      if (excerpts.length < MAX_EXCERPTS && isExcerpt(sentence, excerpts)) excerpts.push(sentence);
    }
  }
  return excerpts;
}

/** The closing of a cut signature: its closing line and the name under it ("Best,\nSam"). */
function closingLines(signature: string): string | null {
  const lines = signature
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
  if (lines.length === 0 || !CLOSING.test(lines[0]!)) return null;
  return lines.slice(0, 2).join('\n');
}

function mostCommon(values: string[]): string | undefined {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0];
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? 0 : sorted[sorted.length >> 1]!;
}

/** Learns from the rep's sent messages (cleaned bodies), newest last. */
export function learnVoice(sentBodies: readonly string[], override: VoiceOverride = {}): VoiceProfile {
  const bodies = sentBodies.map((body) => stripHidden(body).trim()).filter((body) => body !== '');
  if (bodies.length === 0) return applyOverride(DEFAULT_VOICE, override);
  const greetings: string[] = [];
  const marks: string[] = [];
  const closings: string[] = [];
  const wordCounts: number[] = [];
  const sentenceWords: number[] = [];
  let formalMarks = 0;
  let casualMarks = 0;
  const excerpts: string[] = [];

  for (const body of bodies) {
    // The signature block is cut before anything is learned: a title or a phone number is not voice.
    // The closing is read from it, as the first line or two of what was cut.
    const { body: content, signature } = splitSignature(body);
    const lines = content
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '');
    const greeting = GREETING.exec(lines[0] ?? '')?.[1];
    if (greeting) greetings.push(greeting[0]!.toUpperCase() + greeting.slice(1).toLowerCase());
    const line = GREETING_LINE.exec(lines[0] ?? '');
    // A dash after the name is set off by a space ("Hey Maya —"), however the line spaced it.
    if (line) marks.push(/^\s?[—–-]$/.test(line[1] ?? '') ? ` ${line[1]!.trim()}` : (line[1] ?? ''));
    const closing = closingLines(signature);
    if (closing) closings.push(closing);
    wordCounts.push(content.split(/\s+/).length);
    const said = sentences(lines.slice(greeting ? 1 : 0).join(' '));
    for (const sentence of said) sentenceWords.push(sentence.split(/\s+/).length);
    if (/\b(dear|kind regards|sincerely|please find)\b/i.test(body)) formalMarks += 1;
    if (/\b(hey|cheers|thx|gonna)\b|!|\b\w+'(?:s|re|ll|ve|m|d)\b/i.test(body)) casualMarks += 1;
    for (const sentence of said)
      if (excerpts.length < MAX_EXCERPTS && isExcerpt(sentence, excerpts)) excerpts.push(sentence);
  }

  const formality = formalMarks > bodies.length / 3 ? 'formal' : casualMarks > bodies.length / 2 ? 'casual' : 'neutral';
  return applyOverride(
    {
      greeting: mostCommon(greetings) ?? DEFAULT_VOICE.greeting,
      greetingMark: mostCommon(marks) ?? DEFAULT_VOICE.greetingMark,
      signOff: mostCommon(closings) ?? DEFAULT_VOICE.signOff,
      typicalWords: median(wordCounts),
      averageSentenceWords: Math.round(
        sentenceWords.reduce((sum, words) => sum + words, 0) / Math.max(sentenceWords.length, 1),
      ),
      formality,
      excerpts,
      sampleSize: bodies.length,
    },
    override,
  );
}

function applyOverride(profile: VoiceProfile, override: VoiceOverride): VoiceProfile {
  return {
    ...profile,
    ...(override.signOff ? { signOff: override.signOff } : {}),
    ...(override.greeting ? { greeting: override.greeting } : {}),
  };
}
