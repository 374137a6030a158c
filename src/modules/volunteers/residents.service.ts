/**
 * Residents' accounts (居民账号): opened on the mobile pages with a mobile number (the sign-in name), a
 * password (the staff rules), the real name, the resident ID number (GB 11643 check digit) and the home
 * community, whose practice station becomes the account's unit. Real name and ID number are sealed
 * with the personal-data keyring and shown masked (张*, 110109********1234) to everyone but the
 * resident themself and, after a recorded reveal, the staff of their own station. An ID number opens
 * one account per district (a keyed hash, unique per district).
 *
 * Imported accounts (a station's roster) have no usable password and cannot sign in until their owner
 * claims them with the mobile number and ID number on file and chooses a password.
 */
import { randomBytes } from 'node:crypto';
import type { Principal } from '../../engine/auth.ts';
import { hashPassword } from '../../engine/auth.ts';
import type { AppContext } from '../../engine/context.ts';
import { localDate } from '../../engine/domain/calendar/local-time.ts';
import { maskName, maskPhone } from '../../engine/personal-data.ts';
import { authorize } from '../../engine/policy.ts';
import { findUserByUsername } from '../../engine/user.repository.ts';
import { checkPassword } from '../admin/index.ts';
import { PersonalDataKeyError, type PersonalDataKeyring } from '../../platform/crypto/personal-data-crypto.ts';
import type { Db } from '../../platform/db/client.ts';
import { isUniqueViolation } from '../../platform/db/errors.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import type { ReferenceSnapshot } from '../../engine/reference/reference-cache.ts';
import type { LoginThrottle } from '../../platform/auth/login-throttle.ts';
import { ID_PROBLEM_WORDS, idNumberProblem, maskIdNumber, normaliseIdNumber, normaliseMobile, stationCode } from './volunteers.domain.ts';
import {
  activateUser,
  findProfile,
  findResident,
  findResidentsByIdKeys,
  insertResidentReveal,
  insertResidents,
  insertUsers,
  lockResidentsToReseal,
  markResidentClaimed,
  updateResidentSealed,
  usersByIds,
  type ResidentRow,
} from './volunteers.repository.ts';
import { VOLUNTEERS_POLICY } from './volunteers.policy.ts';

// ---------------------------------------------------------------------------------------------
// Sealing and showing a resident's identity

const residentAad = (districtCode: string, userId: number, column: 'real_name' | 'id_number') => `resident:${districtCode}:${userId}:${column}`;

export function sealIdentity(pd: PersonalDataKeyring, districtCode: string, userId: number, realName: string, idNumber: string) {
  return {
    realName: pd.seal(realName, residentAad(districtCode, userId, 'real_name')),
    idNumber: pd.seal(idNumber, residentAad(districtCode, userId, 'id_number')),
  };
}

/** The ID number's keyed hash (HMAC under the active key, bound to the district): one account per ID per district. */
export const idNumberKey = (pd: PersonalDataKeyring, districtCode: string, idNumber: string) => pd.digest(`resident-id:${districtCode}:${idNumber}`);
/** The same under every key the keyring holds, to find a resident hashed before a key rotation. */
export const idNumberKeys = (pd: PersonalDataKeyring, districtCode: string, idNumber: string) => pd.digests(`resident-id:${districtCode}:${idNumber}`);

/** Shown in place of a value that does not open (altered in the database): one bad row must not break a list. */
const UNREADABLE = '〔无法解密 unreadable〕';

function openField(
  pd: PersonalDataKeyring,
  r: Pick<ResidentRow, 'districtCode' | 'userId' | 'realName' | 'idNumber'>,
  column: 'real_name' | 'id_number',
): string | null {
  try {
    return pd.open(column === 'real_name' ? r.realName : r.idNumber, residentAad(r.districtCode, r.userId, column));
  } catch (e) {
    if (e instanceof PersonalDataKeyError) return null;
    throw e;
  }
}

/** The resident's real name in clear, or null when it does not open. */
export const openResidentName = (pd: PersonalDataKeyring, r: ResidentRow): string | null => openField(pd, r, 'real_name');

/** A resident's identity as lists show it: name, ID number and mobile masked. */
export function maskedIdentity(pd: PersonalDataKeyring, r: ResidentRow, phone: string) {
  const name = openField(pd, r, 'real_name');
  const id = openField(pd, r, 'id_number');
  return {
    realName: name === null ? UNREADABLE : maskName(name),
    idNumber: id === null ? UNREADABLE : maskIdNumber(id),
    phone: maskPhone(phone),
    masked: true as const,
  };
}

function clearIdentity(pd: PersonalDataKeyring, r: ResidentRow, phone: string) {
  return { realName: openField(pd, r, 'real_name') ?? UNREADABLE, idNumber: openField(pd, r, 'id_number') ?? UNREADABLE, phone, masked: false as const };
}

// ---------------------------------------------------------------------------------------------
// Places

/** The practice station of a community of this district (or why there is none). */
export function stationOfCommunity(ref: ReferenceSnapshot, communityCode: string): number {
  const d = ref.divisionByCode.get(communityCode);
  if (d === undefined || d.level !== 'community')
    throw new AppError('RESIDENT.UNKNOWN_COMMUNITY', `${communityCode} is not a community of this district`, { communityCode });
  const station = ref.units.find((u) => u.unitType === 'station' && u.code === stationCode(communityCode) && u.active);
  if (station === undefined) throw new AppError('RESIDENT.NO_STATION', `Community ${communityCode} has no practice station`, { communityCode });
  return station.id;
}

const todayOf = (ctx: AppContext) => localDate(ctx.clock());

function checkIdNumber(ctx: AppContext, raw: string): string {
  const problem = idNumberProblem(raw, todayOf(ctx));
  if (problem !== null) throw new AppError('RESIDENT.BAD_ID_NUMBER', ID_PROBLEM_WORDS[problem], { field: 'idNumber', problem });
  return normaliseIdNumber(raw);
}

// ---------------------------------------------------------------------------------------------
// Use cases

export interface ResidentRegistration {
  phone: string;
  password: string;
  realName: string;
  idNumber: string;
  communityCode: string;
}

export interface ResidentView {
  userId: number;
  username: string;
  realName: string;
  idNumber: string;
  phone: string;
  masked: boolean;
  communityCode: string;
  communityName: string;
  stationUnitId: number;
  stationName: string;
  source: 'registered' | 'imported';
  claimed: boolean;
  isVolunteer: boolean;
  createdAt: string;
}

async function view(ctx: AppContext, r: ResidentRow, phone: string, clear: boolean): Promise<ResidentView> {
  const ref = await ctx.reference.get();
  const user = await findUserByUsername(ctx.database.db, phone);
  const stationId = user?.unitId ?? 0;
  const identity = clear ? clearIdentity(ctx.personalData, r, phone) : maskedIdentity(ctx.personalData, r, phone);
  return {
    userId: r.userId,
    username: phone,
    ...identity,
    communityCode: r.communityCode,
    communityName: ref.divisionByCode.get(r.communityCode)?.name ?? r.communityCode,
    stationUnitId: stationId,
    stationName: ref.unitById.get(stationId)?.name ?? '',
    source: r.source,
    claimed: r.claimedAt !== null,
    isVolunteer: (await findProfile(ctx.database.db, ctx.districtCode, r.userId)) !== undefined,
    createdAt: r.createdAt.toISOString(),
  };
}

const phoneTaken = (phone: string) => new AppError('RESIDENT.PHONE_TAKEN', `The mobile number ${maskPhone(phone)} already has an account`, { field: 'phone' });
const idTaken = () => new AppError('RESIDENT.ID_TAKEN', 'This ID number already has an account in this district', { field: 'idNumber' });

/** Opens a resident's account (role resident, unit = the home community's station). */
export async function registerResident(ctx: AppContext, input: ResidentRegistration): Promise<ResidentView> {
  const db = ctx.database.db;
  const pd = ctx.personalData;
  const phone = normaliseMobile(input.phone);
  if (phone === null) throw new AppError('VALIDATION.INVALID_INPUT', '手机号须为11位手机号码 Not an 11-digit mobile number', { field: 'phone' });
  checkPassword(input.password);
  const realName = input.realName.trim();
  if (realName === '') throw new AppError('VALIDATION.INVALID_INPUT', '请填写真实姓名 Give your real name', { field: 'realName' });
  const idNumber = checkIdNumber(ctx, input.idNumber);
  const ref = await ctx.reference.get();
  const stationId = stationOfCommunity(ref, input.communityCode);
  if ((await findUserByUsername(db, phone)) !== undefined) throw phoneTaken(phone);
  if ((await findResidentsByIdKeys(db, ctx.districtCode, idNumberKeys(pd, ctx.districtCode, idNumber))).length > 0) throw idTaken();
  const passwordHash = await hashPassword(input.password);
  const now = ctx.clock();
  let userId: number;
  try {
    userId = await db.transaction(async (tx) => {
      const ids = await insertUsers(tx, [
        { username: phone, displayName: maskName(realName), passwordHash, unitId: stationId, roles: ['resident'], active: true },
      ]);
      const id = ids.get(phone)!;
      await insertResidents(tx, [
        {
          userId: id,
          districtCode: ctx.districtCode,
          ...sealIdentity(pd, ctx.districtCode, id, realName, idNumber),
          idNumberKey: idNumberKey(pd, ctx.districtCode, idNumber),
          communityCode: input.communityCode,
          source: 'registered',
          claimedAt: now,
          createdAt: now,
        },
      ]);
      return id;
    });
  } catch (e) {
    // Someone registered the same phone or ID number in between.
    if (isUniqueViolation(e)) throw (await findUserByUsername(db, phone)) !== undefined ? phoneTaken(phone) : idTaken();
    throw e;
  }
  return view(ctx, (await findResident(db, ctx.districtCode, userId))!, phone, true);
}

/** The signed-in resident's own account, in clear (it is theirs). */
export async function myResidentAccount(ctx: AppContext, p: Principal): Promise<ResidentView> {
  authorize(p, VOLUNTEERS_POLICY.rules.self);
  const r = await findResident(ctx.database.db, ctx.districtCode, p.userId);
  if (r === undefined) throw notFound('Resident', p.userId);
  return view(ctx, r, p.username, true);
}

/**
 * Claims an imported account: the mobile number and the ID number on the roster must both match an
 * account not yet claimed; the owner chooses a password and may sign in from then on. One answer for
 * every mismatch, so the call tells nobody which numbers are on a roster.
 */
export async function claimImportedAccount(
  ctx: AppContext,
  input: { phone: string; idNumber: string; password: string },
  throttle?: LoginThrottle,
): Promise<ResidentView> {
  const db = ctx.database.db;
  const phone = normaliseMobile(input.phone);
  // Per mobile number, like sign-in: ten wrong ID numbers lock the claim of that number for a while,
  // so nobody works through the birth dates of a number they know.
  throttle?.check(`claim:${phone ?? input.phone}`);
  const notClaimable = () => {
    throttle?.failed(`claim:${phone ?? input.phone}`);
    return new AppError('RESIDENT.NOT_CLAIMABLE', 'No imported account waiting to be claimed matches these numbers');
  };
  checkPassword(input.password);
  const idNumber = checkIdNumber(ctx, input.idNumber);
  if (phone === null) throw notClaimable();
  const user = await findUserByUsername(db, phone);
  const found = await findResidentsByIdKeys(db, ctx.districtCode, idNumberKeys(ctx.personalData, ctx.districtCode, idNumber));
  const r = found.find((x) => x.userId === user?.id);
  if (user === undefined || r === undefined || r.source !== 'imported' || r.claimedAt !== null) throw notClaimable();
  const passwordHash = await hashPassword(input.password);
  await db.transaction(async (tx) => {
    await activateUser(tx, user.id, passwordHash);
    await markResidentClaimed(tx, ctx.districtCode, user.id, ctx.clock());
  });
  throttle?.succeeded(`claim:${phone}`);
  return view(ctx, (await findResident(db, ctx.districtCode, user.id))!, phone, true);
}

/**
 * Staff of the resident's own station see the clear name and ID number; the reveal is recorded with
 * its reason (like a requester's). Staff of a station above see masked data only.
 */
export async function revealResident(
  ctx: AppContext,
  p: Principal,
  userId: number,
  reason: string,
): Promise<{ realName: string; idNumber: string; phone: string }> {
  authorize(p, VOLUNTEERS_POLICY.rules.reveal);
  const db = ctx.database.db;
  const r = await findResident(db, ctx.districtCode, userId);
  if (r === undefined) throw notFound('Resident', userId);
  const ref = await ctx.reference.get();
  const [user] = await usersByIds(db, [userId]);
  if (user === undefined) throw notFound('Resident', userId);
  if (p.unitType !== 'station' || p.unitId !== user.unitId || !ref.unitById.has(p.unitId))
    throw new AppError('AUTH.FORBIDDEN', 'Only the staff of the resident’s own station may see their name and ID number');
  if (reason.trim().length < 2) throw new AppError('VALIDATION.INVALID_INPUT', 'Give the reason for viewing the personal data', { field: 'reason' });
  await insertResidentReveal(db, {
    districtCode: ctx.districtCode,
    residentUserId: userId,
    userId: p.userId,
    unitId: p.unitId,
    at: ctx.clock(),
    reason: reason.trim(),
  });
  const c = clearIdentity(ctx.personalData, r, user.username);
  return { realName: c.realName, idNumber: c.idNumber, phone: c.phone };
}

/**
 * Key rotation (`jiesu rotate-key`): re-seals every resident's name and ID number under the keyring's
 * active key and recomputes the ID number's keyed hash, in batches of 500 (one transaction each,
 * resumable, rows locked). Returns the residents rewritten.
 */
export async function resealResidents(db: Db, keyring: PersonalDataKeyring, batch = 500): Promise<number> {
  const keyId = keyring.activeKeyId;
  let after = 0;
  let done = 0;
  for (;;) {
    const page = await db.transaction(async (tx) => {
      const rows = await lockResidentsToReseal(tx, keyId, after, batch);
      for (const r of rows) {
        // These open under the old key (or throw: a value that does not open must not be re-sealed as something else).
        const name = keyring.open(r.realName, residentAad(r.districtCode, r.userId, 'real_name'));
        const id = keyring.open(r.idNumber, residentAad(r.districtCode, r.userId, 'id_number'));
        await updateResidentSealed(tx, {
          districtCode: r.districtCode,
          userId: r.userId,
          ...sealIdentity(keyring, r.districtCode, r.userId, name, id),
          idNumberKey: idNumberKey(keyring, r.districtCode, id),
        });
      }
      return rows;
    });
    if (page.length === 0) return done;
    done += page.length;
    after = page.at(-1)!.userId;
  }
}

/** A password hash nobody knows (imported accounts before they are claimed): one hash per import. */
export const unusablePasswordHash = (): Promise<string> => hashPassword(randomBytes(32).toString('base64url'));

/**
 * The resident's account signed in with `phone`, if any, and whether its ID number is `idNumber` (by the
 * keyed hash, under every key): for another module linking a record about a person (a Party member) to
 * that person's own account without opening their data.
 */
export async function residentAccountByPhone(
  ctx: AppContext,
  phone: string,
): Promise<{ userId: number; active: boolean; hasIdNumber(idNumber: string): boolean } | undefined> {
  const db = ctx.database.db;
  const user = await findUserByUsername(db, phone);
  if (user === undefined) return undefined;
  const r = await findResident(db, ctx.districtCode, user.id);
  if (r === undefined) return undefined;
  return {
    userId: user.id,
    active: user.active,
    hasIdNumber: (idNumber) => idNumberKeys(ctx.personalData, ctx.districtCode, normaliseIdNumber(idNumber)).includes(r.idNumberKey),
  };
}
