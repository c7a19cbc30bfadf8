import { readFile } from 'node:fs/promises';
import { draftSourceFromScenario } from '../domain/drafting/from-scenario';
import { buildDraftContext, writeDraft } from '../domain/drafting/write-draft';
import { runScenario } from '../domain/scenario/replay';
import { parseScenarioText, ScenarioError } from '../domain/scenario/scenario';
import { createOpenAiProvider } from '../llm/openai-provider';

/**
 * `npm run --silent draft -- <scenario.json> <deal-id>`: the draft for the deal's most urgent open
 * trigger once the scenario has played, as one JSON object. Templates unless EMBER_LLM_BASE_URL
 * names a provider (with EMBER_LLM_API_KEY and EMBER_LLM_MODEL), called by the extension's own code.
 */
async function main(argv: readonly string[]): Promise<number> {
  const [path, dealId, ...rest] = argv;
  if (path === undefined || dealId === undefined || rest.length > 0) {
    process.stderr.write('usage: npm run --silent draft -- <scenario.json> <deal-id>\n');
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
    const scenario = parseScenarioText(text);
    const context = buildDraftContext(draftSourceFromScenario(scenario, await runScenario(scenario), dealId));
    const baseUrl = process.env.EMBER_LLM_BASE_URL;
    const provider = baseUrl
      ? createOpenAiProvider({
          baseUrl,
          apiKey: process.env.EMBER_LLM_API_KEY ?? null,
          model: process.env.EMBER_LLM_MODEL ?? 'gpt-4o-mini',
        })
      : null;
    const draft = await writeDraft(context, provider);
    const output = {
      kind: draft.kind,
      subject: draft.subject,
      body: draft.body,
      to: draft.to,
      cc: draft.cc,
      source: draft.source,
      factsUsed: draft.factsUsed,
      warnings: draft.note ? [draft.note, ...draft.warnings] : draft.warnings,
      prompt: draft.prompt,
    };
    process.stdout.write(`${JSON.stringify(output, null, 2)}\n`);
    return 0;
  } catch (error) {
    if (!(error instanceof ScenarioError)) throw error;
    process.stderr.write(`${error.message}\n`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
