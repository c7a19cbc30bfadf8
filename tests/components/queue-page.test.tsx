// @vitest-environment jsdom
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, test } from 'vitest';
import { createChanges } from '@/components/changes';
import { QueuePage } from '@/components/queue/queue-page';
import { testClient } from '../helpers/test-client';

afterEach(cleanup);

const ACCOUNT = 'sam@emberseller.com';

async function renderQueue(withAccount = true) {
  const harness = testClient();
  harness.clock.set(Date.now());
  if (withAccount) await harness.client.request('getQueue', { account: ACCOUNT });
  const changes = createChanges();
  const opened: string[] = [];
  render(
    <QueuePage
      client={harness.client}
      subscribeChanges={(listener) => changes.subscribe(listener)}
      openThread={(account, thread) => opened.push(`${account}/${thread}`)}
    />,
  );
  return { ...harness, changes, opened, user: userEvent.setup() };
}

describe('the queue side panel', () => {
  test('with no account yet, says to start in Gmail', async () => {
    await renderQueue(false);
    expect(await screen.findByText('Start in Gmail')).toBeTruthy();
  });

  test('empty: offers sample data, which fills it, most urgent first, plainly marked and removable', async () => {
    const { user } = await renderQueue();
    await user.click(await screen.findByRole('button', { name: 'Load sample data' }));
    const items = await screen.findAllByRole('listitem');
    expect(items.map((item) => item.getAttribute('data-deal'))).toEqual([
      'sample-acme',
      'sample-acme',
      'sample-globex',
    ]);
    expect(within(items[0]!).getByText('Overdue')).toBeTruthy();
    expect(screen.getByText('You are looking at sample data.')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Remove sample data' }));
    expect(await screen.findByRole('button', { name: 'Load sample data' })).toBeTruthy();
  });

  test('filters by stage and trigger kind; j/k move, Enter opens the thread, e dismisses', async () => {
    const { user, opened, client } = await renderQueue();
    await user.click(await screen.findByRole('button', { name: 'Load sample data' }));
    await screen.findAllByRole('listitem');
    await user.selectOptions(screen.getByLabelText('Trigger'), 'new_stakeholder');
    expect((await screen.findAllByRole('listitem')).map((item) => item.textContent)).toEqual([
      expect.stringContaining('lee@acme.example'),
    ]);
    await user.selectOptions(screen.getByLabelText('Trigger'), '');
    await user.selectOptions(screen.getByLabelText('Stage'), 'contact');
    expect((await screen.findAllByRole('listitem')).map((item) => item.getAttribute('data-deal'))).toEqual([
      'sample-globex',
    ]);
    await user.selectOptions(screen.getByLabelText('Stage'), '');
    const page = screen.getByRole('main', { name: 'Queue' });
    page.focus();
    await user.keyboard('j');
    await user.keyboard('{Enter}');
    expect(opened).toEqual([`${ACCOUNT}/sample-t1`]);
    await user.keyboard('e');
    await waitFor(async () => expect(await client.request('getQueue', { account: ACCOUNT })).toHaveLength(2));
  });

  test('snoozing hides an item without moving its due time', async () => {
    const { user, client } = await renderQueue();
    await user.click(await screen.findByRole('button', { name: 'Load sample data' }));
    await screen.findAllByRole('listitem');
    await user.selectOptions(screen.getByLabelText('Snooze Sample · Globex'), 'Tomorrow morning');
    await waitFor(() => expect(screen.queryByLabelText('Snooze Sample · Globex')).toBeNull());
    const deal = await client.request('getDeal', { account: ACCOUNT, deal: 'sample-globex' });
    expect(deal.triggers.find((trigger) => trigger.status === 'open')?.dueAt).toBeLessThan(Date.now());
  });

  test('updates live when the background reports a change', async () => {
    const { client, changes } = await renderQueue();
    await screen.findByRole('button', { name: 'Load sample data' });
    await client.request('loadSampleData', { account: ACCOUNT });
    changes.notify();
    expect(await screen.findAllByRole('listitem')).toHaveLength(3);
  });
});

describe('queue states', () => {
  test('loading, then an error the rep can read', async () => {
    const { EmberClient } = await import('@/lib/messaging/client');
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
