/** Door boards: admins import, staff of the street read, everyone sees a board. See src/engine/policy.ts. */
import { definePolicy } from '../../engine/policy.ts';

export const BOARDS_POLICY = definePolicy('boards', {
  importBuildings: { roles: ['admin'] },
  listBuildings: { roles: 'signed-in', scope: 'admins, the command centre and the staff of the community’s street' },
  publicBoard: { roles: 'public' },
});
