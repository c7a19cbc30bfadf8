import { replacesCopy } from '@/lib/domain/engine/copies';
import { buyerParticipants, type EngineContext } from '@/lib/domain/engine/deal-engine';
import type { Instant } from '@/lib/domain/engine/types';
import { DomainError } from '@/lib/domain/errors';
import type { BackupContents } from '@/lib/store/backup';
import type { EmberDatabase } from '@/lib/store/database';
import type { InputRecord, MessageInputRecord, ThreadRecord } from '@/lib/store/records';
import { SNOOZE_PREFIX } from '../reads/queue';
import { currentWorkflow } from '../reads/stage-names';
import { rebuildDeals, type IncomingText } from './rebuild';

/**
 * Merges a backup into a store, in the caller's read-write transaction over all tables: the inputs
 * the store lacks are added and the deals they touch are rebuilt from all their inputs, so whatever
 * the store already decided from inputs the backup also has stays as it was. Importing the same
 * backup twice, or an older one over newer data, adds nothing and changes nothing; into an empty
 * store it gives back the store it was exported from.
 *
 * - A message the store has keeps the store's copy unless the backup's is the one `replacesCopy`
 *   prefers outright (a full copy over a partial one, more participants); at a tie the store's stays.
 * - One of the rep's inputs (`${deal}:${seq}`) that the store holds with other content means the two
 *   histories of that deal diverged: the merge is refused, naming the deal, and the transaction with it.
 * - The rep's thread links, workflow versions, drafts, snoozes and the voice override are added where
 *   the store has none: the store's own stay.
 */

/** Seeds rebuilt per call: each call folds its seeds' whole slice, so a large import goes in parts. */
const REBUILD_BATCH = 100;

/** What the import added, and what the deals it rebuilt hold now. */
export interface MergeCounts {
  /** Inputs added, messages whose fuller copy replaced the store's included. */
  inputs: number;
  /** Messages the store did not know. */
  messages: number;
  /** The rep's inputs on deals (creations, moves, closes, dismissals, meetings, ticks, roles) added. */
  actions: number;
  /** The rep's thread links added. */
  threads: number;
  workflows: number;
  drafts: number;
  settings: number;
  /** Deals rebuilt, and the rows they hold after it. */
  deals: number;
  triggers: number;
  stageEvents: number;
  contacts: number;
}

export async function mergeBackup(
  db: EmberDatabase,
  context: EngineContext,
  contents: BackupContents,
  now: Instant,
): Promise<MergeCounts> {
  const incoming = distinctInputs(contents.inputs);
  const storedList = await db.inputs.bulkGet([...incoming.keys()]);
  const stored = new Map(storedList.flatMap((input) => (input ? [[input.id, input] as const] : [])));

  // Every conflict is found before anything is written.
  for (const input of incoming.values()) {
    const kept = stored.get(input.id);
    if (!kept || (kept.kind === 'message' && input.kind === 'message')) continue;
    if (!sameValue(kept, input)) await refuse(db, kept, input);
  }

  // A message's deal in the file only says which deals to fold it with first: one the store and the
  // file both lack is no deal.
  const knownDeals = new Set<string>();
  for (const input of incoming.values()) if (input.kind === 'create') knownDeals.add(input.deal);
  const named = new Set<string>();
  for (const input of incoming.values()) if (input.kind === 'message' && input.deal) named.add(input.deal);
  for (const row of await db.deals.bulkGet([...named])) if (row) knownDeals.add(row.id);

  const added: InputRecord[] = [];
  const mail: MessageInputRecord[] = [];
  const touched = new Set<string>();
  for (const input of incoming.values()) {
    const kept = stored.get(input.id);
    if (input.kind !== 'message') {
      if (kept) continue;
      added.push(input);
      // The rebuild numbers the deal's next input after the highest it holds.
      touched.add(input.deal);
      continue;
    }
    if (kept?.kind === 'message' && !prefers(kept, input)) continue;
    const hinted = input.deal !== null && knownDeals.has(input.deal) ? input : { ...input, deal: null };
    mail.push(hinted);
    if (kept?.kind === 'message') {
      // A fuller copy stays where the store had the message until the rebuild places it.
      added.push({ ...input, deal: kept.deal });
      if (kept.deal) touched.add(kept.deal);
    } else added.push(hinted);
  }
  const newMessages = mail.filter((message) => !stored.has(message.id)).length;

  const threads = await mergeRepLinks(db, contents.threads, touched);
  await db.inputs.bulkPut(added);

  // Deals the added mail could belong to: where the backup had it, its thread's deal, its buyers' deals.
  const links = new Map(
    (await db.threads.bulkGet([...new Set(mail.map((message) => message.thread))])).flatMap((thread) =>
      thread ? [[thread.id, thread.deal] as const] : [],
    ),
  );
  const buyers = new Set<string>();
  for (const message of mail) {
    if (message.deal) touched.add(message.deal);
    const linked = links.get(message.thread);
    if (linked) touched.add(linked);
    for (const address of buyerParticipants(context, message)) buyers.add(address);
  }
  if (buyers.size > 0) {
    for (const id of await db.deals
      .where('contacts')
      .anyOf([...buyers])
      .primaryKeys())
      touched.add(id);
  }

  const text = await mergeText(db, contents, new Set(mail.map((message) => message.id)));

  const workflows = await addMissing(db.workflows, contents.workflows, (row) => row.version);
  // A workflow version the store lacked may be the one in force now: the rebuild folds with it.
  const engineContext = workflows > 0 ? { ...context, workflow: (await currentWorkflow(db)).workflow } : context;

  const derivedThreads = contents.threads.filter((thread) => thread.linkedBy !== 'rep');
  const threadsBefore = await db.threads.bulkGet(derivedThreads.map((thread) => thread.id));

  const rebuilt = new Set<string>();
  // What the rebuilt deals hold, as the rebuild wrote it: asking the tables again right after
  // writing them made Chromium commit the transaction early.
  const held = { triggers: 0, stageEvents: 0, contacts: 0 };
  const seeds = [...touched];
  for (let start = 0; start < seeds.length; start += REBUILD_BATCH) {
    const batch = seeds.slice(start, start + REBUILD_BATCH).filter((id) => !rebuilt.has(id));
    if (batch.length === 0) continue;
    const result = await rebuildDeals(db, engineContext, batch, now, text);
    for (const id of result.deals) rebuilt.add(id);
    held.triggers += result.rows.triggers;
    held.stageEvents += result.rows.stageEvents;
    held.contacts += result.rows.contacts;
  }

  await keepLinkTimes(db, derivedThreads, threadsBefore);
  const [drafts, settings] = await mergeTriggerState(db, contents);

  return {
    inputs: added.length,
    messages: newMessages,
    actions: added.length - mail.length,
    threads,
    workflows,
    drafts,
    settings,
    deals: rebuilt.size,
    ...held,
  };
}

/** The backup's inputs by id; a file holding two different inputs of the rep under one id is refused. */
function distinctInputs(inputs: readonly InputRecord[]): Map<string, InputRecord> {
  const byId = new Map<string, InputRecord>();
  for (const input of inputs) {
    const seen = byId.get(input.id);
    if (!seen) byId.set(input.id, input);
    else if (seen.kind === 'message' && input.kind === 'message') {
      if (prefers(seen, input)) byId.set(input.id, input);
    } else if (!sameValue(seen, input)) {
      const deal = input.kind === 'message' ? (seen as Exclude<InputRecord, MessageInputRecord>).deal : input.deal;
      throw new DomainError(`the backup is invalid: it holds two different inputs "${input.id}" of deal "${deal}"`);
    }
  }
  return byId;
}

/** Whether the backup's copy of a message takes the place of the one kept: only when it is preferred outright. */
function prefers(kept: MessageInputRecord, copy: MessageInputRecord): boolean {
  return replacesCopy(kept, copy) && !replacesCopy(copy, kept);
}

async function refuse(db: EmberDatabase, kept: InputRecord, input: InputRecord): Promise<never> {
  const deal = kept.kind === 'message' ? (input as Exclude<InputRecord, MessageInputRecord>).deal : kept.deal;
  const title = (await db.deals.get(deal))?.title;
  const named = title && title !== deal ? `"${title}" (${deal})` : `"${deal}"`;
  throw new DomainError(
    `this backup cannot be merged: deal ${named} has a different history here (input ${input.id} is ${describe(kept)} here, ${describe(input)} in the backup)`,
  );
}

function describe(input: InputRecord): string {
  switch (input.kind) {
    case 'message':
      return `message ${input.id}`;
    case 'create':
      return `its creation`;
    case 'advance':
      return `a move to "${input.to}"`;
    case 'close':
      return `a close (${input.outcome})`;
    case 'dismiss':
      return `a dismissal of ${input.trigger}`;
    case 'meeting':
      return `a meeting`;
    case 'checklist':
      return `a checklist tick`;
    case 'role':
      return `a role for ${input.address}`;
  }
}

/**
 * The rep's links the store has no word of its own on; a link the store made from mail gives way, and
 * the deals on both sides of it, with every deal the thread's mail is on, are rebuilt.
 */
async function mergeRepLinks(db: EmberDatabase, threads: readonly ThreadRecord[], touched: Set<string>) {
  const repLinks = threads.filter((thread) => thread.linkedBy === 'rep');
  const existing = await db.threads.bulkGet(repLinks.map((thread) => thread.id));
  const added = repLinks.filter((_, index) => existing[index]?.linkedBy !== 'rep');
  if (added.length === 0) return 0;
  const ids = added.map((thread) => thread.id);
  const mail = await db.inputs.where('thread').anyOf(ids).toArray();
  for (const thread of added) if (thread.deal) touched.add(thread.deal);
  for (const thread of existing) if (thread?.linkedBy !== 'rep' && thread?.deal) touched.add(thread.deal);
  for (const input of mail) if (input.deal) touched.add(input.deal);
  await db.threads.bulkPut(added);
  return added.length;
}

/**
 * The text of the messages: the backup's for the mail it adds (the rebuild writes their rows), and for
 * rows the store placed from headers alone (without text) it fills them in place.
 */
async function mergeText(db: EmberDatabase, contents: BackupContents, added: Set<string>): Promise<IncomingText> {
  const text: IncomingText = new Map();
  const others = contents.messages.filter((row) => !added.has(row.id) && row.text !== '');
  for (const row of contents.messages) {
    if (!added.has(row.id)) continue;
    text.set(row.id, { subject: row.subject, text: row.text, snippet: row.snippet, closing: row.closing });
  }
  const rows = await db.messages.bulkGet(others.map((row) => row.id));
  const filled = rows.flatMap((row, index) => {
    const backup = others[index]!;
    if (!row || row.text !== '') return [];
    return [{ ...row, text: backup.text, snippet: backup.snippet, closing: backup.closing }];
  });
  if (filled.length > 0) await db.messages.bulkPut(filled);
  return text;
}

/** Adds the rows whose key the table lacks; returns how many. */
async function addMissing<Row, Key>(
  table: { bulkGet(keys: Key[]): Promise<(Row | undefined)[]>; bulkPut(rows: readonly Row[]): Promise<unknown> },
  rows: readonly Row[],
  keyOf: (row: Row) => Key,
): Promise<number> {
  if (rows.length === 0) return 0;
  const existing = await table.bulkGet(rows.map(keyOf));
  const missing = rows.filter((_, index) => existing[index] === undefined);
  if (missing.length > 0) await table.bulkPut(missing);
  return missing.length;
}

/**
 * When a link the rebuild made from mail was first made is in no input: a link the store did not have
 * before, which the rebuild made exactly as the backup had it, keeps the backup's time and subject.
 */
async function keepLinkTimes(
  db: EmberDatabase,
  derived: readonly ThreadRecord[],
  before: readonly (ThreadRecord | undefined)[],
): Promise<void> {
  const fresh = derived.filter((_, index) => before[index] === undefined);
  if (fresh.length === 0) return;
  const now = await db.threads.bulkGet(fresh.map((thread) => thread.id));
  const kept = fresh.filter((thread, index) => {
    const row = now[index];
    return row !== undefined && row.deal === thread.deal && row.linkedBy === thread.linkedBy;
  });
  if (kept.length > 0) await db.threads.bulkPut(kept);
}

/**
 * Drafts and snoozes hang off triggers: those of a trigger that exists after the rebuild and that the
 * store has none of are added (an older file's may name triggers no longer fired). The voice override
 * is added when the store has none.
 */
async function mergeTriggerState(db: EmberDatabase, contents: BackupContents): Promise<[number, number]> {
  const snoozes = contents.settings.filter((row) => row.key.startsWith(SNOOZE_PREFIX));
  const triggerIds = [
    ...new Set([
      ...contents.drafts.map((draft) => draft.trigger),
      ...snoozes.map((row) => row.key.slice(SNOOZE_PREFIX.length)),
    ]),
  ];
  const present = new Set((await db.triggers.bulkGet(triggerIds)).flatMap((trigger) => (trigger ? [trigger.id] : [])));
  const drafts = await addMissing(
    db.drafts,
    contents.drafts.filter((draft) => present.has(draft.trigger)),
    (draft) => draft.trigger,
  );
  const settings = await addMissing(
    db.settings,
    contents.settings.filter(
      (row) => !row.key.startsWith(SNOOZE_PREFIX) || present.has(row.key.slice(SNOOZE_PREFIX.length)),
    ),
    (row) => row.key,
  );
  return [drafts, settings];
}

/** Deep equality of plain records (what IndexedDB and a parsed file hold), whatever their keys' order. */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = Object.keys(left);
  return (
    keys.length === Object.keys(right).length &&
    keys.every((key) => Object.hasOwn(right, key) && sameValue(left[key], right[key]))
  );
}
