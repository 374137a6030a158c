/**
 * 评星定级 and 党建品牌: who may do what. The district's party workers (党务工作者 of the district unit or
 * a department, e.g. 组织部) organise: rule sets, cycles, posting, the brand programme, rounds and
 * experts. A street's or a station's party worker reviews the ratings of the organisations in their
 * scope (a street: organisations sitting in it; a station: its community's; the district and
 * departments: all). A branch secretary (a member whose posts include `secretary`, signed in with their
 * resident account) self-rates, appeals and applies for their own branch; a party worker in scope may
 * self-rate and appeal for a branch too. An expert (any staff account assigned to a round) scores in
 * that round only. The module's one policy (`party.policy.ts`, `definePolicy('party', …)`) holds these
 * rules beside the organisation tree's; every rule here starts with `rating` or `brand` so they never clash. See src/engine/policy.ts.
 */
import { STAFF_ROLES } from '../../engine/domain/workflow/ticket.ts';

export const PARTY_RATING_RULES = {
  /** The workbench page 评星定级 and the reads behind it (scoped in the use cases). */
  ratingRead: {
    roles: ['party_worker'],
    scope: 'the organisations in the party worker’s scope (district/department: all; street: its organisations; station: its community’s)',
  },
  ratingOrganise: { roles: ['party_worker'], scope: 'a party worker of the district unit or a department' },
  ratingReview: { roles: ['party_worker'], scope: 'a party worker whose scope holds the branch, not the one who entered its self-rating' },
  ratingSelf: {
    roles: ['party_worker', 'resident', 'volunteer'],
    scope: 'the branch’s secretary (own branch), or a party worker whose scope holds the branch',
  },
  ratingMine: { roles: ['resident', 'volunteer'], scope: 'a branch secretary: their own branch' },
  brandRead: { roles: ['party_worker', 'resident', 'volunteer'] },
  brandOrganise: { roles: ['party_worker'], scope: 'a party worker of the district unit or a department' },
  brandApply: { roles: ['resident', 'volunteer'], scope: 'a branch secretary, for their own branch' },
  brandScore: { roles: [...STAFF_ROLES], scope: 'an expert assigned to the round: its applications only, blind' },
  brandPublished: { roles: 'public' },
} as const;
