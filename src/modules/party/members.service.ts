/**
 * Party members (党员): add, edit, transfer to another branch, leave, posts (书记, 副书记, 委员, 先锋岗),
 * the link to the member's own resident account, the masked presenter, reveals with a recorded reason,
 * and the member's own page (for a secretary, their branch's members, masked). Name, ID number and
 * phone are sealed bound to the member's row; the ID number's keyed hash makes a person one member per
 * district. Every change is a `party_events` row (a transfer names both branches).
 */
import type { Principal } from '../../engine/auth.ts';
import type { AppContext } from '../../engine/context.ts';
import { authorize } from '../../engine/policy.ts';
import type { PersonalDataKeyring } from '../../platform/crypto/personal-data-crypto.ts';
import type { Db, DbOrTx } from '../../platform/db/client.ts';
import { isUniqueViolation } from '../../platform/db/errors.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { normaliseMobile, residentAccountByPhone } from '../volunteers/index.ts';
import { isSecretary, normalisePosts, postLabel, type MemberType, type OrganisationLevel, type PartyEventKind } from './party.domain.ts';
import { PARTY_POLICY } from './party.policy.ts';
import {
  eventsOfMember,
  findMember,
  findOrganisation,
  holdersOfPost,
  insertEvents,
  insertMembers,
  insertReveal,
  lockMember,
  lockMembersToReseal,
  membersByIdKeys,
  membersOf,
  nextMemberIds,
  organisationsByIds,
  shareLockOrganisation,
  updateMember as updateMemberRow,
  type MemberRow,
  type OrganisationRow,
} from './party.repository.ts';
import {
  accessTo,
  checkCommunity,
  checkIdNumber,
  identityOf,
  memberIdKey,
  memberIdKeys,
  memberOfAccount,
  openMemberField,
  organisationInScope,
  sealMemberField,
  workerScope,
} from './party.service.ts';

export interface MemberView {
  id: number;
  organisationId: number;
  organisationName: string;
  realName: string;
  idNumber: string;
  phone: string | null;
  masked: boolean;
  memberType: MemberType;
  joinedOn: string | null;
  homeCommunityCode: string | null;
  homeCommunityName: string | null;
  inService: boolean;
  workUnit: string | null;
  posts: string[];
  postLabels: string[];
  /** Linked to the member's own resident account. */
  hasAccount: boolean;
  leftAt: string | null;
}

/** The presenter: whitelisted fields, personal data masked unless `clear`. */
export async function memberView(ctx: AppContext, m: MemberRow, clear: boolean, org?: OrganisationRow): Promise<MemberView> {
  const ref = await ctx.reference.get();
  const o = org ?? (await findOrganisation(ctx.database.db, ctx.districtCode, m.organisationId));
  return {
    id: m.id,
    organisationId: m.organisationId,
    organisationName: o?.name ?? '',
    ...identityOf(ctx.personalData, m, clear),
    memberType: m.memberType,
    joinedOn: m.joinedOn,
    homeCommunityCode: m.homeCommunityCode,
    homeCommunityName: m.homeCommunityCode === null ? null : (ref.divisionByCode.get(m.homeCommunityCode)?.name ?? null),
    inService: m.inService,
    workUnit: m.workUnit,
    posts: m.posts,
    postLabels: m.posts.map(postLabel),
    hasAccount: m.userId !== null,
    leftAt: m.leftAt?.toISOString() ?? null,
  };
}

export interface MemberInput {
  organisationId: number;
  realName: string;
  idNumber: string;
  phone?: string | null;
  memberType: MemberType;
  joinedOn?: string | null;
  homeCommunityCode?: string | null;
  inService?: boolean;
  workUnit?: string | null;
  posts?: string[];
}

/** The posts as stored, or PARTY.BAD_POST. */
export function checkPosts(raw: readonly string[]): string[] {
  const r = normalisePosts(raw);
  if ('problem' in r) throw new AppError('PARTY.BAD_POST', `Not a valid post: ${r.post} (${r.problem})`, { field: 'posts', post: r.post, problem: r.problem });
  return r.posts;
}

/** Nobody else active in the organisation is its secretary (when `posts` names the post). */
async function checkSecretary(ctx: AppContext, db: DbOrTx, organisationId: number, posts: readonly string[], memberId = 0): Promise<void> {
  if (!isSecretary(posts)) return;
  if ((await holdersOfPost(db, ctx.districtCode, organisationId, 'secretary', memberId)).length > 0)
    throw new AppError('PARTY.SECRETARY_TAKEN', 'The organisation already has a secretary', { field: 'posts' });
}

export function checkPhone(raw: string | null | undefined): string | null {
  if (raw == null || raw.trim() === '') return null;
  const phone = normaliseMobile(raw);
  if (phone === null) throw new AppError('VALIDATION.INVALID_INPUT', '手机号须为11位手机号码 Not an 11-digit mobile number', { field: 'phone' });
  return phone;
}

/** A branch (党支部) that is not retired: where members are kept. */
export function checkBranch(o: OrganisationRow | undefined, id: number): OrganisationRow {
  if (o === undefined) throw notFound('Organisation', id);
  if (o.level !== ('branch' satisfies OrganisationLevel) || o.retiredAt !== null)
    throw new AppError('PARTY.NOT_A_BRANCH', `Organisation ${o.code} is not an active branch`, { field: 'organisationId' });
  return o;
}

/** A member's row ready to insert: sealed fields bound to its id. */
export function sealedMember(
  pd: PersonalDataKeyring,
  districtCode: string,
  id: number,
  x: { realName: string; idNumber: string; phone: string | null },
): Pick<MemberRow, 'realName' | 'idNumber' | 'idNumberKey' | 'phone'> {
  return {
    realName: sealMemberField(pd, districtCode, id, 'real_name', x.realName),
    idNumber: sealMemberField(pd, districtCode, id, 'id_number', x.idNumber),
    idNumberKey: memberIdKey(pd, districtCode, x.idNumber),
    phone: x.phone === null ? null : sealMemberField(pd, districtCode, id, 'phone', x.phone),
  };
}

const memberExists = () => new AppError('PARTY.MEMBER_EXISTS', 'A member with this ID number is registered in this district', { field: 'idNumber' });

/** Adds a member to a branch in the worker's scope. */
export async function addMember(ctx: AppContext, p: Principal, input: MemberInput): Promise<MemberView> {
  authorize(p, PARTY_POLICY.rules.manage);
  const scope = await workerScope(ctx, p);
  const ref = await ctx.reference.get();
  const db = ctx.database.db;
  const pd = ctx.personalData;
  const realName = input.realName.trim();
  if (realName === '') throw new AppError('VALIDATION.INVALID_INPUT', '请填写姓名 Give the name', { field: 'realName' });
  const idNumber = checkIdNumber(ctx, input.idNumber);
  const phone = checkPhone(input.phone);
  if (input.homeCommunityCode != null) checkCommunity(ref, input.homeCommunityCode, 'homeCommunityCode');
  const posts = checkPosts(input.posts ?? []);
  await organisationInScope(ctx, scope, input.organisationId);
  if ((await membersByIdKeys(db, ctx.districtCode, memberIdKeys(pd, ctx.districtCode, idNumber))).length > 0) throw memberExists();
  const now = ctx.clock();
  try {
    const row = await db.transaction(async (tx) => {
      const o = checkBranch(await shareLockOrganisation(tx, ctx.districtCode, input.organisationId), input.organisationId);
      await checkSecretary(ctx, tx, o.id, posts);
      const [id] = await nextMemberIds(tx, 1);
      const row: MemberRow = {
        id: id!,
        districtCode: ctx.districtCode,
        organisationId: o.id,
        userId: null,
        ...sealedMember(pd, ctx.districtCode, id!, { realName, idNumber, phone }),
        memberType: input.memberType,
        joinedOn: input.joinedOn ?? null,
        homeCommunityCode: input.homeCommunityCode ?? null,
        inService: input.inService ?? false,
        workUnit: input.workUnit?.trim() || null,
        posts,
        leftAt: null,
        createdAt: now,
        updatedAt: now,
      };
      await insertMembers(tx, [row]);
      await insertEvents(tx, [
        { districtCode: ctx.districtCode, kind: 'member_added', organisationId: o.id, memberId: row.id, actorUserId: p.userId, at: now, data: { posts } },
      ]);
      return row;
    });
    return memberView(ctx, row, false);
  } catch (e) {
    if (isUniqueViolation(e)) throw memberExists();
    throw e;
  }
}

/** The member if the worker has its organisation in scope (NOT_FOUND otherwise), locked in `tx`, not left. */
async function memberToChange(ctx: AppContext, p: Principal, tx: DbOrTx, id: number): Promise<MemberRow> {
  const scope = await workerScope(ctx, p);
  const m = await lockMember(tx, ctx.districtCode, id);
  if (m === undefined) throw notFound('Member', id);
  await organisationInScope(ctx, scope, m.organisationId, tx).catch(() => {
    throw notFound('Member', id);
  });
  if (m.leftAt !== null) throw new AppError('PARTY.MEMBER_LEFT', 'The member has left');
  return m;
}

export interface MemberPatch {
  realName?: string;
  phone?: string | null;
  memberType?: MemberType;
  joinedOn?: string | null;
  homeCommunityCode?: string | null;
  inService?: boolean;
  workUnit?: string | null;
  posts?: string[];
}

/** Edits a member (not the ID number: a wrong one means a new record). The event names the fields changed, never their personal values. */
export async function updateMember(ctx: AppContext, p: Principal, id: number, patch: MemberPatch): Promise<MemberView> {
  authorize(p, PARTY_POLICY.rules.manage);
  const ref = await ctx.reference.get();
  const pd = ctx.personalData;
  const realName = patch.realName?.trim();
  if (realName === '') throw new AppError('VALIDATION.INVALID_INPUT', '请填写姓名 Give the name', { field: 'realName' });
  const phone = patch.phone === undefined ? undefined : checkPhone(patch.phone);
  if (patch.homeCommunityCode != null) checkCommunity(ref, patch.homeCommunityCode, 'homeCommunityCode');
  const posts = patch.posts === undefined ? undefined : checkPosts(patch.posts);
  const now = ctx.clock();
  const row = await ctx.database.db.transaction(async (tx) => {
    const m = await memberToChange(ctx, p, tx, id);
    if (posts !== undefined) await checkSecretary(ctx, tx, m.organisationId, posts, m.id);
    const set: Partial<MemberRow> = {};
    const changed: string[] = [];
    const oldName = openMemberField(pd, m, 'real_name', m.realName);
    const oldPhone = m.phone === null ? null : openMemberField(pd, m, 'phone', m.phone);
    if (realName !== undefined && realName !== oldName) {
      set.realName = sealMemberField(pd, ctx.districtCode, m.id, 'real_name', realName);
      changed.push('realName');
    }
    if (phone !== undefined && phone !== oldPhone) {
      set.phone = phone === null ? null : sealMemberField(pd, ctx.districtCode, m.id, 'phone', phone);
      changed.push('phone');
    }
    const plain = { memberType: patch.memberType, joinedOn: patch.joinedOn, homeCommunityCode: patch.homeCommunityCode, inService: patch.inService };
    for (const [k, v] of Object.entries(plain))
      if (v !== undefined && v !== m[k as keyof typeof plain]) {
        Object.assign(set, { [k]: v });
        changed.push(k);
      }
    const workUnit = patch.workUnit === undefined ? undefined : patch.workUnit?.trim() || null;
    if (workUnit !== undefined && workUnit !== m.workUnit) {
      set.workUnit = workUnit;
      changed.push('workUnit');
    }
    if (posts !== undefined && posts.join('\u0000') !== m.posts.join('\u0000')) {
      set.posts = posts;
      changed.push('posts');
    }
    if (changed.length === 0) return m;
    await updateMemberRow(tx, ctx.districtCode, m.id, { ...set, updatedAt: now });
    await insertEvents(tx, [
      {
        districtCode: ctx.districtCode,
        kind: 'member_edited',
        organisationId: m.organisationId,
        memberId: m.id,
        actorUserId: p.userId,
        at: now,
        data: { fields: changed, ...(set.posts ? { posts: { from: m.posts, to: set.posts } } : {}) },
      },
    ]);
    return { ...m, ...set, updatedAt: now };
  });
  return memberView(ctx, row, false);
}

/**
 * Transfers a member (组织关系转接) to another active branch of the district: the worker must have the
 * member's branch in scope (the receiving branch may lie elsewhere in the district). Posts stay behind
 * (they belong to the old branch); the event names both branches.
 */
export async function transferMember(ctx: AppContext, p: Principal, id: number, toOrganisationId: number, note = ''): Promise<MemberView> {
  authorize(p, PARTY_POLICY.rules.manage);
  const now = ctx.clock();
  const row = await ctx.database.db.transaction(async (tx) => {
    const m = await memberToChange(ctx, p, tx, id);
    const to = checkBranch(await shareLockOrganisation(tx, ctx.districtCode, toOrganisationId), toOrganisationId);
    if (to.id === m.organisationId) throw new AppError('PARTY.SAME_ORGANISATION', 'The member is in that branch already', { field: 'organisationId' });
    await updateMemberRow(tx, ctx.districtCode, m.id, { organisationId: to.id, posts: [], updatedAt: now });
    await insertEvents(tx, [
      {
        districtCode: ctx.districtCode,
        kind: 'member_transferred',
        organisationId: m.organisationId,
        memberId: m.id,
        actorUserId: p.userId,
        at: now,
        data: { fromOrganisationId: m.organisationId, toOrganisationId: to.id, postsLeft: m.posts, note: note.trim() },
      },
    ]);
    return { ...m, organisationId: to.id, posts: [], updatedAt: now };
  });
  return memberView(ctx, row, false);
}

/** The member leaves (转出本区, 去世, 出党 …): kept for history with the reason; posts end and the account link is released. */
export async function leaveMember(ctx: AppContext, p: Principal, id: number, reason: string): Promise<MemberView> {
  authorize(p, PARTY_POLICY.rules.manage);
  if (reason.trim().length < 2) throw new AppError('VALIDATION.INVALID_INPUT', 'Give the reason', { field: 'reason' });
  const now = ctx.clock();
  const row = await ctx.database.db.transaction(async (tx) => {
    const m = await memberToChange(ctx, p, tx, id);
    await updateMemberRow(tx, ctx.districtCode, m.id, { leftAt: now, posts: [], userId: null, updatedAt: now });
    await insertEvents(tx, [
      {
        districtCode: ctx.districtCode,
        kind: 'member_left',
        organisationId: m.organisationId,
        memberId: m.id,
        actorUserId: p.userId,
        at: now,
        data: { reason: reason.trim(), posts: m.posts, userId: m.userId },
      },
    ]);
    return { ...m, leftAt: now, posts: [], userId: null, updatedAt: now };
  });
  return memberView(ctx, row, false);
}

/**
 * Links the member to their own resident account, found by the account's mobile number. The account's
 * ID number (its keyed hash) must be the member's: a mobile number alone links nobody to someone else's record.
 */
export async function linkMemberAccount(ctx: AppContext, p: Principal, id: number, rawPhone: string): Promise<MemberView> {
  authorize(p, PARTY_POLICY.rules.manage);
  const phone = checkPhone(rawPhone);
  if (phone === null) throw new AppError('VALIDATION.INVALID_INPUT', 'Give the account’s mobile number', { field: 'phone' });
  const account = await residentAccountByPhone(ctx, phone);
  const now = ctx.clock();
  try {
    const row = await ctx.database.db.transaction(async (tx) => {
      const m = await memberToChange(ctx, p, tx, id);
      if (account === undefined) throw new AppError('PARTY.NO_ACCOUNT', 'No resident’s account has this mobile number', { field: 'phone' });
      const idNumber = openMemberField(ctx.personalData, m, 'id_number', m.idNumber);
      if (idNumber === null || !account.hasIdNumber(idNumber))
        throw new AppError('PARTY.ACCOUNT_MISMATCH', 'The account’s ID number is not the member’s', { field: 'phone' });
      if (m.userId === account.userId) return m;
      await updateMemberRow(tx, ctx.districtCode, m.id, { userId: account.userId, updatedAt: now });
      await insertEvents(tx, [
        {
          districtCode: ctx.districtCode,
          kind: 'member_linked',
          organisationId: m.organisationId,
          memberId: m.id,
          actorUserId: p.userId,
          at: now,
          data: { userId: account.userId },
        },
      ]);
      return { ...m, userId: account.userId, updatedAt: now };
    });
    return memberView(ctx, row, false);
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError('PARTY.ACCOUNT_TAKEN', 'The account is linked to another member', { field: 'phone' });
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------
// Reads and reveals

export interface MemberEventView {
  kind: PartyEventKind;
  at: string;
  actorUserId: number;
  organisationId: number;
  data: Record<string, unknown>;
}

export interface MemberDetail extends MemberView {
  /** The member's history, newest first (party workers only; empty for others). */
  history: MemberEventView[];
  /** The viewer may reveal the clear data (with a reason). */
  mayReveal: boolean;
}

/** One member: masked for workers in scope and the branch's secretary, in clear for the member themself. */
export async function memberDetail(ctx: AppContext, p: Principal, id: number): Promise<MemberDetail> {
  authorize(p, PARTY_POLICY.rules.readMember);
  const m = await findMember(ctx.database.db, ctx.districtCode, id);
  const access = m === undefined ? null : await accessTo(ctx, p, m);
  if (m === undefined || access === null) throw notFound('Member', id);
  const history =
    access === 'worker'
      ? (await eventsOfMember(ctx.database.db, ctx.districtCode, m.id)).map((e) => ({
          kind: e.kind,
          at: e.at.toISOString(),
          actorUserId: e.actorUserId,
          organisationId: e.organisationId,
          data: e.data,
        }))
      : [];
  return { ...(await memberView(ctx, m, access === 'self')), history, mayReveal: access === 'worker' || access === 'community' || access === 'secretary' };
}

export const REVEAL_FIELDS = ['realName', 'idNumber', 'phone'] as const;
export type RevealField = (typeof REVEAL_FIELDS)[number];

/**
 * The clear name, ID number and phone of a member, for a party worker in scope of the member's branch or
 * the secretary of that branch; one `party_member_reveals` row per field shown, with the reason.
 */
export async function revealMember(
  ctx: AppContext,
  p: Principal,
  id: number,
  reason: string,
  fields: readonly RevealField[] = REVEAL_FIELDS,
): Promise<{ realName?: string; idNumber?: string; phone?: string | null }> {
  authorize(p, PARTY_POLICY.rules.reveal);
  const m = await findMember(ctx.database.db, ctx.districtCode, id);
  const access = m === undefined ? null : await accessTo(ctx, p, m);
  if (m === undefined || access === null) throw notFound('Member', id);
  if (access === 'self')
    throw new AppError('AUTH.FORBIDDEN', 'Your own data is on your page (/m/party); reveals are for party workers and your branch’s secretary');
  if (reason.trim().length < 2) throw new AppError('VALIDATION.INVALID_INPUT', 'Give the reason for viewing the personal data', { field: 'reason' });
  const wanted = [...new Set(fields)];
  const now = ctx.clock();
  await ctx.database.db.transaction(async (tx) => {
    for (const field of wanted)
      await insertReveal(tx, { districtCode: ctx.districtCode, memberId: m.id, viewerUserId: p.userId, field, reason: reason.trim(), at: now });
  });
  const c = identityOf(ctx.personalData, m, true);
  return Object.fromEntries(wanted.map((f) => [f, c[f]]));
}

export interface MyMembership {
  member: MemberView;
  organisation: { id: number; code: string; name: string; level: OrganisationLevel; pairedCommunityCode: string | null; pairedCommunityName: string | null };
  secretary: boolean;
  /** For a secretary: the branch's active members, masked. Empty otherwise. */
  branchMembers: MemberView[];
}

/** The signed-in member's own record (in clear: it is theirs), branch and posts; a secretary also gets the branch's members, masked. */
export async function myMembership(ctx: AppContext, p: Principal): Promise<MyMembership> {
  authorize(p, PARTY_POLICY.rules.self);
  const m = await memberOfAccount(ctx, p);
  if (m === undefined) throw new AppError('PARTY.NOT_A_MEMBER', 'Your account is not linked to a Party member');
  const ref = await ctx.reference.get();
  const [o] = await organisationsByIds(ctx.database.db, ctx.districtCode, [m.organisationId]);
  const secretary = isSecretary(m.posts);
  const branch = secretary ? await membersOf(ctx.database.db, ctx.districtCode, m.organisationId) : [];
  return {
    member: await memberView(ctx, m, true, o),
    organisation: {
      id: o!.id,
      code: o!.code,
      name: o!.name,
      level: o!.level,
      pairedCommunityCode: o!.pairedCommunityCode,
      pairedCommunityName: o!.pairedCommunityCode === null ? null : (ref.divisionByCode.get(o!.pairedCommunityCode)?.name ?? null),
    },
    secretary,
    branchMembers: await Promise.all(branch.map((x) => memberView(ctx, x, false, o))),
  };
}

// ---------------------------------------------------------------------------------------------
// Key rotation

/** Re-seals every member's name, ID number and phone under the active key and recomputes the ID number's hash, in batches (resumable). */
export async function resealMembers(db: Db, keyring: PersonalDataKeyring, batch = 500): Promise<number> {
  const keyId = keyring.activeKeyId;
  let after = 0;
  let done = 0;
  for (;;) {
    const page = await db.transaction(async (tx) => {
      const rows = await lockMembersToReseal(tx, keyId, after, batch);
      for (const r of rows) {
        const aad = (c: string) => `party-member:${r.districtCode}:${r.id}:${c}`;
        const name = keyring.open(r.realName, aad('real_name'));
        const id = keyring.open(r.idNumber, aad('id_number'));
        const phone = r.phone === null ? null : keyring.open(r.phone, aad('phone'));
        await updateMemberRow(tx, r.districtCode, r.id, sealedMember(keyring, r.districtCode, r.id, { realName: name, idNumber: id, phone }));
      }
      return rows;
    });
    if (page.length === 0) return done;
    done += page.length;
    after = page.at(-1)!.id;
  }
}
