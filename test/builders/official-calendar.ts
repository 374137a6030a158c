/**
 * Test fixture: the State Council's holiday notices for 2025 (国办发明电〔2024〕12号) and 2026, typed in
 * by hand so the calendar tests do not depend on the npm data package. Only tests import this file.
 */
import type { CalendarData } from '../../src/engine/domain/calendar/work-calendar.ts';
import { dayNumberOfLocalDate, localDateOfDayNumber } from '../../src/engine/domain/calendar/local-time.ts';

/** Every local date from `from` to `to` inclusive. */
export function dateRange(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = dayNumberOfLocalDate(from); d <= dayNumberOfLocalDate(to); d++) out.push(localDateOfDayNumber(d));
  return out;
}

function holidays(entries: [from: string, to: string, name: string][]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [from, to, name] of entries) for (const d of dateRange(from, to)) out[d] = name;
  return out;
}

export const OFFICIAL_2025_2026: CalendarData = {
  holidays: holidays([
    // 2025
    ['2025-01-01', '2025-01-01', '元旦'],
    ['2025-01-28', '2025-02-04', '春节'], // 8 days; make-up Sun 01-26, Sat 02-08
    ['2025-04-04', '2025-04-06', '清明节'],
    ['2025-05-01', '2025-05-05', '劳动节'], // make-up Sun 04-27
    ['2025-05-31', '2025-06-02', '端午节'],
    ['2025-10-01', '2025-10-08', '国庆节、中秋节'], // 8 days; make-up Sun 09-28, Sat 10-11
    // 2026
    ['2026-01-01', '2026-01-03', '元旦'], // make-up Sun 01-04
    ['2026-02-15', '2026-02-23', '春节'], // 9 days; make-up Sat 02-14, Sat 02-28
    ['2026-04-04', '2026-04-06', '清明节'],
    ['2026-05-01', '2026-05-05', '劳动节'], // make-up Sat 05-09
    ['2026-06-19', '2026-06-21', '端午节'],
    ['2026-09-25', '2026-09-27', '中秋节'],
    ['2026-10-01', '2026-10-07', '国庆节'], // make-up Sun 09-20, Sat 10-10
  ]),
  workdays: {
    '2025-01-26': '春节调休',
    '2025-02-08': '春节调休',
    '2025-04-27': '劳动节调休',
    '2025-09-28': '国庆节、中秋节调休',
    '2025-10-11': '国庆节、中秋节调休',
    '2026-01-04': '元旦调休',
    '2026-02-14': '春节调休',
    '2026-02-28': '春节调休',
    '2026-05-09': '劳动节调休',
    '2026-09-20': '国庆节调休',
    '2026-10-10': '国庆节调休',
  },
  coveredYears: [2025, 2026],
};
