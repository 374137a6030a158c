/**
 * What other modules (and the other parts of the party module: ratings, brands) use: a principal's
 * scope over the tree, the organisation in it, the member behind an account and a secretary's branch.
 * Plain functions over the context; none of them reveals personal data.
 */
import type { Principal } from '../../engine/auth.ts';
import type { AppContext } from '../../engine/context.ts';
import { isSecretary, type OrganisationLevel, type PartyScope } from './party.domain.ts';
import { findMemberByUser as memberRowByUser, findOrganisation } from './party.repository.ts';
import { organisationInScope, workerScope } from './party.service.ts';

/** The party worker's scope (`none` for anyone else): the whole district, or the organisations of one street or community. */
export const organisationScope = (ctx: AppContext, p: Principal): Promise<PartyScope> => workerScope(ctx, p);

/** The organisation `id` if it lies in the principal's scope as a party worker: `{ id, code, name, level, divisionCode, path }`; NOT_FOUND (404) otherwise. */
export async function organisationOfScope(
  ctx: AppContext,
  p: Principal,
  id: number,
): Promise<{ id: number; code: string; name: string; level: OrganisationLevel; divisionCode: string | null; path: string; retired: boolean }> {
  const o = await organisationInScope(ctx, await workerScope(ctx, p), id);
  return { id: o.id, code: o.code, name: o.name, level: o.level, divisionCode: o.divisionCode, path: o.path, retired: o.retiredAt !== null };
}

export interface PartyMemberRef {
  memberId: number;
  organisationId: number;
  posts: string[];
  secretary: boolean;
}

/** The active member linked to the account `userId`, if any (no personal data). */
export async function findMemberByUser(ctx: AppContext, userId: number): Promise<PartyMemberRef | undefined> {
  const m = await memberRowByUser(ctx.database.db, ctx.districtCode, userId);
  if (m === undefined || m.leftAt !== null) return undefined;
  return { memberId: m.id, organisationId: m.organisationId, posts: m.posts, secretary: isSecretary(m.posts) };
}

/** The branch the principal is secretary of (书记, through their linked member), or undefined. */
export async function secretaryBranchOf(ctx: AppContext, p: Principal): Promise<{ id: number; code: string; name: string } | undefined> {
  const m = await findMemberByUser(ctx, p.userId);
  if (m === undefined || !m.secretary) return undefined;
  const o = await findOrganisation(ctx.database.db, ctx.districtCode, m.organisationId);
  return o === undefined || o.retiredAt !== null ? undefined : { id: o.id, code: o.code, name: o.name };
}
