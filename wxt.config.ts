import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { defineConfig } from 'wxt';
import { googleManifestFields } from './scripts/google-manifest';

/**
 * The browser `npm run dev` opens: CHROME_PATH when set, else Debian's chromium when present,
 * else web-ext's own lookup of an installed Chrome.
 */
function chromeBinary(): string | undefined {
  if (process.env.CHROME_PATH) return process.env.CHROME_PATH;
  return existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined;
}

const chrome = chromeBinary();

// A kept profile keeps the rep's Gmail sign-in across `npm run dev` restarts; web-ext needs it to exist.
const profile = resolve('.wxt/chrome-profile');
mkdirSync(profile, { recursive: true });

// InboxSDK's page-world script, from the installed package so it always matches its version.
const pageWorldScript = createRequire(import.meta.url).resolve('@inboxsdk/core/pageWorld.js');

// With no display (SSH, a container) no browser window can open: `npm run dev` then builds and
// rebuilds on change, and says how to load the build, instead of crashing as the browser exits.
const noDisplay = process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;

// Chromium refuses to start as root (containers, CI boxes) unless its sandbox is off.
const runningAsRoot = process.getuid?.() === 0;

// Connecting Gmail and Calendar needs an OAuth client id at build time; without one nothing is added.
const google = googleManifestFields(process.env);

export default defineConfig({
  modules: ['@wxt-dev/module-react'],
  vite: ({ mode }) => ({
    plugins: [
      {
        // WXT defines process.env.NODE_ENV as the mode for scripts it builds as IIFE (content and
        // unlisted scripts), and Vite compiles JSX for React's development runtime in any mode but
        // production, so `--mode e2e` would ship React's development build. E2e builds run what
        // ships; only `npm run dev` keeps React's development checks. A plugin's config wins over
        // WXT's own define, which a plain `define` here would not.
        name: 'ember:react-production',
        config: () =>
          mode === 'development'
            ? {}
            : {
                define: { 'process.env.NODE_ENV': JSON.stringify('production') },
                oxc: { jsx: { development: false } },
              },
      },
    ],
  }),
  manifest: ({ mode }) => ({
    name: 'Ember',
    description: 'Your sales workflow, running itself inside Gmail.',
    minimum_chrome_version: '120',
    permissions: [
      'storage',
      'unlimitedStorage',
      'alarms',
      'notifications',
      'scripting',
      // The page that writes the weekly backup file: a service worker can make no file.
      'offscreen',
      // E2e builds hold it from the start: no test can click the browser's prompt.
      ...(mode === 'e2e' ? ['downloads'] : []),
      ...google.permissions,
    ],
    // Asked for when the rep turns the weekly backup to Downloads on, never before.
    optional_permissions: mode === 'e2e' ? [] : ['downloads'],
    ...(google.oauth2 ? { oauth2: google.oauth2 } : {}),
    ...(google.key ? { key: google.key } : {}),
    // E2e builds may reach their stub drafting provider on 127.0.0.1 without a prompt no test can
    // click: the permission check before every provider call then holds there too.
    host_permissions: ['https://mail.google.com/', ...(mode === 'e2e' ? ['http://127.0.0.1/*'] : [])],
    // Asked for at run time, for the one drafting provider the rep sets up.
    optional_host_permissions: ['https://*/*', 'http://*/*'],
    action: { default_title: 'Ember' },
  }),
  hooks: {
    ready: (wxt) => {
      if (wxt.config.command === 'serve' && noDisplay) {
        wxt.logger.warn(
          'No display (DISPLAY and WAYLAND_DISPLAY are unset), so no browser opens. On this machine, ' +
            'load .output/chrome-mv3-dev in Chrome by hand (chrome://extensions, Developer mode, Load ' +
            'unpacked); it is rebuilt on every change. For a Chrome on another computer, npm run build ' +
            'and load .output/chrome-mv3 there.',
        );
      }
    },
    'build:publicAssets': (_wxt, files) => {
      files.push({ absoluteSrc: pageWorldScript, relativeDest: 'pageWorld.js' });
    },
  },
  webExt: {
    disabled: noDisplay,
    ...(chrome ? { binaries: { chrome } } : {}),
    chromiumProfile: profile,
    keepProfileChanges: true,
    chromiumArgs: runningAsRoot ? ['--no-sandbox'] : [],
    startUrls: ['https://mail.google.com/mail/u/0/'],
  },
});
