/**
 * Per-kind configuration of the one engine (DOMAIN-RULES §4). A kind chooses which actions it uses, which
 * request types may be answered at intake, and who evaluates the result. New kinds are configuration
 * plus, where needed, a few extra actions.
 */
import { ACTION_TYPES } from './actions.ts';
import type { ActionType } from './events.ts';
import type { RequestType, Role, TicketKind } from './ticket.ts';

export interface KindConfig {
  kind: TicketKind;
  label: string;
  actions: ReadonlySet<ActionType>;
  /** Request types an operator may close at intake with an answer from the knowledge base. */
  directAnswerTypes: ReadonlySet<RequestType>;
  /** Who rates the result: the centre's callback (hotline), the requester, or the initiating unit. */
  evaluatedBy: 'callback' | 'requester' | 'initiator';
  /**
   * Roles that start a ticket of this kind themselves, outside the centre (the `initiator` party); the
   * unit of the accepting actor becomes the ticket's initiator unit. Empty: only the centre accepts.
   */
  initiatorRoles: readonly Role[];
}

/** Actions of one kind only. */
const KIND_SPECIFIC: readonly ActionType[] = ['resolveOnSpot', 'conclude'];
const without = (...names: ActionType[]): Set<ActionType> =>
  new Set(ACTION_TYPES.filter((a) => !names.includes(a) && !KIND_SPECIFIC.includes(a)));
const plus = (set: Set<ActionType>, ...names: ActionType[]): Set<ActionType> => new Set([...set, ...names]);
const all = without();

export const KIND_CONFIGS: Record<TicketKind, KindConfig> = {
  hotline_request: {
    kind: 'hotline_request',
    label: '接诉即办',
    actions: all,
    directAnswerTypes: new Set(['consultation']),
    evaluatedBy: 'callback',
    initiatorRoles: [],
  },
  enterprise_demand: {
    kind: 'enterprise_demand',
    label: '企业诉求',
    actions: without('closeSpecial'),
    directAnswerTypes: new Set(['consultation']),
    evaluatedBy: 'callback',
    initiatorRoles: [],
  },
  grid_report: {
    kind: 'grid_report',
    label: '网格上报',
    actions: plus(without('answerDirectly', 'closeSpecial', 'linkRepeat', 'appeal', 'decideAppeal'), 'resolveOnSpot'),
    directAnswerTypes: new Set(),
    evaluatedBy: 'initiator',
    initiatorRoles: ['grid_worker'],
  },
  data_finding: {
    kind: 'data_finding',
    label: '大数据排查',
    actions: without('answerDirectly', 'closeSpecial', 'appeal', 'decideAppeal'),
    directAnswerTypes: new Set(),
    evaluatedBy: 'initiator',
    initiatorRoles: [],
  },
  whistle: {
    kind: 'whistle',
    label: '吹哨报到',
    // The street evaluates by rating each department when it concludes; no callback, no redo.
    actions: plus(without('answerDirectly', 'closeSpecial', 'linkRepeat', 'object', 'callback', 'redo'), 'conclude'),
    directAnswerTypes: new Set(),
    evaluatedBy: 'initiator',
    initiatorRoles: ['unit_handler', 'unit_leader'],
  },
  service_order: {
    kind: 'service_order',
    label: '文明实践点单',
    actions: without('closeSpecial', 'object', 'appeal', 'decideAppeal'),
    directAnswerTypes: new Set(),
    evaluatedBy: 'requester',
    initiatorRoles: [],
  },
  rectification: {
    kind: 'rectification',
    label: '整改任务',
    actions: without('answerDirectly', 'closeSpecial', 'linkRepeat'),
    directAnswerTypes: new Set(),
    evaluatedBy: 'initiator',
    initiatorRoles: [],
  },
};
