import { startGmailFeatures } from '@/components/gmail/features';
import { acceptDraftsFromQueue } from '@/lib/gmail/features/queue-drafts';
import { createDraftDesk } from '@/lib/gmail/draft-desk';
import type { GmailUi } from '@/components/gmail/gmail-ui';
import type { GmailHost } from '@/lib/gmail/gmail-host';
import { answerWhenAsked } from '@/lib/gmail/content-alive';
import { createLazyUi } from '@/lib/gmail/lazy-ui';
import { confineRequests } from '@/lib/gmail/network-guard';
import { EmberClient } from '@/lib/messaging/client';
import { sendRequest } from '@/lib/messaging/transport';
// Gmail's page renders the icons Ember hands InboxSDK; an extension URL would load there only if
// the file were web-accessible (which also lets any page detect Ember). A data: URL needs nothing.
import gmailIconUrl from '@/public/icon/48.png?inline';

/** A registered app id removes InboxSDK's "unregistered app" banner; this one is valid for development. */
const DEVELOPMENT_APP_ID = 'sdk_emberdev_3bb4379442';

async function createHost(): Promise<GmailHost> {
  // The e2e build (a settable clock) drives a small fixture page; the production build is tested
  // with the real InboxSDK on a synthesized Gmail page (tests/e2e/inboxsdk-gmail/).
  if (import.meta.env.MODE === 'e2e') {
    const { createFixtureHost } = await import('@/lib/gmail/fixture-host');
    return createFixtureHost();
  }
  const InboxSDK = await import('@inboxsdk/core');
  const { createInboxSdkHost } = await import('@/lib/gmail/inboxsdk-host');
  const appId = (import.meta.env.WXT_INBOXSDK_APP_ID as string | undefined) || DEVELOPMENT_APP_ID;
  // No telemetry: InboxSDK's event tracking and error logging would send data to its servers.
  const sdk = await InboxSDK.load(2, appId, { eventTracking: false, globalErrorLogging: false });
  return createInboxSdkHost(sdk, { iconUrl: gmailIconUrl });
}

export default defineContentScript({
  matches: ['https://mail.google.com/*'],
  runAt: 'document_end',
  async main(ctx) {
    // Before InboxSDK loads: its telemetry and error reports must not leave the browser.
    confineRequests(window);
    const controller = new AbortController();
    ctx.onInvalidated(() => controller.abort());
    // At once, before the page has loaded: a tab whose load completed always answers.
    answerWhenAsked(controller.signal);
    const host = await createHost();
    const client = new EmberClient(sendRequest);
    const desk = createDraftDesk(host);
    controller.signal.addEventListener('abort', () => desk.dispose());
    const ui = createLazyUi<GmailUi>(() => client.request('loadGmailUi', {}));
    ui.preloadWhenIdle(controller.signal);
    startGmailFeatures({ host, client, signal: controller.signal, desk, ui });
    acceptDraftsFromQueue(host, desk, controller.signal);
  },
});
