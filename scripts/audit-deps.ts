/**
 * Dependency audit for CI: `npm audit --omit=dev` and a verdict. Fails on any advisory of high or
 * critical severity in the packages the server ships with (dev tools are not deployed).
 *
 * The registry must answer npm's audit endpoint for the check to mean anything. Some registries
 * (mirrors, the sandbox this project is built in) refuse it with 404/405/501: then the run says so
 * loudly and passes, unless JIESU_AUDIT_REQUIRED=1 makes an unanswered audit a failure too.
 *
 *   node --import tsx scripts/audit-deps.ts              run npm audit and judge it
 *   node --import tsx scripts/audit-deps.ts report.json  judge a saved `npm audit --json` report
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';

export type AuditVerdict =
  | { kind: 'clean'; counts: Record<string, number> }
  | { kind: 'vulnerable'; counts: Record<string, number>; findings: string[] }
  | { kind: 'unavailable'; reason: string }
  | { kind: 'unreadable'; reason: string };

const FAILING = new Set(['high', 'critical']);

/** Judges the JSON printed by `npm audit --json` (npm 7+ report format, or npm's error object). */
export function judgeAudit(text: string): AuditVerdict {
  let report: unknown;
  try {
    report = JSON.parse(text);
  } catch {
    return { kind: 'unreadable', reason: `npm audit did not print JSON: ${text.slice(0, 200)}` };
  }
  if (typeof report !== 'object' || report === null) return { kind: 'unreadable', reason: 'npm audit printed no object' };
  const r = report as Record<string, unknown>;
  const status = typeof r.statusCode === 'number' ? r.statusCode : undefined;
  if (status !== undefined && [404, 405, 501].includes(status))
    return { kind: 'unavailable', reason: `the registry refuses audit requests (${status} ${String(r.uri ?? '')})` };
  const meta = (r.metadata as Record<string, unknown> | undefined)?.vulnerabilities as Record<string, number> | undefined;
  if (meta === undefined || typeof meta !== 'object')
    return { kind: 'unreadable', reason: `unexpected npm audit output: ${String(r.message ?? JSON.stringify(r).slice(0, 200))}` };
  const findings: string[] = [];
  const vulns = (r.vulnerabilities ?? {}) as Record<string, { severity?: string; via?: unknown[]; range?: string }>;
  for (const [name, v] of Object.entries(vulns)) {
    if (!FAILING.has(String(v.severity))) continue;
    const titles = (v.via ?? [])
      .map((x) =>
        typeof x === 'object' && x !== null ? `${(x as { title?: string }).title ?? ''} ${(x as { url?: string }).url ?? ''}`.trim() : `via ${String(x)}`,
      )
      .join('; ');
    findings.push(`${v.severity} ${name} ${v.range ?? ''}: ${titles}`);
  }
  return findings.length > 0 ? { kind: 'vulnerable', counts: meta, findings } : { kind: 'clean', counts: meta };
}

function runNpmAudit(): Promise<string> {
  return new Promise((resolve) => {
    // npm audit exits non-zero when it finds something or fails; the JSON tells which.
    execFile('npm', ['audit', '--omit=dev', '--json'], { maxBuffer: 64 * 1024 * 1024 }, (_err, stdout) => resolve(stdout));
  });
}

async function main(): Promise<number> {
  const file = process.argv[2];
  const verdict = judgeAudit(file ? await readFile(file, 'utf8') : await runNpmAudit());
  switch (verdict.kind) {
    case 'clean':
      console.log(`npm audit --omit=dev: no high or critical advisories (${JSON.stringify(verdict.counts)})`);
      return 0;
    case 'vulnerable':
      console.error(`npm audit --omit=dev: ${verdict.findings.length} package(s) with high or critical advisories:`);
      for (const f of verdict.findings) console.error(`  ${f}`);
      console.error('Update or replace them (npm audit fix --omit=dev), or record why an advisory does not apply.');
      return 1;
    case 'unavailable':
      console.warn(`WARNING: dependencies NOT audited: ${verdict.reason}.`);
      if (process.env.JIESU_AUDIT_REQUIRED === '1') {
        console.error('JIESU_AUDIT_REQUIRED=1: an unanswered audit fails the run.');
        return 1;
      }
      return 0;
    case 'unreadable':
      console.error(verdict.reason);
      return 1;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) process.exit(await main());
