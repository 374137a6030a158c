/**
 * A lock file that keeps a second process off an embedded database directory: two PGlite instances
 * on one directory both open and silently lose writes.
 *
 * The lock is `<dir>/jiesu.lock`, JSON naming the holder: pid, host, and on Linux the boot id and the
 * process's start time. It appears atomically, already complete (written to a private file, then
 * hard-linked into place), so a reader never mistakes a lock being written for a broken one.
 *
 * A process killed with SIGKILL (or a crash, an OOM kill, a power cut) leaves its lock behind. It is
 * taken over when its holder is certainly gone:
 * - the machine has rebooted since (another boot id);
 * - the pid is no longer running;
 * - the pid is running but is another process that reused the number (another start time), which is
 *   what a container restarted after a crash usually sees: the new server gets the old pid;
 * - the pid is this very process, which does not hold the lock (the previous incarnation in a
 *   container that reuses pids).
 * A lock whose holder may still be running is respected, and so is a lock written on another host
 * (a shared disk): its pid cannot be checked from here, and the message says which file to delete
 * once that host is known to be gone. The take-over moves the stale file aside first and puts it back
 * if it turns out to have been replaced meanwhile, so two processes recovering at once do not both win.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export class DataDirLockedError extends Error {
  readonly code = 'DB.DATA_DIR_LOCKED';
  constructor(
    readonly dir: string,
    readonly pid: number,
    /** The holder's host when it is not this one. */
    readonly host?: string,
  ) {
    super(
      host === undefined
        ? `The embedded database in ${dir} is in use by process ${pid} on this machine. ` +
            `Stop that process first, or give this one its own JIESU_DATA_DIR (or a DATABASE_URL).`
        : `The embedded database in ${dir} is in use by process ${pid} on host ${host} (a shared disk?). ` +
            `Stop it there first, or give this one its own JIESU_DATA_DIR (or a DATABASE_URL). If ${host} no longer ` +
            `runs Jiesu on this directory (e.g. a re-created container), delete ${path.join(dir, LOCK_FILE)}.`,
    );
  }
}

export interface DirLock {
  readonly path: string;
  release(): void;
}

/** What a lock file says about its holder. */
export interface LockHolder {
  pid: number;
  host: string;
  since: string;
  /** Linux: /proc/sys/kernel/random/boot_id when the lock was taken. */
  bootId?: string;
  /** Linux: the holder's start time in clock ticks since boot (/proc/<pid>/stat field 22). */
  startTime?: string;
}

export const LOCK_FILE = 'jiesu.lock';

/** Lock files this process holds: a second opener in the same process is refused like any other. */
const heldHere = new Set<string>();

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readOrUndefined(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

/** The boot id (Linux), or undefined elsewhere. */
export function bootId(): string | undefined {
  return readOrUndefined('/proc/sys/kernel/random/boot_id');
}

/** Start time of a process in clock ticks since boot (Linux), or undefined when unknown or not running. */
export function processStartTime(pid: number): string | undefined {
  const stat = readOrUndefined(`/proc/${pid}/stat`);
  if (stat === undefined) return undefined;
  // "pid (comm) state ppid …": comm may hold spaces and parentheses, so count from the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const v = fields[22 - 3];
  return v !== undefined && /^\d+$/.test(v) ? v : undefined;
}

function parseHolder(text: string | undefined): LockHolder | undefined {
  if (text === undefined) return undefined;
  try {
    const v = JSON.parse(text) as Partial<LockHolder>;
    if (!Number.isInteger(v.pid) || (v.pid as number) <= 0) return undefined;
    return {
      pid: v.pid as number,
      host: typeof v.host === 'string' ? v.host : os.hostname(),
      since: typeof v.since === 'string' ? v.since : '',
      ...(typeof v.bootId === 'string' ? { bootId: v.bootId } : {}),
      ...(typeof v.startTime === 'string' ? { startTime: v.startTime } : {}),
    };
  } catch {
    return undefined;
  }
}

type Verdict = { stale: true } | { stale: false; host?: string };

/** Whether the holder of a lock (on this file) is certainly gone. */
export function judgeHolder(file: string, holder: LockHolder | undefined): Verdict {
  // Unreadable or broken: lock files appear complete (see writeLock), so only a crash of the
  // machine mid-write or a hand edit produces one; nobody can be holding it.
  if (holder === undefined) return { stale: true };
  if (holder.host !== os.hostname()) return { stale: false, host: holder.host };
  if (holder.pid === process.pid) return heldHere.has(file) ? { stale: false } : { stale: true };
  const boot = bootId();
  if (holder.bootId !== undefined && boot !== undefined && holder.bootId !== boot) return { stale: true };
  if (!alive(holder.pid)) return { stale: true };
  if (holder.startTime !== undefined && holder.bootId !== undefined && holder.bootId === boot) {
    const now = processStartTime(holder.pid);
    if (now !== undefined && now !== holder.startTime) return { stale: true };
  }
  return { stale: false };
}

/** Creates the lock file complete and atomically; false when it already exists. */
function writeLock(file: string, text: string): boolean {
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  fs.writeFileSync(tmp, text, { mode: 0o600, flag: 'wx' });
  try {
    fs.linkSync(tmp, file);
    return true;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS' && code !== 'EOPNOTSUPP') throw e;
  } finally {
    fs.rmSync(tmp, { force: true });
  }
  // A file system without hard links: exclusive create, then write.
  try {
    fs.writeFileSync(file, text, { mode: 0o600, flag: 'wx' });
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
}

/**
 * Removes a lock judged stale from its content `seen`. The file is moved aside first; when what was
 * moved is not what was judged (another process took the lock over in between), it is put back.
 */
function removeStale(file: string, seen: string | undefined): void {
  const aside = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.stale`;
  try {
    fs.renameSync(file, aside);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw e;
  }
  try {
    if (readOrUndefined(aside) !== seen) {
      try {
        fs.linkSync(aside, file);
      } catch {
        /* yet another process holds it now; the next attempt reads that one */
      }
    }
  } finally {
    fs.rmSync(aside, { force: true });
  }
}

/** Takes the lock or throws DataDirLockedError; a lock whose holder is certainly gone is taken over. */
export function acquireDirLock(dir: string): DirLock {
  // The real path: the same directory reached through a symbolic link is the same lock in this process.
  let real = path.resolve(dir);
  try {
    real = fs.realpathSync(dir);
  } catch {
    /* does not exist: writing the lock fails below with the file system's message */
  }
  const file = path.join(real, LOCK_FILE);
  for (let attempt = 0; attempt < 5; attempt++) {
    const boot = bootId();
    const startTime = processStartTime(process.pid);
    const me: LockHolder = {
      pid: process.pid,
      host: os.hostname(),
      since: new Date().toISOString(),
      ...(boot !== undefined ? { bootId: boot } : {}),
      ...(startTime !== undefined ? { startTime } : {}),
    };
    if (!heldHere.has(file) && writeLock(file, JSON.stringify(me))) {
      heldHere.add(file);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        heldHere.delete(file);
        try {
          const held = parseHolder(readOrUndefined(file));
          if (held?.pid === process.pid && held.host === me.host) fs.unlinkSync(file);
        } catch {
          /* already gone */
        }
        process.removeListener('exit', release);
      };
      process.on('exit', release);
      return { path: file, release };
    }
    const seen = readOrUndefined(file);
    if (seen === undefined && !fs.existsSync(file)) continue; // released meanwhile
    const holder = parseHolder(seen);
    const verdict = judgeHolder(file, holder);
    if (!verdict.stale) throw new DataDirLockedError(dir, holder?.pid ?? process.pid, verdict.host);
    removeStale(file, seen);
  }
  throw new Error(`Could not take the lock ${file}`);
}
