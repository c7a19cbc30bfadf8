import { afterEach, describe, expect, test } from 'vitest';
import { currentWorkflow, stageNames } from '@/lib/background/reads/stage-names';
import { DEFAULT_WORKFLOW, type Workflow } from '@/lib/domain/workflow';
import type { EmberDatabase } from '@/lib/store/database';
import { testDatabase } from '../../helpers/database';

let db: EmberDatabase;
afterEach(() => db?.close());

const renamed = (workflow: Workflow, id: string, name: string): Workflow => ({
  ...workflow,
  stages: workflow.stages.map((stage) => (stage.id === id ? { ...stage, name } : stage)),
});
const without = (workflow: Workflow, id: string): Workflow => ({
  ...workflow,
  stages: workflow.stages.filter((stage) => stage.id !== id),
});

describe('the current workflow', () => {
  test('is the built-in playbook as version 0 until one is saved, then the latest version', async () => {
    db = testDatabase();
    expect(await currentWorkflow(db)).toEqual({ version: 0, workflow: DEFAULT_WORKFLOW });
    const first = { ...DEFAULT_WORKFLOW, quietAfterDays: 3 };
    const second = { ...DEFAULT_WORKFLOW, quietAfterDays: 5 };
    // Saved out of order: the version decides, not the order of writing.
    await db.workflows.bulkPut([
      { version: 2, savedAt: 2, workflow: second },
      { version: 1, savedAt: 1, workflow: first },
    ]);
    expect(await currentWorkflow(db)).toEqual({ version: 2, workflow: second });
  });
});

describe('stage names', () => {
  test("are the playbook's when nothing was saved", async () => {
    db = testDatabase();
    expect(await stageNames(db)).toEqual(
      Object.fromEntries(DEFAULT_WORKFLOW.stages.map((stage) => [stage.id, stage.name])),
    );
  });

  test('keep the name of a stage a later version removed; a newer version renames', async () => {
    db = testDatabase();
    const [kept, dropped] = DEFAULT_WORKFLOW.stages.map((stage) => stage.id);
    const first = renamed(renamed(DEFAULT_WORKFLOW, dropped!, 'Old name'), kept!, 'First name');
    const second = renamed(without(first, dropped!), kept!, 'Second name');
    await db.workflows.bulkPut([
      { version: 1, savedAt: 1, workflow: first },
      { version: 2, savedAt: 2, workflow: second },
    ]);
    const names = await stageNames(db);
    expect(names[dropped!]).toBe('Old name');
    expect(names[kept!]).toBe('Second name');
    expect(Object.keys(names).sort()).toEqual(DEFAULT_WORKFLOW.stages.map((stage) => stage.id).sort());
  });
});
