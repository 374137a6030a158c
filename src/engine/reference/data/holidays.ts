/**
 * Official holiday and make-up-workday (调休) calendar rows from the `chinese-days` package, read
 * from its data file `dist/chinese-days.json` rather than its JS bundle.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** One calendar exception: a public holiday, or a weekend day that is a working day. */
export interface CalendarDayRow {
  /** `YYYY-MM-DD` (Asia/Shanghai). */
  date: string;
  kind: 'holiday' | 'workday';
  /** Chinese festival name, e.g. `国庆节`. */
  name: string;
}

interface ChineseDaysJson {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

const require = createRequire(import.meta.url);

/** Parses a `"National Day,国庆节,3"` value: English name, Chinese name, length in days. */
function chineseName(value: string): string {
  const parts = value.split(',');
  return (parts[1] ?? parts[0] ?? '').trim();
}

/**
 * All holiday and make-up-workday rows the package ships, sorted by date; `years` lists every
 * year with at least one row; `source` is `chinese-days@<version>`.
 */
export function chineseDaysRows(): { rows: CalendarDayRow[]; years: number[]; source: string } {
  const packageJsonPath = require.resolve('chinese-days/package.json');
  const pkg = JSON.parse(readFileSync(packageJsonPath, 'utf8')) as { version: string };
  const data = JSON.parse(
    readFileSync(join(dirname(packageJsonPath), 'dist', 'chinese-days.json'), 'utf8'),
  ) as ChineseDaysJson;

  const rows: CalendarDayRow[] = [];
  for (const [date, value] of Object.entries(data.holidays)) {
    rows.push({ date, kind: 'holiday', name: chineseName(value) });
  }
  for (const [date, value] of Object.entries(data.workdays)) {
    rows.push({ date, kind: 'workday', name: chineseName(value) });
  }
  rows.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));

  const years = [...new Set(rows.map((r) => Number(r.date.slice(0, 4))))].sort((a, b) => a - b);
  return { rows, years, source: `chinese-days@${pkg.version}` };
}
