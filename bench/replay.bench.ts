import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { replay } from '../lib/domain/scenario/replay';
import { parseScenarioText } from '../lib/domain/scenario/scenario';
import { median } from '../lib/domain/stats';
import { BENCH_LATE_MAIL, generateScenario, withLateMail } from './generate-scenario';
import { failedFigure, ratioFigure, type BenchFigure } from './report';

/**
 * Budgets on ratios to work measured in the same run, so they do not depend on the machine's
 * speed. Chosen from runs of the replay as merged with late mail on the shared 2-core development
 * machine: standalone at load average 7–10, replay 8.9–10.3 times the baseline and `npm run replay`
 * 12.0–13.6 times; inside three whole `npm run bench` runs, after the store figures, replay
 * 13.2–14.8 times (the small baseline's share of a busy process shrinks more than the replay's).
 * Each budget leaves about a third over the worst of all of them, so a rerun at a busier moment does
 * not cross it; late mail measured 0.93–1.08 times the in-order file.
 */
const BUDGET = {
  /** Replay in Node against reading the file, JSON.parse and sorting the events by time. */
  cpu: 20,
  /** `npm run replay` (npm and tsx start-up included) against a bare `node` doing the same. */
  cli: 18,
  /** Late and partial mail against the same scenario in order. */
  late: 1.5,
};
const SIZE = '2,000 deals / 100,000 messages';

/**
 * Garbage left by one measurement must be collected before the next starts, not inside it.
 * The flag is set at run time because `npm run bench` starts Node without it.
 */
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

/** CPU seconds (user + system, every thread of this process) of `work`. */
async function cpuSeconds(work: () => unknown): Promise<number> {
  collectGarbage();
  const before = process.cpuUsage();
  await work();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1e6;
}

/**
 * The least any replay must do: read the file, parse the JSON, and put the events in time order
 * (each `at` parsed once, then a numeric sort). Self-contained, so a bare `node` runs its source too.
 */
function readAndSort(file: string, read: (file: string) => string): number {
  const { events } = JSON.parse(read(file)) as { events: { at: string }[] };
  const timed = events.map((event) => ({ at: Date.parse(event.at), event }));
  timed.sort((a, b) => a.at - b.at);
  return timed.length;
}
const BARE_NODE_BASELINE = `(${readAndSort.toString()})(process.argv[1], (file) => require('node:fs').readFileSync(file, 'utf8'))`;
const readText = (file: string) => readFileSync(file, 'utf8');

const replayFile = async (file: string) => replay(parseScenarioText(readText(file)));

/**
 * CPU seconds (user + system) of a command and every process under it, and its wall-clock
 * seconds, by bash's `time`: npm, the shell and Node all count, as they do for the rep.
 */
function commandSeconds(command: string, args: string[]): { cpu: number; wall: number } {
  const child = spawnSync(
    'bash',
    ['-c', 'TIMEFORMAT="%3U %3S %3R"; time "$@" > /dev/null', 'bench', command, ...args],
    {
      encoding: 'utf8',
      maxBuffer: 1 << 30,
    },
  );
  if (child.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${child.stderr}`);
  const [user, system, wall] = child.stderr.trim().split('\n').at(-1)!.split(' ').map(Number);
  if (user === undefined || system === undefined || wall === undefined || Number.isNaN(user + system + wall)) {
    throw new Error(`no time for ${command}: ${child.stderr}`);
  }
  return { cpu: user + system, wall };
}

let files: { inOrder: string; late: string } | undefined;
/** The scenario in order and with late mail, generated once (deterministic) and written to files. */
function scenarioFiles() {
  if (files) return files;
  const directory = mkdtempSync(join(tmpdir(), 'ember-bench-'));
  const inOrder = generateScenario({ deals: 2_000, messages: 100_000 });
  files = { inOrder: join(directory, 'scenario.json'), late: join(directory, 'scenario-late.json') };
  writeFileSync(files.inOrder, JSON.stringify(inOrder));
  writeFileSync(files.late, JSON.stringify(withLateMail(inOrder, BENCH_LATE_MAIL)));
  return files;
}

const describeError = (error: unknown) => (error instanceof Error ? `${error.name}: ${error.message}` : String(error));

/**
 * The replay of 2,000 deals and 100,000 messages, each against work measured alternately in the
 * same run: in this process (CPU seconds) against the bare baseline; as a rep runs it (`npm run
 * replay`, Node and tsx start-up included, wall clock) against a bare `node` doing the baseline;
 * and with late mail (10% of messages late, 5% first as partial copies) against the in-order file.
 */
export async function benchReplay(repetitions: number): Promise<BenchFigure[]> {
  const { inOrder, late } = scenarioFiles();
  const samples = { baseline: [] as number[], inOrder: [] as number[], late: [] as number[] };
  const cli = { replay: [] as number[], baseline: [] as number[], replayWall: [] as number[] };
  let lateError: string | undefined;
  let sameOutput: boolean | undefined;

  const measureLate = async () => {
    if (lateError !== undefined) return;
    let output: unknown;
    try {
      samples.late.push(await cpuSeconds(async () => (output = await replayFile(late))));
    } catch (error) {
      lateError = describeError(error);
      console.error(`replay with late mail: ${lateError}`);
      return;
    }
    sameOutput ??= JSON.stringify(output) === JSON.stringify(await replayFile(inOrder));
  };
  const steps: (() => Promise<unknown> | void)[] = [
    async () => samples.baseline.push(await cpuSeconds(() => readAndSort(inOrder, readText))),
    async () => samples.inOrder.push(await cpuSeconds(() => replayFile(inOrder))),
    measureLate,
    () => {
      const { cpu, wall } = commandSeconds('npm', ['run', '--silent', 'replay', '--', inOrder]);
      cli.replay.push(cpu);
      cli.replayWall.push(wall);
    },
    () => cli.baseline.push(commandSeconds(process.execPath, ['-e', BARE_NODE_BASELINE, inOrder]).cpu),
  ];
  for (let run = 0; run < repetitions; run += 1) {
    // Alternately forwards and backwards, so no figure always follows the same work.
    for (const step of run % 2 === 0 ? steps : [...steps].reverse()) await step();
  }
  const seconds = (values: number[]) => values.map((value) => value.toFixed(2)).join(' ');
  console.error(`replay: CPU s ${seconds(samples.inOrder)}; baseline CPU s ${seconds(samples.baseline)}`);
  console.error(`replay with late mail: CPU s ${seconds(samples.late)}`);
  console.error(`npm run replay: CPU s ${seconds(cli.replay)}; bare node baseline CPU s ${seconds(cli.baseline)}`);
  console.error(`npm run replay: wall s ${seconds(cli.replayWall)}`);

  const lateName = `replay ${SIZE} with late mail (10% late, 5% first as partial copies), CPU`;
  return [
    ratioFigure({
      figure: `replay ${SIZE} in Node: read + parse + engine, CPU`,
      value: median(samples.inOrder)!,
      limitName: 'read + JSON.parse + sort events by at',
      limit: median(samples.baseline)!,
      budget: BUDGET.cpu,
      unit: 's',
    }),
    ratioFigure({
      figure: `replay ${SIZE}: npm run replay, CPU of every process`,
      value: median(cli.replay)!,
      limitName: 'bare node: read + JSON.parse + sort',
      limit: median(cli.baseline)!,
      budget: BUDGET.cli,
      unit: 's',
      note: `wall clock ${median(cli.replayWall)!.toFixed(2)} s (median)`,
    }),
    lateError !== undefined
      ? failedFigure({
          figure: lateName,
          limitName: 'the same scenario in order',
          budget: BUDGET.late,
          unit: 's',
          error: lateError,
        })
      : ratioFigure({
          figure: lateName,
          value: median(samples.late)!,
          limitName: 'the same scenario in order',
          limit: median(samples.inOrder)!,
          budget: BUDGET.late,
          unit: 's',
          note: sameOutput ? "output equals the in-order replay's" : "output DIFFERS from the in-order replay's",
        }),
  ];
}
