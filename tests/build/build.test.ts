import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { EXTENSION_PATH } from '../e2e/chromium';

const require = createRequire(import.meta.url);

describe('npm run build', () => {
  test('produces an MV3 manifest for Ember with a service-worker background', () => {
    const manifest = JSON.parse(readFileSync(join(EXTENSION_PATH, 'manifest.json'), 'utf8')) as Record<string, unknown>;
    expect(manifest).toMatchObject({
      manifest_version: 3,
      name: 'Ember',
      background: { service_worker: 'background.js' },
    });
    expect(readFileSync(join(EXTENSION_PATH, 'background.js'), 'utf8').length).toBeGreaterThan(0);
  });

  test('asks for exactly the permissions the README explains', () => {
    const manifest = JSON.parse(readFileSync(join(EXTENSION_PATH, 'manifest.json'), 'utf8')) as {
      permissions: string[];
      host_permissions: string[];
      optional_host_permissions: string[];
      content_scripts: { matches: string[] }[];
    };
    expect(manifest.permissions.sort()).toEqual([
      'alarms',
      'notifications',
      'scripting',
      'sidePanel',
      'storage',
      'unlimitedStorage',
    ]);
    expect(manifest.host_permissions).toEqual(['https://mail.google.com/']);
    expect(manifest.optional_host_permissions).toEqual(['https://*/*', 'http://*/*']);
    expect(manifest.content_scripts.map((script) => script.matches)).toEqual([['https://mail.google.com/*']]);
  });

  test("ships InboxSDK's pageWorld.js at the root, the installed package's own copy", () => {
    const installed = readFileSync(require.resolve('@inboxsdk/core/pageWorld.js'), 'utf8');
    expect(readFileSync(join(EXTENSION_PATH, 'pageWorld.js'), 'utf8')).toBe(installed);
  });

  test('the production content script loads InboxSDK and has no fixture host', () => {
    const script = readFileSync(join(EXTENSION_PATH, 'content-scripts/gmail.js'), 'utf8');
    expect(script).toContain('inboxsdk__injectPageWorld');
    expect(script).not.toContain('openedAt');
  });
});
