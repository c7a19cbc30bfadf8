import { cleanMessageText } from '../mail-text';
import { buildQueue } from '../queue';
import type { ScenarioRun } from '../scenario/replay';
import { ScenarioError, type Scenario } from '../scenario/scenario';
import { DEFAULT_ACCOUNT_SETTINGS } from '../settings';
import type { DraftMessage, DraftStakeholder } from './types';
import { closingOf, learnVoice, voiceBody } from './voice';
import { withoutTag } from '../addresses';
import type { DraftSource } from './write-draft';

const NOTE_PREFIX = /^note:\s*/i;

/**
 * What the `draft` command drafts from: a replayed scenario's deal, its most urgent open trigger,
 * and the rep's voice learned from the rep's own messages in the scenario.
 */
export function draftSourceFromScenario(
  scenario: Scenario,
  run: ScenarioRun,
  dealId: string,
  options: { reason?: string | null; tokenBudget?: number } = {},
): DraftSource {
  const state = run.store.deals.get(dealId);
  if (!state) throw new ScenarioError(`draft: unknown deal "${dealId}"`);
  const [urgent] = buildQueue(state.openTriggers, run.asOf);
  if (!urgent) throw new ScenarioError(`draft: deal "${dealId}" has no open trigger, so there is nothing to draft`);

  const [account, ...aliases] = scenario.me as [string, ...string[]];
  const placed = run.store.dealMessages.get(dealId) ?? [];
  const messages: DraftMessage[] = placed.map(({ message, direction }) => ({
    id: message.id,
    thread: message.thread,
    from: message.from,
    to: message.to,
    cc: message.cc,
    at: message.at,
    direction,
    subject: message.subject,
    text: cleanMessageText(message.text).text,
  }));
  const { deal } = state;
  const contacts: DraftStakeholder[] = deal.contacts.map((address) => {
    const involved = messages.filter((message) => [message.from, ...message.to, ...message.cc].includes(address));
    const wrote = involved.filter((message) => message.from === address);
    return {
      address,
      // The name the headers gave: "Leonard, Alice" is greeted as Alice, never as "Aleonard".
      name: scenario.displayNames.get(address) ?? null,
      role: 'stakeholder',
      firstSeenAt: Math.min(deal.createdAt, ...involved.map((message) => message.at)),
      lastHeardAt: wrote.at(-1)?.at ?? null,
    };
  });
  // The voice is the rep's own, never a colleague's: sends from `me` (a +tag aside), cleaned of
  // quoted history as at ingestion, with the closing that cleaning cut put back.
  const own = new Set(scenario.me);
  const sentBodies = scenario.events.flatMap((event) => {
    if (event.type !== 'message' || !own.has(withoutTag(event.from))) return [];
    return [voiceBody(cleanMessageText(event.text).text, closingOf(event.text))];
  });
  const messageIds = new Set(messages.map((message) => message.id));
  const notes = run.store.stageChanges
    .filter((change) => change.deal === dealId && change.evidence !== null && !messageIds.has(change.evidence))
    .map((change) => ({ at: change.at, text: change.evidence!.replace(NOTE_PREFIX, '') }));

  return {
    account,
    settings: {
      ...DEFAULT_ACCOUNT_SETTINGS,
      addresses: aliases,
      companyDomains: scenario.domains ?? [],
      timeZone: scenario.timezone,
      workingHours: scenario.workingHours,
    },
    workflow: scenario.workflow,
    voice: learnVoice(sentBodies),
    deal: { title: deal.title, stage: deal.stage },
    trigger: urgent.trigger,
    contacts,
    messages,
    meetings: run.store.meetings
      .filter((meeting) => meeting.deal === dealId)
      .map(({ title, start, end }) => ({ title, start, end })),
    notes,
    reason: options.reason ?? null,
    now: run.asOf,
    tokenBudget: options.tokenBudget ?? 6_000,
  };
}
