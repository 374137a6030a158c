/** 吹哨报到: streets blow and rate, departments report in, staff read. See src/engine/policy.ts. */
import { definePolicy } from '../../engine/policy.ts';

export const WHISTLES_POLICY = definePolicy('whistles', {
  blow: { roles: ['unit_handler', 'unit_leader'], scope: 'of a street/town unit' },
  read: { roles: ['unit_handler', 'unit_leader', 'centre_supervisor'] },
  readBySource: { roles: 'signed-in', scope: 'whistles started from a ticket in the user’s scope' },
  reportIn: { roles: ['unit_handler', 'unit_leader'], scope: 'of a summoned department, once' },
  rate: { roles: ['unit_handler', 'unit_leader'], scope: 'of the street that blew the whistle' },
});
