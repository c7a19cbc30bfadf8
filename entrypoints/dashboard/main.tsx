import '@/lib/zod-jitless';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { DashboardPage, type CsvTable } from '@/components/dashboard/dashboard-page';
import { protocolChecks } from '@/lib/messaging/checks';
import { EmberClient } from '@/lib/messaging/client';
import { subscribeToChanges } from '@/lib/messaging/page-changes';
import { sendRequest } from '@/lib/messaging/transport';
import { openAccountDatabase } from '@/lib/store/database';
import '@/components/theme.css';

const client = new EmberClient(sendRequest, protocolChecks);

function download(name: string, text: string) {
  const link = document.createElement('a');
  link.href = URL.createObjectURL(new Blob([text], { type: 'text/csv' }));
  link.download = name;
  link.click();
  URL.revokeObjectURL(link.href);
}

/** One table of the account, read here from its database: no runtime message carries the rows. */
async function readTable(account: string, table: CsvTable): Promise<Record<string, unknown>[]> {
  const db = openAccountDatabase(account);
  try {
    return await db.table<Record<string, unknown>>(table).toArray();
  } finally {
    db.close();
  }
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <DashboardPage client={client} subscribeChanges={subscribeToChanges} download={download} readTable={readTable} />
  </StrictMode>,
);
