/**
 * Response schemas of the ticket routes. They mirror `presenters.ts` field for field: the serializer
 * whitelists exactly these fields, so a field the presenter adds must be added here too.
 */
import { Type, type TSchema } from 'typebox';
import { LIMIT_UNITS } from '../domain/calendar/work-calendar.ts';
import { literalUnion } from '../../platform/http/schemas.ts';
import { TICKET_SOURCES } from '../domain/workflow/sources.ts';
import {
  CHANNELS,
  OUTCOMES,
  REQUEST_TYPES,
  SATISFACTIONS,
  SPECIAL_ROUTES,
  TICKET_DUE_STATUSES,
  TICKET_KINDS,
  TICKET_STATES,
  URGENCIES,
} from '../domain/workflow/ticket.ts';

/** A string from a fixed list; `type: string` keeps serialization fast, `enum` types the web client. */
export const enumString = <T extends readonly string[]>(values: T, description?: string) =>
  Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...(description ? { description } : {}) });

/** The engine's fixed lists as request schemas (a union of literals: the validator names the allowed values). */
export const RequestTypeSchema = literalUnion(
  REQUEST_TYPES,
  '诉求类型: consultation 咨询, help 求助, complaint 投诉, report 举报, suggestion 建议, praise 表扬',
);
export const ChannelSchema = literalUnion(CHANNELS, 'Intake channel');
export const UrgencySchema = literalUnion(URGENCIES, 'Urgency; emergency uses the emergency time limits');
export const KindSchema = literalUnion(TICKET_KINDS, 'Ticket kind');
export const StateSchema = literalUnion(TICKET_STATES, 'Workflow state');
export const SpecialRouteSchema = literalUnion(SPECIAL_ROUTES, 'Special route that closes the request at intake');

/** Where a ticket came from (来源): the engine's list (sources.ts); its names are in GET /api/reference/labels. */
export const SourceSchema = enumString(TICKET_SOURCES, 'Where the ticket came from (来源); names in GET /api/reference/labels');

export const nullable = <T extends TSchema>(schema: T, description?: string) => Type.Union([schema, Type.Null()], description ? { description } : {});

const IsoTime = (description: string) => Type.String({ format: 'date-time', description });

export const UnitRef = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  unitType: Type.String({ description: 'district, street, department, enterprise, centre, station (unknown if deleted)' }),
});

export const PlaceRef = Type.Object({ code: Type.String({ description: 'Division code' }), name: Type.String() });

export const DUE_STATUSES = TICKET_DUE_STATUSES;

export const TicketSummary = Type.Object({
  id: Type.Integer({ description: 'Ticket id' }),
  number: Type.String({ description: 'Ticket number (工单编号)' }),
  kind: enumString(TICKET_KINDS, 'Ticket kind'),
  state: enumString(TICKET_STATES, 'Workflow state'),
  requestType: enumString(REQUEST_TYPES, '诉求类型'),
  channel: enumString(CHANNELS, 'Intake channel'),
  urgency: enumString(URGENCIES, 'Urgency'),
  title: Type.String(),
  category: nullable(Type.Object({ id: Type.Integer(), code: Type.String(), path: Type.String({ description: 'Full path, e.g. 城市管理/市容环境/…' }) })),
  street: nullable(PlaceRef, 'Street/town of the problem'),
  community: nullable(PlaceRef, 'Community/village of the problem'),
  leadUnit: nullable(UnitRef, 'Lead handling unit (主办)'),
  coUnits: Type.Array(UnitRef, { description: 'Co-handling units (协办)' }),
  acceptedAt: IsoTime('Accepted (受理) at'),
  dispatchedAt: nullable(IsoTime('Dispatched at')),
  activeDueAt: nullable(IsoTime('The deadline the current state is measured against')),
  replyDueAt: nullable(IsoTime('Reply (办结) deadline')),
  dueStatus: enumString(
    DUE_STATUSES,
    'Colour of the active deadline: ok green, due_soon yellow, overdue red, none; review_due: a deferral (挂账) whose review date has come',
  ),
  outcome: nullable(enumString(OUTCOMES), 'Why the ticket closed'),
  supervisionLevel: Type.Integer({
    description: 'Supervision level: 0 none, 1 督办, 2 催办, 3 通报 (by the centre or, when overdue long enough, by the system)',
  }),
  requester: Type.Object({ name: Type.String({ description: 'Masked' }), phone: Type.String({ description: 'Masked' }), masked: Type.Boolean() }),
});

export const TicketList = Type.Object({
  total: Type.Integer({ description: 'Matching tickets in all pages' }),
  offset: Type.Integer(),
  limit: Type.Integer(),
  items: Type.Array(TicketSummary),
});

const DeadlineView = nullable(
  Type.Object({
    startedAt: IsoTime('When the clock started'),
    dueAt: IsoTime('Due at (a deadline at 24:00 is the next day 00:00)'),
    unit: enumString(LIMIT_UNITS, 'Unit the limit is given in'),
    overdue: Type.Boolean({ description: 'Missed (recorded by the sweeper or a late action)' }),
  }),
);

export const TicketEventView = Type.Object({
  seq: Type.Integer({ description: 'Position in the history (1 = accept)' }),
  type: Type.String({ description: 'Event type (action name, or accept)' }),
  label: Type.String({ description: 'Chinese label' }),
  at: IsoTime('When'),
  actor: nullable(
    Type.Object({
      userId: Type.Integer(),
      unit: nullable(UnitRef),
      isRequester: Type.Boolean({ description: 'The requester rating the reply on the public page' }),
    }),
    'null = the system (deadline sweeper)',
  ),
  stateBefore: nullable(Type.String()),
  stateAfter: Type.String(),
  data: Type.Object({}, { additionalProperties: true, description: 'What the action recorded (reason, deadlines, units, satisfaction …)' }),
});

export const TicketDetails = Type.Object({
  ...TicketSummary.properties,
  content: Type.String(),
  address: Type.String({ description: 'Clear to those who may reveal the requester, masked otherwise' }),
  latitude: nullable(Type.Number()),
  longitude: nullable(Type.Number()),
  source: SourceSchema,
  sourceSystem: nullable(Type.String({ description: 'The system an imported ticket came from (the history import’s mapping, e.g. us311)' })),
  timeLimitClass: nullable(Type.String()),
  fallback: Type.Boolean({ description: 'Sent to the district government as fallback (兜底)' }),
  deadlines: Type.Object({ sign: DeadlineView, contact: DeadlineView, reply: DeadlineView }),
  signedAt: nullable(IsoTime('Signed at')),
  contactedAt: nullable(IsoTime('First contact at')),
  repliedAt: nullable(IsoTime('Replied at')),
  closedAt: nullable(IsoTime('Closed at')),
  replyText: nullable(Type.String()),
  paused: Type.Boolean({ description: 'The unit clock is stopped (objection under review)' }),
  pendingExtension: nullable(Type.Object({ requestedAt: IsoTime('Requested at'), days: Type.Integer(), reason: Type.String() })),
  deferral: nullable(
    Type.Object({
      since: IsoTime('Deferred since'),
      plan: Type.String(),
      reviewDate: Type.String({ description: 'YYYY-MM-DD' }),
      reviewDue: Type.Boolean({ description: 'The review date has come (挂账到期复查): the unit replies or renews the deferral' }),
    }),
  ),
  callback: nullable(
    Type.Object({ at: IsoTime('Called back at'), contacted: Type.Boolean(), resolved: Type.Boolean(), satisfaction: enumString(SATISFACTIONS) }),
  ),
  invalidCallbacks: Type.Integer(),
  specialRoute: nullable(enumString(SPECIAL_ROUTES)),
  repeatOfId: nullable(Type.Integer({ description: 'The open ticket this one repeats' })),
  appeal: nullable(Type.Object({ status: enumString(['pending', 'approved', 'rejected'] as const), reason: Type.String() })),
  excludedFromAssessment: Type.Boolean(),
  redoCount: Type.Integer(),
  version: Type.Integer({ description: 'Send as If-Match with actions' }),
  mayRevealRequester: Type.Boolean({ description: 'The viewer may call POST /api/tickets/{id}/reveal' }),
  allowedActions: Type.Array(Type.Object({ type: Type.String({ description: 'Action route name' }), label: Type.String({ description: 'Chinese label' }) }), {
    description: 'The actions this viewer may take now (from the state machine)',
  }),
  events: Type.Array(TicketEventView),
});

export const RoutingSuggestionView = Type.Object({
  leadUnitId: Type.Integer(),
  coUnitIds: Type.Array(Type.Integer()),
  fallback: Type.Boolean({ description: 'No catalogue entry fits: the district government takes it (兜底)' }),
  reasonCode: Type.String({ description: 'CATALOG_UNIT, CATALOG_STREET_OF_PLACE, FALLBACK_*' }),
  reason: Type.String({ description: 'Chinese explanation for the operator' }),
});

export const RoutingSuggestionWithUnit = Type.Object({ ...RoutingSuggestionView.properties, leadUnit: UnitRef });

export const RepeatCandidates = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Type.Integer(),
      number: Type.String(),
      state: enumString(TICKET_STATES),
      acceptedAt: IsoTime('Accepted at'),
      progress: Type.String({ description: 'Chinese progress text to read to the caller' }),
    }),
  ),
});

export const Revealed = Type.Object({ name: Type.String(), phone: Type.String(), address: Type.String() });
