import Dexie from 'dexie';
import { dequal } from 'dequal';
import type { EngineContext } from '@/lib/domain/engine/deal-engine';
import { buyerParticipants } from '@/lib/domain/engine/deal-engine';
import { foldSlice, type DealAction, type DealSeed, type Slice } from '@/lib/domain/engine/fold';
import { nextTimerAt } from '@/lib/domain/engine/deal-engine';
import type { MessagePlacement } from '@/lib/domain/engine/engine';
import type { EngineMessage, Instant, Trigger } from '@/lib/domain/engine/types';
import type { EmberDatabase } from '@/lib/store/database';
import type {
  ContactRecord,
  DealInputRecord,
  DealRecord,
  InputRecord,
  MessageInputRecord,
  MessageRecord,
  StageEventRecord,
  ThreadRecord,
  TriggerRecord,
} from '@/lib/store/records';
import { SNOOZE_PREFIX } from '../reads/queue';

/**
 * Rebuilds deals from their inputs, in the caller's read-write transaction over all tables: the path
 * an input takes when it arrives earlier than what its deals have applied (late mail, a fuller copy,
 * a thread linked or unlinked, a backup merged). The slice folded is closed under "could claim": every
 * deal that any of the slice's mail could belong to (by its thread, by a contact) is folded with it,
 * so mail moving between deals rebuilds both. Triggers keep their ids (lib/domain/engine/trigger-id.ts);
 * one that no longer fires is removed with its draft and snooze.
 */

/** A slice larger than this is folded as it stands: more deals than any real buyer is shared by. */
const MAX_SLICE_DEALS = 400;

/** Mail ingested in the same request, with the text its message row takes if it is placed. */
export type IncomingText = Map<string, Pick<MessageRecord, 'subject' | 'text' | 'snippet' | 'closing'>>;

export interface RebuildResult {
  /** Triggers open after the rebuild that were not open before: news for notifications. */
  fired: Trigger[];
  deals: string[];
  /** The rows the rebuilt deals hold now. */
  rows: { triggers: number; stageEvents: number; contacts: number };
  /** Where each message of the slice is placed now. */
  placements: ReadonlyMap<string, Exclude<MessagePlacement, { kind: 'duplicate' }>>;
}

const range = (deal: string): [[string, unknown], [string, unknown]] => [
  [deal, Dexie.minKey],
  [deal, Dexie.maxKey],
];

/**
 * Everything that could bear on the seed deals, closed under "could belong together": a deal brings
 * its inputs, threads and contacts; a thread brings its mail and its link; a buyer-side person brings
 * the mail they took part in and the deals they are a contact of; a message brings its thread, its
 * buyer-side people and its deal. Each round reads every new key of a kind with one query.
 */
async function gatherSlice(
  db: EmberDatabase,
  context: EngineContext,
  seeds: Iterable<string>,
  near: readonly MessageInputRecord[],
) {
  const messages = new Map<string, MessageInputRecord>();
  const dealInputs = new Map<string, DealInputRecord>();
  const deals = new Map<string, DealRecord>();
  const threads = new Map<string, ThreadRecord | undefined>();
  const seen = { deals: new Set<string>(), threads: new Set<string>(), people: new Set<string>() };
  let next = { deals: new Set(seeds), threads: new Set<string>(), people: new Set<string>() };
  const addMessage = (input: MessageInputRecord, into: typeof next) => {
    if (messages.has(input.id)) return;
    messages.set(input.id, input);
    into.threads.add(input.thread);
    if (input.deal) into.deals.add(input.deal);
    for (const address of buyerParticipants(context, input)) into.people.add(address);
  };
  // The incoming mail's thread and people would be reached through its deal a round later: asked
  // for in the first round, the usual slice (a deal and the thread its mail came on) takes one.
  // The mail itself is read back like any other, so the slice is the same either way.
  for (const input of near) {
    next.threads.add(input.thread);
    for (const address of buyerParticipants(context, input)) next.people.add(address);
  }
  for (;;) {
    const dealIds = [...next.deals].filter((id) => !seen.deals.has(id)).slice(0, MAX_SLICE_DEALS - seen.deals.size);
    const threadIds = [...next.threads].filter((id) => !seen.threads.has(id));
    const people = [...next.people].filter((address) => !seen.people.has(address));
    if (dealIds.length + threadIds.length + people.length === 0) break;
    for (const id of dealIds) seen.deals.add(id);
    for (const id of threadIds) seen.threads.add(id);
    for (const address of people) seen.people.add(address);
    const found = { deals: new Set<string>(), threads: new Set<string>(), people: new Set<string>() };
    // One query per key (`equals`, a getAll), never `anyOf`, which Dexie runs as a cursor: about a
    // request per row in Chromium. Mail of a thread or a person is mostly mail gathered already (the
    // deal's own): its keys are read, and only the rows not gathered yet.
    const each = <Row>(keys: string[], query: (key: string) => Promise<Row[]>) =>
      Promise.all(keys.map(query)).then((lists) => lists.flat());
    // The worker's row cache (lib/store/row-cache-middleware.ts) mostly answers these from the deal's
    // last rebuild or ingest: a deal's inputs, its threads, its mail's people.
    const [rows, ownInputs, linked, threadRows, threadKeys, theirKeys, theirDeals] = await Promise.all([
      db.deals.bulkGet(dealIds),
      each(dealIds, (id) => db.inputs.where('deal').equals(id).toArray()),
      each(dealIds, (id) => db.threads.where('deal').equals(id).toArray()),
      db.threads.bulkGet(threadIds),
      each(threadIds, (id) => db.inputs.where('thread').equals(id).primaryKeys()),
      each(people, (address) => db.inputs.where('participants').equals(address).primaryKeys()),
      each(people, (address) => db.deals.where('contacts').equals(address).primaryKeys()),
    ]);
    const known = new Set(ownInputs.map((input) => input.id));
    const unknown = [...new Set([...threadKeys, ...theirKeys])].filter((id) => !messages.has(id) && !known.has(id));
    const otherMail =
      unknown.length === 0 ? [] : (await db.inputs.bulkGet(unknown)).filter((input): input is InputRecord => !!input);
    for (const row of rows) {
      if (!row) continue;
      deals.set(row.id, row);
      for (const address of row.contacts) found.people.add(address);
    }
    for (const thread of linked) {
      threads.set(thread.id, thread);
      found.threads.add(thread.id);
    }
    threadIds.forEach((id, index) => {
      const row = threadRows[index];
      if (!threads.has(id)) threads.set(id, row);
      if (row?.deal) found.deals.add(row.deal);
    });
    for (const input of [...ownInputs, ...otherMail]) {
      if (input.kind === 'message') addMessage(input, found);
      else {
        dealInputs.set(input.id, input);
        if (input.kind === 'create') for (const address of input.contacts) found.people.add(address);
      }
    }
    for (const id of theirDeals) found.deals.add(id);
    if (seen.deals.size >= MAX_SLICE_DEALS) found.deals.clear();
    next = found;
  }
  return { dealIds: seen.deals, deals, messages, dealInputs, threads };
}

function sliceOf(
  messages: Map<string, MessageInputRecord>,
  dealInputs: Map<string, DealInputRecord>,
  threads: Map<string, ThreadRecord | undefined>,
): Slice<EngineMessage & { subject: string }> {
  const seeds: DealSeed[] = [];
  const actions: DealAction[] = [];
  for (const input of dealInputs.values()) {
    const base = { deal: input.deal, at: input.at, seq: input.seq };
    switch (input.kind) {
      case 'create':
        seeds.push({
          id: input.deal,
          title: input.title,
          stage: input.stage,
          contacts: input.contacts,
          at: input.at,
          seq: input.seq,
        });
        break;
      case 'advance':
        actions.push({ ...base, kind: 'advance', to: input.to, evidence: input.evidence });
        break;
      case 'close':
        actions.push({ ...base, kind: 'close', outcome: input.outcome });
        break;
      case 'dismiss':
        actions.push({ ...base, kind: 'dismiss', trigger: input.trigger, stakeholder: input.stakeholder });
        break;
      case 'meeting':
        actions.push({
          ...base,
          kind: 'meeting',
          id: input.meeting,
          title: input.title,
          start: input.start,
          end: input.end,
          declined: input.declined,
          history: input.history,
        });
        break;
      case 'checklist':
      case 'role':
        break;
    }
  }
  seeds.sort((a, b) => a.at - b.at || a.seq - b.seq || (a.id < b.id ? -1 : 1));
  const repLinks = new Map<string, string | null>();
  for (const [id, thread] of threads) if (thread?.linkedBy === 'rep') repLinks.set(id, thread.deal);
  return {
    deals: seeds,
    actions,
    messages: [...messages.values()].map(({ id, thread, at, from, to, cc, subject }) => ({
      id,
      thread,
      at,
      from,
      to,
      cc,
      subject,
    })),
    repLinks,
  };
}

/** The rep's ticks and roles, which the engine does not read, in the order they were made. */
function checklistAndRoles(inputs: Iterable<DealInputRecord>) {
  const checklists = new Map<string, Record<string, string[]>>();
  const roles = new Map<string, Map<string, ContactRecord['role']>>();
  const ordered = [...inputs].sort((a, b) => a.at - b.at || a.seq - b.seq);
  for (const input of ordered) {
    if (input.kind === 'checklist') {
      const checklist = checklists.get(input.deal) ?? {};
      const ticked = new Set(checklist[input.stage] ?? []);
      if (input.done) ticked.add(input.item);
      else ticked.delete(input.item);
      checklist[input.stage] = [...ticked];
      checklists.set(input.deal, checklist);
    } else if (input.kind === 'role') {
      const own = roles.get(input.deal) ?? new Map<string, ContactRecord['role']>();
      own.set(input.address, input.role);
      roles.set(input.deal, own);
    }
  }
  return { checklists, roles };
}

export async function rebuildDeals(
  db: EmberDatabase,
  context: EngineContext,
  seeds: Iterable<string>,
  now: Instant,
  incoming: IncomingText = new Map(),
  near: readonly MessageInputRecord[] = [],
): Promise<RebuildResult> {
  const seedIds = [...new Set(seeds)];
  // The stored rows of the seed deals (nearly always the whole slice) are read beside the gather.
  const seedRows = storedRowsOf(db, seedIds);
  const { dealIds, deals, messages, dealInputs, threads } = await gatherSlice(db, context, seedIds, near);
  // In memory and synchronous: no await between the reads and the writes for Dexie to lose its transaction over.
  const fold = foldSlice(context, sliceOf(messages, dealInputs, threads), now);
  const ids = [...dealIds].filter((id) => deals.has(id) || fold.states.some((state) => state.deal.id === id));

  const seeded = new Set(seedIds);
  const [ofSeeds, ofOthers, oldUnlinkedRows] = await Promise.all([
    seedRows,
    storedRowsOf(
      db,
      ids.filter((id) => !seeded.has(id)),
    ),
    // Only mail placed on no deal can be waiting as unlinked.
    db.unlinked.bulkGet([...messages.values()].filter((message) => message.deal === null).map((message) => message.id)),
  ]);
  const rebuilt = new Set(ids);
  const oldTriggers = [...ofSeeds.triggers, ...ofOthers.triggers].filter((trigger) => rebuilt.has(trigger.deal));
  const oldContacts = [...ofSeeds.contacts, ...ofOthers.contacts].filter((row) => rebuilt.has(row.deal));
  const oldStageChanges = [...ofSeeds.stageChanges, ...ofOthers.stageChanges].filter((row) => rebuilt.has(row.deal));
  const kept = new Map(fold.triggers.map((trigger) => [trigger.id, trigger]));
  const gone = oldTriggers.filter((trigger) => !kept.has(trigger.id)).map((trigger) => trigger.id);
  // A trigger stored under another id (one of an older form) that is the same trigger keeps its draft and snooze.
  const sameAs = new Map<string, string>();
  const identity = (trigger: Trigger) => `${trigger.deal}|${trigger.kind}|${trigger.stakeholder}|${trigger.firedAt}`;
  const byIdentity = new Map(fold.triggers.map((trigger) => [identity(trigger), trigger.id]));
  for (const trigger of oldTriggers) {
    const renamed = kept.has(trigger.id) ? undefined : byIdentity.get(identity(trigger));
    if (renamed) sameAs.set(trigger.id, renamed);
  }
  const wasOpen = new Set(oldTriggers.filter((trigger) => trigger.status === 'open').map((trigger) => trigger.id));
  for (const [old, renamed] of sameAs) if (wasOpen.has(old)) wasOpen.add(renamed);
  const [movedDrafts, movedSnoozes] = await Promise.all([
    db.drafts.bulkGet([...sameAs.keys()]),
    db.settings.bulkGet([...sameAs.keys()].map((id) => `${SNOOZE_PREFIX}${id}`)),
  ]);

  const { checklists, roles } = checklistAndRoles(dealInputs.values());
  const lastSeq = new Map<string, number>();
  for (const input of dealInputs.values()) lastSeq.set(input.deal, Math.max(lastSeq.get(input.deal) ?? 0, input.seq));
  const creations = new Map<string, DealInputRecord>();
  for (const input of dealInputs.values()) if (input.kind === 'create') creations.set(input.deal, input);
  const dealRows: DealRecord[] = fold.states.map((state) => {
    const stored = deals.get(state.deal.id);
    const dueTimes = state.openTriggers.map((trigger) => trigger.dueAt);
    return {
      ...state.deal,
      upcomingMeetings: state.upcomingMeetings,
      openTriggerCount: state.openTriggers.length,
      nextTimerAt: nextTimerAt(state),
      nextDueAt: dueTimes.length > 0 ? Math.min(...dueTimes) : null,
      checklist: checklists.get(state.deal.id) ?? {},
      inputCount: Math.max(stored?.inputCount ?? 0, (lastSeq.get(state.deal.id) ?? -1) + 1),
    };
  });

  const contactRows: ContactRecord[] = [];
  for (const row of dealRows) {
    const mail = fold.dealMessages.get(row.id) ?? [];
    const created = creations.get(row.id);
    // A person's name is the one the deal's latest mail gave them.
    const names = new Map<string, string>();
    for (const message of mail) {
      for (const [address, name] of Object.entries(messages.get(message.id)?.names ?? {})) names.set(address, name);
    }
    row.contacts.forEach((address) => {
      const involved = mail.filter((message) => [message.from, ...message.to, ...message.cc].includes(address));
      const wrote = involved.filter((message) => message.from === address);
      const atCreation = created?.kind === 'create' && created.contacts.includes(address);
      contactRows.push({
        deal: row.id,
        address,
        name: names.get(address) ?? null,
        role: roles.get(row.id)?.get(address) ?? (atCreation ? 'buyer' : 'stakeholder'),
        firstSeenAt: Math.min(...involved.map((message) => message.at), atCreation ? row.createdAt : Infinity),
        lastHeardAt: wrote.length > 0 ? Math.max(...wrote.map((message) => message.at)) : null,
      });
    });
  }
  const keptContacts = new Set(contactRows.map((row) => `${row.deal}|${row.address}`));
  const goneContacts = oldContacts
    .filter((row) => !keptContacts.has(`${row.deal}|${row.address}`))
    .map((row) => [row.deal, row.address] as [string, string]);

  // Mail: where each message now belongs; a message row only for deal mail and mail to ask about.
  // Only what changed is written: a late message into a long history moves little of it.
  const messageInputs: MessageInputRecord[] = [];
  const dropRows: string[] = [];
  const unlinkedRows = [];
  const notUnlinked: string[] = [];
  const oldUnlinked = new Map(oldUnlinkedRows.flatMap((row) => (row ? [[row.message, row] as const] : [])));
  const changedRows: { message: MessageInputRecord; deal: string | null; direction: MessageRecord['direction'] }[] = [];
  for (const message of messages.values()) {
    const placement = fold.placements.get(message.id) ?? { kind: 'ignored' as const };
    const deal = placement.kind === 'deal' ? placement.deal : null;
    if (message.deal !== deal) messageInputs.push({ ...message, deal });
    const hadRow = message.deal !== null || oldUnlinked.has(message.id);
    if (placement.kind === 'ignored') {
      if (hadRow) dropRows.push(message.id);
    } else if (!hadRow || message.deal !== deal || incoming.has(message.id)) {
      changedRows.push({ message, deal, direction: placement.kind === 'deal' ? placement.direction : 'inbound' });
    }
    if (placement.kind === 'unlinked') {
      unlinkedRows.push({
        message: message.id,
        thread: message.thread,
        from: message.from,
        at: message.at,
        candidates: placement.candidates,
      });
    } else if (oldUnlinked.has(message.id)) notUnlinked.push(message.id);
  }
  // This request's copy first: a fuller copy brings its own text in place of a partial one's summary.
  const stored = changedRows.filter(({ message }) => !incoming.has(message.id)).map(({ message }) => message.id);
  const storedRows = new Map(
    (await db.messages.bulkGet(stored)).flatMap((row) => (row ? [[row.id, row] as const] : [])),
  );
  const messageRows: MessageRecord[] = changedRows.map(({ message, deal, direction }) => {
    const content = incoming.get(message.id) ??
      storedRows.get(message.id) ?? { subject: message.subject, text: '', snippet: '', closing: null };
    return {
      id: message.id,
      thread: message.thread,
      deal,
      from: message.from,
      to: message.to,
      cc: message.cc,
      at: message.at,
      direction,
      subject: content.subject,
      text: content.text,
      snippet: content.snippet,
      closing: content.closing,
    };
  });

  // Threads linked by mail are the fold's; the rep's links stay as the rep made them.
  const threadRows: ThreadRecord[] = [];
  const dropThreads: string[] = [];
  for (const [id, thread] of threads) {
    if (thread?.linkedBy === 'rep') continue;
    const link = fold.links.get(id);
    if (link) {
      if (thread?.deal === link.deal && thread.linkedBy === link.by) continue;
      const first = [...messages.values()].filter((message) => message.thread === id).sort((a, b) => a.at - b.at)[0];
      threadRows.push({
        id,
        deal: link.deal,
        linkedBy: link.by,
        subject: thread?.subject ?? first?.subject ?? '',
        linkedAt: now,
      });
    } else if (thread) dropThreads.push(id);
  }
  for (const [id, link] of fold.links) {
    if (threads.has(id)) continue;
    const first = [...messages.values()].filter((message) => message.thread === id).sort((a, b) => a.at - b.at)[0];
    threadRows.push({ id, deal: link.deal, linkedBy: link.by, subject: first?.subject ?? '', linkedAt: now });
  }

  const meetings = [...dealInputs.values()].flatMap((input) =>
    input.kind === 'meeting'
      ? [
          {
            id: input.meeting,
            deal: input.deal,
            title: input.title,
            start: input.start,
            end: input.end,
            recordedAt: input.at,
            ...(input.declined ? { declined: true } : {}),
            ...(input.history ? { history: true } : {}),
          },
        ]
      : [],
  );

  const keptStageChanges = new Set(fold.stageChanges.map((change) => change.id));
  const goneStageChanges = oldStageChanges.filter((change) => !keptStageChanges.has(change.id)).map(({ id }) => id);
  await Promise.all([
    deleteAll(db.triggers, gone),
    deleteAll(db.drafts, gone),
    deleteAll(
      db.settings,
      gone.map((id) => `${SNOOZE_PREFIX}${id}`),
    ),
    deleteAll(db.stageEvents, goneStageChanges),
    deleteAll(db.contacts, goneContacts),
    deleteAll(db.messages, dropRows),
    deleteAll(db.unlinked, notUnlinked),
    deleteAll(db.threads, dropThreads),
  ]);
  const renamed = [...sameAs.values()];
  await Promise.all([
    putAll(
      db.drafts,
      movedDrafts.flatMap((draft, index) => (draft ? [{ ...draft, trigger: renamed[index]! }] : [])),
    ),
    putAll(
      db.settings,
      movedSnoozes.flatMap((row, index) =>
        row ? [{ key: `${SNOOZE_PREFIX}${renamed[index]!}`, value: row.value }] : [],
      ),
    ),
    putAll(db.deals, dealRows),
    putAll(
      db.triggers,
      changed(fold.triggers, oldTriggers, (trigger) => trigger.id),
    ),
    putAll(
      db.stageEvents,
      changed(fold.stageChanges, oldStageChanges, (change) => change.id),
    ),
    putAll(
      db.contacts,
      changed(contactRows, oldContacts, (row) => `${row.deal}|${row.address}`),
    ),
    putAll(db.inputs, messageInputs),
    putAll(db.messages, messageRows),
    putAll(db.unlinked, unlinkedRows),
    putAll(db.threads, threadRows),
    putAll(db.meetings, meetings),
  ]);
  return {
    fired: fold.triggers.filter((trigger) => trigger.status === 'open' && !wasOpen.has(trigger.id)),
    deals: ids,
    rows: { triggers: fold.triggers.length, stageEvents: fold.stageChanges.length, contacts: contactRows.length },
    placements: fold.placements,
  };
}

/** The trigger, contact and stage change rows the deals hold before a rebuild. */
async function storedRowsOf(db: EmberDatabase, ids: readonly string[]) {
  const [triggers, contacts, stageChanges] = await Promise.all([
    rowsOfDeals<TriggerRecord>(db.triggers, '[deal+status]', ids),
    rowsOfDeals<ContactRecord>(db.contacts, '[deal+address]', ids),
    rowsOfDeals<StageEventRecord>(db.stageEvents, '[deal+at]', ids),
  ]);
  return { triggers, contacts, stageChanges };
}

/** A table's rows of these deals, by a compound index that starts with the deal: one getAll a deal. */
function rowsOfDeals<Row>(
  table: { where(index: string): { between(lower: unknown, upper: unknown): { toArray(): PromiseLike<Row[]> } } },
  index: string,
  ids: readonly string[],
): Promise<Row[]> {
  return Promise.all(
    ids.map((id) =>
      table
        .where(index)
        .between(...range(id))
        .toArray(),
    ),
  ).then((lists) => lists.flat());
}

// No write is asked of Dexie for nothing: even an empty one costs a round through its promises.
function putAll<Row>(table: { bulkPut(rows: readonly Row[]): PromiseLike<unknown> }, rows: readonly Row[]) {
  return rows.length > 0 ? table.bulkPut(rows) : Dexie.Promise.resolve();
}

function deleteAll<Key>(table: { bulkDelete(keys: Key[]): PromiseLike<unknown> }, keys: Key[]) {
  return keys.length > 0 ? table.bulkDelete(keys) : Dexie.Promise.resolve();
}

/** The rows that differ from the stored ones of the same key, or are new. */
function changed<Row>(rows: readonly Row[], stored: readonly Row[], keyOf: (row: Row) => string): Row[] {
  const before = new Map(stored.map((row) => [keyOf(row), row]));
  // Compared as data, field by field: serializing both sides of every row cost more than the reads.
  return rows.filter((row) => {
    const old = before.get(keyOf(row));
    return old === undefined || !dequal(old, row);
  });
}

/** Every deal of the store, rebuilt from its inputs in slices (after a migration or an import). */
export async function rebuildAll(db: EmberDatabase, context: EngineContext, now: Instant): Promise<void> {
  const remaining = new Set(await db.deals.toCollection().primaryKeys());
  for (const id of remaining) {
    const { deals } = await rebuildDeals(db, context, [id], now);
    for (const done of deals) remaining.delete(done);
  }
}

export type { InputRecord };
