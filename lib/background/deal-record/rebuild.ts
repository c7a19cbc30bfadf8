import Dexie from 'dexie';
import type { EngineContext } from '@/lib/domain/engine/deal-engine';
import { buyerParticipants } from '@/lib/domain/engine/deal-engine';
import { foldSlice, type DealAction, type DealSeed, type Slice } from '@/lib/domain/engine/fold';
import { nextTimerAt } from '@/lib/domain/engine/deal-engine';
import type { EngineMessage, Instant, Trigger } from '@/lib/domain/engine/types';
import type { EmberDatabase } from '@/lib/store/database';
import type {
  ContactRecord,
  DealInputRecord,
  DealRecord,
  InputRecord,
  MessageInputRecord,
  MessageRecord,
  ThreadRecord,
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
}

const range = (deal: string): [[string, unknown], [string, unknown]] => [
  [deal, Dexie.minKey],
  [deal, Dexie.maxKey],
];

async function gatherSlice(db: EmberDatabase, context: EngineContext, seeds: Iterable<string>) {
  const dealIds = new Set(seeds);
  const messages = new Map<string, MessageInputRecord>();
  const dealInputs = new Map<string, DealInputRecord>();
  const deals = new Map<string, DealRecord>();
  const threads = new Map<string, ThreadRecord | undefined>();
  let frontier = [...dealIds];
  while (frontier.length > 0) {
    const [rows, inputs, linked] = await Promise.all([
      db.deals.bulkGet(frontier),
      db.inputs.where('deal').anyOf(frontier).toArray(),
      db.threads.where('deal').anyOf(frontier).toArray(),
    ]);
    for (const row of rows) if (row) deals.set(row.id, row);
    for (const thread of linked) threads.set(thread.id, thread);
    const people = new Set<string>();
    const threadIds = new Set(linked.map((thread) => thread.id));
    for (const input of inputs) {
      if (input.kind === 'message') {
        messages.set(input.id, input);
        threadIds.add(input.thread);
      } else {
        dealInputs.set(input.id, input);
        if (input.kind === 'create') for (const address of input.contacts) people.add(address);
      }
    }
    for (const row of rows) for (const address of row?.contacts ?? []) people.add(address);
    // Mail that could belong to these deals: on their threads, or to or from their people.
    const [onThreads, withPeople] = await Promise.all([
      db.inputs
        .where('thread')
        .anyOf([...threadIds])
        .toArray(),
      db.inputs
        .where('participants')
        .anyOf([...people])
        .toArray(),
    ]);
    const found = [...onThreads, ...withPeople].filter(
      (input): input is MessageInputRecord => input.kind === 'message' && !messages.has(input.id),
    );
    for (const message of found) messages.set(message.id, message);
    const unknownThreads = [...new Set([...threadIds, ...found.map((message) => message.thread)])].filter(
      (id) => !threads.has(id),
    );
    const threadRows = await db.threads.bulkGet(unknownThreads);
    unknownThreads.forEach((id, index) => threads.set(id, threadRows[index]));
    // Deals the new mail could belong to: where it is now, its thread's deal, deals of its buyers.
    const claimants = new Set<string>();
    const buyers = new Set<string>();
    for (const message of found) {
      if (message.deal) claimants.add(message.deal);
      const link = threads.get(message.thread)?.deal;
      if (link) claimants.add(link);
      for (const address of buyerParticipants(context, message)) buyers.add(address);
    }
    if (buyers.size > 0)
      for (const id of await db.deals
        .where('contacts')
        .anyOf([...buyers])
        .primaryKeys())
        claimants.add(id);
    frontier = [...claimants].filter((id) => !dealIds.has(id));
    if (dealIds.size + frontier.length > MAX_SLICE_DEALS) frontier = frontier.slice(0, MAX_SLICE_DEALS - dealIds.size);
    for (const id of frontier) dealIds.add(id);
  }
  return { dealIds, deals, messages, dealInputs, threads };
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
): Promise<RebuildResult> {
  const { dealIds, deals, messages, dealInputs, threads } = await gatherSlice(db, context, seeds);
  const fold = await foldSlice(context, sliceOf(messages, dealInputs, threads), now);
  const ids = [...dealIds].filter((id) => deals.has(id) || fold.states.some((state) => state.deal.id === id));

  const [oldTriggers, oldContacts, oldMessages] = await Promise.all([
    Promise.all(
      ids.map((id) =>
        db.triggers
          .where('[deal+status]')
          .between(...range(id))
          .toArray(),
      ),
    ).then((l) => l.flat()),
    Promise.all(
      ids.map((id) =>
        db.contacts
          .where('[deal+address]')
          .between(...range(id))
          .toArray(),
      ),
    ).then((l) => l.flat()),
    db.messages.bulkGet([...messages.keys()]),
  ]);
  const kept = new Map(fold.triggers.map((trigger) => [trigger.id, trigger]));
  const gone = oldTriggers.filter((trigger) => !kept.has(trigger.id)).map((trigger) => trigger.id);
  const wasOpen = new Set(oldTriggers.filter((trigger) => trigger.status === 'open').map((trigger) => trigger.id));

  const { checklists, roles } = checklistAndRoles(dealInputs.values());
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
      inputCount: stored?.inputCount ?? 0,
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
  const messageInputs: MessageInputRecord[] = [];
  const messageRows: MessageRecord[] = [];
  const dropRows: string[] = [];
  const unlinkedRows = [];
  const notUnlinked: string[] = [];
  const oldRows = new Map(oldMessages.filter((row): row is MessageRecord => !!row).map((row) => [row.id, row]));
  for (const message of messages.values()) {
    const placement = fold.placements.get(message.id) ?? { kind: 'ignored' as const };
    const deal = placement.kind === 'deal' ? placement.deal : null;
    if (message.deal !== deal) messageInputs.push({ ...message, deal });
    if (placement.kind === 'ignored') {
      if (oldRows.has(message.id)) dropRows.push(message.id);
    } else {
      // This request's copy first: a fuller copy brings its own text in place of a partial one's summary.
      const content = incoming.get(message.id) ??
        oldRows.get(message.id) ?? { subject: message.subject, text: '', snippet: '', closing: null };
      messageRows.push({
        id: message.id,
        thread: message.thread,
        deal,
        from: message.from,
        to: message.to,
        cc: message.cc,
        at: message.at,
        direction: placement.kind === 'deal' ? placement.direction : 'inbound',
        subject: content.subject,
        text: content.text,
        snippet: content.snippet,
        closing: content.closing,
      });
    }
    if (placement.kind === 'unlinked') {
      unlinkedRows.push({
        message: message.id,
        thread: message.thread,
        from: message.from,
        at: message.at,
        candidates: placement.candidates,
      });
    } else notUnlinked.push(message.id);
  }

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
          },
        ]
      : [],
  );

  await Promise.all([
    db.triggers.bulkDelete(gone),
    db.drafts.bulkDelete(gone),
    db.settings.bulkDelete(gone.map((id) => `${SNOOZE_PREFIX}${id}`)),
    ...ids.map((id) =>
      db.stageEvents
        .where('[deal+at]')
        .between(...range(id))
        .delete(),
    ),
    db.contacts.bulkDelete(goneContacts),
    db.messages.bulkDelete(dropRows),
    db.unlinked.bulkDelete(notUnlinked),
    db.threads.bulkDelete(dropThreads),
  ]);
  await Promise.all([
    db.deals.bulkPut(dealRows),
    db.triggers.bulkPut(fold.triggers),
    db.stageEvents.bulkPut(fold.stageChanges),
    db.contacts.bulkPut(contactRows),
    db.inputs.bulkPut(messageInputs),
    db.messages.bulkPut(messageRows),
    db.unlinked.bulkPut(unlinkedRows),
    db.threads.bulkPut(threadRows),
    db.meetings.bulkPut(meetings),
  ]);
  return {
    fired: fold.triggers.filter((trigger) => trigger.status === 'open' && !wasOpen.has(trigger.id)),
    deals: ids,
  };
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
