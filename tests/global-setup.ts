import { execFileSync } from 'node:child_process';

/** One production build for the tests that inspect or load it (tests/build, tests/e2e). */
export default function buildExtension(): void {
  execFileSync('npx', ['wxt', 'build'], { stdio: 'pipe', timeout: 120_000 });
}
