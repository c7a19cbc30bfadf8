import type {
  ContactRecord,
  DealRecord,
  MeetingRecord,
  MessageRecord,
  StageEventRecord,
  TriggerRecord,
} from '../records';
import { deriveInputs } from '../derive-inputs';
import { REBUILD_PENDING } from '../rebuild-pending';
import type { Migration } from './migration';

/**
 * Version 5: `inputs`, the record every deal is derived from (lib/store/records.ts, InputRecord):
 * each message's headers and each of the rep's inputs on a deal. `deal` reads a deal's inputs,
 * `thread` a thread's mail, `*participants` the mail a person wrote or got. The upgrade derives the
 * inputs from the rows and marks every deal to be rebuilt from them (trigger ids change form), which
 * the account service does in its first write.
 */
export const v5: Migration = {
  version: 5,
  stores: {
    inputs: 'id, deal, thread, *participants',
  },
  upgrade: async (transaction) => {
    const table = <Row>(name: string) => transaction.table<Row, unknown>(name).toArray();
    const [deals, contacts, messages, stageEvents, meetings, triggers] = await Promise.all([
      table<DealRecord>('deals'),
      table<ContactRecord>('contacts'),
      table<MessageRecord>('messages'),
      table<StageEventRecord>('stageEvents'),
      table<MeetingRecord>('meetings'),
      table<TriggerRecord>('triggers'),
    ]);
    const { inputs, inputCounts } = deriveInputs({ deals, contacts, messages, stageEvents, meetings, triggers });
    await transaction.table('inputs').bulkPut(inputs);
    await transaction
      .table<DealRecord, string>('deals')
      .bulkPut(deals.map((deal) => ({ ...deal, inputCount: inputCounts.get(deal.id) ?? 0, appliedThrough: '' })));
    if (deals.length > 0) await transaction.table('settings').put({ key: REBUILD_PENDING, value: true });
  },
};
