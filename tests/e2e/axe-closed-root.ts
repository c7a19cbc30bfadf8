import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from 'playwright-core';

/** The rules every page and Ember root must pass: WCAG 2.1 A and AA, and axe's best practices. */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];

interface AxeResults {
  violations: { id: string; nodes: { html: string }[] }[];
  passes: unknown[];
}

/**
 * axe over the content of a closed Ember root (`content`: a locator inside it, from insideEmber).
 * axe cannot enter a closed root, so it is given a faithful copy: the root's style and content
 * cloned into an open root on a host in the same place, with the same theme; the original is
 * hidden meanwhile. Returns each violation with the markup it found, and how many checks passed.
 */
export async function axeClosedRoot(page: Page, content: Locator): Promise<{ violations: string[]; checked: number }> {
  await new AxeBuilder({ page }).analyze(); // injects axe-core into the page
  return content.evaluate(async (inside, tags) => {
    const closed = inside.getRootNode() as ShadowRoot;
    const original = closed.host as HTMLElement;
    const copy = document.createElement('div');
    copy.className = 'ember-root';
    copy.dataset.theme = original.dataset.theme ?? 'light';
    original.after(copy);
    original.style.display = 'none';
    copy.attachShadow({ mode: 'open' }).append(...[...closed.childNodes].map((node) => node.cloneNode(true)));
    const axe = (globalThis as unknown as { axe: { run(context: Element, options: object): Promise<AxeResults> } }).axe;
    try {
      const { violations, passes } = await axe.run(copy, { runOnly: { type: 'tag', values: tags } });
      return {
        checked: passes.length,
        violations: violations.map(
          (violation) => `${violation.id}: ${violation.nodes.map((node) => node.html).join(' | ')}`,
        ),
      };
    } finally {
      copy.remove();
      original.style.display = '';
    }
  }, AXE_TAGS);
}
