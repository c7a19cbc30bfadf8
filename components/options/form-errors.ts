import type { z } from 'zod';
import { fieldErrorMap } from '@/lib/domain/validation';

/** The first message per top-level field, for errors shown next to their input. */
export type FieldErrors = Partial<Record<string, string>>;

/** A form's words for an issue, for the rep; undefined leaves it to the schema's message. */
export type IssueWords = (issue: z.core.$ZodIssue) => string | undefined;

export function validate<Schema extends z.ZodType>(
  schema: Schema,
  value: unknown,
  words: IssueWords = () => undefined,
): { ok: true; value: z.output<Schema> } | { ok: false; errors: FieldErrors } {
  const result = schema.safeParse(value, { error: fieldErrorMap });
  if (result.success) return { ok: true, value: result.data };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const field = String(issue.path[0] ?? 'form');
    errors[field] ??= words(issue) ?? schemaMessage(issue);
  }
  return { ok: false, errors };
}

/** The schema's message, naming the sub-field it is about ("end: must be after start"). */
function schemaMessage(issue: z.core.$ZodIssue): string {
  // List positions say nothing to the rep (the message names the bad value); sub-fields do.
  const within = issue.path.slice(1).filter((key) => typeof key !== 'number');
  return within.length > 0 ? `${within.join('.')}: ${issue.message}` : issue.message;
}

/** One address or domain per line or comma, blanks dropped. */
export function splitList(text: string): string[] {
  return text
    .split(/[\n,]/)
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
}
