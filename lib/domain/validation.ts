import { type z } from 'zod';
import { DomainError } from './errors';

/**
 * zod issues as one line that names the field, for messages the rep or a scenario author can act on:
 * `"stages[1].exitCriterion": must not be empty`, `"from" is required`.
 */

/** Error map for parsing: a missing field reads "is required", a wrong type names the expected one. */
export const fieldErrorMap: z.core.$ZodErrorMap = (issue) => {
  if (issue.code === 'invalid_type') {
    return issue.input === undefined ? 'is required' : `must be ${article(issue.expected)}`;
  }
  if (issue.code === 'invalid_value' && issue.values.length > 1) {
    return `must be one of ${issue.values.map((value) => JSON.stringify(value)).join(', ')}`;
  }
  return undefined;
};

function article(expected: string): string {
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}

export function fieldPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const key of path) {
    if (typeof key === 'number') text += `[${key}]`;
    else text += text === '' ? String(key) : `.${String(key)}`;
  }
  return text;
}

export function describeIssue(issue: z.core.$ZodIssue, pathPrefix: readonly PropertyKey[] = []): string {
  const path = fieldPath([...pathPrefix, ...issue.path]);
  if (path === '') return issue.message;
  return issue.message === 'is required' ? `"${path}" is required` : `"${path}": ${issue.message}`;
}

/** Parses or throws a DomainError naming the first bad field. */
export function parseOrThrow<Schema extends z.ZodType>(
  schema: Schema,
  input: unknown,
  pathPrefix: readonly PropertyKey[] = [],
): z.output<Schema> {
  const result = schema.safeParse(input, { error: fieldErrorMap });
  if (result.success) return result.data;
  throw new DomainError(describeIssue(result.error.issues[0]!, pathPrefix));
}
