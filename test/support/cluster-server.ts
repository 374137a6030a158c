/**
 * The real `jiesu serve` as a child process (optionally `--workers N`), and an HTTP client that opens a
 * new connection per request, so node:cluster's round-robin (which hands out connections, not
 * requests) spreads consecutive requests over the workers.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';

export { BIN, freeTcpPort as freePort } from './child-server.ts';
import { BIN } from './child-server.ts';

export interface Child {
  child: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
}

/** Spawns `jiesu serve …args` in `cwd` (a scratch directory: no web build is touched). */
export function spawnServe(cwd: string, env: NodeJS.ProcessEnv, args: string[] = []): Child {
  const child = spawn(process.execPath, [BIN, 'serve', ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => out, exited };
}

export interface Reply {
  status: number;
  body: any;
  /** `x-jiesu-worker` of the answer (the cluster worker id), or null without one. */
  worker: string | null;
}

/** One request on a fresh connection (`agent: false`); rejects on a connection error or after `timeoutMs`. */
export function request(
  base: string,
  method: string,
  url: string,
  opts: { token?: string; body?: unknown; headers?: Record<string, string>; timeoutMs?: number } = {},
): Promise<Reply> {
  const payload = opts.body === undefined ? undefined : Buffer.from(JSON.stringify(opts.body));
  const headers: Record<string, string | number> = { ...opts.headers };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (payload) {
    headers['content-type'] = 'application/json';
    headers['content-length'] = payload.length;
  }
  return new Promise((resolve, reject) => {
    const req = http.request(new URL(url, base), { method, headers, agent: false, timeout: opts.timeoutMs ?? 30_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString();
        let body: unknown = text;
        try {
          body = text ? JSON.parse(text) : null;
        } catch {
          /* not JSON */
        }
        const w = res.headers['x-jiesu-worker'];
        resolve({ status: res.statusCode ?? 0, body, worker: typeof w === 'string' ? w : null });
      });
    });
    req.on('timeout', () => req.destroy(new Error(`${method} ${url}: timed out`)));
    req.on('error', reject);
    req.end(payload);
  });
}

/** Runs `fn` over `items`, `limit` at a time. */
export async function eachLimited<T>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        await fn(items[i]!, i);
      }
    }),
  );
}

/** Polls until `check` returns true or `timeoutMs` passes; returns whether it did. */
export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs: number, everyMs = 200): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
