import { describe, expect, test } from 'vitest';
import { fieldErrorMap } from '@/lib/domain/validation';
import { savableWorkflowSchema, type WorkflowInput } from '@/lib/domain/workflow';
import { workflowFieldMessages } from '@/lib/domain/workflow-messages';

const stage = { id: 'lead', name: 'Lead', exitCriterion: 'The buyer answered' };
const rule = { trigger: 'quiet', action: 'follow_up', maxDelay: 60 } as const;

/** What the editor shows for a workflow, parsed as the editor parses it. */
function messages(input: WorkflowInput): Record<string, string> {
  const result = savableWorkflowSchema.safeParse(input, { error: fieldErrorMap });
  return result.success ? {} : workflowFieldMessages(result.error.issues);
}

describe("the workflow's messages for the rep", () => {
  // prettier-ignore
  test.each<[string, WorkflowInput, Record<string, string>]>([
    ['a negative delay', { quietAfterDays: 5, stages: [{ ...stage, rules: [{ ...rule, maxDelay: -60 }] }] }, { 'stages[0].rules[0].maxDelay': 'The delay can’t be negative.' }],
    ['a delay in part of a minute', { quietAfterDays: 5, stages: [stage], rules: [{ ...rule, maxDelay: 1.5 }] }, { 'rules[0].maxDelay': 'The delay must be a whole number of minutes.' }],
    ['an endless delay', { quietAfterDays: 5, stages: [stage], rules: [{ ...rule, maxDelay: Infinity }] }, { 'rules[0].maxDelay': 'Enter the delay as a number.' }],
    ['a second rule for a trigger', { quietAfterDays: 5, stages: [{ ...stage, rules: [rule, { ...rule, action: 'reply' }] }] }, { 'stages[0].rules[1].trigger': 'Another rule here is also for “Gone quiet”. Keep one of them.' }],
    ['an empty name and exit criterion', { quietAfterDays: 5, stages: [{ ...stage, name: ' ', exitCriterion: '' }] }, { 'stages[0].name': 'Give the stage a name.', 'stages[0].exitCriterion': 'Say what the buyer did that ends this stage.' }],
    ['an empty checklist item', { quietAfterDays: 5, stages: [{ ...stage, checklist: ['Named the pain', ' '] }] }, { 'stages[0].checklist[1]': 'A checklist item can’t be empty.' }],
    ['a name used twice', { quietAfterDays: 5, stages: [stage, { ...stage, id: 'lead-2', name: 'lead ' }] }, { 'stages[0].name': 'Another stage is also called “Lead”. Give each stage its own name.', 'stages[1].name': 'Another stage is also called “lead”. Give each stage its own name.' }],
    ['an id used twice', { quietAfterDays: 5, stages: [stage, { ...stage, name: 'Later' }] }, { 'stages[1].id': 'This stage has the same hidden id as another. Remove it and add it again.' }],
    ['no quiet period', { quietAfterDays: 0, stages: [stage] }, { quietAfterDays: 'The days before a deal goes quiet must be more than 0.' }],
    ['a quiet period over a year', { quietAfterDays: 400, stages: [stage] }, { quietAfterDays: 'The days before a deal goes quiet can be 365 at most.' }],
    ['no stage', { quietAfterDays: 5, stages: [] }, { stages: 'The workflow needs at least one stage.' }],
  ])('%s', (_case, input, expected) => {
    expect(messages(input)).toEqual(expected);
  });

  test('every invalid field of one rule has its own message', () => {
    expect(messages({ quietAfterDays: 5, stages: [{ ...stage, rules: [rule, { ...rule, maxDelay: -1 }] }] })).toEqual({
      'stages[0].rules[1].trigger': 'Another rule here is also for “Gone quiet”. Keep one of them.',
      'stages[0].rules[1].maxDelay': 'The delay can’t be negative.',
    });
  });
});
