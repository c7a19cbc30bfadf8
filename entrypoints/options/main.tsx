import '@/lib/zod-jitless';
import { StrictMode } from 'react';
import { browser } from 'wxt/browser';
import { createRoot } from 'react-dom/client';
import { OptionsApp } from '@/components/options/options-app';
import { protocolChecks } from '@/lib/messaging/checks';
import { EmberClient } from '@/lib/messaging/client';
import { subscribeToChanges } from '@/lib/messaging/page-changes';
import { readAccountBackup } from '@/lib/store/backup-stream';
import { sendRequest } from '@/lib/messaging/transport';
import '@/components/theme.css';

const client = new EmberClient(sendRequest, protocolChecks);
// Asked of the extension origin from a page (workers have no StorageManager.persist).
const persistStorage = () => navigator.storage.persist();

// The page reads the account's database itself, in parts: a large store's backup is more than a
// runtime message may carry. The settings come from the background, which owns them.
async function readBackup(account: string) {
  const settings = await client.request('getSettings', { account });
  const exportedAt = Date.now();
  return { parts: await readAccountBackup(account, settings, exportedAt), exportedAt };
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <OptionsApp
      client={client}
      subscribe={subscribeToChanges}
      persist={persistStorage}
      readBackup={readBackup}
      requestOrigin={(origin) => browser.permissions.request({ origins: [`${origin}/*`] })}
      allowDownloads={() => browser.permissions.request({ permissions: ['downloads'] })}
    />
  </StrictMode>,
);
