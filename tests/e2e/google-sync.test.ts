import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { ResponseData } from '@/lib/messaging/protocol';
import { startFakeGoogleServer, type FakeGoogleServer, type FakeMail } from '../google/fake-google-server';
import { requestsFrom, useExtensionPage } from './extension-messaging';

/*
 * Gmail and Calendar through Google's APIs, in Chromium, with no Gmail tab: the e2e build's
 * background is pointed at the fake Google server (lib/background/test-google.ts), the rep connects
 * from the options page, and everything else happens in the background. `syncGoogle` is the
 * minute alarm's round, asked for at once.
 */
const REP = 'sam@emberseller.com';
const DANA = 'dana@acme.com';
const at = (iso: string) => Date.parse(iso);
/** Tuesday 1 December 2026, 9:00 in New York. */
const T0 = at('2026-12-01T14:00:00Z');
const MINUTE = 60_000;

const mail = (from: string, to: string[], when: number, subject: string, text: string): FakeMail => ({
  from,
  to,
  subject,
  text,
  at: when,
});

describe('Gmail and Calendar in the background, with no Gmail tab', () => {
  const session = useExtensionPage();
  let fake: FakeGoogleServer;
  let reply: ResponseData<'getQueue'>[number] | undefined;
  const older: string[] = [];

  beforeAll(async () => {
    fake = await startFakeGoogleServer({ account: REP });
  });
  afterAll(async () => {
    await fake?.close();
  });

  const requests = () => requestsFrom(session.page);
  const syncRound = () => requests().send('syncGoogle', { account: REP });

  test('the rep connects from the options page', async () => {
    const { page } = session;
    await requests().setClock(T0);
    await page.evaluate((baseUrl) => chrome.runtime.sendMessage({ type: 'e2e:setGoogle', baseUrl }), fake.baseUrl);
    await page.reload();
    await page.getByRole('button', { name: 'Connect Gmail and Calendar' }).click();
    await expect.poll(() => page.getByText(`Connected as ${REP}`).count()).toBe(1);
    // (How long ago reads oddly here: the page's clock is real, the background's is the test's.)
    await expect.poll(() => page.getByRole('status', { name: 'Google sync' }).textContent()).toMatch(/synced/);
    expect(session.browser.context.pages().some((tab) => tab.url().startsWith('https://mail.google.com'))).toBe(false);
  });

  test('tracking a deal backfills three older threads (and the rep’s answer), and a buyer reply fires its trigger in one round', async () => {
    const { send } = requests();
    older.push(
      fake.deliver(mail(DANA, [REP], at('2026-09-14T15:00:00Z'), 'Intro', 'We keep losing track of renewals.')),
      fake.deliver(
        mail(DANA, [REP], at('2026-10-05T15:00:00Z'), 'Security review', 'Our CISO needs the SOC 2 report.'),
      ),
      fake.deliver(mail(DANA, [REP], at('2026-11-09T15:00:00Z'), 'Budget', 'Budget for 40 seats is approved.')),
      // The rep answered the last one: nothing of the history waits on them.
      fake.deliver(mail(REP, [DANA], at('2026-11-09T16:00:00Z'), 'Re: Budget', 'Great news, thank you.')),
    );
    await send('createDeal', { account: REP, id: 'acme', title: 'Acme', stage: 'contact', contacts: [DANA] });
    await expect
      .poll(async () => (await send('getDeal', { account: REP, deal: 'acme' })).messages.map((message) => message.id))
      .toEqual(older);

    fake.deliver(mail(DANA, [REP], T0 + 5 * MINUTE, 'Next steps', 'Can we talk this week?'));
    await requests().setClock(T0 + 6 * MINUTE);
    await syncRound();
    const queue = await send('getQueue', { account: REP });
    reply = queue.find((entry) => entry.trigger.deal === 'acme' && entry.trigger.kind === 'buyer_replied');
    expect(reply?.trigger).toMatchObject({ status: 'open', firedAt: T0 + 5 * MINUTE });
    const draft = await send('getDraft', { account: REP, trigger: reply!.trigger.id });
    // The draft is written from the whole relationship: the three older threads are in its history.
    // (Their text is datamarked as text from outside: lib/domain/drafting/datamark.ts.)
    for (const id of older) expect(draft.prompt.user).toContain(`id=${id}`);
    expect(draft.prompt.user).toMatch(/Security.review/);
    expect(draft.prompt.user).toMatch(/SOC.2.report/);
  });

  test('the reply the rep sent from the phone resolves the trigger with the right latency', async () => {
    const { send } = requests();
    fake.deliver(mail(REP, [DANA], T0 + 50 * MINUTE, 'Re: Next steps', 'Yes, Thursday at 10?'));
    await requests().setClock(T0 + 55 * MINUTE);
    await syncRound();
    const detail = await send('getDeal', { account: REP, deal: 'acme' });
    expect(detail.triggers.find((trigger) => trigger.id === reply?.trigger.id)).toMatchObject({
      status: 'done',
      latencyMinutes: 45,
    });
  });

  test('a calendar meeting with the buyer ends: meeting_ended fires with no click, and the recap lists it', async () => {
    const { send } = requests();
    fake.calendar.addEvent({
      summary: 'Acme discovery call',
      start: T0 + 120 * MINUTE,
      end: T0 + 150 * MINUTE,
      attendees: [{ email: DANA, responseStatus: 'accepted' }],
    });
    await syncRound();
    expect((await send('getDeal', { account: REP, deal: 'acme' })).meetings).toMatchObject([
      { title: 'Acme discovery call', start: T0 + 120 * MINUTE, end: T0 + 150 * MINUTE },
    ]);
    await requests().setClock(T0 + 151 * MINUTE);
    const ended = (await send('getQueue', { account: REP })).find((entry) => entry.trigger.kind === 'meeting_ended');
    expect(ended?.trigger).toMatchObject({ deal: 'acme', firedAt: T0 + 150 * MINUTE });
    const draft = await send('getDraft', { account: REP, trigger: ended!.trigger.id });
    expect(draft.kind).toBe('send_recap');
    expect(draft.prompt.user.slice(draft.prompt.user.indexOf('MEETINGS:'))).toMatch(/Acme.discovery.call/);
  });

  test('a 404, 401, 429 sequence recovers without losing or doubling a message', async () => {
    const { send } = requests();
    const sent = [
      fake.deliver(mail(DANA, [REP], T0 + 160 * MINUTE, 'Re: Recap', 'One correction.')),
      fake.deliver(mail(DANA, [REP], T0 + 161 * MINUTE, 'Re: Recap', 'And one more.')),
    ];
    fake.expireHistory();
    fake.fail('/gmail/v1/users/me/messages', { status: 401, body: { error: { code: 401, message: 'Invalid' } } });
    fake.fail('/batch/gmail/v1', {
      status: 429,
      headers: { 'retry-after': '1' },
      body: { error: { code: 429, message: 'Too many', errors: [{ reason: 'rateLimitExceeded' }] } },
    });
    await requests().setClock(T0 + 162 * MINUTE);
    const status = await syncRound();
    expect(status).toMatchObject({ lastError: null, reconnect: false });
    const ids = (await send('getDeal', { account: REP, deal: 'acme' })).messages.map((message) => message.id);
    expect(ids.filter((id) => sent.includes(id))).toEqual(sent);
    expect(new Set(ids).size).toBe(ids.length);
  });

  test('Google refusing twice shows "Reconnect Google" in the options page and the side panel', async () => {
    const { page, browser } = session;
    const refused = { status: 401, body: { error: { code: 401, message: 'Invalid Credentials' } } };
    fake.fail('/gmail/v1/users/me/history', refused, refused);
    expect(await syncRound()).toMatchObject({ reconnect: true });
    await page.reload();
    await expect.poll(() => page.getByRole('button', { name: 'Reconnect Google' }).count()).toBe(1);
    const panel = await browser.context.newPage();
    await panel.goto(`chrome-extension://${browser.extensionId}/sidepanel.html`);
    await expect.poll(() => panel.getByRole('link', { name: 'Reconnect Google' }).count()).toBe(1);
    await panel.close();
  });

  test('Disconnect revokes the token at Google and forgets the sync; the deals keep their mail', async () => {
    const { page } = session;
    await page.getByRole('button', { name: 'Disconnect' }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Connect Gmail and Calendar' }).count()).toBe(1);
    expect(fake.revoked).toHaveLength(1);
    expect(fake.revoked[0]).toMatch(/^e2e-token-\d+$/);
    const status = await requests().send('getGoogleStatus', { account: REP });
    expect(status).toMatchObject({ connection: null, lastSyncAt: null, reconnect: false });
    expect((await requests().send('getDeal', { account: REP, deal: 'acme' })).messages.length).toBeGreaterThan(4);
  });
});
