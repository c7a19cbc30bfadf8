import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { EXTENSION_PATH } from '../e2e/chromium';

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
});
