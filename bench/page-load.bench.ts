import { median } from '../lib/domain/stats';
import { launchWithExtension } from '../tests/e2e/chromium';
import { startGmailFixtureServer } from '../tests/e2e/gmail-fixture-server';
import { ratioFigure, type BenchFigure } from './report';

const BUDGET_RATIO = 1.25;
/** After network idle: InboxSDK keeps polling for Gmail's views, and that time counts too. */
const SETTLE_MS = 3_000;

/**
 * Main-thread script time of the Gmail page (the fixture served as https://mail.google.com) with
 * Ember's production build loaded, against the same page with a bare InboxSDK extension. On the
 * fixture page InboxSDK.load never resolves (it waits for Gmail's own views), so both pay
 * InboxSDK's start-up and the ratio is what Ember adds to it. Each load is a fresh browser, and the
 * variants alternate, so neither gets a warmer cache or a quieter machine.
 */
export async function benchPageLoad(ember: string, bare: string, repetitions: number): Promise<BenchFigure> {
  const server = await startGmailFixtureServer();
  const scriptMs = { ember: [] as number[], bare: [] as number[] };
  try {
    for (let run = 0; run < repetitions; run += 1) {
      const order = run % 2 === 0 ? (['ember', 'bare'] as const) : (['bare', 'ember'] as const);
      for (const variant of order) {
        scriptMs[variant].push(await scriptDuration(variant === 'ember' ? ember : bare, server.port));
      }
    }
  } finally {
    await server.close();
  }
  console.error(`page load, Ember: script ms ${scriptMs.ember.map((value) => value.toFixed(0)).join(' ')}`);
  console.error(`page load, bare InboxSDK: script ms ${scriptMs.bare.map((value) => value.toFixed(0)).join(' ')}`);
  return ratioFigure({
    figure: 'Gmail page load: main-thread script time with Ember (production build)',
    value: median(scriptMs.ember)!,
    limitName: 'the same page with a bare InboxSDK extension',
    limit: median(scriptMs.bare)!,
    budget: BUDGET_RATIO,
    unit: 'ms',
    note: `Performance.getMetrics ScriptDuration after network idle + ${SETTLE_MS / 1000} s, fresh browser per load`,
  });
}

async function scriptDuration(extension: string, port: number): Promise<number> {
  const browser = await launchWithExtension(extension, [
    `--host-resolver-rules=MAP mail.google.com 127.0.0.1:${port}`,
    '--ignore-certificate-errors',
  ]);
  try {
    const page = await browser.context.newPage();
    const cdp = await browser.context.newCDPSession(page);
    await cdp.send('Performance.enable');
    await page.goto('https://mail.google.com/mail/u/0/', { waitUntil: 'networkidle' });
    await page.waitForTimeout(SETTLE_MS);
    const { metrics } = await cdp.send('Performance.getMetrics');
    const seconds = metrics.find((metric) => metric.name === 'ScriptDuration')?.value;
    if (seconds === undefined) throw new Error('Chromium reported no ScriptDuration');
    return seconds * 1000;
  } finally {
    await browser.close();
  }
}
