import { replay } from '../domain/scenario/replay';
import { runScenarioCommand } from './run-command';

/**
 * `npm run --silent replay -- <scenario.json>`: the engine's conclusions as one JSON object on
 * stdout; a bad scenario exits 1 with one line on stderr naming the event and the field.
 */
process.exitCode = await runScenarioCommand(
  process.argv.slice(2),
  { args: ['scenario'], text: 'npm run --silent replay -- <scenario.json>' },
  (scenario) => replay(scenario),
);
