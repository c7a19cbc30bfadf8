import type {
  ContactRecord,
  DealRecord,
  MessageRecord,
  StageEventRecord,
  ThreadRecord,
  TriggerRecord,
  WorkflowVersionRecord,
} from '@/lib/store/records';
import { DEFAULT_WORKFLOW } from '@/lib/domain/workflow';

const at = (iso: string) => Date.parse(iso);

/** A small, complete account: one row or more in the tables a migration must carry over. */
export function sampleRows() {
  const deals: DealRecord[] = [
    {
      id: 'acme',
      title: 'Acme Corp',
      stage: 'contact',
      status: 'open',
      contacts: ['dana@acme.com'],
      createdAt: at('2026-04-06T13:00:00Z'),
      closedAt: null,
      lastActivityAt: at('2026-04-06T18:30:00Z'),
      lastInboundAt: at('2026-04-06T18:30:00Z'),
      latestMessageAt: at('2026-04-06T18:30:00Z'),
      latestThread: 't1',
      quietDueAt: at('2026-04-16T18:30:00Z'),
      quietWaiting: false,
      triggerCount: 1,
      stageChangeCount: 1,
      appliedThrough: '',
      inputCount: 0,
      openTriggerCount: 1,
      nextTimerAt: at('2026-04-16T18:30:00Z'),
      upcomingMeetings: [],
      nextDueAt: at('2026-04-07T14:30:00Z'),
      checklist: { contact: ['Named a decision maker'] },
    },
  ];
  const contacts: ContactRecord[] = [
    {
      deal: 'acme',
      address: 'dana@acme.com',
      name: 'Dana Lee',
      role: 'champion',
      firstSeenAt: deals[0]!.createdAt,
      lastHeardAt: at('2026-04-06T18:30:00Z'),
    },
  ];
  const threads: ThreadRecord[] = [
    { id: 't1', deal: 'acme', linkedBy: 'contact', subject: 'Intro', linkedAt: deals[0]!.createdAt },
  ];
  const messages: MessageRecord[] = [
    {
      id: 'm1',
      thread: 't1',
      deal: 'acme',
      from: 'sam@emberseller.com',
      to: ['dana@acme.com'],
      cc: [],
      at: at('2026-04-06T13:05:00Z'),
      direction: 'outbound',
      subject: 'Intro',
      text: 'Hi Dana',
      snippet: 'Hi Dana',
      closing: 'Best,\nSam',
    },
    {
      id: 'm2',
      thread: 't1',
      deal: 'acme',
      from: 'dana@acme.com',
      to: ['sam@emberseller.com'],
      cc: [],
      at: at('2026-04-06T18:30:00Z'),
      direction: 'inbound',
      subject: 'Re: Intro',
      text: 'Interested.',
      snippet: 'Interested.',
      closing: null,
    },
  ];
  const stageEvents: StageEventRecord[] = [
    { id: 'acme/1', deal: 'acme', from: null, to: 'contact', at: deals[0]!.createdAt, evidence: null },
  ];
  const triggers: TriggerRecord[] = [
    {
      id: 'acme#1',
      deal: 'acme',
      seq: 1,
      kind: 'buyer_replied',
      stage: 'contact',
      action: 'book_meeting',
      stakeholder: null,
      firedAt: at('2026-04-06T18:30:00Z'),
      dueAt: at('2026-04-07T14:30:00Z'),
      status: 'open',
      resolvedAt: null,
      resolvedBy: null,
      latencyMinutes: null,
      businessMinutes: null,
      withinSla: null,
    },
  ];
  const workflows: WorkflowVersionRecord[] = [{ version: 1, savedAt: deals[0]!.createdAt, workflow: DEFAULT_WORKFLOW }];
  return { deals, contacts, threads, messages, stageEvents, triggers, workflows };
}
