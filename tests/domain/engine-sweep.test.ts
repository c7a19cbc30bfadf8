import { describe, expect, test } from 'vitest';
import { createEngineContext } from '@/lib/domain/engine/context';
import { WorkflowEngine, type EngineStore } from '@/lib/domain/engine/engine';
import { MemoryEngineStore } from '@/lib/domain/engine/memory-store';
import { DEFAULT_ACCOUNT_SETTINGS } from '@/lib/domain/settings';
import { DEFAULT_WORKFLOW } from '@/lib/domain/workflow';

const DAY = 86_400_000;
const START = Date.parse('2026-04-06T09:00:00Z');

/**
 * A store that answers loads and saves on a later turn of the event loop, as IndexedDB does, logging
 * when each starts and ends: requests made together all start before any ends, one after another do not.
 */
function slowStore(memory: MemoryEngineStore, log: string[]): EngineStore {
  const slow = <T>(name: string, work: () => T): Promise<T> => {
    log.push(`start ${name}`);
    return new Promise((resolve) => setImmediate(resolve)).then(() => {
      const result = work();
      log.push(`end ${name}`);
      return result;
    });
  };
  return {
    loadDeal: (id) => slow(`load ${id}`, () => memory.loadDeal(id)),
    saveTransition: (transition) => slow(`save ${transition.state.deal.id}`, () => memory.saveTransition(transition)),
    hasMessage: (id) => memory.hasMessage(id),
    recordMessage: (message, placement) => memory.recordMessage(message, placement),
    dealForThread: (thread) => memory.dealForThread(thread),
    linkThread: (thread, deal, by) => memory.linkThread(thread, deal, by),
    openDealsWithContacts: (addresses) => memory.openDealsWithContacts(addresses),
    saveMeeting: (meeting) => memory.saveMeeting(meeting),
    firstSellerReply: (deal, since) => memory.firstSellerReply(deal, since),
    dealsWithTimersDue: (upTo) => memory.dealsWithTimersDue(upTo),
  };
}

describe('the sweep', () => {
  test('reads every due deal at once and writes them at once, firing what a deal-by-deal sweep fires', async () => {
    const context = createEngineContext('rep@seller.com', DEFAULT_ACCOUNT_SETTINGS, DEFAULT_WORKFLOW);
    const memory = new MemoryEngineStore();
    const log: string[] = [];
    const fired: string[] = [];
    const engine = new WorkflowEngine(context, slowStore(memory, log), (transition) =>
      fired.push(...transition.triggers.map((trigger) => `${trigger.deal}:${trigger.kind}`)),
    );
    for (const id of ['c', 'a', 'b']) {
      await engine.createDeal({ id, title: id, stage: 'identify', contacts: [`buyer@${id}.com`], at: START });
    }
    fired.length = 0;
    log.length = 0;

    await engine.sweep(START + 11 * DAY);

    expect(fired).toEqual(['a:quiet', 'b:quiet', 'c:quiet']);
    const firstEnd = log.findIndex((entry) => entry.startsWith('end'));
    expect(log.slice(0, firstEnd)).toEqual(['start load a', 'start load b', 'start load c']);
    const firstSaveEnd = log.findIndex((entry) => entry.startsWith('end save'));
    expect(log.slice(0, firstSaveEnd).filter((entry) => entry.startsWith('start save'))).toHaveLength(3);
    expect([...memory.triggers.values()].filter((trigger) => trigger.kind === 'quiet')).toHaveLength(3);
  });
});
