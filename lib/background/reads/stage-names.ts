import { DEFAULT_WORKFLOW, type Workflow } from '@/lib/domain/workflow';
import type { EmberDatabase } from '@/lib/store/database';

/** The workflow in force: the latest saved version, else the built-in playbook as version 0. */
export async function currentWorkflow(db: EmberDatabase): Promise<{ version: number; workflow: Workflow }> {
  const latest = await db.workflows.orderBy('version').last();
  return latest ? { version: latest.version, workflow: latest.workflow } : { version: 0, workflow: DEFAULT_WORKFLOW };
}

/** Every stage name any saved version used, newest first wins: how history names its stages. */
export async function stageNames(db: EmberDatabase): Promise<Record<string, string>> {
  // Version 0 is the built-in playbook every account starts on.
  const names: Record<string, string> = Object.fromEntries(
    DEFAULT_WORKFLOW.stages.map((stage) => [stage.id, stage.name]),
  );
  for (const { workflow } of await db.workflows.orderBy('version').toArray()) {
    for (const stage of workflow.stages) names[stage.id] = stage.name;
  }
  for (const stage of (await currentWorkflow(db)).workflow.stages) names[stage.id] = stage.name;
  return names;
}
