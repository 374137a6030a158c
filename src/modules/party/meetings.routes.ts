/** 三会一课 and 主题党日 (issue 18): a branch's calendar, planning, recording held with minutes and attendance, cancelling, a member's own, the compliance overview. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type TProperties } from 'typebox';
import type { AppContext } from '../../engine/context.ts';
import { requireUser } from '../../engine/http/auth.ts';
import { nullable } from '../../engine/http/tickets.schemas.ts';
import { routePolicy } from '../../engine/policy.ts';
import { errorResponses, literalUnion, RowId, Text } from '../../platform/http/schemas.ts';
import { ATTENDANCE_STATUSES, MAX_MINUTES_TEXT, MEETING_ACTIONS, MEETING_KINDS, MEETING_STATES } from './meetings.domain.ts';
import { branchCalendar, cancelMeeting, compliance, meetingDetail, myMeetings, planMeeting, recordMeeting } from './meetings.service.ts';
import { PARTY_POLICY } from './party.policy.ts';

const Enum = <T extends readonly string[]>(values: T, description: string) => Type.Unsafe<T[number]>({ type: 'string', enum: [...values], description });
const IsoTime = (description: string) => Type.String({ format: 'date-time', description });
const LocalDay = (description: string) => Type.String({ format: 'date', description });
const KINDS = 'member_assembly 支部党员大会 · committee 支部委员会 · group 党小组会 · lecture 党课 · theme_day 主题党日';
const STATES = 'planned 已计划 · held 已召开 · cancelled 已取消';
const ATTENDANCE = 'present 出席 · absent 缺席 · excused 请假';
const Period = Type.String({ description: 'A month (2026-11) or a quarter (2026-Q4)' });
const Year = Type.Integer({ minimum: 2000, maximum: 2100, description: 'The year (default this year)' });

const Counts = Type.Object(
  {
    present: Type.Integer({ description: 'Members present' }),
    absent: Type.Integer({ description: 'Members absent' }),
    excused: Type.Integer({ description: 'Members excused (请假)' }),
    rate: nullable(Type.Number({ description: '参会率: present ÷ expected, 0–1' }), 'null when nobody was expected'),
  },
  { description: 'The roll call’s figures; null while not held' },
);

const meetingFields = {
  id: Type.Integer(),
  organisationId: Type.Integer({ description: 'The branch' }),
  organisationName: Type.String(),
  kind: Enum(MEETING_KINDS, KINDS),
  kindLabel: Type.String({ description: 'The kind in Chinese' }),
  title: Type.String({ description: 'Title or theme (主题)' }),
  startsAt: IsoTime('Planned start'),
  place: Type.String(),
  state: Enum(MEETING_STATES, STATES),
  minutes: nullable(Type.String(), 'The minutes (会议记录); null while not held and in a member’s view'),
  heldAt: nullable(IsoTime('When it was held')),
  heldOn: nullable(LocalDay('The local day it was held (the period it counts for)')),
  recordedAt: nullable(IsoTime('When the minutes were (last) recorded')),
  cancelReason: nullable(Type.String(), 'Why it was cancelled'),
  attendance: nullable(Counts),
};
const MeetingSchema = Type.Object(meetingFields);

const AttendeeSchema = Type.Object({
  memberId: Type.Integer(),
  name: Type.String({ description: 'Masked (张*)' }),
  postLabels: Type.Array(Type.String(), { description: 'Posts in Chinese (书记, 委员 …)' }),
  status: nullable(Enum(ATTENDANCE_STATUSES, ATTENDANCE), 'null while the meeting is not recorded'),
  reason: nullable(Type.String(), 'Why excused'),
});

const DetailSchema = Type.Object({
  ...meetingFields,
  manage: Type.Boolean({ description: 'The viewer may record or cancel it' }),
  actions: Type.Array(literalUnion(MEETING_ACTIONS, 'record (again) or cancel'), { description: 'What the viewer may do to it now' }),
  attendees: Type.Array(AttendeeSchema, { description: 'The roll call when held; while planned the members expected by its kind; empty for a member’s view' }),
  mine: nullable(
    Type.Object({ status: nullable(Enum(ATTENDANCE_STATUSES, ATTENDANCE)), reason: nullable(Type.String()) }),
    'The viewer’s own line when they are expected',
  ),
});

const Obligation = Type.Object({
  kind: Enum(MEETING_KINDS, KINDS),
  label: Type.String({ description: 'The kind in Chinese' }),
  frequency: Enum(['monthly', 'quarterly'] as const, 'monthly 每月 · quarterly 每季度'),
  held: Type.Integer({ description: 'Held in the year' }),
  requiredSoFar: Type.Integer({ description: 'Periods of the year over by today (one meeting due in each)' }),
  requiredInYear: Type.Integer({ description: 'Periods of the whole year (12 or 4; 0 when it does not apply)' }),
  overdue: Type.Array(Period, { description: 'Periods over with none held' }),
  dueNow: Type.Boolean({ description: 'The current period has none held yet' }),
  applies: Type.Boolean({ description: 'False for 支部委员会 in a branch without a committee' }),
});

const ManageBody = <T extends TProperties>(props: T) => Type.Object(props, { additionalProperties: false });
const IdParams = Type.Object({ id: RowId('Meeting id') }, { additionalProperties: false });
const TAGS = ['party'];

export function meetingRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/api/party/meetings',
      {
        schema: {
          ...routePolicy(PARTY_POLICY, 'meetingRead'),
          tags: TAGS,
          summary: '组织生活: a branch’s meetings of a year (its calendar) and where it stands against 三会一课 and 主题党日',
          querystring: Type.Object(
            {
              organisationId: Type.Optional(RowId('The branch; a secretary or member may leave it out (their own)')),
              year: Type.Optional(Year),
            },
            { additionalProperties: false },
          ),
          response: {
            200: Type.Object({
              organisation: Type.Object({ id: Type.Integer(), name: Type.String(), code: Type.String() }),
              year: Type.Integer(),
              manage: Type.Boolean({ description: 'The viewer may plan and record here' }),
              relation: Enum(['secretary', 'worker', 'member'] as const, 'How the viewer relates to the branch'),
              meetings: Type.Array(MeetingSchema, { description: 'By the day held, else planned' }),
              obligations: Type.Array(Obligation, { description: 'One per kind' }),
              overdue: Type.Array(
                Type.Object({ kind: Enum(MEETING_KINDS, KINDS), period: Period, words: Type.String({ description: '2026年11月 无支部委员会' }) }),
              ),
            }),
            ...errorResponses(400, 401, 403, 404, 422),
          },
        },
      },
      async (req) => branchCalendar(ctx, requireUser(req), req.query.organisationId, req.query.year),
    );

    app.post(
      '/api/party/meetings',
      {
        schema: {
          ...routePolicy(PARTY_POLICY, 'meetingManage'),
          tags: TAGS,
          summary: 'Plan a meeting of a branch: its secretary, or a party worker in scope when the secretary holds no account',
          body: ManageBody({
            organisationId: Type.Optional(RowId('The branch (a secretary may leave it out)')),
            kind: literalUnion(MEETING_KINDS, KINDS),
            title: Text(200, 'Title or theme (主题)', 2),
            startsAt: IsoTime('Planned start (within a year of now)'),
            place: Text(200, 'Where', 1),
          }),
          response: { 201: DetailSchema, ...errorResponses(400, 401, 403, 404, 422) },
        },
      },
      async (req, reply) => reply.code(201).send(await planMeeting(ctx, requireUser(req), req.body)),
    );

    app.get(
      '/api/party/meetings/me',
      {
        schema: {
          ...routePolicy(PARTY_POLICY, 'meetingSelf'),
          tags: TAGS,
          summary: 'My branch’s upcoming meetings (90 days) and my attendance over the last 12 months',
          response: {
            200: Type.Object({
              organisation: Type.Object({ id: Type.Integer(), name: Type.String() }),
              upcoming: Type.Array(MeetingSchema),
              attended: Type.Array(
                Type.Object({ ...meetingFields, status: Enum(ATTENDANCE_STATUSES, ATTENDANCE), reason: nullable(Type.String(), 'Why excused') }),
                { description: 'Held meetings I was expected at, latest first' },
              ),
              rate: nullable(Type.Number({ description: 'My rate: present ÷ expected, 0–1' })),
            }),
            ...errorResponses(401, 403, 404),
          },
        },
      },
      async (req) => myMeetings(ctx, requireUser(req)),
    );

    app.get(
      '/api/party/meetings/compliance',
      {
        schema: {
          ...routePolicy(PARTY_POLICY, 'meetingCompliance'),
          tags: TAGS,
          summary: '组织生活落实情况: per branch in scope (or one street), the year’s held meetings by kind against what is due so far, and the overdue list',
          querystring: Type.Object(
            { year: Type.Optional(Year), street: Type.Optional(Type.String({ pattern: '^\\d{9}$', description: 'A street (9 digits) in scope' })) },
            { additionalProperties: false },
          ),
          response: {
            200: Type.Object({
              year: Type.Integer(),
              asOf: LocalDay('Judged on this day'),
              branches: Type.Array(
                Type.Object({
                  organisationId: Type.Integer(),
                  name: Type.String(),
                  code: Type.String(),
                  streetCode: nullable(Type.String()),
                  streetName: nullable(Type.String()),
                  communityName: nullable(Type.String()),
                  committee: Type.Boolean({ description: 'Has a committee (owes monthly 支部委员会)' }),
                  kinds: Type.Array(
                    Type.Object({
                      kind: Enum(MEETING_KINDS, KINDS),
                      held: Type.Integer({ description: 'Held in the year' }),
                      requiredSoFar: Type.Integer({ description: 'Due so far (periods over)' }),
                      requiredInYear: Type.Integer({ description: 'Due in the whole year' }),
                      overdue: Type.Array(Period),
                      applies: Type.Boolean(),
                    }),
                  ),
                  overdueCount: Type.Integer({ description: 'Overdue obligations of the branch' }),
                }),
              ),
              totals: Type.Object({
                branches: Type.Integer(),
                compliant: Type.Integer({ description: 'Branches with nothing overdue' }),
                overdue: Type.Integer({ description: 'Overdue obligations in all' }),
                byKind: Type.Array(
                  Type.Object({
                    kind: Enum(MEETING_KINDS, KINDS),
                    label: Type.String(),
                    held: Type.Integer(),
                    overdueBranches: Type.Integer({ description: 'Branches with this kind overdue' }),
                  }),
                ),
              }),
              overdue: Type.Array(
                Type.Object({ organisationId: Type.Integer(), name: Type.String(), kind: Enum(MEETING_KINDS, KINDS), period: Period, words: Type.String() }),
                { description: 'Overdue obligations in words (at most 500)' },
              ),
            }),
            ...errorResponses(400, 401, 403, 404, 422),
          },
        },
      },
      async (req) => compliance(ctx, requireUser(req), req.query.year, req.query.street),
    );

    app.get(
      '/api/party/meetings/:id',
      {
        schema: {
          ...routePolicy(PARTY_POLICY, 'meetingRead'),
          tags: TAGS,
          summary: 'A meeting: minutes and roll call (masked) for the secretary and party workers; a member’s own attendance',
          params: IdParams,
          response: { 200: DetailSchema, ...errorResponses(400, 401, 403, 404) },
        },
      },
      async (req) => meetingDetail(ctx, requireUser(req), req.params.id),
    );

    app.post(
      '/api/party/meetings/:id/record',
      {
        schema: {
          ...routePolicy(PARTY_POLICY, 'meetingManage'),
          tags: TAGS,
          summary: 'Record the meeting held: minutes and attendance (listed present or excused; everyone else expected is absent); again replaces both',
          params: IdParams,
          body: ManageBody({
            heldAt: Type.Optional(IsoTime('When it was held (default the planned start if past); not in the future, within a year')),
            minutes: Text(MAX_MINUTES_TEXT, 'The minutes (会议记录)', 2),
            present: Type.Array(RowId('A member present'), { maxItems: 2000, uniqueItems: true, description: 'Members present' }),
            excused: Type.Array(Type.Object({ memberId: RowId('A member excused'), reason: Text(200, 'Why (请假事由)', 1) }, { additionalProperties: false }), {
              maxItems: 2000,
              description: 'Members excused, with the reason',
            }),
          }),
          response: { 200: DetailSchema, ...errorResponses(400, 401, 403, 404, 409, 422) },
        },
      },
      async (req) => recordMeeting(ctx, requireUser(req), req.params.id, req.body),
    );

    app.post(
      '/api/party/meetings/:id/cancel',
      {
        schema: {
          ...routePolicy(PARTY_POLICY, 'meetingManage'),
          tags: TAGS,
          summary: 'Cancel a planned meeting with a reason',
          params: IdParams,
          body: ManageBody({ reason: Text(200, 'Why', 2) }),
          response: { 200: DetailSchema, ...errorResponses(400, 401, 403, 404, 409, 422) },
        },
      },
      async (req) => cancelMeeting(ctx, requireUser(req), req.params.id, req.body.reason),
    );
  };
}
