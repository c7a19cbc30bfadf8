import { useEffect, useId, useState, type ReactElement, type ReactNode } from 'react';
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
import { SAMPLE_ACCOUNT } from '@/lib/domain/sample/sample-scenario';
import type { EmberClient } from '@/lib/messaging/client';
import type { ResponseData } from '@/lib/messaging/protocol';
import { AccountPicker } from '../account-picker';
import { SampleBanner } from '../sample-banner';
import { formatDateTime, TRIGGER_TEXT } from '../format';
import { errorMessage } from '../use-async';
import { tableCsv, type CsvTable, type ExportedTable } from './csv-export';
import { daysText, hasFigures, hasVerdict, inDays, weeklyTrend } from './figures';
import './dashboard.css';

export type { CsvTable } from './csv-export';

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

const minutes = (value: number | null) =>
  value === null ? '—' : value < 120 ? `${Math.round(value)} min` : `${(value / 60).toFixed(1)} h`;
const percent = (value: number | null) => (value === null ? '—' : `${Math.round(value * 100)}%`);

/** Local midnight starting the day of an `<input type="date">` value. */
const dayStart = (text: string) => new Date(`${text}T00:00:00`).getTime();
/** Local midnight ending it: the next day's, not 24 hours on, which a daylight-saving day is not. */
function dayEnd(text: string) {
  const next = new Date(`${text}T00:00:00`);
  next.setDate(next.getDate() + 1);
  return next.getTime();
}

/**
 * Legend and axis text in the theme's text colour (components/theme.css, light and dark): recharts'
 * grey ticks, and legend text in each series' own colour, read poorly on either background. As a
 * style, not only an SVG attribute, so the custom property applies.
 */
const AXIS_TICK = { fill: 'var(--ember-text)' };
const legendText = (value: string) => <span style={{ color: 'var(--ember-text)' }}>{value}</span>;

/** Series colours from dashboard.css, which has one set for each theme. Red is missed or lost. */
const SERIES = {
  primary: 'var(--chart-primary)',
  secondary: 'var(--chart-secondary)',
  met: 'var(--chart-met)',
  missed: 'var(--chart-missed)',
  trend: 'var(--chart-trend)',
};
/** Recharts draws its tooltip white with a grey hover band: the theme's surface and hover layer instead. */
const TOOLTIP_BOX = {
  contentStyle: {
    background: 'var(--ember-surface)',
    color: 'var(--ember-text)',
    border: '1px solid var(--ember-border)',
    borderRadius: 8,
  },
  labelStyle: { color: 'var(--ember-text)', fontWeight: 500 },
};
const BAR_TOOLTIP = { ...TOOLTIP_BOX, cursor: { fill: 'var(--ember-hover)' } };
const LINE_TOOLTIP = { ...TOOLTIP_BOX, cursor: { stroke: 'var(--ember-border)' } };

/** How thick a conversion bar is, in pixels: thin enough to fit three a stage, thick enough to read. */
const BAR_THICKNESS = 14;
/** A stage's band in the conversion chart: its three bars, the 2 px between them, and a gap to the next stage. */
const CONVERSION_BAND = 3 * BAR_THICKNESS + 2 * 2 + 16;
/** The conversion chart's axis, legend and margins. */
const CONVERSION_FRAME = 70;

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

/**
 * A chart under a visible title; the title names the figure and the chart itself (recharts' SVG is
 * a keyboard-navigable application, which needs a name). `chart` gets the title's id.
 */
function Chart({
  title,
  height,
  chart,
}: {
  title: string;
  height: number;
  chart: (labelledBy: string) => ReactElement;
}) {
  const titleId = useId();
  return (
    <figure className="dashboard-chart" aria-labelledby={titleId}>
      <h3 id={titleId}>{title}</h3>
      <ResponsiveContainer width="100%" height={height}>
        {chart(titleId)}
      </ResponsiveContainer>
    </figure>
  );
}

/** How the workflow is doing: time in stage, conversion, latency against the SLA, and what to fix or trim. */
export function DashboardPage({ client, subscribeChanges, download, readTable }: DashboardPageProps) {
  const [accounts, setAccounts] = useState<string[] | null>(null);
  const [chosen, setChosen] = useState<string | null>(null);
  // Whose figures `answer` are: after a switch, the other account's are not shown while loading.
  const [loaded, setLoaded] = useState<{ account: string; answer: Loaded } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [exportError, setExportError] = useState<string | null>(null);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [stage, setStage] = useState('');
  const [version, setVersion] = useState(0);
  const rangeErrorId = useId();
  const stageHintId = useId();

  // The chosen account while it is still listed, else the one seen most recently (listed first).
  const account = chosen !== null && accounts?.includes(chosen) ? chosen : (accounts?.[0] ?? null);
  // Dates as <input type="date"> gives them (YYYY-MM-DD) compare as text.
  const rangeInvalid = from !== '' && to !== '' && from > to;

  useEffect(() => subscribeChanges(() => setVersion((value) => value + 1)), [subscribeChanges]);
  useEffect(() => {
    let current = true;
    client.request('listAccounts', {}).then(
      (list) => current && setAccounts(list.map((entry) => entry.account)),
      (caught: unknown) => current && setError(errorMessage(caught)),
    );
    return () => {
      current = false;
    };
  }, [client, version]);
  useEffect(() => {
    // An impossible range has no figures to ask for: the page says why instead.
    if (account === null || rangeInvalid) return;
    let current = true;
    client
      .request('getDashboard', {
        account,
        ...(from ? { from: dayStart(from) } : {}),
        ...(to ? { to: dayEnd(to) } : {}),
      })
      .then(
        (answer) => {
          if (!current) return;
          setLoaded({ account, answer });
          setError(null);
        },
        (caught: unknown) => current && setError(errorMessage(caught)),
      );
    return () => {
      current = false;
    };
  }, [client, account, from, to, rangeInvalid, version]);

  if (accounts === null) {
    return error ? (
      <main className="ember-page wide">
        <p className="ember-error" role="alert">
          Ember could not load the dashboard: {error}
        </p>
      </main>
    ) : (
      <main className="ember-page wide">Loading…</main>
    );
  }
  if (account === null) {
    return (
      <main className="ember-page wide">
        <h1>Ember dashboard</h1>
        <p className="ember-hint">No Gmail account yet: open Gmail with Ember installed and track a deal.</p>
        <p className="ember-hint">Or see the figures on a sample account with a few made-up deals first.</p>
        <button
          className="ember-button primary"
          type="button"
          onClick={() =>
            void client.request('loadSampleData', { account: SAMPLE_ACCOUNT }).then(
              () => {
                setChosen(SAMPLE_ACCOUNT);
                setVersion((value) => value + 1);
              },
              (caught: unknown) => setError(`The sample data could not be loaded: ${errorMessage(caught)}`),
            )
          }
        >
          Try Ember with sample data
        </button>
        {error && (
          <p className="ember-error" role="alert">
            {error}
          </p>
        )}
      </main>
    );
  }

  const shown = loaded?.account === account ? loaded.answer : null;

  const exportCsv = async (table: ExportedTable) => {
    try {
      const [rows, contacts, { stageNames }] = await Promise.all([
        readTable(account, table),
        table === 'deals' ? readTable(account, 'contacts') : Promise.resolve([]),
        client.request('getWorkflow', { account }),
      ]);
      download(`ember-${table}.csv`, tableCsv(table, rows, stageNames, contacts));
      setExportError(null);
    } catch (caught: unknown) {
      setExportError(errorMessage(caught));
    }
  };

  return (
    <main className="ember-page wide" aria-label="Dashboard">
      <h1>
        <img src="/icon/48.png" alt="" width={28} height={28} /> How the workflow is doing
      </h1>
      {accounts.length > 1 && (
        <AccountPicker
          accounts={accounts}
          value={account}
          onChange={(chosenAccount) => {
            setChosen(chosenAccount);
            // Stage ids are the account's own workflow's.
            setStage('');
          }}
        />
      )}
      {account === SAMPLE_ACCOUNT && (
        <SampleBanner
          client={client}
          onRemoved={() => {
            // Off the list at once: a read of the removed account would bring it back.
            setAccounts((list) => list?.filter((address) => address !== SAMPLE_ACCOUNT) ?? null);
            setChosen(null);
          }}
        />
      )}
      <div className="ember-row filters">
        <label>
          From{' '}
          <input
            type="date"
            value={from}
            max={to || undefined}
            aria-invalid={rangeInvalid || undefined}
            aria-describedby={rangeInvalid ? rangeErrorId : undefined}
            onChange={(event) => setFrom(event.target.value)}
          />
        </label>
        <label>
          To{' '}
          <input
            type="date"
            value={to}
            min={from || undefined}
            aria-invalid={rangeInvalid || undefined}
            aria-describedby={rangeInvalid ? rangeErrorId : undefined}
            onChange={(event) => setTo(event.target.value)}
          />
        </label>
        <label>
          Stage{' '}
          <select value={stage} aria-describedby={stageHintId} onChange={(event) => setStage(event.target.value)}>
            <option value="">All stages</option>
            {shown?.dashboard.funnel.map((entry) => (
              <option key={entry.stage} value={entry.stage}>
                {entry.name}
              </option>
            ))}
          </select>
        </label>
        {/* Said, not left to be guessed: the figures by trigger and by week are the whole account's. */}
        <span id={stageHintId} className="ember-hint">
          A stage narrows the figures by stage: latency by stage, time in stage and conversion.
        </span>
      </div>
      {rangeInvalid && (
        <p id={rangeErrorId} className="ember-error" role="alert">
          “From” is after “To”: choose a From date on or before the To date.
        </p>
      )}

      {rangeInvalid ? null : shown ? (
        <>
          {error && (
            <p className="ember-error" role="alert">
              {error}
            </p>
          )}
          <Figures answer={shown} stage={stage} ranged={from !== '' || to !== ''} />
          <Unlinked
            unlinked={shown.unlinked}
            link={(thread, deal) =>
              void client.request('linkThread', { account, thread, deal }).then(
                () => setVersion((value) => value + 1),
                (caught: unknown) => setError(errorMessage(caught)),
              )
            }
          />
        </>
      ) : error ? (
        <p className="ember-error" role="alert">
          Ember could not load the dashboard: {error}
        </p>
      ) : (
        <p>Loading…</p>
      )}

      <section className="ember-card" aria-label="Export">
        <h2>Export</h2>
        <div className="ember-row">
          <button className="ember-button" type="button" onClick={() => void exportCsv('deals')}>
            Deals (CSV)
          </button>
          <button className="ember-button" type="button" onClick={() => void exportCsv('stageEvents')}>
            Stage events (CSV)
          </button>
          <button className="ember-button" type="button" onClick={() => void exportCsv('triggers')}>
            Triggers (CSV)
          </button>
        </div>
        {exportError && (
          <p className="ember-error" role="alert">
            Ember could not export the file: {exportError}
          </p>
        )}
      </section>
    </main>
  );
}

/** The figures of one range, or that it has none: an empty range must not read as a perfect one. */
function Figures({ answer: { dashboard }, stage, ranged }: { answer: Loaded; stage: string; ranged: boolean }) {
  const only = <T extends { stage: string }>(rows: T[]) => (stage ? rows.filter((row) => row.stage === stage) : rows);

  if (!hasFigures(dashboard)) {
    return (
      <section className="ember-card" aria-label="No data">
        <h2>{ranged ? 'No data for this range' : 'No data yet'}</h2>
        <p className="ember-hint">
          {ranged
            ? 'No deal was created and no trigger fired between these dates: choose other dates, or clear them to see all.'
            : 'Track a deal in Gmail, or load the sample data from the queue, and its figures appear here.'}
        </p>
      </section>
    );
  }

  const funnel = only(dashboard.funnel);
  return (
    <>
      <section className="ember-card" aria-label="What to fix next">
        <h2>What to fix next</h2>
        <p>
          {dashboard.fixNext ? (
            <strong>{dashboard.fixNext.why}</strong>
          ) : hasVerdict(dashboard) ? (
            'Nothing stands out: no stage missed its SLA or lost a deal.'
          ) : (
            'Nothing to judge yet: no trigger has come due, and no deal has moved on from a stage or been lost.'
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
        <Chart
          title="Met and missed by trigger"
          height={220}
          chart={(labelledBy) => (
            <BarChart
              aria-labelledby={labelledBy}
              data={dashboard.latencyByKind.map((entry) => ({
                name: TRIGGER_TEXT[entry.kind],
                met: entry.met,
                missed: entry.missed,
              }))}
            >
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="name" tick={AXIS_TICK} />
              <YAxis allowDecimals={false} tick={AXIS_TICK} />
              <Tooltip {...BAR_TOOLTIP} />
              <Legend formatter={legendText} />
              <Bar isAnimationActive={false} dataKey="met" stackId="sla" fill={SERIES.met} name="Met" />
              <Bar isAnimationActive={false} dataKey="missed" stackId="sla" fill={SERIES.missed} name="Missed" />
            </BarChart>
          )}
        />
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
          <Chart
            title="Working time to action"
            height={180}
            chart={(labelledBy) => (
              <BarChart aria-labelledby={labelledBy} data={dashboard.distribution}>
                <XAxis dataKey="bucket" tick={AXIS_TICK} />
                <YAxis allowDecimals={false} tick={AXIS_TICK} />
                <Tooltip {...BAR_TOOLTIP} />
                <Bar isAnimationActive={false} dataKey="count" fill={SERIES.primary} name="Done in" />
              </BarChart>
            )}
          />
          <Chart
            title="In SLA by week"
            height={180}
            chart={(labelledBy) => (
              <LineChart aria-labelledby={labelledBy} data={weeklyTrend(dashboard.weekly)}>
                <XAxis dataKey="week" tick={AXIS_TICK} />
                <YAxis domain={[0, 100]} unit="%" tick={AXIS_TICK} />
                <Tooltip {...LINE_TOOLTIP} />
                <Line
                  isAnimationActive={false}
                  type="monotone"
                  dataKey="rate"
                  connectNulls={false}
                  stroke={SERIES.trend}
                  strokeWidth={2}
                  // Filled dots: a week between two empty ones has no line to show it, only its dot.
                  dot={{ r: 4, fill: SERIES.trend, strokeWidth: 0 }}
                  name="In SLA"
                />
              </LineChart>
            )}
          />
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
        <Chart
          title="Days in stage"
          height={220}
          chart={(labelledBy) => (
            <BarChart
              aria-labelledby={labelledBy}
              data={only(dashboard.timeInStage).map((entry) => ({
                name: entry.name,
                median: inDays(entry.medianHours),
                p90: inDays(entry.p90Hours),
              }))}
            >
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="name" tick={AXIS_TICK} />
              <YAxis tick={AXIS_TICK} tickFormatter={(days: number) => `${days.toFixed(1)} d`} />
              <Tooltip
                {...BAR_TOOLTIP}
                formatter={(days) => (typeof days === 'number' ? `${days.toFixed(1)} d` : days)}
              />
              <Legend formatter={legendText} />
              <Bar isAnimationActive={false} dataKey="median" fill={SERIES.primary} name="Median" />
              <Bar isAnimationActive={false} dataKey="p90" fill={SERIES.secondary} name="p90" />
            </BarChart>
          )}
        />
        <Table
          caption="Stints that moved forward or won, in days (a loss or a move back says nothing about pace)"
          head={['Stage', 'Completed', 'Median', 'p90', 'Open now', 'Sitting longest']}
          rows={only(dashboard.timeInStage).map((entry) => [
            entry.name,
            entry.completed,
            daysText(entry.medianHours),
            daysText(entry.p90Hours),
            entry.open,
            entry.longest.map((deal) => `${deal.title} (${daysText(deal.hours)})`).join(', ') || '—',
          ])}
        />
      </section>

      <section className="ember-card" aria-label="Conversion">
        <h2>Conversion</h2>
        <p>
          Win rate: <strong>{percent(dashboard.winRate)}</strong>
        </p>
        <Chart
          title="Deals by stage"
          // Tall enough for every stage's bars at their thickness: a fixed height made them hair-thin.
          height={funnel.length * CONVERSION_BAND + CONVERSION_FRAME}
          chart={(labelledBy) => (
            <BarChart aria-labelledby={labelledBy} layout="vertical" data={funnel} barGap={2} barCategoryGap={16}>
              <XAxis type="number" allowDecimals={false} tick={AXIS_TICK} />
              <YAxis type="category" dataKey="name" width={90} tick={AXIS_TICK} />
              <Tooltip {...BAR_TOOLTIP} />
              <Legend formatter={legendText} />
              <Bar
                isAnimationActive={false}
                dataKey="entered"
                fill={SERIES.secondary}
                name="Entered"
                barSize={BAR_THICKNESS}
              />
              <Bar
                isAnimationActive={false}
                dataKey="advanced"
                fill={SERIES.primary}
                name="Advanced"
                barSize={BAR_THICKNESS}
              />
              <Bar
                isAnimationActive={false}
                dataKey="lost"
                fill={SERIES.missed}
                name="Lost here"
                barSize={BAR_THICKNESS}
              />
            </BarChart>
          )}
        />
        <Table
          caption="By each deal's furthest stage; undecided deals are left out of the rate"
          head={['Stage', 'Entered', 'Advanced', 'Lost here', 'Rate']}
          rows={funnel.map((entry) => [entry.name, entry.entered, entry.advanced, entry.lost, percent(entry.rate)])}
        />
      </section>
    </>
  );
}

/** Buyer mail Ember could not place, each with the deals it might belong to. */
function Unlinked({ unlinked, link }: { unlinked: Loaded['unlinked']; link: (thread: string, deal: string) => void }) {
  return (
    <section className="ember-card" aria-label="Unlinked buyer mail">
      <h2>Unlinked buyer mail</h2>
      {unlinked.length === 0 ? (
        <p className="ember-hint">None: every buyer message found its deal.</p>
      ) : (
        <ul>
          {unlinked.map((entry) => (
            <li key={entry.message}>
              {entry.from} <span className="ember-hint">{formatDateTime(entry.at)}</span>{' '}
              {entry.candidates.map((deal) => (
                <button
                  key={deal.id}
                  className="ember-button"
                  type="button"
                  onClick={() => link(entry.thread, deal.id)}
                >
                  Link to {deal.title}
                </button>
              ))}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
