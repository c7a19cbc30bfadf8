import { existsSync } from 'node:fs';
import { defineConfig } from 'wxt';

/**
 * The browser `npm run dev` opens: CHROME_PATH when set, else Debian's chromium when present,
 * else web-ext-run's own lookup of an installed Chrome.
 */
function chromeBinary(): string | undefined {
  if (process.env.CHROME_PATH) return process.env.CHROME_PATH;
  return existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined;
}

const chrome = chromeBinary();

export default defineConfig({
  modules: ['@wxt-dev/module-react'],
  manifest: {
    name: 'Ember',
    description: 'Your sales workflow, running itself inside Gmail.',
    minimum_chrome_version: '120',
  },
  webExt: {
    ...(chrome ? { binaries: { chrome } } : {}),
    // A kept profile keeps the rep's Gmail sign-in across `npm run dev` restarts.
    chromiumProfile: '.wxt/chrome-profile',
    keepProfileChanges: true,
    startUrls: ['https://mail.google.com/mail/u/0/'],
  },
});
