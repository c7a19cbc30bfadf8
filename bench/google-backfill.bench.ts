import { QUOTA_UNITS, UNITS_PER_SECOND } from '../lib/background/google/pacing';
import { launchWithExtension } from '../tests/e2e/chromium';
import { startFakeGoogleServer, type FakeGoogleServer } from '../tests/google/fake-google-server';
import type { BackfillDeal, BackfillSamples, BenchPageApi } from './in-extension/api';
import { absoluteFigure, ratioFigure, type BenchFigure } from './report';
import { startProfiler } from './store.bench';

/**
 * A first Google backfill (issue 16): 2,000 messages over 50 deals, from the fake Google server
 * over real HTTP and real pacing, into the production build's IndexedDB through the product's
 * MailSync and AccountService (bench/in-extension/bench-page.ts). Three figures:
 *
 * - how long it takes, with messages and quota units per second beside it (no budget: pacing sets it);
 * - the busiest second of quota units as the fake Google saw requests arrive: at most 250;
 * - the store's share, the ingest of each batch, against a bare bulkPut of the rows it wrote: the
 *   ingest figures' budget.
 *
 * One backfill a run: each takes some 45 s of pacing, and its batches are its repetitions.
 */
const DEALS = 50;
const MESSAGES_PER_DEAL = 40;
const REP = 'bench-google@emberseller.com';
const INGEST_BUDGET = 2;
type BenchWindow = { emberBench?: BenchPageApi };

function mailbox(server: FakeGoogleServer): BackfillDeal[] {
  const start = Date.parse('2026-05-04T13:00:00Z');
  const deals: BackfillDeal[] = [];
  for (let deal = 0; deal < DEALS; deal += 1) {
    const buyer = `buyer${deal}@account${deal}.example`;
    deals.push({ id: `deal-${deal}`, title: `Account ${deal}`, contacts: [buyer] });
    for (let n = 0; n < MESSAGES_PER_DEAL; n += 1) {
      const inbound = n % 2 === 0;
      server.deliver({
        from: inbound ? buyer : REP,
        to: [inbound ? REP : buyer],
        ...(n % 10 === 4 ? { cc: [`cfo${deal}@account${deal}.example`] } : {}),
        subject: `Account ${deal}: thread ${Math.floor(n / 4)}`,
        text: inbound
          ? `Thanks. Could you send the numbers for ${20 + n} seats before Friday?`
          : `Here they are: ${20 + n} seats, starting next month.`,
        // Spread over six months, deals interleaved as a real mailbox has them.
        at: start + (n * DEALS + deal) * 2 * 3_600_000,
      });
    }
  }
  return deals;
}

/** Quota units of each request the fake saw, by when it came. */
function unitsOf(server: FakeGoogleServer): { at: number; units: number }[] {
  return server.requests.flatMap(({ line, inBatch, at }) => {
    if (line.startsWith('POST /batch/')) return [];
    const path = line.split(' ')[1] ?? '';
    const units = inBatch
      ? QUOTA_UNITS['messages.get']
      : path.startsWith('/gmail/v1/users/me/messages')
        ? QUOTA_UNITS['messages.list']
        : path.startsWith('/gmail/v1/users/me/history')
          ? QUOTA_UNITS['history.list']
          : QUOTA_UNITS.getProfile;
    return [{ at, units }];
  });
}

/** The most units in any one-second window, wherever it starts. */
export function busiestSecond(spent: readonly { at: number; units: number }[]): number {
  const sorted = [...spent].sort((a, b) => a.at - b.at);
  let worst = 0;
  let inWindow = 0;
  let first = 0;
  for (const entry of sorted) {
    inWindow += entry.units;
    while (sorted[first]!.at <= entry.at - 1_000) inWindow -= sorted[first++]!.units;
    worst = Math.max(worst, inWindow);
  }
  return worst;
}

export async function benchGoogleBackfill(extensionPath: string): Promise<BenchFigure[]> {
  const server = await startFakeGoogleServer({ account: REP });
  const browser = await launchWithExtension(extensionPath);
  try {
    const deals = mailbox(server);
    const page = await browser.context.newPage();
    await page.goto(`chrome-extension://${browser.extensionId}/bench.html`);
    await page.waitForFunction(() => !!(globalThis as BenchWindow).emberBench);
    // BENCH_PROFILE=google: a CPU profile of the backfill's page, as for the store figures.
    const profiler = process.env.BENCH_PROFILE === 'google' ? await startProfiler(page) : null;
    const samples: BackfillSamples = await page.evaluate(
      ([baseUrl, deals]) => (globalThis as BenchWindow).emberBench!.googleBackfill(baseUrl, deals),
      [server.baseUrl, deals] as const,
    );
    if (profiler) console.error(`CPU profile of the Google backfill: ${await profiler.stop()}`);
    const spent = unitsOf(server);
    const units = spent.reduce((sum, entry) => sum + entry.units, 0);
    const seconds = samples.milliseconds / 1000;
    const rates = `${(samples.messages / seconds).toFixed(1)} messages/s, ${(units / seconds).toFixed(1)} units/s on average`;
    console.error(`google backfill: ${samples.work}; ${seconds.toFixed(1)} s, ${rates}`);
    const expected = DEALS * MESSAGES_PER_DEAL;
    if (samples.messages !== expected) throw new Error(`the backfill ingested ${samples.messages} of ${expected}`);
    return [
      {
        figure: `Google backfill: ${expected} messages over ${DEALS} deals from the fake Google`,
        value: seconds,
        unit: 's',
        limitName: null,
        limit: null,
        ratio: null,
        budget: null,
        pass: true,
        note: `${samples.work}; ${rates}`,
      },
      absoluteFigure({
        figure: 'Google backfill: quota units in its busiest second, as requests arrived',
        value: busiestSecond(spent),
        budget: UNITS_PER_SECOND,
        unit: 'units',
        note: `${units} units in all`,
      }),
      ratioFigure({
        figure: "Google backfill: the store's ingest of its batches",
        value: samples.ingest,
        limitName: 'bare bulkPut of every row each batch wrote',
        limit: samples.limit,
        budget: INGEST_BUDGET,
        unit: 'ms',
        note: samples.work,
      }),
    ];
  } finally {
    await browser.close();
    await server.close();
  }
}
