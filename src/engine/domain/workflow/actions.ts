/**
 * The state machine as data: for every action, the states it may start from, the state it leads to,
 * and who may take it. The UI is told about it through `allowedActions`; it never re-implements it.
 */
import type { ActionType } from './events.ts';
import type { Role, TicketState } from './ticket.ts';

/**
 * Who may act, relative to the ticket:
 * - intake: an operator or supervisor of the command centre;
 * - centre: a supervisor of the command centre (reviews, supervision, redo, appeals);
 * - callback: a callback agent or supervisor of the command centre;
 * - lead: a handler or leader of the lead handling unit (首接负责);
 * - leadLeader: a leader of the lead handling unit (assessment appeals);
 * - co: a handler or leader of a co-handling unit;
 * - system: the server itself: the deadline sweeper's follow-ups, and a dispatch by the server's own rule at intake;
 * - initiator: the unit that started the ticket itself, in one of its kind's initiator roles (a street's
 *   handler or leader for a whistle, a grid worker for a grid report; see `KindConfig.initiatorRoles`):
 *   it dispatches its own ticket, resolves a grid report on the spot, and concludes with its evaluation;
 * - requester: the requester rating the reply on the public page (only while the ticket is replied,
 *   and for the close that their own satisfied, resolved rating entails; see `partiesOf`).
 */
export type Party = 'intake' | 'centre' | 'callback' | 'lead' | 'leadLeader' | 'co' | 'system' | 'requester' | 'initiator';

export const PARTY_ROLES: Record<Party, readonly Role[]> = {
  intake: ['operator', 'centre_supervisor'],
  centre: ['centre_supervisor'],
  callback: ['callback_agent', 'centre_supervisor'],
  lead: ['unit_handler', 'unit_leader'],
  leadLeader: ['unit_leader'],
  co: ['unit_handler', 'unit_leader'],
  system: [],
  requester: ['requester'],
  // The roles differ per kind (KindConfig.initiatorRoles); this is their union.
  initiator: ['unit_handler', 'unit_leader', 'grid_worker'],
};

export interface ActionRule {
  from: readonly TicketState[];
  /** Resulting state; `null` keeps the current one. Some actions pick among states (see decide). */
  to: TicketState | null;
  parties: readonly Party[];
  /** Chinese label for the UI and the event history. */
  label: string;
  /** True when the action may set a deadline earlier than before (an approved change by the centre). */
  resetsDeadlines?: boolean;
}

const WORKING: readonly TicketState[] = ['dispatched', 'signed', 'handling', 'deferred'];

export const ACTION_RULES: Record<ActionType, ActionRule> = {
  answerDirectly: { from: ['accepted'], to: 'closed', parties: ['intake'], label: '直接答复' },
  closeSpecial: { from: ['accepted'], to: 'closed', parties: ['intake'], label: '特殊渠道办结' },
  linkRepeat: { from: ['accepted'], to: 'closed', parties: ['intake'], label: '重复诉求并案' },
  // The system dispatches by the server's own rule at intake (a service order to the station offering the
  // menu item, ordered by a resident who plays no intake party); the sweeper never dispatches.
  dispatch: { from: ['accepted'], to: 'dispatched', parties: ['intake', 'initiator', 'system'], label: '派单', resetsDeadlines: true },
  reassign: { from: WORKING, to: 'dispatched', parties: ['centre'], label: '改派', resetsDeadlines: true },
  object: { from: ['dispatched', 'signed'], to: 'objection_review', parties: ['lead'], label: '派单异议' },
  decideObjection: {
    from: ['objection_review'],
    to: null,
    parties: ['centre'],
    label: '异议审核',
    resetsDeadlines: true,
  },
  sign: { from: ['dispatched'], to: 'signed', parties: ['lead'], label: '签收' },
  contact: { from: ['signed'], to: 'handling', parties: ['lead'], label: '联系诉求人' },
  progress: { from: ['signed', 'handling', 'deferred'], to: null, parties: ['lead', 'co'], label: '阶段性反馈' },
  coReply: { from: WORKING, to: null, parties: ['co'], label: '协办反馈' },
  requestExtension: { from: ['signed', 'handling', 'deferred'], to: null, parties: ['lead'], label: '申请延期' },
  decideExtension: { from: ['signed', 'handling', 'deferred'], to: null, parties: ['centre'], label: '延期审核' },
  // From deferred: the unit renews the deferral on a new plan and review date (挂账续期).
  defer: { from: ['handling', 'deferred'], to: 'deferred', parties: ['lead'], label: '挂账' },
  reply: { from: ['handling', 'deferred'], to: 'replied', parties: ['lead'], label: '办结回复' },
  // A valid callback leads to callback_done; an invalid one leaves the state as it was. Before a reply
  // it is allowed only once the reply deadline has passed; never on a deferred ticket.
  // The requester's own rating on the public page is a callback too (the requester party exists only
  // while the ticket is replied).
  callback: { from: ['replied', 'dispatched', 'signed', 'handling'], to: null, parties: ['callback', 'requester'], label: '回访' },
  // Back to handling, or to the step where the unit's work stopped (see evolve).
  redo: { from: ['callback_done'], to: null, parties: ['centre'], label: '重办', resetsDeadlines: true },
  // The requester closes only right after their own satisfied, resolved rating (never as unreachable).
  close: { from: ['callback_done', 'replied'], to: 'closed', parties: ['callback', 'centre', 'requester'], label: '结案' },
  supervise: {
    from: ['dispatched', 'objection_review', 'signed', 'handling', 'deferred', 'replied'],
    to: null,
    parties: ['centre'],
    label: '督办',
  },
  markOverdue: { from: WORKING, to: null, parties: ['system'], label: '超时标记' },
  // The sweeper, on the deferral's review date: the ticket stays deferred and comes back to the lead
  // unit's inbox and the centre's queue for review (see escalation.ts).
  deferralDue: { from: ['deferred'], to: null, parties: ['system'], label: '挂账到期复查' },
  // The sweeper, after the configured working days overdue on the running deadline: 督办 → 催办 → 通报.
  escalate: { from: ['dispatched', 'signed', 'handling'], to: null, parties: ['system'], label: '超时自动督办' },
  appeal: { from: ['callback_done', 'closed'], to: null, parties: ['leadLeader'], label: '考核申诉' },
  decideAppeal: { from: ['callback_done', 'closed'], to: null, parties: ['centre'], label: '申诉审核' },
  // A grid worker closes their own report at once: the problem was fixed on the spot (after photo).
  resolveOnSpot: { from: ['accepted'], to: 'closed', parties: ['initiator'], label: '现场解决' },
  // The initiating unit closes the matter with its rating of every co-handling unit (whistle: 街乡评价).
  conclude: { from: [...WORKING, 'replied'], to: 'closed', parties: ['initiator'], label: '办结评价' },
};

export const ACTION_TYPES = Object.keys(ACTION_RULES) as ActionType[];
