import { describe, expect, test } from 'vitest';
import { BENCH_STORE, generateStore } from '@/bench/generate-store';
import { computeDashboard } from '@/lib/domain/dashboard';
import type { Trigger } from '@/lib/domain/engine/types';
import { DEFAULT_WORKFLOW } from '@/lib/domain/workflow';

/**
 * The dashboard over a generated store of a few hundred deals, pinned to a file: its figures must not
 * move when the computation is reworked for speed. Edge rows the generator never writes are added.
 */
function store() {
  const rows = [...generateStore({ ...BENCH_STORE, deals: 400, messages: 4_000, sidebarDealMessages: 20, seed: 11 })];
  const deals = rows.map((row) => row.deal);
  const stageChanges = rows.flatMap((row) => row.stageEvents).sort((a, b) => a.at - b.at);
  const generated = rows.flatMap((row) => row.triggers);
  const base = generated[0]!;
  const edges: Trigger[] = [
    { ...base, id: 'edge#1', stage: 'no-such-stage', status: 'done', latencyMinutes: null, businessMinutes: null },
    { ...base, id: 'edge#2', status: 'done', latencyMinutes: 12, businessMinutes: -5, resolvedAt: base.dueAt },
    { ...base, id: 'edge#3', status: 'dismissed', resolvedAt: base.dueAt - 1, dueAt: base.dueAt },
  ];
  return { deals, stageChanges, triggers: [...generated, ...edges] };
}

describe('the dashboard over a generated store', () => {
  test.each([
    ['now', BENCH_STORE.now],
    ['sixty days back', BENCH_STORE.now - 60 * 24 * 3_600_000],
  ])('as of %s, figures as pinned', async (name, asOf) => {
    const dashboard = computeDashboard({ workflow: DEFAULT_WORKFLOW, ...store(), asOf });
    await expect(JSON.stringify(dashboard, null, 1)).toMatchFileSnapshot(
      // Not .json: the pinned text is JSON.stringify's, which prettier would reformat.
      `__snapshots__/dashboard-store.${name.replaceAll(' ', '-')}.snap`,
    );
  });
});
