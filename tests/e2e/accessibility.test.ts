import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { SAMPLE_ACCOUNT } from '@/lib/domain/sample/sample-scenario';
import { requestsFrom, useExtensionPage } from './extension-messaging';

/*
 * axe-core (a maintained rule set, WCAG 2.1 A and AA) on every extension page, with the sample data
 * loaded so each shows its content, in the light and the dark theme (issue 18). A serious or
 * critical violation fails; the assertion lists each with the elements it found.
 */

const PAGES = ['options.html', 'sidepanel.html', 'dashboard.html'] as const;
const THEMES = ['light', 'dark'] as const;

async function seriousViolations(page: Page) {
  const { violations } = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => ({
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
      expect((await seriousViolations(page)).map((violation) => violation.rule)).toContain('button-name');
    } finally {
      await page.close();
    }
  });

  test.each(PAGES.flatMap((path) => THEMES.map((theme) => [path, theme] as const)))(
    '%s in the %s theme has no serious or critical violation',
    async (path, theme) => {
      const { send } = requestsFrom(session.page);
      if ((await send('listAccounts', {})).length === 0) await send('loadSampleData', { account: SAMPLE_ACCOUNT });
      const page = await session.browser.context.newPage();
      try {
        await page.emulateMedia({ colorScheme: theme });
        await page.goto(`chrome-extension://${session.browser.extensionId}/${path}`);
        // Once its content is in: the account's settings, or the sample deals ("Sample · Initech").
        const ready =
          path === 'options.html'
            ? page.getByRole('form', { name: 'Account settings' })
            : page.getByText(/Sample · /).first();
        await ready.waitFor({ timeout: 20_000 });
        expect(await seriousViolations(page)).toEqual([]);
      } finally {
        await page.close();
      }
    },
    60_000,
  );
});
