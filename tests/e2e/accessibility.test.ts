import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { SAMPLE_ACCOUNT } from '@/lib/domain/sample/sample-scenario';
import { AXE_TAGS, axeClosedRoot } from './axe-closed-root';
import { insideEmber } from './closed-shadow';
import { requestsFrom, useExtensionPage } from './extension-messaging';

/*
 * axe-core (a maintained rule set, WCAG 2.1 A and AA) on every extension page, with the sample data
 * loaded so each shows its content, in the light and the dark theme (issue 18). Any violation
 * fails, on the pages and on the sidebar; the assertion lists each with the elements it found.
 */

/** The sidebar preview is a page too: the thread's mail beside the sidebar (whose own check is below). */
const PREVIEW = `preview.html?${new URLSearchParams({ account: SAMPLE_ACCOUNT, deal: 'sample-acme', thread: 'sample-t1' }).toString()}`;
const PAGES = ['options.html', 'sidepanel.html', 'dashboard.html', PREVIEW] as const;
const THEMES = ['light', 'dark'] as const;

/**
 * What axe finds on the page: WCAG 2.1 A and AA, and axe's best practices (landmarks, heading
 * order), at any impact. The issue asks for no serious or critical one; the pages have none at all,
 * and the check keeps it so.
 */
async function violationsOf(page: Page) {
  const { violations } = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
  return violations.map((violation) => ({
    rule: violation.id,
    impact: violation.impact,
    help: violation.help,
    nodes: violation.nodes.map((node) => `${node.target.join(' ')}: ${node.failureSummary ?? ''}`),
  }));
}

describe('accessibility of the extension pages (axe-core)', () => {
  const session = useExtensionPage();

  test('the check catches what it must: an unnamed button on the page is critical', async () => {
    const page = await session.browser.context.newPage();
    try {
      await page.goto(`chrome-extension://${session.browser.extensionId}/options.html`);
      await page.evaluate(() => document.body.append(document.createElement('button')));
      expect((await violationsOf(page)).map((violation) => violation.rule)).toContain('button-name');
    } finally {
      await page.close();
    }
  });

  test.each(PAGES.flatMap((path) => THEMES.map((theme) => [path, theme] as const)))(
    '%s in the %s theme has no violation (WCAG A and AA, and best practice)',
    async (path, theme) => {
      const { send } = requestsFrom(session.page);
      if ((await send('listAccounts', {})).length === 0) await send('loadSampleData', { account: SAMPLE_ACCOUNT });
      const page = await session.browser.context.newPage();
      try {
        await page.emulateMedia({ colorScheme: theme });
        await page.goto(`chrome-extension://${session.browser.extensionId}/${path}`);
        // Once its content is in: the account's settings, the sample deals ("Sample · Initech"), or
        // the sample thread's first message.
        const ready =
          path === 'options.html'
            ? page.getByRole('form', { name: 'Account settings' })
            : path === PREVIEW
              ? page.getByRole('article').first()
              : page.getByText(/Sample · /).first();
        await ready.waitFor({ timeout: 20_000 });
        expect(await violationsOf(page)).toEqual([]);
      } finally {
        await page.close();
      }
    },
    60_000,
  );
});

describe("the dashboard's charts in the dark theme", () => {
  const session = useExtensionPage();

  test("a chart's tooltip takes the theme's surface and text, not Recharts' white", async () => {
    const { send } = requestsFrom(session.page);
    if ((await send('listAccounts', {})).length === 0) await send('loadSampleData', { account: SAMPLE_ACCOUNT });
    const page = await session.browser.context.newPage();
    try {
      await page.emulateMedia({ colorScheme: 'dark' });
      await page.goto(`chrome-extension://${session.browser.extensionId}/dashboard.html`);
      const chart = page.getByRole('figure', { name: 'Days in stage' });
      await chart.locator('.recharts-bar-rectangle').first().hover({ timeout: 20_000 });
      const tooltip = chart.locator('.recharts-default-tooltip');
      await tooltip.waitFor();
      const colours = await tooltip.evaluate((element) => {
        const style = getComputedStyle(element);
        const label = element.querySelector('.recharts-tooltip-label');
        return { background: style.backgroundColor, label: label && getComputedStyle(label).color };
      });
      // theme.css's dark --ember-surface (#2d2e30) and --ember-text (#e3e3e3).
      expect(colours).toEqual({ background: 'rgb(45, 46, 48)', label: 'rgb(227, 227, 227)' });
    } finally {
      await page.close();
    }
  }, 60_000);
});

describe("accessibility of Ember's sidebar (axe-core)", () => {
  const session = useExtensionPage();

  test.each(THEMES)(
    'the sidebar on a sample thread, in the %s theme, has no violation (WCAG A and AA, and best practice)',
    async (theme) => {
      const { send } = requestsFrom(session.page);
      if ((await send('listAccounts', {})).length === 0) await send('loadSampleData', { account: SAMPLE_ACCOUNT });
      const page = await session.browser.context.newPage();
      try {
        await page.emulateMedia({ colorScheme: theme });
        const query = new URLSearchParams({ account: SAMPLE_ACCOUNT, deal: 'sample-acme', thread: 'sample-t1' });
        await page.goto(`chrome-extension://${session.browser.extensionId}/preview.html?${query.toString()}`);
        // The sidebar renders into a closed root, which axe cannot enter: axeClosedRoot gives it a copy.
        const sidebar = insideEmber(page.locator('.sidebar-preview-panel .ember-root'));
        await sidebar.getByRole('heading', { name: 'Sample · Acme Corp' }).waitFor({ timeout: 20_000 });
        // The drafts come last: once one is in, the sidebar shows all it will.
        await sidebar.getByRole('textbox', { name: 'Draft body' }).first().waitFor({ timeout: 20_000 });
        const found = await axeClosedRoot(page, sidebar);
        expect(found.violations).toEqual([]);
        expect(found.checked).toBeGreaterThan(5);
      } finally {
        await page.close();
      }
    },
  );
});
