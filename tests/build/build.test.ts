import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';

const OUTPUT = join(process.cwd(), '.output', 'chrome-mv3');

describe('npm run build', () => {
  beforeAll(() => {
    execFileSync('npx', ['wxt', 'build'], { stdio: 'pipe', timeout: 120_000 });
  }, 130_000);

  test('produces an MV3 manifest for Ember with a service-worker background', () => {
    const manifest = JSON.parse(readFileSync(join(OUTPUT, 'manifest.json'), 'utf8')) as Record<string, unknown>;
    expect(manifest).toMatchObject({
      manifest_version: 3,
      name: 'Ember',
      background: { service_worker: 'background.js' },
    });
    expect(readFileSync(join(OUTPUT, 'background.js'), 'utf8').length).toBeGreaterThan(0);
  });
});
