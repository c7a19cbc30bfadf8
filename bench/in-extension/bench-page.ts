// As every entrypoint that carries zod (lib/zod-jitless.ts): the backup figures validate with it.
import '@/lib/zod-jitless';
import Dexie from 'dexie';
import { AccountService } from '@/lib/background/account-service';
import { EmberBackground } from '@/lib/background/background';
import { syncedSettings } from '@/lib/background/browser-adapters';
import { DEFAULT_ACCOUNT_SETTINGS, DEFAULT_DRAFTING_SETTINGS, type AccountSettings } from '@/lib/domain/settings';
import type { MessageInput } from '@/lib/messaging/protocol';
import { importPartsOf, readAccountBackup, type ImportParts } from '@/lib/store/backup-stream';
import { databaseName, EmberDatabase, openAccountDatabase } from '@/lib/store/database';
import { BACKUP_TABLES, isBackedUpSetting } from '@/lib/store/record-schemas';
import type { DealRecord } from '@/lib/store/records';
import { BENCH_STORE, dealId, generateStore, type DealRows } from '../generate-store';
import { gmailCalls } from '@/lib/background/google/gmail-calls';
import { createGoogleApi } from '@/lib/background/google/google-api';
import { MailSync, type MailSyncState } from '@/lib/background/google/mail-sync';
import type { BackfillDeal, BackfillSamples, BenchPageApi, Samples, StoreFigure } from './api';
import {
  applyWrites,
  clearAll,
  countAll,
  emptyCopy,
  getAll,
  getAllByIndex,
  getAllOf,
  openRaw,
  putAll,
  readBack,
  type StoreWrites,
} from './raw-idb';
import {
  createWriteRecorder,
  summarize,
  toIDBKeyRange,
  type LoggedMutation,
  type RecordedWrites,
} from './write-recorder';

/**
 * Runs in an extension page of the production build, so it shares the extension origin's
 * IndexedDB and runs the product's own AccountService, Dexie store and engine in real Chromium.
 */

const options = BENCH_STORE;
const { account, now } = options;
/** Ingestion arrives in requests of at most 500 messages (the protocol's limit on ingestMessages). */
const INGEST_MESSAGES = 10_000;
const INGEST_BATCH = 500;
const INGEST_THREADS = 500;
const SIDEBAR_DEAL = dealId(0);
const SCRATCH = 'ember-bench-scratch';
const DAY = 24 * 3_600_000;

const db = openAccountDatabase(account);
/** Sees what the ingest writes, so its limit writes the same rows; added before the database opens. */
const recorder = createWriteRecorder();
db.use(recorder.middleware);
const service = new AccountService(account, {
  db,
  settings: () => syncedSettings.get(account),
  clock: () => now,
  newId: () => crypto.randomUUID(),
});
let raw: IDBDatabase | undefined;
const bare = async () => (raw ??= await openRaw(databaseName(account)));

/** Collected garbage left by earlier repetitions should not land in a timed one. */
const collectGarbage = () => (globalThis as { gc?: () => void }).gc?.();

/**
 * Times `work`, garbage collected twice first (untimed): V8 finishes sweeping after the first
 * collection before it starts the second, so the work is not left the sweeping of what ran before
 * it. With one collection, the queue's ratio came out up to a quarter higher under heavy load (its
 * reads allocate more than its limit's).
 */
async function time(work: () => Promise<unknown>): Promise<number> {
  collectGarbage();
  collectGarbage();
  const started = performance.now();
  await work();
  return performance.now() - started;
}

/** The row count of each table as seeded: what a backup of the store holds while no other figure has written to it. */
let seededCounts: Record<string, number> = {};

/** The deals due at `now` as seeded, put back before each sweep so every sweep has their work. */
let dueDeals: DealRecord[] = [];
/** The ids of the due deals' triggers as seeded: any other trigger of theirs is one a sweep fired. */
let dueTriggers = new Set<string>();

async function seed() {
  const started = performance.now();
  await syncedSettings.save(account, { ...(await syncedSettings.get(account)), timeZone: 'America/New_York' });
  const counts: Record<string, number> = {};
  let batch: DealRows[] = [];
  const flush = async () => {
    const tables: Record<string, unknown[]> = {
      deals: batch.map((deal) => deal.deal),
      contacts: batch.flatMap((deal) => deal.contacts),
      threads: batch.flatMap((deal) => deal.threads),
      messages: batch.flatMap((deal) => deal.messages),
      stageEvents: batch.flatMap((deal) => deal.stageEvents),
      triggers: batch.flatMap((deal) => deal.triggers),
      meetings: batch.flatMap((deal) => deal.meetings),
      inputs: batch.flatMap((deal) => deal.inputs),
    };
    await db.transaction('rw', db.allTables, async () => {
      for (const [name, list] of Object.entries(tables)) {
        counts[name] = (counts[name] ?? 0) + list.length;
        await db.table(name).bulkPut(list);
      }
    });
    batch = [];
  };
  dueDeals = [];
  dueTriggers = new Set();
  for (const deal of generateStore(options)) {
    if (deal.deal.nextTimerAt !== null && deal.deal.nextTimerAt <= now) {
      dueDeals.push(deal.deal);
      for (const trigger of deal.triggers) dueTriggers.add(trigger.id);
    }
    batch.push(deal);
    if (batch.length === 250) await flush();
  }
  await flush();
  seededCounts = counts;
  return { seconds: (performance.now() - started) / 1000, counts };
}

/**
 * Puts the due deals back as seeded and deletes the triggers fired on them since (trigger ids name
 * their cause, so a sweep of the same deals would fire the same ids again and add no row). A sweep
 * also records on each deal the moment it reached, and mail older than that is late, applied by
 * rebuilding the deal: the ingest figures restore the deals first, so their mail is in time order.
 */
function restoreDueDeals() {
  const seeded = dueDeals;
  if (seeded.length === 0) throw new Error('seed the store in this page first: no deals are due');
  return db.transaction('rw', db.deals, db.triggers, async () => {
    await db.deals.bulkPut(seeded);
    const ofDueDeals = await Promise.all(
      seeded.map((deal) =>
        db.triggers.where('[deal+status]').between([deal.id, Dexie.minKey], [deal.id, Dexie.maxKey]).primaryKeys(),
      ),
    );
    await db.triggers.bulkDelete(ofDueDeals.flat().filter((id) => !dueTriggers.has(id)));
  });
}

/**
 * The read figures time many operations per repetition: one read takes 3 ms to 1.5 s, and on a
 * loaded two-core machine a single one is mostly scheduling noise and garbage collection, in
 * bursts that a figure and a limit timed apart catch unequally. A repetition makes `operations`
 * reads of the figure and as many of its limit, alternately (the order swapped every other pair),
 * so whatever load there is hits both alike; garbage is collected before each read, untimed, so a
 * read pays for the collections its own allocations cause and not for another read's garbage.
 * `before` and `after`, when given, run untimed around each read of the figure (the sweep's
 * restore and its check). A repetition's value and limit are milliseconds per operation, the mean
 * of its reads. One read of each is made untimed first: the first after the page opens pays for
 * cold caches and code that no later read pays for.
 */
async function timeAlternately(
  repetitions: number,
  operations: number,
  reads: {
    figure: () => Promise<unknown>;
    limit: () => Promise<unknown>;
    before?: () => Promise<unknown>;
    after?: () => Promise<unknown>;
  },
): Promise<Pick<Samples, 'values' | 'limits'>> {
  const figure = async () => {
    await reads.before?.();
    const took = await time(reads.figure);
    await reads.after?.();
    return took;
  };
  const limit = () => time(reads.limit);
  await figure();
  await limit();
  const values: number[] = [];
  const limits: number[] = [];
  for (let run = 0; run < repetitions; run += 1) {
    let figureTotal = 0;
    let limitTotal = 0;
    for (let operation = 0; operation < operations; operation += 1) {
      if ((run * operations + operation) % 2 === 0) {
        figureTotal += await figure();
        limitTotal += await limit();
      } else {
        limitTotal += await limit();
        figureTotal += await figure();
      }
    }
    values.push(figureTotal / operations);
    limits.push(limitTotal / operations);
  }
  return { values, limits };
}

/** Sweeps in a repetition: each ~40 ms. */
const SWEEPS = 5;

/**
 * Sweeps at `now`, each firing the same 100 triggers: the due deals are restored as seeded before
 * every sweep, untimed. A sweep cannot simply be repeated (the next would find nothing due), and
 * the store has no other due deals to sweep instead without changing what the figure measures (1%
 * of deals due), so each sweep is timed on its own after its restore, SWEEPS of them a repetition.
 */
async function measureSweep(repetitions: number): Promise<Samples> {
  const seeded = dueDeals;
  const deals = await bare();
  let before = 0;
  let fired = 0;
  const timed = await timeAlternately(repetitions, SWEEPS, {
    before: async () => {
      await restoreDueDeals();
      before = await db.triggers.count();
    },
    figure: () => service.sweep(),
    after: async () => {
      fired = (await db.triggers.count()) - before;
      if (fired < seeded.length) throw new Error(`the sweep fired ${fired} triggers for ${seeded.length} due deals`);
    },
    limit: () => getAll(deals, 'deals'),
  });
  return {
    ...timed,
    work: `${seeded.length} due deals, ${fired} triggers fired per sweep, ${SWEEPS} sweeps per repetition`,
  };
}

/** Queue loads in a repetition: each ~60 ms. */
const QUEUE_LOADS = 5;

async function measureQueue(repetitions: number): Promise<Samples> {
  const open = IDBKeyRange.bound(['open', -Infinity], ['open', []]);
  const raw = await bare();
  let entries = 0;
  const timed = await timeAlternately(repetitions, QUEUE_LOADS, {
    figure: async () => (entries = (await service.queue()).length),
    limit: () => getAllByIndex(raw, 'triggers', '[status+dueAt]', open),
  });
  return { ...timed, work: `${entries} queue entries, ${QUEUE_LOADS} loads per repetition` };
}

/** Sidebar reads in a repetition: each ~3 ms. */
const SIDEBAR_READS = 50;

async function measureSidebar(repetitions: number): Promise<Samples> {
  const range = IDBKeyRange.bound([SIDEBAR_DEAL, -Infinity], [SIDEBAR_DEAL, []]);
  const participants = [`buyer0@account0.example`, account];
  const thread = `${SIDEBAR_DEAL}-t0`;
  // As in Gmail, the thread's row in the list was labelled before the rep opened it.
  await service.threadLabels([thread]);
  const raw = await bare();
  let messages = 0;
  const timed = await timeAlternately(repetitions, SIDEBAR_READS, {
    figure: async () => {
      const found = await service.lookupThread(thread, participants);
      if (found.kind !== 'linked') throw new Error(`the sidebar thread is ${found.kind}`);
      messages = found.detail.messages.length;
    },
    limit: () => getAllByIndex(raw, 'messages', '[deal+at]', range),
  });
  return {
    ...timed,
    work:
      `a deal with ${messages} messages, its thread labelled in the list before it opens, ` +
      `${SIDEBAR_READS} reads per repetition`,
  };
}

/** Dashboards in a repetition: each ~1.5 s. */
const DASHBOARDS = 2;

async function measureDashboard(repetitions: number): Promise<Samples> {
  const raw = await bare();
  let rows = 0;
  const timed = await timeAlternately(repetitions, DASHBOARDS, {
    figure: () => service.dashboard({}),
    limit: async () => (rows = (await getAllOf(raw, ['triggers', 'stageEvents'])).flat().length),
  });
  return { ...timed, work: `${options.deals} deals, ${rows} triggers and stage events` };
}

/** A new message on `deal`'s first thread: from the buyer with a quote of the rep's last mail, or from the rep. */
function newMessage(id: string, index: number, at: number, inbound: boolean): MessageInput {
  const buyer = `Buyer Zero <buyer0@account${index}.example>`;
  const body = inbound
    ? `Thanks, that works for us. Could you send the updated numbers for the pilot (${id})?\n\nBest,\nBuyer\n\n` +
      `On Mon, Jun 1, 2026 at 9:00 AM Rep <${account}> wrote:\n> Here is the proposal we discussed.\n> Let me know.`
    : `Here are the numbers for the pilot (${id}). Happy to walk through them on a call.\n\nBest,\nRep`;
  return {
    id,
    thread: `${dealId(index)}-t0`,
    at,
    from: inbound ? buyer : `Rep <${account}>`,
    to: inbound ? [account] : [buyer],
    cc: [],
    subject: `Re: Pilot for Account ${index}`,
    body,
  };
}

/**
 * Each repetition's mail lands in its own slice of a day, later runs later: the thread-by-thread
 * figure's in the day before last, the scattered figure's (which reaches the same deals) in the
 * day before `now`, so neither brings mail older than what a deal has applied.
 */
function ingestWindow(run: number, repetitions: number, daysBeforeNow: number) {
  const spacing = Math.floor(DAY / (repetitions * INGEST_MESSAGES));
  return { start: now - daysBeforeNow * DAY + run * INGEST_MESSAGES * spacing, spacing };
}

/**
 * Mail as Ember receives it: thread by thread (the sidebar ingests an opened thread's loaded
 * messages; a feed poll brings a few threads' new mail). 500 threads of 500 deals, 20 new messages
 * each, buyer and rep in turn, the buyer's with a quoted part; a request carries 25 whole threads.
 */
function threadMail(run: number, repetitions: number): MessageInput[] {
  const { start, spacing } = ingestWindow(run, repetitions, 2);
  const perThread = INGEST_MESSAGES / INGEST_THREADS;
  return Array.from({ length: INGEST_MESSAGES }, (_, n) => {
    const thread = Math.floor(n / perThread);
    const index = (thread * 4_999) % options.deals;
    const inThread = n % perThread;
    return newMessage(
      `new-${run}-${n}`,
      index,
      start + (inThread * INGEST_THREADS + thread) * spacing,
      inThread % 2 === 0,
    );
  });
}

/** The worst case: every message on a different deal, so each one writes its deal's rows too. */
function scatteredMail(run: number, repetitions: number): MessageInput[] {
  const { start, spacing } = ingestWindow(run, repetitions, 1);
  return Array.from({ length: INGEST_MESSAGES }, (_, n) =>
    newMessage(`scattered-${run}-${n}`, (n * 4_999) % options.deals, start + n * spacing, n % 2 === 0),
  );
}

/**
 * A table whose row count changed by more rows than the recorder saw written there was written
 * some other way (a native transaction): its rows would be missing from the limit, so stop.
 */
function checkEveryWriteRecorded(before: Map<string, number>, after: Map<string, number>, writes: RecordedWrites) {
  for (const [table, count] of after) {
    const changed = Math.abs(count - (before.get(table) ?? 0));
    const recorded = writes.keys.get(table)?.length ?? 0;
    if (changed > recorded && !writes.ranges.has(table)) {
      throw new Error(`${table}: ${changed} rows came or went, but only ${recorded} writes went through Dexie`);
    }
  }
}

/** What the recorded writes left: each key's row as it is now (or its deletion), by table. */
async function rowsWritten(raw: IDBDatabase, recorded: RecordedWrites): Promise<Map<string, StoreWrites>> {
  const writes = await readBack(raw, recorded.keys);
  for (const [table, ranges] of recorded.ranges) {
    const ofTable = writes.get(table) ?? { puts: [], deletes: [], ranges: [] };
    ofTable.ranges.push(...ranges.map(toIDBKeyRange));
    writes.set(table, ofTable);
  }
  return writes;
}

/** `messages 10000, deals 500, queueDeals 35 (+465 deleted)`: the rows the limit writes, by table. */
function describeWrites(writes: Map<string, StoreWrites>): string {
  return [...writes]
    .map(([table, { puts, deletes, ranges }]) => ({
      table,
      puts: puts.length,
      deletes: deletes.length + ranges.length,
    }))
    .sort((a, b) => b.puts - a.puts || a.table.localeCompare(b.table))
    .map(({ table, puts, deletes }) => `${table} ${puts}${deletes > 0 ? ` (+${deletes} deleted)` : ''}`)
    .join(', ');
}

/**
 * Ingests through AccountService, request by request. Each request's limit is a bare bulkPut, in
 * one raw IndexedDB transaction, of exactly the rows that request wrote, to every table it wrote
 * (whatever tables the schema has): the recorder gives the keys written, their rows are read back
 * (untimed), and they are put into a copy of the database with the same stores and indexes, empty
 * at the start of the repetition. The limit runs right after its request, so a burst of other work
 * on the machine lands on both halves of a pair rather than on one whole run of either.
 */
async function measureIngest(
  repetitions: number,
  mailOf: (run: number, repetitions: number) => MessageInput[],
): Promise<Samples> {
  await restoreDueDeals();
  const raw = await bare();
  const scratch = await emptyCopy(raw, SCRATCH);
  const samples: Samples = { values: [], limits: [], work: '' };
  try {
    for (let run = 0; run < repetitions; run += 1) {
      const mail = mailOf(run, repetitions);
      const before = await countAll(raw);
      await clearAll(scratch);
      const logged: LoggedMutation[] = [];
      let ingestTime = 0;
      let limitTime = 0;
      for (let start = 0; start < mail.length; start += INGEST_BATCH) {
        recorder.start();
        let request: LoggedMutation[];
        try {
          ingestTime += await time(() => service.ingestMessages(mail.slice(start, start + INGEST_BATCH)));
        } finally {
          request = recorder.stop();
        }
        for (const mutation of request) logged.push(mutation);
        const written = await rowsWritten(raw, summarize(request));
        limitTime += await time(() => applyWrites(scratch, written));
      }
      samples.values.push(ingestTime);
      samples.limits.push(limitTime);
      const recorded = summarize(logged);
      checkEveryWriteRecorded(before, await countAll(raw), recorded);
      const stored = (await db.messages.bulkGet(mail.map((message) => message.id))).filter((message) => !!message);
      if (stored.length !== mail.length) throw new Error(`${stored.length} of ${mail.length} messages were stored`);
      const threads = new Set(stored.map((message) => message.thread)).size;
      const deals = new Set(stored.map((message) => message.deal)).size;

      samples.work =
        `${mail.length} messages on ${threads} threads of ${deals} deals, in requests of ${INGEST_BATCH}; ` +
        `rows written: ${describeWrites(await rowsWritten(raw, recorded))}`;
    }
  } finally {
    // The next ingest figure makes its copy afresh, which waits for every connection to it to close.
    scratch.close();
  }
  return samples;
}

/** The deal the late-message figure grows, and how many inputs it holds before the first repetition. */
const LATE_DEAL = 'bench-late';
const LATE_INPUTS = 500;
const MINUTE = 60_000;

/** A message on the late-message figure's deal, `minutes` after `now` (the deal is made at `now`). */
function lateDealMessage(id: string, minutes: number, inbound: boolean): MessageInput {
  const buyer = 'Dana Late <dana@late.example>';
  return {
    id,
    thread: `${LATE_DEAL}-t0`,
    at: now + minutes * MINUTE,
    from: inbound ? buyer : `Rep <${account}>`,
    to: inbound ? [account] : [buyer],
    cc: [],
    subject: 'Re: Pilot',
    body: inbound ? `Could we see the numbers (${id})?` : `Here are the numbers (${id}).`,
  };
}

/** Late messages (and as many in-order ones) a repetition ingests: one alone is mostly scheduling noise. */
const LATE_OPERATIONS = 8;

/**
 * One late message into a deal with 500 stored inputs (its creation and 499 messages), through the
 * extension's own ingest: it is older than the deal's latest, so the deal is rebuilt from all its
 * inputs. Its limit is the ingest of one in-order message into the same deal. Like the read figures
 * (timeAlternately), a repetition ingests LATE_OPERATIONS of each, alternately, after one untimed
 * pair: the first rebuild after the page opens runs code no later one waits for (its time is
 * reported in `work`). Each message adds an input, so the deal grows by two a pair.
 */
async function measureLateMessage(repetitions: number): Promise<Samples> {
  if (!(await db.deals.get(LATE_DEAL))) {
    await service.createDeal({ id: LATE_DEAL, title: 'Late mail', stage: 'contact', contacts: ['dana@late.example'] });
    const history = Array.from({ length: LATE_INPUTS - 1 }, (_, n) =>
      lateDealMessage(`late-history-${n}`, (n + 1) * 10, n % 2 === 0),
    );
    for (let start = 0; start < history.length; start += INGEST_BATCH) {
      await service.ingestMessages(history.slice(start, start + INGEST_BATCH));
    }
  }
  const before = await db.inputs.where('deal').equals(LATE_DEAL).count();
  const latest = LATE_INPUTS * 10;
  let lateCount = 0;
  let inOrderCount = 0;
  const placed: string[] = [];
  const ingestOne = (message: MessageInput) => {
    placed.push(message.id);
    return service.ingestMessages([message]);
  };
  // Late mail lands early in the history (the deal's first hours), in-order mail after its latest.
  const late = () => ingestOne(lateDealMessage(`late-${lateCount}`, 10 * lateCount++ + 5, true));
  const inOrder = () =>
    ingestOne(lateDealMessage(`in-order-${inOrderCount}`, latest + 10 * ++inOrderCount, inOrderCount % 2 === 0));
  const cold = await time(late);
  await inOrder();
  const { values, limits } = await timeAlternately(repetitions, LATE_OPERATIONS, { figure: late, limit: inOrder });
  const stored = await db.inputs.bulkGet(placed);
  if (stored.some((input) => input?.deal !== LATE_DEAL)) throw new Error('the late-message figure lost a message');
  const after = await db.inputs.where('deal').equals(LATE_DEAL).count();
  return {
    values,
    limits,
    work:
      `${LATE_OPERATIONS} late messages a repetition into a deal with ${before}–${after} stored inputs, ` +
      `against as many in-order ones; the first, untimed: ${cold.toFixed(1)} ms`,
  };
}

/**
 * The backup figures (issue 17) time one whole export or import a repetition, figure and limit in
 * turn, the order swapped every other repetition, with garbage collected before each (untimed).
 * Each takes seconds, so scheduling noise is small beside it; the untimed first pair the read
 * figures make (timeAlternately) would cost a whole export or import to save the few milliseconds
 * of cold code in one. `reset` runs untimed before each pair, `after` right after each figure.
 */
async function timePairs(
  repetitions: number,
  work: {
    figure: () => Promise<unknown>;
    limit: () => Promise<unknown>;
    reset?: () => Promise<unknown>;
    after?: () => Promise<unknown>;
  },
): Promise<Pick<Samples, 'values' | 'limits'>> {
  const figure = async () => {
    const took = await time(work.figure);
    await work.after?.();
    return took;
  };
  const values: number[] = [];
  const limits: number[] = [];
  for (let run = 0; run < repetitions; run += 1) {
    await work.reset?.();
    if (run % 2 === 0) {
      values.push(await figure());
      limits.push(await time(work.limit));
    } else {
      limits.push(await time(work.limit));
      values.push(await figure());
    }
  }
  return { values, limits };
}

const BACKED_UP_TABLES: string[] = [...BACKUP_TABLES];

/**
 * The file the options page downloads, made as it makes it (entrypoints/options/main.tsx
 * `readBackup`, then BackupPanel's `exportFile`): the account's settings as the background keeps
 * them, `readAccountBackup` (`backupParts` over a connection of its own to the account's
 * database), and the parts joined into one Blob. The whole file is never one string.
 */
async function exportBackupFile(): Promise<Blob> {
  const parts = await readAccountBackup(account, await syncedSettings.get(account), now);
  return new Blob(parts, { type: 'application/json' });
}

/** What a backup of the store must hold now: every backed-up table's rows, of settings only those a backup keeps. */
async function backedUpCounts(raw: IDBDatabase): Promise<Map<string, number>> {
  const counts = await countAll(raw);
  const settings = (await getAll(raw, 'settings')) as { key: string }[];
  return new Map(
    BACKED_UP_TABLES.map((table) => [
      table,
      table === 'settings' ? settings.filter((row) => isBackedUpSetting(row.key)).length : (counts.get(table) ?? 0),
    ]),
  );
}

/** `messages 200000, inputs 269229, …`: rows by table, the largest first. */
function describeCounts(counts: ReadonlyMap<string, number>): string {
  return [...counts]
    .sort(([a, left], [b, right]) => right - left || a.localeCompare(b))
    .map(([table, count]) => `${table} ${count}`)
    .join(', ');
}

/** An exported file as the options page reads it back for an import, with what reading it took. */
interface BackupFile {
  bytes: number;
  /** What the options page sends the background: the header, then each table's rows in parts. */
  split: ImportParts;
  /** The same rows by table, for the import's limit. */
  rows: Map<string, unknown[]>;
  /** `file.text()`, JSON.parse and importPartsOf, as the options page runs them before it sends the first part. */
  readMilliseconds: number;
}

/**
 * Reads `file` back as the options page's import does (BackupPanel's `importFile`: the text,
 * JSON.parse, importPartsOf) and checks that it holds exactly `expected` rows in each table: an
 * export that does not parse, or lost or added rows, stops the bench rather than give a figure.
 */
async function readBackupFile(file: Blob, expected: ReadonlyMap<string, number>): Promise<BackupFile> {
  const started = performance.now();
  let parsed: unknown;
  try {
    parsed = JSON.parse(await file.text());
  } catch (error) {
    throw new Error(`the exported file (${file.size} bytes) could not be read back as JSON: ${String(error)}`);
  }
  const split = importPartsOf(parsed);
  const readMilliseconds = performance.now() - started;
  if (!split) throw new Error(`the exported file (${file.size} bytes) has no tables an import could send`);
  const rows = new Map<string, unknown[]>();
  for (const part of split.parts) {
    const list = rows.get(part.table) ?? [];
    for (const row of part.rows) list.push(row);
    rows.set(part.table, list);
  }
  const tables = new Set([...expected.keys(), ...rows.keys()]);
  const wrong = [...tables].filter((table) => (rows.get(table)?.length ?? 0) !== (expected.get(table) ?? 0));
  if (wrong.length > 0) {
    const found = wrong.map((table) => `${table} ${rows.get(table)?.length ?? 0} (store ${expected.get(table) ?? 0})`);
    throw new Error(`the exported file's row counts are not the store's: ${found.join(', ')}`);
  }
  return { bytes: file.size, split, rows, readMilliseconds };
}

/** Whether the store's backed-up tables hold what the seed wrote, or what figures run before changed. */
function describeStore(counts: ReadonlyMap<string, number>): string {
  const asSeeded = Object.entries(seededCounts).every(([table, count]) => counts.get(table) === count);
  return asSeeded ? 'the store as seeded' : 'the store as the figures before this one left it';
}

/** The last export's file, read back: the import figure imports it. */
let exportedFile: BackupFile | undefined;

/**
 * The whole store exported as the options page does it, against bare getAll()s, in one
 * transaction, of every table the backup reads. After the repetitions (untimed), the last file
 * is read back and its rows counted; every repetition's file must have the same size.
 */
async function measureBackupExport(repetitions: number): Promise<Samples> {
  exportedFile = undefined;
  const raw = await bare();
  const expected = await backedUpCounts(raw);
  const sizes = new Set<number>();
  let file: Blob | undefined;
  const timed = await timePairs(repetitions, {
    figure: async () => (file = await exportBackupFile()),
    after: async () => sizes.add(file!.size),
    limit: () => getAllOf(raw, BACKED_UP_TABLES),
  });
  if (sizes.size !== 1) throw new Error(`exports of one store came out in different sizes: ${[...sizes].join(', ')}`);
  exportedFile = await readBackupFile(file!, expected);
  return {
    ...timed,
    work:
      `${describeStore(expected)}, a file of ${exportedFile.bytes} bytes in ${exportedFile.split.parts.length} ` +
      `import parts; rows: ${describeCounts(expected)}`,
  };
}

/** The database the import figure imports into, made afresh each repetition. */
const IMPORT_DATABASE = 'ember-bench-import';
/** The import's limit: an empty copy of the account database's stores and indexes, made afresh each repetition. */
const IMPORT_SCRATCH = `${SCRATCH}-import`;
/** The sender the background sees for an options page's requests. */
const OPTIONS_PAGE = { url: location.href };

/**
 * An EmberBackground, the service worker's own class, whose every account is `database`: the
 * import figure calls its beginImport, addImportPart and commitImport handlers in this page, so
 * the commit is the background's own (parseBackup on the whole file, then the merge in one write
 * transaction), without runtime messages. Through the real background the file's account would be
 * imported into that account's own database, which is the seeded store, not an empty one; and each
 * of the file's parts would be timed crossing to the worker and back as a structured clone, which
 * is Chrome's work and not Ember's. Its other ports are in memory, so the import saves the file's
 * settings, shows a badge and notifies nothing outside this figure.
 */
function importingBackground(database: EmberDatabase): EmberBackground {
  const settings = new Map<string, AccountSettings>();
  const seen = new Map<string, number>();
  return new EmberBackground({
    openDatabase: () => database,
    deleteDatabase: () => database.delete(),
    accounts: {
      list: async () => [...seen].map(([account, lastSeenAt]) => ({ account, lastSeenAt })),
      touch: async (account, at) => void seen.set(account, at),
      remove: async (account) => void seen.delete(account),
    },
    settings: {
      get: async (account) => settings.get(account) ?? DEFAULT_ACCOUNT_SETTINGS,
      save: async (account, value) => void settings.set(account, value),
      remove: async (account) => void settings.delete(account),
    },
    drafting: { get: async () => DEFAULT_DRAFTING_SETTINGS, save: async () => {} },
    secrets: { getApiKey: async () => null, setApiKey: async () => {} },
    notifier: { notify: async () => {} },
    badge: { show: async () => {} },
    clock: () => now,
    newId: () => crypto.randomUUID(),
  });
}

/** Every table's row count, through Dexie. */
async function dexieCounts(database: EmberDatabase): Promise<Map<string, number>> {
  return new Map(await Promise.all(database.tables.map(async (table) => [table.name, await table.count()] as const)));
}

/**
 * The exported file imported into an empty database by the background's own handlers (see
 * importingBackground): its header, its parts as the options page sends them, then the commit.
 * The limit is a bare put of every row of the file, all tables, in one transaction, into an empty
 * copy of the database: the least an import that gives the store back must write (the import
 * writes more, the triggers its rebuild fires and the queue rows beside them). Both databases are
 * deleted and made afresh before each pair (untimed), and after each import its rows are counted
 * against the file's.
 */
async function measureBackupImport(repetitions: number): Promise<Samples> {
  const raw = await bare();
  const file = exportedFile ?? (await readBackupFile(await exportBackupFile(), await backedUpCounts(raw)));
  const fileCounts = new Map([...file.rows].map(([table, rows]) => [table, rows.length]));
  let database: EmberDatabase | undefined;
  let background: EmberBackground | undefined;
  let scratch: IDBDatabase | undefined;
  let stored = new Map<string, number>();
  let imported: Record<string, number> = {};
  const closeBoth = () => {
    database?.close();
    scratch?.close();
  };
  try {
    const timed = await timePairs(repetitions, {
      reset: async () => {
        closeBoth();
        await Dexie.delete(IMPORT_DATABASE);
        database = new EmberDatabase(IMPORT_DATABASE);
        // Made before the import (an account Ember has open), as the limit's copy is.
        await database.open();
        background = importingBackground(database);
        scratch = await emptyCopy(raw, IMPORT_SCRATCH);
      },
      figure: async () => {
        const handlers = background!.handlers();
        const { importId } = await handlers.beginImport({ account, header: file.split.header }, OPTIONS_PAGE);
        for (const part of file.split.parts) {
          await handlers.addImportPart({ account, importId, ...part }, OPTIONS_PAGE);
        }
        ({ imported } = await handlers.commitImport({ account, importId }, OPTIONS_PAGE));
      },
      after: async () => {
        stored = await dexieCounts(database!);
        // What an import keeps as the file has it: every input, every message's text, every deal
        // (rebuilt from its inputs). The other derived tables are the rebuild's to say (triggers
        // differ: the generated store's were not fired by the engine), so they are only reported.
        const lost = ['inputs', 'messages', 'deals']
          .filter((table) => stored.get(table) !== fileCounts.get(table))
          .map((table) => `${table} ${stored.get(table)} stored of ${fileCounts.get(table)} in the file`);
        if (imported.messages !== fileCounts.get('messages')) {
          lost.push(`${imported.messages} messages reported imported of ${fileCounts.get('messages')}`);
        }
        if (lost.length > 0) throw new Error(`the import into an empty database lost rows: ${lost.join(', ')}`);
      },
      limit: () => putAll(scratch!, file.rows),
    });
    return {
      ...timed,
      work:
        `a file of ${file.bytes} bytes in ${file.split.parts.length} parts (read, parsed and cut by the options ` +
        `page first, untimed: ${file.readMilliseconds.toFixed(0)} ms); file rows: ${describeCounts(fileCounts)}; ` +
        `stored after the import: ${describeCounts(stored)}`,
    };
  } finally {
    // Two more copies of the store would otherwise stay on disk for the figures after this one.
    closeBoth();
    await Dexie.delete(IMPORT_DATABASE);
    await Dexie.delete(IMPORT_SCRATCH);
  }
}

const measures: Record<StoreFigure, (repetitions: number) => Promise<Samples>> = {
  sweep: measureSweep,
  queue: measureQueue,
  sidebar: measureSidebar,
  dashboard: measureDashboard,
  ingest: (repetitions) => measureIngest(repetitions, threadMail),
  'ingest-scattered': (repetitions) => measureIngest(repetitions, scatteredMail),
  'late-message': measureLateMessage,
  'backup-export': measureBackupExport,
  'backup-import': measureBackupImport,
};

/**
 * A first Google backfill: the product's MailSync, over real fetch and pacing, against the fake
 * Google server at `baseUrl`, into a fresh account holding `deals`. Each batch's ingest is timed,
 * and its limit is a bare bulkPut of the rows it wrote, as for the ingest figures.
 */
async function measureGoogleBackfill(baseUrl: string, deals: BackfillDeal[]): Promise<BackfillSamples> {
  const account = 'bench-google@emberseller.com';
  await Dexie.delete(databaseName(account));
  const backfillDb = openAccountDatabase(account);
  const backfillRecorder = createWriteRecorder();
  backfillDb.use(backfillRecorder.middleware);
  const backfillService = new AccountService(account, {
    db: backfillDb,
    settings: () => syncedSettings.get(account),
    clock: () => Date.now(),
    newId: () => crypto.randomUUID(),
  });
  for (const deal of deals) await backfillService.createDeal({ ...deal, stage: 'contact' });
  const raw = await openRaw(databaseName(account));
  const scratch = await emptyCopy(raw, `${SCRATCH}-google`);
  let ingest = 0;
  let limit = 0;
  let messages = 0;
  let state: MailSyncState = { historyId: null, syncedAt: null };
  const skipped: string[] = [];
  const sync = new MailSync({
    gmail: gmailCalls(
      createGoogleApi({
        fetch: (input, init) => fetch(input, init),
        tokens: { get: async () => 'bench-token', drop: async () => {} },
        clock: { now: () => Date.now(), sleep: (ms) => new Promise((done) => setTimeout(done, ms)) },
        random: Math.random,
        baseUrl: { gmail: baseUrl, calendar: baseUrl },
      }),
    ),
    ingest: async (batch) => {
      backfillRecorder.start();
      let request: LoggedMutation[];
      try {
        ingest += await time(() => backfillService.ingestMessages(batch));
      } finally {
        request = backfillRecorder.stop();
      }
      const written = await rowsWritten(raw, summarize(request));
      limit += await time(() => applyWrites(scratch, written));
      messages += batch.length;
    },
    readState: async () => state,
    writeState: async (next) => void (state = next),
    skipped: (id, reason) => skipped.push(`${id}: ${reason}`),
    now: () => Date.now(),
  });
  try {
    const started = performance.now();
    await sync.backfill([...new Set(deals.flatMap((deal) => deal.contacts))]);
    const milliseconds = performance.now() - started - limit;
    const stored = await backfillDb.messages.count();
    if (skipped.length > 0) throw new Error(`the backfill skipped ${skipped.length}: ${skipped[0]}`);
    return {
      messages,
      milliseconds,
      ingest,
      limit,
      work: `${messages} messages over ${deals.length} deals (${stored} stored), in batches of 50`,
    };
  } finally {
    scratch.close();
    raw.close();
    backfillDb.close();
  }
}

const api: BenchPageApi = {
  seed,
  measure: (figure, repetitions) => measures[figure](repetitions),
  googleBackfill: measureGoogleBackfill,
};
(globalThis as { emberBench?: BenchPageApi }).emberBench = api;
document.title = 'ready';
