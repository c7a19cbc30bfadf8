// @vitest-environment jsdom
import { afterEach, describe, expect, test } from 'vitest';
import { renderInShadow } from '@/components/mount';
import { closedShadowOf, deepFocus } from '@/lib/gmail/ember-shadow';
import { listenForChord } from '@/lib/gmail/keyboard';

/** Each rendered root is unmounted after its test: React's pending work must not outlive jsdom. */
const unmounts: (() => void)[] = [];
afterEach(() => {
  for (const unmount of unmounts.splice(0)) unmount();
  document.body.replaceChildren();
});

function press(target: Element, key: string) {
  target.dispatchEvent(
    new KeyboardEvent('keydown', { key, code: `Key${key.toUpperCase()}`, bubbles: true, composed: true }),
  );
}

/** Ember's sidebar host with a text field inside its closed root, as the Track-as-deal form has. */
function hostWithField(): { host: HTMLElement; field: HTMLInputElement } {
  const host = document.createElement('div');
  document.body.append(host);
  unmounts.push(renderInShadow(host, null, ''));
  const field = document.createElement('input');
  closedShadowOf(host)!.append(field);
  return { host, field };
}

describe("Ember's closed shadow roots", () => {
  test("Gmail's page gets no root to reach into; the content script keeps it", () => {
    const { host } = hostWithField();
    expect(host.shadowRoot).toBeNull();
    expect(closedShadowOf(host)?.querySelector('style')).not.toBeNull();
  });

  test('a chord typed into a field inside the root is typing, not a shortcut', () => {
    const { field } = hostWithField();
    let runs = 0;
    const stop = listenForChord('g e', () => (runs += 1), document);
    field.focus();
    press(field, 'g');
    press(field, 'e');
    expect(runs).toBe(0);
    field.blur();
    press(document.body, 'g');
    press(document.body, 'e');
    expect(runs).toBe(1);
    stop();
  });

  test('deepFocus follows focus into the root and leaves other elements as they are', () => {
    const { host, field } = hostWithField();
    field.focus();
    // Outside the root, the focused element is only the host.
    expect(document.activeElement).toBe(host);
    expect(deepFocus(host)).toBe(field);
    expect(deepFocus(document.body)).toBe(document.body);
  });
});
