import { describe, expect, test } from 'vitest';
import { parseMessageInput } from '@/lib/background/sources/message-input';
import { stripHidden } from '@/lib/domain/hidden-text';

describe('hidden characters', () => {
  test.each([
    ['soft hyphen', 0x00ad],
    ['combining grapheme joiner', 0x034f],
    ['Arabic letter mark', 0x061c],
    ['Hangul choseong filler', 0x115f],
    ['Hangul jungseong filler', 0x1160],
    ['Khmer vowel inherent aq', 0x17b4],
    ['Mongolian vowel separator', 0x180e],
    ['zero-width space', 0x200b],
    ['zero-width joiner', 0x200d],
    ['right-to-left mark', 0x200f],
    ['right-to-left override', 0x202e],
    ['word joiner', 0x2060],
    ['invisible separator', 0x2063],
    ['first strong isolate', 0x2068],
    ['Hangul filler', 0x3164],
    ['variation selector 1', 0xfe00],
    ['variation selector 16', 0xfe0f],
    ['byte order mark', 0xfeff],
    ['halfwidth Hangul filler', 0xffa0],
    ['tag space', 0xe0020],
    ['variation selector 17', 0xe0100],
    ['variation selector 256', 0xe01ef],
  ])('%s (U+%s) is removed', (_name, codePoint) => {
    const hidden = String.fromCodePoint(codePoint);
    expect(stripHidden(`ig${hidden}nore${hidden}`)).toBe('ignore');
  });

  test('visible text is kept, accents and emoji included', () => {
    expect(stripHidden('Grüße, Zoë 👋 — 10 % off?')).toBe('Grüße, Zoë 👋 — 10 % off?');
  });

  test('mail is stripped as it is ingested: body, subject and display names', () => {
    const hidden = '\u200b\u{e0041}\ufe0f';
    const { message, names } = parseMessageInput({
      id: 'm1',
      thread: 't1',
      at: 0,
      from: `"Da${hidden}na" <dana@acme.com>`,
      to: ['sam@seller.com'],
      subject: `Pi${hidden}lot`,
      body: `Can we${hidden} talk?`,
    });
    expect(message.text).toBe('Can we talk?');
    expect(message.subject).toBe('Pilot');
    expect(names.get('dana@acme.com')).toBe('Dana');
  });
});
