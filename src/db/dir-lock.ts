/**
 * A lock file that keeps a second process off an embedded database directory: two PGlite instances
 * on one directory both open and silently lose writes.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export class DataDirLockedError extends Error {
  readonly code = 'DB.DATA_DIR_LOCKED';
  constructor(
    readonly dir: string,
    readonly pid: number,
  ) {
    super(
      `The embedded database in ${dir} is in use by process ${pid} on this machine. ` +
        `Stop that process first, or give this one its own JIESU_DATA_DIR (or a DATABASE_URL).`,
    );
  }
}

export interface DirLock {
  readonly path: string;
  release(): void;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the lock or throws DataDirLockedError; a lock left by a dead process is taken over. */
export function acquireDirLock(dir: string): DirLock {
  const file = path.join(dir, 'jiesu.lock');
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = fs.openSync(file, 'wx', 0o600);
      fs.writeSync(fd, JSON.stringify({ pid: process.pid, host: os.hostname(), since: new Date().toISOString() }));
      fs.closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        try {
          const held = JSON.parse(fs.readFileSync(file, 'utf8')) as { pid?: number };
          if (held.pid === process.pid) fs.unlinkSync(file);
        } catch {
          /* already gone */
        }
        process.removeListener('exit', release);
      };
      process.on('exit', release);
      return { path: file, release };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      let held: { pid?: number; host?: string } = {};
      try {
        held = JSON.parse(fs.readFileSync(file, 'utf8'));
      } catch {
        /* half-written or vanished: treat as stale */
      }
      const pid = Number(held.pid);
      const sameHost = held.host === undefined || held.host === os.hostname();
      if (Number.isInteger(pid) && pid > 0 && (alive(pid) || !sameHost)) throw new DataDirLockedError(dir, pid);
      try {
        fs.unlinkSync(file);
      } catch {
        /* someone else took it over first; retry */
      }
    }
  }
  throw new Error(`Could not take the lock ${file}`);
}
