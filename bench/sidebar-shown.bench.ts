import { median } from '../lib/domain/stats';
import { appendHtml, openGmailSession, sidebarHostOf } from '../tests/e2e/gmail-session';
import { absoluteFigure, type BenchFigure } from './report';

const ACCOUNT = 'sam@emberseller.com';
const BUDGET_MS = 100;

const message = (id: string, from: string, date: string, text: string) =>
  `<article class="message" data-message-id="${id}" data-from="${from}" data-to="${ACCOUNT}" data-date="${date}">${text}</article>`;

/**
 * From the thread-view event to the deal sidebar on screen with its data, on the e2e build's
 * fixture host (everything else real: content script, messaging, background, IndexedDB). Each
 * repetition opens a new thread of a known contact, so the sidebar finds the deal and ingests the
 * thread's mail as it would in Gmail.
 */
export async function benchSidebarShown(e2eBuild: string, repetitions: number): Promise<BenchFigure> {
  const session = await openGmailSession(e2eBuild);
  try {
    await session.setClock('2026-04-06T15:00:00Z');
    await session.send('saveSettings', { account: ACCOUNT, settings: { timeZone: 'America/New_York' } });
    await session.send('createDeal', {
      account: ACCOUNT,
      id: 'acme',
      title: 'Acme',
      stage: 'discovery',
      contacts: ['dana@acme.com'],
    });
    const gmail = await session.openGmail();
    const shown: number[] = [];
    for (let run = 0; run < repetitions; run += 1) {
      const thread = `thread-${run}`;
      await appendHtml(
        gmail,
        '#main',
        `<section class="thread" data-thread-id="${thread}" data-subject="Pilot ${run}">` +
          message(`${thread}-1`, 'Dana Lee <dana@acme.com>', `2026-04-0${(run % 5) + 1}T14:00:00Z`, 'Can we talk?') +
          message(`${thread}-2`, `Sam <${ACCOUNT}>`, `2026-04-0${(run % 5) + 1}T15:00:00Z`, 'Tomorrow at 11?') +
          '</section>',
      );
      const ready = sidebarHostOf(gmail).and(gmail.locator('[data-ember-ready-at]'));
      await ready.waitFor({ timeout: 10_000 });
      const opened = Number(await gmail.locator('section.thread').getAttribute('data-opened-at'));
      shown.push(Number(await ready.getAttribute('data-ember-ready-at')) - opened);
      // Closing the thread, as Gmail does, before the next one opens.
      await gmail.evaluate(() => {
        document.querySelector('section.thread')?.remove();
        document.getElementById('sidebar')?.replaceChildren();
      });
    }
    console.error(`sidebar shown: ms ${shown.map((value) => value.toFixed(1)).join(' ')}`);
    return absoluteFigure({
      figure: 'sidebar shown with data after a thread opens (e2e fixture host)',
      value: median(shown)!,
      budget: BUDGET_MS,
      unit: 'ms',
      note: `${repetitions} thread opens of a known contact's threads`,
    });
  } finally {
    await session.close();
  }
}
