/*
 * PENDING (issue 7), not run by vitest (its name does not end in .test.ts). Stopping the service
 * worker through CDP while ten 500-message batches are in flight, then sending them all again,
 * leaves a store that differs from an uninterrupted run. Diagnosis so far: no batch is half-written
 * (after the stop, batches 5–10 are stored whole and 1–4 not at all), but the batches that survived
 * were the later ones, so on the resend the earlier mail arrives after the later mail, and the engine
 * applies mail in arrival order: the result then depends on the order mail arrived in. The same
 * happens in real use when an old thread is opened after newer mail was seen. The fix is in the
 * engine, not the store: when mail older than what a deal has already applied arrives, rebuild that
 * deal by replaying its stored inputs in time order (which needs dismissals and snoozes kept as
 * events too). Rename to .test.ts when that lands.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { MessageInput } from '@/lib/messaging/protocol';
import { createRequestProcessor } from '@/lib/messaging/server';
import { testBackground } from '../helpers/fake-ports';
import { E2E_EXTENSION_PATH, launchWithExtension, type ExtensionBrowser } from './chromium';
import { requestsFrom } from './extension-messaging';

const ACCOUNT = 'sam@emberseller.com';
const DEALS = 50;
const MESSAGES = 5_000;
const BATCH = 500;

/** 5,000 messages over the last three hours on 50 deals, both ways, deterministic. */
function mailOf(now: number): MessageInput[] {
  return Array.from({ length: MESSAGES }, (_, index) => {
    const deal = index % DEALS;
    const buyer = `buyer${deal}@account${deal}.example`;
    const fromBuyer = index % 3 !== 2;
    return {
      id: `msg-${index}`,
      thread: `thread-${deal}`,
      at: now - 3 * 3_600_000 + index * 2_000,
      from: fromBuyer ? buyer : ACCOUNT,
      to: fromBuyer ? [ACCOUNT] : [buyer],
      cc: index % 97 === 0 ? [`new${index}@account${deal}.example`] : [],
      subject: 'Pilot',
      body: `Message ${index}: how does the pilot work?`,
    };
  });
}

/** What must not depend on when or how often the work was done. */
function outcome(tables: { messages: { id: string; deal: string | null }[]; triggers: Record<string, unknown>[] }) {
  return {
    messages: tables.messages.map((message) => `${message.id}→${message.deal}`).sort(),
    triggers: tables.triggers
      .map((t) => [t.deal, t.kind, t.stakeholder, t.firedAt, t.dueAt, t.status, t.resolvedBy].join('|'))
      .sort(),
  };
}

describe('the service worker killed while it ingests', () => {
  let browser: ExtensionBrowser;
  let page: Page;
  const now = Date.now();

  beforeAll(async () => {
    browser = await launchWithExtension(E2E_EXTENSION_PATH);
    page = await browser.context.newPage();
    await page.goto(`chrome-extension://${browser.extensionId}/options.html`);
  }, 30_000);
  afterAll(async () => {
    await browser?.close();
  });

  test('after a restart, ingesting again gives the store of an uninterrupted run, no trigger twice', async () => {
    const { send, setClock } = requestsFrom(page);
    await setClock(now);
    for (let deal = 0; deal < DEALS; deal += 1) {
      await send('createDeal', {
        account: ACCOUNT,
        id: `deal-${deal}`,
        title: `Deal ${deal}`,
        stage: 'contact',
        contacts: [`buyer${deal}@account${deal}.example`],
      });
    }
    const mail = mailOf(now);
    const batches = Array.from({ length: MESSAGES / BATCH }, (_, index) =>
      mail.slice(index * BATCH, (index + 1) * BATCH),
    );

    // Fire every batch, and stop the worker while they are in flight.
    const inFlight = batches.map((messages) =>
      send('ingestMessages', { account: ACCOUNT, messages }).then(
        () => 'ok',
        () => 'cut',
      ),
    );
    await new Promise((resolve) => setTimeout(resolve, 150));
    const cdp = await browser.context.newCDPSession(page);
    const { targetInfos } = (await cdp.send('Target.getTargets')) as {
      targetInfos: { type: string; targetId: string }[];
    };
    await cdp.send('Target.closeTarget', {
      targetId: targetInfos.find((target) => target.type === 'service_worker')!.targetId,
    });
    const results = await Promise.all(inFlight);
    console.log(`batches before the worker stopped: ${results.filter((r) => r === 'ok').length} of ${results.length}`);

    // The worker restarts on the next message; everything is sent again.
    await setClock(now);
    for (const messages of batches) await send('ingestMessages', { account: ACCOUNT, messages });
    const interrupted = (await send('exportData', { account: ACCOUNT })) as Parameters<typeof outcome>[0] & {
      tables: never;
    };

    // The same work, never interrupted, in Node over the same code.
    const harness = testBackground();
    harness.clock.set(now);
    const process = createRequestProcessor(harness.background.handlers(), () => true);
    for (let deal = 0; deal < DEALS; deal += 1) {
      await process(
        'createDeal',
        {
          account: ACCOUNT,
          id: `deal-${deal}`,
          title: `Deal ${deal}`,
          stage: 'contact',
          contacts: [`buyer${deal}@account${deal}.example`],
        },
        {},
      );
    }
    for (const messages of batches) await process('ingestMessages', { account: ACCOUNT, messages }, {});
    const exported = await process('exportData', { account: ACCOUNT }, {});
    if (!exported.ok) throw new Error(exported.error.message);

    const expected = outcome((exported.value as { tables: Parameters<typeof outcome>[0] }).tables);
    const actual = outcome((interrupted as unknown as { tables: Parameters<typeof outcome>[0] }).tables);
    expect(actual.messages).toHaveLength(MESSAGES);
    expect(actual).toEqual(expected);
  }, 120_000);
});
