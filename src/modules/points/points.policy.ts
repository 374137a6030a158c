/**
 * 文明积分银行: who may do what. Residents and volunteers hold points and redeem them; a street's
 * handlers and grid workers confirm good conduct of households in their street; the staff of the unit
 * that runs a redemption point hand items out; the centre's supervisors and admins keep the rules and
 * the catalogue and audit the ledger. See src/engine/policy.ts.
 */
import { definePolicy } from '../../engine/policy.ts';

const STAFF = ['operator', 'callback_agent', 'unit_handler', 'unit_leader', 'centre_supervisor', 'admin', 'grid_worker'] as const;

export const POINTS_POLICY = definePolicy('points', {
  /** The staff workbench page 积分银行 (its tabs are read under their own rules). */
  bankPage: { roles: STAFF },
  rulesRead: { roles: 'signed-in' },
  rulesManage: { roles: ['centre_supervisor', 'admin'] },
  catalogueRead: { roles: 'signed-in' },
  catalogueManage: { roles: ['centre_supervisor', 'admin'] },
  awardConduct: {
    roles: ['unit_handler', 'unit_leader', 'grid_worker'],
    scope: 'staff of a street/town unit, for a household of a community in that street (the community is named in the award)',
  },
  redeem: { roles: ['resident', 'volunteer'] },
  myAccount: { roles: ['resident', 'volunteer'] },
  handOut: {
    roles: ['unit_handler', 'unit_leader', 'centre_supervisor', 'admin'],
    scope: 'staff of the unit that runs the redemption point (the centre’s supervisors and admins: every point)',
  },
  cancelRedemption: {
    roles: ['resident', 'volunteer', 'unit_handler', 'unit_leader', 'centre_supervisor', 'admin'],
    scope: 'the holder, for their own pending redemption; staff of the unit that runs the redemption point; the centre’s supervisors and admins',
  },
  leaderboard: { roles: 'signed-in' },
  audit: { roles: ['centre_supervisor', 'admin'] },
  reverse: { roles: ['centre_supervisor', 'admin'] },
});
