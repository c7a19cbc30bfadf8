import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchWithExtension, type ExtensionBrowser } from './chromium';

describe('the built extension in Chromium', () => {
  let browser: ExtensionBrowser;
  beforeAll(async () => {
    browser = await launchWithExtension();
  }, 30_000);
  afterAll(async () => {
    await browser?.close();
  });

  test('loads, and its service worker starts', async () => {
    expect(browser.extensionId).toMatch(/^[a-p]{32}$/);
    const worker = browser.context.serviceWorkers()[0]!;
    expect(worker.url()).toBe(`chrome-extension://${browser.extensionId}/background.js`);
    // Runs in the service worker, where `chrome` exists; this file is typechecked for Node.
    const name = await worker.evaluate('chrome.runtime.getManifest().name');
    expect(name).toBe('Ember');
    // The worker's start-up ran to the end: it registers the sweep alarm last.
    expect(await worker.evaluate('chrome.alarms.get("ember-sweep").then((alarm) => alarm?.periodInMinutes)')).toBe(1);
  });

  test('the queue, dashboard and options pages load without errors', async () => {
    const page = await browser.context.newPage();
    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(error.message));
    for (const path of ['options.html', 'sidepanel.html', 'dashboard.html']) {
      await page.goto(`chrome-extension://${browser.extensionId}/${path}`);
      await page.waitForLoadState('networkidle');
    }
    expect(errors).toEqual([]);
  });

  test('no page or the worker compiles strings: zod is jitless and no CSP violation is reported', async () => {
    const worker = browser.context.serviceWorkers()[0]!;
    expect(await worker.evaluate('globalThis.__zod_globalConfig?.jitless')).toBe(true);
    const page = await browser.context.newPage();
    await page.addInitScript(() => {
      const violations: string[] = [];
      Object.assign(globalThis, { cspViolations: violations });
      document.addEventListener('securitypolicyviolation', (event) => violations.push(event.violatedDirective));
    });
    for (const path of ['options.html', 'sidepanel.html', 'dashboard.html']) {
      await page.goto(`chrome-extension://${browser.extensionId}/${path}`);
      await page.waitForLoadState('networkidle');
      expect(await page.evaluate('[globalThis.__zod_globalConfig?.jitless, globalThis.cspViolations]')).toEqual([
        true,
        [],
      ]);
    }
  });
});
