/**
 * `jiesu rotate-key`, `jiesu retire-key <id>`, `jiesu generate-key`: the keys that seal requesters'
 * personal data at rest (docs/SECURITY.md, "Personal data at rest"). Thin adapters over
 * personal-data-at-rest.ts; the key file is handled by personal-data-keys.ts.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { retireDataKey, rotateRequesterData, type RotationReport } from '../engine/personal-data-at-rest.ts';
import { formatDataKey, generateDataKey, KEY_ID_PATTERN } from '../platform/crypto/personal-data-crypto.ts';
import { addActiveKeyToFile, keySourceOf, openKeyring, removeKeyFromFile, type DataKeyConfig } from '../platform/crypto/personal-data-keys.ts';
import { ConfigError, type Config } from '../platform/config/config.ts';
import type { Db } from '../platform/db/client.ts';
import { MODULES, openContext } from '../main.ts';
import { PersonalDataKeyError } from '../platform/crypto/personal-data-crypto.ts';

export const KEYS_HELP = `  rotate-key            seal requesters' personal data under a new key: with the key file (no
        [--resume]      JIESU_DATA_KEY) a new key is added and made active; with JIESU_DATA_KEY the
                        configured key is the new one. Re-seals every ticket in batches (resumable,
                        safe while servers run on PostgreSQL) and recomputes the phones' keyed hashes;
                        --resume only re-seals (after an interruption)
  retire-key <id>       forget an old key once nothing is sealed under it (refused otherwise)
  generate-key [--id ID] print a new random key for JIESU_DATA_KEY (default id k1)`;

const keyConfig = (c: Config): DataKeyConfig => ({ dataKey: c.dataKey, oldDataKeys: c.oldDataKeys, dataDir: c.dataDir });

/**
 * The rotation on an open database: adds a key to the key file unless `resume` (or the keys are
 * configured), gives running servers `waitMs` to notice the new active key (they look at the key file at
 * most once a second), then re-seals every ticket under it.
 */
export async function rotateKeyOn(
  db: Db,
  keys: DataKeyConfig,
  opts: { resume: boolean; waitMs: number },
  now: Date,
): Promise<RotationReport & { resealedOther: number; added: string | null }> {
  const source = keySourceOf(keys);
  if (source.kind === 'memory') throw new ConfigError('rotate-key needs a data directory or JIESU_DATA_KEY (the keys of memory:// live only in one process)');
  const added = source.kind === 'file' && !opts.resume ? addActiveKeyToFile(source.path, now) : null;
  if (added !== null && opts.waitMs > 0) await sleep(opts.waitMs);
  const keyring = openKeyring(keys, () => now);
  const report = await rotateRequesterData(db, keyring, now);
  // The modules' own sealed data (residents' identities) follows the tickets under the new key.
  let others = 0;
  for (const m of MODULES) if (m.personalData) others += await m.personalData.reseal(db, keyring);
  return { ...report, resealedOther: others, added };
}

/** Retires a key: refused while it is active or anything is sealed under it; then removed from the key file. */
export async function retireKeyOn(db: Db, keys: DataKeyConfig, keyId: string, now: Date): Promise<'file' | 'config'> {
  const source = keySourceOf(keys);
  if (source.kind === 'memory') throw new ConfigError('retire-key needs a data directory or JIESU_DATA_KEY');
  const keyring = openKeyring(keys, () => now);
  if (!keyring.keyIds.includes(keyId)) throw new ConfigError(`Key ${keyId} is not among this deployment's keys (${keyring.keyIds.join(', ')})`);
  for (const m of MODULES) {
    const n = (await m.personalData?.countSealedUnder(db, keyId)) ?? 0;
    if (n > 0)
      throw new PersonalDataKeyError(
        'PERSONAL_DATA.KEY_IN_USE',
        `${n} rows of the ${m.name} module still hold personal data sealed under key ${keyId}: run "jiesu rotate-key --resume" first`,
      );
  }
  await retireDataKey(db, keyring, keyId);
  if (source.kind === 'file') removeKeyFromFile(source.path, keyId, now);
  return source.kind;
}

export async function runRotateKey(config: Config, args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { resume: { type: 'boolean' } } });
  const ctx = await openContext(config, pino({ level: 'warn' }));
  try {
    const r = await rotateKeyOn(ctx.database.db, keyConfig(config), { resume: values.resume === true, waitMs: 2500 }, new Date());
    if (r.added) console.log(`New key ${r.added} added to the key file and made active.`);
    else if (keySourceOf(keyConfig(config)).kind === 'config') console.log(`Re-sealing under the configured key ${r.keyId} (JIESU_DATA_KEY).`);
    console.log(`Re-sealed ${r.resealed} tickets under key ${r.keyId}; ${r.remaining} remain under other keys.`);
    if (r.resealedOther > 0) console.log(`Re-sealed ${r.resealedOther} other records (residents) under key ${r.keyId}.`);
    for (const [id, n] of Object.entries(r.byOldKey)) console.log(`  key ${id}: ${n} tickets${n === 0 ? ` — may be retired: jiesu retire-key ${id}` : ''}`);
    if (r.remaining > 0) console.log('Some servers still seal under an old key: make sure they all have the new key, then run jiesu rotate-key --resume.');
    return r.remaining === 0 ? 0 : 1;
  } finally {
    await ctx.database.close();
  }
}

export async function runRetireKey(config: Config, args: string[]): Promise<number> {
  const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
  const id = positionals[0];
  if (id === undefined || positionals.length !== 1) throw new ConfigError('Usage: jiesu retire-key <id>');
  const ctx = await openContext(config, pino({ level: 'warn' }));
  try {
    const where = await retireKeyOn(ctx.database.db, keyConfig(config), id, new Date());
    console.log(
      where === 'file'
        ? `Key ${id} retired and removed from the key file. Backups made before the rotation still need it: keep a copy with them.`
        : `Key ${id} retired: remove it from JIESU_DATA_OLD_KEYS and restart the servers. Backups made before the rotation still need it.`,
    );
    return 0;
  } finally {
    await ctx.database.close();
  }
}

export function runGenerateKey(args: string[]): number {
  const { values } = parseArgs({ args, options: { id: { type: 'string' } } });
  const id = values.id ?? 'k1';
  if (!KEY_ID_PATTERN.test(id)) throw new ConfigError('--id must be 1–16 letters, digits or "-"');
  console.log(formatDataKey(generateDataKey(id)));
  return 0;
}
