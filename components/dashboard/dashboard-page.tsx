import { useEffect, useState, type ReactNode } from 'react';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { EmberClient } from '@/lib/messaging/client';
import type { ResponseData } from '@/lib/messaging/protocol';
import { isoColumns, toCsv } from '../csv';
import { TRIGGER_TEXT } from '../format';
import { errorMessage } from '../use-async';

type Loaded = ResponseData<'getDashboard'>;

export interface DashboardPageProps {
  client: EmberClient;
  subscribeChanges: (listener: () => void) => () => void;
  /** Saves a file the rep downloads. */
  download: (name: string, text: string) => void;
  /**
   * Every row of one table of the account, read by the page from the account's database: a whole
   * table does not have to fit a runtime message (64 MiB), nor the rest of the store ride along.
   */
  readTable: (account: string, table: CsvTable) => Promise<Record<string, unknown>[]>;
}

export type CsvTable = 'deals' | 'stageEvents' | 'triggers';

const hours = (value: number | null) =>
  value === null ? '—' : value < 48 ? `${value.toFixed(1)} h` : `${(value / 24).toFixed(1)} d`;
const minutes = (value: number | null) =>
  value === null ? '—' : value < 120 ? `${Math.round(value)} min` : `${(value / 60).toFixed(1)} h`;
const percent = (value: number | null) => (value === null ? '—' : `${Math.round(value * 100)}%`);
const dayStart = (text: string) => (text ? new Date(`${text}T00:00:00`).getTime() : undefined);

/** Charts as tables too, for the figures and for screen readers. */
function Table({ caption, head, rows }: { caption: string; head: string[]; rows: ReactNode[][] }) {
  return (
    <table className="ember-table">
      <caption>{caption}</caption>
      <thead>
        <tr>
          {head.map((cell) => (
            <th key={cell} scope="col">
              {cell}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row, index) => (
          <tr key={index}>
            {row.map((cell, column) =>
              column === 0 ? (
                <th key={column} scope="row">
                  {cell}
                </th>
              ) : (
                <td key={column}>{cell}</td>
              ),
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** How the workflow is doing: time in stage, conversion, latency against the SLA, and what to fix or trim. */
export function DashboardPage({ client, subscribeChanges, download, readTable }: DashboardPageProps) {
  const [account, setAccount] = useState<string | null>(null);
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [stage, setStage] = useState('');
  const [version, setVersion] = useState(0);

  useEffect(() => subscribeChanges(() => setVersion((value) => value + 1)), [subscribeChanges]);
  useEffect(() => {
    let current = true;
    client.request('listAccounts', {}).then(
      (list) => current && setAccount(list[0]?.account ?? ''),
      (caught: unknown) => current && setError(errorMessage(caught)),
    );
    return () => {
      current = false;
    };
  }, [client]);
  useEffect(() => {
    if (!account) return;
    let current = true;
    const end = dayStart(to);
    client
      .request('getDashboard', {
        account,
        ...(from ? { from: dayStart(from) } : {}),
        ...(end ? { to: end + 86_400_000 } : {}),
      })
      .then(
        (answer) => {
          if (!current) return;
          setLoaded(answer);
          setError(null);
        },
        (caught: unknown) => current && setError(errorMessage(caught)),
      );
    return () => {
      current = false;
    };
  }, [client, account, from, to, version]);

  if (account === '') {
    return (
      <main className="ember-page wide">
        <h1>Ember dashboard</h1>
        <p className="ember-hint">No Gmail account yet: open Gmail with Ember installed and track a deal.</p>
      </main>
    );
  }
  if (error && !loaded) {
    return (
      <main className="ember-page wide">
        <p className="ember-error" role="alert">
          Ember could not load the dashboard: {error}
        </p>
      </main>
    );
  }
  if (!loaded || !account) return <main className="ember-page wide">Loading…</main>;

  const { dashboard, unlinked } = loaded;
  const only = <T extends { stage: string }>(rows: T[]) => (stage ? rows.filter((row) => row.stage === stage) : rows);

  async function exportCsv(table: CsvTable, columns: string[], times: string[]) {
    const rows = await readTable(account!, table);
    download(
      `ember-${table}.csv`,
      toCsv(
        rows.map((row) => isoColumns(row, times)),
        columns,
      ),
    );
  }

  return (
    <main className="ember-page wide" aria-label="Dashboard">
      <h1>
        <img src="/icon/48.png" alt="" width={28} height={28} /> How the workflow is doing
      </h1>
      <div className="ember-row filters">
        <label>
          From <input type="date" value={from} onChange={(event) => setFrom(event.target.value)} />
        </label>
        <label>
          To <input type="date" value={to} onChange={(event) => setTo(event.target.value)} />
        </label>
        <label>
          Stage{' '}
          <select value={stage} onChange={(event) => setStage(event.target.value)}>
            <option value="">All stages</option>
            {dashboard.funnel.map((entry) => (
              <option key={entry.stage} value={entry.stage}>
                {entry.name}
              </option>
            ))}
          </select>
        </label>
      </div>

      <section className="ember-card" aria-label="What to fix next">
        <h2>What to fix next</h2>
        <p>
          {dashboard.fixNext ? (
            <strong>{dashboard.fixNext.why}</strong>
          ) : (
            'Nothing stands out yet: every stage meets its SLA and converts.'
          )}
        </p>
        {dashboard.trim.length > 0 && (
          <>
            <h3>What to trim</h3>
            <p className="ember-hint">A workflow is done when nothing can be removed.</p>
            <ul>
              {dashboard.trim.map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
          </>
        )}
      </section>

      <section className="ember-card" aria-label="Trigger-to-action latency">
        <h2>Trigger-to-action latency</h2>
        <div className="chart">
          <ResponsiveContainer width="100%" height={220}>
            <BarChart
              data={dashboard.latencyByKind.map((entry) => ({
                name: TRIGGER_TEXT[entry.kind],
                met: entry.met,
                missed: entry.missed,
              }))}
            >
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="name" />
              <YAxis allowDecimals={false} />
              <Tooltip />
              <Legend />
              <Bar isAnimationActive={false} dataKey="met" stackId="sla" fill="#188038" name="Met" />
              <Bar isAnimationActive={false} dataKey="missed" stackId="sla" fill="#d93025" name="Missed" />
            </BarChart>
          </ResponsiveContainer>
        </div>
        <Table
          caption="By trigger (an open overdue trigger counts as missed)"
          head={['Trigger', 'Done', 'Median', 'p90', 'Median working', 'p90 working', 'Met', 'Missed', 'In SLA']}
          rows={dashboard.latencyByKind.map((entry) => [
            TRIGGER_TEXT[entry.kind],
            entry.count,
            minutes(entry.medianMinutes),
            minutes(entry.p90Minutes),
            minutes(entry.medianBusinessMinutes),
            minutes(entry.p90BusinessMinutes),
            entry.met,
            entry.missed,
            percent(entry.withinSlaRate),
          ])}
        />
        <Table
          caption="By stage"
          head={['Stage', 'Done', 'Median working', 'p90 working', 'Met', 'Missed', 'In SLA']}
          rows={only(dashboard.latencyByStage).map((entry) => [
            entry.name,
            entry.count,
            minutes(entry.medianBusinessMinutes),
            minutes(entry.p90BusinessMinutes),
            entry.met,
            entry.missed,
            percent(entry.withinSlaRate),
          ])}
        />
        <div className="chart-pair">
          <ResponsiveContainer width="100%" height={180}>
            <BarChart data={dashboard.distribution}>
              <XAxis dataKey="bucket" />
              <YAxis allowDecimals={false} />
              <Tooltip />
              <Bar isAnimationActive={false} dataKey="count" fill="#0b57d0" name="Done in" />
            </BarChart>
          </ResponsiveContainer>
          <ResponsiveContainer width="100%" height={180}>
            <LineChart
              data={dashboard.weekly.map((week) => ({
                ...week,
                rate: week.withinSlaRate === null ? null : Math.round(week.withinSlaRate * 100),
              }))}
            >
              <XAxis dataKey="week" />
              <YAxis domain={[0, 100]} unit="%" />
              <Tooltip />
              <Line isAnimationActive={false} type="monotone" dataKey="rate" stroke="#e85d04" name="In SLA by week" />
            </LineChart>
          </ResponsiveContainer>
        </div>
        <Table
          caption="Distribution of working time to action"
          head={['Done in', 'Triggers']}
          rows={dashboard.distribution.map((entry) => [entry.bucket, entry.count])}
        />
        <Table
          caption="Trend by week (weeks start Monday)"
          head={['Week', 'Met', 'Missed', 'In SLA']}
          rows={dashboard.weekly.map((week) => [week.week, week.met, week.missed, percent(week.withinSlaRate)])}
        />
      </section>

      <section className="ember-card" aria-label="Time in stage">
        <h2>Time in stage</h2>
        <div className="chart">
          <ResponsiveContainer width="100%" height={220}>
            <BarChart
              data={only(dashboard.timeInStage).map((entry) => ({
                name: entry.name,
                median: entry.medianHours,
                p90: entry.p90Hours,
              }))}
            >
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="name" />
              <YAxis unit=" h" />
              <Tooltip />
              <Legend />
              <Bar isAnimationActive={false} dataKey="median" fill="#0b57d0" name="Median hours" />
              <Bar isAnimationActive={false} dataKey="p90" fill="#a8c7fa" name="p90 hours" />
            </BarChart>
          </ResponsiveContainer>
        </div>
        <Table
          caption="Stints that moved forward or won (a loss or a move back says nothing about pace)"
          head={['Stage', 'Completed', 'Median', 'p90', 'Open now', 'Sitting longest']}
          rows={only(dashboard.timeInStage).map((entry) => [
            entry.name,
            entry.completed,
            hours(entry.medianHours),
            hours(entry.p90Hours),
            entry.open,
            entry.longest.map((deal) => `${deal.title} (${hours(deal.hours)})`).join(', ') || '—',
          ])}
        />
      </section>

      <section className="ember-card" aria-label="Conversion">
        <h2>Conversion</h2>
        <p>
          Win rate: <strong>{percent(dashboard.winRate)}</strong>
        </p>
        <div className="chart">
          <ResponsiveContainer width="100%" height={220}>
            <BarChart layout="vertical" data={only(dashboard.funnel)}>
              <XAxis type="number" allowDecimals={false} />
              <YAxis type="category" dataKey="name" width={90} />
              <Tooltip />
              <Legend />
              <Bar isAnimationActive={false} dataKey="entered" fill="#a8c7fa" name="Entered" />
              <Bar isAnimationActive={false} dataKey="advanced" fill="#0b57d0" name="Advanced" />
              <Bar isAnimationActive={false} dataKey="lost" fill="#d93025" name="Lost here" />
            </BarChart>
          </ResponsiveContainer>
        </div>
        <Table
          caption="By each deal's furthest stage; undecided deals are left out of the rate"
          head={['Stage', 'Entered', 'Advanced', 'Lost here', 'Rate']}
          rows={only(dashboard.funnel).map((entry) => [
            entry.name,
            entry.entered,
            entry.advanced,
            entry.lost,
            percent(entry.rate),
          ])}
        />
      </section>

      <section className="ember-card" aria-label="Unlinked buyer mail">
        <h2>Unlinked buyer mail</h2>
        {unlinked.length === 0 ? (
          <p className="ember-hint">None: every buyer message found its deal.</p>
        ) : (
          <ul>
            {unlinked.map((entry) => (
              <li key={entry.message}>
                {entry.from} <span className="ember-hint">{new Date(entry.at).toLocaleString()}</span>{' '}
                {entry.candidates.map((deal) => (
                  <button
                    key={deal}
                    className="ember-button"
                    type="button"
                    onClick={() =>
                      void client.request('linkThread', { account, thread: entry.thread, deal }).then(
                        () => setVersion((value) => value + 1),
                        (caught: unknown) => setError(errorMessage(caught)),
                      )
                    }
                  >
                    Link to {deal}
                  </button>
                ))}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="ember-card" aria-label="Export">
        <h2>Export</h2>
        <div className="ember-row">
          <button
            className="ember-button"
            type="button"
            onClick={() =>
              void exportCsv(
                'deals',
                ['id', 'title', 'stage', 'status', 'createdAt', 'closedAt', 'lastActivityAt', 'contacts'],
                ['createdAt', 'closedAt', 'lastActivityAt'],
              )
            }
          >
            Deals (CSV)
          </button>
          <button
            className="ember-button"
            type="button"
            onClick={() => void exportCsv('stageEvents', ['deal', 'from', 'to', 'at', 'evidence'], ['at'])}
          >
            Stage events (CSV)
          </button>
          <button
            className="ember-button"
            type="button"
            onClick={() =>
              void exportCsv(
                'triggers',
                [
                  'deal',
                  'kind',
                  'stage',
                  'action',
                  'stakeholder',
                  'firedAt',
                  'dueAt',
                  'status',
                  'resolvedAt',
                  'resolvedBy',
                  'latencyMinutes',
                  'businessMinutes',
                  'withinSla',
                ],
                ['firedAt', 'dueAt', 'resolvedAt'],
              )
            }
          >
            Triggers (CSV)
          </button>
        </div>
      </section>
    </main>
  );
}
