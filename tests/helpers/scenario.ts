import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseScenario } from '@/lib/domain/scenario/scenario';
import { replay, type ReplayOutput } from '@/lib/domain/scenario/replay';

export const REP = 'sam@seller.com';

/** Replays a scenario for a rep at seller.com in UTC with the built-in playbook unless overridden. */
export function run(events: object[], overrides: Record<string, unknown> = {}): Promise<ReplayOutput> {
  return replay(parseScenario({ me: [REP], ...overrides, events }));
}

/** The triggers of one kind, with the fields a rule test reads. */
export function triggersOf(output: ReplayOutput, kind?: string) {
  return output.triggers
    .filter((trigger) => kind === undefined || trigger.kind === kind)
    .map(({ deal, kind, stage, action, stakeholder, firedAt, dueAt, status, resolvedAt, resolvedBy }) => ({
      deal,
      kind,
      stage,
      action,
      stakeholder,
      firedAt,
      dueAt,
      status,
      resolvedAt,
      resolvedBy,
    }));
}

export const fixturePath = (name: string) => fileURLToPath(new URL(`../fixtures/scenarios/${name}`, import.meta.url));

export function readFixture(name: string): unknown {
  return JSON.parse(readFileSync(fixturePath(name), 'utf8'));
}

export const deal = (at: string, id: string, fields: Record<string, unknown> = {}) => ({
  at,
  type: 'deal',
  id,
  contacts: [`buyer@${id}.com`],
  ...fields,
});

let messageCount = 0;
/** A message; its id is generated unless given. */
export const message = (at: string, from: string, to: string[], fields: Record<string, unknown> = {}) => ({
  at,
  type: 'message',
  id: `m${++messageCount}`,
  thread: 't1',
  from,
  to,
  ...fields,
});
