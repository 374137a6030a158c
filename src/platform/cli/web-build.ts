/**
 * Builds the web workbench into dist/web when its sources changed since the last build (a hash of
 * web/ and the Vite config is kept beside the output). `npm start` on a fresh clone thus serves the
 * current app without a separate build step; a production image builds once and ships dist/web.
 */
import type * as Vite from 'vite';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export const WEB_OUT = 'dist/web';
const HASH_FILE = '.source-hash';

function listFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? listFiles(p) : [p];
  });
}

export function webSourceHash(root: string): string {
  const h = createHash('sha256');
  const files = [...listFiles(path.join(root, 'web')), path.join(root, 'vite.config.ts')].filter(fs.existsSync).sort();
  for (const f of files) h.update(path.relative(root, f)).update('\0').update(fs.readFileSync(f)).update('\0');
  return h.digest('hex');
}

/** Returns the directory to serve, building first if needed; null when there is no web app to serve. */
export async function ensureWebBuilt(root: string, log: (msg: string) => void): Promise<string | null> {
  const out = path.join(root, WEB_OUT);
  const hasSources = fs.existsSync(path.join(root, 'web', 'index.html'));
  if (!hasSources) return fs.existsSync(path.join(out, 'index.html')) ? out : null;
  const hash = webSourceHash(root);
  const hashFile = path.join(out, HASH_FILE);
  if (fs.existsSync(path.join(out, 'index.html')) && fs.existsSync(hashFile) && fs.readFileSync(hashFile, 'utf8') === hash) return out;
  let vite: typeof Vite;
  try {
    vite = await import('vite');
  } catch {
    log('The web app is not built and Vite is not installed (npm install, or build it where it is): serving the API only.');
    return fs.existsSync(path.join(out, 'index.html')) ? out : null;
  }
  log('Building the web app (web/ → dist/web) …');
  const started = Date.now();
  // Vite keeps an existing NODE_ENV (vitest sets "test"), which would bundle React's development
  // build: always build for production.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await vite.build({ configFile: path.join(root, 'vite.config.ts'), logLevel: 'warn', mode: 'production' });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
  fs.writeFileSync(hashFile, hash);
  log(`Web app built in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  return out;
}
