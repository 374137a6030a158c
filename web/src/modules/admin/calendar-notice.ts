/**
 * Reads a year's holiday notice pasted as lines `YYYY-MM-DD holiday|workday 名称` (休/班 also accepted;
 * blank lines and lines starting with # are skipped). Returns the days, or the problems by line.
 */
export interface NoticeDay {
  date: string;
  kind: 'holiday' | 'workday';
  name: string;
}

export interface NoticeProblem {
  line: number;
  text: string;
  reason: 'format' | 'date' | 'year' | 'duplicate';
}

const KINDS: Record<string, NoticeDay['kind']> = { holiday: 'holiday', 休: 'holiday', workday: 'workday', 班: 'workday' };

function realDate(s: string): boolean {
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

export function parseNotice(text: string, year: number): { days: NoticeDay[]; problems: NoticeProblem[] } {
  const days: NoticeDay[] = [];
  const problems: NoticeProblem[] = [];
  const seen = new Set<string>();
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const m = /^(\d{4}-\d{2}-\d{2})\s+(\S+)\s+(.+)$/u.exec(line);
    const kind = m ? KINDS[m[2]!.toLowerCase()] : undefined;
    if (!m || kind === undefined) return problems.push({ line: i + 1, text: line, reason: 'format' });
    const date = m[1]!;
    const name = m[3]!;
    if (!realDate(date)) return problems.push({ line: i + 1, text: line, reason: 'date' });
    if (!date.startsWith(`${year}-`)) return problems.push({ line: i + 1, text: line, reason: 'year' });
    if (seen.has(date)) return problems.push({ line: i + 1, text: line, reason: 'duplicate' });
    seen.add(date);
    days.push({ date, kind, name: name.trim().slice(0, 60) });
  });
  days.sort((a, b) => a.date.localeCompare(b.date));
  return { days, problems };
}
