// @vitest-environment jsdom
import { describe, expect, test, vi } from 'vitest';
import type { GmailMessage, OpenedThread, ReplyBox, SentMessage } from '@/lib/gmail/gmail-host';
import { createInboxSdkHost } from '@/lib/gmail/inboxsdk-host';
import { FakeComposeView, FakeMessageView, FakeThreadRowView, FakeThreadView, fakeSdk } from './inboxsdk-fakes';

const SEEN_AT = Date.parse('2026-04-08T12:00:00Z');

/** The first value a host event delivers: waits for the event itself, however long the host takes. */
const first = <T>(subscribe: (handler: (value: T) => void) => unknown) =>
  new Promise<T>((resolve) => subscribe(resolve));

const dana = { name: 'Dana Lee', emailAddress: 'dana@acme.com' };
const sam = { name: 'Sam', emailAddress: 'sam@emberseller.com' };
const danaMessage = (id: string) => ({
  id,
  sender: dana,
  recipients: [sam],
  date: 'Mon, Apr 6, 2026, 2:30 PM',
  body: 'Hi',
});
const fromDana = new FakeMessageView({
  id: '18f0a',
  sender: dana,
  recipients: [sam, { emailAddress: 'lee@acme.com' }],
  date: 'Mon, Apr 6, 2026, 2:30 PM',
  body: 'Interested.\n\nOn Mon, Sam wrote:\n> Hi',
});

function setup() {
  const fake = fakeSdk();
  // getRecipientsFull's bound passes only when the test says so.
  let endWait = () => {};
  const waited = new Promise<void>((resolve) => (endWait = resolve));
  const host = createInboxSdkHost(fake.sdk, {
    iconUrl: 'data:image/png;base64,AA==',
    now: () => SEEN_AT,
    waitForRecipients: () => waited,
  });
  return { ...fake, host, endWait };
}

function openThread(fake: ReturnType<typeof setup>, view: FakeThreadView): Promise<OpenedThread> {
  const opened = first<OpenedThread>((handler) => fake.host.onThreadOpened(handler));
  fake.handlers.thread.forEach((handler) => handler(view));
  return opened;
}

describe('the InboxSDK host', () => {
  test('knows the account in lower case', () => {
    expect(setup().host.account).toBe('sam@emberseller.com');
  });

  test("reads a thread's loaded messages and skips the ones not loaded yet (their getters throw)", async () => {
    const fake = setup();
    const collapsed = new FakeMessageView(
      { id: '18f0b', sender: sam, recipients: [dana], date: 'Apr 7, 2026 at 9:00 AM', body: 'Later' },
      false,
    );
    const thread = await openThread(fake, new FakeThreadView('thread-1', 'Pilot', [fromDana, collapsed]));
    expect(thread.id).toBe('thread-1');
    expect(await thread.loadedMessages()).toEqual<GmailMessage[]>([
      {
        id: '18f0a',
        thread: 'thread-1',
        from: 'Dana Lee <dana@acme.com>',
        to: ['Sam <sam@emberseller.com>', 'lee@acme.com'],
        cc: [],
        at: new Date(2026, 3, 6, 14, 30).getTime(),
        subject: 'Pilot',
        body: 'Interested.\n\nOn Mon, Sam wrote:\n> Hi',
      },
    ]);
    expect(thread.participants()).toEqual(['Dana Lee <dana@acme.com>', 'sam@emberseller.com', 'lee@acme.com']);
  });

  test('a message that loads later is reported on its load event', async () => {
    const fake = setup();
    const collapsed = new FakeMessageView(
      { id: '18f0b', sender: sam, recipients: [dana], date: 'Apr 7, 2026 at 9:00 AM', body: 'Later' },
      false,
    );
    const thread = await openThread(fake, new FakeThreadView('thread-1', 'Pilot', [fromDana, collapsed]));
    const loaded = first<GmailMessage>((handler) => thread.onMessageLoaded(handler));
    collapsed.load();
    const message = await loaded;
    expect([message.id, message.from, message.at]).toEqual([
      '18f0b',
      'Sam <sam@emberseller.com>',
      new Date(2026, 3, 7, 9, 0).getTime(),
    ]);
  });

  test("keeps To and Cc apart, as Gmail's recipient line shows them; a name that is the address is no name", async () => {
    const fake = setup();
    const view = new FakeMessageView({
      id: '18f0d',
      sender: { name: 'kim@globex.io', emailAddress: 'kim@globex.io' },
      recipients: [sam, { name: 'Lee', emailAddress: 'lee@acme.com' }, { name: 'x@y.com', emailAddress: 'X@y.com' }],
      cc: ['lee@acme.com', 'X@y.com'],
      date: 'Mon, Apr 6, 2026, 2:30 PM',
      body: 'Hi',
    });
    const [message] = await (await openThread(fake, new FakeThreadView('t', 'T', [view]))).loadedMessages();
    expect(message).toMatchObject({
      from: 'kim@globex.io',
      to: ['Sam <sam@emberseller.com>'],
      cc: ['Lee <lee@acme.com>', 'X@y.com'],
    });
    expect(message!.partial).toBeUndefined();
  });

  test('takes the time from the message id before the shown date, and gives null rather than "now"', async () => {
    const fake = setup();
    const sentAt = Date.parse('2026-04-06T18:31:07.250Z');
    const idWithTime = (BigInt(sentAt) * 2n ** 20n + 77n).toString(16);
    const dated = new FakeMessageView({ ...danaMessage(idWithTime), date: 'lun. 6 avr. 2026, 14:30' });
    const french = new FakeMessageView({ ...danaMessage('m-french'), date: 'lun. 6 avr. 2026, 14:30' });
    const undated = new FakeMessageView({ ...danaMessage('m-undated'), date: 'il y a 2 jours' });
    const thread = await openThread(fake, new FakeThreadView('t', 'T', [dated, french, undated]));
    expect((await thread.loadedMessages()).map((message) => message.at)).toEqual([
      sentAt,
      new Date(2026, 3, 6, 14, 30).getTime(),
      null,
    ]);
  });

  test('a getRecipientsFull that never answers gives a partial copy from the shown addresses, once the wait is over', async () => {
    const fake = setup();
    let answer = () => {};
    const late = new FakeMessageView({
      ...danaMessage('18f0e'),
      recipients: [sam, { name: 'Lee', emailAddress: 'lee@acme.com' }],
      cc: ['lee@acme.com'],
      full: new Promise<void>((resolve) => (answer = resolve)),
    });
    const never = new FakeMessageView({ ...danaMessage('18f0f'), full: 'never' });
    const failing = new FakeMessageView({ ...danaMessage('18f10'), full: 'rejects' });
    const thread = await openThread(fake, new FakeThreadView('t', 'T', [late, never, failing]));
    const reading = thread.loadedMessages();
    fake.endWait();
    const copies = await reading;
    expect(copies.map((m) => [m.id, m.to, m.cc, m.partial])).toEqual([
      ['18f0e', ['sam@emberseller.com'], ['lee@acme.com'], true],
      ['18f0f', ['sam@emberseller.com'], [], true],
      ['18f10', ['sam@emberseller.com'], [], true],
    ]);
    // The full copy follows when getRecipientsFull answers, as a message loaded later.
    const fuller = first<GmailMessage>((handler) => thread.onMessageLoaded(handler));
    answer();
    expect(await fuller).toMatchObject({
      id: '18f0e',
      to: ['Sam <sam@emberseller.com>'],
      cc: ['Lee <lee@acme.com>'],
    });
    expect((await fuller).partial).toBeUndefined();
  });

  test('a thread the rep leaves while recipients are awaited still gives its messages', async () => {
    const fake = setup();
    const leaving = new FakeMessageView({ ...danaMessage('18f11'), full: 'never' });
    const thread = await openThread(fake, new FakeThreadView('t', 'T', [leaving]));
    const reading = thread.loadedMessages();
    // The rep goes back to the inbox: Gmail removes the view, and its getters throw from now on.
    leaving.destroy();
    fake.endWait();
    expect((await reading).map((m) => [m.id, m.from, m.body, m.partial])).toEqual([
      ['18f11', 'Dana Lee <dana@acme.com>', 'Hi', true],
    ]);
  });

  test('shows the panel, or says there is none when InboxSDK returns null', async () => {
    const fake = setup();
    const withSidebar = new FakeThreadView('a', 'A', [fromDana]);
    const element = document.createElement('div');
    expect((await openThread(fake, withSidebar)).showPanel(element)).toBe(true);
    expect(withSidebar.panels).toEqual([element]);
    const splitPane = new FakeThreadView('b', 'B', [fromDana], 'null');
    expect((await openThread(setup(), splitPane)).showPanel(document.createElement('div'))).toBe(false);
  });

  test("says there is no panel when InboxSDK throws for a page without Gmail's side-panel container", async () => {
    const noContainer = new FakeThreadView('c', 'C', [fromDana], 'throws');
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect((await openThread(setup(), noContainer)).showPanel(document.createElement('div'))).toBe(false);
  });

  test('reports the thread closing on destroy, until unsubscribed', async () => {
    const view = new FakeThreadView('a', 'A', [fromDana]);
    const thread = await openThread(setup(), view);
    let closed = 0;
    const stop = thread.onClosed(() => (closed += 1));
    view.emit('destroy');
    stop();
    view.emit('destroy');
    expect(closed).toBe(1);
  });

  test.each([
    ['presending then sent', ['presending', 'sent']],
    ['sent before presending', ['sent', 'presending']],
    ['sent without presending', ['sent']],
  ])('records a send: %s', async (_case, order) => {
    const fake = setup();
    const sent = first<SentMessage>((handler) => fake.host.onMessageSent(handler));
    const compose = new FakeComposeView({
      to: [dana],
      cc: [{ emailAddress: 'lee@acme.com' }],
      subject: 'Re: Pilot',
      text: 'Tuesday?',
    });
    fake.handlers.compose.forEach((handler) => handler(compose));
    for (const event of order) {
      if (event === 'presending') compose.emit('presending', { cancel() {} });
      else compose.emit('sent', { getMessageID: async () => '18f0c', getThreadID: async () => 'thread-1' });
    }
    expect(await sent).toEqual({
      id: '18f0c',
      thread: 'thread-1',
      at: SEEN_AT,
      to: ['Dana Lee <dana@acme.com>'],
      cc: ['lee@acme.com'],
      subject: 'Re: Pilot',
      body: 'Tuesday?',
    });
  });

  test('a send whose compose view is already gone and had no presending is skipped, not crashed on', async () => {
    const fake = setup();
    const sent: SentMessage[] = [];
    fake.host.onMessageSent((message) => sent.push(message));
    const later = first<SentMessage>((handler) => fake.host.onMessageSent(handler));
    const compose = new FakeComposeView({ to: [dana], cc: [], subject: 'x', text: 'y' });
    const next = new FakeComposeView({ to: [dana], cc: [], subject: 'next', text: 'z' });
    fake.handlers.compose.forEach((handler) => [compose, next].forEach((view) => handler(view)));
    compose.destroyed = true;
    compose.emit('sent', { getMessageID: async () => 'm', getThreadID: async () => 't' });
    // A send after it goes the same way through the host: by the time it is recorded, the first
    // one has been either recorded before it or skipped.
    next.emit('sent', { getMessageID: async () => 'n', getThreadID: async () => 't' });
    expect((await later).id).toBe('n');
    expect(sent.map((message) => message.id)).toEqual(['n']);
  });

  test('reply boxes are reported with their thread; text goes in at the cursor, as plain text', () => {
    const fake = setup();
    const replies: ReplyBox[] = [];
    fake.host.onReplyOpened((reply) => replies.push(reply));
    const reply = new FakeComposeView({ to: [dana], cc: [], subject: 'Re: Pilot', text: '' }, { thread: 'thread-1' });
    const fresh = new FakeComposeView({ to: [], cc: [], subject: '', text: '' });
    fake.handlers.compose.forEach((handler) => [reply, fresh].forEach((view) => handler(view)));
    expect(replies.map((box) => box.thread)).toEqual(['thread-1']);
    replies[0]!.insertAtTop('Hi Dana,');
    expect(reply.inserted).toEqual(['Hi Dana,']);
    let closed = false;
    replies[0]!.onClosed(() => (closed = true));
    reply.emit('destroy', { messageID: null, closedByInboxSDK: false });
    expect(closed).toBe(true);
  });

  test('a new compose window is filled in and left for the rep to send', async () => {
    const fake = setup();
    await fake.host.openCompose({
      to: ['lee@acme.com'],
      cc: ['dana@acme.com'],
      subject: 'Introduction',
      body: 'Hi Lee,',
    });
    expect(fake.composed).toEqual([
      { to: ['lee@acme.com'], cc: ['dana@acme.com'], subject: 'Introduction', body: 'Hi Lee,' },
    ]);
  });

  test('labels thread rows that have a deal, red when overdue', async () => {
    const fake = setup();
    fake.host.labelThreadRows(async (thread) => (thread === 'deal' ? { text: 'Discovery', overdue: true } : null));
    // The row without a deal is shown first: it has had its answer by the time the other is labelled.
    const rows = [new FakeThreadRowView('other'), new FakeThreadRowView('deal')];
    rows.forEach((row) => fake.handlers.row.forEach((handler) => handler(row)));
    await rows[1]!.labelled;
    expect(rows[1]!.labels).toEqual([{ title: 'Discovery', foregroundColor: '#ffffff', backgroundColor: '#d93025' }]);
    expect(rows[0]!.labels).toEqual([]);
  });

  test('the queue route mounts on navigation and tears down on destroy', () => {
    const fake = setup();
    let mounted = 0;
    let unmounted = 0;
    fake.host.addQueueRoute(() => {
      mounted += 1;
      return () => (unmounted += 1);
    });
    let destroy = () => {};
    fake.handlers.routes.get('ember-queue')!({
      getElement: () => document.createElement('div'),
      on: (_event, run) => (destroy = run),
    });
    destroy();
    expect([mounted, unmounted]).toEqual([1, 1]);
    fake.host.openQueue();
    fake.host.openThread('thread-9');
    expect(fake.gotos).toEqual([
      ['ember-queue', undefined],
      ['inbox/:threadID', { threadID: 'thread-9' }],
    ]);
  });

  test('shortcuts are listed with InboxSDK and run on their keys, never while typing', () => {
    const fake = setup();
    let runs = 0;
    const stop = fake.host.addShortcut('g e', 'Open the queue', () => (runs += 1));
    expect(fake.shortcuts).toEqual(['g e']);
    const press = (key: string, target: EventTarget = document.body) =>
      target.dispatchEvent(new KeyboardEvent('keydown', { key, code: `Key${key.toUpperCase()}`, bubbles: true }));
    press('g');
    press('e');
    const input = document.body.appendChild(document.createElement('input'));
    press('g', input);
    press('e', input);
    stop();
    press('g');
    press('e');
    expect(runs).toBe(1);
    expect(fake.shortcuts).toEqual([]);
  });
});
