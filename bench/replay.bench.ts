import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { replay } from '../lib/domain/scenario/replay';
import { parseScenarioText } from '../lib/domain/scenario/scenario';
import { generateScenario } from './generate-scenario';
import { median } from '../lib/domain/stats';
import { absoluteFigure, type BenchFigure } from './report';

const BUDGET_SECONDS = 5;

/**
 * `replay` of 2,000 deals and 100,000 messages: CPU seconds of parsing and replaying in this
 * process, and the wall-clock time of the CLI as a rep runs it (Node and tsx start-up included).
 */
export async function benchReplay(repetitions: number): Promise<BenchFigure[]> {
  const text = JSON.stringify(generateScenario({ deals: 2_000, messages: 100_000 }));
  const file = join(mkdtempSync(join(tmpdir(), 'ember-bench-')), 'scenario.json');
  writeFileSync(file, text);

  const cpuSeconds: number[] = [];
  const cliSeconds: number[] = [];
  for (let run = 0; run < repetitions; run += 1) {
    const before = process.cpuUsage();
    await replay(parseScenarioText(text));
    const used = process.cpuUsage(before);
    cpuSeconds.push((used.user + used.system) / 1e6);

    const started = performance.now();
    const child = spawnSync('npm', ['run', '--silent', 'replay', '--', file], { encoding: 'utf8', maxBuffer: 1 << 30 });
    if (child.status !== 0) throw new Error(`replay failed: ${child.stderr}`);
    cliSeconds.push((performance.now() - started) / 1000);
  }
  const figure = (name: string, value: number): BenchFigure =>
    absoluteFigure({ figure: name, value, budget: BUDGET_SECONDS, unit: 's' });
  return [
    figure('replay 2,000 deals / 100,000 messages in Node: parse + engine, CPU', median(cpuSeconds) ?? Number.NaN),
    figure('replay 2,000 deals / 100,000 messages: npm run replay, wall clock', median(cliSeconds) ?? Number.NaN),
  ];
}
