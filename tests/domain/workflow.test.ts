import { describe, expect, test } from 'vitest';
import { DomainError } from '@/lib/domain/errors';
import {
  DEFAULT_WORKFLOW,
  parseWorkflow,
  ruleFor,
  savableWorkflowSchema,
  stageNameKey,
  workflowSchema,
} from '@/lib/domain/workflow';

describe('the built-in playbook', () => {
  test('has the contract stages, in order, with their exit criteria and rules', () => {
    expect(
      DEFAULT_WORKFLOW.stages.map((stage) => [
        stage.id,
        stage.name,
        stage.exitCriterion,
        stage.rules.map((rule) => `${rule.trigger}→${rule.action}/${rule.maxDelay}`),
      ]),
    ).toEqual([
      ['identify', 'Identify', 'A named person at the account has a reason to talk with us', []],
      ['contact', 'Contact', 'The buyer replied and agreed to talk', ['buyer_replied→book_meeting/240']],
      [
        'discovery',
        'Discovery',
        'The buyer described the problem and confirmed our recap of it',
        ['meeting_ended→send_recap/120'],
      ],
      [
        'propose',
        'Propose',
        'The buyer confirmed the proposal matches what their team needs and named a decision date',
        ['stage_entered→send_proposal/480'],
      ],
      [
        'resolve',
        'Resolve',
        'The buyer confirmed every open question is answered and named who signs',
        ['buyer_replied→answer_questions/240'],
      ],
      ['close', 'Close', 'The buyer signed', []],
    ]);
    expect(DEFAULT_WORKFLOW.quietAfterDays).toBe(10);
  });

  test.each([
    ['contact', 'buyer_replied', 'book_meeting', 240],
    ['discovery', 'buyer_replied', 'reply', 240],
    ['resolve', 'buyer_replied', 'answer_questions', 240],
    ['identify', 'meeting_ended', 'send_recap', 120],
    ['close', 'new_stakeholder', 'stakeholder_intro', 480],
    ['propose', 'quiet', 'follow_up', 480],
    ['propose', 'stage_entered', 'send_proposal', 480],
  ] as const)('in %s, %s asks for %s within %i working minutes', (stage, kind, action, maxDelay) => {
    expect(ruleFor(DEFAULT_WORKFLOW, stage, kind)).toEqual({ trigger: kind, action, maxDelay });
  });

  test.each(['identify', 'contact', 'discovery', 'resolve', 'close'])('in %s, stage_entered has no rule', (stage) => {
    expect(ruleFor(DEFAULT_WORKFLOW, stage, 'stage_entered')).toBeNull();
  });
});

describe('parseWorkflow', () => {
  const stage = { id: 'lead', name: 'Lead', exitCriterion: 'The buyer answered' };

  test('fills the defaults a scenario may leave out', () => {
    expect(parseWorkflow({ quietAfterDays: 5, stages: [stage] })).toEqual({
      quietAfterDays: 5,
      stages: [{ ...stage, checklist: [], rules: [] }],
      rules: [],
    });
  });

  // prettier-ignore
  test.each([
    [{ stages: [stage] }, '"quietAfterDays" is required'],
    [{ quietAfterDays: 0, stages: [stage] }, '"quietAfterDays": must be more than 0'],
    [{ quietAfterDays: 5, stages: [] }, '"stages": a workflow needs at least one stage'],
    [{ quietAfterDays: 5, stages: [stage, stage] }, '"stages[1].id": stage id "lead" is used twice'],
    [{ quietAfterDays: 5, stages: [{ ...stage, id: 'Lead Stage' }] }, '"stages[0].id": must be lower-case letters, digits, "-" or "_"'],
    [{ quietAfterDays: 5, stages: [{ ...stage, exitCriterion: '  ' }] }, '"stages[0].exitCriterion": must not be empty'],
    [{ quietAfterDays: 5, stages: [{ ...stage, rules: [{ trigger: 'quiet', action: 'follow_up', maxDelay: -1 }] }] }, '"stages[0].rules[0].maxDelay": must not be negative'],
    [{ quietAfterDays: 5, stages: [{ ...stage, rules: [{ trigger: 'quiet', action: 'follow_up', maxDelay: 1.5 }] }] }, '"stages[0].rules[0].maxDelay": must be a whole number of working minutes'],
    [{ quietAfterDays: 5, stages: [stage], rules: [{ trigger: 'quiet', action: 'follow_up', maxDelay: 1 }, { trigger: 'quiet', action: 'reply', maxDelay: 1 }] }, '"rules[1].trigger": a second rule for quiet'],
    [{ quietAfterDays: 5, stages: [stage], rules: [{ trigger: 'silence', action: 'follow_up', maxDelay: 1 }] }, /^"rules\[0\].trigger": must be one of "buyer_replied"/],
  ])('%j is refused: %s', (input, message) => {
    let error: unknown;
    try {
      parseWorkflow(input);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(DomainError);
    if (typeof message === 'string') expect((error as Error).message).toBe(message);
    else expect((error as Error).message).toMatch(message);
  });
});

describe('stage names, when a workflow is saved', () => {
  const stage = (id: string, name: string) => ({ id, name, exitCriterion: 'The buyer answered' });
  const withStages = (...stages: ReturnType<typeof stage>[]) => ({ quietAfterDays: 5, stages });
  const nameIssues = (input: unknown) =>
    (savableWorkflowSchema.safeParse(input).error?.issues ?? []).map((issue) => [issue.path, issue.message]);

  test.each([
    ['the same', 'Contact', 'Contact'],
    ['in another case', 'Contact', 'CONTACT'],
    ['with spaces around', 'Contact', '  contact '],
    ['with other spaces inside', 'Initial call', 'initial   call'],
  ])('a name used twice %s is refused on both stages', (_case, first, second) => {
    expect(nameIssues(withStages(stage('a', first), stage('b', 'Other'), stage('c', second)))).toEqual([
      [['stages', 0, 'name'], `another stage is also named "${first.trim()}"`],
      [['stages', 2, 'name'], `another stage is also named "${second.trim()}"`],
    ]);
  });

  test('different names pass, and two empty names are only empty', () => {
    expect(nameIssues(withStages(stage('a', 'Contact'), stage('b', 'Contacted')))).toEqual([]);
    expect(nameIssues(withStages(stage('a', ' '), stage('b', '')))).toEqual([
      [['stages', 0, 'name'], 'must not be empty'],
      [['stages', 1, 'name'], 'must not be empty'],
    ]);
  });

  test('a stored version that repeats a name still reads, as versions saved before the rule may', () => {
    expect(workflowSchema.safeParse(withStages(stage('a', 'Contact'), stage('b', 'contact'))).success).toBe(true);
  });

  test.each([
    [' Contact ', 'contact'],
    ['Initial\t call', 'initial call'],
  ])('%j is told apart as %j', (name, key) => {
    expect(stageNameKey(name)).toBe(key);
  });
});
