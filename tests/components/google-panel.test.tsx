// @vitest-environment jsdom
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, test } from 'vitest';
import { GooglePanel } from '@/components/options/google-panel';
import { GoogleSyncLine, sinceText } from '@/components/google/google-sync-status';
import { ReconnectNeededError, type GoogleApi, type GoogleRequest } from '@/lib/background/google/google-api';
import type { GoogleStatusView } from '@/lib/messaging/protocol';
import { memoryGoogleConnections } from '../helpers/fake-ports';
import { testClient } from '../helpers/test-client';

afterEach(cleanup);

const REP = 'sam@emberseller.com';
const OPTIONS_PAGE = { url: 'chrome-extension://ember/options.html' };

/** Google's answers for an empty mailbox and calendar; `refuse` makes every call need a reconnect. */
function emptyGoogle() {
  let refuse = false;
  const answers: Record<string, unknown> = {
    getProfile: { emailAddress: REP, historyId: '100' },
    'history.list': { history: [], historyId: '100' },
    'messages.list': {},
    'events.list': { items: [], nextSyncToken: 'sync-1' },
  };
  const api: GoogleApi = {
    call: async <T,>(request: GoogleRequest<T>) => {
      if (refuse) throw new ReconnectNeededError();
      return request.schema.parse(answers[request.method]);
    },
    batch: async () => [],
  };
  const { store } = memoryGoogleConnections();
  const tokens = { get: async () => 'token', drop: async () => {} };
  const harness = testClient({
    sender: OPTIONS_PAGE,
    deps: {
      google: {
        available: () => true,
        connections: store,
        auth: { connect: async () => ({ via: 'identity', tokens }), tokens: () => tokens, revoke: async () => {} },
        api: () => api,
      },
    },
  });
  return { ...harness, refuseFromNowOn: () => (refuse = true) };
}

describe('Gmail and Calendar in the options page', () => {
  test('a build without a Google client says so, and offers nothing to click', async () => {
    const { client } = testClient({ sender: OPTIONS_PAGE });
    render(<GooglePanel client={client} account={null} onConnected={() => {}} />);
    expect(await screen.findByText(/made without a Google client id/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Connect Gmail and Calendar' })).toBeNull();
  });

  test('connecting shows the account and the sync; disconnecting offers to connect again', async () => {
    const { client, background } = emptyGoogle();
    const connected: string[] = [];
    const user = userEvent.setup();
    const { rerender } = render(
      <GooglePanel client={client} account={null} onConnected={(account) => connected.push(account)} />,
    );
    await user.click(await screen.findByRole('button', { name: 'Connect Gmail and Calendar' }));
    await waitFor(() => expect(connected).toEqual([REP]));
    await background.google.settled(REP);
    rerender(<GooglePanel client={client} account={REP} onConnected={() => {}} now={() => Date.now()} />);
    expect(await screen.findByText(REP)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Sync now' }));
    await waitFor(() =>
      expect(screen.getByRole('status', { name: 'Google sync' }).textContent).toMatch(/Gmail and Calendar synced/),
    );
    // The card is busy until the sync's answer is in: only then is Disconnect clickable.
    await waitFor(() => expect(screen.getByRole('button', { name: 'Disconnect' })).toHaveProperty('disabled', false));
    await user.click(screen.getByRole('button', { name: 'Disconnect' }));
    expect(await screen.findByRole('button', { name: 'Connect Gmail and Calendar' })).toBeTruthy();
  });

  test('Google refusing Ember shows Reconnect Google, in words', async () => {
    const { client, background, refuseFromNowOn } = emptyGoogle();
    await client.request('connectGoogle', {});
    await background.google.settled(REP);
    refuseFromNowOn();
    const user = userEvent.setup();
    render(<GooglePanel client={client} account={REP} onConnected={() => {}} />);
    await user.click(await screen.findByRole('button', { name: 'Sync now' }));
    expect(await screen.findByRole('button', { name: 'Reconnect Google' })).toBeTruthy();
    expect(screen.getByRole('alert').textContent).toMatch(/stopped accepting Ember’s access to sam@emberseller.com/);
  });
});

describe('the sync line', () => {
  const status = (overrides: Partial<GoogleStatusView>): GoogleStatusView => ({
    available: true,
    connection: { account: REP, connectedAt: 0, via: 'identity' },
    lastSyncAt: null,
    lastError: null,
    reconnect: false,
    backfill: null,
    backlog: 0,
    skipped: [],
    ...overrides,
  });

  test.each([
    [{ backfill: { done: 500, total: 2_000 }, backlog: 1_500 }, /500 of 2000 messages/],
    [{ lastSyncAt: 0 }, /synced 5 min ago/],
    [{ lastSyncAt: 0, lastError: 'Google could not be reached (offline?).' }, /Last attempt failed: Google could not/],
    [{}, /Syncing sam@emberseller.com with Google/],
  ])('%o reads %s', (overrides, text) => {
    render(<GoogleSyncLine status={status(overrides)} now={5 * 60_000} />);
    expect(screen.getByRole('status').textContent).toMatch(text);
  });

  test('a reconnect links to the options page when there is one to go to', () => {
    render(<GoogleSyncLine status={status({ reconnect: true })} now={0} reconnectHref="/options.html" />);
    expect(screen.getByRole('link', { name: 'Reconnect Google' }).getAttribute('href')).toBe('/options.html');
  });

  test.each([
    [0, 'just now'],
    [59_000, 'just now'],
    [5 * 60_000, '5 min ago'],
    [3 * 3_600_000, '3 h ago'],
    [3 * 86_400_000, '3 days ago'],
  ])('%i ms later is "%s"', (elapsed, text) => {
    expect(sinceText(0, elapsed)).toBe(text);
  });
});
