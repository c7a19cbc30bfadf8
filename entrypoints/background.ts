// InboxSDK's MV3 loader: injects pageWorld.js into Gmail's main world when the content script asks.
import '@inboxsdk/core/background';
import '@/lib/zod-jitless';
import { browser } from 'wxt/browser';
import { EmberBackground } from '@/lib/background/background';
import {
  chromeNotifier,
  deleteDatabase,
  localAccounts,
  backgroundSecrets,
  browserBackupDownloads,
  offscreenBackupWriter,
  originPermissions,
  openDatabase,
  openNotificationLink,
  gmailTabs,
  localGoogleConnections,
  pageBroadcast,
  sessionGoogleTokens,
  syncedDraftingSettings,
  syncedSettings,
  toolbarBadge,
} from '@/lib/background/browser-adapters';
import { browserGoogle } from '@/lib/background/google/browser-google';
import { installTestClock } from '@/lib/background/test-clock';
import { installTestGoogle } from '@/lib/background/test-google';
import { withWritePause } from '@/lib/background/test-pause';
import type { Clock } from '@/lib/background/ports';
import { createRequestProcessor, senderPolicy } from '@/lib/messaging/server';
import { protocol, type RequestType } from '@/lib/messaging/protocol';
import { wire } from '@/lib/messaging/transport';

const SWEEP_ALARM = 'ember-sweep';

export default defineBackground(() => {
  // End-to-end builds (`--mode e2e`) let tests set the clock; production builds compile this out.
  const clock: Clock = import.meta.env.MODE === 'e2e' ? installTestClock() : () => Date.now();

  // The API key in the extension origin's IndexedDB; one an older build left in storage.local moves now.
  const secrets = backgroundSecrets();
  void secrets.moveLegacyKey();

  const ember = new EmberBackground({
    // E2e builds also let tests hold a write inside its transaction, to stop the worker there.
    openDatabase: import.meta.env.MODE === 'e2e' ? withWritePause(openDatabase) : openDatabase,
    deleteDatabase,
    accounts: localAccounts,
    settings: syncedSettings,
    drafting: syncedDraftingSettings,
    secrets,
    permissions: originPermissions,
    notifier: chromeNotifier,
    badge: toolbarBadge,
    broadcast: pageBroadcast,
    gmailTabs,
    backupFiles: {
      downloads: browserBackupDownloads,
      writer: offscreenBackupWriter,
      origin: new URL(browser.runtime.getURL('/')).origin,
    },
    // E2e builds talk to a fake Google server that tests point them at.
    google:
      import.meta.env.MODE === 'e2e'
        ? installTestGoogle(localGoogleConnections)
        : browserGoogle({
            clientId: import.meta.env.WXT_GOOGLE_CLIENT_ID ?? '',
            webClientId: import.meta.env.WXT_GOOGLE_WEB_CLIENT_ID ?? '',
            // Present only when the manifest asks for `identity`: builds given a client id.
            identity: browser.identity,
            cache: sessionGoogleTokens,
            connections: localGoogleConnections,
            fetch: (input, init) => fetch(input, init),
            log: (line) => console.info(line),
          }),
    clock,
    newId: () => crypto.randomUUID(),
  });

  const process = createRequestProcessor(ember.handlers(), senderPolicy(browser.runtime.id));
  for (const type of Object.keys(protocol) as RequestType[]) {
    wire.onMessage(type, ({ data, sender }) => process(type, data, sender));
  }

  // Chrome may drop alarms across restarts: create the sweep on every worker start.
  void browser.alarms.create(SWEEP_ALARM, { periodInMinutes: 1 });
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name !== SWEEP_ALARM) return;
    void ember.sweepAll();
    void ember.google.syncAll();
    void ember.runDueBackups();
  });
  browser.notifications.onClicked.addListener((id) => void openNotificationLink(id));
  // Gmail tabs open across an install or update have no working content script until reloaded.
  browser.runtime.onInstalled.addListener(({ reason }) => {
    if (reason === 'install' || reason === 'update') void gmailTabs.askToReload(reason);
  });
  // The toolbar button opens the queue in the side panel.
  void browser.sidePanel.setPanelBehavior({ openPanelOnActionClick: true });
  void ember.sweepAll();
});
