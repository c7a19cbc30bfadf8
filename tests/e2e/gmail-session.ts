import type { Page } from 'playwright-core';
import { insideEmber } from './closed-shadow';
import { E2E_EXTENSION_PATH, launchWithExtension, type ExtensionBrowser } from './chromium';
import { requestsFrom } from './extension-messaging';
import { startGmailFixtureServer, type GmailFixtureServer } from './gmail-fixture-server';

/**
 * The e2e build in Chromium with the fixture page answering as https://mail.google.com, and an
 * extension page to talk to the background from: what every Gmail end-to-end test starts with.
 */
export interface GmailSession extends ReturnType<typeof requestsFrom> {
  server: GmailFixtureServer;
  browser: ExtensionBrowser;
  extensionPage: Page;
  url(path: string): string;
  openGmail(): Promise<Page>;
  close(): Promise<void>;
}

/** `extensionPath`: an e2e build elsewhere (the benchmarks build their own); `extraArgs` go to Chromium. */
export async function openGmailSession(
  extensionPath = E2E_EXTENSION_PATH,
  extraArgs: readonly string[] = [],
): Promise<GmailSession> {
  const server = await startGmailFixtureServer();
  const browser = await launchWithExtension(extensionPath, [
    `--host-resolver-rules=MAP mail.google.com 127.0.0.1:${server.port}`,
    '--ignore-certificate-errors',
    ...extraArgs,
  ]);
  const url = (path: string) => `chrome-extension://${browser.extensionId}/${path}`;
  const extensionPage = await browser.context.newPage();
  await extensionPage.goto(url('options.html'));
  return {
    ...requestsFrom(extensionPage),
    server,
    browser,
    extensionPage,
    url,
    async openGmail() {
      const gmail = await browser.context.newPage();
      await gmail.setViewportSize({ width: 1280, height: 1000 });
      await gmail.goto('https://mail.google.com/mail/u/0/');
      return gmail;
    },
    async close() {
      await browser.close();
      await server.close();
    },
  };
}

/** Ember's sidebar on the fixture Gmail page, inside its closed shadow root (see closed-shadow.ts). */
export const sidebarOf = (gmail: Page) => insideEmber(sidebarHostOf(gmail));

/** The element the sidebar's closed root is attached to: its attributes are readable from the page. */
export const sidebarHostOf = (gmail: Page) => gmail.locator('#sidebar .ember-root');

/** Adds fixture markup to the Gmail page, as Gmail would render it. */
export const appendHtml = (gmail: Page, selector: string, html: string) =>
  gmail.evaluate(([selector, html]) => document.querySelector(selector)!.insertAdjacentHTML('beforeend', html), [
    selector,
    html,
  ] as const);
