import { z } from 'zod';
import { parseOrThrow } from './validation';

/**
 * The workflow: stages in order, each with an exit criterion stated as what the buyer did, and the
 * rules that turn events into asks for action within a maximum delay of working minutes.
 */

export const TRIGGER_KINDS = ['buyer_replied', 'meeting_ended', 'quiet', 'new_stakeholder', 'stage_entered'] as const;
export const triggerKindSchema = z.enum(TRIGGER_KINDS);
export type TriggerKind = z.infer<typeof triggerKindSchema>;

export const ACTIONS = [
  'book_meeting',
  'send_recap',
  'stakeholder_intro',
  'follow_up',
  'send_proposal',
  'answer_questions',
  'reply',
] as const;
export const actionSchema = z.enum(ACTIONS);
export type Action = z.infer<typeof actionSchema>;

export const ruleSchema = z.object({
  trigger: triggerKindSchema,
  action: actionSchema,
  maxDelay: z.number().int('must be a whole number of working minutes').min(0, 'must not be negative'),
});
export type Rule = z.infer<typeof ruleSchema>;

/**
 * What a custom issue of the workflow schemas is about, as its `params`: the message is for scenario
 * authors and logs, and the editor words it for the rep from this (lib/domain/workflow-messages.ts).
 */
export type WorkflowProblem =
  | { problem: 'duplicate-trigger'; trigger: TriggerKind }
  | { problem: 'duplicate-stage-id' }
  | { problem: 'duplicate-stage-name'; name: string };

const rulesSchema = z
  .array(ruleSchema)
  .default([])
  .superRefine((rules, context) => {
    const seen = new Set<TriggerKind>();
    rules.forEach((rule, index) => {
      if (seen.has(rule.trigger)) {
        const params: WorkflowProblem = { problem: 'duplicate-trigger', trigger: rule.trigger };
        context.addIssue({
          code: 'custom',
          path: [index, 'trigger'],
          message: `a second rule for ${rule.trigger}`,
          params,
        });
      }
      seen.add(rule.trigger);
    });
  });

const nonEmptyText = z.string().trim().min(1, 'must not be empty');

export const stageSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'must be lower-case letters, digits, "-" or "_"'),
  name: nonEmptyText,
  exitCriterion: nonEmptyText,
  checklist: z.array(nonEmptyText).default([]),
  rules: rulesSchema,
});
export type Stage = z.infer<typeof stageSchema>;

export const workflowSchema = z
  .object({
    quietAfterDays: z.number().positive('must be more than 0').max(365, 'must be at most 365'),
    stages: z.array(stageSchema).min(1, 'a workflow needs at least one stage'),
    rules: rulesSchema,
  })
  .superRefine((workflow, context) => {
    const seen = new Set<string>();
    workflow.stages.forEach((stage, index) => {
      if (seen.has(stage.id)) {
        const params: WorkflowProblem = { problem: 'duplicate-stage-id' };
        context.addIssue({
          code: 'custom',
          path: ['stages', index, 'id'],
          message: `stage id "${stage.id}" is used twice`,
          params,
        });
      }
      seen.add(stage.id);
    });
  });
export type Workflow = z.infer<typeof workflowSchema>;
export type WorkflowInput = z.input<typeof workflowSchema>;

/** A stage name as the rep tells stages apart: "Contact", " contact" and "CONTACT " are one name. */
export function stageNameKey(name: string): string {
  return name.trim().replace(/\s+/g, ' ').toLowerCase();
}

/**
 * A workflow as a save accepts it: also, no two stages share a name, and every stage of a name used
 * twice is marked. Stored versions and scenarios are read with `workflowSchema`, which allows it:
 * versions saved before this rule may repeat a name, and must still load.
 */
export const savableWorkflowSchema = workflowSchema.superRefine((workflow, context) => {
  const stagesByName = new Map<string, number[]>();
  workflow.stages.forEach((stage, index) => {
    const key = stageNameKey(stage.name);
    // An empty name has its own issue; two of them are not also a clash.
    if (key !== '') stagesByName.set(key, [...(stagesByName.get(key) ?? []), index]);
  });
  for (const indexes of stagesByName.values()) {
    if (indexes.length < 2) continue;
    for (const index of indexes) {
      const name = workflow.stages[index]!.name;
      const params: WorkflowProblem = { problem: 'duplicate-stage-name', name };
      context.addIssue({
        code: 'custom',
        path: ['stages', index, 'name'],
        message: `another stage is also named "${name}"`,
        params,
      });
    }
  }
});

export const DEFAULT_WORKFLOW: Workflow = workflowSchema.parse({
  quietAfterDays: 10,
  stages: [
    {
      id: 'identify',
      name: 'Identify',
      exitCriterion: 'A named person at the account has a reason to talk with us',
    },
    {
      id: 'contact',
      name: 'Contact',
      exitCriterion: 'The buyer replied and agreed to talk',
      rules: [{ trigger: 'buyer_replied', action: 'book_meeting', maxDelay: 240 }],
    },
    {
      id: 'discovery',
      name: 'Discovery',
      exitCriterion: 'The buyer described the problem and confirmed our recap of it',
      rules: [{ trigger: 'meeting_ended', action: 'send_recap', maxDelay: 120 }],
    },
    {
      id: 'propose',
      name: 'Propose',
      exitCriterion: 'The buyer confirmed the proposal matches what their team needs and named a decision date',
      rules: [{ trigger: 'stage_entered', action: 'send_proposal', maxDelay: 480 }],
    },
    {
      id: 'resolve',
      name: 'Resolve',
      exitCriterion: 'The buyer confirmed every open question is answered and named who signs',
      rules: [{ trigger: 'buyer_replied', action: 'answer_questions', maxDelay: 240 }],
    },
    { id: 'close', name: 'Close', exitCriterion: 'The buyer signed' },
  ],
  rules: [
    { trigger: 'buyer_replied', action: 'reply', maxDelay: 240 },
    { trigger: 'meeting_ended', action: 'send_recap', maxDelay: 120 },
    { trigger: 'new_stakeholder', action: 'stakeholder_intro', maxDelay: 480 },
    { trigger: 'quiet', action: 'follow_up', maxDelay: 480 },
  ],
});

/** The rule for a trigger in a stage: the stage's own, else the workflow-wide default, else none. */
export function ruleFor(workflow: Workflow, stageId: string, kind: TriggerKind): Rule | null {
  const stage = workflow.stages.find((candidate) => candidate.id === stageId);
  return (
    stage?.rules.find((rule) => rule.trigger === kind) ?? workflow.rules.find((rule) => rule.trigger === kind) ?? null
  );
}

/** The stage's position in workflow order, or -1 for a stage the workflow no longer has. */
export function stageIndex(workflow: Workflow, stageId: string): number {
  return workflow.stages.findIndex((stage) => stage.id === stageId);
}

/** Validates a workflow, throwing a DomainError that names the bad field. */
export function parseWorkflow(input: unknown): Workflow {
  return parseOrThrow(workflowSchema, input);
}
