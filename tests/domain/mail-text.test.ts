import * as replyParser from '@/lib/domain/reply-text';
import { describe, expect, test, vi } from 'vitest';
import { cleanMessageText, MAX_BODY_CHARS, snippetOf } from '@/lib/domain/mail-text';

describe('cleanMessageText', () => {
  test.each([
    ['a plain message', 'Sounds good, Tuesday works.', 'Sounds good, Tuesday works.'],
    [
      'a reply with the quoted thread below',
      'Tuesday works.\n\nOn Mon, Apr 6, 2026 at 2:30 PM Sam <sam@seller.com> wrote:\n> Does Tuesday work?',
      'Tuesday works.',
    ],
    ['a signature after "--"', 'See you then.\n--\nDana Lee\nVP Operations', 'See you then.'],
    ['a mobile footer', 'Yes.\n\nSent from my iPhone', 'Yes.'],
    ['Windows line ends', 'Line one\r\nLine two\r\n', 'Line one\nLine two'],
    ['only quoted text keeps the text', '> quoted only', '> quoted only'],
    ['an empty body', '', ''],
  ])('%s', (_case, body, text) => {
    expect(cleanMessageText(body).text).toBe(text);
  });

  test('a hostile body is cut before the reply parser reads it', () => {
    const parse = vi.spyOn(replyParser, 'replyText');
    const { text } = cleanMessageText(`On ${'a '.repeat(200_000)}`);
    expect(text.length).toBeLessThanOrEqual(MAX_BODY_CHARS);
    // The parser's patterns backtrack quadratically: uncut, this body takes it tens of seconds.
    expect(parse.mock.calls.map(([input]) => input.length)).toEqual([MAX_BODY_CHARS]);
  });
});

describe('snippetOf', () => {
  test.each([
    ['Short one', 'Short one'],
    ['Spaces\n\n  fold   into one', 'Spaces fold into one'],
    [`${'word '.repeat(60)}`, `${'word '.repeat(32).trim()}…`],
  ])('%j', (text, snippet) => {
    expect(snippetOf(text)).toBe(snippet);
  });
});
