/** Administration of units and user accounts (admin role). The unit list is GET /api/units. */
import { routePolicy } from '../../engine/policy.ts';
import { ADMIN_POLICY } from './admin.policy.ts';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type TSchema } from 'typebox';
import type { AppContext } from '../../engine/context.ts';
import { changeUnit, createUnit } from './unit-admin.service.ts';
import { createUserAccount, listUserAccounts, MIN_PASSWORD_LENGTH, updateUserAccount } from './users.service.ts';
import { STAFF_ROLES } from '../../engine/domain/workflow/ticket.ts';
import { requireUser } from '../../engine/http/auth.ts';
import { errorResponses, literalUnion } from '../../platform/http/schemas.ts';

const nullable = <T extends TSchema>(s: T) => Type.Union([s, Type.Null()]);
const Id = (description: string) => Type.Integer({ minimum: 1, maximum: 2_147_483_647, description });
const IdParams = Type.Object({ id: Id('Row id') }, { additionalProperties: false });
/** Text with at least one non-space character. */
const Name = (max: number, description: string) => Type.String({ minLength: 1, maxLength: max, pattern: '\\S', description });

const RoleSchema = literalUnion(
  STAFF_ROLES,
  'operator 话务员, callback_agent 回访员, centre_supervisor 督办, admin 管理员 (centre only); unit_handler 承办人, unit_leader 主管领导 (handling units); grid_worker 网格员 (streets); party_worker 党务工作者 (district, departments, streets, stations)',
);
const Roles = Type.Array(RoleSchema, { minItems: 1, maxItems: STAFF_ROLES.length, uniqueItems: true, description: 'At least one role' });
const Password = Type.String({
  minLength: MIN_PASSWORD_LENGTH,
  maxLength: 200,
  description: `At least ${MIN_PASSWORD_LENGTH} characters with letters and digits (ADMIN.WEAK_PASSWORD otherwise)`,
});

const UserView = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  displayName: Type.String(),
  unitId: Type.Integer(),
  unitName: Type.String(),
  unitType: Type.String(),
  roles: Type.Array(Type.String()),
  active: Type.Boolean({ description: 'An inactive user cannot sign in' }),
  createdAt: Type.String({ format: 'date-time' }),
});

const UnitView = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  name: Type.String(),
  nameEn: Type.String(),
  unitType: Type.String({ description: 'district, street, department, enterprise, centre' }),
  divisionCode: nullable(Type.String()),
  parentId: nullable(Type.Integer()),
  isFallback: Type.Boolean(),
  active: Type.Boolean(),
});

export function userRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/api/admin/units',
      {
        schema: {
          ...routePolicy(ADMIN_POLICY, 'units'),
          tags: ['admin'],
          summary: 'Add a unit: a street/town (governing one street of the district), a department or a public-service enterprise',
          body: Type.Object(
            {
              code: Type.String({ pattern: '^[A-Z][A-Z0-9-]{1,39}$', description: 'Unique code, e.g. ST-110109016, DEPT-XXX' }),
              name: Name(100, 'Chinese name'),
              nameEn: Type.String({ maxLength: 100, description: 'English name' }),
              unitType: literalUnion(['street', 'department', 'enterprise'] as const, 'Unit type'),
              divisionCode: nullable(Type.String({ pattern: '^\\d{9}$', description: 'Street/town code (9 digits) for a street unit; null otherwise' })),
              parentId: nullable(Id('Supervising unit (normally the district government); null for none')),
            },
            { additionalProperties: false },
          ),
          response: { 201: UnitView, ...errorResponses(400, 401, 403, 422) },
        },
      },
      async (req, reply) => {
        requireUser(req);
        return reply.status(201).send(await createUnit(ctx, req.body));
      },
    );

    app.patch(
      '/api/admin/units/:id',
      {
        schema: {
          ...routePolicy(ADMIN_POLICY, 'units'),
          tags: ['admin'],
          summary: 'Rename a unit, move it under another supervising unit, deactivate or reactivate it',
          params: IdParams,
          body: Type.Object(
            {
              name: Type.Optional(Name(100, 'Chinese name')),
              nameEn: Type.Optional(Type.String({ maxLength: 100, description: 'English name' })),
              parentId: Type.Optional(nullable(Id('Supervising unit; null for none'))),
              active: Type.Optional(Type.Boolean({ description: 'false: no new dispatches to the unit; its tickets and users stay' })),
            },
            { additionalProperties: false, minProperties: 1 },
          ),
          response: { 200: UnitView, ...errorResponses(400, 401, 403, 404, 422) },
        },
      },
      async (req) => {
        requireUser(req);
        return changeUnit(ctx, req.params.id, req.body);
      },
    );

    app.get(
      '/api/admin/users',
      {
        schema: {
          ...routePolicy(ADMIN_POLICY, 'users'),
          tags: ['admin'],
          summary: 'User accounts with their unit and roles',
          response: { 200: Type.Object({ items: Type.Array(UserView) }), ...errorResponses(401, 403) },
        },
      },
      async (req) => {
        requireUser(req);
        return { items: await listUserAccounts(ctx) };
      },
    );

    app.post(
      '/api/admin/users',
      {
        schema: {
          ...routePolicy(ADMIN_POLICY, 'users'),
          tags: ['admin'],
          summary: 'Create a user account with a unit, roles and an initial password',
          body: Type.Object(
            {
              username: Type.String({ pattern: '^[a-z0-9][a-z0-9._-]{2,63}$', description: 'Unique; 3–64 lower-case letters, digits, dot, dash, underscore' }),
              displayName: Name(60, 'Name shown in the workbench'),
              unitId: Id('The unit the user works for'),
              roles: Roles,
              password: Password,
            },
            { additionalProperties: false },
          ),
          response: { 201: UserView, ...errorResponses(400, 401, 403, 422) },
        },
      },
      async (req, reply) => {
        requireUser(req);
        return reply.status(201).send(await createUserAccount(ctx, req.body));
      },
    );

    app.patch(
      '/api/admin/users/:id',
      {
        schema: {
          ...routePolicy(ADMIN_POLICY, 'users'),
          tags: ['admin'],
          summary: 'Change a user: name, unit, roles, active; or reset the password (ends their sessions)',
          params: IdParams,
          body: Type.Object(
            {
              displayName: Type.Optional(Name(60, 'Name shown in the workbench')),
              unitId: Type.Optional(Id('The unit the user works for')),
              roles: Type.Optional(Roles),
              active: Type.Optional(Type.Boolean({ description: 'false: cannot sign in; their sessions end' })),
              password: Type.Optional(Password),
            },
            { additionalProperties: false, minProperties: 1 },
          ),
          response: { 200: UserView, ...errorResponses(400, 401, 403, 404, 422) },
        },
      },
      async (req) => {
        const admin = requireUser(req);
        return updateUserAccount(ctx, admin.userId, req.params.id, req.body);
      },
    );
  };
}
