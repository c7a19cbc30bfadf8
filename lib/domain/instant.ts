import { z } from 'zod';

const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i;

/** An ISO-8601 time with a zone (`2026-04-06T13:00:00Z`), parsed to epoch milliseconds. */
export const instantSchema = z.string().transform((text, context) => {
  const at = ISO_WITH_ZONE.test(text) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(at)) {
    context.addIssue({
      code: 'custom',
      message: `invalid time ${JSON.stringify(text)} (ISO-8601 with a zone, e.g. 2026-04-06T13:00:00Z)`,
    });
    return z.NEVER;
  }
  return at;
});
