import { describe, expect, test } from 'vitest';
import { BENCH_STORE, generateStore, type StoreOptions } from '../../bench/generate-store';
import { createEngineContext } from '@/lib/domain/engine/context';
import { fireDueTimers } from '@/lib/domain/engine/deal-engine';
import { DEFAULT_ACCOUNT_SETTINGS } from '@/lib/domain/settings';
import { DEFAULT_WORKFLOW } from '@/lib/domain/workflow';
import { recordSchemas } from '@/lib/store/record-schemas';

const SMALL: StoreOptions = { ...BENCH_STORE, deals: 1_000, messages: 20_000 };

describe('the benchmark store generator', () => {
  const rows = [...generateStore(SMALL)];

  test('writes rows the store accepts, in the configured numbers', () => {
    const counts = { messages: 0, stageEvents: 0, triggers: 0, messageInputs: 0 };
    for (const deal of rows) {
      recordSchemas.deals.parse(deal.deal);
      for (const contact of deal.contacts) recordSchemas.contacts.parse(contact);
      for (const thread of deal.threads) recordSchemas.threads.parse(thread);
      for (const message of deal.messages) recordSchemas.messages.parse(message);
      for (const event of deal.stageEvents) recordSchemas.stageEvents.parse(event);
      for (const trigger of deal.triggers) recordSchemas.triggers.parse(trigger);
      for (const meeting of deal.meetings) recordSchemas.meetings.parse(meeting);
      counts.messages += deal.messages.length;
      counts.stageEvents += deal.stageEvents.length;
      counts.triggers += deal.triggers.length;
      counts.messageInputs += deal.inputs.filter((input) => input.kind === 'message').length;
      // The deal's own inputs, its creation first, numbered as its row counts them.
      const own = deal.inputs.flatMap((input) => (input.kind === 'message' ? [] : [input]));
      expect(own[0]?.kind).toBe('create');
      expect(own.map((input) => input.seq)).toEqual(own.map((_, seq) => seq));
      expect(deal.deal.inputCount).toBe(own.length);
    }
    expect(rows).toHaveLength(1_000);
    expect(counts).toEqual({ messages: 20_000, stageEvents: 5_000, triggers: 10_000, messageInputs: 20_000 });
    expect(rows[0]!.messages).toHaveLength(200);
  });

  test('is the same on every run', () => {
    expect([...generateStore(SMALL)].map((deal) => deal.deal)).toEqual(rows.map((deal) => deal.deal));
  });

  test("keeps each deal's summaries as the engine would, with 1% of deals due at now", () => {
    const context = createEngineContext(SMALL.account, DEFAULT_ACCOUNT_SETTINGS, DEFAULT_WORKFLOW);
    const due = rows.filter(({ deal }) => deal.nextTimerAt !== null && deal.nextTimerAt <= SMALL.now);
    expect(due).toHaveLength(10);
    expect(due.filter(({ deal }) => deal.upcomingMeetings.length > 0)).toHaveLength(2);
    for (const { deal, triggers } of rows) {
      const openTriggers = triggers.filter((trigger) => trigger.status === 'open');
      expect(deal.openTriggerCount).toBe(openTriggers.length);
      const fired = fireDueTimers(context, { deal, openTriggers, upcomingMeetings: deal.upcomingMeetings }, SMALL.now);
      expect(fired.triggers.length > 0).toBe(due.some((row) => row.deal.id === deal.id));
    }
  });
});
