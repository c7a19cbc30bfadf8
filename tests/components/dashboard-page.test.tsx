// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactElement } from 'react';
import { afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { toCsv } from '@/components/csv';
import { formatDateTime } from '@/components/format';
import { DashboardPage } from '@/components/dashboard/dashboard-page';
import { SAMPLE_ACCOUNT } from '@/lib/domain/sample/sample-scenario';
import { EmberClient } from '@/lib/messaging/client';
import type { ResponseData } from '@/lib/messaging/protocol';
import { testClient } from '../helpers/test-client';

afterEach(cleanup);

// recharts measures its container, and jsdom has no layout engine: a chart in a container of a
// fixed size draws, so what it draws can be checked.
vi.mock('recharts', async (importOriginal) => {
  const recharts = await importOriginal<Record<string, unknown>>();
  const { cloneElement } = await import('react');
  return {
    ...recharts,
    ResponsiveContainer: ({
      children,
      height,
    }: {
      children: ReactElement<{ width?: number; height?: number }>;
      height: number;
    }) => cloneElement(children, { width: 800, height }),
  };
});

beforeAll(() => {
  globalThis.ResizeObserver ??= class {
    observe() {}
    unobserve() {}
    disconnect() {}
  } as unknown as typeof ResizeObserver;
});

const ACCOUNT = 'sam@emberseller.com';

/** The page with nothing to download and no tables to read: for what it shows, not what it exports. */
function renderPage(client: EmberClient) {
  render(
    <DashboardPage client={client} subscribeChanges={() => () => {}} download={() => {}} readTable={async () => []} />,
  );
}

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
  await screen.findByRole('heading', { name: /^No data|^What to fix next$/ });
  return { ...harness, downloads, user: userEvent.setup() };
}

/** The page over the sample's figures with `change` made to them: for shapes the sample does not have. */
async function renderChanged(change: (dashboard: ResponseData<'getDashboard'>['dashboard']) => void) {
  const harness = testClient();
  harness.clock.set(Date.now());
  await harness.client.request('loadSampleData', { account: ACCOUNT });
  const answer = await harness.client.request('getDashboard', { account: ACCOUNT });
  change(answer.dashboard);
  const client = new EmberClient(async (type) => ({
    ok: true,
    value: type === 'listAccounts' ? [{ account: ACCOUNT, lastSeenAt: 0 }] : answer,
  }));
  render(
    <DashboardPage client={client} subscribeChanges={() => () => {}} download={() => {}} readTable={async () => []} />,
  );
  await screen.findByRole('heading', { name: 'What to fix next' });
}

const figure = (name: string) => screen.getByRole('figure', { name });
/** recharts draws a chart's axes and series a render or two after the chart: until then there is little to check. */
async function drawn(chart: HTMLElement) {
  await waitFor(() => expect(chart.querySelectorAll('.recharts-cartesian-axis')).toHaveLength(2));
  return chart;
}
const tickTexts = (element: HTMLElement) =>
  [...element.querySelectorAll('.recharts-xAxis-tick-labels .recharts-cartesian-axis-tick-value')].map(
    (tick) => tick.textContent,
  );

describe('the dashboard', () => {
  test('on a fresh install, offers the sample account and then shows its figures', async () => {
    const { client } = testClient();
    renderPage(client);
    await userEvent.setup().click(await screen.findByRole('button', { name: 'Try Ember with sample data' }));
    expect(await screen.findByRole('heading', { name: 'What to fix next' })).toBeTruthy();
    expect((await client.request('listAccounts', {})).map(({ account }) => account)).toEqual([SAMPLE_ACCOUNT]);
    // Marked as the sample, and removed in one click: the page is back to its first run.
    const banner = screen.getByRole('note', { name: 'Sample account' });
    expect(banner.textContent).toMatch(/^This is the sample account/);
    await userEvent.setup().click(within(banner).getByRole('button', { name: 'Remove sample data' }));
    expect(await screen.findByRole('button', { name: 'Try Ember with sample data' })).toBeTruthy();
    expect(await client.request('listAccounts', {})).toEqual([]);
  });

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

  test('a stage filter narrows each figure by stage to that stage, and says which it narrows', async () => {
    const { user } = await renderDashboard();
    const stage = screen.getByRole('combobox', {
      name: 'Stage',
      description: 'A stage narrows the figures by stage: latency by stage, time in stage and conversion.',
    });
    await user.selectOptions(stage, 'propose');
    const headsOf = (table: HTMLElement) =>
      within(table)
        .getAllByRole('row')
        .map((row) => row.querySelector('th')?.textContent);
    expect(headsOf(within(screen.getByRole('region', { name: 'Time in stage' })).getByRole('table'))).toEqual([
      'Stage',
      'Propose',
    ]);
    expect(headsOf(screen.getByRole('table', { name: 'By stage' }))).toEqual(['Stage', 'Propose']);
    expect(headsOf(within(screen.getByRole('region', { name: 'Conversion' })).getByRole('table'))).toEqual([
      'Stage',
      'Propose',
    ]);
  });

  test('refuses a From date after the To date next to the fields, and shows no figures for it', async () => {
    const { client } = await renderDashboard();
    const asked = vi.spyOn(client, 'request');
    const from = screen.getByLabelText<HTMLInputElement>('From');
    const to = screen.getByLabelText<HTMLInputElement>('To');
    fireEvent.change(to, { target: { value: '2026-03-01' } });
    fireEvent.change(from, { target: { value: '2026-03-10' } });
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe('“From” is after “To”: choose a From date on or before the To date.');
    expect(from.getAttribute('aria-invalid')).toBe('true');
    expect(from.getAttribute('aria-describedby')).toBe(alert.id);
    expect(to.getAttribute('aria-describedby')).toBe(alert.id);
    for (const name of ['What to fix next', 'Trigger-to-action latency', 'Time in stage', 'Conversion'])
      expect(screen.queryByRole('region', { name })).toBeNull();
    expect(screen.queryAllByRole('figure')).toEqual([]);
    expect(asked.mock.calls.filter(([type, data]) => type === 'getDashboard' && 'from' in data)).toEqual([]);

    fireEvent.change(from, { target: { value: '2026-03-01' } });
    await screen.findByRole('region', { name: /^No data|^What to fix next$/ });
    expect(screen.queryByRole('alert')).toBeNull();
    expect(from.getAttribute('aria-invalid')).toBeNull();
  });

  test('with no data yet, says so instead of claiming every stage meets its SLA', async () => {
    await renderDashboard(false);
    const page = screen.getByRole('main', { name: 'Dashboard' });
    expect(screen.getByRole('heading', { name: 'No data yet' })).toBeTruthy();
    expect(page.textContent).not.toMatch(/meets|100%/);
    expect(screen.queryAllByRole('figure')).toEqual([]);
  });

  test('a range without data says there is none for that range', async () => {
    await renderDashboard();
    fireEvent.change(screen.getByLabelText('From'), { target: { value: '2001-01-01' } });
    fireEvent.change(screen.getByLabelText('To'), { target: { value: '2001-01-31' } });
    await screen.findByRole('heading', { name: 'No data for this range' });
    const page = screen.getByRole('main', { name: 'Dashboard' });
    expect(page.textContent).not.toMatch(/meets|100%/);
    expect(screen.queryByRole('region', { name: 'Conversion' })).toBeNull();
  });

  test('with a deal but nothing due or decided, says there is nothing to judge yet', async () => {
    const { client } = await renderDashboard(false);
    await client.request('createDeal', { account: ACCOUNT, title: 'Acme', contacts: ['dana@acme.com'] });
    cleanup();
    renderPage(client);
    const fix = await screen.findByRole('region', { name: 'What to fix next' });
    expect(fix.textContent).toContain('Nothing to judge yet');
    expect(fix.textContent).not.toContain('meets');
  });

  test('"What to trim" names triggers and actions as the rep reads them', async () => {
    await renderDashboard();
    const fix = screen.getByRole('region', { name: 'What to fix next' });
    expect(
      within(fix)
        .getAllByRole('listitem')
        .map((item) => item.textContent),
    ).toContain('The default rule "Gone quiet → Follow up with a reason" never fired.');
    expect(fix.textContent).not.toMatch(/quiet → follow_up|_/);
  });

  test('every chart has a visible title that also names it', async () => {
    await renderDashboard();
    const titles = [
      'Met and missed by trigger',
      'Working time to action',
      'In SLA by week',
      'Days in stage',
      'Deals by stage',
    ];
    for (const title of titles) {
      expect(within(figure(title)).getByRole('heading', { name: title })).toBeTruthy();
      expect(within(figure(title)).getByRole('application', { name: title })).toBeTruthy();
    }
    expect(document.querySelectorAll('.recharts-wrapper')).toHaveLength(titles.length);
  });

  test('weeks without data are gaps in the trend, not zeros or bridged', async () => {
    await renderChanged((dashboard) => {
      dashboard.weekly = [
        { week: '2026-01-05', met: 1, missed: 1, withinSlaRate: 0.5 },
        { week: '2026-01-12', met: 3, missed: 1, withinSlaRate: 0.75 },
        { week: '2026-01-26', met: 1, missed: 0, withinSlaRate: 1 },
        { week: '2026-02-02', met: 0, missed: 1, withinSlaRate: 0 },
      ];
    });
    const trend = await drawn(figure('In SLA by week'));
    expect(tickTexts(trend)).toEqual(['2026-01-05', '2026-01-12', '2026-01-19', '2026-01-26', '2026-02-02']);
    // Two runs of two weeks each: the line stops at the empty week and starts again after it.
    const runs = trend.querySelector('.recharts-line-curve')!.getAttribute('d')!.split('M').filter(Boolean);
    expect(runs.map((run) => run.split('L').length)).toEqual([2, 2]);
    // The trend table lists the weeks with figures only.
    const rows = within(screen.getByRole('table', { name: 'Trend by week (weeks start Monday)' })).getAllByRole('row');
    expect(rows).toHaveLength(5);
  });

  test('conversion bars are thick enough to read', async () => {
    await renderDashboard();
    const bars = [...(await drawn(figure('Deals by stage'))).querySelectorAll('path.recharts-rectangle')];
    expect(bars.length).toBeGreaterThan(6);
    for (const bar of bars) expect(Number(bar.getAttribute('height'))).toBeGreaterThanOrEqual(12);
  });

  test('legend and axis text take the theme text colour', async () => {
    await renderDashboard();
    for (const chart of screen.getAllByRole('figure')) await drawn(chart);
    const legends = [...document.querySelectorAll<HTMLElement>('.recharts-legend-item-text')];
    const ticks = [...document.querySelectorAll<SVGTextElement>('.recharts-cartesian-axis-tick-value')];
    expect(legends.length).toBeGreaterThan(5);
    expect(ticks.length).toBeGreaterThan(20);
    for (const legend of legends)
      expect(legend.querySelector<HTMLElement>('span')?.style.color).toBe('var(--ember-text)');
    for (const tick of ticks) expect(tick.style.fill).toBe('var(--ember-text)');
  });

  test('time in stage is in days with one decimal, in the chart as in the table', async () => {
    await renderDashboard();
    const region = within(screen.getByRole('region', { name: 'Time in stage' }));
    const identify = region.getAllByRole('row').find((row) => row.textContent?.startsWith('Identify'))!;
    // The sample's Identify stint took 25 hours.
    expect([...identify.querySelectorAll('td')].map((cell) => cell.textContent)).toEqual([
      '1',
      '1.0 d',
      '1.0 d',
      '0',
      '—',
    ]);
    const contact = region.getAllByRole('row').find((row) => row.textContent?.startsWith('Contact'))!;
    // How long Globex has sat there depends on today: the sample ends just before now.
    expect(contact.textContent).toMatch(/^Contact23\.6 d7\.0 d1Sample · Globex \(\d+\.\d d\)$/);
    const axis = [
      ...(await drawn(figure('Days in stage'))).querySelectorAll(
        '.recharts-yAxis-tick-labels .recharts-cartesian-axis-tick-value',
      ),
    ];
    expect(axis.length).toBeGreaterThan(1);
    for (const tick of axis) expect(tick.textContent).toMatch(/^\d+\.\d d$/);
  });

  test('with two Gmail accounts, the rep picks which one the figures are of', async () => {
    const harness = testClient();
    const other = 'sam@other-seller.com';
    harness.clock.set(Date.now());
    await harness.client.request('loadSampleData', { account: ACCOUNT });
    harness.clock.set(Date.now() + 60_000);
    // Seen last, so listed first: the page opens on it.
    await harness.client.request('getQueue', { account: other });
    renderPage(harness.client);
    await screen.findByRole('heading', { name: 'No data yet' });
    const picker = screen.getByLabelText<HTMLSelectElement>('Gmail account');
    expect([...picker.options].map((option) => option.value)).toEqual([other, ACCOUNT]);
    await userEvent.setup().selectOptions(picker, ACCOUNT);
    const conversion = await screen.findByRole('region', { name: 'Conversion' });
    expect(within(conversion).getByText('Win rate:').textContent).toBe('Win rate: 50%');
    expect(picker.value).toBe(ACCOUNT);
  });

  test('with one Gmail account, there is nothing to pick', async () => {
    await renderDashboard();
    expect(screen.queryByLabelText('Gmail account')).toBeNull();
  });
});

describe('unlinked buyer mail', () => {
  test('offers each deal it might belong to by its title, with the time in words', async () => {
    const harness = testClient();
    harness.clock.set(Date.now());
    await harness.client.request('loadSampleData', { account: ACCOUNT });
    const at = Date.parse('2026-04-06T20:00:00Z');
    await harness.background.service(ACCOUNT).database.unlinked.put({
      message: 'u1',
      thread: 'tu1',
      from: 'pat@shared.example',
      at,
      candidates: ['sample-acme', 'sample-globex'],
    });
    renderPage(harness.client);
    const section = await screen.findByRole('region', { name: 'Unlinked buyer mail' });
    await within(section).findByText('pat@shared.example', { exact: false });
    expect(
      within(section)
        .getAllByRole('button')
        .map((button) => button.textContent),
    ).toEqual(['Link to Sample · Acme Corp', 'Link to Sample · Globex']);
    expect(within(section).getByText(formatDateTime(at))).toBeTruthy();
  });
});

describe('the CSV export', () => {
  test('writes triggers with ISO times, stage names, and their kind and action in words', async () => {
    const { user, downloads } = await renderDashboard();
    await user.click(screen.getByRole('button', { name: 'Triggers (CSV)' }));
    // The export reads the triggers from the account's database first: the file comes when they are there.
    await waitFor(() => expect(downloads).toHaveLength(1));
    const [name, text] = downloads[0]!;
    expect(name).toBe('ember-triggers.csv');
    expect(text.split('\r\n')[0]).toBe(
      'deal,kind,stage,action,stakeholder,firedAt,dueAt,status,resolvedAt,resolvedBy,latencyMinutes,businessMinutes,withinSla',
    );
    expect(text).toMatch(/\r\nsample-acme,Buyer replied,Contact,Book the meeting,,\d{4}-\d\d-\d\dT/);
    expect(text).toMatch(/\r\nsample-acme,New stakeholder,Discovery,Introduce yourself,lee@acme\.example,/);
    expect(text.endsWith('\r\n')).toBe(true);
  });

  test('writes deals with their contacts as a list and their stages by name', async () => {
    const { user, downloads, background } = await renderDashboard();
    await background
      .service(ACCOUNT)
      .database.contacts.update(['sample-acme', 'dana@acme.example'], { name: 'Dana Lee' });
    await user.click(screen.getByRole('button', { name: 'Deals (CSV)' }));
    await waitFor(() => expect(downloads).toHaveLength(1));
    const lines = downloads[0]![1].split('\r\n');
    expect(lines[0]).toBe('id,title,stage,status,createdAt,closedAt,lastActivityAt,contacts');
    expect(lines.find((line) => line.startsWith('sample-acme,'))).toMatch(
      /^sample-acme,Sample · Acme Corp,Discovery,open,\d{4}-[^,]+,,\d{4}-[^,]+,Dana Lee <dana@acme\.example>; lee@acme\.example$/,
    );
    expect(lines.at(-1)).toBe('');
  });

  test('writes stage events with both stages by name', async () => {
    const { user, downloads } = await renderDashboard();
    await user.click(screen.getByRole('button', { name: 'Stage events (CSV)' }));
    await waitFor(() => expect(downloads).toHaveLength(1));
    const lines = downloads[0]![1].split('\r\n');
    expect(lines[0]).toBe('deal,from,to,at,evidence');
    expect(lines.filter((line) => line.startsWith('sample-acme,'))).toEqual([
      expect.stringMatching(/^sample-acme,,Contact,\d{4}-/),
      expect.stringMatching(/^sample-acme,Contact,Discovery,\d{4}-/),
    ]);
  });
});

test('CSV quotes what it must and defuses spreadsheet formulas', () => {
  expect(toCsv([{ a: 'x,y', b: '=HYPERLINK("evil")', c: null, d: ['p', 'q'] }], ['a', 'b', 'c', 'd'])).toBe(
    'a,b,c,d\r\n"x,y","\'=HYPERLINK(""evil"")",,"[""p"",""q""]"\r\n',
  );
});

test('the dashboard says when it cannot load', async () => {
  const client = new EmberClient(async () => ({ ok: false, error: { code: 'internal', message: 'disk full' } }));
  render(
    <DashboardPage client={client} subscribeChanges={() => () => {}} download={() => {}} readTable={async () => []} />,
  );
  expect((await screen.findByRole('alert')).textContent).toBe('Ember could not load the dashboard: disk full');
});

test('an export that fails says so in the export section', async () => {
  const harness = testClient();
  harness.clock.set(Date.now());
  await harness.client.request('loadSampleData', { account: ACCOUNT });
  render(
    <DashboardPage
      client={harness.client}
      subscribeChanges={() => () => {}}
      download={() => {}}
      readTable={async () => {
        throw new Error('the database is closed');
      }}
    />,
  );
  await userEvent.setup().click(await screen.findByRole('button', { name: 'Deals (CSV)' }));
  const exports = screen.getByRole('region', { name: 'Export' });
  expect((await within(exports).findByRole('alert')).textContent).toBe(
    'Ember could not export the file: the database is closed',
  );
});
