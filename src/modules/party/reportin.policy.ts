/**
 * 双报到: who may do what (rules of the party module's policy, `party.reportin*`). A community's party
 * worker (at the community's station) manages the community's report-ins, needs and resources,
 * confirmations, attendance and evaluations; street and district party workers read in their scope; a
 * member reports in, claims and records for themself; an organisation's secretary (or a party worker in
 * scope of the organisation) for the organisation. docs/PARTY.md, "双报到".
 */
import type { PolicyRule } from '../../engine/policy.ts';

const COMMUNITY_WORKER = 'party workers at a community’s station, for that community';
const READERS = 'party workers: the communities in their scope (district, street or community)';

export const REPORTIN_RULES = {
  /** The report-ins of a community, its needs with claims, resources, attendance (read). */
  reportinRead: { roles: ['party_worker'], scope: READERS },
  /** Registering and withdrawing report-ins, publishing needs and resources, confirming and sending back service, attendance, evaluations. */
  reportinManage: {
    roles: ['party_worker'],
    scope: COMMUNITY_WORKER,
    reaches: (p, ref) => {
      const u = ref.unitById.get(p.unitId);
      return u !== undefined && u.unitType === 'station' && (u.divisionCode?.length ?? 0) === 12;
    },
  },
  /** A member's own 双报到: report in to the home community, its open needs, claiming and recording one's own service. */
  reportinSelf: { roles: ['resident'], scope: 'the member linked to the account' },
  /** Claims and service records for a member (themself) or an organisation (its secretary, party workers in scope of the organisation); reporting an organisation in (also its paired community’s worker). */
  reportinClaim: {
    roles: ['resident', 'party_worker'],
    scope: 'the member themself; for an organisation its branch secretary and party workers in scope of it (its paired community’s worker registers it)',
  },
  /** A service record's photos: its claimant and the party workers whose scope holds its community. */
  reportinPhoto: {
    roles: ['resident', 'party_worker'],
    scope: 'the claimant (the member; for an organisation its secretary and party workers acting for it) and party workers in scope of the community',
  },
  /** Annual evaluations: party workers of the evaluating community or of the evaluated member's branch; the branch's secretary; the member themself. */
  reportinEvaluations: {
    roles: ['party_worker', 'resident'],
    scope: 'party workers in scope of the community or of the member’s or organisation’s own branch; that branch’s secretary; the member themself',
  },
  /** 双报到总览: the month's figures per community and street, unclaimed needs. */
  reportinOverview: { roles: ['party_worker'], scope: READERS },
} satisfies Record<string, PolicyRule>;
