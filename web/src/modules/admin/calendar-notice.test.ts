import { describe, expect, it } from 'vitest';
import { parseNotice } from './calendar-notice.ts';

describe('parseNotice', () => {
  it('reads holidays and make-up workdays in English or Chinese words, sorted by date', () => {
    const { days, problems } = parseNotice('# 2027 通知\n2027-01-04 班 元旦调休\n\n2027-01-01 holiday 元旦\r\n2027-01-02 休 元旦', 2027);
    expect(problems).toEqual([]);
    expect(days).toEqual([
      { date: '2027-01-01', kind: 'holiday', name: '元旦' },
      { date: '2027-01-02', kind: 'holiday', name: '元旦' },
      { date: '2027-01-04', kind: 'workday', name: '元旦调休' },
    ]);
  });

  it('names each bad line with its number and reason, and keeps the good ones', () => {
    const text = ['2027-02-30 holiday 不存在', '2028-01-01 holiday 明年', '2027-05-01 vacation 劳动节', '2027-05-01 holiday 劳动节', '2027-05-01 休 重复'].join(
      '\n',
    );
    const { days, problems } = parseNotice(text, 2027);
    expect(problems.map((p) => [p.line, p.reason])).toEqual([
      [1, 'date'],
      [2, 'year'],
      [3, 'format'],
      [5, 'duplicate'],
    ]);
    expect(days).toEqual([{ date: '2027-05-01', kind: 'holiday', name: '劳动节' }]);
  });
});
