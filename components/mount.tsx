import type { ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { attachClosedShadow } from '@/lib/gmail/ember-shadow';
import shadowTheme from './shadow-theme.css?inline';

/**
 * Renders React into a closed shadow root on `element`, so Gmail's styles and Ember's never mix and
 * Gmail's page cannot reach inside (lib/gmail/ember-shadow.ts); `css` comes after the shared palette,
 * and the theme follows Gmail's. Returns the teardown.
 */
export function renderInShadow(element: HTMLElement, content: ReactNode, css: string): () => void {
  element.dataset.theme = gmailTheme(element);
  const shadow = attachClosedShadow(element);
  const style = document.createElement('style');
  style.textContent = `${shadowTheme}\n${css}`;
  const container = document.createElement('div');
  shadow.append(style, container);
  const root = createRoot(container);
  root.render(content);
  return () => root.unmount();
}

/**
 * Gmail's own theme, read from the background Ember's element sits on: the nearest ancestor that
 * paints one. Its dark themes are dark whatever the OS says. A transparent background is no
 * colour: Gmail's page leaves <body> transparent, which read as black and chose the dark theme on a
 * white page. With nothing painted, the page is the browser's white.
 */
export function gmailTheme(element: Element): 'light' | 'dark' {
  const view = element.ownerDocument.defaultView;
  for (let node: Element | null = element; node && view; node = node.parentElement) {
    const color = parseColor(view.getComputedStyle(node).backgroundColor);
    if (color && color.alpha > 0) {
      return 0.2126 * color.r + 0.7152 * color.g + 0.0722 * color.b < 110 ? 'dark' : 'light';
    }
  }
  return 'light';
}

/** `rgb(r, g, b)`, `rgba(r, g, b, a)` or `rgb(r g b / a)`, as getComputedStyle gives colours; null otherwise. */
function parseColor(value: string): { r: number; g: number; b: number; alpha: number } | null {
  const match = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)(?:\s*[,/]\s*([\d.]+)(%?))?\s*\)$/.exec(value.trim());
  if (!match) return value.trim() === 'transparent' ? { r: 0, g: 0, b: 0, alpha: 0 } : null;
  const [, r, g, b, alpha, percent] = match;
  const a = alpha === undefined ? 1 : Number(alpha) / (percent ? 100 : 1);
  return { r: Number(r), g: Number(g), b: Number(b), alpha: a };
}
