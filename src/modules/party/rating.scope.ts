/**
 * Whose organisations a user acts for in the rating and the brand programme: a party worker's scope by
 * their unit (the organisation tree's `workerScope`), the branch of a secretary's own account. Shared by
 * `rating.service.ts` and `brands.service.ts`.
 */
import type { AppContext } from '../../engine/context.ts';
import type { Principal } from '../../engine/auth.ts';
import { AppError } from '../../platform/errors.ts';
import { inScope as divisionInScope, isSecretary, type PartyScope } from './party.domain.ts';
import { memberOfAccount, workerScope } from './party.service.ts';
import type { OrganisationRef } from './rating.repository.ts';

/** Whether the organisation lies in the party worker's scope (party.domain.ts `inScope`, by its division). */
export const inScope = (scope: PartyScope, org: Pick<OrganisationRef, 'divisionCode'>): boolean => divisionInScope(scope, org.divisionCode);

/** The district's organisers: party workers of the district unit or a department. */
export const isOrganiser = (p: Principal): boolean => p.roles.includes('party_worker') && (p.unitType === 'district' || p.unitType === 'department');

export function requireOrganiser(p: Principal): void {
  if (!isOrganiser(p)) throw new AppError('AUTH.FORBIDDEN', 'Only a party worker of the district unit or a department organises this');
}

/** Who the user is for the party module: their party-worker scope and the branch they are secretary of. */
export interface PartyActor {
  principal: Principal;
  scope: PartyScope;
  /** The branch whose secretary holds this account (a member belongs to one branch): none or one id. */
  secretaryOf: number[];
}

export async function partyActor(ctx: AppContext, p: Principal): Promise<PartyActor> {
  const mine = p.roles.includes('resident') || p.roles.includes('volunteer') ? await memberOfAccount(ctx, p) : undefined;
  return { principal: p, scope: await workerScope(ctx, p), secretaryOf: mine !== undefined && isSecretary(mine.posts) ? [mine.organisationId] : [] };
}

/** True when the actor may act for the organisation as its branch (its secretary, or a party worker in scope). */
export const actsForBranch = (a: PartyActor, org: OrganisationRef): boolean => a.secretaryOf.includes(org.id) || inScope(a.scope, org);

/** The street (9-digit division) an organisation sits in, or null for the district's own. */
export const streetOf = (org: Pick<OrganisationRef, 'divisionCode'>): string | null =>
  org.divisionCode && org.divisionCode.length >= 9 ? org.divisionCode.slice(0, 9) : null;
