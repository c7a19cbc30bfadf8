import type { z } from 'zod';
import { fieldPath } from './validation';
import { TRIGGER_TEXT } from './wording';
import type { WorkflowProblem } from './workflow';

/**
 * What the workflow editor tells the rep about each invalid field. The schemas' own messages
 * ("must not be negative") are for scenario authors and logs, who also read the field path; a rep
 * sees the message beside the field, so it is a sentence that says what to do.
 */

/** The rep's message for every invalid field, keyed by its path (`stages[1].rules[0].maxDelay`), the first issue of a field winning. */
export function workflowFieldMessages(issues: readonly z.core.$ZodIssue[]): Record<string, string> {
  const messages: Record<string, string> = {};
  for (const issue of issues) messages[fieldPath(issue.path)] ??= workflowIssueText(issue);
  return messages;
}

/** One issue of `workflowSchema` or `savableWorkflowSchema` in the rep's words. */
export function workflowIssueText(issue: z.core.$ZodIssue): string {
  // The field is the last name on the path: "stages[1].checklist[0]" is a checklist item.
  const field = issue.path.findLast((key) => typeof key === 'string');
  const problem = workflowProblem(issue);
  switch (field) {
    case 'name':
      return problem?.problem === 'duplicate-stage-name'
        ? `Another stage is also called “${problem.name}”. Give each stage its own name.`
        : 'Give the stage a name.';
    case 'exitCriterion':
      return 'Say what the buyer did that ends this stage.';
    case 'checklist':
      return 'A checklist item can’t be empty.';
    case 'id':
      // Ids are made by the editor and never shown: only a damaged saved workflow has a bad one.
      return problem?.problem === 'duplicate-stage-id'
        ? 'This stage has the same hidden id as another. Remove it and add it again.'
        : 'This stage’s hidden id is damaged. Remove the stage and add it again.';
    case 'trigger':
      return problem?.problem === 'duplicate-trigger'
        ? `Another rule here is also for “${TRIGGER_TEXT[problem.trigger]}”. Keep one of them.`
        : 'Choose what starts this rule.';
    case 'action':
      return 'Choose what the rule asks you to do.';
    case 'maxDelay':
      if (issue.code === 'too_small') return 'The delay can’t be negative.';
      if (issue.code === 'invalid_type' && issue.expected === 'int')
        return 'The delay must be a whole number of minutes.';
      return 'Enter the delay as a number.';
    case 'quietAfterDays':
      if (issue.code === 'too_small') return 'The days before a deal goes quiet must be more than 0.';
      if (issue.code === 'too_big') return 'The days before a deal goes quiet can be 365 at most.';
      return 'Enter a number of days.';
    case 'stages':
      return 'The workflow needs at least one stage.';
    default:
      return 'This isn’t valid. Check it and try again.';
  }
}

/**
 * What a custom issue is about. Invariant: the workflow schemas give every custom issue a
 * `WorkflowProblem` as its params (lib/domain/workflow.ts); other issues have none.
 */
function workflowProblem(issue: z.core.$ZodIssue): WorkflowProblem | undefined {
  return issue.code === 'custom' ? (issue.params as WorkflowProblem | undefined) : undefined;
}
