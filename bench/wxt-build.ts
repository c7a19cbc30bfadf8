import { build } from 'wxt';

/** `tsx bench/wxt-build.ts <mode> <outDir>`: a WXT build into the benchmarks' own directory. */
const [mode, outDir] = process.argv.slice(2);
if (!mode || !outDir) throw new Error('usage: tsx bench/wxt-build.ts <mode> <outDir>');
await build({ mode, outDir });
