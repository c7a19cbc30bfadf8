import { afterEach, describe, expect, test } from 'vitest';
import type { EmberDatabase } from '@/lib/store/database';
import { testClient } from '../helpers/test-client';

const ACCOUNT = 'sam@seller.com';

let opened: EmberDatabase[] = [];
afterEach(() => {
  for (const db of opened) db.close();
  opened = [];
});

/** A background over in-memory ports that counts its "data changed" broadcasts. */
async function withAccount() {
  const changes: string[] = [];
  const harness = testClient({ deps: { broadcast: { changed: (account) => void changes.push(account) } } });
  await harness.client.request('getQueue', { account: ACCOUNT });
  /** The saved versions as stored, read over a connection of the test's own. */
  const storedVersions = async () => {
    const db = harness.deps.openDatabase(ACCOUNT);
    opened.push(db);
    return db.workflows.orderBy('version').toArray();
  };
  return { ...harness, changes, storedVersions };
}

describe('saving the workflow in force again', () => {
  test('on a fresh account, the built-in playbook saved unchanged stores no version and says nothing changed', async () => {
    const { client, changes, storedVersions } = await withAccount();
    const { workflow } = await client.request('getWorkflow', { account: ACCOUNT });
    changes.length = 0;
    expect(await client.request('saveWorkflow', { account: ACCOUNT, workflow })).toEqual({ version: 0, workflow });
    expect(await storedVersions()).toEqual([]);
    expect(changes).toEqual([]);
    expect((await client.request('getWorkflow', { account: ACCOUNT })).version).toBe(0);
  });

  test('a saved version saved again keeps its version and its time', async () => {
    const { client, clock, changes, storedVersions } = await withAccount();
    const { workflow: playbook } = await client.request('getWorkflow', { account: ACCOUNT });
    const edited = { ...playbook, quietAfterDays: 7 };
    expect((await client.request('saveWorkflow', { account: ACCOUNT, workflow: edited })).version).toBe(1);
    const before = await storedVersions();
    clock.set('2026-04-07T09:00:00Z');
    changes.length = 0;
    expect(await client.request('saveWorkflow', { account: ACCOUNT, workflow: edited })).toEqual({
      version: 1,
      workflow: edited,
    });
    expect(await storedVersions()).toEqual(before);
    expect(changes).toEqual([]);
  });

  test('a request that differs only in what parsing fills in or trims is the same workflow', async () => {
    const { client, storedVersions } = await withAccount();
    const { workflow } = await client.request('getWorkflow', { account: ACCOUNT });
    const asTyped = {
      ...workflow,
      // Defaults left out and spaces around a name: the schema fills and trims them.
      stages: workflow.stages.map(({ checklist: _checklist, ...stage }, index) =>
        index === 0 ? { ...stage, name: `  ${stage.name} ` } : stage,
      ),
    };
    expect((await client.request('saveWorkflow', { account: ACCOUNT, workflow: asTyped })).version).toBe(0);
    expect(await storedVersions()).toEqual([]);
  });

  test('a change after a no-op save still makes the next version', async () => {
    const { client, changes, storedVersions } = await withAccount();
    const { workflow } = await client.request('getWorkflow', { account: ACCOUNT });
    await client.request('saveWorkflow', { account: ACCOUNT, workflow });
    changes.length = 0;
    const renamed = {
      ...workflow,
      stages: workflow.stages.map((stage) => (stage.id === 'discovery' ? { ...stage, name: 'Diagnose' } : stage)),
    };
    expect((await client.request('saveWorkflow', { account: ACCOUNT, workflow: renamed })).version).toBe(1);
    expect((await storedVersions()).map(({ version, workflow: saved }) => [version, saved])).toEqual([[1, renamed]]);
    expect(changes).toEqual([ACCOUNT]);
  });
});

describe('a new version may not repeat a stage name', () => {
  test('the background refuses it, naming the field, and stores nothing', async () => {
    const { client, storedVersions } = await withAccount();
    const { workflow } = await client.request('getWorkflow', { account: ACCOUNT });
    const [first, second, ...rest] = workflow.stages;
    const repeated = { ...workflow, stages: [first!, { ...second!, name: ` ${first!.name.toUpperCase()} ` }, ...rest] };
    await expect(client.request('saveWorkflow', { account: ACCOUNT, workflow: repeated })).rejects.toThrow(/name/);
    expect(await storedVersions()).toEqual([]);
  });
});
