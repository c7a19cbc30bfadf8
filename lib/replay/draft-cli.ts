import { draftSourceFromScenario } from '../domain/drafting/from-scenario';
import { buildDraftContext, writeDraft } from '../domain/drafting/write-draft';
import { runScenario } from '../domain/scenario/replay';
import { createOpenAiProvider } from '../llm/openai-provider';
import { runScenarioCommand } from './run-command';

/**
 * `npm run --silent draft -- <scenario.json> <deal-id>`: the draft for the deal's most urgent open
 * trigger once the scenario has played, as one JSON object. Templates unless EMBER_LLM_BASE_URL
 * names a provider (with EMBER_LLM_API_KEY and EMBER_LLM_MODEL), called by the extension's own code.
 */
process.exitCode = await runScenarioCommand(
  process.argv.slice(2),
  { args: ['scenario', 'deal'], text: 'npm run --silent draft -- <scenario.json> <deal-id>' },
  async (scenario, [dealId]) => {
    const context = buildDraftContext(draftSourceFromScenario(scenario, await runScenario(scenario), dealId!));
    const baseUrl = process.env.EMBER_LLM_BASE_URL;
    const provider = baseUrl
      ? createOpenAiProvider({
          baseUrl,
          apiKey: process.env.EMBER_LLM_API_KEY ?? null,
          model: process.env.EMBER_LLM_MODEL ?? 'gpt-4o-mini',
        })
      : null;
    const draft = await writeDraft(context, provider);
    return {
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
  },
);
