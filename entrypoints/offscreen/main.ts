import '@/lib/zod-jitless';
import { protocolChecks } from '@/lib/messaging/checks';
import { EmberClient } from '@/lib/messaging/client';
import { sendRequest } from '@/lib/messaging/transport';
import { readAccountBackup } from '@/lib/store/backup-stream';
import { writeBackupFile } from '@/lib/store/backup-writer';

// The weekly backup's writer (lib/background/auto-backup.ts): opened by the background for one
// account, it makes the file and hands the background its blob: URL to save under Downloads. The
// URL lives as long as this page, which the background closes once the file is saved.
const client = new EmberClient(sendRequest, protocolChecks);

void writeBackupFile(location.hash, {
  settings: (account) => client.request('getSettings', { account }),
  read: readAccountBackup,
  fileUrl: (parts) => URL.createObjectURL(new Blob(parts, { type: 'application/json' })),
  save: (account, url, exportedAt) => client.request('saveAutoBackup', { account, url, exportedAt }),
  fail: (account, reason) => client.request('failAutoBackup', { account, reason }),
});
