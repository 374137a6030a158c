/** 党建 part 1: the organisation tree, members, reveals, the member's own page and imports. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../engine/context.ts';
import { requireUser } from '../../engine/http/auth.ts';
import { nullable } from '../../engine/http/tickets.schemas.ts';
import { routePolicy } from '../../engine/policy.ts';
import { errorResponses, literalUnion, RowId, Text } from '../../platform/http/schemas.ts';
import {
  addMember,
  leaveMember,
  linkMemberAccount,
  memberDetail,
  myMembership,
  REVEAL_FIELDS,
  revealMember,
  transferMember,
  updateMember,
} from './members.service.ts';
import { createOrganisation, moveOrganisation, organisationDetail, organisationTree, retireOrganisation, updateOrganisation } from './organisations.service.ts';
import { IMPORT_KINDS, importPartyFile } from './party.import.service.ts';
import { MEMBER_TYPES, ORGANISATION_HOSTS, ORGANISATION_LEVELS, PARTY_EVENT_KINDS } from './party.domain.ts';
import { PARTY_POLICY } from './party.policy.ts';

/** A string enum in a response (typed for the web client). */
const Enum = <T extends readonly string[]>(values: T, description: string) => Type.Unsafe<T[number]>({ type: 'string', enum: [...values], description });
const IsoTime = (description: string) => Type.String({ format: 'date-time', description });
const LocalDay = (description: string) => Type.String({ format: 'date', description });

const Level = Enum(ORGANISATION_LEVELS, 'committee 党委 · general_branch 党总支 · branch 党支部');
const Host = Enum(
  ORGANISATION_HOSTS,
  'Where it is set up: district 区 · street 街乡 · community 社区 · village 村 · department 机关部门 · enterprise 企业 · property 物业 · school 学校 · other 其他',
);
const MemberTypeOut = Enum(MEMBER_TYPES, 'full 正式党员 · probationary 预备党员');
const Community = Type.String({ pattern: '^\\d{12}$', description: 'A community (12-digit division code) of this district' });
const Division = Type.String({
  pattern: '^\\d{9}(\\d{3})?$',
  description: 'A street/town (9 digits) or community (12 digits) of this district, in the worker’s scope',
});
const OrgCode = Type.String({
  pattern: '^[A-Za-z0-9_.-]{1,32}$',
  description: 'Organisation code (组织代码): 1–32 letters, digits, _ . -; unique in the district; the key of imports',
});
const Post = Type.String({
  minLength: 1,
  maxLength: 40,
  description: 'A post: secretary 书记 · deputy_secretary 副书记 · committee_member 委员 · pioneer:<name> a pioneer post 先锋岗 (name 1–30 characters)',
});
const Posts = Type.Array(Post, { maxItems: 10, description: 'Posts held in the member’s branch' });
const Phone = Type.String({ pattern: '^1[3-9]\\d{9}$', description: 'Mainland mobile number, 11 digits' });
const IdNumber = Type.String({ pattern: '^\\d{17}[\\dXx]$', description: 'Resident ID number (18 characters, GB 11643 check character)' });

const OrganisationSchema = Type.Object({
  id: Type.Integer(),
  parentId: nullable(Type.Integer(), 'The superior organisation; null for the district’s root'),
  path: Type.String({ description: 'Ids from the root: /1/7/42/' }),
  depth: Type.Integer({ minimum: 0, description: '0 for the root' }),
  level: Level,
  hostType: Host,
  code: Type.String({ description: 'Organisation code (组织代码)' }),
  name: Type.String(),
  divisionCode: nullable(Type.String(), 'Street or community where it sits; null for the district’s own'),
  divisionName: nullable(Type.String()),
  unitId: nullable(Type.Integer(), 'The platform unit it belongs to (a street office, a department), if any'),
  pairedCommunityCode: nullable(Type.String(), '双报到: the community it reports in to; null when none'),
  pairedCommunityName: nullable(Type.String()),
  foundedOn: nullable(LocalDay('Founded on')),
  retired: Type.Boolean({ description: 'Retired (撤销): kept for history' }),
});

const MemberSchema = Type.Object({
  id: Type.Integer(),
  organisationId: Type.Integer({ description: 'The member’s branch' }),
  organisationName: Type.String(),
  realName: Type.String({ description: 'Real name; masked (张*) unless the viewer may see it' }),
  idNumber: Type.String({ description: 'ID number; masked (110109********1234) unless the viewer may see it' }),
  phone: nullable(Type.String(), 'Mobile number; masked (138****1234) unless the viewer may see it; null when unknown'),
  masked: Type.Boolean({ description: 'Name, ID number and phone are masked' }),
  memberType: MemberTypeOut,
  joinedOn: nullable(LocalDay('Joined the Party on')),
  homeCommunityCode: nullable(Type.String(), 'The community where the member lives (双报到: where an in-service member reports in)'),
  homeCommunityName: nullable(Type.String()),
  inService: Type.Boolean({ description: '在职党员: works in a unit elsewhere and reports in to the home community' }),
  workUnit: nullable(Type.String(), 'Where an in-service member works'),
  posts: Type.Array(Type.String(), { description: 'Posts as stored: secretary, deputy_secretary, committee_member, pioneer:<name>' }),
  postLabels: Type.Array(Type.String(), { description: 'The posts in words (书记, 先锋岗·政策宣讲)' }),
  hasAccount: Type.Boolean({ description: 'Linked to the member’s own resident account' }),
  leftAt: nullable(IsoTime('Left (transferred out of the district, …) at; null while a member')),
});

const MemberDetailSchema = Type.Intersect([
  MemberSchema,
  Type.Object({
    history: Type.Array(
      Type.Object({
        kind: Enum(PARTY_EVENT_KINDS, 'What happened'),
        at: IsoTime('When'),
        actorUserId: Type.Integer({ description: 'Who did it' }),
        organisationId: Type.Integer({ description: 'The member’s branch before the event' }),
        data: Type.Record(Type.String(), Type.Unknown(), { description: 'The change (fields changed, branches of a transfer, reason); never personal data' }),
      }),
      { description: 'Newest first; only for party workers (empty for others)' },
    ),
    mayReveal: Type.Boolean({ description: 'The viewer may reveal the clear data, with a reason' }),
  }),
]);

const TreeNodeSchema = Type.Object({
  id: Type.Integer(),
  parentId: nullable(Type.Integer(), 'The superior; null for the root, or when the superior is outside the viewer’s scope'),
  depth: Type.Integer({ minimum: 0 }),
  level: Level,
  hostType: Host,
  code: Type.String(),
  name: Type.String(),
  divisionCode: nullable(Type.String()),
  pairedCommunityCode: nullable(Type.String()),
  retired: Type.Boolean(),
  members: Type.Integer({ minimum: 0, description: 'Active members directly in it' }),
  totalMembers: Type.Integer({ minimum: 0, description: 'Active members in it and in every organisation under it (in scope)' }),
});

const OrganisationDetailSchema = Type.Intersect([
  OrganisationSchema,
  Type.Object({
    parent: nullable(
      Type.Object({ id: Type.Integer(), code: Type.String(), name: Type.String(), inScope: Type.Boolean({ description: 'The viewer may open it' }) }),
    ),
    children: Type.Array(Type.Object({ id: Type.Integer(), code: Type.String(), name: Type.String(), level: Level, retired: Type.Boolean() }), {
      description: 'Organisations directly under it, in the viewer’s scope',
    }),
    members: Type.Array(MemberSchema, { description: 'Active members, masked' }),
  }),
]);

const MAX_IMPORT_BYTES = 12 * 1024 * 1024;
const IMPORT_BODY_LIMIT = Math.ceil((MAX_IMPORT_BYTES * 4) / 3) + 64 * 1024;

const ImportReportSchema = Type.Object({
  kind: Enum(IMPORT_KINDS, 'organisations or members'),
  dryRun: Type.Boolean(),
  committed: Type.Boolean({ description: 'Written (only when no row was rejected and it was not a dry run)' }),
  encoding: Type.String({ description: 'xlsx, utf-8 or gbk' }),
  total: Type.Integer({ description: 'Data rows in the file' }),
  created: Type.Integer({ description: 'Rows that create an organisation or a member' }),
  updated: Type.Integer({ description: 'Rows that change an existing one (a member’s different branch: a transfer)' }),
  unchanged: Type.Integer({ description: 'Rows imported before: nothing to do' }),
  rejected: Type.Integer({ description: 'Rows with problems (nothing is written while there are any)' }),
  problems: Type.Array(
    Type.Object({
      rowNumber: Type.Integer({ description: 'Row in the file (header = 1)' }),
      column: Type.String({ description: 'The column (组织代码, 身份证号 …); empty for an unreadable row' }),
      code: Type.String({
        description:
          'Stable code: REQUIRED, INVALID, DUPLICATE, UNKNOWN_PARENT, NESTING, CYCLE, OUT_OF_SCOPE, CHANGES_TREE, UNKNOWN_ORGANISATION, NOT_A_BRANCH, NAME_MISMATCH, SECRETARY_TAKEN, ROOT_EXISTS, UNREADABLE',
      }),
      reason: Type.String({ description: 'Why, in Chinese with English beside it' }),
    }),
  ),
  problemsOmitted: Type.Integer({ description: 'Problems beyond the first 2000, not listed' }),
});

const IdParams = (what: string) => Type.Object({ id: RowId(what) }, { additionalProperties: false });
const TAGS = ['party'];

export function partyRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/api/party/organisations',
      {
        schema: {
          ...routePolicy(PARTY_POLICY, 'browse'),
          tags: TAGS,
          summary: 'The organisation tree in the party worker’s scope with member counts (parents before children)',
          querystring: Type.Object(
            { includeRetired: Type.Optional(Type.Boolean({ default: false, description: 'Include retired (撤销) organisations' })) },
            { additionalProperties: false },
          ),
          response: { 200: Type.Object({ organisations: Type.Array(TreeNodeSchema) }), ...errorResponses(400, 401, 403) },
        },
      },
      async (req) => ({ organisations: await organisationTree(ctx, requireUser(req), { includeRetired: req.query.includeRetired ?? false }) }),
    );

    app.post(
      '/api/party/organisations',
      {
        schema: {
          ...routePolicy(PARTY_POLICY, 'manage'),
          tags: TAGS,
          summary:
            'Set up an organisation under a superior in scope (nesting: a branch has no children; a general branch under a committee; a committee under a committee or the root)',
          body: Type.Object(
            {
              parentId: nullable(RowId('The superior organisation'), 'null only for the district’s root committee (区委), set up once'),
              level: literalUnion(ORGANISATION_LEVELS, 'committee 党委 · general_branch 党总支 · branch 党支部'),
              hostType: literalUnion(ORGANISATION_HOSTS, 'Where it is set up (区, 街乡, 社区, 村, 机关部门, 企业, 物业, 学校, 其他)'),
              code: OrgCode,
              name: Text(100, 'Name, e.g. 某某社区党支部', 1),
              divisionCode: Type.Optional(nullable(Division, 'Where it sits; null = the district’s own (district-wide workers only)')),
              unitId: Type.Optional(nullable(RowId('The platform unit it belongs to (a street office, a department)'))),
              pairedCommunityCode: Type.Optional(nullable(Community, '双报到: the community it reports in to')),
              foundedOn: Type.Optional(nullable(LocalDay('Founded on'))),
            },
            { additionalProperties: false },
          ),
          response: { 201: OrganisationSchema, ...errorResponses(400, 401, 403, 404, 409, 422) },
        },
      },
      async (req, reply) => reply.code(201).send(await createOrganisation(ctx, requireUser(req), req.body)),
    );

    app.get(
      '/api/party/organisations/:id',
      {
        schema: {
          ...routePolicy(PARTY_POLICY, 'browse'),
          tags: TAGS,
          summary: 'One organisation in scope: its superior, the organisations under it and its active members (masked)',
          params: IdParams('Organisation id'),
          response: { 200: OrganisationDetailSchema, ...errorResponses(400, 401, 403, 404) },
        },
      },
      async (req) => organisationDetail(ctx, requireUser(req), req.params.id),
    );

    app.patch(
      '/api/party/organisations/:id',
      {
        schema: {
          ...routePolicy(PARTY_POLICY, 'manage'),
          tags: TAGS,
          summary: 'Rename an organisation and/or set its 双报到 pairing (null: none)',
          params: IdParams('Organisation id'),
          body: Type.Object(
            {
              name: Type.Optional(Text(100, 'New name', 1)),
              pairedCommunityCode: Type.Optional(nullable(Community, '双报到: the community it reports in to; null: none')),
            },
            { additionalProperties: false, minProperties: 1 },
          ),
          response: { 200: OrganisationSchema, ...errorResponses(400, 401, 403, 404, 409, 422) },
        },
      },
      async (req) => updateOrganisation(ctx, requireUser(req), req.params.id, req.body),
    );

    app.post(
      '/api/party/organisations/:id/move',
      {
        schema: {
          ...routePolicy(PARTY_POLICY, 'manage'),
          tags: TAGS,
          summary: 'Move an organisation and its subtree under another superior in scope (never under itself)',
          params: IdParams('Organisation id'),
          body: Type.Object({ parentId: RowId('The new superior organisation') }, { additionalProperties: false }),
          response: { 200: OrganisationSchema, ...errorResponses(400, 401, 403, 404, 409, 422) },
        },
      },
      async (req) => moveOrganisation(ctx, requireUser(req), req.params.id, req.body.parentId),
    );

    app.post(
      '/api/party/organisations/:id/retire',
      {
        schema: {
          ...routePolicy(PARTY_POLICY, 'manage'),
          tags: TAGS,
          summary: 'Retire (撤销) an organisation with no active members and no active organisations under it; kept for history',
          params: IdParams('Organisation id'),
          body: Type.Object({ reason: Text(200, 'Why (撤并, 单位注销 …)', 2) }, { additionalProperties: false }),
          response: { 200: OrganisationSchema, ...errorResponses(400, 401, 403, 404, 409, 422) },
        },
      },
      async (req) => retireOrganisation(ctx, requireUser(req), req.params.id, req.body.reason.trim()),
    );

    const MemberFields = {
      realName: Text(40, 'Real name', 1),
      phone: nullable(Phone, 'Mobile number; null when unknown'),
      memberType: literalUnion(MEMBER_TYPES, 'full 正式党员 · probationary 预备党员'),
      joinedOn: nullable(LocalDay('Joined the Party on')),
      homeCommunityCode: nullable(Community, 'The community where the member lives'),
      inService: Type.Boolean({ description: '在职党员: works in a unit elsewhere and reports in to the home community' }),
      workUnit: nullable(Text(100, 'Where an in-service member works')),
      posts: Posts,
    };

    app.post(
      '/api/party/members',
      {
        schema: {
          ...routePolicy(PARTY_POLICY, 'manage'),
          tags: TAGS,
          summary: 'Add a member to an active branch in scope (ID number checked, one member per person in the district)',
          body: Type.Object(
            {
              organisationId: RowId('The member’s branch (党支部)'),
              realName: MemberFields.realName,
              idNumber: IdNumber,
              phone: Type.Optional(MemberFields.phone),
              memberType: MemberFields.memberType,
              joinedOn: Type.Optional(MemberFields.joinedOn),
              homeCommunityCode: Type.Optional(MemberFields.homeCommunityCode),
              inService: Type.Optional(MemberFields.inService),
              workUnit: Type.Optional(MemberFields.workUnit),
              posts: Type.Optional(Posts),
            },
            { additionalProperties: false },
          ),
          response: { 201: MemberSchema, ...errorResponses(400, 401, 403, 404, 409, 422) },
        },
      },
      async (req, reply) => reply.code(201).send(await addMember(ctx, requireUser(req), req.body)),
    );

    app.get(
      '/api/party/members/:id',
      {
        schema: {
          ...routePolicy(PARTY_POLICY, 'readMember'),
          tags: TAGS,
          summary: 'One member: masked for party workers in scope and the branch’s secretary (with the history for workers); in clear for the member themself',
          params: IdParams('Member id'),
          response: { 200: MemberDetailSchema, ...errorResponses(400, 401, 403, 404) },
        },
      },
      async (req) => memberDetail(ctx, requireUser(req), req.params.id),
    );

    app.patch(
      '/api/party/members/:id',
      {
        schema: {
          ...routePolicy(PARTY_POLICY, 'manage'),
          tags: TAGS,
          summary: 'Edit a member (not the ID number); the event names the fields changed',
          params: IdParams('Member id'),
          body: Type.Partial(Type.Object(MemberFields), { additionalProperties: false, minProperties: 1 }),
          response: { 200: MemberSchema, ...errorResponses(400, 401, 403, 404, 409, 422) },
        },
      },
      async (req) => updateMember(ctx, requireUser(req), req.params.id, req.body),
    );

    app.post(
      '/api/party/members/:id/transfer',
      {
        schema: {
          ...routePolicy(PARTY_POLICY, 'manage'),
          tags: TAGS,
          summary: 'Transfer a member (组织关系转接) to another active branch of the district; posts stay behind; the event names both branches',
          params: IdParams('Member id'),
          body: Type.Object(
            { organisationId: RowId('The receiving branch'), note: Type.Optional(Text(200, 'Note (转接原因)')) },
            { additionalProperties: false },
          ),
          response: { 200: MemberSchema, ...errorResponses(400, 401, 403, 404, 409, 422) },
        },
      },
      async (req) => transferMember(ctx, requireUser(req), req.params.id, req.body.organisationId, req.body.note ?? ''),
    );

    app.post(
      '/api/party/members/:id/leave',
      {
        schema: {
          ...routePolicy(PARTY_POLICY, 'manage'),
          tags: TAGS,
          summary: 'The member leaves (转出本区, 去世 …): kept for history; posts end and the account link is released',
          params: IdParams('Member id'),
          body: Type.Object({ reason: Text(200, 'Why', 2) }, { additionalProperties: false }),
          response: { 200: MemberSchema, ...errorResponses(400, 401, 403, 404, 409, 422) },
        },
      },
      async (req) => leaveMember(ctx, requireUser(req), req.params.id, req.body.reason),
    );

    app.post(
      '/api/party/members/:id/account',
      {
        schema: {
          ...routePolicy(PARTY_POLICY, 'manage'),
          tags: TAGS,
          summary: 'Link the member to their own resident account by its mobile number; the account’s ID number must be the member’s',
          params: IdParams('Member id'),
          body: Type.Object({ phone: Phone }, { additionalProperties: false }),
          response: { 200: MemberSchema, ...errorResponses(400, 401, 403, 404, 409, 422) },
        },
      },
      async (req) => linkMemberAccount(ctx, requireUser(req), req.params.id, req.body.phone),
    );

    app.post(
      '/api/party/members/:id/reveal',
      {
        schema: {
          ...routePolicy(PARTY_POLICY, 'reveal'),
          tags: TAGS,
          summary:
            'Show a member’s clear name, ID number and phone to a party worker in scope or the secretary of their branch; every field shown is recorded with the reason',
          params: IdParams('Member id'),
          body: Type.Object(
            {
              reason: Text(200, 'Why the data is needed (recorded)', 2),
              fields: Type.Optional(Type.Array(literalUnion(REVEAL_FIELDS, 'realName, idNumber or phone'), { minItems: 1, maxItems: 3, uniqueItems: true })),
            },
            { additionalProperties: false },
          ),
          response: {
            200: Type.Object({
              realName: Type.Optional(Type.String()),
              idNumber: Type.Optional(Type.String()),
              phone: Type.Optional(nullable(Type.String())),
            }),
            ...errorResponses(400, 401, 403, 404, 422),
          },
        },
      },
      async (req) => revealMember(ctx, requireUser(req), req.params.id, req.body.reason, req.body.fields),
    );

    app.get(
      '/api/party/me',
      {
        schema: {
          ...routePolicy(PARTY_POLICY, 'self'),
          tags: TAGS,
          summary:
            'The signed-in member’s own record (in clear), branch and posts; a secretary also gets the branch’s members, masked (404 PARTY.NOT_A_MEMBER when the account is not linked)',
          response: {
            200: Type.Object({
              member: MemberSchema,
              organisation: Type.Object({
                id: Type.Integer(),
                code: Type.String(),
                name: Type.String(),
                level: Level,
                pairedCommunityCode: nullable(Type.String()),
                pairedCommunityName: nullable(Type.String()),
              }),
              secretary: Type.Boolean({ description: 'Holds the post 书记 of the branch' }),
              branchMembers: Type.Array(MemberSchema, { description: 'For a secretary: the branch’s active members, masked; empty otherwise' }),
            }),
            ...errorResponses(401, 403, 404),
          },
        },
      },
      async (req) => myMembership(ctx, requireUser(req)),
    );

    app.post(
      '/api/party/import',
      {
        bodyLimit: IMPORT_BODY_LIMIT,
        schema: {
          ...routePolicy(PARTY_POLICY, 'import'),
          tags: TAGS,
          summary:
            'Import organisations or members (.xlsx first sheet, or CSV): dry run, row report, all or nothing, idempotent (keys: organisation code, member ID number)',
          description:
            'Organisations: 组织代码, 组织名称, 组织层级 (required), 上级组织代码, 设立类型, 所在区划代码, 双报到社区代码. Members: 姓名, 身份证号, 所在党组织代码 (required), 手机号, 党员类型, 入党日期, 居住社区代码, 在职党员, 工作单位, 职务 (书记；委员；先锋岗:名称). docs/PARTY.md.',
          body: Type.Object(
            {
              kind: literalUnion(IMPORT_KINDS, 'What the sheet holds: organisations or members'),
              dryRun: Type.Optional(Type.Boolean({ description: 'Check and report only; nothing is written' })),
              fileName: Type.Optional(Text(200, 'The file’s name, for the report')),
              fileBase64: Type.String({
                minLength: 1,
                maxLength: Math.ceil((MAX_IMPORT_BYTES * 4) / 3) + 4,
                pattern: '^[A-Za-z0-9+/=\\s]+$',
                description: 'The .xlsx (first sheet, header in row 1) or CSV file, base64-encoded (at most 12 MB)',
              }),
            },
            { additionalProperties: false },
          ),
          response: { 200: ImportReportSchema, ...errorResponses(400, 401, 403, 409, 413, 422) },
        },
      },
      async (req) =>
        importPartyFile(ctx, requireUser(req), req.body.kind, new Uint8Array(Buffer.from(req.body.fileBase64, 'base64')), { dryRun: req.body.dryRun ?? false }),
    );
  };
}
