/**
 * 党建 (organisations and members): who may do what. Party workers (党务工作者) act in their scope —
 * the district unit, a department or the practice centre: the whole district; a street (or its 所): the
 * organisations whose division is in that street; a community's station: that community's. A branch
 * secretary (a member holding the post 书记 whose account is linked) acts for their own branch. See
 * src/engine/policy.ts and docs/PARTY.md.
 */
import { definePolicy } from '../../engine/policy.ts';
import { PARTY_RATING_RULES } from './rating.policy.ts';
import { PLEDGE_RULES } from './pledges.policy.ts';
import { MEETING_RULES } from './meetings.policy.ts';
import { REPORTIN_RULES } from './reportin.policy.ts';
import { HOUSEHOLD_RULES } from './households.policy.ts';

const WORKER_SCOPE =
  'party workers: the whole district at the district unit, a department or the practice centre; the organisations of their street at a street unit (or a 所); of their community at a station';

export const PARTY_POLICY = definePolicy('party', {
  /** The organisation tree with member counts, one organisation with its members (masked). */
  browse: { roles: ['party_worker'], scope: WORKER_SCOPE },
  /** Creating, renaming, moving, retiring organisations, pairing them (双报到); adding, editing, transferring members and their leaving. */
  manage: { roles: ['party_worker'], scope: WORKER_SCOPE },
  /** Importing organisations and members from a spreadsheet. */
  import: { roles: ['party_worker'], scope: WORKER_SCOPE },
  /** Seeing a member's clear name, ID number and phone; every reveal is recorded with its reason. */
  reveal: {
    roles: ['party_worker', 'resident'],
    scope: 'party workers in scope of the member’s organisation; the secretary of the member’s own branch (a resident’s account linked to the member)',
  },
  /** Reading one member (masked): party workers in scope, the secretary of the member’s branch, the member themself. */
  readMember: { roles: ['party_worker', 'resident'], scope: 'party workers in scope; the secretary of the member’s branch; the member themself' },
  /** A member's own record, branch and posts; for a secretary, their branch's members (masked). */
  self: { roles: ['resident'], scope: 'the member linked to the account' },
  /** 评星定级 and 党建品牌 (rating.policy.ts): every rule there starts with `rating` or `brand`. */
  ...PARTY_RATING_RULES,
  /** 双报到 (part 3): reportin.policy.ts. */
  ...REPORTIN_RULES,
  /** 党员包户: households.policy.ts. */
  ...HOUSEHOLD_RULES,
  /** 承诺践诺 and 先锋岗: pledges.policy.ts. */
  ...PLEDGE_RULES,
  /** 三会一课 and 主题党日: meetings.policy.ts. */
  ...MEETING_RULES,
});
