import { describe, expect, it } from 'vitest';
import { OUTCOMES, SATISFACTIONS, TICKET_STATES } from '../../engine/domain/workflow/ticket.ts';
import { labelOf, normaliseKeywords, OUTCOME_LABEL, periodRange, SATISFACTION_LABEL, STATE_LABEL } from './ledgers.domain.ts';

describe('ledger rules', () => {
  it('day, ISO week (Mon–Sun) and month ranges in Asia/Shanghai', () => {
    expect(periodRange('day', '2026-03-02')).toEqual({ from: new Date('2026-03-01T16:00:00Z'), to: new Date('2026-03-02T16:00:00Z') });
    // 2026-03-08 is a Sunday: its week starts Monday 2026-03-02.
    expect(periodRange('week', '2026-03-08')).toEqual({ from: new Date('2026-03-01T16:00:00Z'), to: new Date('2026-03-08T16:00:00Z') });
    expect(periodRange('week', '2026-03-09')!.from).toEqual(new Date('2026-03-08T16:00:00Z'));
    expect(periodRange('month', '2026-12-31')).toEqual({ from: new Date('2026-11-30T16:00:00Z'), to: new Date('2026-12-31T16:00:00Z') });
    expect(periodRange('month', '2024-02-29')!.to).toEqual(new Date('2024-02-29T16:00:00Z'));
    expect(periodRange('day', '2026-02-30')).toBeNull();
  });
  it('every state, outcome and satisfaction the export shows has a Chinese name', () => {
    const cases: [Readonly<Record<string, string>>, readonly string[]][] = [
      [STATE_LABEL, TICKET_STATES],
      [OUTCOME_LABEL, OUTCOMES],
      [SATISFACTION_LABEL, SATISFACTIONS],
    ];
    for (const [table, codes] of cases) for (const code of codes) expect(labelOf(table, code), code).toMatch(/^\p{Script=Han}+$/u);
    expect(labelOf(OUTCOME_LABEL, 'resolved_on_spot')).toBe('现场解决');
    expect(labelOf(OUTCOME_LABEL, 'concluded')).toBe('办结评价');
  });

  it('labels fall back to the code; keywords are trimmed and de-duplicated', () => {
    expect(labelOf(STATE_LABEL, 'handling')).toBe('办理中');
    expect(labelOf(STATE_LABEL, 'odd')).toBe('odd');
    expect(labelOf(STATE_LABEL, null)).toBe('');
    expect(normaliseKeywords([' 创城 ', '创城', ''])).toEqual(['创城']);
    expect(normaliseKeywords(['  '])).toBeUndefined();
  });
});
