/**
 * The data-directory lock: refused while its holder may run, taken over once the holder is certainly
 * gone (dead pid, reused pid, previous boot, this very pid in a restarted container), respected when
 * written on another host, and won by exactly one of several processes recovering a stale lock at once.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireDirLock, bootId, DataDirLockedError, LOCK_FILE, processStartTime } from './dir-lock.ts';

const linux = process.platform === 'linux';
let dir: string;
let lockFile: string;
const children: ChildProcess[] = [];

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jiesu-dirlock-'));
  lockFile = path.join(dir, LOCK_FILE);
});
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A process that stays alive until killed. */
async function sleeper(): Promise<ChildProcess> {
  const c = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000); console.log("up")'], { stdio: ['ignore', 'pipe', 'ignore'] });
  children.push(c);
  await new Promise((resolve) => c.stdout!.once('data', resolve));
  return c;
}

/** The pid of a process that has exited. */
async function deadPid(): Promise<number> {
  const c = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
  await new Promise((resolve) => c.once('exit', resolve));
  return c.pid!;
}

const writeHolder = (holder: Record<string, unknown>) => fs.writeFileSync(lockFile, JSON.stringify(holder));
const holderNow = () => JSON.parse(fs.readFileSync(lockFile, 'utf8')) as { pid: number; host: string; bootId?: string; startTime?: string };

function refusal(): DataDirLockedError {
  try {
    acquireDirLock(dir).release();
  } catch (e) {
    expect(e).toBeInstanceOf(DataDirLockedError);
    return e as DataDirLockedError;
  }
  throw new Error('the lock was taken');
}

/** Takes the lock, checks that it now names this process, and releases it. */
function takesOver() {
  const lock = acquireDirLock(dir);
  try {
    expect(holderNow().pid).toBe(process.pid);
  } finally {
    lock.release();
  }
  expect(fs.existsSync(lockFile)).toBe(false);
  expect(fs.readdirSync(dir)).toEqual([]);
}

describe('data directory lock', () => {
  it('names its holder, refuses a second opener in the same process and is gone after release', () => {
    const lock = acquireDirLock(dir);
    const h = holderNow();
    expect(h.pid).toBe(process.pid);
    expect(h.host).toBe(os.hostname());
    if (linux) {
      expect(h.bootId).toBe(bootId());
      expect(h.startTime).toBe(processStartTime(process.pid));
    }
    const e = refusal();
    expect(e.pid).toBe(process.pid);
    expect(e.message).toContain(`The embedded database in ${dir} is in use by process ${process.pid} on this machine`);
    expect(e.message).toContain('JIESU_DATA_DIR');
    lock.release();
    expect(fs.existsSync(lockFile)).toBe(false);
    takesOver();
  });

  it('is the same lock in this process when the directory is reached through a symbolic link', () => {
    const link = `${dir}-link`;
    fs.symlinkSync(dir, link);
    const lock = acquireDirLock(dir);
    try {
      expect(() => acquireDirLock(link)).toThrow(DataDirLockedError);
    } finally {
      lock.release();
      fs.rmSync(link, { force: true });
    }
  });

  it('takes over the lock of a dead process (left by SIGKILL)', async () => {
    writeHolder({ pid: await deadPid(), host: os.hostname(), since: new Date().toISOString(), bootId: bootId(), startTime: '1' });
    takesOver();
  });

  it('respects the lock of a live process, in the current and in the older format', async () => {
    const c = await sleeper();
    writeHolder({ pid: c.pid, host: os.hostname(), since: new Date().toISOString(), bootId: bootId(), startTime: processStartTime(c.pid!) });
    expect(refusal().pid).toBe(c.pid);
    writeHolder({ pid: c.pid, since: new Date().toISOString() });
    expect(refusal().pid).toBe(c.pid);
    expect(holderNow().pid).toBe(c.pid);
  });

  it.skipIf(!linux)('takes over a lock whose pid now belongs to another process, or from before a reboot', async () => {
    const c = await sleeper();
    const start = processStartTime(c.pid!);
    expect(start).toMatch(/^\d+$/);
    writeHolder({ pid: c.pid, host: os.hostname(), since: new Date().toISOString(), bootId: bootId(), startTime: `${start}0` });
    takesOver();
    writeHolder({ pid: c.pid, host: os.hostname(), since: new Date().toISOString(), bootId: 'a-previous-boot', startTime: start });
    takesOver();
    expect(c.exitCode).toBeNull();
  });

  it('takes over a lock naming this very pid that this process does not hold (a restarted container)', () => {
    writeHolder({ pid: process.pid, host: os.hostname(), since: '2026-01-01T00:00:00.000Z', bootId: bootId(), startTime: '1' });
    takesOver();
  });

  it('takes over an empty or broken lock file', () => {
    fs.writeFileSync(lockFile, '');
    takesOver();
    fs.writeFileSync(lockFile, '{"pid": ');
    takesOver();
  });

  it('respects a lock written on another host and says which file to delete once that host is gone', async () => {
    writeHolder({ pid: await deadPid(), host: 'jiesu-old-container', since: new Date().toISOString() });
    const e = refusal();
    expect(e.host).toBe('jiesu-old-container');
    expect(e.message).toContain('on host jiesu-old-container');
    expect(e.message).toContain(`delete ${lockFile}`);
  });

  it('lets exactly one of several processes recovering a stale lock at once win', async () => {
    writeHolder({ pid: await deadPid(), host: os.hostname(), since: new Date().toISOString() });
    const moduleUrl = new URL('./dir-lock.ts', import.meta.url).href;
    const script = path.join(os.tmpdir(), `jiesu-dirlock-race-${process.pid}.mjs`);
    // Each contender waits for "go" on stdin, tries once, reports, and holds what it got until killed.
    fs.writeFileSync(
      script,
      `const { acquireDirLock } = await import(${JSON.stringify(moduleUrl)});
       process.stdin.once('data', () => {
         try { acquireDirLock(${JSON.stringify(dir)}); console.log('got'); }
         catch (e) { console.log(e.code === 'DB.DATA_DIR_LOCKED' ? 'refused' : 'error ' + e.message); }
       });
       console.log('ready');`,
    );
    try {
      const tsx = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'node_modules', 'tsx', 'dist', 'esm', 'index.mjs');
      const contenders = Array.from({ length: 6 }, () => {
        const c = spawn(process.execPath, ['--import', tsx, script], { stdio: ['pipe', 'pipe', 'inherit'] });
        children.push(c);
        const lines: string[] = [];
        const ready = new Promise<void>((resolve) =>
          c.stdout!.on('data', (d: Buffer) => {
            lines.push(...d.toString().split('\n').filter(Boolean));
            if (lines.includes('ready')) resolve();
          }),
        );
        return { c, lines, ready };
      });
      await Promise.all(contenders.map((x) => x.ready));
      for (const x of contenders) x.c.stdin!.write('go\n');
      const outcome = async (x: (typeof contenders)[number]) => {
        for (let i = 0; i < 400 && x.lines.length < 2; i++) await new Promise((r) => setTimeout(r, 25));
        return x.lines[1];
      };
      const outcomes = await Promise.all(contenders.map(outcome));
      expect(outcomes.filter((o) => o === 'got')).toHaveLength(1);
      expect(outcomes.filter((o) => o === 'refused')).toHaveLength(5);
      const winner = contenders[outcomes.indexOf('got')]!.c;
      expect(holderNow().pid).toBe(winner.pid);
      expect(fs.readdirSync(dir)).toEqual([LOCK_FILE]);
    } finally {
      fs.rmSync(script, { force: true });
    }
  }, 30_000);
});
