/**
 * The check-in code (签到码): a token shown as a QR code on the organiser's screen, naming the session,
 * the activity and its venue (a fingerprint of the venue's name, address and position) and an expiry,
 * signed with HMAC-SHA256 under a key derived from the deployment's personal-data key (no secret in the
 * repository; servers sharing a database share it). The code changes every `CODE_PERIOD_S` seconds and
 * is accepted `CODE_GRACE_S` seconds past its period, time for a phone to open the page and sign in; a
 * photo of an older code fails. Checking a token reads no database.
 *
 * Form: `<sessionId>.<activityId>.<venueTag>.<expiresAt, epoch s>.<keyId>.<mac, 16 bytes base64url>`.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { PersonalDataKeyring } from '../../platform/crypto/personal-data-crypto.ts';

/** The screen shows a new code every 30 s. */
export const CODE_PERIOD_S = 30;
/** A code is accepted for 60 s after its period ends. */
export const CODE_GRACE_S = 60;

export interface CheckInClaims {
  sessionId: number;
  activityId: number;
  venueTag: string;
  /** Epoch seconds. */
  expiresAt: number;
}

const TOKEN = /^(\d{1,10})\.(\d{1,10})\.([0-9a-f]{12})\.(\d{1,12})\.([A-Za-z0-9-]{1,16})\.([A-Za-z0-9_-]{22})$/;

/** 12 hex digits naming the venue: a code stops working when the venue of its activity changes. */
export function venueTag(v: { venueName: string; address: string; latitude: number | null; longitude: number | null }): string {
  return createHash('sha256')
    .update(JSON.stringify([v.venueName, v.address, v.latitude, v.longitude]))
    .digest('hex')
    .slice(0, 12);
}

const macText = (districtCode: string, c: CheckInClaims) => `checkin:v1|${districtCode}|${c.sessionId}|${c.activityId}|${c.venueTag}|${c.expiresAt}`;

/** The code for the period that contains `now`, and when the screen should fetch the next one. */
export function issueCheckInToken(
  keyring: PersonalDataKeyring,
  districtCode: string,
  c: Omit<CheckInClaims, 'expiresAt'>,
  now: Date,
): { token: string; expiresAt: Date; refreshAt: Date } {
  const periodEnd = (Math.floor(now.getTime() / 1000 / CODE_PERIOD_S) + 1) * CODE_PERIOD_S;
  const claims: CheckInClaims = { ...c, expiresAt: periodEnd + CODE_GRACE_S };
  const { keyId, mac } = keyring.tokenMac(macText(districtCode, claims));
  const token = `${c.sessionId}.${c.activityId}.${c.venueTag}.${claims.expiresAt}.${keyId}.${mac.subarray(0, 16).toString('base64url')}`;
  return { token, expiresAt: new Date(claims.expiresAt * 1000), refreshAt: new Date(periodEnd * 1000) };
}

export type TokenCheck = { ok: true; claims: CheckInClaims } | { ok: false; reason: 'malformed' | 'forged' | 'expired' };

/** Checks the form, the signature (in constant time) and the expiry of a code. */
export function verifyCheckInToken(keyring: PersonalDataKeyring, districtCode: string, token: string, now: Date): TokenCheck {
  const m = TOKEN.exec(token);
  if (m === null) return { ok: false, reason: 'malformed' };
  const claims: CheckInClaims = { sessionId: Number(m[1]), activityId: Number(m[2]), venueTag: m[3]!, expiresAt: Number(m[4]) };
  const expected = keyring.tokenMacWith(m[5]!, macText(districtCode, claims));
  // Compared as text: base64 decoding ignores the last character's spare bits, so comparing decoded
  // bytes would accept several spellings of one signature.
  const given = Buffer.from(m[6]!, 'ascii');
  const wanted = expected === null ? null : Buffer.from(expected.subarray(0, 16).toString('base64url'), 'ascii');
  if (wanted === null || wanted.length !== given.length || !timingSafeEqual(wanted, given)) return { ok: false, reason: 'forged' };
  if (now.getTime() > claims.expiresAt * 1000) return { ok: false, reason: 'expired' };
  return { ok: true, claims };
}
