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

/**
 * Edit distance counting an adjacent transposition as one edit (optimal string alignment), so
 * `titel` is one edit from `title`.
 */
export function editDistance(a: string, b: string): number {
  // rows[i][j]: the distance between the first i characters of a and the first j of b.
  const rows = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = best;
    }
  }
  return rows[a.length]![b.length]!;
}

/**
 * The known name a misspelt one most likely meant, or null when none is near: case aside, at most one
 * edit in three characters (and always one), so `c` suggests `cc` but `xy` suggests nothing. Ties go
 * to the earlier known name.
 */
export function nearestName(name: string, known: readonly string[]): string | null {
  let nearest: string | null = null;
  let nearestDistance = Infinity;
  for (const candidate of known) {
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
    const allowed = Math.max(1, Math.floor(Math.max(name.length, candidate.length) / 3));
    if (distance <= allowed && distance < nearestDistance) {
      nearest = candidate;
      nearestDistance = distance;
    }
  }
  return nearest;
}

/** `"timeZone": unknown field (did you mean "timezone"?)` for the first field of `input` not in `known`. */
export function unknownFieldIssue(input: object, known: readonly string[]): string | null {
  const field = Object.keys(input).find((key) => !known.includes(key));
  if (field === undefined) return null;
  const nearest = nearestName(field, known);
  const hint = nearest === null ? '' : ` (did you mean ${JSON.stringify(nearest)}?)`;
  return `${JSON.stringify(field)}: unknown field${hint}`;
}
