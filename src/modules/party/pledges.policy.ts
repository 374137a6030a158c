/**
 * 承诺践诺 and 先锋岗: who may do what (rules of the party module's policy, `party.pledge*`). A member
 * writes, submits and fulfils their own pledges; a branch's pledge is written by its secretary or a party
 * worker in scope; a party worker in scope of the branch may also write for a member (代录, members
 * without a phone). The branch reviews: its secretary (for its members) or a party worker in scope — never
 * their own pledge or one they wrote. Pioneer posts are granted by the same. The community board is
 * public. docs/PARTY.md, "承诺践诺 and 先锋岗".
 */
import type { PolicyRule } from '../../engine/policy.ts';

const OWNER = 'the member themself; for a branch its secretary; a party worker in scope of the branch (also for a member: 代录)';
const REVIEWER = 'the secretary of the owner’s branch (not for their own pledge or one they wrote); party workers in scope of the branch';

export const PLEDGE_RULES = {
  /** A member's own pledges of a year with their fulfilment (the phone page). */
  pledgeSelf: { roles: ['resident'], scope: 'the member linked to the account' },
  /** Writing, editing and submitting a pledge; recording its fulfilment (践诺). */
  pledgeWrite: { roles: ['resident', 'party_worker'], scope: OWNER },
  /** One pledge, or a branch's pledges of a year: the owner, the branch's secretary (submitted and later, not members' drafts), party workers in scope. */
  pledgeRead: { roles: ['resident', 'party_worker'], scope: `the owner; ${REVIEWER}` },
  /** Approving or returning a pledge, accepting or returning a fulfilment entry, the year-end assessment. */
  pledgeReview: { roles: ['resident', 'party_worker'], scope: REVIEWER },
  /** 先锋岗: a branch's posts (read), granting one to a member of the branch, ending one early. */
  pledgePosts: { roles: ['resident', 'party_worker'], scope: 'the branch’s secretary; party workers in scope of the branch' },
  /** 公示栏: a community's approved public pledges (members' names masked) and its members' posts held today. */
  pledgeBoard: { roles: 'public' },
} satisfies Record<string, PolicyRule>;
