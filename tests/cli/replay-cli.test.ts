import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { fixturePath, readFixture } from '../helpers/scenario';

/** Runs the command the README documents: `npm run --silent replay -- <file>`. */
function replayCli(...args: string[]) {
  const result = spawnSync('npm', ['run', '--silent', 'replay', '--', ...args], { encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('npm run replay', () => {
  test('prints one JSON object and nothing else, and exits 0', () => {
    const { status, stdout, stderr } = replayCli(fixturePath('seed-walkthrough.json'));
    expect(stderr).toBe('');
    expect(status).toBe(0);
    expect(JSON.parse(stdout)).toEqual(readFixture('seed-walkthrough.expected.json'));
  });

  test('a bad scenario exits 1 with one line on stderr and nothing on stdout', () => {
    const directory = mkdtempSync(join(tmpdir(), 'ember-replay-'));
    const file = join(directory, 'bad.json');
    writeFileSync(
      file,
      JSON.stringify({
        me: ['sam@seller.com'],
        events: [
          { at: '2026-04-06T09:00:00Z', type: 'deal', id: 'acme' },
          { at: '2026-04-06T10:00:00Z', type: 'advance', deal: 'acme', to: 'proposal' },
        ],
      }),
    );
    const { status, stdout, stderr } = replayCli(file);
    expect(status).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe('event 1 (advance): unknown stage "proposal"\n');
  });

  test('a missing file exits 1 and says so', () => {
    const { status, stdout, stderr } = replayCli('/nonexistent/scenario.json');
    expect(status).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe('scenario: cannot read /nonexistent/scenario.json: ENOENT\n');
  });
});
