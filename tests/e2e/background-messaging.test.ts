import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseScenario } from '@/lib/domain/scenario/scenario';
import { replay } from '@/lib/domain/scenario/replay';
import { driveScenario, type SendRequest } from '../helpers/scenario-driver';
import { readFixture } from '../helpers/scenario';
import { requestsFrom, stopServiceWorker, useExtensionPage } from './extension-messaging';
import { E2E_EXTENSION_PATH, EXTENSION_PATH } from './chromium';

/**
 * The real extension in Chromium: an extension page drives the background through the real runtime
 * messaging and IndexedDB, and must conclude what `replay` concludes.
 */
describe('the background in Chromium', () => {
  const session = useExtensionPage();

  const send: SendRequest = (type, data) => requestsFrom(session.page).send(type, data);
  const setClock = (at: number) => requestsFrom(session.page).setClock(at);

  test('the seed walk-through, ingested live, gives the triggers and queue replay prints', async () => {
    const input = readFixture('seed-walkthrough.json');
    const live = await driveScenario(input, send, setClock);
    const expected = await replay(parseScenario(input));
    expect(live.triggers).toEqual(expected.triggers);
    expect(live.queue).toEqual(expected.queue);
  }, 60_000);

  test('the data survives the service worker being stopped', async () => {
    const account = 'sam@emberseller.com';
    type Tables = Record<string, { id?: string; firedAt?: number }[]>;
    const before = ((await send('exportData', { account })) as { tables: Tables }).tables;
    await stopServiceWorker(session);
    // A new worker starts on the next message. It runs on the real clock (the test clock lives in
    // memory), so its start-up sweep may fire quiet triggers; everything recorded before must remain.
    const after = ((await send('exportData', { account })) as { tables: Tables }).tables;
    for (const table of ['messages', 'stageEvents', 'threads', 'contacts', 'meetings', 'workflows']) {
      expect(after[table], table).toEqual(before[table]);
    }
    const kept = new Set(before.triggers!.map((trigger) => trigger.id));
    expect(after.triggers!.filter((trigger) => kept.has(trigger.id)).map((t) => [t.id, t.firedAt])).toEqual(
      before.triggers!.map((t) => [t.id, t.firedAt]),
    );
  }, 30_000);

  test('a malformed request gets an error naming the field', async () => {
    await expect(send('getQueue', { account: 'nobody' })).rejects.toThrow(
      'getQueue: invalid_request: getQueue: "account": invalid address "nobody"',
    );
  });

  test('the production build has no test clock', () => {
    expect(readFileSync(join(EXTENSION_PATH, 'background.js'), 'utf8')).not.toContain('e2e:setClock');
    expect(readFileSync(join(E2E_EXTENSION_PATH, 'background.js'), 'utf8')).toContain('e2e:setClock');
  });
});
