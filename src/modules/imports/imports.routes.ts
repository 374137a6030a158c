/** Imports: batch findings and historical tickets from CSV/.xlsx, sent as base64 JSON (admin, centre). */
import { routePolicy } from '../../engine/policy.ts';
import { IMPORTS_POLICY } from './imports.policy.ts';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { actorOf } from '../../engine/auth.ts';
import type { AppContext } from '../../engine/context.ts';
import { invalid } from '../../platform/errors.ts';
import { getImportRun, IMPORT_KINDS, listImportRuns, runFindingsImport, runHistoryImport, type ImportRunSummary } from './runs.ts';
import { loadShippedMapping, SHIPPED_MAPPINGS } from './shipped-mappings.ts';
import { requireUser } from '../../engine/http/auth.ts';
import { errorResponses, literalUnion, RowId } from '../../platform/http/schemas.ts';

/** Largest file through the API: base64 inside the server's 1 MB body limit (the CLI takes up to 50 MB). */
const MAX_API_FILE_BYTES = 700 * 1024;

const RowReport = Type.Object(
  {
    rowNumber: Type.Integer({ description: 'Line of the row in the file (header = 1)' }),
    sourceId: Type.Union([Type.String(), Type.Null()], { description: 'The source’s own id' }),
    status: Type.Union([Type.Literal('accepted'), Type.Literal('rejected'), Type.Literal('duplicate')], { description: 'What happened to the row' }),
    reasons: Type.Array(Type.String(), { description: 'Reason and warning codes (docs/IMPORT.md)' }),
    ticketNumber: Type.Optional(Type.String({ description: 'Number of the ticket created (rolled back unless committed)' })),
  },
  { additionalProperties: false },
);

const ImportReport = Type.Object(
  {
    dryRun: Type.Boolean(),
    committed: Type.Boolean({ description: 'True when the accepted rows were written' }),
    encoding: Type.Union([Type.Literal('utf-8'), Type.Literal('gbk'), Type.Literal('xlsx')], { description: 'How the file was read' }),
    total: Type.Integer(),
    accepted: Type.Integer(),
    rejected: Type.Integer(),
    duplicates: Type.Integer(),
    rows: Type.Array(RowReport),
    runId: Type.Union([Type.Integer(), Type.Null()], {
      description: 'The import run recorded for this import (GET /api/imports/{id}); null if it could not be recorded',
    }),
  },
  { additionalProperties: false },
);

const RunSummaryFields = {
  id: Type.Integer({ description: 'Run id' }),
  kind: Type.Union([Type.Literal('findings'), Type.Literal('history')], {
    description: 'findings = big-data / public-opinion items; history = past tickets through a mapping',
  }),
  fileName: Type.String({ description: "The file name given with the import ('' when none)" }),
  mapping: Type.Union([Type.String(), Type.Null()], { description: 'Mapping of a history import' }),
  encoding: Type.Union([Type.String(), Type.Null()], { description: 'How the file was read (utf-8, gbk, xlsx); null for a failed run' }),
  dryRun: Type.Boolean(),
  status: Type.Union([Type.Literal('committed'), Type.Literal('dry_run'), Type.Literal('rejected'), Type.Literal('failed')], {
    description: 'committed; dry_run (rolled back); rejected (rejected rows, nothing written); failed (unexpected error)',
  }),
  total: Type.Integer({ description: 'Rows in the file' }),
  accepted: Type.Integer(),
  rejected: Type.Integer(),
  duplicates: Type.Integer(),
  startedBy: Type.Object(
    { id: Type.Integer(), username: Type.String(), displayName: Type.String() },
    { additionalProperties: false, description: 'Who ran the import' },
  ),
  startedAt: Type.String({ format: 'date-time' }),
  finishedAt: Type.String({ format: 'date-time' }),
};
const RunSummary = Type.Object(RunSummaryFields, { additionalProperties: false });
const RunDetail = Type.Object(
  {
    ...RunSummaryFields,
    rows: Type.Array(RowReport, { description: 'The stored row report: rejected rows first, then duplicates, then accepted; capped' }),
    reportOmitted: Type.Integer({ description: 'Rows of the file left out of the stored report (over the cap)' }),
  },
  { additionalProperties: false },
);

const presentRun = (r: ImportRunSummary) => ({
  id: r.id,
  kind: r.kind,
  fileName: r.fileName,
  mapping: r.mapping,
  encoding: r.encoding,
  dryRun: r.dryRun,
  status: r.status,
  total: r.total,
  accepted: r.accepted,
  rejected: r.rejected,
  duplicates: r.duplicates,
  startedBy: { id: r.startedBy, username: r.username, displayName: r.displayName },
  startedAt: r.startedAt.toISOString(),
  finishedAt: r.finishedAt.toISOString(),
});

export function importRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/api/imports',
      {
        schema: {
          ...routePolicy(IMPORTS_POLICY, 'import'),
          tags: ['imports'],
          summary: 'Import a CSV or .xlsx file (base64): batch findings or historical tickets; returns the row report',
          body: Type.Object(
            {
              kind: literalUnion(['findings', 'history'] as const, 'findings = big-data / public-opinion items; history = past tickets through a mapping'),
              mapping: Type.Optional(literalUnion(SHIPPED_MAPPINGS, 'Shipped mapping file for history imports')),
              contentBase64: Type.String({
                minLength: 1,
                maxLength: Math.ceil((MAX_API_FILE_BYTES * 4) / 3) + 4,
                pattern: '^[A-Za-z0-9+/=\\s]+$',
                description: 'The file, base64-encoded (at most 700 KB; larger files through `jiesu import`)',
              }),
              dryRun: Type.Optional(Type.Boolean({ description: 'Validate everything, change nothing' })),
              allowPartial: Type.Optional(Type.Boolean({ description: 'Commit the accepted rows even when some are rejected' })),
              fileName: Type.Optional(
                Type.String({
                  minLength: 1,
                  maxLength: 200,
                  pattern: '^[^\\u0000-\\u001F\\u007F/\\\\]+$',
                  description: 'The file’s name, kept in the import run (no directories or control characters)',
                }),
              ),
            },
            { additionalProperties: false },
          ),
          response: { 200: ImportReport, ...errorResponses(400, 401, 403) },
        },
      },
      async (req) => {
        const p = requireUser(req);
        const bytes = new Uint8Array(Buffer.from(req.body.contentBase64, 'base64'));
        const opts = { dryRun: req.body.dryRun === true, allowPartial: req.body.allowPartial === true, fileName: req.body.fileName ?? '' };
        if (req.body.kind === 'findings') return runFindingsImport(ctx, actorOf(p), bytes, opts);
        if (req.body.mapping === undefined) throw invalid('A history import needs a mapping', { field: 'mapping' });
        return runHistoryImport(ctx, actorOf(p), { name: req.body.mapping, mapping: loadShippedMapping(req.body.mapping) }, bytes, opts);
      },
    );

    app.get(
      '/api/imports',
      {
        schema: {
          ...routePolicy(IMPORTS_POLICY, 'readRuns'),
          tags: ['imports'],
          summary: 'Past import runs of the district (API and CLI, including dry runs), newest first',
          querystring: Type.Object(
            {
              kind: Type.Optional(literalUnion(IMPORT_KINDS, 'Only runs of this kind')),
              offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0, description: 'Rows to skip' })),
              limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 20, description: 'Page size' })),
            },
            { additionalProperties: false },
          ),
          response: {
            200: Type.Object({ items: Type.Array(RunSummary), total: Type.Integer({ description: 'Runs matching the filter' }) }),
            ...errorResponses(400, 401, 403),
          },
        },
      },
      async (req) => {
        requireUser(req);
        const r = await listImportRuns(ctx, { kind: req.query.kind }, req.query.limit ?? 20, req.query.offset ?? 0);
        return { items: r.items.map(presentRun), total: r.total };
      },
    );

    app.get(
      '/api/imports/:id',
      {
        schema: {
          ...routePolicy(IMPORTS_POLICY, 'readRuns'),
          tags: ['imports'],
          summary: 'One import run with its stored row report',
          params: Type.Object({ id: RowId('Import run id') }, { additionalProperties: false }),
          response: { 200: RunDetail, ...errorResponses(400, 401, 403, 404) },
        },
      },
      async (req) => {
        requireUser(req);
        const r = await getImportRun(ctx, req.params.id);
        return { ...presentRun(r), rows: r.rows, reportOmitted: r.reportOmitted };
      },
    );
  };
}
