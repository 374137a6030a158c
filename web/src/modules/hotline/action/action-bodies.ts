/**
 * What each action's form collects, turned into the body its route expects, and the values a form
 * starts with. The form values are loose (one form serves every action); each builder shapes its body.
 */
import dayjs, { type Dayjs } from 'dayjs';
import type { TicketDetails } from '../ticket-types.ts';
import type { ActionType, BodyOf } from './post-action.ts';

/** The values of any one of the actions' forms; each builder below turns them into its action's typed body. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the fields differ per action; BodyOf<A> types the result
export type ActionValues = Record<string, any>;

const note = (v: ActionValues) => String(v.note ?? '').trim();
const BUILDERS: { [A in ActionType]: (v: ActionValues) => BodyOf<A> } = {
  answerDirectly: (v) => ({ answer: String(v.answer).trim(), articleId: v.articleId ?? null }),
  linkRepeat: (v) => ({ originalId: Number(v.originalId) }),
  closeSpecial: (v) => ({ route: v.route, note: note(v) }),
  dispatch: (v) => ({
    leadUnitId: v.leadUnitId,
    coUnitIds: (v.coUnitIds ?? []).filter((u: number) => u !== v.leadUnitId),
    fallback: Boolean(v.fallback),
    reason: String(v.reason ?? '').trim(),
  }),
  reassign: (v) => ({ leadUnitId: v.leadUnitId, coUnitIds: (v.coUnitIds ?? []).filter((u: number) => u !== v.leadUnitId), note: note(v) }),
  object: (v) => ({ reason: String(v.reason).trim() }),
  decideObjection: (v) =>
    v.approve
      ? { approve: true as const, leadUnitId: v.leadUnitId, coUnitIds: (v.coUnitIds ?? []).filter((u: number) => u !== v.leadUnitId), note: note(v) }
      : { approve: false as const, note: note(v) },
  sign: (v) => ({ note: note(v) }),
  contact: (v) => ({ method: v.method, note: note(v) }),
  progress: (v) => ({ note: note(v) }),
  coReply: (v) => ({ note: note(v) }),
  requestExtension: (v) => ({ days: v.days, reason: String(v.reason).trim() }),
  decideExtension: (v) => ({ approve: Boolean(v.approve), ...(v.approve && v.days ? { days: v.days } : {}), note: note(v) }),
  defer: (v) => ({ reason: String(v.reason).trim(), plan: String(v.plan).trim(), reviewDate: (v.reviewDate as Dayjs).format('YYYY-MM-DD') }),
  reply: (v) => ({ text: String(v.text).trim() }),
  callback: (v) =>
    v.valid
      ? { valid: true as const, contacted: Boolean(v.contacted), resolved: Boolean(v.resolved), satisfaction: v.satisfaction, note: note(v) }
      : { valid: false as const, reason: v.reason, note: note(v) },
  redo: (v) => ({ note: note(v) }),
  close: (v) => ({ note: note(v) }),
  supervise: (v) => ({ note: note(v) }),
  appeal: (v) => ({ reason: String(v.reason).trim() }),
  decideAppeal: (v) => ({ approve: Boolean(v.approve), note: note(v) }),
};

export const isActionType = (s: string): s is ActionType => s in BUILDERS;

/** The body of action `type` from its form's values. */
export const actionBody = <A extends ActionType>(type: A, values: ActionValues): BodyOf<A> => BUILDERS[type](values);

/** The values the form of action `type` starts with on `ticket`. */
export function actionDefaults(type: ActionType, ticket: TicketDetails): ActionValues {
  const defaults: Partial<Record<ActionType, ActionValues>> = {
    contact: { method: 'phone' },
    decideExtension: { approve: true, days: ticket.pendingExtension?.days },
    decideObjection: { approve: true },
    decideAppeal: { approve: true },
    callback: { valid: true, contacted: true, resolved: true, satisfaction: 'satisfied', reason: 'unreachable' },
    defer: { reviewDate: dayjs().add(30, 'day') },
    requestExtension: { days: 5 },
    reassign: { leadUnitId: ticket.leadUnit?.id, coUnitIds: ticket.coUnits.map((u) => u.id) },
    answerDirectly: { articleId: null },
  };
  return defaults[type] ?? {};
}
