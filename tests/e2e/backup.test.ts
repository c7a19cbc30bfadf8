import { describe, expect, test } from 'vitest';
import type { Backup } from '@/lib/store/backup';
import { driveScenario } from '../helpers/scenario-driver';
import { readFixture } from '../helpers/scenario';
import { requestsFrom, useExtensionPage } from './extension-messaging';

/*
 * Backups in Chromium, through the real runtime messaging and IndexedDB: a backup is the account's
 * inputs, and importing one merges inputs, so an older backup changes nothing newer data decided,
 * and an empty store given a backup becomes exactly the store it came from.
 */
describe('backups in Chromium', () => {
  const session = useExtensionPage();
  const messaging = () => requestsFrom(session.page);
  const account = 'sam@emberseller.com';
  const tablesOf = async () => ((await messaging().send('exportData', { account })) as Backup).tables;

  test('export, delete everything, import: the same store; an older backup over newer data changes nothing', async () => {
    const { send, setClock } = messaging();
    const scenario = readFixture('seed-walkthrough.json') as { events: { at: string }[] };
    // The first half of the walk-through, exported; then the rest of it.
    const half = Math.floor(scenario.events.length / 2);
    await driveScenario({ ...scenario, events: scenario.events.slice(0, half) }, send, (at) => setClock(at));
    const older = (await send('exportData', { account })) as Backup;
    await driveScenario({ ...scenario, events: scenario.events.slice(half) }, send, (at) => setClock(at));
    const newer = await tablesOf();
    expect(newer.triggers.length).toBeGreaterThan(older.tables.triggers.length);

    await send('importData', { account, backup: older });
    expect(await tablesOf()).toEqual(newer);

    const whole = (await send('exportData', { account })) as Backup;
    await send('deleteAllData', { account });
    expect((await tablesOf()).deals).toEqual([]);
    await send('importData', { account, backup: whole });
    expect(await tablesOf()).toEqual(whole.tables);
  }, 60_000);
});
