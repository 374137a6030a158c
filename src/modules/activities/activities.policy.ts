/**
 * 志愿活动: organisers (handlers and leaders of the organising unit or a unit above it, and admins)
 * publish activities, show the check-in code and confirm hours; coordinators (leaders of the
 * organising unit or above, and admins) enter walk-ins and paper records and correct confirmed
 * hours; volunteers sign up, check in and read their own hours. See src/engine/policy.ts.
 */
import { definePolicy } from '../../engine/policy.ts';
import { figuresScope } from './figures.domain.ts';

export const ACTIVITIES_POLICY = definePolicy('activities', {
  browse: { roles: 'signed-in', scope: 'published and cancelled activities; drafts only for their organisers' },
  manage: { roles: ['unit_handler', 'unit_leader', 'admin'], scope: 'staff of the organising unit or a unit above it; admins every activity' },
  coordinate: { roles: ['unit_leader', 'admin'], scope: 'leaders of the organising unit or a unit above it; admins every activity' },
  volunteer: { roles: ['volunteer'], scope: 'their own sign-ups, check-ins, hours and certificate' },
  serviceRecords: { roles: ['unit_handler', 'unit_leader', 'centre_supervisor', 'admin'] },
  leaderboard: { roles: 'signed-in' },
  figures: {
    roles: ['unit_leader', 'centre_supervisor', 'admin'],
    scope:
      'the centre’s supervisors, admins and leaders of a district-level unit (the government, the practice centre): every street; leaders of a street/town unit or its 实践所: that street',
    reaches: (p, ref) => figuresScope(p, ref.unitById, ref.divisionByCode).kind !== 'none',
  },
});
