import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { registerShadowEngine, revealClosedShadowRoots } from './closed-shadow';

/** Debian's Chromium (installed by .ci/run); CHROME_PATH overrides it. Nothing downloads a browser. */
export const CHROMIUM_PATH = process.env.CHROME_PATH ?? '/usr/bin/chromium';

export const EXTENSION_PATH = resolve('.output/chrome-mv3');
/** The `--mode e2e` build: production code plus a clock tests can set and a write pause. */
export const E2E_EXTENSION_PATH = resolve('.output/chrome-mv3-e2e');

export interface ExtensionBrowser {
  context: BrowserContext;
  extensionId: string;
  close(): Promise<void>;
}

/** Headless Chromium with the built extension loaded, in a fresh profile. */
export async function launchWithExtension(
  extensionPath = EXTENSION_PATH,
  extraArgs: readonly string[] = [],
): Promise<ExtensionBrowser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium was not found at ${CHROMIUM_PATH}. Install Debian's package (apt-get install chromium) ` +
        'or point CHROME_PATH at a Chrome or Chromium binary.',
    );
  }
  await registerShadowEngine();
  const userDataDir = mkdtempSync(join(tmpdir(), 'ember-e2e-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: false,
    args: [
      '--headless=new',
      `--disable-extensions-except=${extensionPath}`,
      `--load-extension=${extensionPath}`,
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      ...extraArgs,
    ],
  });
  await revealClosedShadowRoots(context);
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 15_000 }));
  const extensionId = new URL(worker.url()).host;
  return {
    context,
    extensionId,
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
