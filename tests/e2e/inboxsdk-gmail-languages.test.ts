import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { insideEmber } from './closed-shadow';
import { message, SHOWN_DATE, thread, type Mailbox } from './inboxsdk-gmail/mailbox';
import { openInboxSdkGmailSession, type InboxSdkGmailSession } from './inboxsdk-gmail/session';

const ACCOUNT = 'sam@emberseller.com';
const MINUTE = 60_000;
const sam = { name: 'Sam Rivera', address: ACCOUNT };
const dana = { name: 'Dana Lee', address: 'dana@acme.example' };
const started = Date.now();

/**
 * Gmail in the rep's language shows dates in it. Each message's time must come out the same in
 * every language: from its id (Gmail's ids carry the time), or, for an id that carries none, from
 * the date Gmail shows, read in that language. Never from when Ember saw it.
 */
describe.each(['fr', 'de', 'es', 'ja'])('Gmail in %s (real InboxSDK, production build)', (language) => {
  let session: InboxSdkGmailSession;
  let gmail: Page;
  const index = ['fr', 'de', 'es', 'ja'].indexOf(language);
  // Hours apart per language, so that no two share a minute; minutes are what Gmail's date shows.
  const dated = message({ from: dana, to: [sam], at: started - (index + 2) * 97 * MINUTE - 17_345, body: 'Bonjour' });
  // An id whose high bits are no time Gmail could have written: only the shown date tells.
  const shownOnly = message({
    id: `0000000000${index}abc`,
    from: dana,
    to: [sam],
    at: started - (index + 2) * 61 * MINUTE - 29_000,
    body: 'Hallo',
  });
  const mailbox: Mailbox = {
    account: ACCOUNT,
    language,
    threads: [thread(`Pilot (${language})`, [dated]), thread(`Pricing (${language})`, [shownOnly])],
  };

  beforeAll(async () => {
    session = await openInboxSdkGmailSession(mailbox);
    await session.send('createDeal', { account: ACCOUNT, id: 'acme', title: 'Acme', contacts: [dana.address] });
    gmail = await session.openGmail();
  }, 60_000);

  afterEach(() => {
    expect(session.foreignRequests()).toEqual([]);
  });

  afterAll(async () => {
    await session?.close();
  });

  test('the page shows its dates in the language', async () => {
    const title = await gmail.locator('#rows tr .row-date').first().getAttribute('title');
    expect(title).toBe(new Intl.DateTimeFormat(language, SHOWN_DATE).format(dated.at));
  });

  test("each message keeps Gmail's time: to the millisecond from its id, to the minute from the shown date", async () => {
    for (const subject of [`Pilot (${language})`, `Pricing (${language})`]) {
      await gmail.evaluate(() => (location.hash = '#inbox'));
      await gmail.locator('#rows tr', { hasText: subject }).click();
      // The sidebar shows the deal once the thread's mail is placed on it.
      const heading = insideEmber(gmail.locator('.brC-brG .ember-root')).getByRole('heading', {
        name: 'Acme',
        exact: true,
      });
      await expect.poll(() => heading.isVisible(), { timeout: 20_000 }).toBe(true);
    }
    const times = async () =>
      Object.fromEntries(
        (await session.send('getDeal', { account: ACCOUNT, deal: 'acme' })).messages.map((m) => [m.id, m.at]),
      );
    await expect
      .poll(times, { timeout: 20_000 })
      .toEqual({ [dated.id]: dated.at, [shownOnly.id]: Math.floor(shownOnly.at / MINUTE) * MINUTE });
  });
});
