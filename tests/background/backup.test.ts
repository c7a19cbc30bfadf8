import { describe, expect, test } from 'vitest';
import { createRequestProcessor } from '@/lib/messaging/server';
import { queueDealOf } from '@/lib/store/queue-deals-middleware';
import type { RequestInput, RequestType, ResponseData } from '@/lib/messaging/protocol';
import type { InputRecord, MeetingRecord, MessageRecord, ThreadRecord, TriggerRecord } from '@/lib/store/records';
import { testBackground } from '../helpers/fake-ports';
import { driveScenario } from '../helpers/scenario-driver';
import { readFixture } from '../helpers/scenario';

const ACCOUNT = 'sam@emberseller.com';
/** The seed walkthrough's last event: every test continues from there. */
const SEEDED_AT = Date.parse('2026-04-21T00:00:00Z');

/** A browser profile: the real background over its own fake IndexedDB and settings. */
function profile() {
  const harness = testBackground();
  const process = createRequestProcessor(harness.background.handlers(), () => true);
  const call = async <Type extends RequestType>(type: Type, data: RequestInput<Type>) => {
    const envelope = await process(type, data, {});
    return envelope;
  };
  const send = async <Type extends RequestType>(type: Type, data: RequestInput<Type>): Promise<ResponseData<Type>> => {
    const envelope = await call(type, data);
    if (!envelope.ok) throw new Error(envelope.error.message);
    return envelope.value as ResponseData<Type>;
  };
  /** Every table as the backup has it, and the queue: all an import could change. */
  const state = async () => {
    const { exportedAt: _exportedAt, ...backup } = await send('exportData', { account: ACCOUNT });
    return { backup, queue: await send('getQueue', { account: ACCOUNT }) };
  };
  return { ...harness, call, send, state };
}

async function seeded() {
  const harness = profile();
  await driveScenario(readFixture('seed-walkthrough.json'), harness.send, async (at) => harness.clock.set(at));
  return harness;
}

type Tables = {
  inputs: InputRecord[];
  triggers: TriggerRecord[];
  meetings: MeetingRecord[];
  messages: MessageRecord[];
  threads: ThreadRecord[];
} & Record<string, unknown[]>;
const tablesOf = (backup: Record<string, unknown>) => backup.tables as Tables;

const GLOBEX_REPLY = 'globex#buyer_replied@m:g1';

/** What happens after a backup: the rep answers Globex and moves it on, Dana writes and is dismissed. */
async function moreHappens({ send, clock }: ReturnType<typeof profile>) {
  clock.set('2026-04-21T14:00:00Z');
  await send('ingestMessages', {
    account: ACCOUNT,
    messages: [
      {
        id: 'g2',
        thread: 'tg1',
        at: clock(),
        from: ACCOUNT,
        to: ['kim@globex.io'],
        subject: 'Re: Globex and Ember',
        body: 'Hi Kim, the export runs nightly. Best, Sam',
      },
    ],
  });
  await send('advanceStage', { account: ACCOUNT, deal: 'globex', to: 'discovery', evidence: 'g1' });
  clock.set('2026-04-21T15:00:00Z');
  await send('ingestMessages', {
    account: ACCOUNT,
    messages: [
      {
        id: 'm8',
        thread: 't2',
        at: clock(),
        from: 'dana@acme.com',
        to: [ACCOUNT],
        subject: 'Re: The nightly export question',
        body: 'Thanks, that answers it.',
      },
    ],
  });
  clock.set('2026-04-21T15:30:00Z');
  await send('dismissTrigger', { account: ACCOUNT, deal: 'acme', kind: 'buyer_replied' });
}

describe('backup', () => {
  test('export → delete everything → import → export gives the same file', async () => {
    const { send } = await seeded();
    const exported = await send('exportData', { account: ACCOUNT });
    expect((exported.tables as Record<string, unknown[]>).messages).toHaveLength(8);
    await send('deleteAllData', { account: ACCOUNT });
    expect(await send('listAccounts', {})).toEqual([]);
    const { imported } = await send('importData', { account: ACCOUNT, backup: exported });
    expect(imported).toMatchObject({ deals: 2, messages: 8, triggers: 6, stageEvents: 3 });
    expect(await send('exportData', { account: ACCOUNT })).toEqual(exported);
    expect(await send('getSettings', { account: ACCOUNT })).toMatchObject({ timeZone: 'America/New_York' });
  });

  test('the queue rows derived from deals are not exported, and an import rebuilds them', async () => {
    const { send, deps } = await seeded();
    const exported = await send('exportData', { account: ACCOUNT });
    expect(exported.tables).not.toHaveProperty('queueDeals');
    await send('deleteAllData', { account: ACCOUNT });
    await send('importData', { account: ACCOUNT, backup: exported });
    const db = deps.openDatabase(ACCOUNT);
    const queueRows = await db.queueDeals.toArray();
    expect(queueRows).toEqual((await db.deals.toArray()).flatMap((deal) => queueDealOf(deal) ?? []));
    expect(queueRows).not.toEqual([]);
    db.close();
  });

  test('importing into a store that has the same data merges by id, without duplicates', async () => {
    const { send } = await seeded();
    const exported = await send('exportData', { account: ACCOUNT });
    await send('importData', { account: ACCOUNT, backup: exported });
    expect(await send('exportData', { account: ACCOUNT })).toEqual(exported);
  });

  test('into another profile, a backup gives exactly the store it was exported from: inputs, state, derived rows', async () => {
    const source = await seeded();
    // The account's own state beside its inputs: a snooze, a draft, the voice override.
    await source.send('snoozeTrigger', { account: ACCOUNT, trigger: GLOBEX_REPLY, until: SEEDED_AT + 86_400_000 });
    await source.send('getDraft', { account: ACCOUNT, trigger: GLOBEX_REPLY });
    await source.send('saveVoiceOverride', { account: ACCOUNT, override: { signOff: 'Warmly,\nSam' } });
    const exported = await source.send('exportData', { account: ACCOUNT });
    const tables = tablesOf(exported);
    expect(exported.version).toBe(2);
    expect(tables.inputs.filter((input) => input.kind !== 'message')).toHaveLength(4);
    expect(tables.settings).toEqual([
      { key: `snooze:${GLOBEX_REPLY}`, value: SEEDED_AT + 86_400_000 },
      { key: 'voiceOverride', value: { signOff: 'Warmly,\nSam' } },
    ]);
    expect(tables.drafts).toHaveLength(1);

    const target = profile();
    target.clock.set(SEEDED_AT + 3_600_000);
    const { imported } = await target.send('importData', { account: ACCOUNT, backup: exported });
    expect(imported).toMatchObject({ inputs: 12, messages: 8, deals: 2, drafts: 1, settings: 2, workflows: 0 });
    const { exportedAt: _at, ...again } = await target.send('exportData', { account: ACCOUNT });
    const { exportedAt: _source, ...original } = exported;
    expect(again).toEqual(original);
    expect(await target.send('getQueue', { account: ACCOUNT })).toEqual([]);
    expect((await target.send('getVoice', { account: ACCOUNT })).override).toEqual({ signOff: 'Warmly,\nSam' });
    expect(await target.send('getSettings', { account: ACCOUNT })).toEqual(
      await source.send('getSettings', { account: ACCOUNT }),
    );
  });

  test('importing the same backup twice changes nothing the first import did not', async () => {
    const source = await seeded();
    const exported = await source.send('exportData', { account: ACCOUNT });
    const target = profile();
    await target.send('importData', { account: ACCOUNT, backup: exported });
    const once = await target.state();
    const { imported } = await target.send('importData', { account: ACCOUNT, backup: exported });
    expect(Object.values(imported).every((count) => count === 0)).toBe(true);
    expect(await target.state()).toEqual(once);
  });

  test('an older backup over newer data changes nothing the newer data decided', async () => {
    const harness = await seeded();
    const { send } = harness;
    const older = await send('exportData', { account: ACCOUNT });
    await moreHappens(harness);
    const newer = await harness.state();
    // What the newer data decided, which the older file says otherwise.
    const triggers = new Map(tablesOf(newer.backup).triggers.map((trigger) => [trigger.id, trigger]));
    expect(triggers.get(GLOBEX_REPLY)).toMatchObject({ status: 'done', resolvedBy: 'g2' });
    expect(tablesOf(older).triggers.find((trigger) => trigger.id === GLOBEX_REPLY)).toMatchObject({ status: 'open' });
    expect(triggers.get('acme#buyer_replied@m:m8')).toMatchObject({ status: 'dismissed' });
    expect(tablesOf(newer.backup).deals).toContainEqual(
      expect.objectContaining({ id: 'globex', stage: 'discovery', inputCount: 2 }),
    );

    harness.clock.set('2026-04-22T09:00:00Z');
    const { imported } = await send('importData', { account: ACCOUNT, backup: older });
    expect(imported).toMatchObject({ inputs: 0, deals: 0 });
    const after = await harness.state();
    for (const table of ['triggers', 'deals', 'stageEvents', 'contacts', 'meetings', 'inputs', 'threads'] as const) {
      expect(tablesOf(after.backup)[table]).toEqual(tablesOf(newer.backup)[table]);
    }
    expect(after).toEqual(newer);
    // The next input on a deal is numbered after the newer ones, not after the file's.
    await send('closeDeal', { account: ACCOUNT, deal: 'globex', outcome: 'won' });
    const inputs = tablesOf(await send('exportData', { account: ACCOUNT })).inputs;
    expect(
      inputs.filter((input) => input.kind !== 'message' && input.deal === 'globex').map((input) => input.id),
    ).toEqual(['globex:0', 'globex:1', 'globex:2']);
  });

  test('a newer backup over an older store adds what it lacks and gives the newer store', async () => {
    const source = await seeded();
    const older = await source.send('exportData', { account: ACCOUNT });
    const target = profile();
    await target.send('importData', { account: ACCOUNT, backup: older });
    await moreHappens(source);
    const newer = await source.send('exportData', { account: ACCOUNT });
    target.clock.set(source.clock());
    const { imported } = await target.send('importData', { account: ACCOUNT, backup: newer });
    expect(imported).toMatchObject({ inputs: 4, messages: 2, deals: 2 });
    const { exportedAt: _target, ...merged } = await target.send('exportData', { account: ACCOUNT });
    const { exportedAt: _source, ...expected } = newer;
    expect(merged).toEqual(expected);
    expect(await target.send('getQueue', { account: ACCOUNT })).toEqual(
      await source.send('getQueue', { account: ACCOUNT }),
    );
  });

  test("a message both have: the backup's full copy replaces the store's partial one, never the other way", async () => {
    const full = await seeded();
    const base = await full.send('exportData', { account: ACCOUNT });
    const partial = profile();
    await partial.send('importData', { account: ACCOUNT, backup: base });
    const at = Date.parse('2026-04-21T12:00:00Z');
    full.clock.set(at);
    partial.clock.set(at);
    const message = { id: 'g3', at, from: 'Kim <kim@globex.io>', subject: 'Re: Globex and Ember' };
    await full.send('ingestMessages', {
      account: ACCOUNT,
      messages: [{ ...message, thread: 'tg1', to: [ACCOUNT], cc: ['pat@globex.io'], body: 'Can Pat join the call?' }],
    });
    // The unread feed's copy: a thread of its own, only the rep as recipient, a summary for text.
    await partial.send('ingestMessages', {
      account: ACCOUNT,
      messages: [{ ...message, thread: 'feed-g3', to: [ACCOUNT], body: 'Can Pat join…', partial: true }],
    });
    const fullBackup = await full.send('exportData', { account: ACCOUNT });
    const partialBackup = await partial.send('exportData', { account: ACCOUNT });
    const g3 = (backup: Record<string, unknown>) => ({
      input: tablesOf(backup).inputs.find((input) => input.id === 'g3'),
      row: tablesOf(backup).messages.find((row) => row.id === 'g3'),
    });
    expect(g3(partialBackup).input).toMatchObject({ partial: true, thread: 'feed-g3' });

    const fullBefore = await full.state();
    await full.send('importData', { account: ACCOUNT, backup: partialBackup });
    expect(await full.state()).toEqual(fullBefore);

    const { imported } = await partial.send('importData', { account: ACCOUNT, backup: fullBackup });
    expect(imported).toMatchObject({ inputs: 1, messages: 0 });
    const merged = await partial.send('exportData', { account: ACCOUNT });
    expect(g3(merged)).toEqual(g3(fullBackup));
    expect(g3(merged).row).toMatchObject({ text: 'Can Pat join the call?' });
    for (const table of ['deals', 'triggers', 'stageEvents', 'contacts', 'unlinked'] as const) {
      expect(tablesOf(merged)[table]).toEqual(tablesOf(fullBackup)[table]);
    }
  });

  test('a backup whose history of a deal diverged from the store is refused, naming the deal, and nothing changes', async () => {
    const first = await seeded();
    const common = await first.send('exportData', { account: ACCOUNT });
    const second = profile();
    await second.send('importData', { account: ACCOUNT, backup: common });
    // Each browser records its own next input on Acme: both are acme:3.
    first.clock.set('2026-04-21T10:00:00Z');
    await first.send('advanceStage', {
      account: ACCOUNT,
      deal: 'acme',
      to: 'propose',
      evidence: 'note: proposal asked for',
    });
    second.clock.set('2026-04-21T10:00:00Z');
    await second.send('closeDeal', { account: ACCOUNT, deal: 'acme', outcome: 'lost' });
    const diverged = await second.send('exportData', { account: ACCOUNT });

    const before = await first.state();
    const envelope = await first.call('importData', { account: ACCOUNT, backup: diverged });
    if (envelope.ok) throw new Error('the backup was accepted');
    expect(envelope.error.code).toBe('rejected');
    expect(envelope.error.message).toBe(
      'this backup cannot be merged: deal "Acme Corp" (acme) has a different history here (input acme:3 is a move to "propose" here, a close (lost) in the backup)',
    );
    expect(await first.state()).toEqual(before);
  });

  test('a version-1 file (rows, no inputs) still imports: its inputs are derived from its rows', async () => {
    const source = await seeded();
    const exported = await source.send('exportData', { account: ACCOUNT });
    const { inputs: _inputs, settings: _settings, ...rows } = tablesOf(exported);
    const versionOne = { ...exported, version: 1, tables: rows };
    const target = profile();
    target.clock.set(SEEDED_AT);
    const { imported } = await target.send('importData', { account: ACCOUNT, backup: versionOne });
    expect(imported).toMatchObject({ messages: 8, deals: 2, triggers: 6, stageEvents: 3 });
    const again = tablesOf(await target.send('exportData', { account: ACCOUNT }));
    for (const table of ['deals', 'triggers', 'stageEvents', 'contacts', 'meetings', 'messages', 'unlinked'] as const) {
      expect(again[table]).toEqual(tablesOf(exported)[table]);
    }
    expect(await target.send('getQueue', { account: ACCOUNT })).toEqual(
      await source.send('getQueue', { account: ACCOUNT }),
    );
  });

  test('meetings are exported, come back with an import, and survive the rebuilds that follow', async () => {
    const source = await seeded();
    const exported = await source.send('exportData', { account: ACCOUNT });
    const meeting = {
      id: 'id-1',
      deal: 'acme',
      title: 'Discovery call',
      start: Date.parse('2026-04-07T15:00:00Z'),
      end: Date.parse('2026-04-07T15:30:00Z'),
      recordedAt: Date.parse('2026-04-06T19:20:00Z'),
    };
    expect(tablesOf(exported).meetings).toEqual([meeting]);
    const target = profile();
    target.clock.set(SEEDED_AT);
    await target.send('importData', { account: ACCOUNT, backup: exported });
    expect(tablesOf(await target.send('exportData', { account: ACCOUNT })).meetings).toEqual([meeting]);
    // Mail from before what Acme applied rebuilds it from its inputs: the meeting is one of them.
    await target.send('ingestMessages', {
      account: ACCOUNT,
      messages: [
        {
          id: 'late',
          thread: 't1',
          at: Date.parse('2026-04-07T16:00:00Z'),
          from: ACCOUNT,
          to: ['dana@acme.com'],
          subject: 'Re: Intro from Sam',
          body: 'Thanks for the call.',
        },
      ],
    });
    const rebuilt = tablesOf(await target.send('exportData', { account: ACCOUNT }));
    expect(rebuilt.messages.map((message) => message.id)).toContain('late');
    expect(rebuilt.meetings).toEqual([meeting]);
    expect(rebuilt.triggers.find((trigger) => trigger.kind === 'meeting_ended')).toMatchObject({
      id: 'acme#meeting_ended@mt:id-1',
      status: 'done',
    });
  });

  const refusals: [string, (backup: Record<string, unknown>) => unknown, RegExp][] = [
    ['not an object', () => 'hello', /^this file is not an Ember backup$/],
    ['another format', (backup) => ({ ...backup, format: 'crm-export' }), /^this file is not an Ember backup$/],
    [
      'a newer version',
      (backup) => ({ ...backup, version: 3 }),
      /^this backup was made by a newer Ember \(format 3; this one reads 2\): update Ember to import it$/,
    ],
    [
      'a bad row',
      (backup) => {
        const tables = backup.tables as { triggers: Record<string, unknown>[] };
        return { ...backup, tables: { ...tables, triggers: [{ ...tables.triggers[0], status: 'late' }] } };
      },
      /^the backup is invalid: "tables\.triggers\[0\]\.status": must be one of "open", "done"/,
    ],
    [
      "an input of the rep's not numbered on its deal",
      (backup) => {
        const tables = backup.tables as { inputs: InputRecord[] };
        const inputs = tables.inputs.map((input) => (input.id === 'acme:1' ? { ...input, id: 'acme:7' } : input));
        return { ...backup, tables: { ...tables, inputs } };
      },
      /^the backup is invalid: "tables\.inputs\[\d+\]\.id": must be "<deal>:<seq>"$/,
    ],
    [
      'two different inputs under one id',
      (backup) => {
        const tables = backup.tables as { inputs: InputRecord[] };
        const create = tables.inputs.find((input) => input.id === 'globex:0')!;
        return { ...backup, tables: { ...tables, inputs: [...tables.inputs, { ...create, title: 'Globex Inc' }] } };
      },
      /^the backup is invalid: it holds two different inputs "globex:0" of deal "globex"$/,
    ],
    [
      'another account',
      (backup) => ({ ...backup, account: 'kim@other.com' }),
      /^this backup is of kim@other\.com, not of sam@emberseller\.com$/,
    ],
  ];

  test.each(refusals)('%s is refused with a clear message and changes nothing', async (_case, mangle, message) => {
    const { send, call } = await seeded();
    const exported = await send('exportData', { account: ACCOUNT });
    await send('createDeal', { account: ACCOUNT, id: 'after-export', title: 'After export', contacts: [] });
    const before = await send('exportData', { account: ACCOUNT });
    const envelope = await call('importData', { account: ACCOUNT, backup: mangle(exported) });
    if (envelope.ok) throw new Error('the backup was accepted');
    expect(envelope.error.code).toBe('rejected');
    expect(envelope.error.message).toMatch(message);
    expect(await send('exportData', { account: ACCOUNT })).toEqual(before);
  });

  test('a refused file leaves an empty profile empty, settings included', async () => {
    const source = await seeded();
    const exported = tablesOf(await source.send('exportData', { account: ACCOUNT }));
    const backup = await source.send('exportData', { account: ACCOUNT });
    const create = exported.inputs.find((input) => input.id === 'globex:0')!;
    const mangled = {
      ...backup,
      tables: { ...exported, inputs: [...exported.inputs, { ...create, title: 'Globex Inc' }] },
    };
    const target = profile();
    const settingsBefore = await target.send('getSettings', { account: ACCOUNT });
    const envelope = await target.call('importData', { account: ACCOUNT, backup: mangled });
    expect(envelope.ok).toBe(false);
    expect(await target.send('getSettings', { account: ACCOUNT })).toEqual(settingsBefore);
    expect(tablesOf(await target.send('exportData', { account: ACCOUNT })).inputs).toEqual([]);
  });
});
