/**
 * Requesters' personal data at rest (DOMAIN-RULES §13): AES-256-GCM under a keyring of numbered keys, and a
 * keyed hash of the phone for repeat lookups. Pure computation over node:crypto; where the keys come
 * from is `personal-data-keys.ts`.
 *
 * A sealed value is text in the column it replaces: `pd1:<keyId>:<base64(iv ‖ tag ‖ ciphertext)>`, with a
 * random 96-bit IV and the ticket's identity and the column name as additional authenticated data, so a
 * value copied to another ticket or another column fails to open instead of showing the wrong person.
 * The empty string stays empty: there is nothing to hide, and "no phone given" stays queryable.
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

export const SEALED_PREFIX = 'pd1:';
/** Key ids: short, no `:` (the separator) and no `_`/`%` (LIKE wildcards), so SQL can match them by prefix. */
export const KEY_ID_PATTERN = /^[A-Za-z0-9-]{1,16}$/;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const SEALED = /^pd1:([A-Za-z0-9-]{1,16}):([A-Za-z0-9+/]+={0,2})$/;

/** One master key: 32 random bytes and the id written into every value sealed under it. */
export interface DataKey {
  id: string;
  key: Buffer;
}

/** The keys a process knows and which one seals new values. */
export interface KeySet {
  keys: readonly DataKey[];
  activeId: string;
}

export type PersonalDataErrorCode =
  'PERSONAL_DATA.UNKNOWN_KEY' | 'PERSONAL_DATA.UNREADABLE' | 'PERSONAL_DATA.BAD_KEY' | 'PERSONAL_DATA.KEY_MISMATCH' | 'PERSONAL_DATA.KEY_IN_USE';

/**
 * A stored value that cannot be opened, or a key that is not usable. Never a user's fault: the
 * deployment's keys do not fit its data (or the data was tampered with), so it is thrown, not returned.
 */
export class PersonalDataKeyError extends Error {
  constructor(
    readonly code: PersonalDataErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** A key's two working keys, derived by HKDF so the cipher and the phone hash never share key material. */
interface Derived {
  cipher: Buffer;
  phone: Buffer;
  digest: Buffer;
  /** Signs short-lived tokens the server hands out and takes back (the activities' check-in codes). */
  token: Buffer;
}

function derive(k: DataKey): Derived {
  if (!KEY_ID_PATTERN.test(k.id)) throw new PersonalDataKeyError('PERSONAL_DATA.BAD_KEY', `Key id "${k.id}" must be 1–16 letters, digits or "-"`);
  if (k.key.length !== 32) throw new PersonalDataKeyError('PERSONAL_DATA.BAD_KEY', `Key ${k.id} must be 32 bytes (256 bits), got ${k.key.length}`);
  const hk = (info: string) => Buffer.from(hkdfSync('sha256', k.key, Buffer.alloc(0), info, 32));
  return {
    cipher: hk('jiesu personal data aes-256-gcm v1'),
    phone: hk('jiesu requester phone hmac v1'),
    digest: hk('jiesu request digest hmac v1'),
    token: hk('jiesu signed token hmac v1'),
  };
}

/** Digits of a phone number with a Chinese country prefix removed; null when it has too few digits. */
export function normalisePhone(phone: string | undefined | null): string | null {
  const digits = (phone ?? '').replace(/\D/g, '').replace(/^(0086|86)(?=1\d{10}$)/, '');
  return digits.length >= 5 ? digits : null;
}

/** The additional authenticated data that binds a sealed value to one ticket's one column. */
export const ticketAad = (districtCode: string, ticketId: number, column: string) => `ticket:${districtCode}:${ticketId}:${column}`;

/** Whether `value` has the shape of a sealed value (it may still fail to open). */
export const isSealed = (value: string) => SEALED.test(value);

/** The key id a sealed value names; null for plain text. */
export function sealedKeyId(value: string): string | null {
  return SEALED.exec(value)?.[1] ?? null;
}

/**
 * Seals and opens personal data, and hashes phones, under a set of keys. `refresh`, when given, is asked
 * for a newer key set before sealing (it decides how often to look) and whenever a value names an
 * unknown key, so a running server follows a rotation made by `jiesu rotate-key` in another process.
 */
export class PersonalDataKeyring {
  #keys = new Map<string, Derived>();
  #activeId = '';
  #sealedOnly = false;

  constructor(
    set: KeySet,
    private readonly refresh?: (force: boolean) => KeySet | null,
  ) {
    this.#install(set);
  }

  #install(set: KeySet): void {
    const keys = new Map<string, Derived>();
    for (const k of set.keys) {
      if (keys.has(k.id)) throw new PersonalDataKeyError('PERSONAL_DATA.BAD_KEY', `Key id ${k.id} appears twice`);
      keys.set(k.id, derive(k));
    }
    if (!keys.has(set.activeId)) throw new PersonalDataKeyError('PERSONAL_DATA.BAD_KEY', `The active key ${set.activeId} is not among the keys`);
    this.#keys = keys;
    this.#activeId = set.activeId;
  }

  #poll(force: boolean): void {
    const next = this.refresh?.(force);
    if (!next) return;
    try {
      this.#install(next);
    } catch {
      // A half-edited key set must not take down a running server: keep the keys in hand.
    }
  }

  /**
   * From now on plain text where a sealed value belongs is refused like a tampered value: called once
   * every row has been sealed (at start, after the legacy pass), so nobody can slip a clear value in.
   */
  requireSealed(): void {
    this.#sealedOnly = true;
  }

  /** The id of the key new values are sealed with. */
  get activeKeyId(): string {
    this.#poll(false);
    return this.#activeId;
  }

  /** Every key id this keyring can open. */
  get keyIds(): string[] {
    return [...this.#keys.keys()];
  }

  /** Seals `plain` under the active key, bound to `aad`; '' stays ''. */
  seal(plain: string, aad: string): string {
    if (plain === '') return '';
    this.#poll(false);
    const iv = randomBytes(IV_BYTES);
    const c = createCipheriv('aes-256-gcm', this.#keys.get(this.#activeId)!.cipher, iv);
    c.setAAD(Buffer.from(aad, 'utf8'));
    const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
    return `${SEALED_PREFIX}${this.#activeId}:${Buffer.concat([iv, c.getAuthTag(), body]).toString('base64')}`;
  }

  /**
   * Opens a sealed value bound to `aad`. Plain text (a row written before encryption, not yet sealed by
   * the start-up pass) is returned as it is until `requireSealed()`; '' stays ''. Throws PersonalDataKeyError when the key is
   * unknown or the value was altered, moved or sealed under a different key of the same id.
   */
  open(stored: string, aad: string): string {
    const m = SEALED.exec(stored);
    if (m === null) {
      if (this.#sealedOnly && stored !== '') throw new PersonalDataKeyError('PERSONAL_DATA.UNREADABLE', 'Plain text found where sealed personal data belongs');
      return stored;
    }
    const keyId = m[1]!;
    if (!this.#keys.has(keyId)) this.#poll(true);
    const k = this.#keys.get(keyId);
    if (k === undefined)
      throw new PersonalDataKeyError(
        'PERSONAL_DATA.UNKNOWN_KEY',
        `Personal data is sealed under key ${keyId}, which this server does not have (keys: ${this.keyIds.join(', ')})`,
      );
    const raw = Buffer.from(m[2]!, 'base64');
    if (raw.length < IV_BYTES + TAG_BYTES) throw new PersonalDataKeyError('PERSONAL_DATA.UNREADABLE', `A value sealed under key ${keyId} is truncated`);
    try {
      const d = createDecipheriv('aes-256-gcm', k.cipher, raw.subarray(0, IV_BYTES));
      d.setAAD(Buffer.from(aad, 'utf8'));
      d.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      return Buffer.concat([d.update(raw.subarray(IV_BYTES + TAG_BYTES)), d.final()]).toString('utf8');
    } catch {
      throw new PersonalDataKeyError(
        'PERSONAL_DATA.UNREADABLE',
        `A value sealed under key ${keyId} does not open: altered, moved to another record, or a different key with the same id`,
      );
    }
  }

  /** HMAC-SHA256 (hex, 64 characters) of the normalised phone under the active key; null without a usable phone. */
  phoneKey(phone: string | undefined | null): string | null {
    const digits = normalisePhone(phone);
    if (digits === null) return null;
    this.#poll(false);
    return createHmac('sha256', this.#keys.get(this.#activeId)!.phone).update(digits).digest('hex');
  }

  /**
   * The phone's keyed hash under every key this keyring holds: a lookup matches rows hashed before and
   * after a rotation (the rotation rewrites them, but a lookup may run while it does).
   */
  phoneKeys(phone: string | undefined | null): string[] {
    const digits = normalisePhone(phone);
    if (digits === null) return [];
    this.#poll(false);
    return [...this.#keys.values()].map((k) => createHmac('sha256', k.phone).update(digits).digest('hex'));
  }

  /**
   * A keyed digest (HMAC-SHA256, hex) of a text that contains personal data, under the active key. An
   * unkeyed hash of a request would let anyone holding the table guess the phone in it, since the rest of
   * the request is stored in clear beside it.
   */
  digest(text: string): string {
    this.#poll(false);
    return createHmac('sha256', this.#keys.get(this.#activeId)!.digest).update(text, 'utf8').digest('hex');
  }

  /** The digest under every key, to recognise a digest stored before a rotation. */
  digests(text: string): string[] {
    this.#poll(false);
    return [...this.#keys.values()].map((k) => createHmac('sha256', k.digest).update(text, 'utf8').digest('hex'));
  }

  /**
   * HMAC-SHA256 of a token's text under the active key, with that key's id (written into the token so it
   * is checked under the same key after a rotation). The text names its purpose (`checkin:v1|…`), so a
   * token of one kind never passes for another. One secret per deployment: servers sharing a database
   * share the personal-data keys, so a token signed by one is checked by another.
   */
  tokenMac(text: string): { keyId: string; mac: Buffer } {
    this.#poll(false);
    return { keyId: this.#activeId, mac: createHmac('sha256', this.#keys.get(this.#activeId)!.token).update(text, 'utf8').digest() };
  }

  /** The same under the key `keyId`; null when this keyring does not hold it. */
  tokenMacWith(keyId: string, text: string): Buffer | null {
    if (!this.#keys.has(keyId)) this.#poll(true);
    const k = this.#keys.get(keyId);
    return k === undefined ? null : createHmac('sha256', k.token).update(text, 'utf8').digest();
  }

  /** Whether a stored value needs no re-sealing: empty, or sealed under the active key. */
  isCurrent(stored: string): boolean {
    return stored === '' || sealedKeyId(stored) === this.#activeId;
  }
}

/** A new random key with this id. */
export function generateDataKey(id: string): DataKey {
  return { id, key: randomBytes(32) };
}

/** `<id>:<base64 of 32 bytes>`, the form keys take in configuration (parsed in src/platform/config/config.ts). */
export const formatDataKey = (k: DataKey) => `${k.id}:${k.key.toString('base64')}`;
