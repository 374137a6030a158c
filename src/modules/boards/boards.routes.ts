/**
 * Building units (楼门/单元) and their door boards (四公示一门牌): the admin's import, the staff list of a
 * community's units, and the public board with its QR code (no login, rate-limited per address).
 */
import { routePolicy } from '../../engine/policy.ts';
import { BOARDS_POLICY } from './boards.policy.ts';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { BUILDING_LIMITS, type Building, boardQrSvg, importBuildings, importBuildingsFile, listBuildings, publicBoard } from './boards.service.ts';
import type { AppContext } from '../../engine/context.ts';
import { requireUser } from '../../engine/http/auth.ts';
import { DivisionCode, errorResponses, Text } from '../../platform/http/schemas.ts';

/** Largest file through the API: base64 inside the server's 1 MB body limit. */
const MAX_API_FILE_BYTES = 700 * 1024;

const BuildingCode = Type.String({
  minLength: 1,
  maxLength: BUILDING_LIMITS.code,
  pattern: '^[A-Za-z0-9._-]+$',
  description: 'Building unit code (letters, digits, . _ -), printed in its QR code',
});
const GridCode = Type.String({ minLength: 1, maxLength: 40, pattern: '^[A-Za-z0-9._-]+$', description: 'Grid of the same community (GET /api/grids)' });
const Latitude = Type.Number({ minimum: -90, maximum: 90, description: 'WGS-84 latitude' });
const Longitude = Type.Number({ minimum: -180, maximum: 180, description: 'WGS-84 longitude' });
const Nullable = <T extends ReturnType<typeof Type.String> | ReturnType<typeof Type.Number>>(t: T) => Type.Union([t, Type.Null()]);

const Person = Type.Object(
  {
    role: Text(BUILDING_LIMITS.role, 'Duty, e.g. 楼门长, 网格员, 社区民警', 1),
    name: Text(BUILDING_LIMITS.personName, 'Name as published on the board', 1),
    phone: Type.Optional(Type.String({ minLength: 1, maxLength: BUILDING_LIMITS.phone, pattern: '^[0-9+\\- ]+$', description: 'Published duty phone' })),
  },
  { additionalProperties: false },
);
const PersonOut = Type.Object({ role: Type.String(), name: Type.String(), phone: Type.Optional(Type.String()) });

const BuildingItem = Type.Object(
  {
    code: BuildingCode,
    name: Text(BUILDING_LIMITS.name, 'Building unit, e.g. 3号楼2单元', 1),
    address: Type.Optional(Text(BUILDING_LIMITS.address, 'Address; defaults to the community and the name')),
    communityCode: DivisionCode(12, 'Community (社区/村) code of this district'),
    gridCode: Type.Optional(Nullable(GridCode)),
    latitude: Type.Optional(Nullable(Latitude)),
    longitude: Type.Optional(Nullable(Longitude)),
    responsiblePersons: Type.Optional(Type.Array(Person, { maxItems: BUILDING_LIMITS.persons, description: 'Duty contacts published on the board' })),
    partyMemberHouseholds: Type.Optional(
      Type.Array(Text(BUILDING_LIMITS.household, 'Room, e.g. 301', 1), { maxItems: BUILDING_LIMITS.households, description: '党员中心户 rooms' }),
    ),
    conventions: Type.Optional(Text(BUILDING_LIMITS.conventions, '居民公约, one rule per line')),
  },
  { additionalProperties: false },
);

const ImportBody = Type.Union(
  [
    Type.Object({ buildings: Type.Array(BuildingItem, { minItems: 1, maxItems: BUILDING_LIMITS.items }) }, { additionalProperties: false }),
    Type.Object(
      {
        fileBase64: Type.String({
          minLength: 1,
          maxLength: Math.ceil((MAX_API_FILE_BYTES * 4) / 3) + 4,
          pattern: '^[A-Za-z0-9+/=\\s]+$',
          description: 'A CSV (UTF-8 or GBK) or .xlsx file, base64-encoded (at most 700 KB); columns in docs/IMPORT.md',
        }),
      },
      { additionalProperties: false },
    ),
  ],
  { description: 'Either the units as JSON, or a file' },
);

const Building = Type.Object({
  code: Type.String(),
  name: Type.String(),
  address: Type.String(),
  communityCode: Type.String(),
  streetCode: Type.String(),
  gridCode: Type.Union([Type.String(), Type.Null()]),
  latitude: Type.Union([Type.Number(), Type.Null()]),
  longitude: Type.Union([Type.Number(), Type.Null()]),
  responsiblePersons: Type.Array(PersonOut),
  partyMemberHouseholds: Type.Array(Type.String()),
  conventions: Type.String(),
  updatedAt: Type.String({ format: 'date-time' }),
});

const Board = Type.Object({
  code: Type.String(),
  name: Type.String({ description: 'Building unit, e.g. 3号楼2单元' }),
  address: Type.String(),
  communityCode: Type.String(),
  communityName: Type.String({ description: 'e.g. 德露苑社区' }),
  streetCode: Type.String(),
  streetName: Type.String(),
  latitude: Type.Union([Type.Number(), Type.Null()]),
  longitude: Type.Union([Type.Number(), Type.Null()]),
  responsiblePersons: Type.Array(PersonOut, { description: 'Published duty contacts (not requester data)' }),
  partyMemberHouseholds: Type.Array(Type.String()),
  conventions: Type.String(),
  requestPath: Type.String({ description: 'The requester page pre-filled with this unit: /m?building=<code>' }),
  boardPath: Type.String({ description: 'The board page its QR code opens: /m/board/<code>' }),
  updatedAt: Type.String({ format: 'date-time' }),
});

const CodeParams = Type.Object({ code: BuildingCode }, { additionalProperties: false });

const present = (b: Building) => ({
  code: b.code,
  name: b.name,
  address: b.address,
  communityCode: b.communityCode,
  streetCode: b.streetCode,
  gridCode: b.gridCode,
  latitude: b.latitude,
  longitude: b.longitude,
  responsiblePersons: b.responsiblePersons,
  partyMemberHouseholds: b.partyMemberHouseholds,
  conventions: b.conventions,
  updatedAt: b.updatedAt.toISOString(),
});

export interface BuildingRouteOptions {
  /** Public reads get ten times this many requests per minute per client address (JIESU_PUBLIC_RATE). */
  publicRatePerMinute: number;
  /** Absolute base URL of the web app for QR codes (e.g. behind a proxy); default: the request's own origin. */
  publicBaseUrl?: string | null;
}

export function buildingRoutes(ctx: AppContext, opts: BuildingRouteOptions): FastifyPluginAsyncTypebox {
  const readRate = { max: opts.publicRatePerMinute * 10, timeWindow: 60_000 };
  return async (app) => {
    app.post(
      '/api/admin/buildings',
      {
        schema: {
          ...routePolicy(BOARDS_POLICY, 'importBuildings'),
          tags: ['buildings'],
          summary: 'Import building units with their door boards (JSON or a CSV/.xlsx file): all or nothing, re-import updates by code',
          description:
            'Every community must be a community of this district, codes unique in the import, a grid (optional) a grid of the same community, coordinates in range. Any invalid row rejects the import: 422 BUILDING.INVALID_ROWS with details.rejected [{index, rowNumber?, code, reason}].',
          body: ImportBody,
          response: { 200: Type.Object({ imported: Type.Integer() }), ...errorResponses(400, 401, 403, 422) },
        },
      },
      async (req) => {
        requireUser(req);
        const body = req.body;
        if ('fileBase64' in body) {
          const r = await importBuildingsFile(ctx, new Uint8Array(Buffer.from(body.fileBase64, 'base64')));
          return { imported: r.imported };
        }
        return importBuildings(ctx, body.buildings);
      },
    );

    app.get(
      '/api/buildings',
      {
        schema: {
          ...routePolicy(BOARDS_POLICY, 'listBuildings'),
          tags: ['buildings'],
          summary: 'Building units of a community (admins, the command centre, and the staff of the community’s street)',
          querystring: Type.Object({ communityCode: DivisionCode(12, 'Community (社区/村) code') }, { additionalProperties: false }),
          response: { 200: Type.Object({ items: Type.Array(Building) }), ...errorResponses(400, 401, 403, 404) },
        },
      },
      async (req) => ({ items: (await listBuildings(ctx, requireUser(req), req.query.communityCode)).map(present) }),
    );

    app.get(
      '/api/public/boards/:code',
      {
        config: { rateLimit: readRate },
        schema: {
          ...routePolicy(BOARDS_POLICY, 'publicBoard'),
          tags: ['public'],
          summary: '楼门公示牌 A building unit’s door board (no login): duty contacts, Party-member households, conventions',
          params: CodeParams,
          response: { 200: Board, ...errorResponses(400, 404, 429) },
        },
      },
      async (req) => {
        const b = await publicBoard(ctx, req.params.code);
        return { ...b, updatedAt: b.updatedAt.toISOString() };
      },
    );

    app.get(
      '/api/public/boards/:code/qr.svg',
      {
        config: { rateLimit: readRate },
        schema: {
          ...routePolicy(BOARDS_POLICY, 'publicBoard'),
          tags: ['public'],
          summary: 'The QR code printed on the door (SVG): it opens the board page /m/board/<code> on this server',
          params: CodeParams,
          produces: ['image/svg+xml'],
          response: { 200: Type.String({ description: 'SVG document' }), ...errorResponses(400, 404, 429) },
        },
      },
      async (req, reply) => {
        const qr = await boardQrSvg(ctx, req.params.code, { baseUrl: opts.publicBaseUrl ?? null, protocol: req.protocol, host: req.host });
        // The image only changes with the unit's code and the origin it points to.
        void reply.header('cache-control', 'public, max-age=86400').header('vary', 'Host').header('x-content-type-options', 'nosniff');
        return reply.type('image/svg+xml; charset=utf-8').send(Buffer.from(qr.svg, 'utf8') as never);
      },
    );
  };
}
