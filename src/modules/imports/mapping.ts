/**
 * Mapping files adapt a foreign export (e.g. Open311-style 311 CSVs) to historical tickets: which
 * column holds which field, how dates are written, and how status, category, agency and channel
 * values translate. Pure: no I/O.
 */
import type { Channel } from '../../engine/domain/workflow/ticket.ts';

export interface ImportMapping {
  /**
   * The name of the system the export comes from (e.g. us311): kept as the tickets' source system (their
   * source is always `import`) and the scope of their idempotency key (source, source id).
   */
  source: string;
  columns: {
    sourceId: string;
    createdAt: string;
    closedAt?: string;
    category?: string;
    agency?: string;
    status?: string;
    channel?: string;
    latitude?: string;
    longitude?: string;
    /** When the unit replied (办结); defaults to the closing time. */
    repliedAt?: string;
    /** The callback's result (回访): when, how satisfied, whether resolved. */
    callbackAt?: string;
    satisfaction?: string;
    resolved?: string;
  };
  /** Source satisfaction → ours; a row whose value is not listed is rejected (UNKNOWN_SATISFACTION). */
  satisfactionMap?: Record<string, 'satisfied' | 'basically_satisfied' | 'unsatisfied'>;
  /** Source "resolved" value → 'yes' | 'no' (e.g. 已解决 → yes); without the column, resolved = not unsatisfied. */
  resolvedMap?: Record<string, 'yes' | 'no'>;
  /** Content template: `{column}` is replaced by that column's value. */
  content: string;
  /** Accepted date formats, tried in order: `ISO` or a pattern of YYYY MM DD hh HH mm ss A. */
  dateFormats: string[];
  /** Offset the source's wall-clock times are read in, e.g. `+08:00`. */
  utcOffset: string;
  /** Source status → `open` | `closed`; values not listed are rejected (UNKNOWN_STATUS). */
  statusMap: Record<string, 'open' | 'closed'>;
  /** Source category (exact value) → our leaf category code; else `defaultCategory`. */
  categoryMap: Record<string, string>;
  defaultCategory: string | null;
  /** Source agency → our unit code; else `defaultUnit` (`fallback` = the district government). */
  agencyMap: Record<string, string>;
  defaultUnit: string;
  channelMap: Record<string, Channel>;
  defaultChannel: Channel;
  /** Coordinates that mean "unknown" in the source ([lat, lon], compared after rounding to 0.001). */
  placeholderCoordinates: [number, number][];
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStrMap = (v: unknown) => isObj(v) && Object.values(v).every((x) => typeof x === 'string');

/** Checks a parsed mapping file; returns the problems (empty when usable). */
export function mappingProblems(m: unknown): string[] {
  const p: string[] = [];
  if (!isObj(m)) return ['The mapping is not a JSON object'];
  if (typeof m.source !== 'string' || !/^[a-z0-9_-]{1,40}$/.test(m.source)) p.push('source must be 1–40 of a-z 0-9 _ -');
  if (!isObj(m.columns) || typeof m.columns.sourceId !== 'string' || typeof m.columns.createdAt !== 'string')
    p.push('columns.sourceId and columns.createdAt are required');
  else if (!isStrMap(m.columns)) p.push('columns must map field names to column names');
  if (typeof m.content !== 'string') p.push('content (a template) is required');
  if (!Array.isArray(m.dateFormats) || m.dateFormats.length === 0 || !m.dateFormats.every((f) => typeof f === 'string'))
    p.push('dateFormats must list at least one format');
  if (typeof m.utcOffset !== 'string' || !/^[+-]\d\d:\d\d$/.test(m.utcOffset)) p.push('utcOffset must look like +08:00');
  for (const k of ['statusMap', 'categoryMap', 'agencyMap', 'channelMap'] as const) if (!isStrMap(m[k])) p.push(`${k} must map strings to strings`);
  if (isStrMap(m.statusMap) && !Object.values(m.statusMap as Record<string, string>).every((v) => v === 'open' || v === 'closed'))
    p.push('statusMap values must be open or closed');
  if (!(m.defaultCategory === null || typeof m.defaultCategory === 'string')) p.push('defaultCategory must be a code or null');
  if (typeof m.defaultUnit !== 'string') p.push('defaultUnit is required');
  if (typeof m.defaultChannel !== 'string') p.push('defaultChannel is required');
  if (!Array.isArray(m.placeholderCoordinates)) p.push('placeholderCoordinates must be a list of [lat, lon]');
  const cols = isObj(m.columns) ? m.columns : {};
  if (cols.satisfaction !== undefined && !isStrMap(m.satisfactionMap)) p.push('columns.satisfaction needs a satisfactionMap');
  if (
    isStrMap(m.satisfactionMap) &&
    !Object.values(m.satisfactionMap as Record<string, string>).every((v) => ['satisfied', 'basically_satisfied', 'unsatisfied'].includes(v))
  )
    p.push('satisfactionMap values must be satisfied, basically_satisfied or unsatisfied');
  if (cols.resolved !== undefined && !isStrMap(m.resolvedMap)) p.push('columns.resolved needs a resolvedMap');
  if (isStrMap(m.resolvedMap) && !Object.values(m.resolvedMap as Record<string, string>).every((v) => v === 'yes' || v === 'no'))
    p.push('resolvedMap values must be yes or no');
  if ((cols.callbackAt !== undefined || cols.resolved !== undefined) && cols.satisfaction === undefined) p.push('callback columns need columns.satisfaction');
  return p;
}

/** Milliseconds since the epoch, or null when the text matches none of the formats. */
export function parseDate(text: string, formats: readonly string[], utcOffset: string): number | null {
  const s = text.trim();
  if (s === '') return null;
  for (const f of formats) {
    const ms = f === 'ISO' ? parseIso(s, utcOffset) : parsePattern(s, f, utcOffset);
    if (ms !== null) return ms;
  }
  return null;
}

function build(y: number, mo: number, d: number, h: number, mi: number, se: number, offset: string): number | null {
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 59 || y < 1900 || y > 2200) return null;
  const utc = Date.UTC(y, mo - 1, d, h, mi, se);
  const check = new Date(utc);
  if (check.getUTCDate() !== d || check.getUTCMonth() !== mo - 1) return null;
  const sign = offset[0] === '-' ? -1 : 1;
  const off = sign * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6))) * 60_000;
  return utc - off;
}

function parseIso(s: string, utcOffset: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?(Z|[+-]\d\d:\d\d)?$/.exec(s);
  if (!m) return null;
  const off = m[7] === undefined ? utcOffset : m[7] === 'Z' ? '+00:00' : m[7];
  return build(+m[1]!, +m[2]!, +m[3]!, +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0), off);
}

const TOKENS: Record<string, string> = {
  YYYY: '(\\d{4})',
  MM: '(\\d{1,2})',
  DD: '(\\d{1,2})',
  HH: '(\\d{1,2})',
  hh: '(\\d{1,2})',
  mm: '(\\d{2})',
  ss: '(\\d{2})',
  A: '(AM|PM|am|pm)',
};

function parsePattern(s: string, format: string, utcOffset: string): number | null {
  const order: string[] = [];
  const re = format.replace(/YYYY|MM|DD|HH|hh|mm|ss|A|[.*+?^${}()|[\]\\/]/g, (t) => {
    if (TOKENS[t]) {
      order.push(t);
      return TOKENS[t];
    }
    return `\\${t}`;
  });
  const m = new RegExp(`^${re}$`).exec(s);
  if (!m) return null;
  const v: Record<string, string> = {};
  order.forEach((t, i) => (v[t] = m[i + 1]!));
  let hour = Number(v.HH ?? v.hh ?? 0);
  if (v.A !== undefined) {
    if (hour < 1 || hour > 12) return null;
    const pm = v.A.toUpperCase() === 'PM';
    hour = (hour % 12) + (pm ? 12 : 0);
  }
  return build(Number(v.YYYY), Number(v.MM), Number(v.DD ?? 1), hour, Number(v.mm ?? 0), Number(v.ss ?? 0), utcOffset);
}

/** True when (lat, lon) is one of the source's "unknown place" markers. */
export function isPlaceholder(lat: number, lon: number, placeholders: readonly [number, number][]): boolean {
  return placeholders.some(([a, b]) => Math.abs(lat - a) < 0.001 && Math.abs(lon - b) < 0.001);
}

export function fillTemplate(template: string, cells: Record<string, string>): string {
  return template.replace(/\{([^{}]+)\}/g, (_, k: string) => (cells[k] ?? '').trim());
}
