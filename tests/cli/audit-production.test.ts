import { describe, expect, test } from 'vitest';
import { auditVerdict } from '@/scripts/audit-production';

const report = (vulnerabilities: Record<string, number>, packages: Record<string, { severity: string }> = {}) =>
  JSON.stringify({
    auditReportVersion: 2,
    vulnerabilities: packages,
    metadata: { vulnerabilities: { info: 0, low: 0, moderate: 0, high: 0, critical: 0, total: 0, ...vulnerabilities } },
  });

describe('the production dependency audit', () => {
  test.each([
    ['no advisories', report({}), 'clean'],
    ['low and moderate only', report({ low: 2, moderate: 1 }), 'clean'],
    ['a high advisory', report({ high: 1 }, { dompurify: { severity: 'high' } }), 'vulnerable'],
    ['a critical advisory', report({ critical: 1 }, { zod: { severity: 'critical' } }), 'vulnerable'],
    [
      'a registry without the audit endpoint',
      JSON.stringify({ message: '405 Method Not Allowed', statusCode: 405, error: {} }),
      'unavailable',
    ],
    ['no output at all', '', 'unavailable'],
  ])('%s → %s', (_name, output, kind) => {
    expect(auditVerdict(output).kind).toBe(kind);
  });

  test('names the packages that block, and why the audit was skipped', () => {
    expect(
      auditVerdict(report({ high: 1, low: 1 }, { dompurify: { severity: 'high' }, ms: { severity: 'low' } })),
    ).toMatchObject({ packages: ['dompurify (high)'] });
    expect(auditVerdict(JSON.stringify({ message: '405 Method Not Allowed', statusCode: 405 }))).toEqual({
      kind: 'unavailable',
      reason: '405 Method Not Allowed (HTTP 405)',
    });
  });
});
