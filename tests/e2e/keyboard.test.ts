import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { SAMPLE_ACCOUNT } from '@/lib/domain/sample/sample-scenario';
import { insideEmber, revealEmberRoots } from './closed-shadow';
import { requestsFrom, useExtensionPage } from './extension-messaging';

/*
 * Everything works by keyboard (issue 18). On each page, with the sample data in it, Tab walks the
 * page from the top: every control a pointer can reach must take the focus, in the order it is read,
 * and show that it has it. Then each page's main task is done with the keyboard alone.
 */

interface Stop {
  /** Which control it is, counted in reading order; null for one the page did not mark. */
  stop: number | null;
  /** The element's tag, its name (label, text or aria-label) and its role, to read a failure by. */
  name: string;
  /** Whether the focused element showed it: an outline, a ring (box-shadow) or a changed border. */
  indicated: boolean;
}

/**
 * Runs in the page: marks every visible control a pointer could use (buttons, links, fields,
 * anything with a tabindex of 0 or more), in document order, also inside Ember's shadow roots when
 * the test has revealed them, and returns their names. A radio group is one stop, as Tab treats it.
 */
const MARK_CONTROLS = `(() => {
  const roots = [document];
  for (const host of document.querySelectorAll('.ember-root')) {
    const root = host.shadowRoot ?? globalThis.__emberShadowRoots?.get(host);
    if (root) roots.push(root);
  }
  const selector = 'a[href], button, input, select, textarea, summary, [tabindex]';
  const names = [];
  const groups = new Set();
  let index = 0;
  for (const root of roots) {
    for (const element of root.querySelectorAll(selector)) {
      if (element.disabled || element.tabIndex < 0 || element.closest('[inert], [hidden]')) continue;
      if (!element.checkVisibility({ visibilityProperty: true })) continue;
      if (element.type === 'radio') {
        const group = element.form?.id + ':' + element.name;
        if (groups.has(group)) continue;
        groups.add(group);
        element.dataset.keyboardGroup = group;
      }
      element.dataset.keyboardStop = String(index++);
      names.push(globalThis.__keyboardName(element));
    }
  }
  return names;
})()`;

/** Runs in the page first: how an element is named in a failure, and the element that has the focus. */
const HELPERS = `(() => {
  globalThis.__keyboardName = (element) => {
    const label = element.getAttribute('aria-label') ?? element.labels?.[0]?.textContent ?? element.textContent ?? '';
    return element.localName + (element.getAttribute('role') ? '[' + element.getAttribute('role') + ']' : '') +
      ' "' + label.replace(/\\s+/g, ' ').trim().slice(0, 60) + '"';
  };
  globalThis.__keyboardFocused = () => {
    let element = document.activeElement;
    for (;;) {
      const root = element?.shadowRoot ?? globalThis.__emberShadowRoots?.get(element);
      if (!root?.activeElement) return element;
      element = root.activeElement;
    }
  };
})()`;

/** Runs in the page after a Tab: which stop has the focus now, and whether it shows it. */
const FOCUSED_STOP = `(() => {
  const element = globalThis.__keyboardFocused();
  if (!element || element === document.body) return null;
  const style = getComputedStyle(element);
  const outlined = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
  const ringed = style.boxShadow !== 'none';
  return {
    stop: element.dataset.keyboardStop ?? (element.type === 'radio' ? element.form?.id + ':' + element.name : null),
    name: globalThis.__keyboardName(element),
    indicated: outlined || ringed,
  };
})()`;

/** The controls of the page in reading order, and the stops Tab makes from the top of the page. */
async function walkByTab(page: Page): Promise<{ controls: string[]; stops: Stop[]; missed: string[] }> {
  await revealEmberRoots(page);
  await page.evaluate(HELPERS);
  const controls = await page.evaluate<string[]>(MARK_CONTROLS);
  const groupStops = await page.evaluate<Record<string, string>>(
    `Object.fromEntries([...document.querySelectorAll('[data-keyboard-group]')].map((element) => [element.dataset.keyboardGroup, element.dataset.keyboardStop]))`,
  );
  // From the top: the focus starts on the document itself.
  await page.evaluate(`document.activeElement?.blur(); window.focus()`);
  const stops: Stop[] = [];
  const seen: number[] = [];
  for (let presses = 0; presses < controls.length + 20; presses += 1) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate<{
      stop: string | null;
      name: string;
      indicated: boolean;
    } | null>(FOCUSED_STOP);
    if (focused === null) break; // past the last control, out of the page
    const stop = focused.stop === null ? null : Number(groupStops[focused.stop] ?? focused.stop);
    // A date or time field takes several Tabs, one for each of its parts: still the same stop.
    if (stop !== null && stop === seen.at(-1)) continue;
    if (stop !== null && seen.includes(stop)) break; // round to the top again
    if (stop !== null) seen.push(stop);
    stops.push({ stop, name: focused.name, indicated: focused.indicated });
  }
  const missed = controls.filter((_, index) => !seen.includes(index));
  return { controls, stops, missed };
}

describe('every page by keyboard alone', () => {
  const session = useExtensionPage();
  const url = (path: string) => `chrome-extension://${session.browser.extensionId}/${path}`;

  async function openWithSample(path: string, ready: (page: Page) => Promise<unknown>): Promise<Page> {
    const { send } = requestsFrom(session.page);
    if ((await send('listAccounts', {})).length === 0) await send('loadSampleData', { account: SAMPLE_ACCOUNT });
    const page = await session.browser.context.newPage();
    await page.setViewportSize({ width: 1200, height: 900 });
    await page.goto(url(path));
    await ready(page);
    return page;
  }

  const PAGES: [string, (page: Page) => Promise<unknown>][] = [
    ['sidepanel.html', (page) => page.locator('li[data-deal]').first().waitFor({ timeout: 20_000 })],
    [
      'dashboard.html',
      (page) =>
        page
          .getByText(/Sample · /)
          .first()
          .waitFor({ timeout: 20_000 }),
    ],
    ['options.html', (page) => page.getByRole('form', { name: 'Account settings' }).waitFor({ timeout: 20_000 })],
    [
      `preview.html?${new URLSearchParams({ account: SAMPLE_ACCOUNT, deal: 'sample-acme', thread: 'sample-t1' }).toString()}`,
      // The drafts come last: once they are in, the sidebar has all its controls.
      (page) =>
        insideEmber(page.locator('.sidebar-preview-panel .ember-root'))
          .getByRole('textbox', { name: 'Draft body' })
          .first()
          .waitFor({ timeout: 20_000 }),
    ],
  ];

  test.each(PAGES)(
    '%s: Tab reaches every control, in reading order, and each shows its focus',
    async (path, ready) => {
      const page = await openWithSample(path, ready);
      try {
        const { controls, stops, missed } = await walkByTab(page);
        expect(controls.length).toBeGreaterThan(3);
        expect(missed).toEqual([]);
        // Nothing takes the focus that was not found as a control, and the order is the reading order.
        expect(stops.filter((stop) => stop.stop === null).map((stop) => stop.name)).toEqual([]);
        const order = stops.map((stop) => stop.stop);
        expect(order).toEqual([...order].sort((a, b) => (a ?? 0) - (b ?? 0)));
        expect(stops.filter((stop) => !stop.indicated).map((stop) => stop.name)).toEqual([]);
      } finally {
        await page.close();
      }
    },
    120_000,
  );

  test('the side panel: filter, snooze and unsnooze, with keys only', async () => {
    const page = await openWithSample('sidepanel.html', PAGES[0]![1]);
    try {
      await page.evaluate(HELPERS);
      const rows = page.locator('li[data-deal]');
      const before = await rows.count();
      await tabTo(page, /^button "Stage"/);
      await page.keyboard.press('Enter');
      await tabWithin(page, 'ArrowDown', /^button\[menuitemradio\] "Contact"/);
      await page.keyboard.press('Enter');
      await expect.poll(() => page.locator('li[data-deal="sample-globex"]').count()).toBe(1);
      await expect.poll(() => rows.count()).toBe(1);
      expect(await focusedName(page)).toMatch(/^button "Stage: Contact"/);

      await tabTo(page, /^button "More actions for Sample · Globex/);
      await page.keyboard.press('Enter');
      await tabWithin(page, 'ArrowDown', /^button\[menuitem\] "Snooze for 1 hour"/);
      await page.keyboard.press('Enter');
      const snoozed = page.getByRole('region', { name: 'Snoozed' });
      await snoozed.waitFor();
      await tabTo(page, /^button "Unsnooze Sample · Globex/);
      await page.keyboard.press('Enter');
      await snoozed.waitFor({ state: 'detached' });
      await expect.poll(() => rows.count()).toBe(1);

      await tabTo(page, /^button "Stage: Contact"/, 'Shift+Tab');
      await page.keyboard.press('Enter');
      await tabWithin(page, 'Home', /^button\[menuitemradio\] "Any stage"/);
      await page.keyboard.press('Enter');
      await expect.poll(() => rows.count()).toBe(before);
    } finally {
      await page.close();
    }
  }, 60_000);

  test('the options page: change the working days and save, with keys only', async () => {
    const page = await openWithSample('options.html', PAGES[2]![1]);
    try {
      await page.evaluate(HELPERS);
      const saturday = page.getByRole('checkbox', { name: 'Sat' });
      const was = await saturday.isChecked();
      await tabTo(page, /^input "Sat"/);
      await page.keyboard.press('Space');
      expect(await saturday.isChecked()).toBe(!was);
      await tabTo(page, /^button "Save"/);
      await page.keyboard.press('Enter');
      const form = page.getByRole('form', { name: 'Account settings' });
      await expect.poll(() => form.getByRole('status').textContent()).toBe('Saved');
      const { send } = requestsFrom(session.page);
      const settings = (await send('getSettings', { account: SAMPLE_ACCOUNT })) as { workingHours: { days: number[] } };
      expect(settings.workingHours.days.includes(6)).toBe(!was);

      // Importing a backup starts from a button: Enter clicks the file input behind it, which is what
      // opens the browser's file picker. Counted in the page, with the picker itself held back: no
      // dialog, and no race with Playwright's file-chooser interception.
      await page.evaluate(`(() => {
        const input = document.querySelector('input[type=file]');
        globalThis.__filePickerOpened = 0;
        input.addEventListener('click', (event) => { event.preventDefault(); globalThis.__filePickerOpened += 1; });
      })()`);
      await tabTo(page, /^button "Import backup"/);
      await page.keyboard.press('Enter');
      await expect.poll(() => page.evaluate('globalThis.__filePickerOpened')).toBe(1);
      // One backup file at a time, as the picker offers it.
      expect(await page.locator('input[type=file]').getAttribute('multiple')).toBeNull();
    } finally {
      await page.close();
    }
  }, 60_000);

  test('the dashboard: narrow it to one stage, with keys only', async () => {
    const page = await openWithSample('dashboard.html', PAGES[1]![1]);
    try {
      await page.evaluate(HELPERS);
      const byStage = page.getByRole('table', { name: 'By stage' }).locator('tbody tr');
      expect(await byStage.count()).toBeGreaterThan(1);
      await tabTo(page, /^select "Stage/);
      await page.keyboard.press('ArrowDown');
      const stage = page.getByRole('combobox', { name: /^Stage/ });
      await expect
        .poll(() => stage.evaluate((select) => (select as HTMLSelectElement).selectedOptions[0]?.text))
        .toBe('Identify');
      await expect.poll(() => byStage.allTextContents()).toEqual([expect.stringMatching(/^Identify/)]);
    } finally {
      await page.close();
    }
  }, 60_000);

  test("the sidebar: advance the stage on the buyer's word, with keys only", async () => {
    const page = await openWithSample(PAGES[3]![0], PAGES[3]![1]);
    try {
      await page.evaluate(HELPERS);
      const sidebar = insideEmber(page.locator('.sidebar-preview-panel .ember-root'));
      await tabTo(page, /^button "Buyer did this → Advance to Propose"/);
      await page.keyboard.press('Enter');
      await sidebar.getByText('Discovery → Propose').waitFor({ timeout: 30_000 });
      const { send } = requestsFrom(session.page);
      const detail = (await send('getDeal', { account: SAMPLE_ACCOUNT, deal: 'sample-acme' })) as {
        deal: { stage: string };
      };
      expect(detail.deal.stage).toBe('propose');
    } finally {
      await page.close();
    }
  }, 60_000);
});

/** The focused element's name, as a failure reads it (HELPERS must have run in the page). */
async function focusedName(page: Page): Promise<string> {
  await revealEmberRoots(page);
  return page.evaluate<string>(
    `(() => { const element = globalThis.__keyboardFocused(); return element ? globalThis.__keyboardName(element) : ''; })()`,
  );
}

/** Presses `key` (Tab, or Shift+Tab) until the focused element's name matches; fails after 200. */
async function tabTo(page: Page, name: RegExp, key = 'Tab'): Promise<void> {
  await tabWithin(page, key, name, 200);
}

/** Presses `key` until the focused element's name matches, at most `limit` times. */
async function tabWithin(page: Page, key: string, name: RegExp, limit = 20): Promise<void> {
  const passed: string[] = [];
  for (let presses = 0; presses < limit; presses += 1) {
    const focused = await focusedName(page);
    if (name.test(focused)) return;
    passed.push(focused);
    await page.keyboard.press(key);
  }
  throw new Error(`${key} never reached ${String(name)}; it went by ${passed.slice(-12).join(', ')}`);
}
