/**
 * Per-kind configuration of the one engine (DOMAIN §4). A kind chooses which actions it uses, which
 * request types may be answered at intake, and who evaluates the result. New kinds are configuration
 * plus, where needed, a few extra actions.
 */
import { ACTION_TYPES } from './actions.ts';
import type { ActionType } from './events.ts';
import type { RequestType, TicketKind } from './ticket.ts';

export interface KindConfig {
  kind: TicketKind;
  label: string;
  actions: ReadonlySet<ActionType>;
  /** Request types an operator may close at intake with an answer from the knowledge base. */
  directAnswerTypes: ReadonlySet<RequestType>;
  /** Who rates the result: the centre's callback (hotline), the requester, or the initiating unit. */
  evaluatedBy: 'callback' | 'requester' | 'initiator';
}

const all = new Set<ActionType>(ACTION_TYPES);
const without = (...names: ActionType[]): Set<ActionType> =>
  new Set(ACTION_TYPES.filter((a) => !names.includes(a)));

export const KIND_CONFIGS: Record<TicketKind, KindConfig> = {
  hotline_request: {
    kind: 'hotline_request',
    label: '接诉即办',
    actions: all,
    directAnswerTypes: new Set(['consultation']),
    evaluatedBy: 'callback',
  },
  enterprise_demand: {
    kind: 'enterprise_demand',
    label: '企业诉求',
    actions: without('closeSpecial'),
    directAnswerTypes: new Set(['consultation']),
    evaluatedBy: 'callback',
  },
  grid_report: {
    kind: 'grid_report',
    label: '网格上报',
    actions: without('answerDirectly', 'closeSpecial', 'linkRepeat', 'appeal', 'decideAppeal'),
    directAnswerTypes: new Set(),
    evaluatedBy: 'initiator',
  },
  data_finding: {
    kind: 'data_finding',
    label: '大数据排查',
    actions: without('answerDirectly', 'closeSpecial', 'appeal', 'decideAppeal'),
    directAnswerTypes: new Set(),
    evaluatedBy: 'initiator',
  },
  whistle: {
    kind: 'whistle',
    label: '吹哨报到',
    actions: without('answerDirectly', 'closeSpecial', 'linkRepeat', 'object'),
    directAnswerTypes: new Set(),
    evaluatedBy: 'initiator',
  },
  service_order: {
    kind: 'service_order',
    label: '文明实践点单',
    actions: without('closeSpecial', 'object', 'appeal', 'decideAppeal'),
    directAnswerTypes: new Set(),
    evaluatedBy: 'requester',
  },
  rectification: {
    kind: 'rectification',
    label: '整改任务',
    actions: without('answerDirectly', 'closeSpecial', 'linkRepeat'),
    directAnswerTypes: new Set(),
    evaluatedBy: 'initiator',
  },
};
