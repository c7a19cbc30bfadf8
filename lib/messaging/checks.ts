import { describeIssue, fieldErrorMap } from '@/lib/domain/validation';
import type { ClientChecks } from './client';
import { protocol } from './protocol';

/**
 * The protocol's schemas as client-side checks, for the extension pages: a form's bad field is
 * named before the request travels, and a response is read through its schema on receipt too.
 */
export const protocolChecks: ClientChecks = {
  request(type, data) {
    const checked = protocol[type].request.safeParse(data, { error: fieldErrorMap });
    return checked.success ? null : describeIssue(checked.error.issues[0]!);
  },
  response(type, value) {
    const checked = protocol[type].response.safeParse(value);
    return checked.success
      ? { ok: true, value: checked.data }
      : { ok: false, problem: describeIssue(checked.error.issues[0]!) };
  },
};
