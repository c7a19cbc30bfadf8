import '@/lib/zod-jitless';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { gmailUi } from '@/components/gmail/ui';
import { SidebarPreview, previewRequest } from '@/components/preview/sidebar-preview';
import '@/components/preview/sidebar-preview.css';
import { protocolChecks } from '@/lib/messaging/checks';
import { EmberClient } from '@/lib/messaging/client';
import { subscribeToChanges } from '@/lib/messaging/page-changes';
import { sendRequest } from '@/lib/messaging/transport';
import '@/components/theme.css';

const client = new EmberClient(sendRequest, protocolChecks);
const request = previewRequest(location.search);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    {request ? (
      <SidebarPreview client={client} ui={gmailUi} subscribeChanges={subscribeToChanges} {...request} />
    ) : (
      <main className="ember-page">
        <p className="ember-error" role="alert">
          This page shows a sample thread: open it from the queue.
        </p>
      </main>
    )}
  </StrictMode>,
);
