import { buildDraftContext, type DraftSource } from '@/lib/domain/drafting/write-draft';
import { DEFAULT_VOICE } from '@/lib/domain/drafting/voice';
import type { DraftMessage } from '@/lib/domain/drafting/types';
import { DEFAULT_ACCOUNT_SETTINGS } from '@/lib/domain/settings';
import { DEFAULT_WORKFLOW, type Action } from '@/lib/domain/workflow';

export const REP = 'sam@emberseller.com';
const at = (iso: string) => Date.parse(iso);

export const history: DraftMessage[] = [
  {
    id: 'm1',
    from: REP,
    to: ['dana@acme.com'],
    cc: [],
    at: at('2026-04-06T13:05:00Z'),
    direction: 'outbound',
    subject: 'Intro from Sam',
    text: 'Hi Dana, a colleague suggested we talk about your onboarding backlog.',
  },
  {
    id: 'm2',
    from: 'dana@acme.com',
    to: [REP],
    cc: [],
    at: at('2026-04-06T18:30:00Z'),
    direction: 'inbound',
    subject: 'Re: Intro from Sam',
    text: 'Interested. The backlog is hurting us this quarter. Can we talk this week?',
  },
  {
    id: 'm5',
    from: 'dana@acme.com',
    to: [REP],
    cc: ['lee@acme.com'],
    at: at('2026-04-07T20:00:00Z'),
    direction: 'inbound',
    subject: 'Re: Recap and next steps',
    text: 'Recap is right. Looping in Lee, who runs ops, for the export question. Can the export run nightly?',
  },
];

/** A draft source for the seed walk-through's Acme deal, with one action to draft. */
export function source(action: Action, overrides: Partial<DraftSource> = {}): DraftSource {
  return {
    account: REP,
    settings: { ...DEFAULT_ACCOUNT_SETTINGS, timeZone: 'America/New_York' },
    workflow: DEFAULT_WORKFLOW,
    voice: { ...DEFAULT_VOICE, signOff: 'Best,\nSam' },
    deal: { title: 'Acme Corp', stage: 'discovery' },
    trigger: {
      id: 'acme#4',
      deal: 'acme',
      kind: action === 'stakeholder_intro' ? 'new_stakeholder' : 'buyer_replied',
      action,
      firedAt: at('2026-04-07T20:00:00Z'),
      dueAt: at('2026-04-08T16:00:00Z'),
      stakeholder: action === 'stakeholder_intro' ? 'lee@acme.com' : null,
    },
    contacts: [
      {
        address: 'dana@acme.com',
        name: 'Dana Lee',
        role: 'champion',
        firstSeenAt: at('2026-04-06T13:00:00Z'),
        lastHeardAt: at('2026-04-07T20:00:00Z'),
      },
      {
        address: 'lee@acme.com',
        name: null,
        role: 'stakeholder',
        firstSeenAt: at('2026-04-07T20:00:00Z'),
        lastHeardAt: null,
      },
    ],
    messages: history,
    meetings: [{ title: 'Discovery call', start: at('2026-04-07T15:00:00Z'), end: at('2026-04-07T15:30:00Z') }],
    notes: [],
    reason: null,
    now: at('2026-04-07T21:00:00Z'),
    tokenBudget: 6_000,
    ...overrides,
  };
}

export const contextFor = (action: Action, overrides: Partial<DraftSource> = {}) =>
  buildDraftContext(source(action, overrides));
