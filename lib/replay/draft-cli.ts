import { draftSourceFromScenario } from '../domain/drafting/from-scenario';
import { buildDraftContext, writeDraft } from '../domain/drafting/write-draft';
import { runScenario } from '../domain/scenario/replay';
import { createOpenAiProvider } from '../llm/openai-provider';
import { runScenarioCommand } from './run-command';

/**
 * `npm run --silent draft -- <scenario.json> <deal-id> [--reason <text>]`: the draft for the deal's
 * most urgent open trigger once the scenario has played, as one JSON object: the email, its
 * warnings, the provider's questions for the rep, why it is sent now, and the exact prompt. A
 * follow-up with nothing new asks for a reason (`needsReason`); `--reason` gives it one. Templates
 * unless EMBER_LLM_BASE_URL names a provider (with EMBER_LLM_API_KEY and EMBER_LLM_MODEL), called
 * by the extension's own code.
 */
const USAGE = 'npm run --silent draft -- <scenario.json> <deal-id> [--reason <text>]';

/** The positional arguments, and the value of `--reason` (or `--reason=…`) wherever it stands. */
function splitArguments(argv: readonly string[]): { positional: string[]; reason: string | null } | null {
  const positional: string[] = [];
  let reason: string | null = null;
  for (let index = 0; index < argv.length; index += 1) {
    const argument = argv[index]!;
    if (argument === '--reason') {
      const value = argv[index + 1];
      if (value === undefined) return null;
      reason = value;
      index += 1;
    } else if (argument.startsWith('--reason=')) reason = argument.slice('--reason='.length);
    else positional.push(argument);
  }
  return { positional, reason };
}

const split = splitArguments(process.argv.slice(2));
process.exitCode = await runScenarioCommand(
  split?.positional ?? [],
  { args: ['scenario', 'deal'], text: USAGE },
  async (scenario, [dealId]) => {
    const context = buildDraftContext(
      draftSourceFromScenario(scenario, await runScenario(scenario), dealId!, { reason: split?.reason ?? null }),
    );
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
      questions: draft.questions,
      needsReason: draft.needsReason,
      reason: draft.reason,
      prompt: draft.prompt,
    };
  },
);
