import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import EmailReplyParser from 'email-reply-parser';
// The library's pattern lists; its package exports only the parser, so by path.
import libraryPatterns from '../../node_modules/email-reply-parser/dist/regex.js';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { REPLY_PATTERNS, replyText } from '@/lib/domain/reply-text';

const library = (body: string) => new EmailReplyParser().parseReply(body);

/** Lines that reach every rule of the parser: headers of each language, quotes, signatures, blanks. */
const INTERESTING_LINES = [
  'On Mon, Jun 1, 2026 at 9:00 AM Rep <rep@seller.example> wrote:',
  'On Mon, Jun 1, 2026 at 9:00 AM Rep',
  '<rep@seller.example> wrote:',
  '--- On Tue, 2 Jun 2026, Dana wrote: ---',
  'Le lun. 1 juin 2026 à 09:00, Rep <rep@seller.example> a écrit :',
  'El lun, 1 jun 2026 a las 9:00, Rep (<rep@seller.example>) escribió:',
  'Il giorno lun 1 giu 2026 alle 9:00 Rep <rep@seller.example> ha scritto:',
  'Em seg., 1 de jun. de 2026 às 09:00, Rep <rep@seller.example> escreveu:',
  'Am Mo., 1. Juni 2026 um 09:00 Uhr schrieb Rep <rep@seller.example>:',
  'Op ma 1 jun. 2026 om 09:00 schreef Rep <rep@seller.example>:',
  'W dniu 1.06.2026 o 09:00, Rep <rep@seller.example> pisze:',
  'Dnia 1.06.2026 Rep napisał(a):',
  'Den 1 juni 2026 skrev Rep <rep@seller.example>:',
  'pe 1. kesäk. 2026 klo 9.00 Rep (rep@seller.example) kirjoitti:',
  'ср, 1 июн. 2026\u202fг. в 09:00, Rep <rep@seller.example>:',
  '在 2026年6月1日 09:00, Rep <rep@seller.example> 写道：',
  '2026. 6. 1. 오전 9:00, Rep <rep@seller.example>님이 작성:',
  '2026/06/01 9:00、Rep <rep@seller.example> のメッセージ:',
  'Rep <rep@seller.example> schrieb:',
  'Rep on Monday at 9 wrote:',
  'From: Rep <rep@seller.example>',
  'From : Rep',
  '[rep@seller.example]',
  'Von: Rep <rep@seller.example>',
  'De : Rep <rep@seller.example>',
  'Van: Rep [rep@seller.example]',
  'Da: Rep <rep@seller.example>',
  '2026-06-01 09:00 GMT+01:00 Rep <rep@seller.example>:',
  'man. 1. jun. 2026 kl. 09.00 skrev Rep <rep@seller.example>:',
  '01.06.2026 09:00 "Rep" <rep@seller.example>:',
  '09:00, 1 June 2026, "Rep" <rep@seller.example>:',
  'Mon 2026 from Rep <rep@seller.example>:',
  '-----Original Message-----',
  '--- original message ---',
  '-----Oprindelig besked-----',
  "-----Message d'origine-----",
  '-----Ursprüngliche Nachricht-----',
  '> Here is the proposal we discussed.',
  '>> An older quote',
  '>',
  ' > indented quote',
  '--',
  '-- ',
  '----',
  '  --',
  '__',
  '________________________________',
  '++',
  '==',
  'Sent from my iPhone',
  'Get Outlook for iOS',
  'Cheers,',
  'cheers!',
  'Best wishes',
  'Kind regards,',
  'Best and Regards!',
  'Regards！',
  'Von meinem iPhone gesendet',
  'Gesendet von Mail für Windows',
  'Sendt fra min iPhone',
  'Envoyé depuis mon mobile',
  'Envoyé de mon iPhone',
  'Envoyé à partir de Outlook',
  'Télécharger Outlook pour Android',
  'Bien à vous,',
  'Cordialement',
  'Bien cordialement,',
  'Bonne journée!',
  'Bonne soirée',
  'Enviado desde mi iPhone',
  'In data 1 giugno 2026, Rep ha scritto:',
  'Verzonden vanaf mijn iPad',
  'Verstuurd vanaf mijn iPhone',
  'Best,',
  'Buyer',
  'Thanks, that works for us.',
  'Could you send the updated numbers?',
  '',
  ' ',
  '\t',
  '   trailing spaces   ',
  '\u00a0\u2003\u3000\ufeff',
  'nbsp after\u00a0',
  'line\u2028separated',
  'para\u2029graph',
  'carriage\rreturn',
  '~~~',
  'tilde end~',
  'emoji 😀 and a lone \ud83d surrogate',
  'On $& and $1 $$ $` wrote:',
  "On Mon $' x wrote:",
];

const separator = fc.constantFrom('\n', '\n', '\n', '\r\n', '\r', '\n\n');
const line = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...INTERESTING_LINES) },
  { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }) },
  {
    weight: 1,
    arbitrary: fc.string({
      unit: fc.constantFrom('>', ' ', '-', '_', '~', '\t', 'a', ':', '<', '\u00a0'),
      maxLength: 12,
    }),
  },
);
const body = fc
  .array(fc.tuple(line, separator), { maxLength: 25 })
  .map((parts) => parts.map(([text, end]) => text + end).join(''));

describe('replyText', () => {
  test('uses the library’s patterns, unchanged', () => {
    const describe = (patterns: readonly RegExp[]) => patterns.map((pattern) => `/${pattern.source}/${pattern.flags}`);
    expect(describe(REPLY_PATTERNS.quoteHeaders)).toEqual(describe(libraryPatterns.quoteHeadersRegex));
    expect(describe(REPLY_PATTERNS.signatures)).toEqual(describe(libraryPatterns.signatureRegex));
  });

  test('gives what email-reply-parser gives, on generated mail', () => {
    fc.assert(
      fc.property(body, (text) => {
        expect(replyText(text)).toBe(library(text));
      }),
      { numRuns: 3_000 },
    );
  });

  test('gives what email-reply-parser gives, on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => {
        expect(replyText(text)).toBe(library(text));
      }),
      { numRuns: 2_000 },
    );
  });

  test('gives what email-reply-parser gives, on every message of the scenario fixtures', () => {
    const directory = 'tests/fixtures/scenarios';
    const texts = readdirSync(directory)
      .filter((name) => name.endsWith('.json'))
      .flatMap((name) => [...readFileSync(join(directory, name), 'utf8').matchAll(/"text": ("(?:[^"\\]|\\.)*")/g)])
      .map((match) => JSON.parse(match[1]!) as string);
    expect(texts.length).toBeGreaterThan(20);
    for (const text of texts) expect(replyText(text)).toBe(library(text));
  });

  test.each([
    ['a reply above a quote', 'Tuesday works.\n\nOn Mon, Apr 6, 2026 at 2:30 PM Sam <sam@seller.com> wrote:\n> Works?'],
    ['a signature', 'See you then.\n--\nDana Lee\nVP Operations'],
    [
      'a header wrapped over two lines',
      'Yes.\n\nOn Mon, Apr 6, 2026 at 2:30 PM Sam\n<sam@seller.com> wrote:\n> Works?',
    ],
    ['only a quote', '> quoted only'],
    ['nothing', ''],
  ])('%s', (_case, text) => {
    expect(replyText(text)).toBe(library(text));
  });
});
