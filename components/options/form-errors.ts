import type { z } from 'zod';
import { fieldErrorMap } from '@/lib/domain/validation';

/** The first message per top-level field, for errors shown next to their input. */
export type FieldErrors = Partial<Record<string, string>>;

export function validate<Schema extends z.ZodType>(
  schema: Schema,
  value: unknown,
): { ok: true; value: z.output<Schema> } | { ok: false; errors: FieldErrors } {
  const result = schema.safeParse(value, { error: fieldErrorMap });
  if (result.success) return { ok: true, value: result.data };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const field = String(issue.path[0] ?? 'form');
    // List positions say nothing to the rep (the message names the bad value); sub-fields do.
    const within = issue.path.slice(1).filter((key) => typeof key !== 'number');
    const detail = within.length > 0 ? `${within.join('.')}: ${issue.message}` : issue.message;
    errors[field] ??= detail;
  }
  return { ok: false, errors };
}

/** One address or domain per line or comma, blanks dropped. */
export function splitList(text: string): string[] {
  return text
    .split(/[\n,]/)
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
}
