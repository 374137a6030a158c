/** Imports: batch findings and historical tickets from CSV/.xlsx, sent as base64 JSON (admin, centre). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { actorOf } from '../../application/auth.ts';
import type { AppContext } from '../../application/context.ts';
import { invalid } from '../../application/errors.ts';
import { importFindings } from '../../application/imports/findings.ts';
import { importHistory } from '../../application/imports/history.ts';
import { loadShippedMapping, SHIPPED_MAPPINGS } from '../../application/imports/shipped-mappings.ts';
import { requireRole } from '../auth.ts';
import { errorResponses, literalUnion } from '../schemas.ts';

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
  },
  { additionalProperties: false },
);

export function importRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/api/imports',
      {
        schema: {
          tags: ['imports'],
          summary: 'Import a CSV or .xlsx file (base64): batch findings or historical tickets; returns the row report',
          body: Type.Object(
            {
              kind: literalUnion(['findings', 'history'] as const, 'findings = big-data / public-opinion items; history = past tickets through a mapping'),
              mapping: Type.Optional(literalUnion(SHIPPED_MAPPINGS, 'Shipped mapping file for history imports')),
              contentBase64: Type.String({ minLength: 1, maxLength: Math.ceil((MAX_API_FILE_BYTES * 4) / 3) + 4, pattern: '^[A-Za-z0-9+/=\\s]+$', description: 'The file, base64-encoded (at most 700 KB; larger files through `jiesu import`)' }),
              dryRun: Type.Optional(Type.Boolean({ description: 'Validate everything, change nothing' })),
              allowPartial: Type.Optional(Type.Boolean({ description: 'Commit the accepted rows even when some are rejected' })),
            },
            { additionalProperties: false },
          ),
          response: { 200: ImportReport, ...errorResponses(400, 401, 403) },
        },
      },
      async (req) => {
        const p = requireRole(req, 'admin', 'centre_supervisor');
        const bytes = new Uint8Array(Buffer.from(req.body.contentBase64, 'base64'));
        const opts = { dryRun: req.body.dryRun === true, allowPartial: req.body.allowPartial === true };
        if (req.body.kind === 'findings') return importFindings(ctx, actorOf(p), bytes, opts);
        if (req.body.mapping === undefined) throw invalid('A history import needs a mapping', { field: 'mapping' });
        return importHistory(ctx, actorOf(p), loadShippedMapping(req.body.mapping), bytes, opts);
      },
    );
  };
}
