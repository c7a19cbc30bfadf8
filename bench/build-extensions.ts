import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build as esbuild, type BuildOptions } from 'esbuild';

/**
 * The builds the benchmarks load, made fresh on every run so a figure never describes stale code:
 * the production and e2e builds in their own directory (not the ones `npm test` uses), the
 * production build with the bench page added, and a bare InboxSDK extension to compare it with.
 */

const OUT_DIR = resolve('.output/bench');
const require = createRequire(import.meta.url);

export interface BenchBuilds {
  /** The production build with bench.html, a page of the extension's own origin. */
  productionWithBenchPage: string;
  /** The production build as shipped. */
  production: string;
  /** `--mode e2e`: production code with the fixture host and a settable clock. */
  e2e: string;
  /** A manifest, InboxSDK.load in a content script, InboxSDK's background loader and nothing else. */
  bareInboxSdk: string;
}

/** What a production bundle gets from Vite: the same target, minified, no development branches. */
const BROWSER_BUNDLE: BuildOptions = {
  bundle: true,
  platform: 'browser',
  target: 'chrome120',
  minify: true,
  logLevel: 'error',
  define: { 'process.env.NODE_ENV': '"production"' },
};

export async function buildBenchExtensions(): Promise<BenchBuilds> {
  for (const mode of ['production', 'e2e']) {
    // In a child process: WXT's progress output would otherwise land in the table on stdout.
    const child = spawnSync('npx', ['tsx', 'bench/wxt-build.ts', mode, OUT_DIR], { encoding: 'utf8' });
    if (child.status !== 0) throw new Error(`wxt build --mode ${mode} failed:\n${child.stdout}${child.stderr}`);
  }
  const production = join(OUT_DIR, 'chrome-mv3');
  const e2e = join(OUT_DIR, 'chrome-mv3-e2e');

  const productionWithBenchPage = mkdtempSync(join(tmpdir(), 'ember-bench-ext-'));
  cpSync(production, productionWithBenchPage, { recursive: true });
  await esbuild({
    ...BROWSER_BUNDLE,
    entryPoints: [resolve('bench/in-extension/bench-page.ts')],
    outfile: join(productionWithBenchPage, 'bench.js'),
    format: 'esm',
    // A CPU profile (BENCH_PROFILE) names functions only if the bundle keeps them.
    ...(process.env.BENCH_PROFILE ? { minify: false } : {}),
  });
  writeFileSync(
    join(productionWithBenchPage, 'bench.html'),
    '<!doctype html><meta charset="utf-8"><title>loading</title><script type="module" src="bench.js"></script>\n',
  );

  const bareInboxSdk = mkdtempSync(join(tmpdir(), 'ember-bench-bare-'));
  await esbuild({
    ...BROWSER_BUNDLE,
    stdin: {
      contents:
        "import * as InboxSDK from '@inboxsdk/core';\n" +
        "void InboxSDK.load(2, 'sdk_emberdev_3bb4379442', { eventTracking: false, globalErrorLogging: false });\n",
      resolveDir: process.cwd(),
      loader: 'js',
    },
    outfile: join(bareInboxSdk, 'content.js'),
    format: 'iife',
  });
  await esbuild({
    ...BROWSER_BUNDLE,
    stdin: { contents: "import '@inboxsdk/core/background';\n", resolveDir: process.cwd(), loader: 'js' },
    outfile: join(bareInboxSdk, 'background.js'),
    format: 'iife',
  });
  cpSync(require.resolve('@inboxsdk/core/pageWorld.js'), join(bareInboxSdk, 'pageWorld.js'));
  writeFileSync(
    join(bareInboxSdk, 'manifest.json'),
    JSON.stringify({
      manifest_version: 3,
      name: 'Bare InboxSDK',
      version: '1.0.0',
      permissions: ['scripting'],
      host_permissions: ['https://mail.google.com/'],
      background: { service_worker: 'background.js' },
      content_scripts: [{ matches: ['https://mail.google.com/*'], run_at: 'document_end', js: ['content.js'] }],
    }),
  );
  return { productionWithBenchPage, production, e2e, bareInboxSdk };
}
