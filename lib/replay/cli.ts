import { readFile } from 'node:fs/promises';
import { parseScenarioText, ScenarioError } from '../domain/scenario/scenario';
import { replay } from '../domain/scenario/replay';

/**
 * `npm run --silent replay -- <scenario.json>`: the engine's conclusions as one JSON object on
 * stdout; a bad scenario exits 1 with one line on stderr naming the event and the field.
 */
async function main(argv: readonly string[]): Promise<number> {
  const [path, ...rest] = argv;
  if (path === undefined || rest.length > 0) {
    process.stderr.write('usage: npm run --silent replay -- <scenario.json>\n');
    return 2;
  }
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    process.stderr.write(`scenario: cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}\n`);
    return 1;
  }
  try {
    const output = await replay(parseScenarioText(text));
    process.stdout.write(`${JSON.stringify(output, null, 2)}\n`);
    return 0;
  } catch (error) {
    if (!(error instanceof ScenarioError)) throw error;
    process.stderr.write(`${error.message}\n`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
