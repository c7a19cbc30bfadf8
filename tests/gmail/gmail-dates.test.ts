import { describe, expect, test } from 'vitest';
import { parseGmailDate } from '@/lib/gmail/gmail-dates';
import { listenForChord } from '@/lib/gmail/keyboard';

const FALLBACK = 42;

describe('Gmail date strings', () => {
  test.each([
    ['Mon, Apr 6, 2026, 2:30 PM', new Date(2026, 3, 6, 14, 30).getTime()],
    ['Apr 6, 2026 at 2:30\u202fPM', new Date(2026, 3, 6, 14, 30).getTime()],
    ['Mon, Apr 6, 2026, 2:30 PM (2 days ago)', new Date(2026, 3, 6, 14, 30).getTime()],
    ['6. Apr. 2026, 14:30', new Date(2026, 3, 6, 14, 30).getTime()],
    ['vor 2 Tagen', FALLBACK],
    ['', FALLBACK],
  ])('%j', (text, expected) => {
    expect(parseGmailDate(text, FALLBACK)).toBe(expected);
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
