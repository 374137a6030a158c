/**
 * The benchmark runner: `npm run bench -- [--scenario a,b] [--db pglite|postgres] [--scale quick|full|<factor>]`.
 * Every scenario is a module bench/scenarios/<name>.ts whose default export is a `Scenario`; each gets
 * a fresh database, runs, and its metrics are written to bench/results/<scenario>-<db>.json and
 * summarised in the generated section of bench/RESULTS.md. See bench/README.md.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase } from '../src/platform/db/client.ts';
import { openProvider } from './lib/databases.ts';
import { machine, refreshResultsMd, writeResult } from './lib/results.ts';
import { startBenchServer } from './lib/server.ts';
import type { DbKind, Scale, Scenario, ServerHandle } from './lib/types.ts';

const SCENARIO_DIR = path.join(import.meta.dirname, 'scenarios');

const HELP = `npm run bench -- [options]

  --scenario a,b         scenarios to run (default: all in bench/scenarios: ${availableScenarios().join(', ')})
  --db pglite|postgres   database (default pglite); postgres uses DATABASE_URL when set, otherwise
                         starts a throwaway cluster on 127.0.0.1 with scripts/pg-local.sh
  --scale quick|full|N   quick (default, minutes), full (the sizes in the issue) or a factor of full (0 < N ≤ 10)
  --no-results-md        do not rewrite the generated section of bench/RESULTS.md
  --no-save              print the metrics only: no result files, no RESULTS.md (trial runs, profiling)
  --results-md-only      run nothing: rewrite the generated section of bench/RESULTS.md from the result files
                         (after copying in results of runs made elsewhere)

  BENCH_SERVER_NODE_ARGS extra Node options for the server child, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof"`;

function availableScenarios(): string[] {
  return fs
    .readdirSync(SCENARIO_DIR)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .map((f) => f.slice(0, -3))
    .sort();
}

async function loadScenario(name: string): Promise<Scenario> {
  const mod = (await import(path.join(SCENARIO_DIR, `${name}.ts`))) as { default: Scenario };
  if (mod.default?.name !== name || typeof mod.default.run !== 'function')
    throw new Error(`bench/scenarios/${name}.ts does not export a Scenario named ${name}`);
  return mod.default;
}

function parseScale(raw: string): Scale {
  if (raw === 'quick') return { label: 'quick', factor: 1 / 6 };
  if (raw === 'full') return { label: 'full', factor: 1 };
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0 || n > 10) throw new Error(`--scale must be quick, full or a number in (0, 10], got "${raw}"`);
  return { label: n === 1 ? 'full' : 'custom', factor: n };
}

/** Rewrites the generated section of RESULTS.md from every result file present. */
async function refreshGenerated(): Promise<void> {
  const headlines = new Map<string, string[]>();
  for (const n of availableScenarios()) headlines.set(n, (await loadScenario(n)).headline);
  refreshResultsMd(headlines);
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      scenario: { type: 'string' },
      db: { type: 'string', default: 'pglite' },
      scale: { type: 'string', default: 'quick' },
      'no-results-md': { type: 'boolean', default: false },
      'no-save': { type: 'boolean', default: false },
      'results-md-only': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  if (values['results-md-only']) {
    await refreshGenerated();
    return 0;
  }
  if (values.db !== 'pglite' && values.db !== 'postgres') throw new Error(`--db must be pglite or postgres, got "${values.db}"`);
  const dbKind: DbKind = values.db;
  const scale = parseScale(values.scale);
  const available = availableScenarios();
  const names = values.scenario
    ? values.scenario
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : available;
  const unknown = names.filter((n) => !available.includes(n));
  if (unknown.length > 0) throw new Error(`unknown scenario ${unknown.join(', ')}; available: ${available.join(', ')}`);
  const scenarios = await Promise.all(names.map(loadScenario));

  const log = (m: string) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${m}`);
  const provider = await openProvider(dbKind, log);
  log(`database: ${provider.where}; scale ${scale.label} (${scale.factor.toFixed(3)} of full)`);
  const servers = new Set<ServerHandle>();
  let failed = 0;
  // Ctrl-C: stop the server children and the throwaway cluster before leaving.
  let interrupted = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (interrupted) return;
    interrupted = true;
    log(`${signal}: stopping`);
    void Promise.allSettled([...servers].map((s) => s.stop()))
      .then(() => provider.close())
      .finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    for (const scenario of scenarios) {
      log(`scenario ${scenario.name}: ${scenario.description}`);
      const db = await provider.prepare(scenario.name);
      const loadBefore = os.loadavg()[0]!;
      try {
        const result = await scenario.run({
          db,
          scale,
          log: (m) => log(`${scenario.name}: ${m}`),
          save: !values['no-save'],
          async startServer(extraEnv) {
            const s = await startBenchServer(db, extraEnv);
            servers.add(s);
            return s;
          },
          openDatabase: (opts) => openDatabase({ url: db.url, dataDir: db.dataDir, ...(opts?.poolSize ? { poolSize: opts.poolSize } : {}) }),
        });
        // The host's 1-minute load average around the run: on a shared machine it says how noisy the numbers are.
        const loadAfter = os.loadavg()[0]!;
        result.metrics.host_load_1m_start = Math.round(loadBefore * 100) / 100;
        result.metrics.host_load_1m_end = Math.round(loadAfter * 100) / 100;
        const cpus = os.cpus().length;
        if (Math.max(loadBefore, loadAfter) > cpus / 2)
          result.notes.push(
            `The machine was busy (1-minute load ${loadBefore.toFixed(1)} → ${loadAfter.toFixed(1)} on ${cpus} CPUs): other processes competed for the CPUs.`,
          );
        const record = {
          scenario: scenario.name,
          db: dbKind,
          date: new Date().toISOString(),
          machine: machine(),
          metrics: result.metrics,
          scale: scale.label === 'custom' ? `scale ${scale.factor}` : scale.label,
          notes: [...provider.notes, ...result.notes],
        };
        if (!values['no-save']) log(`wrote ${path.relative(process.cwd(), writeResult(record))}`);
        for (const [k, v] of Object.entries(result.metrics)) console.log(`  ${k.padEnd(28)} ${v}`);
        for (const n of result.notes) console.log(`  note: ${n}`);
      } catch (e) {
        failed++;
        console.error(`scenario ${scenario.name} failed:`, e);
      } finally {
        for (const s of servers) await s.stop();
        servers.clear();
      }
    }
  } finally {
    await provider.close();
  }
  if (!values['no-results-md'] && !values['no-save']) {
    await refreshGenerated();
    log('refreshed bench/RESULTS.md');
  }
  return failed > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(2);
  },
);
