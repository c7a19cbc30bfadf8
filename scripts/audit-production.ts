import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';

/**
 * `npm audit --omit=dev` with a verdict CI can act on: high or critical advisories in what ships
 * fail the run. Some registries (mirrors, this project's build machines) have no audit endpoint;
 * that is reported and skipped, not passed off as a clean audit, unless EMBER_REQUIRE_AUDIT=1.
 */
export type AuditVerdict =
  | { kind: 'clean'; counts: Record<string, number> }
  | { kind: 'vulnerable'; counts: Record<string, number>; packages: string[] }
  | { kind: 'unavailable'; reason: string };

const BLOCKING = ['high', 'critical'] as const;

interface AuditReport {
  error?: unknown;
  message?: string;
  statusCode?: number;
  metadata?: { vulnerabilities?: Record<string, number> };
  vulnerabilities?: Record<string, { severity?: string }>;
}

export function auditVerdict(output: string): AuditVerdict {
  let report: AuditReport;
  try {
    report = JSON.parse(output) as AuditReport;
  } catch {
    return { kind: 'unavailable', reason: 'npm audit printed no JSON report' };
  }
  const counts = report.metadata?.vulnerabilities;
  if (!counts) {
    const status = report.statusCode ? ` (HTTP ${report.statusCode})` : '';
    return { kind: 'unavailable', reason: `${report.message ?? 'the registry gave no audit report'}${status}` };
  }
  const packages = Object.entries(report.vulnerabilities ?? {})
    .filter(([, advisory]) => BLOCKING.some((severity) => severity === advisory.severity))
    .map(([name, advisory]) => `${name} (${advisory.severity})`)
    .sort();
  const blocking = BLOCKING.reduce((sum, severity) => sum + (counts[severity] ?? 0), 0);
  return blocking > 0 ? { kind: 'vulnerable', counts, packages } : { kind: 'clean', counts };
}

function main(): number {
  const run = spawnSync('npm', ['audit', '--omit=dev', '--json'], { encoding: 'utf8' });
  const verdict = auditVerdict(run.stdout);
  switch (verdict.kind) {
    case 'clean':
      console.log(`npm audit --omit=dev: no high or critical advisories ${JSON.stringify(verdict.counts)}`);
      return 0;
    case 'vulnerable':
      console.error(`npm audit --omit=dev: high or critical advisories in ${verdict.packages.join(', ')}`);
      return 1;
    case 'unavailable':
      console.warn(`npm audit --omit=dev: skipped, the audit endpoint is unavailable: ${verdict.reason}`);
      return process.env.EMBER_REQUIRE_AUDIT === '1' ? 1 : 0;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) process.exitCode = main();
