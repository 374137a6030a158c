/** 志愿服务: residents' accounts, volunteer profiles, station staff's lists, teams and roster imports. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../engine/context.ts';
import { requireUser } from '../../engine/http/auth.ts';
import { nullable } from '../../engine/http/tickets.schemas.ts';
import type { RouteOptions } from '../../engine/module.ts';
import { routePolicy } from '../../engine/policy.ts';
import { LoginThrottle } from '../../platform/auth/login-throttle.ts';
import { errorResponses, literalUnion, RowId, Text } from '../../platform/http/schemas.ts';
import { claimImportedAccount, myResidentAccount, registerResident, revealResident } from './residents.service.ts';
import { importRoster } from './roster.service.ts';
import { SKILL_CODES, TEAM_STATUSES, TIME_SLOTS } from './volunteers.domain.ts';
import { VOLUNTEERS_POLICY } from './volunteers.policy.ts';
import {
  addTeamMembers,
  createTeam,
  joinTeam,
  listTeams,
  listVolunteers,
  myVolunteerProfile,
  registerVolunteer,
  removeTeamMember,
  teamDetail,
  updateMyProfile,
  updateTeam,
  volunteerDetail,
} from './volunteers.service.ts';

/** A string enum in a response (typed for the web client). */
const Enum = <T extends readonly string[]>(values: T, description: string) => Type.Unsafe<T[number]>({ type: 'string', enum: [...values], description });

const SkillIn = literalUnion(SKILL_CODES, 'Skill code (助老 elderly_care, 助残 disability_aid, 义诊 free_clinic, 法律咨询 legal_advice …)');
const Skill = Enum(SKILL_CODES, 'Skill code');
const Phone = Type.String({ pattern: '^1[3-9]\\d{9}$', description: 'Mainland mobile number, 11 digits: the sign-in name' });
const IdNumber = Type.String({ pattern: '^\\d{17}[\\dXx]$', description: 'Resident ID number (18 characters, GB 11643 check character)' });
const Password = Text(200, 'Password: at least 10 characters with letters and digits', 1);
const AreaCode = Type.String({ pattern: '^\\d{9}(\\d{3})?$', description: 'Street/town (9 digits) or community (12 digits) division code of this district' });
const Slot = Type.Object(
  {
    weekday: Type.Integer({ minimum: 1, maximum: 7, description: 'ISO weekday: 1 Monday … 7 Sunday' }),
    slot: literalUnion(TIME_SLOTS, 'Part of the day: morning 上午, afternoon 下午, evening 晚上'),
  },
  { additionalProperties: false },
);
const SlotOut = Type.Object({ weekday: Type.Integer({ minimum: 1, maximum: 7 }), slot: Enum(TIME_SLOTS, 'Part of the day') });
const Page = Type.Integer({ minimum: 1, maximum: 100_000, default: 1, description: 'Page, from 1' });
const PageSize = Type.Integer({ minimum: 1, maximum: 100, default: 20, description: 'Rows per page (at most 100)' });
const IsoTime = (description: string) => Type.String({ format: 'date-time', description });

const ResidentSchema = Type.Object({
  userId: Type.Integer(),
  username: Type.String({ description: 'The sign-in name: the mobile number' }),
  realName: Type.String({ description: 'Real name; masked (张*) unless the viewer may see it' }),
  idNumber: Type.String({ description: 'Resident ID number; masked (110109********1234) unless the viewer may see it' }),
  phone: Type.String({ description: 'Mobile number; masked unless the viewer may see it' }),
  masked: Type.Boolean(),
  communityCode: Type.String({ description: 'Home community (12 digits)' }),
  communityName: Type.String(),
  stationUnitId: Type.Integer({ description: 'The home community’s practice station (the account’s unit)' }),
  stationName: Type.String(),
  source: Enum(['registered', 'imported'] as const, 'Opened on the mobile pages, or imported from a station’s roster'),
  claimed: Type.Boolean({ description: 'An imported account its owner has claimed (registered accounts: true)' }),
  isVolunteer: Type.Boolean(),
  createdAt: IsoTime('Opened at'),
});

const TeamRefSchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  status: Enum(TEAM_STATUSES, 'Team status'),
  leader: Type.Boolean({ description: 'Leads the team' }),
});

const ProfileSchema = Type.Object({
  userId: Type.Integer(),
  stationUnitId: Type.Integer(),
  stationName: Type.String(),
  skills: Type.Array(Skill),
  areas: Type.Array(Type.String(), { description: 'Service areas (division codes)' }),
  availability: Type.Array(SlotOut),
  consentPublicName: Type.Boolean({ description: 'Agrees that their name is shown in leaderboards and on public pages' }),
  consentAt: nullable(IsoTime('When the consent was last given or withdrawn')),
  source: Enum(['self', 'imported'] as const, 'Registered themself, or imported from a roster'),
  registeredAt: IsoTime('Registered as a volunteer at'),
  teams: Type.Array(TeamRefSchema),
});

const ProfileBody = Type.Object(
  {
    skills: Type.Array(SkillIn, { maxItems: SKILL_CODES.length, uniqueItems: true }),
    areas: Type.Array(AreaCode, { maxItems: 20, uniqueItems: true }),
    availability: Type.Array(Slot, { maxItems: 21 }),
    consentPublicName: Type.Boolean({ description: 'I agree that my name is shown in leaderboards and on public pages (otherwise it is masked)' }),
  },
  { additionalProperties: false },
);

const VolunteerSchema = Type.Object({
  userId: Type.Integer(),
  realName: Type.String({ description: 'Masked (张*)' }),
  idNumber: Type.String({ description: 'Masked (110109********1234)' }),
  phone: Type.String({ description: 'Masked (139****0001)' }),
  masked: Type.Literal(true),
  communityCode: Type.String(),
  communityName: Type.String(),
  stationUnitId: Type.Integer(),
  stationName: Type.String(),
  skills: Type.Array(Skill),
  areas: Type.Array(Type.String()),
  availability: Type.Array(SlotOut),
  consentPublicName: Type.Boolean(),
  consentAt: nullable(IsoTime('When the consent was last given or withdrawn; null = never asked (imported)')),
  source: Enum(['self', 'imported'] as const, 'Registered themself, or imported from a roster'),
  active: Type.Boolean({ description: 'The account can sign in (an imported one once claimed)' }),
  claimed: Type.Boolean({ description: 'An imported account its owner has claimed' }),
  registeredAt: IsoTime('Registered as a volunteer at'),
});

const TeamSchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  stationUnitId: Type.Integer(),
  stationName: Type.String(),
  skills: Type.Array(Skill),
  areas: Type.Array(Type.String()),
  status: Enum(TEAM_STATUSES, 'active 活跃, suspended 暂停, dissolved 已解散'),
  leaderUserId: Type.Integer(),
  leaderName: Type.String({ description: 'The leader’s name, masked unless they consented to its being shown' }),
  memberCount: Type.Integer({ minimum: 0 }),
  createdAt: IsoTime('Created at'),
  updatedAt: IsoTime('Last changed at'),
});
const TeamDetailSchema = Type.Intersect([
  TeamSchema,
  Type.Object({
    members: Type.Array(
      Type.Object({
        userId: Type.Integer(),
        name: Type.String({ description: 'Masked unless the volunteer consented to its being shown' }),
        leader: Type.Boolean(),
      }),
    ),
  }),
]);

const TeamName = Text(60, 'Team name, unique at its station', 1);
const UserIds = (max: number) => Type.Array(RowId('User id of a volunteer'), { maxItems: max, uniqueItems: true });

/** Largest roster through the API: base64 inside this route's body limit. */
const MAX_ROSTER_BYTES = 6 * 1024 * 1024;
const ROSTER_BODY_LIMIT = Math.ceil((MAX_ROSTER_BYTES * 4) / 3) + 64 * 1024;

const RosterReportSchema = Type.Object({
  dryRun: Type.Boolean(),
  committed: Type.Boolean({ description: 'Written (only when no row was rejected and it was not a dry run)' }),
  encoding: Type.String({ description: 'xlsx, utf-8 or gbk' }),
  total: Type.Integer({ description: 'Data rows in the file' }),
  created: Type.Integer({ description: 'Rows that open a new (imported) account' }),
  updated: Type.Integer({ description: 'Rows that add a profile, a membership or a team leader to what exists' }),
  unchanged: Type.Integer({ description: 'Rows imported before: nothing to do' }),
  rejected: Type.Integer({ description: 'Rows with problems (nothing is written while there are any)' }),
  teamsCreated: Type.Integer(),
  problems: Type.Array(
    Type.Object({
      rowNumber: Type.Integer({ description: 'Row in the file (header = 1)' }),
      field: Type.String({ description: 'The column (姓名, 手机号, 身份证号 …); empty for an unreadable row' }),
      reason: Type.String({ description: 'Why, in Chinese with English beside it' }),
    }),
  ),
  problemsOmitted: Type.Integer({ description: 'Problems beyond the first 2000, not listed' }),
});

const UserIdParams = Type.Object({ userId: RowId('User id of the volunteer') }, { additionalProperties: false });
const TeamParams = Type.Object({ id: RowId('Team id') }, { additionalProperties: false });

export function volunteerRoutes(ctx: AppContext, opts: RouteOptions): FastifyPluginAsyncTypebox {
  // Per client address, like sign-in (10 a minute at the default public rate of 30).
  const accountRate = { max: Math.max(1, Math.ceil(opts.publicRatePerMinute / 3)), timeWindow: 60_000 };
  // Per mobile number, beside the per-address limit: wrong ID numbers lock the claim of that number.
  const claimThrottle = new LoginThrottle(ctx.clock);
  return async (app) => {
    app.post(
      '/api/residents',
      {
        config: { rateLimit: accountRate },
        schema: {
          ...routePolicy(VOLUNTEERS_POLICY, 'register'),
          tags: ['volunteers'],
          summary: 'Open a resident’s account (mobile number, password, real name, ID number, home community); sign in with POST /api/auth/login',
          description:
            'The ID number is checked (GB 11643) and opens one account per district; real name and ID number are stored sealed and shown masked to everyone but the resident and, after a recorded reveal, their station’s staff. Rate-limited per client address.',
          body: Type.Object(
            {
              phone: Phone,
              password: Password,
              realName: Text(40, 'Real name', 1),
              idNumber: IdNumber,
              communityCode: Type.String({ pattern: '^\\d{12}$', description: 'Home community (12 digits) of this district (GET /api/public/divisions)' }),
            },
            { additionalProperties: false },
          ),
          response: { 201: ResidentSchema, ...errorResponses(400, 409, 422, 429) },
        },
      },
      async (req, reply) => reply.status(201).send(await registerResident(ctx, req.body)),
    );

    app.post(
      '/api/residents/claim',
      {
        config: { rateLimit: accountRate },
        schema: {
          ...routePolicy(VOLUNTEERS_POLICY, 'register'),
          tags: ['volunteers'],
          summary: 'Claim an account imported from a station’s roster: the mobile number and ID number on the roster, and a new password',
          body: Type.Object({ phone: Phone, idNumber: IdNumber, password: Password }, { additionalProperties: false }),
          response: { 200: ResidentSchema, ...errorResponses(400, 422, 429) },
        },
      },
      async (req) => claimImportedAccount(ctx, req.body, claimThrottle),
    );

    app.get(
      '/api/residents/me',
      {
        schema: {
          ...routePolicy(VOLUNTEERS_POLICY, 'self'),
          tags: ['volunteers'],
          summary: 'The signed-in resident’s own account, in clear',
          response: { 200: ResidentSchema, ...errorResponses(401, 403, 404) },
        },
      },
      async (req) => myResidentAccount(ctx, requireUser(req)),
    );

    app.get(
      '/api/volunteers/me',
      {
        schema: {
          ...routePolicy(VOLUNTEERS_POLICY, 'self'),
          tags: ['volunteers'],
          summary: 'The signed-in volunteer’s profile and teams (409 VOLUNTEER.NOT_REGISTERED before registering)',
          response: { 200: ProfileSchema, ...errorResponses(401, 403, 409) },
        },
      },
      async (req) => myVolunteerProfile(ctx, requireUser(req)),
    );

    app.post(
      '/api/volunteers/me',
      {
        schema: {
          ...routePolicy(VOLUNTEERS_POLICY, 'self'),
          tags: ['volunteers'],
          summary: 'A resident registers as a volunteer: skills, service areas, availability and consent; adds the role volunteer',
          body: ProfileBody,
          response: { 201: ProfileSchema, ...errorResponses(400, 401, 403, 409, 422) },
        },
      },
      async (req, reply) => reply.status(201).send(await registerVolunteer(ctx, requireUser(req), req.body)),
    );

    app.patch(
      '/api/volunteers/me',
      {
        schema: {
          ...routePolicy(VOLUNTEERS_POLICY, 'self'),
          tags: ['volunteers'],
          summary: 'Change one’s volunteer profile; giving or withdrawing the consent records its time',
          body: Type.Partial(ProfileBody, { additionalProperties: false, minProperties: 1 }),
          response: { 200: ProfileSchema, ...errorResponses(400, 401, 403, 409, 422) },
        },
      },
      async (req) => updateMyProfile(ctx, requireUser(req), req.body),
    );

    app.get(
      '/api/volunteers',
      {
        schema: {
          ...routePolicy(VOLUNTEERS_POLICY, 'manage'),
          tags: ['volunteers'],
          summary: 'Volunteers of the user’s stations (their own and those below), masked, by user id, a page at a time',
          querystring: Type.Object(
            {
              stationId: Type.Optional(RowId('Only this station’s volunteers')),
              skill: Type.Optional(SkillIn),
              area: Type.Optional(AreaCode),
              page: Type.Optional(Page),
              pageSize: Type.Optional(PageSize),
            },
            { additionalProperties: false },
          ),
          response: {
            200: Type.Object({ items: Type.Array(VolunteerSchema), total: Type.Integer(), page: Type.Integer(), pageSize: Type.Integer() }),
            ...errorResponses(400, 401, 403, 422),
          },
        },
      },
      async (req) => {
        const q = req.query;
        return listVolunteers(ctx, requireUser(req), {
          ...(q.stationId !== undefined ? { stationId: q.stationId } : {}),
          ...(q.skill !== undefined ? { skill: q.skill } : {}),
          ...(q.area !== undefined ? { area: q.area } : {}),
          page: q.page ?? 1,
          pageSize: q.pageSize ?? 20,
        });
      },
    );

    app.post(
      '/api/volunteers/import',
      {
        bodyLimit: ROSTER_BODY_LIMIT,
        schema: {
          ...routePolicy(VOLUNTEERS_POLICY, 'manage'),
          tags: ['volunteers'],
          summary:
            'Import a roster of volunteers and their teams (.xlsx or CSV) for one of the user’s stations: dry run, row report, all or nothing, idempotent',
          description:
            'Columns 姓名/name, 手机号/phone, 身份证号/id_number, 社区编码/community_code (required), 技能/skills, 服务区域/areas, 队伍/team, 队内角色/team_role (队长 or 队员). New people get imported accounts that sign in once claimed (POST /api/residents/claim). docs/VOLUNTEERS.md.',
          body: Type.Object(
            {
              stationId: RowId('The station whose teams the roster names (one of the user’s stations)'),
              dryRun: Type.Optional(Type.Boolean({ description: 'Check and report only; nothing is written' })),
              fileName: Type.Optional(Text(200, 'The file’s name, for the report')),
              fileBase64: Type.String({
                minLength: 1,
                maxLength: Math.ceil((MAX_ROSTER_BYTES * 4) / 3) + 4,
                pattern: '^[A-Za-z0-9+/=\\s]+$',
                description: 'The .xlsx (first sheet, header in row 1) or CSV file, base64-encoded (at most 6 MB)',
              }),
            },
            { additionalProperties: false },
          ),
          response: { 200: RosterReportSchema, ...errorResponses(400, 401, 403, 409, 413, 422) },
        },
      },
      async (req) =>
        importRoster(ctx, requireUser(req), new Uint8Array(Buffer.from(req.body.fileBase64, 'base64')), {
          stationId: req.body.stationId,
          dryRun: req.body.dryRun ?? false,
        }),
    );

    app.get(
      '/api/volunteers/:userId',
      {
        schema: {
          ...routePolicy(VOLUNTEERS_POLICY, 'manage'),
          tags: ['volunteers'],
          summary: 'One volunteer of the user’s stations, masked, with their teams',
          params: UserIdParams,
          response: { 200: Type.Intersect([VolunteerSchema, Type.Object({ teams: Type.Array(TeamRefSchema) })]), ...errorResponses(400, 401, 403, 404) },
        },
      },
      async (req) => volunteerDetail(ctx, requireUser(req), req.params.userId),
    );

    app.post(
      '/api/volunteers/:userId/reveal',
      {
        schema: {
          ...routePolicy(VOLUNTEERS_POLICY, 'reveal'),
          tags: ['volunteers'],
          summary: 'Show a resident’s real name, ID number and mobile number to the staff of their own station; every reveal is recorded with its reason',
          params: UserIdParams,
          body: Type.Object({ reason: Text(200, 'Why the staff member needs to see it', 2) }, { additionalProperties: false }),
          response: { 200: Type.Object({ realName: Type.String(), idNumber: Type.String(), phone: Type.String() }), ...errorResponses(400, 401, 403, 404) },
        },
      },
      async (req) => revealResident(ctx, requireUser(req), req.params.userId, req.body.reason),
    );

    app.get(
      '/api/teams',
      {
        schema: {
          ...routePolicy(VOLUNTEERS_POLICY, 'browseTeams'),
          tags: ['volunteers'],
          summary: 'Teams: station staff see their stations’ teams; a volunteer sees the district’s active teams (to join one)',
          querystring: Type.Object(
            {
              stationId: Type.Optional(RowId('Only this station’s teams')),
              status: Type.Optional(literalUnion(TEAM_STATUSES, 'Only teams of this status')),
              skill: Type.Optional(SkillIn),
              page: Type.Optional(Page),
              pageSize: Type.Optional(PageSize),
            },
            { additionalProperties: false },
          ),
          response: {
            200: Type.Object({ items: Type.Array(TeamSchema), total: Type.Integer(), page: Type.Integer(), pageSize: Type.Integer() }),
            ...errorResponses(400, 401, 403),
          },
        },
      },
      async (req) => {
        const q = req.query;
        return listTeams(ctx, requireUser(req), {
          ...(q.stationId !== undefined ? { stationId: q.stationId } : {}),
          ...(q.status !== undefined ? { status: q.status } : {}),
          ...(q.skill !== undefined ? { skill: q.skill } : {}),
          page: q.page ?? 1,
          pageSize: q.pageSize ?? 20,
        });
      },
    );

    app.post(
      '/api/teams',
      {
        schema: {
          ...routePolicy(VOLUNTEERS_POLICY, 'manage'),
          tags: ['volunteers'],
          summary: 'Create a team of one of the user’s stations: name, skills, areas, a leader and members (volunteers of the district)',
          body: Type.Object(
            {
              name: TeamName,
              stationId: RowId('The team’s station'),
              skills: Type.Array(SkillIn, { maxItems: SKILL_CODES.length, uniqueItems: true }),
              areas: Type.Array(AreaCode, { maxItems: 50, uniqueItems: true }),
              leaderUserId: RowId('The leader: a volunteer (becomes a member)'),
              memberUserIds: UserIds(500),
            },
            { additionalProperties: false },
          ),
          response: { 201: TeamSchema, ...errorResponses(400, 401, 403, 409, 422) },
        },
      },
      async (req, reply) => reply.status(201).send(await createTeam(ctx, requireUser(req), req.body)),
    );

    app.get(
      '/api/teams/:id',
      {
        schema: {
          ...routePolicy(VOLUNTEERS_POLICY, 'browseTeams'),
          tags: ['volunteers'],
          summary: 'A team with its members: the staff of its station (or one above), or one of its members',
          params: TeamParams,
          response: { 200: TeamDetailSchema, ...errorResponses(400, 401, 403, 404) },
        },
      },
      async (req) => teamDetail(ctx, requireUser(req), req.params.id),
    );

    app.patch(
      '/api/teams/:id',
      {
        schema: {
          ...routePolicy(VOLUNTEERS_POLICY, 'manage'),
          tags: ['volunteers'],
          summary: 'Change a team: name, skills, areas, status, or the leader (who becomes a member)',
          params: TeamParams,
          body: Type.Object(
            {
              name: Type.Optional(TeamName),
              skills: Type.Optional(Type.Array(SkillIn, { maxItems: SKILL_CODES.length, uniqueItems: true })),
              areas: Type.Optional(Type.Array(AreaCode, { maxItems: 50, uniqueItems: true })),
              status: Type.Optional(literalUnion(TEAM_STATUSES, 'active 活跃, suspended 暂停, dissolved 已解散')),
              leaderUserId: Type.Optional(RowId('The new leader: a volunteer')),
            },
            { additionalProperties: false, minProperties: 1 },
          ),
          response: { 200: TeamDetailSchema, ...errorResponses(400, 401, 403, 404, 409, 422) },
        },
      },
      async (req) => updateTeam(ctx, requireUser(req), req.params.id, req.body),
    );

    app.post(
      '/api/teams/:id/members',
      {
        schema: {
          ...routePolicy(VOLUNTEERS_POLICY, 'manage'),
          tags: ['volunteers'],
          summary: 'Add volunteers to a team that is not dissolved (members already in it stay as they are)',
          params: TeamParams,
          body: Type.Object(
            { userIds: Type.Array(RowId('User id of a volunteer'), { minItems: 1, maxItems: 500, uniqueItems: true }) },
            { additionalProperties: false },
          ),
          response: { 200: Type.Object({ added: Type.Integer({ description: 'New members' }) }), ...errorResponses(400, 401, 403, 404, 409, 422) },
        },
      },
      async (req) => addTeamMembers(ctx, requireUser(req), req.params.id, req.body.userIds),
    );

    app.delete(
      '/api/teams/:id/members/:userId',
      {
        schema: {
          ...routePolicy(VOLUNTEERS_POLICY, 'removeMember'),
          tags: ['volunteers'],
          summary: 'Leave a team (the member themself) or remove a member (the station’s staff); the leader cannot leave',
          params: Type.Object({ id: RowId('Team id'), userId: RowId('User id of the member') }, { additionalProperties: false }),
          response: { 204: Type.Null(), ...errorResponses(400, 401, 403, 404, 422) },
        },
      },
      async (req, reply) => {
        await removeTeamMember(ctx, requireUser(req), req.params.id, req.params.userId);
        return reply.status(204).send(null);
      },
    );

    app.post(
      '/api/teams/:id/join',
      {
        schema: {
          ...routePolicy(VOLUNTEERS_POLICY, 'join'),
          tags: ['volunteers'],
          summary: 'The signed-in volunteer joins an active team (joining again changes nothing)',
          params: TeamParams,
          response: { 200: Type.Object({ joined: Type.Boolean({ description: 'False when already a member' }) }), ...errorResponses(400, 401, 403, 404, 409) },
        },
      },
      async (req) => joinTeam(ctx, requireUser(req), req.params.id),
    );
  };
}
