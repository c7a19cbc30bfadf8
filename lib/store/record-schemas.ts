import { z } from 'zod';
import { voiceOverrideSchema } from '@/lib/domain/drafting/voice';
import { ACTIONS, TRIGGER_KINDS, workflowSchema } from '@/lib/domain/workflow';
import type {
  ContactRecord,
  DealRecord,
  DraftRecord,
  InputRecord,
  MeetingRecord,
  MessageRecord,
  SettingRecord,
  StageEventRecord,
  ThreadRecord,
  TriggerRecord,
  UnlinkedRecord,
  WorkflowVersionRecord,
} from './records';

/**
 * zod schemas of every stored row, for what enters the store from outside (a backup file). Each is
 * typed against its record, so the two cannot drift apart.
 */

const instant = z.number().int().nonnegative();
const text = z.string();
const key = z.string().min(1);

const meetingSchema = z.object({
  id: key,
  deal: key,
  title: text.nullable(),
  start: instant,
  end: instant,
  recordedAt: instant,
  declined: z.boolean().optional(),
  history: z.boolean().optional(),
}) satisfies z.ZodType<MeetingRecord>;

const addresses = z.array(text);
const contactRole = z.enum(['buyer', 'champion', 'stakeholder', 'signer']);

const messageInputSchema = z.object({
  id: key,
  kind: z.literal('message'),
  deal: key.nullable(),
  at: instant,
  thread: key,
  from: text,
  to: addresses,
  cc: addresses,
  subject: text,
  participants: addresses,
  partial: z.boolean(),
  names: z.record(text, text),
});

const dealInput = <Shape extends z.ZodRawShape>(shape: Shape) =>
  z.object({ id: key, deal: key, at: instant, seq: z.number().int().nonnegative(), ...shape });

const inputSchema = z
  .discriminatedUnion('kind', [
    messageInputSchema,
    dealInput({ kind: z.literal('create'), title: text, stage: key, contacts: addresses }),
    dealInput({ kind: z.literal('advance'), to: key, evidence: text.nullable() }),
    dealInput({ kind: z.literal('close'), outcome: z.enum(['won', 'lost']) }),
    dealInput({ kind: z.literal('dismiss'), trigger: z.enum(TRIGGER_KINDS), stakeholder: text.nullable() }),
    dealInput({
      kind: z.literal('meeting'),
      meeting: key,
      title: text.nullable(),
      start: instant,
      end: instant,
      declined: z.boolean().optional(),
      history: z.boolean().optional(),
    }),
    dealInput({ kind: z.literal('checklist'), stage: key, item: text, done: z.boolean() }),
    dealInput({ kind: z.literal('role'), address: key, role: contactRole }),
  ])
  // The rep's inputs are numbered per deal: the id is what a merge compares them by.
  .refine((input) => input.kind === 'message' || input.id === `${input.deal}:${input.seq}`, {
    message: 'must be "<deal>:<seq>"',
    path: ['id'],
  }) satisfies z.ZodType<InputRecord>;

/**
 * The settings rows that are the account's own state, and only those (not machinery such as the
 * rebuild-pending flag): a snooze per trigger (lib/background/reads/queue.ts, SNOOZE_PREFIX) and the
 * rep's voice override (lib/background/draft-service.ts).
 */
export const SNOOZE_SETTING = /^snooze:./;
export const VOICE_OVERRIDE_SETTING = 'voiceOverride';
const settingSchema = z.union([
  z.object({ key: z.string().regex(SNOOZE_SETTING), value: instant }),
  z.object({ key: z.literal(VOICE_OVERRIDE_SETTING), value: voiceOverrideSchema }),
]) satisfies z.ZodType<SettingRecord>;

/** Whether a settings row is account state a backup carries. */
export function isBackedUpSetting(key: string): boolean {
  return SNOOZE_SETTING.test(key) || key === VOICE_OVERRIDE_SETTING;
}

export const recordSchemas = {
  deals: z.object({
    id: key,
    title: text,
    stage: key,
    status: z.enum(['open', 'won', 'lost']),
    contacts: z.array(text),
    createdAt: instant,
    closedAt: instant.nullable(),
    lastActivityAt: instant.nullable(),
    lastInboundAt: instant.nullable(),
    // Backups made before these were kept have neither: the queue then finds the thread by the messages.
    latestMessageAt: instant.nullable().default(null),
    latestThread: key.nullable().default(null),
    quietDueAt: instant.nullable(),
    quietWaiting: z.boolean(),
    triggerCount: z.number().int().nonnegative(),
    stageChangeCount: z.number().int().nonnegative(),
    // Backups made before deals kept it: such a deal is rebuilt from its inputs when imported.
    appliedThrough: z.string().max(400).default(''),
    openTriggerCount: z.number().int().nonnegative(),
    nextTimerAt: instant.nullable(),
    upcomingMeetings: z.array(meetingSchema),
    nextDueAt: instant.nullable(),
    checklist: z.record(key, z.array(text)),
    inputCount: z.number().int().nonnegative().default(0),
  }) satisfies z.ZodType<DealRecord>,
  contacts: z.object({
    deal: key,
    address: key,
    name: text.nullable(),
    role: contactRole,
    firstSeenAt: instant,
    lastHeardAt: instant.nullable(),
  }) satisfies z.ZodType<ContactRecord>,
  threads: z.object({
    id: key,
    deal: key.nullable(),
    linkedBy: z.enum(['rep', 'explicit', 'contact']),
    subject: text,
    linkedAt: instant,
  }) satisfies z.ZodType<ThreadRecord>,
  messages: z.object({
    id: key,
    thread: key,
    deal: key.nullable(),
    from: text,
    to: z.array(text),
    cc: z.array(text),
    at: instant,
    direction: z.enum(['inbound', 'outbound', 'internal']),
    subject: text,
    text,
    snippet: text,
    closing: text.nullable(),
  }) satisfies z.ZodType<MessageRecord>,
  unlinked: z.object({
    message: key,
    thread: key,
    from: text,
    at: instant,
    candidates: z.array(key),
  }) satisfies z.ZodType<UnlinkedRecord>,
  stageEvents: z.object({
    id: key,
    deal: key,
    from: key.nullable(),
    to: key,
    at: instant,
    evidence: text.nullable(),
  }) satisfies z.ZodType<StageEventRecord>,
  meetings: meetingSchema,
  triggers: z.object({
    id: key,
    deal: key,
    seq: z.number().int().positive(),
    kind: z.enum(TRIGGER_KINDS),
    stage: key,
    action: z.enum(ACTIONS),
    stakeholder: text.nullable(),
    firedAt: instant,
    dueAt: instant,
    status: z.enum(['open', 'done', 'dismissed', 'superseded', 'closed']),
    resolvedAt: instant.nullable(),
    resolvedBy: text.nullable(),
    latencyMinutes: z.number().nullable(),
    businessMinutes: z.number().nullable(),
    withinSla: z.boolean().nullable(),
  }) satisfies z.ZodType<TriggerRecord>,
  drafts: z.object({
    trigger: key,
    deal: key,
    historyHash: text,
    createdAt: instant,
    draft: z.object({
      kind: z.enum(ACTIONS),
      subject: text,
      body: text,
      to: z.array(text),
      cc: z.array(text),
      source: z.enum(['template', 'provider']),
      factsUsed: z.array(text),
      warnings: z.array(text),
      prompt: z.object({ system: text, user: text }),
      note: text.nullable(),
      needsReason: z.boolean(),
      questions: z.array(text),
      reason: text,
      // A backup from before version 6 has none: its drafts suggested no advance.
      advance: z.object({ to: key, toName: text, evidence: text, why: text }).nullable().default(null),
    }),
  }) satisfies z.ZodType<DraftRecord>,
  workflows: z.object({
    version: z.number().int().positive(),
    savedAt: instant,
    workflow: workflowSchema,
  }) satisfies z.ZodType<WorkflowVersionRecord>,
  inputs: inputSchema,
  settings: settingSchema,
};

export type BackupTableName = keyof typeof recordSchemas;
export const BACKUP_TABLES = Object.keys(recordSchemas) as BackupTableName[];
