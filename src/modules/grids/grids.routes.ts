/** Grids (网格), grid workers and grid reports (网格上报/随手拍). */
import { routePolicy } from '../../engine/policy.ts';
import { GRIDS_POLICY } from './grids.policy.ts';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  assignWorkers,
  createGridReport,
  importGrids,
  importGridsFile,
  listGrids,
  myGridReports,
  myGrids,
  unassignWorker,
  type GridWithWorkers,
} from './grids.service.ts';
import type { AppContext } from '../../engine/context.ts';
import { requireUser } from '../../engine/http/auth.ts';
import { DivisionCode, errorResponses, RowId, Text } from '../../platform/http/schemas.ts';
import { nullable } from '../../engine/http/tickets.schemas.ts';

const GridCode = Type.String({ minLength: 1, maxLength: 40, pattern: '^[A-Za-z0-9._-]+$', description: 'Grid code (letters, digits, . _ -)' });

const GridSchema = Type.Object({
  code: Type.String(),
  name: Type.String(),
  communityCode: Type.String({ description: '12-digit community code' }),
  streetCode: Type.String({ description: '9-digit street/town code' }),
  workers: Type.Array(Type.Object({ userId: Type.Integer(), username: Type.String(), displayName: Type.String() }), { description: 'Assigned grid workers' }),
});

const present = (g: GridWithWorkers) => ({ code: g.code, name: g.name, communityCode: g.communityCode, streetCode: g.streetCode, workers: g.workers });

/** Largest grid file through the API: base64 inside the server's 1 MB body limit. */
const MAX_API_FILE_BYTES = 700 * 1024;

const ImportBody = Type.Union(
  [
    Type.Object(
      {
        grids: Type.Array(
          Type.Object(
            { code: GridCode, name: Text(100, 'Grid name, e.g. 第一网格', 1), communityCode: DivisionCode(12, 'Community (社区/村) code of this district') },
            { additionalProperties: false },
          ),
          { minItems: 1, maxItems: 5000 },
        ),
      },
      { additionalProperties: false },
    ),
    Type.Object(
      {
        fileBase64: Type.String({
          minLength: 1,
          maxLength: Math.ceil((MAX_API_FILE_BYTES * 4) / 3) + 4,
          pattern: '^[A-Za-z0-9+/=\\s]+$',
          description:
            'A CSV (UTF-8 or GBK) or .xlsx file of grids, base64-encoded (at most 700 KB); columns 网格编码/code, 网格名称/name, 社区编码/community_code, optional 网格员账号/workers (usernames, ; separated)',
        }),
      },
      { additionalProperties: false },
    ),
  ],
  { description: 'Either the grids as JSON, or a file' },
);

const ReportBody = Type.Object(
  {
    gridCode: GridCode,
    categoryId: Type.Integer({ minimum: 1, maximum: 2_147_483_647, description: 'Category (GET /api/categories)' }),
    description: Text(4000, 'What the worker found', 1),
    address: Type.Optional(Text(300, 'Address; defaults to the community and grid')),
    latitude: Type.Optional(Type.Number({ minimum: -90, maximum: 90, description: 'WGS-84 latitude' })),
    longitude: Type.Optional(Type.Number({ minimum: -180, maximum: 180, description: 'WGS-84 longitude' })),
    attachmentIds: Type.Optional(Type.Array(RowId('Photo uploaded with POST /api/attachments'), { maxItems: 9, uniqueItems: true })),
    resolvedOnSpot: Type.Optional(
      Type.Boolean({ description: 'Fixed on the spot (现场解决): the ticket closes at once; needs resolution and an after photo' }),
    ),
    afterAttachmentIds: Type.Optional(Type.Array(RowId('Photo taken after the fix, uploaded with POST /api/attachments'), { maxItems: 9, uniqueItems: true })),
    resolution: Type.Optional(Text(2000, 'What was done on the spot')),
  },
  { additionalProperties: false },
);

const ReportSummary = Type.Object({
  ticketId: Type.Integer(),
  number: Type.String(),
  title: Type.String(),
  state: Type.String({ description: 'Workflow state of the grid_report ticket' }),
  resolvedOnSpot: Type.Boolean({ description: 'Closed on the spot by the worker' }),
  gridCode: Type.String(),
  gridName: Type.String(),
  latitude: nullable(Type.Number(), 'Latitude'),
  longitude: nullable(Type.Number(), 'Longitude'),
  createdAt: Type.String({ format: 'date-time' }),
});

export function gridRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/api/admin/grids',
      {
        schema: {
          ...routePolicy(GRIDS_POLICY, 'manage'),
          tags: ['grids'],
          summary: 'Import grids as JSON or a CSV/.xlsx file (all or nothing; each community must belong to this district); re-import updates by code',
          description:
            'A file may name each grid’s workers by username; they are assigned in the same transaction. Invalid rows: 422 GRID.INVALID_ROWS with details.rejected [{index, rowNumber?, code, reason}].',
          body: ImportBody,
          response: { 200: Type.Object({ imported: Type.Integer(), assigned: Type.Integer() }), ...errorResponses(400, 401, 403, 422) },
        },
      },
      async (req) => {
        requireUser(req);
        const body = req.body;
        if ('fileBase64' in body) return importGridsFile(ctx, new Uint8Array(Buffer.from(body.fileBase64, 'base64')));
        return { ...(await importGrids(ctx, body.grids)), assigned: 0 };
      },
    );

    app.delete(
      '/api/admin/grids/:code/workers/:userId',
      {
        schema: {
          ...routePolicy(GRIDS_POLICY, 'manage'),
          tags: ['grids'],
          summary: 'Remove a grid worker from a grid',
          params: Type.Object({ code: GridCode, userId: RowId('User id') }, { additionalProperties: false }),
          response: { 204: Type.Null(), ...errorResponses(400, 401, 403, 404) },
        },
      },
      async (req, reply) => {
        requireUser(req);
        await unassignWorker(ctx, req.params.code, req.params.userId);
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/api/grids',
      {
        schema: {
          ...routePolicy(GRIDS_POLICY, 'list'),
          tags: ['grids'],
          summary: 'Grids of the district; for a grid worker, only their own grids',
          response: { 200: Type.Object({ items: Type.Array(GridSchema) }), ...errorResponses(401) },
        },
      },
      async (req) => {
        const p = requireUser(req);
        const rows = p.roles.includes('grid_worker') && !p.isCentre ? await myGrids(ctx, p) : await listGrids(ctx);
        return { items: rows.map(present) };
      },
    );

    app.post(
      '/api/admin/grids/:code/workers',
      {
        schema: {
          ...routePolicy(GRIDS_POLICY, 'manage'),
          tags: ['grids'],
          summary: 'Assign grid workers (users with role grid_worker of the grid’s street) to a grid',
          params: Type.Object({ code: GridCode }, { additionalProperties: false }),
          body: Type.Object({ userIds: Type.Array(RowId('User id'), { minItems: 1, maxItems: 100, uniqueItems: true }) }, { additionalProperties: false }),
          response: { 200: Type.Object({ assigned: Type.Integer() }), ...errorResponses(400, 401, 403, 404, 422) },
        },
      },
      async (req) => {
        requireUser(req);
        return assignWorkers(ctx, req.params.code, req.body.userIds);
      },
    );

    app.post(
      '/api/grid-reports',
      {
        schema: {
          ...routePolicy(GRIDS_POLICY, 'report'),
          tags: ['grids'],
          summary:
            'A grid worker reports a problem in one of their grids: a grid_report ticket (source grid) dispatched by the catalogue, or closed at once when resolved on the spot',
          body: ReportBody,
          response: { 201: Type.Object({ ticketId: Type.Integer(), number: Type.String(), state: Type.String() }), ...errorResponses(400, 401, 403, 422) },
        },
      },
      async (req, reply) => reply.status(201).send(await createGridReport(ctx, requireUser(req), req.body)),
    );

    app.get(
      '/api/grid-reports/mine',
      {
        schema: {
          ...routePolicy(GRIDS_POLICY, 'report'),
          tags: ['grids'],
          summary: 'The signed-in grid worker’s latest 100 reports',
          response: { 200: Type.Object({ items: Type.Array(ReportSummary) }), ...errorResponses(401, 403) },
        },
      },
      async (req) => {
        const rows = await myGridReports(ctx, requireUser(req));
        return {
          items: rows.map((r) => ({
            ticketId: r.ticketId,
            number: r.number,
            title: r.title,
            state: r.state,
            resolvedOnSpot: r.resolvedOnSpot,
            gridCode: r.gridCode,
            gridName: r.gridName,
            latitude: r.latitude,
            longitude: r.longitude,
            createdAt: r.createdAt.toISOString(),
          })),
        };
      },
    );
  };
}
