import { describe, expect, test } from 'vitest';
import { gmailIdTime, messageTime, parseGmailDate } from '@/lib/gmail/gmail-dates';
import { listenForChord } from '@/lib/gmail/keyboard';
import { SHOWN_DATE } from '../e2e/inboxsdk-gmail/mailbox';

const NOW = Date.parse('2026-12-01T12:00:00Z');
const at = (month: number, day: number, hour: number, minute: number, year = 2026) =>
  new Date(year, month - 1, day, hour, minute).getTime();

describe("the date Gmail shows, in the rep's language", () => {
  test.each([
    ['Mon, Apr 6, 2026, 2:30 PM', at(4, 6, 14, 30)],
    ['Apr 6, 2026 at 2:30\u202fPM', at(4, 6, 14, 30)],
    ['Mon, Apr 6, 2026, 12:05 AM (2 days ago)', at(4, 6, 0, 5)],
    ['Tue, Sept 8, 2026, 9:00 AM', at(9, 8, 9, 0)],
    // French, German, Spanish, Japanese: as Gmail writes them in those languages.
    ['lun. 6 avr. 2026, 14:30', at(4, 6, 14, 30)],
    ['mar. 3 mars 2026 14:30 (il y a 2 jours)', at(3, 3, 14, 30)],
    ['Mo., 6. Apr. 2026, 14:30', at(4, 6, 14, 30)],
    ['Di., 3. März 2026, 09:05', at(3, 3, 9, 5)],
    ['lun, 6 abr 2026, 14:30', at(4, 6, 14, 30)],
    // "mar" is Tuesday and March in Spanish: the weekday gives way to the month.
    ['mar, 3 mar 2026, 2:30 p. m.', at(3, 3, 14, 30)],
    ['2026年4月6日(月) 14:30', at(4, 6, 14, 30)],
    ['2026年4月6日 午後2:30', at(4, 6, 14, 30)],
    ['6 avr. 2026, 10 h 15', at(4, 6, 10, 15)],
  ])('%j', (text, expected) => {
    expect(parseGmailDate(text)).toBe(expected);
  });

  test.each([['vor 2 Tagen'], [''], ['14:30'], ['31 févr. 2026, 10:00'], ['Apr 6, 2026']])(
    '%j is no date: null, never "now"',
    (text) => {
      expect(parseGmailDate(text)).toBeNull();
    },
  );

  test.each(['en', 'fr', 'de', 'es', 'ja', 'it', 'pt', 'nl'])(
    'reads what Intl writes for %s in the shape Gmail uses (as the synthesized page shows it)',
    (language) => {
      const shown = new Date(2026, 10, 27, 16, 45);
      const text = new Intl.DateTimeFormat(language, SHOWN_DATE).format(shown);
      expect(parseGmailDate(text)).toBe(shown.getTime());
    },
  );
});

describe('the time in a Gmail message id', () => {
  const idOf = (time: number) => (BigInt(time) * 2n ** 20n + 0x1234n).toString(16);

  test('decodes the milliseconds above the low 20 bits', () => {
    const sent = Date.parse('2026-11-30T09:15:42.123Z');
    expect(gmailIdTime(idOf(sent), NOW)).toBe(sent);
  });

  test.each([
    ['not hex', 'm1'],
    ['too short', 'abc'],
    ['before Gmail', idOf(Date.UTC(2001, 0, 1))],
    ['in the future', idOf(NOW + 3 * 86_400_000)],
  ])('%s: null', (_case, id) => {
    expect(gmailIdTime(id, NOW)).toBeNull();
  });

  test('the id comes first; the shown date when the id carries no time; null when neither reads', () => {
    const sent = Date.parse('2026-11-30T09:15:42.123Z');
    expect(messageTime(idOf(sent), 'lun. 6 avr. 2026, 14:30', NOW)).toBe(sent);
    expect(messageTime('m1', 'lun. 6 avr. 2026, 14:30', NOW)).toBe(at(4, 6, 14, 30));
    expect(messageTime('m1', 'il y a 2 jours', NOW)).toBeNull();
  });
});

describe('chords', () => {
  function keyboard() {
    const listeners: ((event: Event) => void)[] = [];
    const target = {
      addEventListener: (_type: string, listener: (event: Event) => void) => void listeners.push(listener),
      removeEventListener: () => listeners.splice(0),
    } as unknown as Document;
    let time = 0;
    const press = (key: string, modifiers: Partial<KeyboardEvent> = {}, gap = 100) => {
      time += gap;
      const event = {
        key,
        code: /^[a-z]$/i.test(key) ? `Key${key.toUpperCase()}` : key,
        shiftKey: false,
        altKey: false,
        ctrlKey: false,
        metaKey: false,
        timeStamp: time,
        target: null,
        preventDefault() {},
        stopPropagation() {},
        ...modifiers,
      };
      listeners.forEach((listener) => listener(event as unknown as Event));
    };
    return { target, press };
  }

  test.each([
    ['g e', [['g'], ['e']], 1],
    ['g e', [['g'], ['x'], ['e']], 0],
    [
      'g e',
      [
        ['g', {}, 100],
        ['e', {}, 2000],
      ],
      0,
    ],
    ['g e', [['x'], ['g'], ['e']], 1],
    ['shift+a', [['Shift'], ['A', { shiftKey: true }]], 1],
    ['shift+a', [['a']], 0],
    ['alt+shift+d', [['∂', { altKey: true, shiftKey: true, code: 'KeyD' }]], 1],
  ] as const)('%s after %j runs %i times', (chord, keys, runs) => {
    const { target, press } = keyboard();
    let count = 0;
    listenForChord(chord, () => (count += 1), target);
    for (const [key, modifiers, gap] of keys as unknown as [string, Partial<KeyboardEvent>?, number?][])
      press(key, modifiers, gap);
    expect(count).toBe(runs);
  });
});
