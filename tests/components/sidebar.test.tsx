// @vitest-environment jsdom
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, test } from 'vitest';
import { createChanges } from '@/components/changes';
import { Sidebar } from '@/components/sidebar/sidebar';
import { sendSidebarCommand } from '@/lib/gmail/sidebar-commands';
import { testClient } from '../helpers/test-client';

afterEach(cleanup);

const ACCOUNT = 'sam@emberseller.com';
const thread = {
  id: 't1',
  subject: 'Intro from Sam',
  participants: ['Sam <sam@emberseller.com>', 'Dana Lee <dana@acme.com>'],
};

function renderSidebar() {
  const harness = testClient();
  const changes = createChanges();
  const messages = [
    {
      id: 'm1',
      thread: 't1',
      at: Date.parse('2026-04-06T13:05:00Z'),
      from: ACCOUNT,
      to: ['dana@acme.com'],
      subject: 'Intro',
      body: 'Hi Dana',
    },
  ];
  const ingestThread = async () => {
    await harness.client.request('ingestMessages', { account: ACCOUNT, messages });
    changes.notify();
  };
  /** Dana's reply on the thread arrives later, as the feed would bring it, and the sidebar hears of it. */
  const buyerReplies = async (body: string) => {
    harness.clock.set('2026-04-06T18:30:00Z');
    await harness.client.request('ingestMessages', {
      account: ACCOUNT,
      messages: [
        {
          id: 'm2',
          thread: 't1',
          at: harness.clock(),
          from: 'Dana Lee <dana@acme.com>',
          to: [ACCOUNT],
          subject: 'Re: Intro',
          body,
        },
      ],
    });
    changes.notify();
  };
  render(
    <Sidebar client={harness.client} account={ACCOUNT} thread={thread} changes={changes} ingestThread={ingestThread} />,
  );
  return { ...harness, changes, messages, ingestThread, buyerReplies, user: userEvent.setup() };
}

describe('the sidebar', () => {
  test('tracks an unknown thread as a deal, pre-filled from the thread', async () => {
    const { user, client } = renderSidebar();
    const form = await screen.findByRole('form', { name: 'Track as deal' });
    expect(within(form).getByLabelText<HTMLInputElement>('Deal').value).toBe('Acme');
    expect(within(form).getByLabelText('dana@acme.com')).toHaveProperty('checked', true);
    await user.selectOptions(within(form).getByLabelText('Stage'), 'contact');
    await user.click(within(form).getByRole('button', { name: 'Track as deal' }));
    expect(await screen.findByText('The buyer replied and agreed to talk')).toBeTruthy();
    const [deal] = await client.request('searchDeals', { account: ACCOUNT, query: 'acme' });
    expect(deal).toMatchObject({ title: 'Acme', stage: 'contact', contacts: ['dana@acme.com'] });
  });

  test('advances with the newest buyer message as evidence, even one that arrived after it opened', async () => {
    const { user, client, buyerReplies } = renderSidebar();
    const form = await screen.findByRole('form', { name: 'Track as deal' });
    await user.click(within(form).getByRole('button', { name: 'Track as deal' }));
    await screen.findByRole('button', { name: 'Buyer did this → Advance to Contact' });
    await buyerReplies('Interested.');
    expect(await screen.findByText(/“Interested\.”/)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Buyer did this → Advance to Contact' }));
    await screen.findByRole('button', { name: 'Buyer did this → Advance to Discovery' });
    const [deal] = await client.request('searchDeals', { account: ACCOUNT, query: 'acme' });
    const detail = await client.request('getDeal', { account: ACCOUNT, deal: deal!.id });
    expect(detail.stageEvents.at(-1)).toMatchObject({ from: 'identify', to: 'contact', evidence: 'm2' });
  });

  test("the page's own events advance nothing; the shortcut's command from Ember's world does", async () => {
    const { user, client } = renderSidebar();
    const form = await screen.findByRole('form', { name: 'Track as deal' });
    await user.click(within(form).getByRole('button', { name: 'Track as deal' }));
    await screen.findByRole('button', { name: 'Buyer did this → Advance to Contact' });
    const [deal] = await client.request('searchDeals', { account: ACCOUNT, query: 'acme' });
    const stageEvents = async () => (await client.request('getDeal', { account: ACCOUNT, deal: deal!.id })).stageEvents;
    const before = await stageEvents();
    // What the audit did from Gmail's main world: the sidebar used to listen on the shared document.
    document.dispatchEvent(new CustomEvent('ember:advance-current-deal'));
    document.dispatchEvent(new CustomEvent('ember:insert-current-draft'));
    // A write of the account's lane after them: an advance they set off would have been applied first.
    await expect(
      client.request('linkThread', { account: ACCOUNT, thread: 't9', deal: 'no-such-deal' }),
    ).rejects.toThrow(/unknown deal/);
    expect(await stageEvents()).toEqual(before);
    sendSidebarCommand('advance');
    await screen.findByRole('button', { name: 'Buyer did this → Advance to Discovery' });
    expect((await stageEvents()).at(-1)).toMatchObject({ from: 'identify', to: 'contact' });
  });

  test('a typed note replaces the message as evidence, and skipping a stage is asked', async () => {
    const { user, client } = renderSidebar();
    await user.click(
      within(await screen.findByRole('form', { name: 'Track as deal' })).getByRole('button', { name: 'Track as deal' }),
    );
    await user.click(await screen.findByRole('button', { name: 'change' }));
    await user.type(screen.getByLabelText('Or a note'), 'Agreed on the phone');
    await user.selectOptions(screen.getByLabelText('Move to a later stage'), 'discovery');
    await user.click(screen.getByRole('button', { name: 'Skip Contact' }));
    await waitFor(async () => {
      const [deal] = await client.request('searchDeals', { account: ACCOUNT, query: 'acme' });
      expect(deal?.stage).toBe('discovery');
    });
    const [deal] = await client.request('searchDeals', { account: ACCOUNT, query: 'acme' });
    const detail = await client.request('getDeal', { account: ACCOUNT, deal: deal!.id });
    expect(detail.stageEvents.at(-1)).toMatchObject({ to: 'discovery', evidence: 'note: Agreed on the phone' });
  });

  test('a draft whose buyer message meets the exit criterion offers the advance, with that message as evidence', async () => {
    const { user, client, buyerReplies } = renderSidebar();
    await client.request('createDeal', {
      account: ACCOUNT,
      title: 'Acme',
      stage: 'contact',
      contacts: ['dana@acme.com'],
    });
    await buyerReplies('Happy to talk. Thursday afternoon works.');
    const suggestion = await screen.findByText(/Dana Lee's latest message meets the exit criterion of Contact/);
    await user.click(within(suggestion).getByRole('button', { name: 'Advance to Discovery' }));
    await waitFor(async () => {
      const [deal] = await client.request('searchDeals', { account: ACCOUNT, query: 'acme' });
      expect(deal?.stage).toBe('discovery');
    });
    const [deal] = await client.request('searchDeals', { account: ACCOUNT, query: 'acme' });
    const detail = await client.request('getDeal', { account: ACCOUNT, deal: deal!.id });
    expect(detail.stageEvents.at(-1)).toMatchObject({ from: 'contact', to: 'discovery', evidence: 'm2' });
  });

  test('a message Ember could not read is listed with the reason; the rest of the thread is placed', async () => {
    const { client, changes } = renderSidebar();
    await client.request('createDeal', { account: ACCOUNT, title: 'Acme', contacts: ['dana@acme.com'] });
    const results = await client.request('ingestMessages', {
      account: ACCOUNT,
      messages: [
        {
          id: 'm2',
          thread: 't1',
          at: Date.parse('2026-04-06T18:30:00Z'),
          from: 'Dana Lee <dana@acme.com>',
          to: [ACCOUNT],
          subject: 'Re: Intro',
          body: 'Interested.',
        },
        {
          id: 'm3',
          thread: 't1',
          at: Date.parse('2026-04-06T18:31:00Z'),
          from: 'Dana',
          to: [ACCOUNT],
          subject: 'Re: Intro',
          body: '?',
        },
      ],
    });
    expect(results.map((result) => result.placement?.kind ?? 'set aside')).toEqual(['deal', 'set aside']);
    changes.notify();
    const notice = await screen.findByText(/Ember could not read one message of this thread and set it aside/);
    expect(
      within(notice.closest('.set-aside')!).getByText('message m3: "from" is not an address: "Dana"'),
    ).toBeTruthy();
  });

  test('a thread with a known contact says it was linked automatically, and can be unlinked', async () => {
    const { user, client, ingestThread } = renderSidebar();
    await client.request('createDeal', { account: ACCOUNT, title: 'Acme', contacts: ['dana@acme.com'] });
    await ingestThread();
    expect(await screen.findByText(/Linked automatically: dana@acme.com is a contact of this deal/)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Unlink' }));
    expect(await screen.findByText('You unlinked this thread from its deal.')).toBeTruthy();
  });
});
