import { describe, expect, it } from 'vitest';
import { judgeAudit } from './audit-deps.ts';

const report = (vulnerabilities: Record<string, unknown>, counts: Record<string, number>) =>
  JSON.stringify({
    auditReportVersion: 2,
    vulnerabilities,
    metadata: { vulnerabilities: { info: 0, low: 0, moderate: 0, high: 0, critical: 0, total: 0, ...counts } },
  });

describe('judgeAudit', () => {
  it('passes a report without high or critical advisories', () => {
    const v = judgeAudit(report({ foo: { severity: 'moderate', via: [{ title: 'ReDoS', url: 'https://x' }], range: '<1.2.3' } }, { moderate: 1, total: 1 }));
    expect(v.kind).toBe('clean');
  });

  it('fails on a high advisory, naming the package and the advisory', () => {
    const v = judgeAudit(
      report(
        {
          foo: { severity: 'high', via: [{ title: 'Prototype pollution', url: 'https://github.com/advisories/GHSA-1' }], range: '<2.0.0' },
          bar: { severity: 'critical', via: ['foo'], range: '*' },
          baz: { severity: 'low', via: [], range: '*' },
        },
        { high: 1, critical: 1, low: 1, total: 3 },
      ),
    );
    expect(v.kind).toBe('vulnerable');
    if (v.kind !== 'vulnerable') return;
    expect(v.findings).toHaveLength(2);
    expect(v.findings[0]).toContain('foo');
    expect(v.findings[0]).toContain('Prototype pollution');
    expect(v.findings[1]).toContain('via foo');
  });

  it('tells a registry that refuses audits apart from a failure', () => {
    const refused = JSON.stringify({
      message: '405 Method Not Allowed',
      statusCode: 405,
      uri: 'https://registry/-/npm/v1/security/advisories/bulk',
      error: { summary: '' },
    });
    expect(judgeAudit(refused).kind).toBe('unavailable');
    expect(judgeAudit('npm ERR! something').kind).toBe('unreadable');
    expect(judgeAudit(JSON.stringify({ message: 'ECONNRESET' })).kind).toBe('unreadable');
  });
});
