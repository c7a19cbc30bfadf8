import { readFile } from 'node:fs/promises';
import { parseScenarioText, ScenarioError, type Scenario } from '../domain/scenario/scenario';

/**
 * The shape both scenario commands share: read and parse the file, print one JSON object on stdout;
 * a bad scenario (or a refusal) exits 1 with one line on stderr, a wrong call exits 2 with the usage.
 */
export async function runScenarioCommand(
  argv: readonly string[],
  usage: { args: string[]; text: string },
  run: (scenario: Scenario, args: string[]) => Promise<unknown>,
): Promise<number> {
  if (argv.length !== usage.args.length) {
    process.stderr.write(`usage: ${usage.text}\n`);
    return 2;
  }
  const [path, ...args] = argv as [string, ...string[]];
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    process.stderr.write(`scenario: cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}\n`);
    return 1;
  }
  try {
    const output = await run(parseScenarioText(text), args);
    process.stdout.write(`${JSON.stringify(output, null, 2)}\n`);
    return 0;
  } catch (error) {
    if (!(error instanceof ScenarioError)) throw error;
    process.stderr.write(`${error.message}\n`);
    return 1;
  }
}
