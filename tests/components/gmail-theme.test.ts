// @vitest-environment jsdom
import { afterEach, describe, expect, test } from 'vitest';
import { gmailTheme } from '@/components/mount';

/** Builds `html > body > … > panel` with the given backgrounds, outermost first ('' = none set). */
function panelOn(backgrounds: readonly string[]): HTMLElement {
  const [html = '', body = '', ...wrappers] = backgrounds;
  document.documentElement.style.backgroundColor = html;
  document.body.style.backgroundColor = body;
  let parent: HTMLElement = document.body;
  for (const background of wrappers) {
    const wrapper = parent.appendChild(document.createElement('div'));
    wrapper.style.backgroundColor = background;
    parent = wrapper;
  }
  return parent.appendChild(document.createElement('div'));
}

afterEach(() => {
  document.body.replaceChildren();
  document.documentElement.removeAttribute('style');
  document.body.removeAttribute('style');
});

describe("the sidebar follows Gmail's theme", () => {
  test.each([
    ["a white Gmail page whose body is transparent (Gmail's own)", ['', 'transparent', 'rgb(255, 255, 255)'], 'light'],
    ['a page that paints nothing at all', ['', 'rgba(0, 0, 0, 0)'], 'light'],
    ["Gmail's default light background", ['', 'rgb(246, 248, 252)'], 'light'],
    ["Gmail's dark theme on the body", ['', 'rgb(32, 33, 36)'], 'dark'],
    ['a dark side panel inside a light page', ['', 'rgb(255, 255, 255)', 'rgb(31, 31, 31)'], 'dark'],
    ['a white side panel inside a dark page', ['', 'rgb(32, 33, 36)', 'rgb(255, 255, 255)'], 'light'],
    ['a mostly opaque dark tint counts as painted', ['', '', 'rgba(20, 20, 20, 0.9)'], 'dark'],
  ] as const)('%s: %s', (_case, backgrounds, theme) => {
    expect(gmailTheme(panelOn(backgrounds))).toBe(theme);
  });

  test('an element not yet in the page is light', () => {
    expect(gmailTheme(document.createElement('div'))).toBe('light');
  });
});
