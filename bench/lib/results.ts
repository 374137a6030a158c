/** Result files (bench/results/<scenario>-<db>.json) and the generated table in bench/RESULTS.md. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ResultFile } from './types.ts';

export const BENCH_DIR = path.resolve(import.meta.dirname, '..');
export const RESULTS_DIR = path.join(BENCH_DIR, 'results');
export const RESULTS_MD = path.join(BENCH_DIR, 'RESULTS.md');
export const BEGIN = '<!-- bench:generated:begin (written by `npm run bench`; edit outside these markers) -->';
export const END = '<!-- bench:generated:end -->';

export function machine(): ResultFile['machine'] {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    memoryGb: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
  };
}

export function writeResult(result: ResultFile): string {
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, `${result.scenario}-${result.db}.json`);
  fs.writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  return file;
}

function readResults(): ResultFile[] {
  if (!fs.existsSync(RESULTS_DIR)) return [];
  return fs
    .readdirSync(RESULTS_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(fs.readFileSync(path.join(RESULTS_DIR, f), 'utf8')) as ResultFile);
}

function fmt(x: number | undefined): string {
  if (x === undefined || !Number.isFinite(x)) return '—';
  if (Number.isInteger(x)) return String(x);
  const a = Math.abs(x);
  return x.toFixed(a < 1 ? 3 : a < 100 ? 1 : 0);
}

/**
 * The generated section: per scenario, a table of its headline metrics (rows) by database (columns),
 * from every result file present, with the scale and date of each run.
 */
export function renderGenerated(headlines: Map<string, string[]>): string {
  const results = readResults();
  const scenarios = [...new Set(results.map((r) => r.scenario))];
  const lines: string[] = [];
  for (const s of scenarios) {
    const runs = results.filter((r) => r.scenario === s);
    const names = headlines.get(s) ?? Object.keys(runs[0]!.metrics);
    lines.push(`### ${s}`, '');
    lines.push(`| metric | ${runs.map((r) => r.db).join(' | ')} |`, `|---|${runs.map(() => '---:').join('|')}|`);
    for (const n of names) lines.push(`| \`${n}\` | ${runs.map((r) => fmt(r.metrics[n])).join(' | ')} |`);
    lines.push('');
    for (const r of runs) {
      const m = r.machine;
      lines.push(
        `- ${r.db}: ${r.scale} run, ${r.date}; ${m.cpus} × ${m.cpuModel}, ${m.memoryGb} GB, Node ${m.node}. All metrics: \`bench/results/${s}-${r.db}.json\`.`,
      );
      for (const n of r.notes) lines.push(`  - ${n}`);
    }
    lines.push('');
  }
  return lines.join('\n').trimEnd();
}

/** Rewrites the generated section of RESULTS.md, keeping everything outside the markers. */
export function refreshResultsMd(headlines: Map<string, string[]>): void {
  const generated = `${BEGIN}\n${renderGenerated(headlines)}\n${END}`;
  let text = fs.existsSync(RESULTS_MD) ? fs.readFileSync(RESULTS_MD, 'utf8') : `# Benchmark results\n\n${BEGIN}\n${END}\n`;
  const a = text.indexOf(BEGIN);
  const b = text.indexOf(END);
  if (a < 0 || b < a) text = `${text.trimEnd()}\n\n${generated}\n`;
  else text = text.slice(0, a) + generated + text.slice(b + END.length);
  fs.writeFileSync(RESULTS_MD, text);
}
