/**
 * One route per workflow action: `POST /api/tickets/{id}/actions/{action}`. The state machine decides
 * whether the user may; these schemas only check the shape of the input.
 */
import { routePolicy } from '../policy.ts';
import { ENGINE_POLICY } from '../engine.policy.ts';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type Static, type TProperties, type TSchema } from 'typebox';
import type { AppContext } from '../context.ts';
import { performAction, type ActionRequests, type RequestableAction } from '../ticket-actions.ts';
import { ACTION_RULES } from '../domain/workflow/actions.ts';
import { INVALID_CALLBACK_REASONS, SATISFACTIONS } from '../domain/workflow/ticket.ts';
import { requireUser } from './auth.ts';
import { errorResponses, IdParams, literalUnion, RowId, Text, UnitId } from '../../platform/http/schemas.ts';
import { SpecialRouteSchema } from './tickets.schemas.ts';

const Note = Text(2000, 'Free-text note', 0);
const Required = (max: number, description: string) => Text(max, description, 1);
const obj = <P extends TProperties>(props: P) => Type.Object(props, { additionalProperties: false });
const CoUnits = Type.Array(UnitId, { maxItems: 20, description: 'Co-handling units (协办)' });

/**
 * Body schema of each action a user asks for (markOverdue is the sweeper's; resolveOnSpot and conclude
 * belong to the grids' and whistles' routes). Each must describe exactly the use case's input for
 * its action (`ActionRequests`, from the domain's command inputs): `BodiesMatchInputs` below checks it.
 */
export const ACTION_BODIES = {
  answerDirectly: obj({ answer: Required(4000, 'The answer given to the requester'), articleId: Type.Union([RowId('Knowledge article used'), Type.Null()]) }),
  linkRepeat: obj({
    originalId: Type.Integer({ minimum: 1, maximum: 9_007_199_254_740_991, description: 'The open ticket this request repeats (重复诉求并案)' }),
  }),
  closeSpecial: obj({ route: SpecialRouteSchema, note: Note }),
  dispatch: obj({
    leadUnitId: UnitId,
    coUnitIds: CoUnits,
    fallback: Type.Boolean({ description: 'Sent to the district government as fallback (兜底)' }),
    reason: Note,
  }),
  reassign: obj({ leadUnitId: UnitId, coUnitIds: CoUnits, note: Note }),
  object: obj({ reason: Required(2000, 'Why the unit is not responsible (派单异议理由)') }),
  decideObjection: Type.Union([
    obj({ approve: Type.Literal(true), leadUnitId: UnitId, coUnitIds: CoUnits, note: Note }),
    obj({ approve: Type.Literal(false), note: Note }),
  ]),
  sign: obj({ note: Note }),
  contact: obj({ method: literalUnion(['phone', 'visit', 'sms', 'other'] as const, 'How the requester was contacted'), note: Note }),
  progress: obj({ note: Required(2000, 'Progress note (阶段性反馈)') }),
  coReply: obj({ note: Required(2000, 'Co-handler feedback to the lead unit') }),
  requestExtension: obj({
    days: Type.Integer({ minimum: 1, maximum: 60, description: 'Working days requested' }),
    reason: Required(2000, 'Why more time is needed'),
  }),
  decideExtension: obj({
    approve: Type.Boolean(),
    days: Type.Optional(Type.Integer({ minimum: 1, maximum: 60, description: 'Working days granted (default: as requested)' })),
    note: Note,
  }),
  defer: obj({
    reason: Required(2000, 'Objective reason it cannot be solved now'),
    plan: Required(4000, 'Follow-up plan'),
    reviewDate: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'Date to review the deferral (YYYY-MM-DD)' }),
  }),
  reply: obj({ text: Required(8000, 'Result reported to the requester and the centre (办结回复)') }),
  callback: Type.Union([
    obj({
      valid: Type.Literal(true),
      contacted: Type.Boolean({ description: 'Did the unit contact you?' }),
      resolved: Type.Boolean({ description: 'Was the problem resolved?' }),
      satisfaction: literalUnion(SATISFACTIONS, 'Satisfaction'),
      note: Note,
    }),
    obj({ valid: Type.Literal(false), reason: literalUnion(INVALID_CALLBACK_REASONS, 'Why the callback is invalid'), note: Note }),
  ]),
  redo: obj({ note: Required(2000, 'Why the ticket goes back (重办)') }),
  close: obj({ note: Note }),
  supervise: obj({ note: Required(2000, 'Supervision notice (督办)') }),
  appeal: obj({ reason: Required(4000, 'Why the ticket should not count in the assessment') }),
  decideAppeal: obj({ approve: Type.Boolean(), note: Note }),
} satisfies Record<RequestableAction, TSchema>;

/** What each body schema lets through, as a TypeScript type. */
type ActionBodies = { [K in RequestableAction]: Static<(typeof ACTION_BODIES)[K]> };

/** Whether A and B are the same type (each assignable to the other; unions compared as a whole). */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

/** The actions whose body schema lets through what the use case does not take, or lacks a field it needs. */
type DriftedActions = { [K in RequestableAction]: Same<ActionBodies[K], ActionRequests[K]> extends true ? never : K }[RequestableAction];

/** Fails typecheck naming the drifted actions: "Type '"contact"' does not satisfy the constraint 'never'". */
type NoDrift<Drifted extends never> = Drifted;
export type BodiesMatchInputs = NoDrift<DriftedActions>;

const ActionResult = Type.Object({
  ticketId: Type.Integer(),
  state: Type.String(),
  version: Type.Integer({ description: 'New version (number of events)' }),
  events: Type.Array(Type.String(), { description: 'Event types recorded by this request' }),
  warnings: Type.Array(Type.String()),
});

const Headers = Type.Object({ 'if-match': Type.Optional(Type.String({ pattern: '^"?\\d+"?$', description: 'Expected ticket version' })) });

export function ticketActionRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    const route = <K extends RequestableAction>(type: K) =>
      app.post(
        `/api/tickets/:id/actions/${type}`,
        {
          schema: {
            ...routePolicy(ENGINE_POLICY, 'act'),
            tags: ['actions'],
            summary: `${ACTION_RULES[type].label} (${type})`,
            description: `Allowed from states: ${ACTION_RULES[type].from.join(', ')}; by: ${ACTION_RULES[type].parties.join(', ')}.`,
            params: IdParams,
            headers: Headers,
            body: ACTION_BODIES[type],
            response: { 200: ActionResult, ...errorResponses(400, 401, 403, 404, 409, 422) },
          },
        },
        async (req) => {
          const p = requireUser(req);
          const ifMatch = req.headers['if-match'];
          const expected = typeof ifMatch === 'string' ? Number(ifMatch.replace(/"/g, '')) : undefined;
          // The body passed ACTION_BODIES[type]: it is ActionBodies[K], which the compiler cannot work
          // out from the type provider for a generic K. ActionBodies[K] is ActionRequests[K] by the
          // check above (and performAction's parameter checks ActionBodies against ActionRequests again).
          const input: ActionBodies[K] = req.body as ActionBodies[K];
          return performAction(ctx, p, req.params.id, type, input, expected);
        },
      );
    for (const type of Object.keys(ACTION_BODIES) as RequestableAction[]) route(type);
  };
}
