import { describe, expect, test } from 'vitest';
import { createEngineContext } from '@/lib/domain/engine/context';
import { WorkflowEngine } from '@/lib/domain/engine/engine';
import { MemoryEngineStore } from '@/lib/domain/engine/memory-store';
import type { DealState, Transition } from '@/lib/domain/engine/types';
import { DEFAULT_ACCOUNT_SETTINGS } from '@/lib/domain/settings';
import { DEFAULT_WORKFLOW } from '@/lib/domain/workflow';

const DAY = 86_400_000;
const START = Date.parse('2026-04-06T09:00:00Z');

/**
 * A store that answers each request on a later turn of the event loop, as IndexedDB does, logging
 * when each starts and ends: requests made together all start before any ends, one after another do not.
 */
class SlowStore extends MemoryEngineStore {
  readonly log: string[] = [];
  private slow<T>(name: string, work: () => Promise<T>): Promise<T> {
    this.log.push(`start ${name}`);
    return new Promise((resolve) => setImmediate(resolve)).then(async () => {
      const result = await work();
      this.log.push(`end ${name}`);
      return result;
    });
  }
  override loadDeal(id: string): Promise<DealState | undefined> {
    return this.slow(`load ${id}`, () => super.loadDeal(id));
  }
  override saveTransition(transition: Transition): Promise<void> {
    return this.slow(`save ${transition.state.deal.id}`, () => super.saveTransition(transition));
  }
}

describe('the sweep', () => {
  test('reads every due deal at once and writes them at once, firing what a deal-by-deal sweep fires', async () => {
    const context = createEngineContext('rep@seller.com', DEFAULT_ACCOUNT_SETTINGS, DEFAULT_WORKFLOW);
    const store = new SlowStore();
    const fired: string[] = [];
    const engine = new WorkflowEngine(context, store, (transition) =>
      fired.push(...transition.triggers.map((trigger) => `${trigger.deal}:${trigger.kind}`)),
    );
    for (const id of ['c', 'a', 'b']) {
      await engine.createDeal({ id, title: id, stage: 'identify', contacts: [`buyer@${id}.com`], at: START });
    }
    fired.length = 0;
    store.log.length = 0;

    await engine.sweep(START + 11 * DAY);

    expect(fired).toEqual(['a:quiet', 'b:quiet', 'c:quiet']);
    const firstEnd = store.log.findIndex((entry) => entry.startsWith('end'));
    expect(store.log.slice(0, firstEnd)).toEqual(['start load a', 'start load b', 'start load c']);
    const firstSaveEnd = store.log.findIndex((entry) => entry.startsWith('end save'));
    expect(store.log.slice(0, firstSaveEnd).filter((entry) => entry.startsWith('start save'))).toHaveLength(3);
    expect([...store.triggers.values()].filter((trigger) => trigger.kind === 'quiet')).toHaveLength(3);
  });
});
