/** 双报到 (issue 18, part 3): report-ins, needs and claims, resources, attendance, evaluations, the overview. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type TProperties } from 'typebox';
import type { AppContext } from '../../engine/context.ts';
import { requireUser } from '../../engine/http/auth.ts';
import { nullable } from '../../engine/http/tickets.schemas.ts';
import { routePolicy } from '../../engine/policy.ts';
import { errorResponses, literalUnion, Month, RowId, Text } from '../../platform/http/schemas.ts';
import { PARTY_POLICY } from './party.policy.ts';
import { photoResponse, sendPhoto } from '../../engine/http/attachments.routes.ts';
import {
  CLAIM_STATES,
  GRADES,
  MAX_PEOPLE_WANTED,
  MAX_SERVICE_MINUTES,
  MAX_SERVICE_PHOTOS,
  NEED_CATEGORIES,
  NEED_STATES,
  REPORT_IN_STATUSES,
} from './reportin.domain.ts';
import {
  attendance,
  cancelClaim,
  changePeopleWanted,
  claimNeed,
  communityReportIns,
  confirmClaim,
  evaluate,
  listEvaluations,
  listNeeds,
  listResources,
  myReportIn,
  overview,
  publishNeed,
  publishResource,
  recordAttendance,
  recordService,
  registerMember,
  reportInMyself,
  reportInOrganisation,
  sendBackClaim,
  servicePhoto,
  withdrawNeed,
  withdrawReportIn,
} from './reportin.service.ts';

const Enum = <T extends readonly string[]>(values: T, description: string) => Type.Unsafe<T[number]>({ type: 'string', enum: [...values], description });
const IsoTime = (description: string) => Type.String({ format: 'date-time', description });
const LocalDay = (description: string) => Type.String({ format: 'date', description });
const CommunityQuery = Type.String({
  pattern: '^\\d{12}$',
  description: 'A community (12-digit division code) in the worker’s scope; a community’s own worker may leave it out',
});
const Category =
  'elderly 为老服务 · children 关爱少儿 · environment 环境整治 · safety 平安建设 · culture 文化宣传 · health 医疗健康 · mediation 矛盾调解 · other 其他';
const Kind = Enum(['member', 'organisation'] as const, 'A member (党员) or a unit organisation (单位党组织)');

const ReportInSchema = Type.Object({
  id: Type.Integer(),
  communityCode: Type.String({ description: 'The community reported in to' }),
  communityName: Type.String(),
  kind: Kind,
  memberId: nullable(Type.Integer()),
  organisationId: nullable(Type.Integer()),
  name: Type.String({ description: 'The member’s name, masked (张*) unless it is the viewer’s own; the organisation’s name' }),
  phone: nullable(Type.String(), 'The member’s mobile number, masked; null for an organisation or when unknown'),
  inService: Type.Boolean({ description: '在职党员' }),
  workUnit: nullable(Type.String(), 'Where an in-service member works'),
  status: Enum(REPORT_IN_STATUSES, 'active 在册 · withdrawn 已撤销'),
  reportedOn: LocalDay('Reported in on (local date)'),
  withdrawnAt: nullable(IsoTime('Withdrawn at')),
  withdrawReason: nullable(Type.String()),
});

const ClaimSchema = Type.Object({
  id: Type.Integer(),
  needId: Type.Integer(),
  kind: Kind,
  memberId: nullable(Type.Integer()),
  organisationId: nullable(Type.Integer()),
  claimantName: Type.String({ description: 'The member (masked unless the viewer’s own) or the organisation' }),
  state: Enum(CLAIM_STATES, 'claimed 已认领 · done 已记录服务（待确认） · confirmed 社区已确认 · cancelled 已取消'),
  claimedAt: IsoTime('Claimed at'),
  summary: nullable(Type.String(), 'What was done (the service record)'),
  servedOn: nullable(LocalDay('The day served')),
  minutes: nullable(Type.Integer({ description: 'Minutes served' })),
  recordedAt: nullable(IsoTime('Service recorded at')),
  confirmedAt: nullable(IsoTime('Confirmed by the community at')),
  sentBackReason: nullable(Type.String(), 'The community’s reason, when it sent the record back'),
  photoIds: Type.Array(Type.Integer(), { description: 'The service record’s photos (GET /api/party/reportin/claims/{id}/photos/{photoId})' }),
});

const NeedSchema = Type.Object({
  id: Type.Integer(),
  communityCode: Type.String(),
  communityName: Type.String(),
  title: Type.String(),
  description: Type.String(),
  category: Enum(NEED_CATEGORIES, Category),
  peopleWanted: Type.Integer({ description: 'People (or organisations) wanted' }),
  neededOn: LocalDay('The day the service is wanted'),
  timeText: Type.String({ description: 'Time of day in words' }),
  place: Type.String(),
  state: Enum(NEED_STATES, 'open 待认领 · claimed 已认满 · done 已服务待确认 · confirmed 已确认 · withdrawn 已撤回'),
  claimedCount: Type.Integer({ description: 'Active claims' }),
  createdAt: IsoTime('Published at'),
  withdrawReason: nullable(Type.String()),
  claims: Type.Array(ClaimSchema, { description: 'Its claims with their service records (empty in lists that leave them out)' }),
});

const ResourceSchema = Type.Object({
  id: Type.Integer(),
  communityCode: Type.String(),
  organisationId: Type.Integer({ description: 'The reported organisation offering it' }),
  organisationName: Type.String(),
  title: Type.String(),
  description: Type.String(),
  category: Enum(NEED_CATEGORIES, Category),
  createdAt: IsoTime('Listed at'),
});

const AttendanceSchema = Type.Object({
  communityCode: Type.String(),
  day: LocalDay('The report-in day shown'),
  days: Type.Array(
    Type.Object({
      day: LocalDay('A past report-in day (last Saturday of a month)'),
      present: nullable(Type.Integer(), 'Members present; null when nothing was recorded'),
      total: nullable(Type.Integer(), 'Members recorded'),
    }),
  ),
  members: Type.Array(
    Type.Object({
      memberId: Type.Integer(),
      reportInId: Type.Integer(),
      name: Type.String({ description: 'Masked' }),
      present: nullable(Type.Boolean(), 'null when the day is not recorded'),
    }),
    { description: 'Members reported in on or before the day' },
  ),
});

const EvaluationSchema = Type.Object({
  id: Type.Integer(),
  communityCode: Type.String({ description: 'The evaluating community' }),
  communityName: Type.String(),
  year: Type.Integer(),
  kind: Kind,
  memberId: nullable(Type.Integer()),
  organisationId: nullable(Type.Integer()),
  name: Type.String({ description: 'Member (masked unless the viewer’s own) or organisation' }),
  branchId: Type.Integer({ description: 'The branch the result goes back to' }),
  branchName: Type.String(),
  grade: Enum(GRADES, 'excellent 优秀 · qualified 合格 · basically_qualified 基本合格 · unqualified 不合格'),
  gradeLabel: Type.String({ description: 'The grade in Chinese' }),
  comment: Type.String(),
  evaluatedAt: IsoTime('Evaluated at (latest)'),
});

const Figures = {
  reportedMembers: Type.Integer({ description: 'Members reported in (active now)' }),
  reportedOrganisations: Type.Integer({ description: 'Organisations reported in (active now)' }),
  activeMembers: Type.Integer({ description: 'Members with a service recorded (done or confirmed) on a day of the month' }),
  activeOrganisations: Type.Integer({ description: 'Organisations with a service recorded on a day of the month' }),
  needsOpen: Type.Integer({ description: 'The month’s needs still open (room left)' }),
  needsUnclaimed: Type.Integer({ description: 'Open needs of the month without a single claim' }),
  needsClaimed: Type.Integer({ description: 'Needs fully claimed, service not all recorded' }),
  needsDone: Type.Integer({ description: 'Needs served, waiting for confirmation' }),
  needsConfirmed: Type.Integer({ description: 'Needs confirmed by the community' }),
  needsWithdrawn: Type.Integer({ description: 'Needs withdrawn' }),
  claims: Type.Integer({ description: 'Active claims on the month’s needs' }),
  serviceMinutes: Type.Integer({ description: 'Minutes served in the month (recorded services)' }),
};

const ManageBody = <T extends TProperties>(props: T) => Type.Object(props, { additionalProperties: false });
const IdParams = (what: string) => Type.Object({ id: RowId(what) }, { additionalProperties: false });
const Reason = (what: string) => ManageBody({ reason: Text(200, what, 2) });
const TAGS = ['party'];

export function reportinRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/api/party/reportin/community',
      {
        schema: {
          ...routePolicy(PARTY_POLICY, 'reportinRead'),
          tags: TAGS,
          summary: '双报到: who reported in to a community (members masked), and who lives there or is paired with it without having reported in',
          querystring: Type.Object(
            {
              community: Type.Optional(CommunityQuery),
              includeWithdrawn: Type.Optional(Type.Boolean({ default: false, description: 'Include withdrawn report-ins' })),
            },
            { additionalProperties: false },
          ),
          response: {
            200: Type.Object({
              communityCode: Type.String(),
              communityName: Type.String(),
              manage: Type.Boolean({ description: 'The viewer is the community’s own party worker' }),
              reportIns: Type.Array(ReportInSchema),
              candidates: Type.Object({
                members: Type.Array(
                  Type.Object({
                    memberId: Type.Integer(),
                    name: Type.String({ description: 'Masked' }),
                    inService: Type.Boolean(),
                    workUnit: nullable(Type.String()),
                  }),
                  { description: 'Members living in the community, not reported in (in-service first, at most 500)' },
                ),
                organisations: Type.Array(Type.Object({ organisationId: Type.Integer(), name: Type.String() }), {
                  description: 'Active organisations paired with the community, not reported in',
                }),
              }),
            }),
            ...errorResponses(400, 401, 403, 404, 422),
          },
        },
      },
      async (req) => communityReportIns(ctx, requireUser(req), req.query.community, req.query.includeWithdrawn ?? false),
    );

    app.post(
      '/api/party/reportin/members',
      {
        schema: {
          ...routePolicy(PARTY_POLICY, 'reportinManage'),
          tags: TAGS,
          summary: 'The community registers a member who lives in it (idempotent while reported in; an active report-in elsewhere is withdrawn)',
          body: ManageBody({
            memberId: RowId('The member'),
            reportedOn: Type.Optional(LocalDay('Reported in on (a paper record’s date; default today; at most three years back)')),
          }),
          response: { 200: ReportInSchema, ...errorResponses(400, 401, 403, 404, 409, 422) },
        },
      },
      async (req) => registerMember(ctx, requireUser(req), req.body.memberId, req.body.reportedOn),
    );

    app.post(
      '/api/party/reportin/organisations',
      {
        schema: {
          ...routePolicy(PARTY_POLICY, 'reportinClaim'),
          tags: TAGS,
          summary: 'A unit organisation reports in to its paired community: by its secretary, a party worker in scope of it, or that community’s worker',
          body: ManageBody({
            organisationId: RowId('The organisation'),
            reportedOn: Type.Optional(LocalDay('Reported in on (default today; at most three years back)')),
          }),
          response: { 200: ReportInSchema, ...errorResponses(400, 401, 403, 404, 409, 422) },
        },
      },
      async (req) => reportInOrganisation(ctx, requireUser(req), req.body.organisationId, req.body.reportedOn),
    );

    app.post(
      '/api/party/reportin/:id/withdraw',
      {
        schema: {
          ...routePolicy(PARTY_POLICY, 'reportinManage'),
          tags: TAGS,
          summary: 'The community withdraws a report-in (moved away, transferred …) with a reason; the record stays',
          params: IdParams('Report-in id'),
          body: Reason('Why'),
          response: { 200: ReportInSchema, ...errorResponses(400, 401, 403, 404, 409, 422) },
        },
      },
      async (req) => withdrawReportIn(ctx, requireUser(req), req.params.id, req.body.reason),
    );

    app.get(
      '/api/party/reportin/me',
      {
        schema: {
          ...routePolicy(PARTY_POLICY, 'reportinSelf'),
          tags: TAGS,
          summary: 'The member’s 双报到: my report-in, the open needs of my community, my claims (a secretary: also the branch’s)',
          response: {
            200: Type.Object({
              memberId: Type.Integer(),
              homeCommunityCode: nullable(Type.String()),
              homeCommunityName: nullable(Type.String()),
              reportIn: nullable(ReportInSchema, 'Active report-in, or null'),
              openNeeds: Type.Array(NeedSchema, { description: 'Open needs of the community reported in to, from a week ago on (claims left out)' }),
              claims: Type.Array(
                Type.Intersect([ClaimSchema, Type.Object({ needTitle: Type.String(), needOn: LocalDay('The need’s day'), communityName: Type.String() })]),
              ),
              organisation: nullable(
                Type.Object({
                  id: Type.Integer(),
                  name: Type.String(),
                  pairedCommunityCode: Type.String(),
                  pairedCommunityName: Type.String(),
                  reportIn: nullable(ReportInSchema),
                }),
                'For a secretary of a paired organisation: its report-in',
              ),
            }),
            ...errorResponses(401, 403, 404),
          },
        },
      },
      async (req) => myReportIn(ctx, requireUser(req)),
    );

    app.post(
      '/api/party/reportin/me',
      {
        schema: {
          ...routePolicy(PARTY_POLICY, 'reportinSelf'),
          tags: TAGS,
          summary: 'The member reports in to their home community (idempotent)',
          response: { 200: ReportInSchema, ...errorResponses(401, 403, 404, 422) },
        },
      },
      async (req) => reportInMyself(ctx, requireUser(req)),
    );

    app.get(
      '/api/party/reportin/needs',
      {
        schema: {
          ...routePolicy(PARTY_POLICY, 'reportinRead'),
          tags: TAGS,
          summary: 'A community’s needs (需求清单) with their claims and service records, newest first (at most 300)',
          querystring: Type.Object(
            {
              community: Type.Optional(CommunityQuery),
              state: Type.Optional(literalUnion(NEED_STATES, 'Only needs in this state')),
            },
            { additionalProperties: false },
          ),
          response: { 200: Type.Object({ communityCode: Type.String(), needs: Type.Array(NeedSchema) }), ...errorResponses(400, 401, 403, 404, 422) },
        },
      },
      async (req) => listNeeds(ctx, requireUser(req), req.query.community, req.query.state === undefined ? undefined : [req.query.state]),
    );

    app.post(
      '/api/party/reportin/needs',
      {
        schema: {
          ...routePolicy(PARTY_POLICY, 'reportinManage'),
          tags: TAGS,
          summary: 'The community publishes a need (open)',
          body: ManageBody({
            title: Text(60, 'What is needed, e.g. 重阳节助老活动', 2),
            description: Text(1000, 'Details'),
            category: literalUnion(NEED_CATEGORIES, Category),
            peopleWanted: Type.Integer({ minimum: 1, maximum: MAX_PEOPLE_WANTED, description: `People (or organisations) wanted, 1–${MAX_PEOPLE_WANTED}` }),
            neededOn: LocalDay('The day (within a year either side of today)'),
            timeText: Text(60, 'Time of day in words (上午9:00-11:00)'),
            place: Text(100, 'Where'),
          }),
          response: { 201: NeedSchema, ...errorResponses(400, 401, 403, 422) },
        },
      },
      async (req, reply) => reply.code(201).send(await publishNeed(ctx, requireUser(req), req.body)),
    );

    app.patch(
      '/api/party/reportin/needs/:id',
      {
        schema: {
          ...routePolicy(PARTY_POLICY, 'reportinManage'),
          tags: TAGS,
          summary: 'Change how many people a need wants (never below its active claims; lowering it to them closes the need to new claims)',
          params: IdParams('Need id'),
          body: ManageBody({ peopleWanted: Type.Integer({ minimum: 1, maximum: MAX_PEOPLE_WANTED, description: 'People wanted' }) }),
          response: { 200: NeedSchema, ...errorResponses(400, 401, 403, 404, 409, 422) },
        },
      },
      async (req) => changePeopleWanted(ctx, requireUser(req), req.params.id, req.body.peopleWanted),
    );

    app.post(
      '/api/party/reportin/needs/:id/withdraw',
      {
        schema: {
          ...routePolicy(PARTY_POLICY, 'reportinManage'),
          tags: TAGS,
          summary: 'Withdraw a need with no recorded service; its claims are cancelled',
          params: IdParams('Need id'),
          body: Reason('Why'),
          response: { 200: NeedSchema, ...errorResponses(400, 401, 403, 404, 409, 422) },
        },
      },
      async (req) => withdrawNeed(ctx, requireUser(req), req.params.id, req.body.reason),
    );

    app.post(
      '/api/party/reportin/needs/:id/claims',
      {
        schema: {
          ...routePolicy(PARTY_POLICY, 'reportinClaim'),
          tags: TAGS,
          summary:
            'Claim a need: a reported member for themself, for a reported organisation (its secretary or a party worker in scope), or the community’s worker for a reported member (代认领); never beyond the people wanted',
          params: IdParams('Need id'),
          body: Type.Object(
            {
              organisationId: Type.Optional(RowId('Claim for this organisation (leave out to claim for yourself)')),
              memberId: Type.Optional(RowId('代认领: the community’s worker claims for a reported member (without a phone)')),
            },
            { additionalProperties: false },
          ),
          response: { 201: ClaimSchema, ...errorResponses(400, 401, 403, 404, 409) },
        },
      },
      async (req, reply) => reply.code(201).send(await claimNeed(ctx, requireUser(req), req.params.id, req.body ?? {})),
    );

    app.post(
      '/api/party/reportin/claims/:id/record',
      {
        schema: {
          ...routePolicy(PARTY_POLICY, 'reportinClaim'),
          tags: TAGS,
          summary: 'The claimant (or, for a member’s claim, the community’s worker: 代录) records the service done (claimed → done; again after a send-back)',
          params: IdParams('Claim id'),
          body: ManageBody({
            summary: Text(500, 'What was done', 2),
            servedOn: LocalDay('The day served (not in the future, within a year)'),
            minutes: Type.Integer({ minimum: 1, maximum: MAX_SERVICE_MINUTES, description: `Minutes served, 1–${MAX_SERVICE_MINUTES}` }),
            photoIds: Type.Optional(
              Type.Array(RowId('Your own upload (POST /api/attachments), not yet attached'), {
                maxItems: MAX_SERVICE_PHOTOS,
                uniqueItems: true,
                description: `Photos of the service, added to the record’s (at most ${MAX_SERVICE_PHOTOS} in all)`,
              }),
            ),
          }),
          response: { 200: ClaimSchema, ...errorResponses(400, 401, 403, 404, 409, 422) },
        },
      },
      async (req) => recordService(ctx, requireUser(req), req.params.id, req.body),
    );

    app.get(
      '/api/party/reportin/claims/:id/photos/:photoId',
      {
        schema: {
          ...routePolicy(PARTY_POLICY, 'reportinPhoto'),
          tags: TAGS,
          summary: 'One photo of a service record: for its claimant and the party workers in scope of its community',
          params: Type.Object({ id: RowId('Claim id'), photoId: RowId('Photo (attachment) id') }, { additionalProperties: false }),
          ...photoResponse,
        },
      },
      async (req, reply) => sendPhoto(reply, await servicePhoto(ctx, requireUser(req), req.params.id, req.params.photoId)),
    );

    app.post(
      '/api/party/reportin/claims/:id/cancel',
      {
        schema: {
          ...routePolicy(PARTY_POLICY, 'reportinClaim'),
          tags: TAGS,
          summary: 'The claimant gives a claim up before recording (the need has room again)',
          params: IdParams('Claim id'),
          response: { 200: ClaimSchema, ...errorResponses(400, 401, 403, 404, 409) },
        },
      },
      async (req) => cancelClaim(ctx, requireUser(req), req.params.id),
    );

    app.post(
      '/api/party/reportin/claims/:id/confirm',
      {
        schema: {
          ...routePolicy(PARTY_POLICY, 'reportinManage'),
          tags: TAGS,
          summary: 'The community confirms a recorded service (done → confirmed)',
          params: IdParams('Claim id'),
          response: { 200: ClaimSchema, ...errorResponses(400, 401, 403, 404, 409) },
        },
      },
      async (req) => confirmClaim(ctx, requireUser(req), req.params.id),
    );

    app.post(
      '/api/party/reportin/claims/:id/send-back',
      {
        schema: {
          ...routePolicy(PARTY_POLICY, 'reportinManage'),
          tags: TAGS,
          summary: 'The community sends a recorded service back with a reason (done → claimed)',
          params: IdParams('Claim id'),
          body: Reason('Why (shown to the claimant)'),
          response: { 200: ClaimSchema, ...errorResponses(400, 401, 403, 404, 409, 422) },
        },
      },
      async (req) => sendBackClaim(ctx, requireUser(req), req.params.id, req.body.reason),
    );

    app.get(
      '/api/party/reportin/resources',
      {
        schema: {
          ...routePolicy(PARTY_POLICY, 'reportinRead'),
          tags: TAGS,
          summary: 'A community’s resources (资源清单): what its reported organisations offer',
          querystring: Type.Object({ community: Type.Optional(CommunityQuery) }, { additionalProperties: false }),
          response: { 200: Type.Object({ communityCode: Type.String(), resources: Type.Array(ResourceSchema) }), ...errorResponses(400, 401, 403, 404, 422) },
        },
      },
      async (req) => listResources(ctx, requireUser(req), req.query.community),
    );

    app.post(
      '/api/party/reportin/resources',
      {
        schema: {
          ...routePolicy(PARTY_POLICY, 'reportinManage'),
          tags: TAGS,
          summary: 'The community lists what a reported organisation offers',
          body: ManageBody({
            organisationId: RowId('The offering organisation (reported in to the community)'),
            title: Text(60, 'What is offered, e.g. 党员活动室, 义诊', 2),
            description: Text(1000, 'Details: when, how many, whom to ask'),
            category: literalUnion(NEED_CATEGORIES, Category),
          }),
          response: { 201: ResourceSchema, ...errorResponses(400, 401, 403, 404, 409, 422) },
        },
      },
      async (req, reply) => reply.code(201).send(await publishResource(ctx, requireUser(req), req.body)),
    );

    app.get(
      '/api/party/reportin/attendance',
      {
        schema: {
          ...routePolicy(PARTY_POLICY, 'reportinRead'),
          tags: TAGS,
          summary: 'Attendance on a report-in day (报到日, the last Saturday of the month; default the latest past one) and the past year’s days',
          querystring: Type.Object(
            { community: Type.Optional(CommunityQuery), day: Type.Optional(LocalDay('A past report-in day')) },
            { additionalProperties: false },
          ),
          response: { 200: AttendanceSchema, ...errorResponses(400, 401, 403, 404, 422) },
        },
      },
      async (req) => attendance(ctx, requireUser(req), req.query.community, req.query.day),
    );

    app.put(
      '/api/party/reportin/attendance',
      {
        schema: {
          ...routePolicy(PARTY_POLICY, 'reportinManage'),
          tags: TAGS,
          summary: 'Record a report-in day’s attendance: every member reported in on that day, present when listed (replaces the day’s record)',
          body: ManageBody({
            day: LocalDay('A report-in day of the past year'),
            present: Type.Array(RowId('A member present'), { maxItems: 5000, uniqueItems: true, description: 'Members present' }),
          }),
          response: { 200: AttendanceSchema, ...errorResponses(400, 401, 403, 409, 422) },
        },
      },
      async (req) => recordAttendance(ctx, requireUser(req), req.body.day, req.body.present),
    );

    app.get(
      '/api/party/reportin/evaluations',
      {
        schema: {
          ...routePolicy(PARTY_POLICY, 'reportinEvaluations'),
          tags: TAGS,
          summary:
            'A year’s evaluations: party workers those of communities in scope and of members/organisations whose own branch is in scope; a secretary their branch’s; a member their own',
          querystring: Type.Object(
            { year: Type.Integer({ minimum: 2000, maximum: 2100, description: 'The year evaluated' }) },
            { additionalProperties: false },
          ),
          response: { 200: Type.Object({ year: Type.Integer(), evaluations: Type.Array(EvaluationSchema) }), ...errorResponses(400, 401, 403, 404) },
        },
      },
      async (req) => listEvaluations(ctx, requireUser(req), req.query.year),
    );

    app.put(
      '/api/party/reportin/evaluations',
      {
        schema: {
          ...routePolicy(PARTY_POLICY, 'reportinManage'),
          tags: TAGS,
          summary: 'The community evaluates a reporting member or organisation for a year (from its December); again replaces the grade (history in events)',
          body: ManageBody({
            year: Type.Integer({ minimum: 2000, maximum: 2100, description: 'The year' }),
            memberId: Type.Optional(RowId('The member (or organisationId)')),
            organisationId: Type.Optional(RowId('The organisation (or memberId)')),
            grade: literalUnion(GRADES, 'excellent 优秀 · qualified 合格 · basically_qualified 基本合格 · unqualified 不合格'),
            comment: Text(500, 'The community’s comment'),
          }),
          response: { 200: EvaluationSchema, ...errorResponses(400, 401, 403, 404, 422) },
        },
      },
      async (req) => evaluate(ctx, requireUser(req), req.body),
    );

    app.get(
      '/api/party/reportin/overview',
      {
        schema: {
          ...routePolicy(PARTY_POLICY, 'reportinOverview'),
          tags: TAGS,
          summary: '双报到总览: a month’s figures per community and street in the worker’s scope (or one street), open needs with room left (unclaimed first)',
          querystring: Type.Object(
            { month: Month, street: Type.Optional(Type.String({ pattern: '^\\d{9}$', description: 'A street (9 digits) in scope' })) },
            { additionalProperties: false },
          ),
          response: {
            200: Type.Object({
              month: Type.String(),
              streetCode: nullable(Type.String()),
              communities: Type.Array(Type.Object({ communityCode: Type.String(), communityName: Type.String(), streetCode: Type.String(), ...Figures })),
              streets: Type.Array(Type.Object({ streetCode: Type.String(), streetName: Type.String(), communities: Type.Integer(), ...Figures })),
              totals: Type.Object(Figures),
              unclaimed: Type.Object({
                total: Type.Integer({ description: 'Open needs of the month with room left' }),
                needs: Type.Array(NeedSchema, { description: 'The first 100, unclaimed first, then by date' }),
              }),
              fellAStar: nullable(
                Type.Object(
                  {
                    year: Type.Integer({ description: 'The month’s year: its star-rating cycle' }),
                    final: Type.Boolean({ description: 'The cycle’s results are final; otherwise the reviews’ stars so far' }),
                    branches: Type.Array(
                      Type.Object({
                        organisationId: Type.Integer(),
                        organisationName: Type.String(),
                        streetCode: nullable(Type.String()),
                        streetName: nullable(Type.String()),
                        previousStars: Type.Integer({ description: 'The previous final result, 1–5' }),
                        stars: Type.Integer({ description: 'This year’s stars (final, else the review’s)' }),
                      }),
                    ),
                  },
                  {
                    description:
                      '降星支部: branches in scope (the street asked) whose stars fell below their previous final result; null when the year has no rating cycle',
                  },
                ),
              ),
            }),
            ...errorResponses(400, 401, 403, 404, 422),
          },
        },
      },
      async (req) => overview(ctx, requireUser(req), req.query.month, req.query.street),
    );
  };
}
