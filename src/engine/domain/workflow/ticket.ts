/**
 * The ticket as the domain sees it: everything the workflow needs to decide what may happen next.
 * Personal data of the requester is deliberately absent; it lives beside the ticket and leaves the
 * server only through presenters.
 */
import type { LimitUnit } from '../calendar/work-calendar.ts';

export const TICKET_KINDS = ['hotline_request', 'whistle', 'grid_report', 'data_finding', 'service_order', 'enterprise_demand', 'rectification'] as const;
export type TicketKind = (typeof TICKET_KINDS)[number];

export const TICKET_STATES = [
  'accepted', // 已受理, awaiting triage
  'dispatched', // 已派单, awaiting sign
  'objection_review', // 派单异议, awaiting the centre (unit clock paused)
  'signed', // 已签收, awaiting first contact
  'handling', // 办理中
  'deferred', // 挂账
  'replied', // 已办结, awaiting callback
  'callback_done', // 已回访, awaiting close or redo
  'closed', // 已关闭
] as const;
export type TicketState = (typeof TICKET_STATES)[number];

/** Chinese names of the states, for texts given to requesters and for the UI. */
export const STATE_LABELS: Record<TicketState, string> = {
  accepted: '已受理',
  dispatched: '已派单待签收',
  objection_review: '派单异议审核中',
  signed: '已签收',
  handling: '办理中',
  deferred: '挂账跟进中',
  replied: '已办结待回访',
  callback_done: '已回访',
  closed: '已关闭',
};

/** States in which a handling unit is working and its clock runs. */
export const OPEN_WORK_STATES: readonly TicketState[] = ['dispatched', 'signed', 'handling', 'deferred'];

export const REQUEST_TYPES = ['consultation', 'help', 'complaint', 'report', 'suggestion', 'praise'] as const;
export type RequestType = (typeof REQUEST_TYPES)[number];

export const URGENCIES = ['normal', 'urgent', 'emergency'] as const;
export type Urgency = (typeof URGENCIES)[number];

export const CHANNELS = ['phone', 'web', 'mobile', 'wechat', 'weibo', 'transfer_12345', 'open311', 'grid', 'other'] as const;
export type Channel = (typeof CHANNELS)[number];

/**
 * Roles. The staff roles are given by an admin (STAFF_ROLES). The others are not staff:
 * - `requester`: no user account holds it; it is the role of the actor the public requester page acts
 *   as (user 0, unit 0) when the requester rates the reply;
 * - `resident`: a resident's own account, opened on the mobile pages (orders volunteer services, holds
 *   civilisation points);
 * - `volunteer`: a resident registered as a volunteer (signs up for activities, checks in, serves orders
 *   as a member or leader of a team).
 */
export const ROLES = [
  'operator',
  'callback_agent',
  'unit_handler',
  'unit_leader',
  'centre_supervisor',
  'admin',
  'requester',
  'grid_worker',
  'party_worker',
  'resident',
  'volunteer',
] as const;
export type Role = (typeof ROLES)[number];

/** The roles an admin gives to staff accounts; residents and volunteers open their own accounts. */
const NOT_STAFF = ['requester', 'resident', 'volunteer'] as const satisfies readonly Role[];
export type StaffRole = Exclude<Role, (typeof NOT_STAFF)[number]>;
export const STAFF_ROLES: readonly StaffRole[] = ROLES.filter((r): r is StaffRole => !(NOT_STAFF as readonly Role[]).includes(r));

/** Why a ticket closed. Only `completed` tickets (dispatched, handled, called back) count in assessment. */
export const OUTCOMES = [
  'answered_directly',
  'special_route',
  'repeat_linked',
  'completed',
  'callback_unreachable',
  'closed_by_centre',
  // A grid report the grid worker resolved on the spot (with an after photo); never dispatched.
  'resolved_on_spot',
  // Closed by the initiating unit with its evaluation (a whistle: the street rated every department).
  'concluded',
] as const;
export type Outcome = (typeof OUTCOMES)[number];

/**
 * Chinese names of the outcomes, for the UI and exports (办理结果). An outcome reached by one action reads
 * as that action's label (actions.ts): 直接答复, 特殊渠道办结, 重复诉求并案, 现场解决, 办结评价.
 */
export const OUTCOME_LABELS: Record<Outcome, string> = {
  answered_directly: '直接答复',
  special_route: '特殊渠道办结',
  repeat_linked: '重复诉求并案',
  completed: '办结回访',
  callback_unreachable: '回访无法联系结案',
  closed_by_centre: '中心结案',
  resolved_on_spot: '现场解决',
  concluded: '办结评价',
};

/** Special routes that close a request at intake with a recorded reason (DOMAIN-RULES §4.1). */
export const SPECIAL_ROUTES = [
  'emergency_110',
  'emergency_119',
  'emergency_120',
  'emergency_122',
  'court_or_arbitration',
  'discipline_inspection',
  'administrative_review',
  'information_disclosure',
  'petition',
  'outside_duty',
  'unlawful_request',
] as const;
export type SpecialRoute = (typeof SPECIAL_ROUTES)[number];

export const SATISFACTIONS = ['satisfied', 'basically_satisfied', 'unsatisfied'] as const;
export type Satisfaction = (typeof SATISFACTIONS)[number];

/** Chinese names of the satisfaction levels (是否满意). */
export const SATISFACTION_LABELS: Record<Satisfaction, string> = { satisfied: '满意', basically_satisfied: '基本满意', unsatisfied: '不满意' };

export const INVALID_CALLBACK_REASONS = ['unreachable', 'refused', 'wrong_number', 'requester_withdrew', 'other'] as const;
export type InvalidCallbackReason = (typeof INVALID_CALLBACK_REASONS)[number];

/**
 * A ticket's due status as stored and listed: the traffic light of its running deadline (none, ok,
 * due_soon, overdue), or `review_due` for a deferred ticket whose review date has come (挂账到期复查).
 */
export const TICKET_DUE_STATUSES = ['none', 'ok', 'due_soon', 'overdue', 'review_due'] as const;
export type TicketDueStatus = (typeof TICKET_DUE_STATUSES)[number];

export const DEADLINE_KINDS = ['sign', 'contact', 'reply'] as const;
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];

export interface Deadline {
  /** When the clock started (dispatch, or the last approved change). */
  startedAt: Date;
  dueAt: Date;
  /** The unit the limit was given in; pauses are measured in the same unit. */
  unit: LimitUnit;
}

export interface Actor {
  userId: number;
  unitId: number;
  roles: Role[];
  /** True when the actor's unit is the command centre (or the system itself). */
  isCentre: boolean;
}

export interface CallbackResult {
  at: Date;
  contacted: boolean;
  resolved: boolean;
  satisfaction: Satisfaction;
}

export interface Ticket {
  id: number;
  number: string;
  kind: TicketKind;
  districtCode: string;
  state: TicketState;
  requestType: RequestType;
  categoryId: number | null;
  timeLimitClass: string | null;
  urgency: Urgency;
  channel: Channel;
  acceptedAt: Date;
  /**
   * The unit that started the ticket itself, for kinds with initiator roles (a street blowing a whistle,
   * a grid worker's street for a grid report); `null` when the centre accepted it.
   */
  initiatorUnitId: number | null;
  leadUnitId: number | null;
  coUnitIds: number[];
  /** Co-handlers that have reported back to the lead unit. */
  coRepliedUnitIds: number[];
  dispatchedAt: Date | null;
  /** True when sent to the district government because responsibility was unclear (兜底). */
  fallback: boolean;
  dispatchCount: number;
  deadlines: Record<DeadlineKind, Deadline | null>;
  signedAt: Date | null;
  contactedAt: Date | null;
  repliedAt: Date | null;
  closedAt: Date | null;
  /** Set while the centre reviews an objection: the unit's clock is stopped. */
  pause: { since: Date; resumeState: TicketState } | null;
  pendingExtension: { requestedAt: Date; days: number; reason: string } | null;
  extensionCount: number;
  objectionCount: number;
  /**
   * The deferral (挂账) in force: its plan and review date; `reviewDue` once the review date has come
   * (recorded by the sweeper's `deferralDue`) until the unit renews the deferral or replies.
   */
  deferral: { since: Date; plan: string; reviewDate: string; reviewDue: boolean } | null;
  replyText: string | null;
  callback: CallbackResult | null;
  invalidCallbacks: number;
  outcome: Outcome | null;
  specialRoute: SpecialRoute | null;
  repeatOfId: number | null;
  supervisionLevel: number;
  overdue: Record<DeadlineKind, boolean>;
  appeal: { status: 'pending' | 'approved' | 'rejected'; reason: string } | null;
  excludedFromAssessment: boolean;
  redoCount: number;
  /** Number of events applied; the optimistic-concurrency version. */
  version: number;
}

export const isClosed = (t: Pick<Ticket, 'state'>): boolean => t.state === 'closed';

/** The deadline a working state is measured against, if any. */
export function activeDeadline(t: Pick<Ticket, 'state'>): DeadlineKind | null {
  switch (t.state) {
    case 'dispatched':
      return 'sign';
    case 'signed':
      return 'contact';
    case 'handling':
      return 'reply';
    // A deferral (挂账) suspends the reply clock: the ticket is followed up on its plan and review date.
    default:
      return null;
  }
}
