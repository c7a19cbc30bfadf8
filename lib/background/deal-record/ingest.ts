import Dexie from 'dexie';
import { replacesCopy } from '@/lib/domain/engine/copies';
import { buyerParticipants, type EngineContext } from '@/lib/domain/engine/deal-engine';
import type { MessagePlacement } from '@/lib/domain/engine/engine';
import { messageKey } from '@/lib/domain/engine/order';
import type { EmberDatabase } from '@/lib/store/database';
import type { DexieEngineStore, StoredMessage } from '@/lib/store/dexie-engine-store';
import type { ContactRecord, DealRecord, InputRecord, MessageInputRecord } from '@/lib/store/records';
import { contentOf, messageInputRecord, sameHeaders, type ParsedMessage } from '../sources/message-input';
import type { UnitOfWork } from './unit-of-work';

/**
 * Mail into the deal record. Every message is recorded as an input (its headers; its text only if it
 * is deal mail). One ordered after what its deals have applied is applied at once, through the
 * engine; an earlier one, or a fuller copy of a known one, rebuilds the deals it could belong to. A
 * copy that is no fuller changes nothing: ingestion is idempotent, and whatever order mail arrives
 * in, the deals end the same.
 */

export interface Ingested {
  message: string;
  placement: MessagePlacement;
}

/** Null: placed by the rebuild at the end of the unit of work (see `placementsAfter`). */
export interface PendingPlacement {
  message: string;
  placement: MessagePlacement | null;
}

/** Places a batch's messages (sorted here by time, then id) in one unit of work. */
export async function ingest(unit: UnitOfWork, batch: readonly ParsedMessage[]): Promise<PendingPlacement[]> {
  const parsed = [...batch].sort((a, b) => a.message.at - b.message.at || (a.message.id < b.message.id ? -1 : 1));
  const { engine, store, context, db } = unit;
  await Promise.all([
    store.prefetchForMessages(
      parsed.map(({ message }) => message),
      parsed.flatMap(({ message }) => buyerParticipants(context, message)),
    ),
    store.prefetchInputs(parsed.map(({ message }) => message.id)),
  ]);
  const results: PendingPlacement[] = [];
  const joined: { deal: string; addresses: string[]; key: string }[] = [];
  const linked: { deal: string; thread: string; key: string }[] = [];
  const fillText: StoredMessage[] = [];
  for (const { message, names, partial } of parsed) {
    const record = messageInputRecord(message, names, partial);
    const key = messageKey(message.at, message.id);
    const existing = (store.cachedInput(message.id) ?? { value: await store.input(message.id) }).value;
    if (existing?.kind === 'message') {
      if (!replacesCopy(existing, record) || sameHeaders(existing, record)) {
        // A copy that changes nothing the engine reads; it may bring text a rebuild placed without.
        if (existing.deal !== null) fillText.push(message);
        results.push({ message: message.id, placement: { kind: 'duplicate' } });
        continue;
      }
      store.putInput({ ...record, deal: existing.deal });
      const affected = await dealsMailCouldJoin(store, context, record);
      unit.rebuild(
        [...affected.map((deal) => deal.id), ...(existing.deal ? [existing.deal] : [])],
        [[message.id, contentOf(message)]],
      );
      results.push({ message: message.id, placement: null });
      continue;
    }
    const affected =
      knownDealsMailCouldJoin(store, context, record) ?? (await dealsMailCouldJoin(store, context, record));
    if (affected.some((deal) => (deal.appliedThrough ?? '') >= key)) {
      store.putInput(record);
      unit.rebuild(
        affected.map((deal) => deal.id),
        [[message.id, contentOf(message)]],
      );
      results.push({ message: message.id, placement: null });
      continue;
    }
    // Each deal's own contacts: a person another deal has is still new to this one (their later
    // mail, ignored while only a closed deal had them, becomes this deal's).
    const before = new Map(affected.map((deal) => [deal.id, new Set(deal.contacts)]));
    // `cached… ?? { value: await … }` awaits only what the cache does not hold.
    const wasLinked =
      (store.cachedDealForThread(message.thread) ?? { value: await store.dealForThread(message.thread) }).value !==
      undefined;
    // The engine answers from the store's cache without awaiting, so this is the only await of most
    // messages. Awaited as Dexie's promise: Dexie keeps its transaction through native awaits only
    // for about a hundred in a row, and a batch's messages make hundreds (lost, it commits early).
    const placement = await Dexie.Promise.resolve(engine.ingestMessage(message));
    store.putInput({ ...record, deal: placement.kind === 'deal' ? placement.deal : null });
    if (placement.kind === 'deal') {
      if (!noteKnownContacts(store, placement.deal, message, names)) {
        await noteContacts(store, placement.deal, message, names);
      }
      const deal = (store.cachedDeal(placement.deal) ?? { value: await store.dealRecord(placement.deal) }).value;
      const known = before.get(placement.deal);
      const addresses = (deal?.contacts ?? []).filter((address) => !known?.has(address));
      if (addresses.length > 0) joined.push({ deal: placement.deal, addresses, key });
      if (
        !wasLinked &&
        (store.cachedDealForThread(message.thread) ?? { value: await store.dealForThread(message.thread) }).value ===
          placement.deal
      ) {
        linked.push({ deal: placement.deal, thread: message.thread, key });
      }
    }
    results.push({ message: message.id, placement });
  }
  await fillMissingText(db, fillText);
  // A newcomer's later mail that Ember already has would, in time order, have come after they
  // joined, and so would the later mail of a thread this batch linked: the deals it is on (or none)
  // and this one are folded again. Only stored mail can be such: this batch's later mail came in
  // order after the join, so nothing needs flushing first. (Settling is synchronous on purpose: a
  // long run of awaits that hold no IndexedDB request loses Dexie's transaction in Chromium.)
  const settle = (deal: string, key: string, mail: InputRecord[]) => {
    const later = mail.filter(
      (input) => input.kind === 'message' && messageKey(input.at, input.id) > key && input.deal !== deal,
    );
    if (later.length > 0) unit.rebuild([deal, ...later.flatMap((input) => (input.deal ? [input.deal] : []))]);
  };
  // Keys first, one query per person or thread (anyOf would step a cursor through the index, a
  // request a row): mostly there is no such mail (this batch's own is not written yet), and keys
  // cost much less than rows.
  const stored = async (index: 'participants' | 'thread', values: readonly string[]) => {
    const lists = await Promise.all(
      [...new Set(values)].sort().map((value) => db.inputs.where(index).equals(value).primaryKeys()),
    );
    // In anyOf's order (by value, then id), each once.
    const ids = [...new Set(lists.flat())];
    return ids.length === 0 ? [] : (await db.inputs.bulkGet(ids)).filter((row): row is InputRecord => !!row);
  };
  for (const { deal, addresses, key } of joined) settle(deal, key, await stored('participants', addresses));
  if (linked.length > 0) {
    const onThreads = await stored(
      'thread',
      linked.map((link) => link.thread),
    );
    for (const { deal, thread, key } of linked) {
      settle(
        deal,
        key,
        onThreads.filter((input) => input.kind === 'message' && input.thread === thread),
      );
    }
  }
  return results;
}

/** Where each message of a batch went, once its transaction committed: a rebuild may have placed some. */
export async function placementsAfter(db: EmberDatabase, results: readonly PendingPlacement[]): Promise<Ingested[]> {
  if (results.every((result) => result.placement !== null)) return results as Ingested[];
  const ids = results.map((result) => result.message);
  const [rows, unlinkedRows, messages] = await Promise.all([
    db.inputs.bulkGet(ids),
    db.unlinked.bulkGet(ids),
    db.messages.bulkGet(ids),
  ]);
  return results.map((result, index): Ingested => {
    if (result.placement) return result as Ingested;
    const row = rows[index];
    const stored = messages[index];
    if (row?.kind === 'message' && row.deal && stored) {
      return { message: result.message, placement: { kind: 'deal', deal: row.deal, direction: stored.direction } };
    }
    const unlinked = unlinkedRows[index];
    if (unlinked) return { message: result.message, placement: { kind: 'unlinked', candidates: unlinked.candidates } };
    return { message: result.message, placement: { kind: 'ignored' } };
  });
}

/** The deals a message could be placed on: its thread's, and every deal (open or not) with one of its buyers. */
export async function dealsMailCouldJoin(
  store: DexieEngineStore,
  context: EngineContext,
  message: MessageInputRecord,
): Promise<DealRecord[]> {
  const ids = new Set(await store.dealsWithContacts(buyerParticipants(context, message)));
  const linked = await store.dealForThread(message.thread);
  if (linked) ids.add(linked);
  const deals = await Promise.all([...ids].map((id) => store.dealRecord(id)));
  return deals.filter((deal): deal is DealRecord => deal !== undefined);
}

/** `dealsMailCouldJoin` from what the store has cached, in the same order; null when something must be read. */
function knownDealsMailCouldJoin(
  store: DexieEngineStore,
  context: EngineContext,
  message: MessageInputRecord,
): DealRecord[] | null {
  const withContacts = store.cachedDealsWithContacts(buyerParticipants(context, message));
  const linked = store.cachedDealForThread(message.thread);
  if (!withContacts || !linked) return null;
  const ids = new Set(withContacts);
  if (linked.value) ids.add(linked.value);
  const deals: DealRecord[] = [];
  for (const id of ids) {
    const known = store.cachedDeal(id);
    if (!known) return null;
    if (known.value) deals.push(known.value);
  }
  return deals;
}

/**
 * The rep's word on a thread: its mail is this deal's (or, with null, no deal's), all of it, whenever
 * it was written. The deals its mail was on, the mail's candidates and the deal named are rebuilt.
 */
export async function linkByRep(unit: UnitOfWork, thread: string, deal: string | null): Promise<void> {
  const { store, db } = unit;
  const previous = await store.dealForThread(thread);
  await store.flush();
  const [existing, mail] = await Promise.all([
    db.threads.get(thread),
    db.inputs.where('thread').equals(thread).toArray(),
  ]);
  const first = mail.filter((input) => input.kind === 'message').sort((a, b) => a.at - b.at)[0];
  await db.threads.put({
    id: thread,
    deal,
    linkedBy: 'rep',
    subject: existing?.subject ?? (first?.kind === 'message' ? first.subject : ''),
    linkedAt: unit.now,
  });
  const touched = new Set<string>();
  if (deal) touched.add(deal);
  if (previous) touched.add(previous);
  for (const input of mail) {
    if (input.kind !== 'message') continue;
    if (input.deal) touched.add(input.deal);
    // Mail that waited as ambiguous (or was no deal's) is its candidates' to settle again.
    else for (const candidate of await dealsMailCouldJoin(store, unit.context, input)) touched.add(candidate.id);
  }
  unit.rebuild(touched);
}

/** Records who the buyer-side people on a placed message are, and when they last wrote. */
async function noteContacts(
  store: DexieEngineStore,
  dealId: string,
  message: StoredMessage,
  names: Map<string, string | null>,
): Promise<void> {
  const deal = await store.dealRecord(dealId);
  if (!deal) return;
  for (const address of dealPeopleOn(deal, message)) {
    store.putContact(notedContact(dealId, address, await store.contact(dealId, address), message, names));
  }
}

/** `noteContacts` when the store has cached the deal and its rows for these people; false: nothing done. */
function noteKnownContacts(
  store: DexieEngineStore,
  dealId: string,
  message: StoredMessage,
  names: Map<string, string | null>,
): boolean {
  const deal = store.cachedDeal(dealId);
  if (!deal) return false;
  if (!deal.value) return true;
  const addresses = dealPeopleOn(deal.value, message);
  const rows = addresses.map((address) => store.cachedContact(dealId, address));
  if (rows.some((row) => row === null)) return false;
  addresses.forEach((address, index) =>
    store.putContact(notedContact(dealId, address, rows[index]!.value, message, names)),
  );
  return true;
}

/** The deal's contacts among a message's people, each once. */
function dealPeopleOn(deal: DealRecord, message: StoredMessage): string[] {
  const contacts = new Set(deal.contacts);
  return [...new Set([message.from, ...message.to, ...message.cc])].filter((address) => contacts.has(address));
}

/** A contact's row after a placed message of theirs (or to them). */
function notedContact(
  deal: string,
  address: string,
  existing: ContactRecord | undefined,
  message: StoredMessage,
  names: Map<string, string | null>,
): ContactRecord {
  const isSender = address === message.from;
  return {
    deal,
    address,
    name: names.get(address) ?? existing?.name ?? null,
    role: existing?.role ?? 'stakeholder',
    firstSeenAt: Math.min(existing?.firstSeenAt ?? message.at, message.at),
    lastHeardAt: isSender ? Math.max(existing?.lastHeardAt ?? message.at, message.at) : (existing?.lastHeardAt ?? null),
  };
}

/** Deal mail a rebuild placed from its headers alone (it was not deal mail when it came) takes its text now. */
async function fillMissingText(db: EmberDatabase, messages: readonly StoredMessage[]): Promise<void> {
  if (messages.length === 0) return;
  const rows = await db.messages.bulkGet(messages.map((message) => message.id));
  const filled = rows.flatMap((row, index) => {
    const message = messages[index]!;
    if (!row || row.text !== '' || message.text === '') return [];
    return [{ ...row, text: message.text, snippet: message.snippet, closing: message.closing }];
  });
  if (filled.length > 0) await db.messages.bulkPut(filled);
}
