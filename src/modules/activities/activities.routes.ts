/**
 * 志愿活动 routes: activities and sessions (organisers), the lists (volunteers sign up, organisers
 * read), the check-in code and check-in, hours (confirmation, manual records, corrections), records,
 * leaderboards and the certificate. docs/VOLUNTEERS.md, "Activities and check-in".
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../engine/context.ts';
import { requireUser } from '../../engine/http/auth.ts';
import { enumString, nullable } from '../../engine/http/tickets.schemas.ts';
import { routePolicy } from '../../engine/policy.ts';
import { AppError } from '../../platform/errors.ts';
import { errorResponses, RowId, Text } from '../../platform/http/schemas.ts';
import { ACTIVITY_STATES, ACTIVITY_TYPE_LABEL, ACTIVITY_TYPES, hoursOf, SIGNUP_STATUSES } from './activities.domain.ts';
import { ACTIVITIES_POLICY } from './activities.policy.ts';
import {
  addSession,
  cancelActivity,
  cancelSignup,
  checkIn,
  checkInCode,
  confirmHours,
  correctHours,
  createActivity,
  getActivity,
  listActivities,
  mySignups,
  publishActivity,
  recordManualHours,
  searchVolunteers,
  sessionList,
  signUp,
  updateActivity,
  updateSession,
  type ActivityView,
  type HourRecordRow,
  type SessionRow,
  type SessionView,
  type SignupRow,
} from './activities.service.ts';
import { leaderboard, myCertificate, myHours, serviceRecord, teamLeaderboard, type HoursSummary } from './hours.service.ts';

const P = ACTIVITIES_POLICY;
const TAGS = ['activities'];
const Time = (description: string) => Type.String({ format: 'date-time', description });
const Year = Type.String({ pattern: '^20\\d{2}$', description: 'Year YYYY' });
const Period = Type.String({ pattern: '^20\\d{2}(-(0[1-9]|1[0-2]))?$', description: 'A month YYYY-MM or a year YYYY (Asia/Shanghai)' });

const SessionBody = Type.Object(
  {
    startsAt: Time('Start'),
    endsAt: Time('End (after the start, at most 24 h later)'),
    capacity: Type.Integer({ minimum: 1, maximum: 10_000, description: 'Places; sign-ups beyond it wait in order' }),
  },
  { additionalProperties: false },
);

const details = {
  title: Text(100, '活动名称 Title', 1),
  activityType: enumString(ACTIVITY_TYPES, 'Kind of activity (服务类型)'),
  description: Type.Optional(Text(5000, 'Description')),
  venueName: Text(100, '活动地点 Venue name', 1),
  address: Type.Optional(Text(200, 'Address')),
  divisionCode: Type.Optional(
    nullable(Type.String({ pattern: '^(\\d{9}|\\d{12})$', description: 'Street (9 digits) or community (12 digits) division code' })),
  ),
  latitude: Type.Optional(nullable(Type.Number({ minimum: -90, maximum: 90, description: 'Venue latitude (WGS-84)' }))),
  longitude: Type.Optional(nullable(Type.Number({ minimum: -180, maximum: 180, description: 'Venue longitude (WGS-84)' }))),
};

const SignupSchema = Type.Object({
  status: enumString(SIGNUP_STATUSES, 'signed_up · waiting · cancelled'),
  position: Type.Integer({ description: 'Place in the queue (the order of sign-up)' }),
  signedUpAt: Time('When'),
  checkedInAt: nullable(Time('Check-in')),
  checkedOutAt: nullable(Time('Check-out')),
});

const SessionSchema = Type.Object({
  id: Type.Integer(),
  startsAt: Time('Start'),
  endsAt: Time('End'),
  capacity: Type.Integer(),
  signedUp: Type.Integer({ description: 'Signed up' }),
  waiting: Type.Integer({ description: 'On the waiting list' }),
  hoursConfirmedAt: nullable(Time('When the organiser confirmed hours')),
  mine: nullable(SignupSchema, 'The asking user’s place on it'),
});

const ActivitySchema = Type.Object({
  id: Type.Integer(),
  title: Type.String(),
  activityType: enumString(ACTIVITY_TYPES),
  activityTypeLabel: Type.String({ description: '服务类型 in Chinese' }),
  description: Type.String(),
  venueName: Type.String(),
  address: Type.String(),
  divisionCode: nullable(Type.String()),
  latitude: nullable(Type.Number()),
  longitude: nullable(Type.Number()),
  state: enumString(ACTIVITY_STATES, 'draft · published · cancelled'),
  organiserUnitId: Type.Integer(),
  organiserName: Type.String(),
  organisedByYou: Type.Boolean({ description: 'You organise it: lists, code and hours are yours' }),
  publishedAt: nullable(Time('Published')),
  cancelReason: Type.String(),
  sessions: Type.Array(SessionSchema),
});

const HOUR_RECORD_KINDS = ['check_in', 'manual', 'correction', 'service_order'] as const;

const HourRecordSchema = Type.Object({
  id: Type.Integer(),
  userId: Type.Integer(),
  activityId: nullable(Type.Integer({ description: 'The activity; null for a service order’s record' })),
  sessionId: nullable(Type.Integer({ description: 'The session; null for a service order’s record' })),
  ticketId: nullable(Type.Integer({ description: 'The service order (its ticket) for a service order’s record; null otherwise' })),
  kind: enumString(
    HOUR_RECORD_KINDS,
    'check_in: confirmed from the check-in · manual: walk-in or paper record · correction · service_order: a service order the volunteer’s team served (点单)',
  ),
  manualSource: nullable(enumString(['walk_in', 'paper'] as const)),
  minutes: Type.Integer({ description: 'Minutes (a correction may be negative)' }),
  hours: Type.Number({ description: 'The same in hours, one decimal' }),
  computedMinutes: nullable(Type.Integer({ description: 'What the check-in gave, when another figure was confirmed' })),
  noCheckOut: Type.Boolean({ description: 'Never checked out: counted to the session’s end' }),
  servedOn: Type.String({ format: 'date', description: 'Date of service (Asia/Shanghai)' }),
  reason: Type.String(),
  correctsId: nullable(Type.Integer()),
  recordedBy: Type.Integer(),
  recordedAt: Time('Recorded'),
});

const presentSignup = (s: SignupRow | null) =>
  s === null
    ? null
    : {
        status: s.status as (typeof SIGNUP_STATUSES)[number],
        position: s.position,
        signedUpAt: s.signedUpAt.toISOString(),
        checkedInAt: s.checkedInAt?.toISOString() ?? null,
        checkedOutAt: s.checkedOutAt?.toISOString() ?? null,
      };

const presentSession = (s: SessionView) => ({
  id: s.id,
  startsAt: s.startsAt.toISOString(),
  endsAt: s.endsAt.toISOString(),
  capacity: s.capacity,
  signedUp: s.signedUp,
  waiting: s.waiting,
  hoursConfirmedAt: s.hoursConfirmedAt?.toISOString() ?? null,
  mine: presentSignup(s.mine),
});

const presentActivity = (a: ActivityView) => ({
  id: a.id,
  title: a.title,
  activityType: a.activityType as (typeof ACTIVITY_TYPES)[number],
  activityTypeLabel: ACTIVITY_TYPE_LABEL[a.activityType as (typeof ACTIVITY_TYPES)[number]]?.zh ?? a.activityType,
  description: a.description,
  venueName: a.venueName,
  address: a.address,
  divisionCode: a.divisionCode,
  latitude: a.latitude,
  longitude: a.longitude,
  state: a.state as (typeof ACTIVITY_STATES)[number],
  organiserUnitId: a.organiserUnitId,
  organiserName: a.organiserName,
  organisedByYou: a.organisedByYou,
  publishedAt: a.publishedAt?.toISOString() ?? null,
  cancelReason: a.cancelReason,
  sessions: a.sessions.map(presentSession),
});

const presentRecord = (r: HourRecordRow) => ({
  id: r.id,
  userId: r.userId,
  activityId: r.activityId,
  sessionId: r.sessionId,
  ticketId: r.ticketId,
  kind: r.kind as (typeof HOUR_RECORD_KINDS)[number],
  manualSource: r.manualSource as 'walk_in' | 'paper' | null,
  minutes: r.minutes,
  hours: hoursOf(r.minutes),
  computedMinutes: r.computedMinutes,
  noCheckOut: r.noCheckOut,
  servedOn: r.servedOn,
  reason: r.reason,
  correctsId: r.correctsId,
  recordedBy: r.recordedBy,
  recordedAt: r.recordedAt.toISOString(),
});

const HoursSummarySchema = Type.Object({
  year: Type.String(),
  totalMinutes: Type.Integer(),
  totalHours: Type.Number({ description: 'Hours, one decimal' }),
  byMonth: Type.Array(Type.Object({ month: Type.String({ description: 'YYYY-MM' }), minutes: Type.Integer(), hours: Type.Number() })),
  records: Type.Array(Type.Object({ ...HourRecordSchema.properties, activityTitle: Type.String(), organiserName: Type.String() })),
});

const presentSummary = (s: HoursSummary) => ({
  year: s.year,
  totalMinutes: s.totalMinutes,
  totalHours: hoursOf(s.totalMinutes),
  byMonth: Object.entries(s.byMonth)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([month, minutes]) => ({ month, minutes, hours: hoursOf(minutes) })),
  records: s.records.map((r) => ({ ...presentRecord(r), activityTitle: r.activityTitle, organiserName: r.organiserName })),
});

const presentSessionRow = (s: SessionRow) => ({ id: s.id, startsAt: s.startsAt.toISOString(), endsAt: s.endsAt.toISOString(), capacity: s.capacity });
const SessionRowSchema = Type.Object({ id: Type.Integer(), startsAt: Time('Start'), endsAt: Time('End'), capacity: Type.Integer() });

const ActivityParams = Type.Object({ id: RowId('Activity id') }, { additionalProperties: false });
const SessionParams = Type.Object({ sessionId: RowId('Session id') }, { additionalProperties: false });
const HOST_RE = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

export function activityRoutes(ctx: AppContext, opts: { publicBaseUrl: string | null }): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/api/activities',
      {
        schema: {
          ...routePolicy(P, 'browse'),
          tags: TAGS,
          summary: '志愿活动: activities, newest first (published and cancelled; with organised=true those your units organise, drafts included)',
          querystring: Type.Object(
            {
              organised: Type.Optional(Type.Boolean({ description: 'Only the activities your units organise (organisers)' })),
              limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 100 })),
            },
            { additionalProperties: false },
          ),
          response: { 200: Type.Object({ items: Type.Array(ActivitySchema) }), ...errorResponses(400, 401, 403) },
        },
      },
      async (req) => ({
        items: (await listActivities(ctx, requireUser(req), { organised: req.query.organised, limit: req.query.limit })).map(presentActivity),
      }),
    );

    app.post(
      '/api/activities',
      {
        schema: {
          ...routePolicy(P, 'manage'),
          tags: TAGS,
          summary: 'Create an activity with its sessions (a draft, or published at once)',
          body: Type.Object(
            {
              ...details,
              organiserUnitId: Type.Optional(RowId('Organising unit (default: yours); yours or a unit below it')),
              sessions: Type.Array(SessionBody, { minItems: 1, maxItems: 50 }),
              publish: Type.Optional(Type.Boolean({ description: 'Publish at once' })),
            },
            { additionalProperties: false },
          ),
          response: { 201: ActivitySchema, ...errorResponses(400, 401, 403, 422) },
        },
      },
      async (req, reply) => {
        const p = requireUser(req);
        const a = await createActivity(ctx, p, req.body);
        return reply.status(201).send(presentActivity(await getActivity(ctx, p, a.id)));
      },
    );

    app.get(
      '/api/activities/:id',
      {
        schema: {
          ...routePolicy(P, 'browse'),
          tags: TAGS,
          summary: 'An activity with its sessions, their counts and your place on each',
          params: ActivityParams,
          response: { 200: ActivitySchema, ...errorResponses(400, 401, 403, 404) },
        },
      },
      async (req) => presentActivity(await getActivity(ctx, requireUser(req), req.params.id)),
    );

    app.patch(
      '/api/activities/:id',
      {
        schema: {
          ...routePolicy(P, 'manage'),
          tags: TAGS,
          summary: 'Edit an activity’s details (a new venue changes its check-in code)',
          params: ActivityParams,
          body: Type.Partial(Type.Object(details), { additionalProperties: false, minProperties: 1 }),
          response: { 200: ActivitySchema, ...errorResponses(400, 401, 403, 404, 409, 422) },
        },
      },
      async (req) => {
        const p = requireUser(req);
        await updateActivity(ctx, p, req.params.id, req.body);
        return presentActivity(await getActivity(ctx, p, req.params.id));
      },
    );

    app.post(
      '/api/activities/:id/publish',
      {
        schema: {
          ...routePolicy(P, 'manage'),
          tags: TAGS,
          summary: 'Publish a draft',
          params: ActivityParams,
          response: { 200: ActivitySchema, ...errorResponses(400, 401, 403, 404, 409, 422) },
        },
      },
      async (req) => {
        const p = requireUser(req);
        await publishActivity(ctx, p, req.params.id);
        return presentActivity(await getActivity(ctx, p, req.params.id));
      },
    );

    app.post(
      '/api/activities/:id/cancel',
      {
        schema: {
          ...routePolicy(P, 'manage'),
          tags: TAGS,
          summary: 'Cancel an activity, with a reason',
          params: ActivityParams,
          body: Type.Object({ reason: Text(500, 'Why', 1) }, { additionalProperties: false }),
          response: { 200: ActivitySchema, ...errorResponses(400, 401, 403, 404, 409) },
        },
      },
      async (req) => {
        const p = requireUser(req);
        await cancelActivity(ctx, p, req.params.id, req.body.reason);
        return presentActivity(await getActivity(ctx, p, req.params.id));
      },
    );

    app.post(
      '/api/activities/:id/sessions',
      {
        schema: {
          ...routePolicy(P, 'manage'),
          tags: TAGS,
          summary: 'Add a session',
          params: ActivityParams,
          body: SessionBody,
          response: { 201: SessionRowSchema, ...errorResponses(400, 401, 403, 404, 409, 422) },
        },
      },
      async (req, reply) => reply.status(201).send(presentSessionRow(await addSession(ctx, requireUser(req), req.params.id, req.body))),
    );

    app.patch(
      '/api/activities/sessions/:sessionId',
      {
        schema: {
          ...routePolicy(P, 'manage'),
          tags: TAGS,
          summary:
            'Change a session’s time or capacity (a published session only before it starts; a smaller capacity moves the latest sign-ups to the head of the waiting list, a larger one promotes the waiting in order)',
          params: SessionParams,
          body: Type.Partial(SessionBody, { additionalProperties: false, minProperties: 1 }),
          response: {
            200: Type.Object({
              session: SessionRowSchema,
              promoted: Type.Array(Type.Integer(), { description: 'Users moved from the waiting list to signed up' }),
              demoted: Type.Array(Type.Integer(), { description: 'Users moved from signed up to the head of the waiting list' }),
            }),
            ...errorResponses(400, 401, 403, 404, 409, 422),
          },
        },
      },
      async (req) => {
        const r = await updateSession(ctx, requireUser(req), req.params.sessionId, req.body);
        return { session: presentSessionRow(r.session), promoted: r.promoted, demoted: r.demoted };
      },
    );

    app.get(
      '/api/activities/sessions/:sessionId/signups',
      {
        schema: {
          ...routePolicy(P, 'manage'),
          tags: TAGS,
          summary: 'A session’s list for its organisers: sign-ups in order, check-ins, computed and recorded minutes, and the hour records',
          params: SessionParams,
          response: {
            200: Type.Object({
              session: SessionRowSchema,
              activityId: Type.Integer(),
              activityTitle: Type.String(),
              items: Type.Array(
                Type.Object({
                  userId: Type.Integer(),
                  displayName: Type.String(),
                  username: Type.String(),
                  ...SignupSchema.properties,
                  checkInDistanceM: nullable(Type.Integer({ description: 'Metres from the venue at check-in, when the phone sent its position' })),
                  computedMinutes: nullable(Type.Integer({ description: 'From check-in and check-out, clipped to the session' })),
                  recordedMinutes: nullable(Type.Integer({ description: 'Recorded so far (records and corrections)' })),
                }),
              ),
              records: Type.Array(Type.Object({ ...HourRecordSchema.properties, displayName: Type.String({ description: 'The volunteer’s name' }) })),
            }),
            ...errorResponses(400, 401, 403, 404),
          },
        },
      },
      async (req) => {
        const r = await sessionList(ctx, requireUser(req), req.params.sessionId);
        return {
          session: presentSessionRow(r.session),
          activityId: r.activity.id,
          activityTitle: r.activity.title,
          items: r.entries.map((e) => ({
            userId: e.userId,
            displayName: e.displayName,
            username: e.username,
            ...presentSignup(e)!,
            checkInDistanceM: e.checkInDistanceM,
            computedMinutes: e.computedMinutes,
            recordedMinutes: e.recordedMinutes,
          })),
          records: r.records.map((x) => ({ ...presentRecord(x), displayName: x.displayName })),
        };
      },
    );

    app.post(
      '/api/activities/sessions/:sessionId/signups',
      {
        schema: {
          ...routePolicy(P, 'volunteer'),
          tags: TAGS,
          summary: 'Sign up for a session (volunteers): signed up while there is room, else on the waiting list',
          params: SessionParams,
          response: {
            200: Type.Object({
              status: enumString(['signed_up', 'waiting'] as const),
              waitingAhead: Type.Integer({ description: 'Volunteers ahead of you on the waiting list' }),
            }),
            ...errorResponses(400, 401, 403, 404, 409),
          },
        },
      },
      async (req) => {
        const r = await signUp(ctx, requireUser(req), req.params.sessionId);
        return { status: r.status as 'signed_up' | 'waiting', waitingAhead: r.waitingAhead };
      },
    );

    app.delete(
      '/api/activities/sessions/:sessionId/signups/me',
      {
        schema: {
          ...routePolicy(P, 'volunteer'),
          tags: TAGS,
          summary: 'Leave a session’s list before it starts; the first waiting volunteer takes the place',
          params: SessionParams,
          response: { 200: Type.Object({ cancelled: Type.Boolean() }), ...errorResponses(400, 401, 403, 404, 409) },
        },
      },
      async (req) => {
        await cancelSignup(ctx, requireUser(req), req.params.sessionId);
        return { cancelled: true };
      },
    );

    app.get(
      '/api/activities/sessions/:sessionId/check-in-code',
      {
        schema: {
          ...routePolicy(P, 'manage'),
          tags: TAGS,
          summary: 'The check-in QR code of now (organisers’ screen): a link to /m/check-in with a signed token; fetch again at refreshAt',
          params: SessionParams,
          response: {
            200: Type.Object({
              url: Type.String({ description: 'What the QR code encodes' }),
              token: Type.String(),
              svg: Type.String({ description: 'The QR code as SVG' }),
              expiresAt: Time('After this the token is refused'),
              refreshAt: Time('When the screen shows the next code'),
              activityTitle: Type.String(),
              venueName: Type.String(),
              session: SessionRowSchema,
            }),
            ...errorResponses(400, 401, 403, 404, 409),
          },
        },
      },
      async (req) => {
        let base: string;
        if (opts.publicBaseUrl) base = opts.publicBaseUrl.replace(/\/+$/, '');
        else {
          if (!HOST_RE.test(req.host)) throw new AppError('VALIDATION.INVALID_INPUT', 'The request’s Host header is not a host name');
          base = `${req.protocol === 'https' ? 'https' : 'http'}://${req.host}`;
        }
        const c = await checkInCode(ctx, requireUser(req), req.params.sessionId, base);
        return {
          url: c.url,
          token: c.token,
          svg: c.svg,
          expiresAt: c.expiresAt.toISOString(),
          refreshAt: c.refreshAt.toISOString(),
          activityTitle: c.activity.title,
          venueName: c.activity.venueName,
          session: presentSessionRow(c.session),
        };
      },
    );

    app.post(
      '/api/activities/check-ins',
      {
        schema: {
          ...routePolicy(P, 'volunteer'),
          tags: TAGS,
          summary: 'Check in or out with the code scanned at the venue (volunteers): in the first time, out the second',
          body: Type.Object(
            {
              token: Type.String({ minLength: 1, maxLength: 200, description: 'The `t` of the scanned link' }),
              action: Type.Optional(enumString(['auto', 'in', 'out'] as const, 'auto (default): in, or out when checked in')),
              position: Type.Optional(
                Type.Object(
                  {
                    latitude: Type.Number({ minimum: -90, maximum: 90 }),
                    longitude: Type.Number({ minimum: -180, maximum: 180 }),
                  },
                  { additionalProperties: false, description: 'The phone’s position, checked against the venue’s when both are known' },
                ),
              ),
            },
            { additionalProperties: false },
          ),
          response: {
            200: Type.Object({
              action: enumString(['checked_in', 'checked_out'] as const),
              at: Time('When'),
              sessionId: Type.Integer(),
              activityId: Type.Integer(),
              checkedInAt: Time('Check-in'),
              checkedOutAt: nullable(Time('Check-out')),
            }),
            ...errorResponses(400, 401, 403, 409, 422),
          },
        },
      },
      async (req) => {
        const r = await checkIn(ctx, requireUser(req), req.body);
        return {
          action: r.action,
          at: r.at.toISOString(),
          sessionId: r.sessionId,
          activityId: r.activityId,
          checkedInAt: r.checkedInAt.toISOString(),
          checkedOutAt: r.checkedOutAt?.toISOString() ?? null,
        };
      },
    );

    app.post(
      '/api/activities/sessions/:sessionId/hours',
      {
        schema: {
          ...routePolicy(P, 'manage'),
          tags: TAGS,
          summary: 'Confirm a finished session’s hours (organisers): everyone checked in, or the listed volunteers with adjusted minutes and reasons',
          params: SessionParams,
          body: Type.Object(
            {
              items: Type.Optional(
                Type.Array(
                  Type.Object(
                    {
                      userId: RowId('Volunteer (user id)'),
                      minutes: Type.Optional(Type.Integer({ minimum: 0, maximum: 1440, description: 'Adjusted minutes (default: from the check-in)' })),
                      reason: Type.Optional(Text(500, 'Why the figure differs from the check-in')),
                    },
                    { additionalProperties: false },
                  ),
                  { minItems: 1, maxItems: 10_000, description: 'Default: every checked-in volunteer not yet recorded' },
                ),
              ),
            },
            { additionalProperties: false },
          ),
          response: {
            200: Type.Object({
              recorded: Type.Array(HourRecordSchema),
              skipped: Type.Array(Type.Integer(), { description: 'Already recorded: left as they are' }),
            }),
            ...errorResponses(400, 401, 403, 404, 409, 422),
          },
        },
      },
      async (req) => {
        const r = await confirmHours(ctx, requireUser(req), req.params.sessionId, req.body.items);
        return { recorded: r.recorded.map(presentRecord), skipped: r.skipped };
      },
    );

    app.post(
      '/api/activities/sessions/:sessionId/manual-hours',
      {
        schema: {
          ...routePolicy(P, 'coordinate'),
          tags: TAGS,
          summary: 'Record a walk-in’s or a paper record’s hours by hand (coordinators), flagged manual with the reason',
          params: SessionParams,
          body: Type.Object(
            {
              userId: RowId('Volunteer (user id)'),
              minutes: Type.Integer({ minimum: 1, maximum: 1440, description: 'Minutes served' }),
              source: enumString(['walk_in', 'paper'] as const, 'walk_in 现场补录 · paper 纸质补录'),
              reason: Text(500, 'Why by hand (who vouches, which sheet)', 1),
            },
            { additionalProperties: false },
          ),
          response: { 201: HourRecordSchema, ...errorResponses(400, 401, 403, 404, 409, 422) },
        },
      },
      async (req, reply) => reply.status(201).send(presentRecord(await recordManualHours(ctx, requireUser(req), req.params.sessionId, req.body))),
    );

    app.post(
      '/api/activities/hours/:recordId/corrections',
      {
        schema: {
          ...routePolicy(P, 'coordinate'),
          tags: TAGS,
          summary: 'Correct a record by a new one (coordinators): the new figure for that session, with the reason',
          params: Type.Object(
            { recordId: Type.Integer({ minimum: 1, maximum: 9_007_199_254_740_991, description: 'Hour record id' }) },
            { additionalProperties: false },
          ),
          body: Type.Object(
            { minutes: Type.Integer({ minimum: 0, maximum: 1440, description: 'The right figure in minutes' }), reason: Text(500, 'Why', 1) },
            { additionalProperties: false },
          ),
          response: { 201: HourRecordSchema, ...errorResponses(400, 401, 403, 404, 422) },
        },
      },
      async (req, reply) => reply.status(201).send(presentRecord(await correctHours(ctx, requireUser(req), req.params.recordId, req.body))),
    );

    app.get(
      '/api/activities/volunteers',
      {
        schema: {
          ...routePolicy(P, 'coordinate'),
          tags: TAGS,
          summary: 'Volunteers by name or username (coordinators picking whom to record)',
          querystring: Type.Object({ q: Text(50, 'Part of the name or username', 1) }, { additionalProperties: false }),
          response: {
            200: Type.Object({ items: Type.Array(Type.Object({ id: Type.Integer(), username: Type.String(), displayName: Type.String() })) }),
            ...errorResponses(400, 401, 403),
          },
        },
      },
      async (req) => ({ items: await searchVolunteers(ctx, requireUser(req), req.query.q) }),
    );

    app.get(
      '/api/activities/volunteers/:userId/record',
      {
        schema: {
          ...routePolicy(P, 'serviceRecords'),
          tags: TAGS,
          summary: 'A volunteer’s service record of a year (staff)',
          params: Type.Object({ userId: RowId('Volunteer (user id)') }, { additionalProperties: false }),
          querystring: Type.Object({ year: Year }, { additionalProperties: false }),
          response: { 200: Type.Object({ ...HoursSummarySchema.properties, displayName: Type.String() }), ...errorResponses(400, 401, 403, 404) },
        },
      },
      async (req) => {
        const r = await serviceRecord(ctx, requireUser(req), req.params.userId, req.query.year);
        return { ...presentSummary(r), displayName: r.displayName };
      },
    );

    app.get(
      '/api/activities/my/signups',
      {
        schema: {
          ...routePolicy(P, 'volunteer'),
          tags: TAGS,
          summary: 'My sessions (volunteers): signed up, waiting or cancelled, newest first',
          response: {
            200: Type.Object({
              items: Type.Array(
                Type.Object({
                  activityId: Type.Integer(),
                  activityTitle: Type.String(),
                  activityState: enumString(ACTIVITY_STATES),
                  venueName: Type.String(),
                  session: SessionRowSchema,
                  ...SignupSchema.properties,
                }),
              ),
            }),
            ...errorResponses(401, 403),
          },
        },
      },
      async (req) => ({
        items: (await mySignups(ctx, requireUser(req))).map((r) => ({
          activityId: r.activity.id,
          activityTitle: r.activity.title,
          activityState: r.activity.state as (typeof ACTIVITY_STATES)[number],
          venueName: r.activity.venueName,
          session: presentSessionRow(r.session),
          ...presentSignup(r.signup)!,
        })),
      }),
    );

    app.get(
      '/api/activities/my/hours',
      {
        schema: {
          ...routePolicy(P, 'volunteer'),
          tags: TAGS,
          summary: 'My service hours of a year (volunteers), by month, with every record',
          querystring: Type.Object({ year: Year }, { additionalProperties: false }),
          response: { 200: HoursSummarySchema, ...errorResponses(400, 401, 403) },
        },
      },
      async (req) => presentSummary(await myHours(ctx, requireUser(req), req.query.year)),
    );

    app.get(
      '/api/activities/my/certificate.pdf',
      {
        schema: {
          ...routePolicy(P, 'volunteer'),
          tags: TAGS,
          summary: '志愿服务时长证明: my certificate of service hours of a year, as a PDF',
          querystring: Type.Object({ year: Year }, { additionalProperties: false }),
          response: { 200: Type.String({ format: 'binary', description: 'PDF bytes' }), ...errorResponses(400, 401, 403, 503) },
        },
      },
      async (req, reply) => {
        const pdf = await myCertificate(ctx, requireUser(req), req.query.year);
        return reply
          .type('application/pdf')
          .header(
            'content-disposition',
            `attachment; filename="certificate-${req.query.year}.pdf"; filename*=UTF-8''${encodeURIComponent(`志愿服务时长证明-${req.query.year}`)}.pdf`,
          )
          .send(pdf as never);
      },
    );

    app.get(
      '/api/activities/leaderboard',
      {
        schema: {
          ...routePolicy(P, 'leaderboard'),
          tags: TAGS,
          summary: 'Leaderboards of a month or a year: volunteers (named by their consent) and organising units by hours',
          querystring: Type.Object({ period: Period }, { additionalProperties: false }),
          response: {
            200: Type.Object({
              period: Type.String(),
              volunteers: Type.Array(
                Type.Object({
                  rank: Type.Integer(),
                  name: Type.String({ description: 'The real name when the volunteer consented to show it, masked (张**) otherwise' }),
                  hours: Type.Number(),
                  sessions: Type.Integer(),
                  you: Type.Boolean({ description: 'This row is you' }),
                }),
              ),
              organisers: Type.Array(
                Type.Object({ rank: Type.Integer(), unitId: Type.Integer(), name: Type.String(), hours: Type.Number(), volunteers: Type.Integer() }),
              ),
            }),
            ...errorResponses(400, 401, 403),
          },
        },
      },
      async (req) => leaderboard(ctx, requireUser(req), req.query.period),
    );

    app.get(
      '/api/activities/leaderboard/teams',
      {
        schema: {
          ...routePolicy(P, 'leaderboard'),
          tags: TAGS,
          summary: 'Teams by their members’ hours in a month or a year (a member counts for every team they belong to)',
          querystring: Type.Object({ period: Period }, { additionalProperties: false }),
          response: {
            200: Type.Object({
              period: Type.String(),
              teams: Type.Array(
                Type.Object({
                  rank: Type.Integer(),
                  teamId: Type.Integer(),
                  name: Type.String({ description: 'The team’s name' }),
                  stationName: Type.String({ description: 'The practice station the team belongs to' }),
                  hours: Type.Number({ description: 'Hours its current members served in the period' }),
                  members: Type.Integer({ description: 'Members now' }),
                  activeMembers: Type.Integer({ description: 'Members with hours in the period' }),
                  yours: Type.Boolean({ description: 'You are a member' }),
                }),
              ),
            }),
            ...errorResponses(400, 401, 403),
          },
        },
      },
      async (req) => teamLeaderboard(ctx, requireUser(req), req.query.period),
    );
  };
}
