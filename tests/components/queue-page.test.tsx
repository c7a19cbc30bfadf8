// @vitest-environment jsdom
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, test } from 'vitest';
import { createChanges } from '@/components/changes';
import { QueuePage } from '@/components/queue/queue-page';
import { errorMessage } from '@/components/use-async';
import type { BackgroundDeps } from '@/lib/background/background';
import { EmberClient } from '@/lib/messaging/client';
import type { QueueItemView, RequestInput, RequestType } from '@/lib/messaging/protocol';
import { SAMPLE_ACCOUNT } from '@/lib/domain/sample/sample-scenario';
import { testClient } from '../helpers/test-client';

afterEach(cleanup);

const ACCOUNT = 'sam@emberseller.com';
const DAY = 86_400_000;

/** Sees every request the page makes: may pass it on to the background, change its answer, or refuse it. */
type Intercept = (type: RequestType, passOn: () => Promise<unknown>) => Promise<unknown>;

/** `inner` behind `intercept`; what it throws reaches the page as the background's refusal would. */
function interceptedClient(inner: EmberClient, intercept: Intercept): EmberClient {
  return new EmberClient(async (type, data) => {
    try {
      const passOn = () => inner.request(type, data as RequestInput<RequestType>);
      return { ok: true, value: await intercept(type, passOn) };
    } catch (caught) {
      return { ok: false, error: { code: 'internal', message: errorMessage(caught) } };
    }
  });
}

async function renderQueue({
  withAccount = true,
  intercept,
  deps,
}: { withAccount?: boolean; intercept?: Intercept; deps?: Partial<BackgroundDeps> } = {}) {
  const harness = testClient({ deps });
  harness.clock.set(Date.now());
  if (withAccount) await harness.client.request('getQueue', { account: ACCOUNT });
  const changes = createChanges();
  const opened: string[] = [];
  render(
    <QueuePage
      client={intercept ? interceptedClient(harness.client, intercept) : harness.client}
      subscribeChanges={(listener) => changes.subscribe(listener)}
      openThread={(account, thread) => opened.push(`${account}/${thread}`)}
    />,
  );
  return { ...harness, changes, opened, user: userEvent.setup() };
}

/** Renders the queue and fills it with the sample deals: all three overdue, Acme's two first, then Globex's. */
async function renderSampleQueue(options: Parameters<typeof renderQueue>[0] = {}) {
  const rendered = await renderQueue(options);
  await rendered.user.click(await screen.findByRole('button', { name: 'Load sample data' }));
  const items = await screen.findAllByRole('listitem');
  return { ...rendered, items };
}

const dealOf = (item: HTMLElement) => item.getAttribute('data-deal');
const classesOf = (element: HTMLElement) => element.className.split(' ');

/** Gmail tabs that take every draft, as when Gmail is open. */
const openGmail: BackgroundDeps['gmailTabs'] = {
  deliverDraft: async () => 1,
  loadUi: async () => {},
  askToReload: async () => 0,
};

/** Chooses from the menu of the row `row` names: its deal's title, a colon, and what to do. */
async function chooseFromRowMenu(user: ReturnType<typeof userEvent.setup>, row: string, choice: string) {
  await user.click(screen.getByRole('button', { name: `More actions for ${row}` }));
  await user.click(screen.getByRole('menuitem', { name: choice }));
}

describe('the queue side panel', () => {
  test('with no account yet, says to start in Gmail', async () => {
    await renderQueue({ withAccount: false });
    expect(await screen.findByText('Start in Gmail')).toBeTruthy();
  });

  test('empty: offers sample data, which fills it, most urgent first, plainly marked and removable', async () => {
    const { user, items } = await renderSampleQueue();
    expect(items.map(dealOf)).toEqual(['sample-acme', 'sample-acme', 'sample-globex']);
    expect(screen.getByRole('list', { name: 'Overdue' })).toBeTruthy();
    expect(screen.getByText('You are looking at sample data.')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Remove sample data' }));
    expect(await screen.findByRole('button', { name: 'Load sample data' })).toBeTruthy();
  });

  test('group headings sit above their group, outside the cards; j/k move across groups', async () => {
    // Globex's item, moved to the day after tomorrow, makes a second group after the overdue one.
    const { user, opened } = await renderSampleQueue({
      intercept: async (type, passOn) => {
        const answer = await passOn();
        if (type !== 'getQueue') return answer;
        return (answer as QueueItemView[]).map((item) =>
          item.deal.id === 'sample-globex'
            ? { ...item, trigger: { ...item.trigger, dueAt: Date.now() + 2 * DAY } }
            : item,
        );
      },
    });
    const overdue = screen.getByRole('list', { name: 'Overdue' });
    const later = screen.getByRole('list', { name: 'Later' });
    expect(within(overdue).getAllByRole('listitem').map(dealOf)).toEqual(['sample-acme', 'sample-acme']);
    expect(within(later).getAllByRole('listitem').map(dealOf)).toEqual(['sample-globex']);
    const headings = screen.getAllByRole('heading', { level: 2 });
    expect(headings.map((heading) => heading.textContent)).toEqual(['Overdue', 'Later']);
    for (const heading of headings) {
      expect(heading.closest('li')).toBeNull();
      expect(heading.closest('.queue-item')).toBeNull();
    }
    screen.getByRole('main', { name: 'Queue' }).focus();
    await user.keyboard('jj{Enter}');
    // Enter acted on Globex's row, the third: a sample deal, which says so rather than open a thread.
    expect(opened).toEqual([]);
    expect((await screen.findByRole('status')).textContent).toMatch(/^Sample · Globex is a sample deal/);
    expect(classesOf(within(later).getByRole('listitem'))).toContain('selected');
  });

  test('links to the dashboard and settings, each in a tab of its own, and Enter on one opens no thread', async () => {
    const { user, opened } = await renderSampleQueue();
    const links = within(screen.getByRole('navigation', { name: "Ember's pages" })).getAllByRole('link');
    expect(links.map((link) => [link.textContent, link.getAttribute('href'), link.getAttribute('target')])).toEqual([
      ['Dashboard', '/dashboard.html', '_blank'],
      ['Settings', '/options.html', '_blank'],
    ]);
    links[0]!.focus();
    await user.keyboard('{Enter}');
    expect(opened).toEqual([]);
    expect(screen.queryByRole('status')).toBeNull();
  });

  test('says what to do about a person in a sentence', async () => {
    const { items } = await renderSampleQueue();
    expect(items[1]!.textContent).toContain('Introduce yourself to lee@acme.example (New stakeholder)');
  });

  test('the filters are chips with a menu of choices, which say what they filter by', async () => {
    const { user } = await renderSampleQueue();
    expect(filterChips()).toEqual(['Stage', 'Trigger']);
    const stage = screen.getByRole('button', { name: 'Stage' });
    expect(stage.getAttribute('aria-haspopup')).toBe('menu');
    stage.focus();
    await user.keyboard('{Enter}');
    const choices = within(screen.getByRole('menu', { name: 'Stage' })).getAllByRole('menuitemradio');
    expect(choices.map((choice) => [choice.textContent, choice.getAttribute('aria-checked')])).toEqual([
      ['Any stage', 'true'],
      ...['Identify', 'Contact', 'Discovery', 'Propose', 'Resolve', 'Close'].map((name) => [name, 'false']),
    ]);
    expect(document.activeElement).toBe(choices[0]);
    await user.keyboard('{ArrowDown}{ArrowDown}{Enter}');
    expect(screen.queryByRole('menu')).toBeNull();
    expect(filterChips()).toEqual(['Stage: Contact', 'Trigger']);
    const chosen = screen.getByRole('button', { name: 'Stage: Contact' });
    expect(classesOf(chosen)).toContain('selected');
    expect(document.activeElement).toBe(chosen);
    // Opened again, the menu starts on what is chosen.
    await user.keyboard('{Enter}');
    expect(document.activeElement?.textContent).toBe('Contact');
    expect(document.activeElement?.getAttribute('aria-checked')).toBe('true');
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('menu')).toBeNull();
    expect(document.activeElement).toBe(chosen);
  });

  test('filters by stage and trigger kind; j/k move, Enter opens the thread, e dismisses', async () => {
    const { user, opened, client } = await renderSampleQueue();
    await chooseFilter(user, 'Trigger', 'New stakeholder');
    expect((await screen.findAllByRole('listitem')).map((item) => item.textContent)).toEqual([
      expect.stringContaining('lee@acme.example'),
    ]);
    await chooseFilter(user, 'Trigger', 'Any trigger');
    await chooseFilter(user, 'Stage', 'Contact');
    expect((await screen.findAllByRole('listitem')).map(dealOf)).toEqual(['sample-globex']);
    await chooseFilter(user, 'Stage', 'Any stage');
    const page = screen.getByRole('main', { name: 'Queue' });
    page.focus();
    await user.keyboard('j');
    await user.keyboard('{Enter}');
    // A sample deal's thread is made up: Enter explains instead of opening Gmail on nothing.
    expect(opened).toEqual([]);
    expect((await screen.findByRole('status')).textContent).toMatch(/is a sample deal: its thread is made up/);
    await user.keyboard('e');
    await waitFor(async () => expect(await client.request('getQueue', { account: ACCOUNT })).toHaveLength(2));
  });

  test('a filter with no matches says so, naming the filter, and clears with one click', async () => {
    const { user } = await renderSampleQueue();
    await chooseFilter(user, 'Stage', 'Contact');
    await chooseFilter(user, 'Trigger', 'New stakeholder');
    expect(screen.queryAllByRole('listitem')).toEqual([]);
    expect(screen.getByText('No items match Stage “Contact” and Trigger “New stakeholder”.')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Clear filters' }));
    expect(screen.getAllByRole('listitem')).toHaveLength(3);
    expect(filterChips()).toEqual(['Stage', 'Trigger']);

    await chooseFilter(user, 'Trigger', 'Meeting ended');
    expect(screen.getByText('No items match Trigger “Meeting ended”.')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Clear filter' }));
    expect(screen.getAllByRole('listitem')).toHaveLength(3);
  });

  test("each row's main action is its primary button; Dismiss and Snooze are in its More actions menu", async () => {
    const { items, user } = await renderSampleQueue();
    const row = items[2]!;
    expect(classesOf(within(row).getByRole('button', { name: 'Open thread' }))).toContain('primary');
    expect(classesOf(within(row).getByRole('button', { name: 'Insert draft' }))).not.toContain('primary');
    expect(within(row).queryByRole('combobox')).toBeNull();
    expect(within(row).queryByRole('button', { name: 'Dismiss' })).toBeNull();
    const more = within(row).getByRole('button', { name: 'More actions for Sample · Globex: Book the meeting' });
    expect(more.getAttribute('aria-haspopup')).toBe('menu');
    expect(more.getAttribute('aria-expanded')).toBe('false');
    await user.click(more);
    expect(
      within(row)
        .getAllByRole('menuitem')
        .map((item) => item.textContent),
    ).toEqual(['Dismiss', 'Snooze for 1 hour', 'Snooze until tomorrow morning', 'Snooze until next week']);
  });

  test('the row menu works from the keyboard, without setting off the page shortcuts, and the page keeps the focus', async () => {
    const { user, client } = await renderSampleQueue();
    const more = screen.getByRole('button', { name: 'More actions for Sample · Globex: Book the meeting' });
    more.focus();
    await user.keyboard('{Enter}');
    expect(document.activeElement?.textContent).toBe('Dismiss');
    // "e" dismisses the selected item from the page, but not from inside the menu.
    await user.keyboard('e{ArrowDown}{Escape}');
    expect(screen.queryByRole('menu')).toBeNull();
    expect(document.activeElement).toBe(more);
    expect(await client.request('getQueue', { account: ACCOUNT })).toHaveLength(3);
    await user.keyboard('{Enter}{Enter}');
    await waitFor(() => expect(screen.getAllByRole('listitem').map(dealOf)).toEqual(['sample-acme', 'sample-acme']));
    // The dismissed row took its menu button with it: the page has the focus, and its shortcuts work on.
    expect(document.activeElement).toBe(screen.getByRole('main', { name: 'Queue' }));
  });

  test('dismissing from the row menu dismisses that trigger, for that stakeholder', async () => {
    const { user, client } = await renderSampleQueue();
    await chooseFromRowMenu(user, 'Sample · Acme Corp: Introduce yourself to lee@acme.example', 'Dismiss');
    await waitFor(() => expect(screen.getAllByRole('listitem').map(dealOf)).toEqual(['sample-acme', 'sample-globex']));
    const deal = await client.request('getDeal', { account: ACCOUNT, deal: 'sample-acme' });
    const intro = deal.triggers.find((trigger) => trigger.stakeholder === 'lee@acme.example');
    expect(intro?.status).toBe('dismissed');
    expect(deal.triggers.filter((trigger) => trigger.status === 'open').map((trigger) => trigger.kind)).toEqual([
      'buyer_replied',
    ]);
  });

  test('snoozing hides an item without moving its due time', async () => {
    const { user, client } = await renderSampleQueue();
    await chooseFromRowMenu(user, 'Sample · Globex: Book the meeting', 'Snooze until tomorrow morning');
    await waitFor(() =>
      expect(screen.queryByRole('button', { name: 'More actions for Sample · Globex: Book the meeting' })).toBeNull(),
    );
    const deal = await client.request('getDeal', { account: ACCOUNT, deal: 'sample-globex' });
    expect(deal.triggers.find((trigger) => trigger.status === 'open')?.dueAt).toBeLessThan(Date.now());
  });

  test("a sample deal's thread opens in the sidebar preview, given one", async () => {
    const harness = testClient();
    harness.clock.set(Date.now());
    await harness.client.request('loadSampleData', { account: ACCOUNT });
    const previewed: string[] = [];
    render(
      <QueuePage
        client={harness.client}
        subscribeChanges={() => () => {}}
        openThread={() => {}}
        previewThread={(account, deal, thread) => previewed.push(`${account}/${deal}/${thread}`)}
      />,
    );
    const [first] = await screen.findAllByRole('listitem');
    await userEvent.setup().click(within(first!).getByRole('button', { name: 'Open thread' }));
    expect(previewed).toEqual([`${ACCOUNT}/sample-acme/sample-t1`]);
    expect(screen.queryByRole('status')).toBeNull();
  });

  test("Open thread opens a real deal's thread in Gmail", async () => {
    const { user, opened, client, clock } = await renderQueue();
    await client.request('createDeal', {
      account: ACCOUNT,
      id: 'acme',
      title: 'Acme',
      stage: 'contact',
      contacts: ['dana@acme.com'],
    });
    clock.set(clock() + 60_000);
    await client.request('ingestMessages', {
      account: ACCOUNT,
      messages: [
        { id: 'm1', thread: 't1', at: clock(), from: 'Dana Lee <dana@acme.com>', to: [ACCOUNT], body: 'Can we talk?' },
      ],
    });
    await user.click(await screen.findByRole('button', { name: 'Load sample data' }));
    const acme = (await screen.findAllByRole('listitem')).find((item) => dealOf(item) === 'acme')!;
    await user.click(within(acme).getByRole('button', { name: 'Open thread' }));
    expect(opened).toEqual([`${ACCOUNT}/t1`]);
  });

  test('on a fresh install, the sample account can be tried, and removed in one click', async () => {
    const { user, client } = await renderQueue({ withAccount: false });
    await user.click(await screen.findByRole('button', { name: 'Try Ember with sample data' }));
    expect((await screen.findAllByRole('listitem')).length).toBeGreaterThan(0);
    expect(screen.getByText(/This is the sample account/)).toBeTruthy();
    expect((await client.request('listAccounts', {})).map(({ account }) => account)).toEqual([SAMPLE_ACCOUNT]);
    await user.click(screen.getByRole('button', { name: 'Remove sample data' }));
    expect(await screen.findByText('Start in Gmail')).toBeTruthy();
    expect(await client.request('listAccounts', {})).toEqual([]);
  });

  test('the sample account can be removed even with every item of it snoozed', async () => {
    const { user, client } = await renderQueue({ withAccount: false });
    await user.click(await screen.findByRole('button', { name: 'Try Ember with sample data' }));
    // Once the page shows the sample, as a rep would see it before putting everything off.
    await screen.findAllByRole('listitem');
    for (const item of await client.request('getQueue', { account: SAMPLE_ACCOUNT })) {
      await client.request('snoozeTrigger', {
        account: SAMPLE_ACCOUNT,
        trigger: item.trigger.id,
        until: Date.now() + 86_400_000,
      });
    }
    await user.click(await screen.findByRole('button', { name: 'Remove sample data' }));
    expect(await screen.findByText('Start in Gmail')).toBeTruthy();
    expect(await client.request('listAccounts', {})).toEqual([]);
  });

  test('a snoozed item is listed under Snoozed, with when it comes back, and Unsnooze brings it back', async () => {
    const { user } = await renderSampleQueue();
    await chooseFromRowMenu(user, 'Sample · Globex: Book the meeting', 'Snooze until tomorrow morning');
    const snoozed = await screen.findByRole('region', { name: 'Snoozed' });
    expect(within(snoozed).getAllByRole('listitem').map(dealOf)).toEqual(['sample-globex']);
    expect(within(snoozed).getByRole('listitem').textContent).toMatch(/Book the meeting \(back .+\)/);
    await user.click(within(snoozed).getByRole('button', { name: 'Unsnooze Sample · Globex: Book the meeting' }));
    await waitFor(() => expect(screen.queryByRole('region', { name: 'Snoozed' })).toBeNull());
    expect(screen.getByRole('button', { name: 'More actions for Sample · Globex: Book the meeting' })).toBeTruthy();
  });

  test('updates live when the background reports a change', async () => {
    const { client, changes } = await renderQueue();
    await screen.findByRole('button', { name: 'Load sample data' });
    await client.request('loadSampleData', { account: ACCOUNT });
    changes.notify();
    expect(await screen.findAllByRole('listitem')).toHaveLength(3);
  });
});

describe('queue notices', () => {
  test('a draft that cannot reach Gmail is an error, until a later action succeeds', async () => {
    const { items, user } = await renderSampleQueue();
    await user.click(within(items[0]!).getByRole('button', { name: 'Insert draft' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe('Open Gmail first: the draft goes into its reply box.');
    expect(classesOf(alert)).toContain('ember-error');
    expect(screen.queryByRole('status')).toBeNull();
    await chooseFromRowMenu(user, 'Sample · Globex: Book the meeting', 'Dismiss');
    await waitFor(() => expect(screen.getAllByRole('listitem')).toHaveLength(2));
    expect(screen.queryByRole('alert')).toBeNull();
  });

  test('a draft waiting in Gmail is good news, gone once a later action succeeds', async () => {
    const { items, user } = await renderSampleQueue({ deps: { gmailTabs: openGmail } });
    await user.click(within(items[0]!).getByRole('button', { name: 'Insert draft' }));
    const status = await screen.findByRole('status');
    expect(status.textContent).toBe('The draft for Sample · Acme Corp is waiting in Gmail: click Reply on the thread.');
    expect(classesOf(status)).toContain('ember-ok');
    await chooseFromRowMenu(user, 'Sample · Globex: Book the meeting', 'Snooze for 1 hour');
    await waitFor(() =>
      expect(within(screen.getByRole('list', { name: 'Overdue' })).getAllByRole('listitem')).toHaveLength(2),
    );
    expect(screen.queryByRole('status')).toBeNull();
  });

  test('a refused action says what failed, and the next success clears it', async () => {
    let refusals = 1;
    const { user } = await renderSampleQueue({
      intercept: async (type, passOn) => {
        if (type === 'dismissTrigger' && refusals-- > 0) throw new Error('the store is busy');
        return passOn();
      },
    });
    await chooseFromRowMenu(user, 'Sample · Globex: Book the meeting', 'Dismiss');
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe('Ember could not dismiss Sample · Globex: the store is busy');
    expect(classesOf(alert)).toContain('ember-error');
    expect(screen.getAllByRole('listitem')).toHaveLength(3);
    await chooseFromRowMenu(user, 'Sample · Globex: Book the meeting', 'Dismiss');
    await waitFor(() => expect(screen.getAllByRole('listitem')).toHaveLength(2));
    expect(screen.queryByRole('alert')).toBeNull();
  });
});

describe('queue states', () => {
  test('loading, then an error the rep can read', async () => {
    let fail: (reason: unknown) => void = () => {};
    const client = new EmberClient(() => new Promise((_, reject) => (fail = reject)));
    render(<QueuePage client={client} subscribeChanges={() => () => {}} openThread={() => {}} />);
    expect(screen.getByText('Loading…')).toBeTruthy();
    fail(new Error('the background is not answering'));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Ember could not load the queue: the background is not answering',
    );
  });
});

/** The filter chips' names, in order: a chip's name says what it filters by. */
function filterChips(): string[] {
  return within(screen.getByRole('group', { name: 'Filters' }))
    .getAllByRole('button')
    .map((chip) => chip.getAttribute('aria-label') ?? '');
}

/** Opens the filter chip whose name starts with `filter` and chooses `choice` in its menu. */
async function chooseFilter(user: ReturnType<typeof userEvent.setup>, filter: string, choice: string) {
  await user.click(screen.getByRole('button', { name: new RegExp(`^${filter}\\b`) }));
  await user.click(screen.getByRole('menuitemradio', { name: choice }));
}
