/**
 * Per-kind configuration of the one engine (DOMAIN-RULES §4). A kind chooses which actions it uses, which
 * request types may be answered at intake, and who evaluates the result. New kinds are configuration
 * plus, where needed, a few extra actions.
 */
import { ACTION_TYPES } from './actions.ts';
import type { ActionType } from './events.ts';
import type { Label, TicketSource } from './sources.ts';
import { TICKET_KINDS, type RequestType, type Role, type TicketKind } from './ticket.ts';

/**
 * Who rates the result (see docs/DOMAIN-RULES.md, "Who evaluates"):
 * - callback: the centre calls the requester back (the callback queue holds these kinds only); the
 *   requester may rate on the public page instead;
 * - requester: the requester rates on the public page (评单); not queued for the centre's calls;
 * - initiator: whoever started the ticket — the initiating unit (a street concludes its whistle with its
 *   ratings), or the centre for what it started itself (a data finding it imported); never a requester.
 */
export type Evaluator = 'callback' | 'requester' | 'initiator';

export interface KindConfig {
  kind: TicketKind;
  /** The kind's name in the UI and in exports (served by GET /api/reference/labels). */
  label: Label;
  /** The source a ticket of this kind gets when intake is not told one (see sources.ts). */
  defaultSource: TicketSource;
  actions: ReadonlySet<ActionType>;
  /** Request types an operator may close at intake with an answer from the knowledge base. */
  directAnswerTypes: ReadonlySet<RequestType>;
  evaluatedBy: Evaluator;
  /**
   * Roles that start a ticket of this kind themselves, outside the centre (the `initiator` party); the
   * unit of the accepting actor becomes the ticket's initiator unit. Empty: only the centre accepts.
   */
  initiatorRoles: readonly Role[];
  /**
   * Roles besides the lead unit's handlers and leaders that act as the `lead` party of a ticket of this
   * kind, when the actor's unit is the lead unit (the leader of a volunteer team serving a service order
   * for its station). The module that applies the command checks the rest of the actor's scope; the
   * engine's own routes never find such a ticket for them (their ticket scope is empty). Empty: none.
   */
  leadRoles: readonly Role[];
}

/** Actions of one kind only. */
const KIND_SPECIFIC: readonly ActionType[] = ['resolveOnSpot', 'conclude'];
const without = (...names: ActionType[]): Set<ActionType> => new Set(ACTION_TYPES.filter((a) => !names.includes(a) && !KIND_SPECIFIC.includes(a)));
const plus = (set: Set<ActionType>, ...names: ActionType[]): Set<ActionType> => new Set([...set, ...names]);
const all = without();

export const KIND_CONFIGS: Record<TicketKind, KindConfig> = {
  hotline_request: {
    kind: 'hotline_request',
    label: { zh: '接诉即办', en: 'Hotline request' },
    defaultSource: 'hotline',
    actions: all,
    directAnswerTypes: new Set(['consultation']),
    evaluatedBy: 'callback',
    initiatorRoles: [],
    leadRoles: [],
  },
  enterprise_demand: {
    kind: 'enterprise_demand',
    label: { zh: '企业诉求', en: 'Enterprise demand' },
    defaultSource: 'enterprise_demand',
    actions: without('closeSpecial'),
    directAnswerTypes: new Set(['consultation']),
    evaluatedBy: 'callback',
    initiatorRoles: [],
    leadRoles: [],
  },
  grid_report: {
    kind: 'grid_report',
    label: { zh: '网格上报', en: 'Grid report' },
    defaultSource: 'grid',
    actions: plus(without('answerDirectly', 'closeSpecial', 'linkRepeat', 'appeal', 'decideAppeal'), 'resolveOnSpot'),
    directAnswerTypes: new Set(),
    evaluatedBy: 'initiator',
    initiatorRoles: ['grid_worker'],
    leadRoles: [],
  },
  data_finding: {
    kind: 'data_finding',
    label: { zh: '大数据排查', en: 'Data finding' },
    defaultSource: 'big_data',
    actions: without('answerDirectly', 'closeSpecial', 'appeal', 'decideAppeal'),
    directAnswerTypes: new Set(),
    evaluatedBy: 'initiator',
    initiatorRoles: [],
    leadRoles: [],
  },
  whistle: {
    kind: 'whistle',
    label: { zh: '吹哨报到', en: 'Whistle and report-in' },
    defaultSource: 'whistle',
    // The street evaluates by rating each department when it concludes; no callback, no redo.
    actions: plus(without('answerDirectly', 'closeSpecial', 'linkRepeat', 'object', 'callback', 'redo'), 'conclude'),
    directAnswerTypes: new Set(),
    evaluatedBy: 'initiator',
    initiatorRoles: ['unit_handler', 'unit_leader'],
    leadRoles: [],
  },
  service_order: {
    kind: 'service_order',
    label: { zh: '文明实践点单', en: 'Volunteer service order' },
    defaultSource: 'service_order',
    actions: without('closeSpecial', 'object', 'appeal', 'decideAppeal'),
    directAnswerTypes: new Set(),
    evaluatedBy: 'requester',
    initiatorRoles: [],
    // The leader of the team the station assigned accepts, serves and replies (the module checks which team).
    leadRoles: ['volunteer'],
  },
  rectification: {
    kind: 'rectification',
    label: { zh: '整改任务', en: 'Rectification task' },
    defaultSource: 'rectification',
    actions: without('answerDirectly', 'closeSpecial', 'linkRepeat'),
    directAnswerTypes: new Set(),
    evaluatedBy: 'initiator',
    initiatorRoles: [],
    leadRoles: [],
  },
};

/** The kinds whose tickets the centre calls back (回访): the callback queue holds these only. */
export const KINDS_EVALUATED_BY_CALLBACK: readonly TicketKind[] = TICKET_KINDS.filter((k) => KIND_CONFIGS[k].evaluatedBy === 'callback');
