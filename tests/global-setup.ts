import { execFileSync } from 'node:child_process';

/**
 * The builds the build and end-to-end tests load: production, and `--mode e2e` (the same code plus
 * a settable clock and a write pause for tests).
 */
export default function buildExtension(): void {
  // For running unit tests alone while the builds in .output are current (or not needed).
  if (process.env.EMBER_SKIP_BUILD === '1') return;
  for (const mode of ['production', 'e2e']) {
    execFileSync('npx', ['wxt', 'build', '--mode', mode], { stdio: 'pipe', timeout: 120_000 });
  }
}
