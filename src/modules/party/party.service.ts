/**
 * What the organisation and member use cases share: the scope of a party worker, the look-ups that turn
 * an id into a row in scope (404 outside it), the place checks, sealing members' personal data, and the
 * serialisation of changes to the tree's shape.
 */
import type { Principal } from '../../engine/auth.ts';
import type { AppContext } from '../../engine/context.ts';
import { maskName, maskPhone } from '../../engine/personal-data.ts';
import type { ReferenceSnapshot } from '../../engine/reference/reference-cache.ts';
import { PersonalDataKeyError, type PersonalDataKeyring } from '../../platform/crypto/personal-data-crypto.ts';
import type { DbOrTx } from '../../platform/db/client.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { ID_PROBLEM_WORDS, idNumberProblem, maskIdNumber, normaliseIdNumber } from '../volunteers/index.ts';
import { localDate } from '../../engine/domain/calendar/local-time.ts';
import { communityOfScope, inScope, isSecretary, scopeOfUnit, type PartyScope } from './party.domain.ts';
import { findMemberByUser, findOrganisation, lockTree, type MemberRow, type OrganisationRow } from './party.repository.ts';
import { memberReportedWithin } from './reportin.repository.ts';

// ---------------------------------------------------------------------------------------------
// Scope

/** The principal's scope as a party worker (`none` without the role or outside the district's units). */
export async function workerScope(ctx: AppContext, p: Principal): Promise<PartyScope> {
  if (!p.roles.includes('party_worker')) return { kind: 'none' };
  const ref = await ctx.reference.get();
  const unit = ref.unitById.get(p.unitId);
  return unit === undefined ? { kind: 'none' } : scopeOfUnit(unit, ctx.districtCode);
}

/** The organisation if it exists in this district and lies in the worker's scope; NOT_FOUND otherwise (never 403). */
export async function organisationInScope(ctx: AppContext, scope: PartyScope, id: number, db: DbOrTx = ctx.database.db): Promise<OrganisationRow> {
  const o = await findOrganisation(db, ctx.districtCode, id);
  if (o === undefined || !inScope(scope, o.divisionCode)) throw notFound('Organisation', id);
  return o;
}

/**
 * The community a party worker asks for: their own for a community's worker when `code` is left out,
 * otherwise `code`, which must be a community of this district (PARTY.UNKNOWN_COMMUNITY) in the scope
 * (404 outside). The caller has authorised the rule.
 */
export async function communityInScope(ctx: AppContext, p: Principal, code: string | undefined): Promise<{ scope: PartyScope; community: string }> {
  const scope = await workerScope(ctx, p);
  if (scope.kind === 'none') throw new AppError('AUTH.FORBIDDEN', 'Party workers only');
  const community = code ?? communityOfScope(scope);
  if (community === undefined) throw new AppError('VALIDATION.INVALID_INPUT', 'Name the community', { field: 'community' });
  const ref = await ctx.reference.get();
  if (ref.divisionByCode.get(community)?.level !== 'community' || !community.startsWith(ctx.districtCode))
    throw new AppError('PARTY.UNKNOWN_COMMUNITY', `${community} is not a community of this district`, { field: 'community' });
  if (!inScope(scope, community)) throw notFound('Community', community);
  return { scope, community };
}

/**
 * What a party worker's figures page covers: their whole scope, or one street of it (9 digits;
 * PARTY.UNKNOWN_DIVISION when it is no street of the district, 404 outside the scope). `prefix` is the
 * division prefix to read under, the narrower of the scope and the street; null for the whole district
 * (organisations without a division included). The caller has authorised its rule.
 */
export async function figuresScope(ctx: AppContext, p: Principal, street: string | undefined): Promise<{ scope: PartyScope; prefix: string | null }> {
  const scope = await workerScope(ctx, p);
  if (scope.kind === 'none') throw new AppError('AUTH.FORBIDDEN', 'Party workers only');
  if (street !== undefined) {
    const ref = await ctx.reference.get();
    if (ref.divisionByCode.get(street)?.level !== 'street' || !street.startsWith(ctx.districtCode))
      throw new AppError('PARTY.UNKNOWN_DIVISION', `${street} is not a street of this district`, { field: 'street' });
    if (!inScope(scope, street) && !(scope.kind === 'division' && scope.prefix.startsWith(street))) throw notFound('Street', street);
  }
  const prefix = scope.kind === 'division' && (street === undefined || scope.prefix.startsWith(street)) ? scope.prefix : (street ?? null);
  return { scope, prefix };
}

/** The active member linked to the principal's account, if any. */
export async function memberOfAccount(ctx: AppContext, p: Principal): Promise<MemberRow | undefined> {
  const m = await findMemberByUser(ctx.database.db, ctx.districtCode, p.userId);
  return m === undefined || m.leftAt !== null ? undefined : m;
}

/**
 * How the principal relates to a member: a worker in scope, a worker of a community the member is
 * reported in to (双报到: the member's branch may lie elsewhere; no history, reveals recorded as for any
 * worker), the secretary of the member's branch, the member themself, or nobody.
 */
export async function accessTo(ctx: AppContext, p: Principal, m: MemberRow): Promise<'worker' | 'community' | 'secretary' | 'self' | null> {
  const scope = await workerScope(ctx, p);
  if (scope.kind !== 'none') {
    const o = await findOrganisation(ctx.database.db, ctx.districtCode, m.organisationId);
    if (o !== undefined && inScope(scope, o.divisionCode)) return 'worker';
    if (scope.kind === 'division' && m.leftAt === null && (await memberReportedWithin(ctx.database.db, ctx.districtCode, m.id, scope.prefix)))
      return 'community';
  }
  if (m.userId !== null && m.userId === p.userId) return 'self';
  const mine = await memberOfAccount(ctx, p);
  if (mine !== undefined && isSecretary(mine.posts) && mine.organisationId === m.organisationId && m.leftAt === null) return 'secretary';
  return null;
}

/** Every change to the tree's shape (create, move, retire, import) in one district runs one at a time, so paths stay consistent. */
export const serialiseTree = (ctx: AppContext, tx: DbOrTx): Promise<void> => lockTree(tx, ctx.districtCode);

// ---------------------------------------------------------------------------------------------
// Places

/** A street (9 digits) or community (12 digits) of this district, within the scope. */
export function checkDivision(ref: ReferenceSnapshot, scope: PartyScope, code: string | null): void {
  if (code === null) {
    if (scope.kind !== 'district')
      throw new AppError('PARTY.UNKNOWN_DIVISION', 'An organisation without a division is the district’s own: for district-wide party workers', {
        field: 'divisionCode',
      });
    return;
  }
  const d = ref.divisionByCode.get(code);
  if (d === undefined || (d.level !== 'street' && d.level !== 'community') || !inScope(scope, code))
    throw new AppError('PARTY.UNKNOWN_DIVISION', `${code} is not a street or community in your scope`, { field: 'divisionCode', divisionCode: code });
}

export function checkCommunity(ref: ReferenceSnapshot, code: string, field: string): void {
  if (ref.divisionByCode.get(code)?.level !== 'community')
    throw new AppError('PARTY.UNKNOWN_COMMUNITY', `${code} is not a community of this district`, { field, communityCode: code });
}

export function checkUnit(ref: ReferenceSnapshot, unitId: number): void {
  if (!ref.unitById.has(unitId)) throw new AppError('PARTY.UNKNOWN_UNIT', `Unit ${unitId} is not one of this district`, { field: 'unitId' });
}

export function checkIdNumber(ctx: AppContext, raw: string): string {
  const problem = idNumberProblem(raw, localDate(ctx.clock()));
  if (problem !== null) throw new AppError('PARTY.BAD_ID_NUMBER', ID_PROBLEM_WORDS[problem], { field: 'idNumber', problem });
  return normaliseIdNumber(raw);
}

// ---------------------------------------------------------------------------------------------
// Members' personal data

type SealedColumn = 'real_name' | 'id_number' | 'phone';
const memberAad = (districtCode: string, memberId: number, column: SealedColumn) => `party-member:${districtCode}:${memberId}:${column}`;

export const sealMemberField = (pd: PersonalDataKeyring, districtCode: string, memberId: number, column: SealedColumn, value: string): string =>
  pd.seal(value, memberAad(districtCode, memberId, column));

/** The ID number's keyed hash under the active key, bound to the district: one member per person per district. */
export const memberIdKey = (pd: PersonalDataKeyring, districtCode: string, idNumber: string): string =>
  pd.digest(`party-member-id:${districtCode}:${idNumber}`);
/** The same under every key the keyring holds (to find a member hashed before a key rotation). */
export const memberIdKeys = (pd: PersonalDataKeyring, districtCode: string, idNumber: string): string[] =>
  pd.digests(`party-member-id:${districtCode}:${idNumber}`);

const UNREADABLE = '〔无法解密 unreadable〕';

/** A sealed field in clear, or null when it does not open (altered in the database): one bad row must not break a list. */
export function openMemberField(pd: PersonalDataKeyring, m: Pick<MemberRow, 'districtCode' | 'id'>, column: SealedColumn, sealed: string): string | null {
  try {
    return pd.open(sealed, memberAad(m.districtCode, m.id, column));
  } catch (e) {
    if (e instanceof PersonalDataKeyError) return null;
    throw e;
  }
}

export interface MemberIdentity {
  realName: string;
  idNumber: string;
  phone: string | null;
  masked: boolean;
}

/** A member's name, ID number and phone: masked (张*, 110109********1234, 138****1234) unless `clear`. */
export function identityOf(pd: PersonalDataKeyring, m: MemberRow, clear: boolean): MemberIdentity {
  const name = openMemberField(pd, m, 'real_name', m.realName);
  const id = openMemberField(pd, m, 'id_number', m.idNumber);
  const phone = m.phone === null ? null : openMemberField(pd, m, 'phone', m.phone);
  if (clear) return { realName: name ?? UNREADABLE, idNumber: id ?? UNREADABLE, phone: m.phone === null ? null : (phone ?? UNREADABLE), masked: false };
  return {
    realName: name === null ? UNREADABLE : maskName(name),
    idNumber: id === null ? UNREADABLE : maskIdNumber(id),
    phone: m.phone === null ? null : phone === null ? UNREADABLE : maskPhone(phone),
    masked: true,
  };
}
