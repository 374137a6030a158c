/**
 * 三会一课 and 主题党日: who may do what (rules of the party module's policy, `party.meeting*`). A branch's
 * secretary (a member holding 书记 whose resident account is linked) plans its meetings and records
 * minutes and attendance; party workers read the branches in their scope and plan and record for a branch
 * whose secretary holds no account; a member reads their branch's calendar and their own attendance; the
 * compliance overview is the party workers'. docs/PARTY.md, "三会一课 and 主题党日".
 */
import type { PolicyRule } from '../../engine/policy.ts';

export const MEETING_RULES = {
  /** A branch's calendar and a meeting with its minutes and roll call (members masked). */
  meetingRead: {
    roles: ['party_worker', 'resident', 'volunteer'],
    scope: 'party workers: branches in their scope; a secretary: their own branch (members of a branch see its calendar, not the minutes)',
  },
  /** Planning, recording held (minutes, attendance) and cancelling. */
  meetingManage: {
    roles: ['party_worker', 'resident', 'volunteer'],
    scope: 'the branch’s secretary; a party worker in scope for a branch whose secretary holds no account',
  },
  /** A member's own: their branch's upcoming meetings and their attendance. */
  meetingSelf: { roles: ['resident', 'volunteer'], scope: 'the member linked to the account' },
  /** 组织生活落实情况: per branch in scope, the year's held meetings by kind against what is due, and the overdue list. */
  meetingCompliance: { roles: ['party_worker'], scope: 'the branches in the party worker’s scope' },
} satisfies Record<string, PolicyRule>;
