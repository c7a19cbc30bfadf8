import Dexie from 'dexie';
import { SAMPLE_PREFIX } from '@/lib/domain/sample/sample-scenario';
import type { Scenario } from '@/lib/domain/scenario/scenario';
import { DomainError } from '@/lib/domain/errors';
import type { EmberDatabase } from '@/lib/store/database';
import { SNOOZE_PREFIX } from '../reads/queue';
import { contentOf, messageInputRecord, storedMessage } from '../sources/message-input';
import type { UnitOfWork } from './unit-of-work';

/**
 * The sample history a newcomer loads: recorded as the inputs it is made of, then its deals are
 * folded from them like any other, so the queue and the dashboard show the engine's real figures.
 */
export async function recordSample(unit: UnitOfWork, scenario: Scenario): Promise<void> {
  if (await unit.db.deals.get(`${SAMPLE_PREFIX}acme`)) throw new DomainError('the sample data is already loaded');
  const seqs = new Map<string, number>();
  const next = (deal: string) => {
    const seq = seqs.get(deal) ?? 0;
    seqs.set(deal, seq + 1);
    return { id: `${deal}:${seq}`, seq };
  };
  const text: [string, ReturnType<typeof contentOf>][] = [];
  for (const event of scenario.events) {
    switch (event.type) {
      case 'deal':
        unit.store.putInput({
          ...next(event.id),
          kind: 'create',
          deal: event.id,
          at: event.at,
          title: event.title ?? event.id,
          stage: event.stage ?? unit.context.workflow.stages[0]!.id,
          contacts: event.contacts,
        });
        break;
      case 'message': {
        const message = storedMessage({ ...event, body: event.text }, { address: event.from, name: null });
        unit.store.putInput({ ...messageInputRecord(message, new Map(), false), deal: event.deal ?? null });
        text.push([message.id, contentOf(message)]);
        if (event.deal) {
          await unit.store.flush();
          await unit.db.threads.put({
            id: event.thread,
            deal: event.deal,
            linkedBy: 'rep',
            subject: event.subject,
            linkedAt: event.at,
          });
        }
        break;
      }
      case 'advance':
        unit.store.putInput({
          ...next(event.deal),
          kind: 'advance',
          deal: event.deal,
          at: event.at,
          to: event.to!,
          evidence: event.evidence ?? null,
        });
        break;
      case 'close':
        unit.store.putInput({
          ...next(event.deal),
          kind: 'close',
          deal: event.deal,
          at: event.at,
          outcome: event.outcome,
        });
        break;
      case 'dismiss':
        unit.store.putInput({
          ...next(event.deal),
          kind: 'dismiss',
          deal: event.deal,
          at: event.at,
          trigger: event.kind,
          stakeholder: event.stakeholder ?? null,
        });
        break;
      case 'meeting': {
        const { id, seq } = next(event.deal);
        unit.store.putInput({
          id,
          seq,
          kind: 'meeting',
          deal: event.deal,
          at: event.at,
          meeting: `${event.deal}@${event.at}`,
          title: event.title ?? null,
          start: event.start,
          end: event.end,
        });
        break;
      }
      case 'tick':
        break;
    }
  }
  unit.rebuild(seqs.keys(), text);
}

/** Removes every sample deal with all that hangs off it; the caller's transaction spans all tables. */
export async function removeSampleDeals(db: EmberDatabase): Promise<number> {
  const ids = await db.deals.where('id').startsWith(SAMPLE_PREFIX).primaryKeys();
  for (const id of ids) {
    const first = [id, Dexie.minKey];
    const last = [id, Dexie.maxKey];
    const [messages, triggers] = await Promise.all([
      db.messages.where('[deal+at]').between(first, last).primaryKeys(),
      db.triggers.where('[deal+status]').between(first, last).primaryKeys(),
    ]);
    await Promise.all([
      db.inputs.where('deal').equals(id).delete(),
      db.settings.bulkDelete(triggers.map((trigger) => `${SNOOZE_PREFIX}${trigger}`)),
      db.messages.bulkDelete(messages),
      db.triggers.where('[deal+status]').between(first, last).delete(),
      db.stageEvents.where('[deal+at]').between(first, last).delete(),
      db.meetings.where('[deal+start]').between(first, last).delete(),
      db.contacts.where('[deal+address]').between(first, last).delete(),
      db.threads.where('deal').equals(id).delete(),
      db.drafts.where('deal').equals(id).delete(),
    ]);
  }
  await db.deals.bulkDelete(ids);
  return ids.length;
}
