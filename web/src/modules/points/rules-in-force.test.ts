import { describe, expect, it } from 'vitest';
import { rulesInForce, todayInBeijing } from './rules-in-force.ts';

describe('rulesInForce', () => {
  const rules = [
    { code: 'service.hour', effectiveFrom: '2020-01-01', pointsPerUnit: 10 },
    { code: 'service.hour', effectiveFrom: '2026-05-01', pointsPerUnit: 12 },
    { code: 'service.hour', effectiveFrom: '2026-09-01', pointsPerUnit: 15 },
    { code: 'conduct.waste_sorting', effectiveFrom: '2026-07-01', pointsPerUnit: 5 },
  ];

  it('gives each code’s latest version that has taken effect, and leaves out codes not yet in force', () => {
    expect(rulesInForce(rules, '2026-06-30')).toEqual([rules[1]]);
    expect(rulesInForce(rules, '2026-07-01')).toEqual([rules[3], rules[1]]);
    expect(rulesInForce(rules, '2026-09-01').map((r) => r.pointsPerUnit)).toEqual([5, 15]);
    expect(rulesInForce(rules, '2019-12-31')).toEqual([]);
  });

  it('takes the date in Beijing, not the phone’s zone', () => {
    // 2026-06-30 17:00 UTC is already 1 July in Beijing.
    expect(todayInBeijing(new Date('2026-06-30T17:00:00Z'))).toBe('2026-07-01');
  });
});
