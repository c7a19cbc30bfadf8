import { describe, expect, test } from 'vitest';
import { chordText, SHORTCUTS } from '@/components/gmail/shortcuts';

describe('a shortcut as the rep reads it', () => {
  test.each([
    ['g e', 'g then e'],
    ['shift+a', 'Shift+A'],
    ['alt+shift+d', 'Alt+Shift+D'],
    ['ctrl+k', 'Ctrl+K'],
    ['e', 'e'],
  ])('%s is written %s', (chord, text) => {
    expect(chordText(chord)).toBe(text);
  });

  test("Ember's own shortcuts", () => {
    expect(SHORTCUTS.map((shortcut) => chordText(shortcut.chord))).toEqual(['g then e', 'Shift+A', 'Shift+D']);
  });
});
