// @vitest-environment jsdom
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { toCsv } from '@/components/csv';
import { DashboardPage } from '@/components/dashboard/dashboard-page';
import { testClient } from '../helpers/test-client';

afterEach(cleanup);

beforeAll(() => {
  // recharts measures its container; jsdom has no layout engine.
  globalThis.ResizeObserver ??= class {
    observe() {}
    unobserve() {}
    disconnect() {}
  } as unknown as typeof ResizeObserver;
});

const ACCOUNT = 'sam@emberseller.com';

async function renderDashboard(sample = true) {
  const harness = testClient();
  harness.clock.set(Date.now());
  await harness.client.request('getQueue', { account: ACCOUNT });
  if (sample) await harness.client.request('loadSampleData', { account: ACCOUNT });
  const downloads: [string, string][] = [];
  render(
    <DashboardPage
      client={harness.client}
      subscribeChanges={() => () => {}}
      download={(name, text) => downloads.push([name, text])}
      readTable={(account, table) => harness.background.service(account).database.table(table).toArray()}
    />,
  );
  await screen.findByRole('main', { name: 'Dashboard' });
  return { ...harness, downloads, user: userEvent.setup() };
}

describe('the dashboard', () => {
  test("shows the engine's figures as tables, with what to fix next", async () => {
    const { client } = await renderDashboard();
    const { dashboard } = await client.request('getDashboard', { account: ACCOUNT });
    const conversion = within(screen.getByRole('region', { name: 'Conversion' }));
    expect(conversion.getByText('Win rate:').textContent).toBe('Win rate: 50%');
    const identify = conversion.getAllByRole('row').find((row) => row.textContent?.startsWith('Identify'));
    expect(identify?.textContent).toBe('Identify110100%');
    expect(dashboard.metrics.conversion.identify).toEqual({ entered: 1, advanced: 1, lost: 0, rate: 1 });
    expect(screen.getByRole('region', { name: 'What to fix next' }).textContent).toContain(dashboard.fixNext!.why);
  });

  test('a stage filter narrows every table to that stage', async () => {
    const { user } = await renderDashboard();
    await user.selectOptions(screen.getByLabelText('Stage'), 'propose');
    const rows = within(screen.getByRole('region', { name: 'Time in stage' })).getAllByRole('row');
    expect(rows.map((row) => row.querySelector('th')?.textContent)).toEqual(['Stage', 'Propose']);
  });

  test('exports triggers as CSV with ISO times', async () => {
    const { user, downloads } = await renderDashboard();
    await user.click(screen.getByRole('button', { name: 'Triggers (CSV)' }));
    // The export reads the triggers from the account's database first: the file comes when they are there.
    await waitFor(() => expect(downloads).toHaveLength(1));
    const [name, text] = downloads[0]!;
    expect(name).toBe('ember-triggers.csv');
    expect(text.split('\r\n')[0]).toBe(
      'deal,kind,stage,action,stakeholder,firedAt,dueAt,status,resolvedAt,resolvedBy,latencyMinutes,businessMinutes,withinSla',
    );
    expect(text).toMatch(/\r\nsample-acme,buyer_replied,contact,book_meeting,,\d{4}-\d\d-\d\dT/);
  });

  test('with no data yet, says so plainly', async () => {
    await renderDashboard(false);
    expect(screen.getByRole('region', { name: 'What to fix next' }).textContent).toContain('Nothing stands out yet');
  });
});

test('CSV quotes what it must and defuses spreadsheet formulas', () => {
  expect(toCsv([{ a: 'x,y', b: '=HYPERLINK("evil")', c: null, d: ['p', 'q'] }], ['a', 'b', 'c', 'd'])).toBe(
    'a,b,c,d\r\n"x,y","\'=HYPERLINK(""evil"")",,"[""p"",""q""]"',
  );
});

test('the dashboard says when it cannot load', async () => {
  const { EmberClient } = await import('@/lib/messaging/client');
  const client = new EmberClient(async () => ({ ok: false, error: { code: 'internal', message: 'disk full' } }));
  render(
    <DashboardPage client={client} subscribeChanges={() => () => {}} download={() => {}} readTable={async () => []} />,
  );
  expect((await screen.findByRole('alert')).textContent).toBe('Ember could not load the dashboard: disk full');
});
