// @vitest-environment jsdom
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, test } from 'vitest';
import { QueueList } from '@/components/queue/queue-list';
import { testClient } from '../helpers/test-client';

afterEach(cleanup);

const ACCOUNT = 'sam@emberseller.com';

async function renderSampleList() {
  const harness = testClient();
  harness.clock.set(Date.now());
  await harness.client.request('loadSampleData', { account: ACCOUNT });
  const opened: string[] = [];
  render(<QueueList client={harness.client} account={ACCOUNT} onOpenThread={(thread) => opened.push(thread)} />);
  const items = await screen.findAllByRole('listitem');
  return { ...harness, items, opened, user: userEvent.setup() };
}

describe("Gmail's queue list", () => {
  test('says what to do about a person in a sentence', async () => {
    const { items } = await renderSampleList();
    const intro = items.find((item) => item.textContent.includes('lee@acme.example'));
    expect(intro?.textContent).toContain('Introduce yourself to lee@acme.example (New stakeholder)');
  });

  test('groups the rows under headings by when they are due, outside the rows', async () => {
    await renderSampleList();
    const overdue = screen.getByRole('list', { name: 'Overdue' });
    expect(within(overdue).getAllByRole('listitem').length).toBeGreaterThan(0);
    expect(screen.getByRole('heading', { name: 'Overdue' }).closest('li')).toBeNull();
  });

  test('Open thread is the primary action; Dismiss and Snooze are in the row menu', async () => {
    const { items, opened, user, client } = await renderSampleList();
    const globex = items.find((item) => item.dataset.deal === 'sample-globex')!;
    const open = within(globex).getByRole('button', { name: 'Open thread' });
    expect(open.className).toBe('button primary');
    await user.click(open);
    expect(opened).toHaveLength(1);

    const before = (await client.request('getQueue', { account: ACCOUNT })).length;
    await user.click(within(globex).getByRole('button', { name: /^More actions for Sample · Globex/ }));
    await user.click(screen.getByRole('menuitem', { name: 'Snooze for 1 hour' }));
    await waitFor(() =>
      expect(screen.queryAllByRole('listitem').map((item) => item.dataset.deal)).not.toContain('sample-globex'),
    );
    expect(await client.request('getQueue', { account: ACCOUNT })).toHaveLength(before - 1);
    expect((await client.request('getSnoozed', { account: ACCOUNT })).map((item) => item.deal.id)).toEqual([
      'sample-globex',
    ]);

    const acme = screen.getAllByRole('listitem').find((item) => item.textContent.includes('lee@acme.example'))!;
    await user.click(within(acme).getByRole('button', { name: /^More actions for Sample · Acme Corp/ }));
    await user.click(screen.getByRole('menuitem', { name: 'Dismiss' }));
    await waitFor(() => expect(screen.queryByText(/lee@acme\.example/)).toBeNull());
    expect(await client.request('getQueue', { account: ACCOUNT })).toHaveLength(before - 2);
  });
});
