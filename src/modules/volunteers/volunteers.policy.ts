/** 志愿服务: residents open accounts, volunteers keep their profile and teams, station staff manage. See src/engine/policy.ts. */
import { definePolicy } from '../../engine/policy.ts';

const STATION_SCOPE = 'staff of a practice station (unit type station): its volunteers and teams and those of the stations below it';

export const VOLUNTEERS_POLICY = definePolicy('volunteers', {
  /** Opening a resident's account, claiming an imported one: no account needed (throttled per address). */
  register: { roles: 'public' },
  /** A resident's or volunteer's own account and profile. */
  self: { roles: ['resident', 'volunteer'] },
  /** Joining and leaving teams. */
  join: { roles: ['volunteer'] },
  /** Listing and managing volunteers and teams, importing rosters. */
  manage: { roles: ['unit_handler', 'unit_leader'], scope: STATION_SCOPE },
  /** Reading teams: staff their stations' teams, a volunteer the district's active teams and the teams they belong to. */
  browseTeams: {
    roles: ['volunteer', 'unit_handler', 'unit_leader'],
    scope: 'station staff: their stations’ teams; a volunteer: active teams, and the members of their own teams',
  },
  /** Seeing a resident's clear name and ID number; every reveal is recorded with its reason. */
  reveal: { roles: ['unit_handler', 'unit_leader'], scope: 'staff of the resident’s own station' },
  /** Leaving a team: the volunteer themself, or the station's staff removing a member. */
  removeMember: { roles: ['volunteer', 'unit_handler', 'unit_leader'], scope: 'the member themself, or staff of the team’s station (or one above it)' },
});
