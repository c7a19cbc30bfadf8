import '@/lib/zod-jitless';
import { StrictMode } from 'react';
import { browser } from 'wxt/browser';
import { createRoot } from 'react-dom/client';
import { OptionsApp } from '@/components/options/options-app';
import { protocolChecks } from '@/lib/messaging/checks';
import { EmberClient } from '@/lib/messaging/client';
import { subscribeToChanges } from '@/lib/messaging/page-changes';
import { sendRequest } from '@/lib/messaging/transport';
import '@/components/theme.css';

const client = new EmberClient(sendRequest, protocolChecks);
// Asked of the extension origin from a page (workers have no StorageManager.persist).
const persistStorage = () => navigator.storage.persist();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <OptionsApp
      client={client}
      subscribe={subscribeToChanges}
      persist={persistStorage}
      requestOrigin={(origin) => browser.permissions.request({ origins: [`${origin}/*`] })}
    />
  </StrictMode>,
);
