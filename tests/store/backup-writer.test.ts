import { describe, expect, test } from 'vitest';
import { DEFAULT_ACCOUNT_SETTINGS } from '@/lib/domain/settings';
import { writeBackupFile, writerRequest, type BackupWriterPorts } from '@/lib/store/backup-writer';

const ACCOUNT = 'sam@emberseller.com';

function ports(read: BackupWriterPorts['read']) {
  const said: unknown[][] = [];
  const files: string[][] = [];
  const writer: BackupWriterPorts = {
    settings: async () => DEFAULT_ACCOUNT_SETTINGS,
    read,
    fileUrl: (parts) => {
      files.push(parts);
      return 'blob:chrome-extension://id/1';
    },
    save: async (...args) => said.push(['save', ...args]),
    fail: async (...args) => said.push(['fail', ...args]),
  };
  return { writer, said, files };
}

describe("the backup writer page's request", () => {
  test.each([
    ['#account=sam%40emberseller.com&at=1775466000000', { account: ACCOUNT, exportedAt: 1775466000000 }],
    ['account=sam%40emberseller.com&at=5', { account: ACCOUNT, exportedAt: 5 }],
    ['#at=5', null],
    ['#account=sam%40emberseller.com', null],
    ['#account=sam%40emberseller.com&at=soon', null],
    ['#account=sam%40emberseller.com&at=-5', null],
    ['', null],
  ])('%s reads as %j', (hash, expected) => {
    expect(writerRequest(hash)).toEqual(expected);
  });
});

describe('the backup writer page', () => {
  test('reads the account as of the time it was given, makes the file and hands back its URL', async () => {
    const { writer, said, files } = ports(async (account, _settings, exportedAt) => [
      `{"account":"${account}","at":${exportedAt}}`,
    ]);
    await writeBackupFile('#account=sam%40emberseller.com&at=42', writer);
    expect(files).toEqual([[`{"account":"${ACCOUNT}","at":42}`]]);
    expect(said).toEqual([['save', ACCOUNT, 'blob:chrome-extension://id/1', 42]]);
  });

  test('a read that fails is reported with its reason, and nothing is saved', async () => {
    const { writer, said } = ports(async () => {
      throw new Error('QuotaExceededError');
    });
    await writeBackupFile('#account=sam%40emberseller.com&at=42', writer);
    expect(said).toEqual([['fail', ACCOUNT, 'the file could not be made: QuotaExceededError']]);
  });

  test('opened without a request, it does nothing', async () => {
    const { writer, said } = ports(async () => []);
    await writeBackupFile('', writer);
    expect(said).toEqual([]);
  });
});
