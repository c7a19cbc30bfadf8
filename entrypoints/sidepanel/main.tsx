import '@/lib/zod-jitless';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { browser } from 'wxt/browser';
import { QueuePage } from '@/components/queue/queue-page';
import { gmailThreadUrl } from '@/lib/gmail/urls';
import { protocolChecks } from '@/lib/messaging/checks';
import { EmberClient } from '@/lib/messaging/client';
import { openGmailThread, subscribeToChanges } from '@/lib/messaging/page-changes';
import { sendRequest } from '@/lib/messaging/transport';
import '@/components/theme.css';

const client = new EmberClient(sendRequest, protocolChecks);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueuePage
      client={client}
      subscribeChanges={subscribeToChanges}
      openThread={(account, thread) => void openGmailThread(gmailThreadUrl(account, thread))}
      previewThread={(account, deal, thread) =>
        void browser.tabs.create({
          url: `${browser.runtime.getURL('/preview.html')}?${new URLSearchParams({ account, deal, thread }).toString()}`,
        })
      }
      googleStatus={(account) => client.request('getGoogleStatus', { account })}
    />
  </StrictMode>,
);
