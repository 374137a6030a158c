/**
 * Where the personal-data keys come from: configuration (`JIESU_DATA_KEY`, `JIESU_DATA_OLD_KEYS`) or,
 * when none is configured, a key file in the data directory, generated on first start:
 * `<dataDir>/keys/personal-data.json`, mode 0600 in a 0700 directory, created atomically so two
 * processes starting together end up with the same key. `jiesu rotate-key` adds keys to that file; a
 * running server notices (it looks at the file at most once a second, and at once when a value names a
 * key it does not know).
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { generateDataKey, KEY_ID_PATTERN, PersonalDataKeyError, PersonalDataKeyring, type DataKey, type KeySet } from './personal-data-crypto.ts';

/** What configuration says about the keys (parsed in src/platform/config). */
export interface DataKeyConfig {
  /** The active key; null means "use the key file in the data directory". */
  dataKey: DataKey | null;
  /** Older keys still accepted for reading while a rotation runs. */
  oldDataKeys: readonly DataKey[];
  dataDir: string;
}

interface KeyFile {
  version: 1;
  activeId: string;
  keys: { id: string; key: string; createdAt: string }[];
}

export const keyFilePath = (dataDir: string) => path.join(dataDir, 'keys', 'personal-data.json');

/** Where this deployment's keys live, for messages and for `jiesu rotate-key`. */
export type KeySource = { kind: 'config' } | { kind: 'file'; path: string } | { kind: 'memory' };

export function keySourceOf(c: DataKeyConfig): KeySource {
  if (c.dataKey !== null) return { kind: 'config' };
  if (c.dataDir === 'memory://') return { kind: 'memory' };
  return { kind: 'file', path: keyFilePath(c.dataDir) };
}

function parseKeyFile(text: string, file: string): KeySet {
  let f: KeyFile;
  try {
    f = JSON.parse(text) as KeyFile;
  } catch {
    throw new PersonalDataKeyError('PERSONAL_DATA.BAD_KEY', `${file} is not valid JSON`);
  }
  if (f?.version !== 1 || !Array.isArray(f.keys) || typeof f.activeId !== 'string')
    throw new PersonalDataKeyError('PERSONAL_DATA.BAD_KEY', `${file} is not a Jiesu key file (version 1)`);
  const keys = f.keys.map((k) => {
    if (typeof k?.id !== 'string' || !KEY_ID_PATTERN.test(k.id) || typeof k.key !== 'string')
      throw new PersonalDataKeyError('PERSONAL_DATA.BAD_KEY', `${file} holds a malformed key entry`);
    return { id: k.id, key: Buffer.from(k.key, 'base64') };
  });
  return { keys, activeId: f.activeId };
}

function keyFileText(set: KeySet, createdAt: ReadonlyMap<string, string>, now: Date): string {
  const f: KeyFile = {
    version: 1,
    activeId: set.activeId,
    keys: set.keys.map((k) => ({ id: k.id, key: k.key.toString('base64'), createdAt: createdAt.get(k.id) ?? now.toISOString() })),
  };
  return JSON.stringify(f, null, 2) + '\n';
}

/** Refuses a key file others may read, like ssh does: the key is as secret as the data it protects. */
function assertPrivate(file: string): void {
  const mode = fs.statSync(file).mode & 0o777;
  if ((mode & 0o077) !== 0)
    throw new PersonalDataKeyError('PERSONAL_DATA.BAD_KEY', `${file} is readable by others (mode ${mode.toString(8)}); run chmod 600 on it`);
}

function ensureKeyDir(file: string): void {
  const dir = path.dirname(file);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  fs.chmodSync(dir, 0o700);
}

/** Writes a private temporary file next to `file` and returns its path (fsynced: it is about to become the key). */
function writePrivateTemp(file: string, text: string): string {
  const tmp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  const fd = fs.openSync(tmp, 'wx', 0o600);
  try {
    fs.writeFileSync(fd, text);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  return tmp;
}

/**
 * Reads the key file, creating it with one new key (`k1`) when it does not exist. Creation is a hard
 * link of a complete private file: it either appears whole or not at all, and when two processes race
 * the loser reads the winner's key.
 */
export function readOrCreateKeyFile(file: string, now: Date): KeySet {
  ensureKeyDir(file);
  if (!fs.existsSync(file)) {
    const tmp = writePrivateTemp(file, keyFileText({ keys: [generateDataKey('k1')], activeId: 'k1' }, new Map(), now));
    try {
      fs.linkSync(tmp, file);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    } finally {
      fs.unlinkSync(tmp);
    }
  }
  assertPrivate(file);
  return parseKeyFile(fs.readFileSync(file, 'utf8'), file);
}

/** Replaces the key file atomically (rename of a complete private file). */
function replaceKeyFile(file: string, set: KeySet, now: Date): void {
  const old = JSON.parse(fs.readFileSync(file, 'utf8')) as KeyFile;
  const createdAt = new Map(old.keys.map((k) => [k.id, k.createdAt]));
  const tmp = writePrivateTemp(file, keyFileText(set, createdAt, now));
  fs.renameSync(tmp, file);
}

/** Adds a new key to the key file and makes it the active one; returns its id (`k<n+1>`). */
export function addActiveKeyToFile(file: string, now: Date): string {
  const set = readOrCreateKeyFile(file, now);
  const n = Math.max(0, ...set.keys.map((k) => Number(/^k(\d+)$/.exec(k.id)?.[1] ?? 0)));
  const id = `k${n + 1}`;
  replaceKeyFile(file, { keys: [...set.keys, generateDataKey(id)], activeId: id }, now);
  return id;
}

/** Removes a (non-active) key from the key file. */
export function removeKeyFromFile(file: string, id: string, now: Date): void {
  const set = readOrCreateKeyFile(file, now);
  if (set.activeId === id) throw new PersonalDataKeyError('PERSONAL_DATA.BAD_KEY', `Key ${id} is the active key; rotate first`);
  if (!set.keys.some((k) => k.id === id)) throw new PersonalDataKeyError('PERSONAL_DATA.UNKNOWN_KEY', `Key ${id} is not in ${file}`);
  replaceKeyFile(file, { keys: set.keys.filter((k) => k.id !== id), activeId: set.activeId }, now);
}

/**
 * The keyring of this process. A file keyring re-reads the file when its identity (inode, size, mtime)
 * changed, looking at most once a second unless forced (a value named a key it does not know).
 */
export function openKeyring(c: DataKeyConfig, clock: () => Date = () => new Date()): PersonalDataKeyring {
  const source = keySourceOf(c);
  if (source.kind === 'config') return new PersonalDataKeyring({ keys: [c.dataKey!, ...c.oldDataKeys], activeId: c.dataKey!.id });
  if (source.kind === 'memory') return new PersonalDataKeyring({ keys: [generateDataKey('k1')], activeId: 'k1' });
  const file = source.path;
  const identity = () => {
    const s = fs.statSync(file);
    return `${s.ino}:${s.size}:${s.mtimeMs}`;
  };
  const initial = readOrCreateKeyFile(file, clock());
  let seen = identity();
  let lastLook = Date.now();
  return new PersonalDataKeyring(initial, (force) => {
    const t = Date.now();
    if (!force && t - lastLook < 1000) return null;
    lastLook = t;
    try {
      const id = identity();
      if (id === seen) return null;
      const next = (assertPrivate(file), parseKeyFile(fs.readFileSync(file, 'utf8'), file));
      seen = id;
      return next;
    } catch {
      // A file being replaced or damaged must not break requests: keep the keys in hand (a value under a
      // key they lack still fails clearly), and look again next time.
      return null;
    }
  });
}
