/**
 * Characters that render as nothing, or as a blank, and can hide text from the rep's eyes while a
 * model still reads it: zero-width spaces and joiners, bidirectional controls (U+061C, U+200E/F,
 * U+202A–E, U+2066–9), the soft hyphen, the combining grapheme joiner (U+034F), the Mongolian vowel
 * separator (U+180E), Hangul fillers (U+115F, U+1160, U+3164, U+FFA0), Khmer inherent vowels
 * (U+17B4/5), word joiners and invisible operators (U+2060–4), the BOM, variation selectors
 * (U+FE00–F, U+E0100–E01EF) and the Unicode tag block (U+E0000–7F). Email text is stripped of them
 * as it is ingested, and again before any draft or prompt reads it.
 */
/** The hidden code points, as inclusive ranges. */
const HIDDEN_RANGES: readonly (readonly [number, number])[] = [
  [0x00ad, 0x00ad],
  [0x034f, 0x034f],
  [0x061c, 0x061c],
  [0x115f, 0x1160],
  [0x17b4, 0x17b5],
  [0x180e, 0x180e],
  [0x200b, 0x200f],
  [0x202a, 0x202e],
  [0x2060, 0x2064],
  [0x2066, 0x2069],
  [0x3164, 0x3164],
  [0xfe00, 0xfe0f],
  [0xfeff, 0xfeff],
  [0xffa0, 0xffa0],
  [0xe0000, 0xe007f],
  [0xe0100, 0xe01ef],
];

const hex = (codePoint: number) => `\\u{${codePoint.toString(16)}}`;
const HIDDEN = new RegExp(
  `[${HIDDEN_RANGES.map(([first, last]) => (first === last ? hex(first) : `${hex(first)}-${hex(last)}`)).join('')}]`,
  'gu',
);

export function stripHidden(text: string): string {
  return text.replace(HIDDEN, '');
}
