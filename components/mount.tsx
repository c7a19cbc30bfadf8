import type { ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import shadowTheme from './shadow-theme.css?inline';

/**
 * Renders React into a shadow root on `element`, so Gmail's styles and Ember's never mix; `css`
 * comes after the shared palette, and the theme follows Gmail's. Returns the teardown.
 */
export function renderInShadow(element: HTMLElement, content: ReactNode, css: string): () => void {
  element.dataset.theme = gmailTheme(element.ownerDocument);
  const shadow = element.attachShadow({ mode: 'open' });
  const style = document.createElement('style');
  style.textContent = `${shadowTheme}\n${css}`;
  const container = document.createElement('div');
  shadow.append(style, container);
  const root = createRoot(container);
  root.render(content);
  return () => root.unmount();
}

/** Gmail's own theme, read from its background: its dark themes are dark whatever the OS says. */
export function gmailTheme(doc: Document = document): 'light' | 'dark' {
  const color = getComputedStyle(doc.body).backgroundColor;
  const [r = 255, g = 255, b = 255] = (color.match(/\d+/g) ?? []).map(Number);
  return 0.2126 * r + 0.7152 * g + 0.0722 * b < 110 ? 'dark' : 'light';
}
