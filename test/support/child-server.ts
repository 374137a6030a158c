/**
 * The real `jiesu serve` as a child process with its output captured (plain lines and pino's JSON
 * lines), and a small HTTP client that also returns headers and how long the answer took.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'jiesu.js');

export async function freeTcpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

export interface ServeChild {
  child: ChildProcess;
  url: string;
  output(): string;
  /** pino's JSON lines so far (non-JSON lines skipped). */
  logLines(): { level: number; msg: string; [k: string]: unknown }[];
  exited: Promise<number | null>;
  alive(): boolean;
}

/**
 * Starts `jiesu serve` in `cwd` (a scratch directory, so no web build is touched) with `env` on a free
 * port, and waits until /healthz answers 200.
 */
export async function startServeChild(cwd: string, env: NodeJS.ProcessEnv, startTimeoutMs = 120_000): Promise<ServeChild> {
  const port = await freeTcpPort();
  const child = spawn(process.execPath, [BIN, 'serve'], { cwd, env: { ...env, PORT: String(port), HOST: '127.0.0.1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const alive = () => child.exitCode === null && child.signalCode === null;
  const url = `http://127.0.0.1:${port}`;
  const s: ServeChild = {
    child,
    url,
    output: () => out,
    logLines: () =>
      out
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .flatMap((l) => {
          try {
            return [JSON.parse(l)];
          } catch {
            return [];
          }
        }),
    exited,
    alive,
  };
  const deadline = Date.now() + startTimeoutMs;
  while (Date.now() < deadline) {
    if (!alive()) throw new Error(`server exited before it was ready:\n${out}`);
    try {
      const r = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2000) });
      if (r.status === 200) return s;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  child.kill('SIGKILL');
  throw new Error(`server not ready within ${startTimeoutMs / 1000} s:\n${out}`);
}

export interface Answer {
  status: number;
  body: any;
  headers: Headers;
  /** Milliseconds from sending to the whole answer. */
  ms: number;
}

/** One request; rejects on a connection error or after `timeoutMs`. */
export async function callApi(
  base: string,
  method: string,
  url: string,
  opts: { token?: string; body?: unknown; headers?: Record<string, string>; timeoutMs?: number } = {},
): Promise<Answer> {
  const h: Record<string, string> = { ...opts.headers };
  if (opts.token) h.authorization = `Bearer ${opts.token}`;
  if (opts.body !== undefined) h['content-type'] = 'application/json';
  const started = performance.now();
  const r = await fetch(base + url, {
    method,
    headers: h,
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    signal: AbortSignal.timeout(opts.timeoutMs ?? 30_000),
  });
  const text = await r.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    /* not JSON */
  }
  return { status: r.status, body, headers: r.headers, ms: performance.now() - started };
}

/** Polls `probe` every `everyMs` until it returns a value other than undefined; throws after `timeoutMs`. */
export async function waitFor<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined> | T | undefined, everyMs = 200): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
