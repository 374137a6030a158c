/**
 * The organisation tree (党委 › 党总支 › 党支部): create, rename, pair (双报到), move, retire, and the reads —
 * the tree in the worker's scope with member counts, one organisation with its members (masked).
 * Every change is a `party_events` row with its actor and time; changes to the tree's shape run one at a
 * time per district (`serialiseTree`).
 */
import type { Principal } from '../../engine/auth.ts';
import type { AppContext } from '../../engine/context.ts';
import { authorize } from '../../engine/policy.ts';
import { isUniqueViolation } from '../../platform/db/errors.ts';
import { AppError } from '../../platform/errors.ts';
import {
  depthOf,
  inScope,
  moveProblem,
  NESTING_WORDS,
  nestingProblem,
  rollUpCounts,
  type OrganisationHost,
  type OrganisationLevel,
  type PartyScope,
} from './party.domain.ts';
import { PARTY_POLICY } from './party.policy.ts';
import {
  childrenOf,
  countActiveChildren,
  countActiveMembers,
  findRoot,
  insertEvents,
  insertOrganisation,
  lockOrganisation,
  membersOf,
  organisationsByIds,
  organisationsWithCounts,
  rebaseSubtree,
  updateOrganisation as updateOrganisationRow,
  type OrganisationRow,
} from './party.repository.ts';
import { checkCommunity, checkDivision, checkUnit, organisationInScope, serialiseTree, workerScope } from './party.service.ts';
import { memberView, type MemberView } from './members.service.ts';

export interface OrganisationInput {
  /** The superior organisation; null for the district's root committee (区委). */
  parentId: number | null;
  level: OrganisationLevel;
  hostType: OrganisationHost;
  code: string;
  name: string;
  divisionCode?: string | null;
  unitId?: number | null;
  pairedCommunityCode?: string | null;
  foundedOn?: string | null;
}

export interface OrganisationView {
  id: number;
  parentId: number | null;
  path: string;
  depth: number;
  level: OrganisationLevel;
  hostType: OrganisationHost;
  code: string;
  name: string;
  divisionCode: string | null;
  divisionName: string | null;
  unitId: number | null;
  pairedCommunityCode: string | null;
  pairedCommunityName: string | null;
  foundedOn: string | null;
  retired: boolean;
}

async function orgView(ctx: AppContext, o: OrganisationRow): Promise<OrganisationView> {
  const ref = await ctx.reference.get();
  return {
    id: o.id,
    parentId: o.parentId,
    path: o.path,
    depth: depthOf(o.path),
    level: o.level,
    hostType: o.hostType,
    code: o.code,
    name: o.name,
    divisionCode: o.divisionCode,
    divisionName: o.divisionCode === null ? null : (ref.divisionByCode.get(o.divisionCode)?.name ?? null),
    unitId: o.unitId,
    pairedCommunityCode: o.pairedCommunityCode,
    pairedCommunityName: o.pairedCommunityCode === null ? null : (ref.divisionByCode.get(o.pairedCommunityCode)?.name ?? null),
    foundedOn: o.foundedOn,
    retired: o.retiredAt !== null,
  };
}

const nesting = (level: OrganisationLevel, parentLevel: OrganisationLevel | null) => {
  const problem = nestingProblem(level, parentLevel);
  if (problem !== null) throw new AppError('PARTY.NESTING', NESTING_WORDS[problem], { problem, field: 'parentId' });
};

/** Checks a new organisation against the tree and the places; the scope for `parentId` null is the district's. */
export async function checkNewOrganisation(ctx: AppContext, scope: PartyScope, input: OrganisationInput, parent: OrganisationRow | null): Promise<void> {
  const ref = await ctx.reference.get();
  if (parent === null) {
    if (scope.kind !== 'district') throw new AppError('AUTH.FORBIDDEN', 'Only a district-wide party worker sets up the district’s root committee');
    nesting(input.level, null);
  } else {
    if (parent.retiredAt !== null) throw new AppError('PARTY.RETIRED', `Organisation ${parent.code} is retired`, { field: 'parentId' });
    nesting(input.level, parent.level);
  }
  checkDivision(ref, scope, input.divisionCode ?? null);
  if (input.unitId != null) checkUnit(ref, input.unitId);
  if (input.pairedCommunityCode != null) checkCommunity(ref, input.pairedCommunityCode, 'pairedCommunityCode');
}

const codeTaken = (code: string) => new AppError('PARTY.CODE_TAKEN', `The organisation code ${code} is taken`, { field: 'code', code });

/** Sets up an organisation under `parentId` (in scope) or, for a district-wide worker, the district's root. */
export async function createOrganisation(ctx: AppContext, p: Principal, input: OrganisationInput): Promise<OrganisationView> {
  authorize(p, PARTY_POLICY.rules.manage);
  const scope = await workerScope(ctx, p);
  const code = input.code.trim();
  const name = input.name.trim();
  if (code === '' || name === '') throw new AppError('VALIDATION.INVALID_INPUT', 'Give the code and the name', { field: code === '' ? 'code' : 'name' });
  const now = ctx.clock();
  try {
    const o = await ctx.database.db.transaction(async (tx) => {
      await serialiseTree(ctx, tx);
      const parent = input.parentId === null ? null : await organisationInScope(ctx, scope, input.parentId, tx);
      await checkNewOrganisation(ctx, scope, { ...input, code, name }, parent);
      if (parent === null && (await findRoot(tx, ctx.districtCode)) !== undefined)
        throw new AppError('PARTY.ROOT_EXISTS', 'The district has its root committee already', { field: 'parentId' });
      const row = await insertOrganisation(
        tx,
        {
          districtCode: ctx.districtCode,
          parentId: parent?.id ?? null,
          level: input.level,
          hostType: input.hostType,
          code,
          name,
          divisionCode: input.divisionCode ?? null,
          unitId: input.unitId ?? null,
          pairedCommunityCode: input.pairedCommunityCode ?? null,
          foundedOn: input.foundedOn ?? null,
          createdAt: now,
          updatedAt: now,
        },
        parent?.path ?? null,
      );
      await insertEvents(tx, [
        {
          districtCode: ctx.districtCode,
          kind: 'organisation_created',
          organisationId: row.id,
          memberId: null,
          actorUserId: p.userId,
          at: now,
          data: { parentId: row.parentId, code, name, level: row.level },
        },
      ]);
      return row;
    });
    return orgView(ctx, o);
  } catch (e) {
    if (isUniqueViolation(e)) throw codeTaken(code);
    throw e;
  }
}

/** Renames an organisation and/or sets its 双报到 pairing (null: it reports to no community). */
export async function updateOrganisation(
  ctx: AppContext,
  p: Principal,
  id: number,
  patch: { name?: string; pairedCommunityCode?: string | null },
): Promise<OrganisationView> {
  authorize(p, PARTY_POLICY.rules.manage);
  const scope = await workerScope(ctx, p);
  const ref = await ctx.reference.get();
  const name = patch.name?.trim();
  if (name === '') throw new AppError('VALIDATION.INVALID_INPUT', 'Give the name', { field: 'name' });
  if (patch.pairedCommunityCode != null) checkCommunity(ref, patch.pairedCommunityCode, 'pairedCommunityCode');
  const now = ctx.clock();
  const o = await ctx.database.db.transaction(async (tx) => {
    await organisationInScope(ctx, scope, id, tx);
    const o = (await lockOrganisation(tx, ctx.districtCode, id))!;
    if (o.retiredAt !== null) throw new AppError('PARTY.RETIRED', `Organisation ${o.code} is retired`);
    const events = [];
    const base = { districtCode: ctx.districtCode, organisationId: id, memberId: null, actorUserId: p.userId, at: now };
    if (name !== undefined && name !== o.name) events.push({ ...base, kind: 'organisation_renamed' as const, data: { from: o.name, to: name } });
    if (patch.pairedCommunityCode !== undefined && patch.pairedCommunityCode !== o.pairedCommunityCode)
      events.push({ ...base, kind: 'organisation_paired' as const, data: { from: o.pairedCommunityCode, to: patch.pairedCommunityCode } });
    if (events.length === 0) return o;
    const set = {
      ...(name !== undefined ? { name } : {}),
      ...(patch.pairedCommunityCode !== undefined ? { pairedCommunityCode: patch.pairedCommunityCode } : {}),
      updatedAt: now,
    };
    await updateOrganisationRow(tx, ctx.districtCode, id, set);
    await insertEvents(tx, events);
    return { ...o, ...set };
  });
  return orgView(ctx, o);
}

/**
 * Moves an organisation (and its subtree) under another: both in scope, the new parent active, the
 * nesting rules kept, never under itself. The subtree's paths follow in one statement.
 */
export async function moveOrganisation(ctx: AppContext, p: Principal, id: number, parentId: number): Promise<OrganisationView> {
  authorize(p, PARTY_POLICY.rules.manage);
  const scope = await workerScope(ctx, p);
  const now = ctx.clock();
  const o = await ctx.database.db.transaction(async (tx) => {
    await serialiseTree(ctx, tx);
    const node = await organisationInScope(ctx, scope, id, tx);
    const parent = await organisationInScope(ctx, scope, parentId, tx);
    if (node.retiredAt !== null) throw new AppError('PARTY.RETIRED', `Organisation ${node.code} is retired`);
    if (parent.retiredAt !== null) throw new AppError('PARTY.RETIRED', `Organisation ${parent.code} is retired`, { field: 'parentId' });
    if (moveProblem(node.path, parent.path) !== null)
      throw new AppError('PARTY.MOVE_UNDER_ITSELF', 'An organisation cannot move under itself or its own subtree', { field: 'parentId' });
    nesting(node.level, parent.level);
    if (node.parentId === parent.id) return node;
    const newPath = `${parent.path}${node.id}/`;
    await rebaseSubtree(tx, ctx.districtCode, node.path, newPath);
    await updateOrganisationRow(tx, ctx.districtCode, id, { parentId: parent.id, updatedAt: now });
    await insertEvents(tx, [
      {
        districtCode: ctx.districtCode,
        kind: 'organisation_moved',
        organisationId: id,
        memberId: null,
        actorUserId: p.userId,
        at: now,
        data: { fromParentId: node.parentId, toParentId: parent.id },
      },
    ]);
    return { ...node, parentId: parent.id, path: newPath, updatedAt: now };
  });
  return orgView(ctx, o);
}

/** Retires (撤销) an organisation with no active members and no active organisations under it; kept for history. */
export async function retireOrganisation(ctx: AppContext, p: Principal, id: number, reason: string): Promise<OrganisationView> {
  authorize(p, PARTY_POLICY.rules.manage);
  const scope = await workerScope(ctx, p);
  const now = ctx.clock();
  const o = await ctx.database.db.transaction(async (tx) => {
    await serialiseTree(ctx, tx);
    await organisationInScope(ctx, scope, id, tx);
    const o = (await lockOrganisation(tx, ctx.districtCode, id))!;
    if (o.retiredAt !== null) throw new AppError('PARTY.RETIRED', `Organisation ${o.code} is retired already`);
    const children = await countActiveChildren(tx, ctx.districtCode, id);
    const members = await countActiveMembers(tx, ctx.districtCode, id);
    if (children > 0 || members > 0)
      throw new AppError('PARTY.NOT_EMPTY', `Organisation ${o.code} still has ${members} members and ${children} organisations under it`, {
        children,
        members,
      });
    await updateOrganisationRow(tx, ctx.districtCode, id, { retiredAt: now, updatedAt: now });
    await insertEvents(tx, [
      { districtCode: ctx.districtCode, kind: 'organisation_retired', organisationId: id, memberId: null, actorUserId: p.userId, at: now, data: { reason } },
    ]);
    return { ...o, retiredAt: now };
  });
  return orgView(ctx, o);
}

// ---------------------------------------------------------------------------------------------
// Reads

export interface TreeNode {
  id: number;
  /** The superior organisation; null for the root, or when the superior lies outside the viewer's scope. */
  parentId: number | null;
  depth: number;
  level: OrganisationLevel;
  hostType: OrganisationHost;
  code: string;
  name: string;
  divisionCode: string | null;
  pairedCommunityCode: string | null;
  retired: boolean;
  /** Active members directly in it. */
  members: number;
  /** Active members in it and every organisation under it (in the viewer's scope). */
  totalMembers: number;
}

/** The organisations of the worker's scope, parents before children, with member counts: one query and a pass over the paths. */
export async function organisationTree(ctx: AppContext, p: Principal, opts: { includeRetired?: boolean } = {}): Promise<TreeNode[]> {
  authorize(p, PARTY_POLICY.rules.browse);
  const scope = await workerScope(ctx, p);
  if (scope.kind === 'none') return [];
  const rows = await organisationsWithCounts(ctx.database.db, ctx.districtCode, scope.kind === 'division' ? scope.prefix : null, opts.includeRetired ?? false);
  const totals = rollUpCounts(rows);
  const present = new Set(rows.map((r) => r.id));
  return rows
    .map((r) => ({
      id: r.id,
      parentId: r.parentId !== null && present.has(r.parentId) ? r.parentId : null,
      depth: depthOf(r.path),
      level: r.level,
      hostType: r.hostType,
      code: r.code,
      name: r.name,
      divisionCode: r.divisionCode,
      pairedCommunityCode: r.pairedCommunityCode,
      retired: r.retired,
      members: r.direct,
      totalMembers: totals.get(r.id) ?? 0,
      path: r.path,
    }))
    .sort((a, b) => a.depth - b.depth || a.code.localeCompare(b.code))
    .map(({ path: _path, ...n }) => n);
}

export interface OrganisationDetail extends OrganisationView {
  parent: { id: number; code: string; name: string; inScope: boolean } | null;
  children: { id: number; code: string; name: string; level: OrganisationLevel; retired: boolean }[];
  members: MemberView[];
}

/** One organisation in scope with its superior, the organisations directly under it, and its active members (masked). */
export async function organisationDetail(ctx: AppContext, p: Principal, id: number): Promise<OrganisationDetail> {
  authorize(p, PARTY_POLICY.rules.browse);
  const scope = await workerScope(ctx, p);
  const db = ctx.database.db;
  const o = await organisationInScope(ctx, scope, id);
  const [parent] = o.parentId === null ? [] : await organisationsByIds(db, ctx.districtCode, [o.parentId]);
  const children = await childrenOf(db, ctx.districtCode, o.id);
  const members = await membersOf(db, ctx.districtCode, o.id);
  return {
    ...(await orgView(ctx, o)),
    parent: parent === undefined ? null : { id: parent.id, code: parent.code, name: parent.name, inScope: inScope(scope, parent.divisionCode) },
    children: children
      .filter((c) => inScope(scope, c.divisionCode))
      .map((c) => ({ id: c.id, code: c.code, name: c.name, level: c.level, retired: c.retiredAt !== null })),
    members: await Promise.all(members.map((m) => memberView(ctx, m, false, o))),
  };
}
