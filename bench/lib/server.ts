/** Starts the real server (bench/server.ts) as a child process and waits until /healthz answers. */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { DbTarget, ServerHandle } from './types.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

export async function startBenchServer(db: DbTarget, extraEnv: Record<string, string> = {}): Promise<ServerHandle> {
  const logFile = path.join(db.dataDir, `server-${Date.now()}.log`);
  const out = fs.openSync(logFile, 'a');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    TZ: 'Asia/Shanghai',
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: '0',
    JIESU_DATA_DIR: db.dataDir,
    JIESU_SEED_DEMO: 'true',
    JIESU_DEMO_TICKETS: '0',
    // The sweeper is off so its periodic scans do not land at random in the measurements.
    JIESU_SWEEP_SECONDS: '0',
    // Open311 intake is rate-limited per client address; the load generator is one address.
    JIESU_PUBLIC_RATE: '1000000',
    LOG_LEVEL: 'warn',
    ...extraEnv,
  };
  if (db.url) env.DATABASE_URL = db.url;
  else delete env.DATABASE_URL;
  delete env.DATABASE_REPLICA_URL;

  // BENCH_SERVER_NODE_ARGS: extra Node options for the server only, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', path.join(ROOT, 'bench/server.ts')], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', out],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const tail = () => fs.readFileSync(logFile, 'utf8').split('\n').slice(-30).join('\n');

  const url = await new Promise<string>((resolve, reject) => {
    let buf = '';
    const timer = setTimeout(() => reject(new Error(`server did not start within 180 s; log ${logFile}:\n${tail()}`)), 180_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      fs.appendFileSync(logFile, chunk);
      buf += chunk.toString('utf8');
      const m = /listening https?:\/\/[^:\s]+:(\d+)/.exec(buf);
      if (m) {
        clearTimeout(timer);
        resolve(`http://127.0.0.1:${m[1]}`);
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before listening; log ${logFile}:\n${tail()}`));
    });
  });

  for (let i = 0; ; i++) {
    const r = await fetch(`${url}/healthz`).catch(() => undefined);
    if (r?.status === 200) break;
    if (i >= 60) throw new Error(`${url}/healthz did not answer 200 within 60 s (last ${r?.status})`);
    await new Promise((res) => setTimeout(res, 1000));
  }

  let stopping: Promise<void> | undefined;
  return {
    url,
    logFile,
    pid: child.pid!,
    stop: () =>
      (stopping ??= (async () => {
        if (child.exitCode === null) {
          child.kill('SIGTERM');
          const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
          await exited;
          clearTimeout(timer);
        }
        fs.closeSync(out);
      })()),
  };
}
