import { describe, expect, test } from 'vitest';
import { gmailThreadUrl } from '@/lib/gmail/urls';
import { DEFAULT_ACCOUNT_SETTINGS } from '@/lib/domain/settings';
import { createRequestProcessor, trustedSender } from '@/lib/messaging/server';
import type { BadgeState } from '@/lib/background/ports';
import { testBackground } from '../helpers/fake-ports';

const ACCOUNT = 'sam@seller.com';

async function withDeal(notifications = true) {
  const badges: BadgeState[] = [];
  const shown: (() => void)[] = [];
  const harness = testBackground({
    badge: {
      show: async (state) => {
        badges.push(state);
        for (const resolve of shown.splice(0)) resolve();
      },
    },
  });
  /**
   * Resolves at the badge's next showing. Fired triggers are announced after their write returns;
   * the announcement ends by bringing the badge up to date, so once it is shown any notification is out.
   */
  const announced = () => new Promise<void>((resolve) => shown.push(resolve));
  const { background, deps } = harness;
  await deps.settings.save(ACCOUNT, { ...DEFAULT_ACCOUNT_SETTINGS, notifications });
  const handlers = background.handlers();
  await handlers.createDeal(
    { account: ACCOUNT, id: 'acme', title: 'Acme', stage: 'contact', contacts: ['dana@acme.com'] },
    {},
  );
  return { ...harness, handlers, badges, announced };
}

describe('notifications', () => {
  test('a trigger that fires due within the hour notifies, and clicking leads to its thread', async () => {
    const { handlers, clock, notifications, announced } = await withDeal();
    const { workflow } = await handlers.getWorkflow({ account: ACCOUNT }, {});
    const stages = workflow.stages.map((stage) =>
      stage.id === 'contact'
        ? { ...stage, rules: [{ trigger: 'buyer_replied' as const, action: 'book_meeting' as const, maxDelay: 30 }] }
        : stage,
    );
    await handlers.saveWorkflow({ account: ACCOUNT, workflow: { ...workflow, stages }, moves: {} }, {});
    clock.set('2026-04-06T10:00:00Z');
    const done = announced();
    await handlers.ingestMessages(
      {
        account: ACCOUNT,
        messages: [
          {
            id: 'm1',
            thread: 'thread-1',
            at: clock(),
            from: 'dana@acme.com',
            to: [ACCOUNT],
            cc: [],
            subject: 'Hi',
            body: 'Talk?',
          },
        ],
      },
      {},
    );
    await done;
    expect(notifications).toEqual([
      {
        id: `${ACCOUNT}|acme#buyer_replied@m:m1`,
        title: 'Book the meeting: Acme',
        message: 'Due in 30 min',
        url: 'https://mail.google.com/mail/?authuser=sam%40seller.com#all/thread-1',
      },
    ]);
  });

  test('a trigger due later does not interrupt, and the setting turns notifications off', async () => {
    for (const [enabled, when] of [
      [true, '2026-04-06T10:00:00Z'],
      [false, '2026-04-06T16:30:00Z'],
    ] as const) {
      const { handlers, clock, notifications, announced } = await withDeal(enabled);
      clock.set(when);
      const done = announced();
      await handlers.ingestMessages(
        {
          account: ACCOUNT,
          messages: [
            { id: 'm1', thread: 't', at: clock(), from: 'dana@acme.com', to: [ACCOUNT], cc: [], subject: '', body: '' },
          ],
        },
        {},
      );
      await done;
      expect(notifications).toEqual([]);
    }
  });
});

describe('the badge', () => {
  test('shows overdue triggers in red, else those due today, else nothing', async () => {
    const { background, handlers, clock, badges, announced } = await withDeal(false);
    await background.refreshBadge();
    expect(badges.at(-1)).toEqual({ kind: 'clear' });
    clock.set('2026-04-06T10:00:00Z');
    const done = announced();
    await handlers.ingestMessages(
      {
        account: ACCOUNT,
        messages: [
          { id: 'm1', thread: 't', at: clock(), from: 'dana@acme.com', to: [ACCOUNT], cc: [], subject: '', body: '' },
        ],
      },
      {},
    );
    await done;
    expect(badges.at(-1)).toEqual({ kind: 'due-today', count: 1 });
    clock.set('2026-04-06T15:00:00Z');
    await background.sweepAll();
    expect(badges.at(-1)).toEqual({ kind: 'overdue', count: 1 });
  });
});

describe('accounts', () => {
  test('each Gmail account has its own data', async () => {
    const { handlers } = await withDeal();
    expect((await handlers.getQueue({ account: 'other@seller.com' }, {})).length).toBe(0);
    await expect(handlers.getDeal({ account: 'other@seller.com', deal: 'acme' }, {})).rejects.toThrow(
      'unknown deal "acme"',
    );
    expect((await handlers.listAccounts({}, {})).map((entry) => entry.account).sort()).toEqual([
      'other@seller.com',
      ACCOUNT,
    ]);
  });

  test('the drafting API key is stored but never sent back', async () => {
    const { handlers, deps } = await withDeal();
    const saved = await handlers.saveDraftingSettings(
      {
        settings: { enabled: true, baseUrl: 'http://localhost:11434/v1', model: 'llama3', contextTokens: 6000 },
        apiKey: ' sk-secret ',
      },
      {},
    );
    expect(saved).toEqual({
      enabled: true,
      baseUrl: 'http://localhost:11434/v1',
      model: 'llama3',
      contextTokens: 6000,
      hasApiKey: true,
      notice: null,
    });
    expect(JSON.stringify(await handlers.getDraftingSettings({}, {}))).not.toContain('sk-secret');
    expect(await deps.secrets.getApiKey()).toEqual({ key: 'sk-secret', origin: 'http://localhost:11434' });
    await handlers.saveDraftingSettings({ settings: saved, apiKey: '' }, {});
    expect(await deps.secrets.getApiKey()).toBeNull();
  });

  test('thread links open the right account', () => {
    expect(gmailThreadUrl('kim@x.io', null)).toBe('https://mail.google.com/mail/?authuser=kim%40x.io');
  });
});

describe('ordering', () => {
  test("an account's writes apply in the order they arrived, even when an earlier one is slower to start", async () => {
    let calls = 0;
    let answerFirst = () => {};
    const firstAnswered = new Promise<void>((resolve) => (answerFirst = resolve));
    const { background } = testBackground({
      settings: {
        // The first batch's read is held until the second batch was sent: without ordering, the
        // second would reach the store first.
        get: async () => {
          calls += 1;
          if (calls === 2) await firstAnswered;
          return DEFAULT_ACCOUNT_SETTINGS;
        },
        save: async () => {},
        remove: async () => {},
      },
    });
    const handlers = background.handlers();
    await handlers.createDeal(
      { account: ACCOUNT, id: 'acme', title: 'Acme', stage: 'contact', contacts: ['dana@acme.com'] },
      {},
    );
    const batch = (id: string, at: string, from: string, to: string) => ({
      account: ACCOUNT,
      messages: [{ id, thread: 't', at: Date.parse(at), from, to: [to], cc: [], subject: '', body: '' }],
    });
    const first = handlers.ingestMessages(batch('first', '2026-04-06T10:00:00Z', 'dana@acme.com', ACCOUNT), {});
    const second = handlers.ingestMessages(batch('second', '2026-04-06T11:00:00Z', ACCOUNT, 'dana@acme.com'), {});
    // Until the first batch has its settings the second does not start: had it started, its own
    // read would have come within the tasks queued by now (a turn of the event loop, not a time).
    await new Promise((resolve) => setImmediate(resolve));
    expect(calls).toBe(2);
    answerFirst();
    await Promise.all([first, second]);
    const detail = await handlers.getDeal({ account: ACCOUNT, deal: 'acme' }, {});
    expect(detail.triggers.map((trigger) => [trigger.status, trigger.resolvedBy])).toEqual([['done', 'second']]);
  });
});

describe('loading the Gmail UI', () => {
  const EXTENSION = 'abcdefghijklmnopabcdefghijklmnop';
  const GMAIL = 'https://mail.google.com/mail/u/0/#inbox';

  function withTabs() {
    const loads: { tab: number; frame: number }[] = [];
    const { background } = testBackground({
      gmailTabs: {
        deliverDraft: async () => 0,
        loadUi: async (target) => void loads.push(target),
        askToReload: async () => 0,
      },
    });
    const process = createRequestProcessor(background.handlers(), trustedSender(EXTENSION));
    return { loads, process };
  }

  test("runs the UI script in the asking Gmail tab's frame", async () => {
    const { loads, process } = withTabs();
    const gmail = { id: EXTENSION, url: GMAIL, tab: { id: 7, url: GMAIL } };
    expect(await process('loadGmailUi', {}, { ...gmail, frameId: 0 })).toEqual({ ok: true, value: { ok: true } });
    expect(await process('loadGmailUi', {}, { ...gmail, frameId: 3 })).toMatchObject({ ok: true });
    expect(loads).toEqual([
      { tab: 7, frame: 0 },
      { tab: 7, frame: 3 },
    ]);
  });

  test('an extension page, which has no Gmail tab, is refused', async () => {
    const { loads, process } = withTabs();
    const page = { id: EXTENSION, url: `chrome-extension://${EXTENSION}/options.html` };
    expect(await process('loadGmailUi', {}, page)).toEqual({
      ok: false,
      error: { code: 'rejected', message: 'only Ember in a Gmail tab loads the Gmail UI' },
    });
    const pageInATab = { ...page, tab: { id: 9, url: page.url } };
    expect(await process('loadGmailUi', {}, pageInATab)).toMatchObject({ ok: false, error: { code: 'rejected' } });
    expect(loads).toEqual([]);
  });

  test('another site or extension is forbidden before anything runs', async () => {
    const { loads, process } = withTabs();
    const other = 'https://evil.example/';
    expect(await process('loadGmailUi', {}, { id: EXTENSION, url: other, tab: { id: 4, url: other } })).toMatchObject({
      error: { code: 'forbidden' },
    });
    expect(await process('loadGmailUi', {}, { id: 'another', url: GMAIL, tab: { id: 4, url: GMAIL } })).toMatchObject({
      error: { code: 'forbidden' },
    });
    expect(loads).toEqual([]);
  });
});
