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
  /** Service orders (点单): a resident orders from the menus of their community's station and those above it, follows and rates their own orders. */
  order: { roles: ['resident'], scope: 'the resident’s own orders; menus of their community’s station and the stations above it' },
  /** An operator or supervisor of the centre orders on the hotline for a resident (by the mobile number of their account) or for a caller without one. */
  orderOnHotline: { roles: ['operator', 'centre_supervisor'] },
  /** The station's menu (服务菜单) and its orders: edit the menu, dispatch orders to teams (派单). */
  dispatchOrders: {
    roles: ['unit_handler', 'unit_leader'],
    scope:
      'staff of a practice station: the menus and orders of their station and the stations below it; only the staff of the order’s own station dispatch it',
  },
  /** A team leader accepts or declines an order offered to the team (接单), notes progress and records the service. */
  serveOrders: { roles: ['volunteer'], scope: 'the leader of the team the order is offered to or accepted by' },
  /** The ranking of stations and teams by service orders (satisfaction, timeliness, volume). */
  orderRanking: { roles: ['unit_handler', 'unit_leader', 'centre_supervisor', 'admin'] },
});
