import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { expect, test } from 'vitest';
import { E2E_EXTENSION_PATH, EXTENSION_PATH } from '../e2e/chromium';

/**
 * Bundle sizes are not noisy, so they are checked on every test run. What matters most is what
 * Gmail parses and runs at page load: the content script. The e2e build's content script is Ember's
 * own (its fixture host stands in for InboxSDK); the UI script (React) is loaded after the page. The
 * ceilings other than the budget stop growth.
 */
const KB = 1024;
const PAGE_LOAD_BUDGET = 150 * KB;

const read = (build: string, file: string) => readFileSync(join(build, file));
const kb = (bytes: number) => `${(bytes / KB).toFixed(0)} KB`;
const describe = (script: Buffer) => `${kb(script.length)} minified, ${kb(gzipSync(script).length)} gzipped`;

test('content script sizes', () => {
  const pageLoad = read(E2E_EXTENSION_PATH, 'content-scripts/gmail.js');
  const ui = read(EXTENSION_PATH, 'gmail-ui.js');
  const withInboxSdk = read(EXTENSION_PATH, 'content-scripts/gmail.js');
  console.log(
    [
      `content script at page load, without InboxSDK: ${describe(pageLoad)} (budget ${kb(PAGE_LOAD_BUDGET)})`,
      `Gmail UI script, loaded after the page: ${describe(ui)}`,
      `whole production content bundle: ${kb(withInboxSdk.length + ui.length)} (content script with InboxSDK ${kb(withInboxSdk.length)} + UI script)`,
    ].join('\n'),
  );
  expect(pageLoad.length).toBeLessThanOrEqual(PAGE_LOAD_BUDGET);
  expect(ui.length).toBeLessThanOrEqual(300 * KB);
  expect(withInboxSdk.length + ui.length).toBeLessThanOrEqual(1_350 * KB);
});

test('React and zod stay out of the script Gmail runs at page load', () => {
  // React 19's element tag and zod's base schema name survive minification as strings.
  for (const build of [E2E_EXTENSION_PATH, EXTENSION_PATH]) {
    const pageLoad = read(build, 'content-scripts/gmail.js').toString();
    expect(pageLoad).not.toContain('react.transitional.element');
    expect(pageLoad).not.toContain('$ZodType');
  }
  expect(read(EXTENSION_PATH, 'gmail-ui.js').toString()).toContain('react.transitional.element');
});

test('the UI script is run on request, not listed as a content script', () => {
  const manifest = JSON.parse(read(EXTENSION_PATH, 'manifest.json').toString()) as {
    content_scripts: { js: string[] }[];
    web_accessible_resources?: unknown;
  };
  expect(manifest.content_scripts.flatMap((script) => script.js)).toEqual(['content-scripts/gmail.js']);
  // chrome.scripting runs extension files without exposing them to Gmail's page.
  expect(manifest.web_accessible_resources).toBeUndefined();
});
