/**
 * Keeping requesters' personal data sealed at rest (DOMAIN-RULES §13): at every start, prove the configured
 * keys open this database's data; once, seal what an older version stored in clear; on rotation, re-seal
 * everything under the new active key and recompute the phones' keyed hashes; retire a key only when
 * nothing is sealed under it any more.
 */
import type { Logger } from 'pino';
import type { Db, DbOrTx } from '../platform/db/client.ts';
import { deleteKeyCheck, insertKeyCheck, listKeyChecks } from './personal-data.repository.ts';
import { getMeta, setMeta } from './reference/reference.repository.ts';
import {
  countNotSealedUnder,
  countSealedUnder,
  lockRequesterFieldsToSeal,
  sampleSealedRequesterField,
  updateRequesterFields,
  type StoredRequesterFields,
} from './ticket.repository.ts';
import { isSealed, PersonalDataKeyError, ticketAad, type PersonalDataKeyring } from '../platform/crypto/personal-data-crypto.ts';

const CHECK_TEXT = 'jiesu personal data key check';
const checkAad = (keyId: string) => `key-check:${keyId}`;
/** Set once every ticket's requester fields have been sealed (the legacy pass is not needed again). */
const SEALED_FLAG = 'personalDataSealed';
const BATCH = 500;

/**
 * Refuses keys that do not fit the database: every key the database has recorded must be present and
 * open its check record, and the newest sealed requester field must open. Records the active key's check
 * the first time it is used.
 */
export async function assertKeysFitDatabase(db: DbOrTx, keyring: PersonalDataKeyring, now: Date): Promise<void> {
  const active = keyring.activeKeyId;
  const records = await listKeyChecks(db);
  for (const r of records) {
    if (!keyring.keyIds.includes(r.keyId))
      throw new PersonalDataKeyError(
        'PERSONAL_DATA.KEY_MISMATCH',
        `This database holds personal data sealed under key ${r.keyId}, which is not configured (this server has ${keyring.keyIds.join(', ')}). ` +
          `Restore that key (JIESU_DATA_KEY / JIESU_DATA_OLD_KEYS or the key file) or, if nothing uses it any more, retire it with "jiesu retire-key ${r.keyId}" while it is still configured.`,
      );
    if (safeOpen(keyring, r.check, checkAad(r.keyId)) !== CHECK_TEXT)
      throw new PersonalDataKeyError(
        'PERSONAL_DATA.KEY_MISMATCH',
        `Key ${r.keyId} is not the key this database's personal data was sealed with: wrong JIESU_DATA_KEY or key file`,
      );
  }
  // Before recording anything: the newest sealed row must open (a wrong key must not leave its check behind).
  const sample = await sampleSealedRequesterField(db);
  if (sample !== undefined && safeOpen(keyring, sample.value, ticketAad(sample.districtCode, sample.id, sample.column)) === null)
    throw new PersonalDataKeyError(
      'PERSONAL_DATA.KEY_MISMATCH',
      `The configured keys do not open the personal data of ticket ${sample.id}: wrong key, or the data was altered`,
    );
  if (!records.some((r) => r.keyId === active)) {
    await insertKeyCheck(db, { keyId: active, check: keyring.seal(CHECK_TEXT, checkAad(active)), createdAt: now.toISOString() });
    // Another process may have recorded the same id first, with its own key: check what is stored now.
    const stored = (await listKeyChecks(db)).find((r) => r.keyId === active);
    if (stored === undefined || safeOpen(keyring, stored.check, checkAad(active)) !== CHECK_TEXT)
      throw new PersonalDataKeyError(
        'PERSONAL_DATA.KEY_MISMATCH',
        `Another server recorded a different key under the id ${active}: the servers of one database must share their keys`,
      );
  }
}

function safeOpen(keyring: PersonalDataKeyring, value: string, aad: string): string | null {
  try {
    return keyring.open(value, aad);
  } catch {
    return null;
  }
}

/** One ticket's fields re-sealed under the active key (values already under it are kept), and its phone's keyed hash. */
function resealed(keyring: PersonalDataKeyring, r: StoredRequesterFields): StoredRequesterFields {
  const aad = (column: string) => ticketAad(r.districtCode, r.id, column);
  // Clear text is what this pass is for, so it is taken as it is here (and only here).
  const open = (stored: string, column: string) => (isSealed(stored) ? keyring.open(stored, aad(column)) : stored);
  const again = (stored: string, column: string) => (keyring.isCurrent(stored) ? stored : keyring.seal(open(stored, column), aad(column)));
  const phone = open(r.requesterPhone, 'requester_phone');
  return {
    ...r,
    requesterName: again(r.requesterName, 'requester_name'),
    requesterPhone: again(r.requesterPhone, 'requester_phone'),
    address: again(r.address, 'address'),
    requesterPhoneKey: keyring.phoneKey(phone),
  };
}

/**
 * One pass over the tickets, in id order and batches of `batch` (one transaction each): every row not
 * wholly sealed under the active key is re-sealed and gets its phone hash recomputed. Idempotent and
 * resumable (a stopped pass leaves finished batches done; the next one skips them) and safe beside
 * running servers and other passes (rows are locked; only the requester columns are written).
 */
export async function sealRequesterFields(db: Db, keyring: PersonalDataKeyring, batch = BATCH): Promise<number> {
  const keyId = keyring.activeKeyId;
  let after = 0;
  let done = 0;
  for (;;) {
    const rows = await db.transaction(async (tx) => {
      const page = await lockRequesterFieldsToSeal(tx, keyId, after, batch);
      for (const r of page) await updateRequesterFields(tx, resealed(keyring, r));
      return page;
    });
    if (rows.length === 0) return done;
    done += rows.length;
    after = rows.at(-1)!.id;
  }
}

/**
 * At start, after migrating: checks the keys, seals once what older versions stored in clear (and
 * replaces their bare-digit phone keys), then refuses clear text from then on.
 */
export async function prepareRequesterDataAtRest(db: Db, keyring: PersonalDataKeyring, now: Date, log: Logger): Promise<void> {
  await assertKeysFitDatabase(db, keyring, now);
  if ((await getMeta(db, SEALED_FLAG)) === undefined) {
    const n = await sealRequesterFields(db, keyring);
    if (n > 0) log.info({ tickets: n, keyId: keyring.activeKeyId }, 'sealed requesters’ personal data stored in clear by an older version');
    await setMeta(db, SEALED_FLAG, { at: now.toISOString(), keyId: keyring.activeKeyId });
  }
  keyring.requireSealed();
}

export interface RotationReport {
  keyId: string;
  /** Tickets whose requester fields were re-sealed. */
  resealed: number;
  /** Tickets still not under the active key after the last round (0 unless servers keep writing under an old key). */
  remaining: number;
  /** Tickets still sealed under each other key the keyring holds. */
  byOldKey: Record<string, number>;
}

/**
 * Re-seals every ticket under the keyring's active key (`jiesu rotate-key`), repeating the pass while
 * rows under other keys remain (a server that had not yet noticed the new key may have written some).
 */
export async function rotateRequesterData(db: Db, keyring: PersonalDataKeyring, now: Date, batch = BATCH, rounds = 5): Promise<RotationReport> {
  await assertKeysFitDatabase(db, keyring, now);
  const keyId = keyring.activeKeyId;
  let resealedCount = 0;
  let remaining = 0;
  for (let i = 0; i < rounds; i++) {
    resealedCount += await sealRequesterFields(db, keyring, batch);
    remaining = await countNotSealedUnder(db, keyId);
    if (remaining === 0) break;
  }
  const byOldKey: Record<string, number> = {};
  for (const id of keyring.keyIds) if (id !== keyId) byOldKey[id] = await countSealedUnder(db, id);
  return { keyId, resealed: resealedCount, remaining, byOldKey };
}

/**
 * Forgets a key in the database (its check record), refusing while it is the active key or anything is
 * still sealed under it. The caller then removes it from the key file or the configuration.
 */
export async function retireDataKey(db: DbOrTx, keyring: PersonalDataKeyring, keyId: string): Promise<void> {
  if (keyId === keyring.activeKeyId) throw new PersonalDataKeyError('PERSONAL_DATA.KEY_IN_USE', `Key ${keyId} is the active key: rotate to a new key first`);
  const n = await countSealedUnder(db, keyId);
  if (n > 0)
    throw new PersonalDataKeyError(
      'PERSONAL_DATA.KEY_IN_USE',
      `${n} tickets still hold personal data sealed under key ${keyId}: run "jiesu rotate-key --resume" first`,
    );
  await deleteKeyCheck(db, keyId);
}
