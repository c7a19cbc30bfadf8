// @vitest-environment jsdom
import { waitFor } from '@testing-library/react';
import { afterEach, describe, expect, test, vi } from 'vitest';
import type { GmailUi, QueueProps } from '@/components/gmail/gmail-ui';
import { queueRoute } from '@/components/gmail/queue-route';
import { READY_ATTRIBUTE, threadSidebar } from '@/components/gmail/thread-sidebar';
import { gmailUi } from '@/components/gmail/ui';
import type { SidebarProps } from '@/components/sidebar/sidebar';
import { createDraftDesk } from '@/lib/gmail/draft-desk';
import { closedShadowOf } from '@/lib/gmail/ember-shadow';
import type { GmailHost, GmailMessage, OpenedThread } from '@/lib/gmail/gmail-host';
import type { LazyUi } from '@/lib/gmail/lazy-ui';
import type { EmberClient } from '@/lib/messaging/client';
import { testClient } from '../helpers/test-client';

const ACCOUNT = 'sam@emberseller.com';
const MESSAGE: GmailMessage = {
  id: 'm1',
  thread: 't1',
  from: 'Dana Lee <dana@acme.com>',
  to: [ACCOUNT],
  cc: [],
  at: Date.parse('2026-04-06T13:05:00Z'),
  subject: 'Intro',
  body: 'Hi Sam',
};

afterEach(() => {
  document.body.replaceChildren();
  document.body.removeAttribute('style');
});

/** A UI whose load the test finishes (or fails) when it chooses; it records what it rendered. */
function pendingUi() {
  let finish!: (ui: GmailUi) => void;
  let fail!: (error: Error) => void;
  const loaded = new Promise<GmailUi>((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });
  const sidebars: { element: HTMLElement; props: SidebarProps; unmounted: boolean }[] = [];
  const queues: { element: HTMLElement; props: QueueProps; unmounted: boolean }[] = [];
  const fake: GmailUi = {
    sidebar(element, props) {
      const mount = { element, props, unmounted: false };
      sidebars.push(mount);
      return () => void (mount.unmounted = true);
    },
    queue(element, props) {
      const mount = { element, props, unmounted: false };
      queues.push(mount);
      return () => void (mount.unmounted = true);
    },
  };
  const load = vi.fn(() => loaded);
  const ui: LazyUi<GmailUi> = { load, preloadWhenIdle: vi.fn() };
  return { ui, load, sidebars, queues, finish: () => finish(fake), fail };
}

function fakeThread(panel = true) {
  let close = () => {};
  const shown: HTMLElement[] = [];
  const thread: OpenedThread = {
    id: 't1',
    subject: 'Intro',
    participants: () => ['Dana Lee <dana@acme.com>', ACCOUNT],
    loadedMessages: async () => [MESSAGE],
    onMessageLoaded: () => () => {},
    showPanel(element) {
      shown.push(element);
      return panel;
    },
    onClosed(handler) {
      close = handler;
      return () => {};
    },
  };
  return { thread, shown, close: () => close() };
}

function fakeHost() {
  const opened: ((thread: OpenedThread) => void)[] = [];
  let route: ((container: HTMLElement) => () => void) | null = null;
  const openThread = vi.fn();
  const host = {
    account: ACCOUNT,
    onThreadOpened: (handler: (thread: OpenedThread) => void) => {
      opened.push(handler);
      return () => void opened.splice(opened.indexOf(handler), 1);
    },
    onReplyOpened: () => () => {},
    addQueueRoute: (mount: (container: HTMLElement) => () => void) => {
      route = mount;
      return () => (route = null);
    },
    openThread,
  } as unknown as GmailHost;
  return {
    host,
    openThread,
    open: (thread: OpenedThread) => opened.forEach((handler) => handler(thread)),
    route: () => route,
  };
}

function start(feature: typeof threadSidebar, ui: LazyUi<GmailUi>) {
  const { host, ...rest } = fakeHost();
  const request = vi.fn(async (_type: string, _data: unknown): Promise<unknown> => []);
  const client = { request } as unknown as EmberClient;
  const controller = new AbortController();
  feature.init({ host, client, signal: controller.signal, desk: createDraftDesk(host), ui });
  return { host, client, request, controller, ...rest };
}

describe('the thread sidebar, whose UI loads after the page', () => {
  test("Gmail gets the panel at once and the thread's mail is ingested before the UI has loaded", async () => {
    const pending = pendingUi();
    const { open, request } = start(threadSidebar, pending.ui);
    const { thread, shown } = fakeThread();
    open(thread);
    expect(shown).toHaveLength(1);
    expect(shown[0]!.className).toBe('ember-root');
    await waitFor(() =>
      expect(request).toHaveBeenCalledWith('ingestMessages', {
        account: ACCOUNT,
        messages: [expect.objectContaining({ id: 'm1', thread: 't1' })],
      }),
    );
    expect(pending.sidebars).toEqual([]);
    pending.finish();
    await waitFor(() => expect(pending.sidebars).toHaveLength(1));
    const [mount] = pending.sidebars;
    expect(mount!.element).toBe(shown[0]);
    expect(mount!.props).toMatchObject({ account: ACCOUNT, thread: { id: 't1', subject: 'Intro' } });
    mount!.props.onReady?.();
    expect(Number(shown[0]!.getAttribute(READY_ATTRIBUTE))).toBeGreaterThan(0);
  });

  test('a thread closed before the UI arrives never gets it; one closed after unmounts it', async () => {
    const pending = pendingUi();
    const { open } = start(threadSidebar, pending.ui);
    const early = fakeThread();
    open(early.thread);
    early.close();
    const late = fakeThread();
    open(late.thread);
    pending.finish();
    await waitFor(() => expect(pending.sidebars).toHaveLength(1));
    expect(pending.sidebars[0]!.element).toBe(late.shown[0]);
    late.close();
    expect(pending.sidebars[0]!.unmounted).toBe(true);
  });

  test('without a sidebar in this view the UI is not even loaded, and mail is still ingested', async () => {
    const pending = pendingUi();
    const { open, request } = start(threadSidebar, pending.ui);
    open(fakeThread(false).thread);
    await waitFor(() => expect(request).toHaveBeenCalledWith('ingestMessages', expect.anything()));
    expect(pending.load).not.toHaveBeenCalled();
  });

  test('a UI that fails to load is reported; logging the mail goes on', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const pending = pendingUi();
    const { open, request } = start(threadSidebar, pending.ui);
    open(fakeThread().thread);
    pending.fail(new Error('no worker'));
    await waitFor(() => expect(warn).toHaveBeenCalledWith('Ember could not load its sidebar', expect.any(Error)));
    await waitFor(() => expect(request).toHaveBeenCalledWith('ingestMessages', expect.anything()));
  });

  test('after the feature stops, newly opened threads get nothing', () => {
    const pending = pendingUi();
    const { open, controller } = start(threadSidebar, pending.ui);
    controller.abort();
    const { thread, shown } = fakeThread();
    open(thread);
    expect(shown).toEqual([]);
  });
});

describe('the queue route', () => {
  test('renders the queue once the UI is loaded, and leaving removes it', async () => {
    const pending = pendingUi();
    const { route, openThread } = start(queueRoute, pending.ui);
    const container = document.createElement('div');
    const leave = route()!(container);
    expect(container.querySelector('.ember-root')).not.toBeNull();
    pending.finish();
    await waitFor(() => expect(pending.queues).toHaveLength(1));
    pending.queues[0]!.props.openThread('t9');
    expect(openThread).toHaveBeenCalledWith('t9');
    leave();
    expect(pending.queues[0]!.unmounted).toBe(true);
    expect(container.querySelector('.ember-root')).toBeNull();
  });

  test('leaving before the UI arrives renders nothing', async () => {
    const pending = pendingUi();
    const { route } = start(queueRoute, pending.ui);
    const container = document.createElement('div');
    route()!(container)();
    pending.finish();
    await pending.load();
    await Promise.resolve();
    expect(pending.queues).toEqual([]);
    expect(container.children).toHaveLength(0);
  });
});

describe('the UI script', () => {
  test("renders the sidebar in a closed shadow root on Gmail's panel element, and tears it down", async () => {
    const { client } = testClient();
    document.body.style.backgroundColor = 'rgb(32, 33, 36)';
    const element = document.createElement('div');
    document.body.append(element);
    const ready = vi.fn();
    const unmount = gmailUi.sidebar(element, {
      client,
      account: ACCOUNT,
      thread: { id: 't1', subject: 'Intro', participants: ['Dana Lee <dana@acme.com>'] },
      changes: { notify() {}, subscribe: () => () => {} },
      ingestThread: async () => {},
      onReady: ready,
    });
    expect(element.dataset.theme).toBe('dark');
    // Closed: the page sees no root; only the content script's own record of it reaches inside.
    expect(element.shadowRoot).toBeNull();
    const shadow = closedShadowOf(element)!;
    await waitFor(() => expect(shadow.textContent).toContain('Track as deal'));
    expect(ready).toHaveBeenCalledTimes(1);
    expect(shadow.firstElementChild!.tagName).toBe('STYLE');
    unmount();
    await waitFor(() => expect(shadow.textContent).not.toContain('Track as deal'));
  });
});
