import type { Page } from 'playwright-core';
import { EXTENSION_PATH, launchWithExtension, type ExtensionBrowser } from '../chromium';
import { requestsFrom } from '../extension-messaging';
import type { Mailbox } from './mailbox';
import { startInboxSdkGmailServer, type InboxSdkGmailServer, type PageOptions } from './server';

/**
 * The production build (what a rep installs) with the real InboxSDK, on the synthesized Gmail page.
 * Every host but mail.google.com fails to resolve, and every request the browser makes is checked:
 * one to any host other than mail.google.com (or a server the test names) fails the test, whether
 * or not it could have been answered.
 */
export interface InboxSdkGmailSession extends Pick<ReturnType<typeof requestsFrom>, 'send'> {
  server: InboxSdkGmailServer;
  browser: ExtensionBrowser;
  openGmail(): Promise<Page>;
  /** Requests made to other hosts so far; each test expects none. */
  foreignRequests(): string[];
  /** InboxSDK's own logged errors on the Gmail pages (it emits them as DOM events on this page). */
  inboxSdkErrors(page: Page): Promise<string[]>;
  close(): Promise<void>;
}

export async function openInboxSdkGmailSession(
  mailbox: Mailbox,
  { allowedOrigins = [], page = {} }: { allowedOrigins?: string[]; page?: PageOptions } = {},
): Promise<InboxSdkGmailSession> {
  const server = await startInboxSdkGmailServer(mailbox, page);
  const browser = await launchWithExtension(EXTENSION_PATH, [
    `--host-resolver-rules=MAP mail.google.com 127.0.0.1:${server.port}, MAP * ~NOTFOUND`,
    '--ignore-certificate-errors',
  ]);
  const foreign: string[] = [];
  const allowed = (url: URL) =>
    url.protocol === 'chrome-extension:' ||
    url.protocol === 'data:' ||
    url.protocol === 'blob:' ||
    url.origin === 'https://mail.google.com' ||
    allowedOrigins.includes(url.origin);
  browser.context.on('request', (request) => {
    const url = new URL(request.url());
    if (!allowed(url)) foreign.push(`${request.method()} ${request.url()}`);
  });
  const extensionPage = await browser.context.newPage();
  await extensionPage.goto(`chrome-extension://${browser.extensionId}/options.html`);
  return {
    ...requestsFrom(extensionPage),
    server,
    browser,
    async openGmail() {
      const gmail = await browser.context.newPage();
      await gmail.setViewportSize({ width: 1400, height: 1000 });
      await gmail.addInitScript(() => {
        const errors: string[] = [];
        Object.assign(window, { inboxSdkErrors: errors });
        document.addEventListener(
          'inboxSDKerror',
          (event) => errors.push(String((event as CustomEvent<{ message?: string }>).detail?.message)),
          true,
        );
      });
      await gmail.goto('https://mail.google.com/mail/u/0/#inbox');
      return gmail;
    },
    foreignRequests: () => [...foreign],
    inboxSdkErrors: (page) => page.evaluate(() => (window as unknown as { inboxSdkErrors: string[] }).inboxSdkErrors),
    async close() {
      await browser.close();
      await server.close();
    },
  };
}
