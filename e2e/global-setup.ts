/**
 * Seeds the demo district once per e2e run into a template data directory (a server's first start, then
 * a clean stop), and hands its path to the test files: each file's server starts on a copy of it
 * (support.ts, startE2E) instead of seeding the whole district again — the same data, a minute less per
 * file. The template is removed when the run ends.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startServer } from '../src/main.ts';
import { loadConfig } from '../src/platform/config/config.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The seeded template data directory (embedded database and keys). */
    e2eTemplate: string;
  }
}

/** The configuration of an e2e server on `dataDir`: embedded database, any free port, no sweeper, the demo without hotline history. */
export const e2eConfig = (dataDir: string) => ({
  ...loadConfig({ ...process.env, DATABASE_URL: '' }),
  port: 0,
  host: '127.0.0.1',
  dataDir,
  logLevel: 'warn',
  sweepSeconds: 0,
  demoTickets: 0,
});

export default async function setup(project: TestProject): Promise<() => void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jiesu-e2e-template-'));
  const started = Date.now();
  const server = await startServer(e2eConfig(dir), null);
  await server.close();
  process.stdout.write(`[e2e] demo district seeded once into ${dir} in ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
  project.provide('e2eTemplate', dir);
  return () => fs.rmSync(dir, { recursive: true, force: true });
}
