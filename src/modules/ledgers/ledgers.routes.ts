/**
 * 台账 (DOMAIN-RULES §8): ledgers with rules and hand-made items, live status, paged items, daily/weekly/monthly
 * summaries and a streamed Excel export. Reading is open to signed-in staff with items scoped like
 * tickets; creating and editing by hand needs a centre supervisor or admin (checked in the use cases).
 */
import { routePolicy } from '../../engine/policy.ts';
import { LEDGERS_POLICY } from './ledgers.policy.ts';
import { PassThrough } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { exportLedgerXlsx, importLedgerXlsx, ledgerPlace, MAX_IMPORT_BYTES } from './ledger-excel.ts';
import {
  addLedgerItems,
  createLedger,
  getLedger,
  ledgerItems,
  ledgerSummary,
  ledgerWithStatus,
  listLedgers,
  removeLedgerItem,
  type Ledger,
  type LedgerItem,
} from './ledgers.service.ts';
import type { Principal } from '../../engine/auth.ts';
import type { AppContext } from '../../engine/context.ts';
import { labelOf, OUTCOME_LABEL, SATISFACTION_LABEL, SOURCE_LABEL, STATE_LABEL } from './ledgers.domain.ts';
import { requireUser } from '../../engine/http/auth.ts';
import { errorResponses, RowId, Text } from '../../platform/http/schemas.ts';
import { enumString, nullable, SourceSchema } from '../../engine/http/tickets.schemas.ts';
import type { TicketSource } from '../../engine/domain/workflow/sources.ts';
import { TICKET_KINDS, type TicketKind } from '../../engine/domain/workflow/ticket.ts';

const TicketId = Type.Integer({ minimum: 1, maximum: 9_007_199_254_740_991, description: 'Ticket id' });

const RulesSchema = Type.Object(
  {
    sources: Type.Optional(Type.Array(SourceSchema, { maxItems: 20, description: 'Any of these sources (来源)' })),
    kinds: Type.Optional(Type.Array(enumString(TICKET_KINDS, 'Ticket kind'), { maxItems: 20, description: 'Any of these kinds' })),
    categoryIds: Type.Optional(Type.Array(RowId('Category id; includes its subtree'), { maxItems: 200 })),
    streetCodes: Type.Optional(Type.Array(Type.String({ pattern: '^[0-9]{6,12}$', description: 'Street/town division code' }), { maxItems: 200 })),
    communityCodes: Type.Optional(Type.Array(Type.String({ pattern: '^[0-9]{6,12}$', description: 'Community division code' }), { maxItems: 500 })),
    acceptedFrom: Type.Optional(Type.String({ format: 'date-time', description: 'Accepted at or after' })),
    acceptedTo: Type.Optional(Type.String({ format: 'date-time', description: 'Accepted before' })),
    keywords: Type.Optional(Type.Array(Text(50, 'Keyword in title or content', 1), { maxItems: 50 })),
  },
  { additionalProperties: false },
);

const LedgerSchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  description: Type.String(),
  rules: RulesSchema,
  createdAt: Type.String({ format: 'date-time' }),
});

const StatusSchema = Type.Object({
  total: Type.Integer({ description: 'Items visible to you' }),
  byState: Type.Record(Type.String(), Type.Integer(), { description: 'Items per workflow state' }),
  overdue: Type.Integer({ description: 'Open items past their active deadline' }),
  closed: Type.Integer(),
  satisfied: Type.Integer({ description: 'Items whose callback was 满意' }),
});

const ItemSchema = Type.Object({
  ticketId: Type.Integer(),
  number: Type.String({ description: '编号' }),
  kind: enumString(TICKET_KINDS, 'Ticket kind'),
  source: SourceSchema,
  sourceLabel: Type.String({ description: '来源 (the source’s Chinese name)' }),
  title: Type.String(),
  content: Type.String({ description: '内容' }),
  place: Type.String({ description: '地点 (street, community, address)' }),
  category: Type.String({ description: '分类' }),
  leadUnit: Type.String({ description: '承办单位' }),
  replyDueAt: nullable(Type.String({ format: 'date-time' }), '时限'),
  state: Type.String(),
  stateLabel: Type.String({ description: '状态' }),
  outcomeLabel: Type.String({ description: '办理结果' }),
  satisfactionLabel: Type.String({ description: '是否满意' }),
  acceptedAt: Type.String({ format: 'date-time' }),
  overdue: Type.Boolean({ description: 'Open and past its active deadline (as counted in the status)' }),
  manual: Type.Boolean({ description: 'Added by hand (手工添加), not (only) by the rules' }),
});

const LedgerParams = Type.Object({ id: RowId('Ledger id') }, { additionalProperties: false });

const present = (l: Ledger) => ({ id: l.id, name: l.name, description: l.description, rules: l.rules, createdAt: l.createdAt.toISOString() });

export function ledgerRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    const presentItem = async (p: Principal, r: LedgerItem & { manual: boolean; overdue: boolean }) => {
      const ref = await ctx.reference.get();
      return {
        ticketId: r.id,
        number: r.number,
        kind: r.kind as TicketKind,
        source: r.source as TicketSource,
        sourceLabel: labelOf(SOURCE_LABEL, r.source),
        title: r.title,
        content: r.content,
        place: ledgerPlace(ctx, p, ref, r),
        category: r.categoryId === null ? '' : (ref.categoryById.get(r.categoryId)?.name ?? ''),
        leadUnit: r.leadUnitId === null ? '' : (ref.unitById.get(r.leadUnitId)?.name ?? ''),
        replyDueAt: r.replyDueAt === null ? null : r.replyDueAt.toISOString(),
        state: r.state,
        stateLabel: labelOf(STATE_LABEL, r.state),
        outcomeLabel: labelOf(OUTCOME_LABEL, r.outcome),
        satisfactionLabel: labelOf(SATISFACTION_LABEL, r.satisfaction),
        acceptedAt: r.acceptedAt.toISOString(),
        overdue: r.overdue,
        manual: r.manual,
      };
    };

    app.get(
      '/api/ledgers',
      {
        schema: {
          ...routePolicy(LEDGERS_POLICY, 'read'),
          tags: ['ledgers'],
          summary: 'Ledgers (台账) of the district',
          response: { 200: Type.Object({ items: Type.Array(LedgerSchema) }), ...errorResponses(401, 403) },
        },
      },
      async (req) => {
        requireUser(req);
        return { items: (await listLedgers(ctx)).map(present) };
      },
    );

    app.post(
      '/api/ledgers',
      {
        schema: {
          ...routePolicy(LEDGERS_POLICY, 'edit'),
          tags: ['ledgers'],
          summary: 'Create a ledger with inclusion rules (centre supervisors and admins)',
          body: Type.Object(
            { name: Text(100, 'Ledger name, e.g. 创城专项台账', 1), description: Type.Optional(Text(1000, 'Purpose')), rules: RulesSchema },
            { additionalProperties: false },
          ),
          response: { 201: LedgerSchema, ...errorResponses(400, 401, 403, 422) },
        },
      },
      async (req, reply) => reply.status(201).send(present(await createLedger(ctx, requireUser(req), req.body))),
    );

    app.get(
      '/api/ledgers/:id',
      {
        schema: {
          ...routePolicy(LEDGERS_POLICY, 'read'),
          tags: ['ledgers'],
          summary: 'A ledger with its live status (counts by state, overdue, closed, satisfied), scoped to what you may see',
          params: LedgerParams,
          response: { 200: Type.Object({ ...LedgerSchema.properties, status: StatusSchema }), ...errorResponses(400, 401, 403, 404) },
        },
      },
      async (req) => {
        const { ledger, status } = await ledgerWithStatus(ctx, requireUser(req), req.params.id);
        return { ...present(ledger), status };
      },
    );

    app.get(
      '/api/ledgers/:id/items',
      {
        schema: {
          ...routePolicy(LEDGERS_POLICY, 'read'),
          tags: ['ledgers'],
          summary: 'The ledger’s items with the officials’ columns, keyset-paged by ticket id',
          params: LedgerParams,
          querystring: Type.Object(
            {
              after: Type.Optional(
                Type.Integer({
                  minimum: 0,
                  maximum: 9_007_199_254_740_991,
                  default: 0,
                  description: 'Return items with ticket id greater than this (the last id of the previous page)',
                }),
              ),
              limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50, description: 'Page size' })),
            },
            { additionalProperties: false },
          ),
          response: {
            200: Type.Object({ items: Type.Array(ItemSchema), nextAfter: nullable(Type.Integer(), 'Pass as `after` for the next page; null at the end') }),
            ...errorResponses(400, 401, 403, 404),
          },
        },
      },
      async (req) => {
        const limit = req.query.limit ?? 50;
        const p = requireUser(req);
        const rows = await ledgerItems(ctx, p, req.params.id, req.query.after ?? 0, limit);
        return { items: await Promise.all(rows.map((r) => presentItem(p, r))), nextAfter: rows.length === limit ? rows[rows.length - 1]!.id : null };
      },
    );

    app.post(
      '/api/ledgers/:id/items',
      {
        schema: {
          ...routePolicy(LEDGERS_POLICY, 'edit'),
          tags: ['ledgers'],
          summary: 'Add tickets by hand (by id or 编号); all or nothing',
          params: LedgerParams,
          body: Type.Object(
            {
              ticketIds: Type.Optional(Type.Array(TicketId, { maxItems: 1000 })),
              numbers: Type.Optional(Type.Array(Text(24, 'Ticket number (编号)', 1), { maxItems: 1000 })),
              reason: Type.Optional(Text(500, 'Why they are added')),
            },
            { additionalProperties: false },
          ),
          response: { 200: Type.Object({ added: Type.Integer() }), ...errorResponses(400, 401, 403, 404, 422) },
        },
      },
      async (req) => addLedgerItems(ctx, requireUser(req), req.params.id, req.body),
    );

    app.delete(
      '/api/ledgers/:id/items/:ticketId',
      {
        schema: {
          ...routePolicy(LEDGERS_POLICY, 'edit'),
          tags: ['ledgers'],
          summary: 'Remove a ticket from the ledger by hand (recorded with who, when and why; rules no longer include it)',
          params: Type.Object({ id: RowId('Ledger id'), ticketId: TicketId }, { additionalProperties: false }),
          querystring: Type.Object({ reason: Type.Optional(Text(500, 'Why it is removed')) }, { additionalProperties: false }),
          response: { 200: Type.Object({ removed: Type.Boolean() }), ...errorResponses(400, 401, 403, 404) },
        },
      },
      async (req) => {
        await removeLedgerItem(ctx, requireUser(req), req.params.id, req.params.ticketId, req.query.reason ?? '');
        return { removed: true };
      },
    );

    app.get(
      '/api/ledgers/:id/summary',
      {
        schema: {
          ...routePolicy(LEDGERS_POLICY, 'read'),
          tags: ['ledgers'],
          summary: '日巡日报、周汇总、月总结: new, closed, overdue and satisfied items in the day, week (Mon–Sun) or month of a date (Asia/Shanghai)',
          params: LedgerParams,
          querystring: Type.Object(
            {
              period: Type.Union([Type.Literal('day'), Type.Literal('week'), Type.Literal('month')], { description: 'Summary period' }),
              date: Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', description: 'A local date in the period (YYYY-MM-DD)' }),
            },
            { additionalProperties: false },
          ),
          response: {
            200: Type.Object({
              period: Type.String(),
              from: Type.String({ format: 'date-time' }),
              to: Type.String({ format: 'date-time' }),
              created: Type.Integer({ description: 'Accepted in the period' }),
              closed: Type.Integer({ description: 'Closed in the period' }),
              overdue: Type.Integer({ description: 'Reply deadline fell in the period and was missed' }),
              satisfied: Type.Integer({ description: 'Called back 满意 in the period' }),
            }),
            ...errorResponses(400, 401, 403, 404),
          },
        },
      },
      async (req) => {
        const s = await ledgerSummary(ctx, requireUser(req), req.params.id, req.query.period, req.query.date);
        return {
          period: req.query.period,
          from: s.from.toISOString(),
          to: s.to.toISOString(),
          created: s.created,
          closed: s.closed,
          overdue: s.overdue,
          satisfied: s.satisfied,
        };
      },
    );

    app.post(
      '/api/ledgers/:id/import',
      {
        schema: {
          ...routePolicy(LEDGERS_POLICY, 'edit'),
          tags: ['ledgers'],
          summary: 'Import an .xlsx with a 编号 column (base64): those tickets are added by hand, all or nothing; unknown numbers are reported per row',
          params: LedgerParams,
          body: Type.Object(
            {
              contentBase64: Type.String({
                minLength: 1,
                maxLength: Math.ceil((MAX_IMPORT_BYTES * 4) / 3) + 4,
                pattern: '^[A-Za-z0-9+/=\\s]+$',
                description: 'The .xlsx file, base64-encoded (at most 72 KB, about 10,000 numbers)',
              }),
              reason: Type.Optional(Text(500, 'Why the items are added')),
            },
            { additionalProperties: false },
          ),
          response: { 200: Type.Object({ added: Type.Integer() }), ...errorResponses(400, 401, 403, 404, 422) },
        },
      },
      async (req) => importLedgerXlsx(ctx, requireUser(req), req.params.id, Buffer.from(req.body.contentBase64, 'base64'), req.body.reason ?? ''),
    );

    app.get(
      '/api/ledgers/:id/export.xlsx',
      {
        schema: {
          ...routePolicy(LEDGERS_POLICY, 'read'),
          tags: ['ledgers'],
          summary: 'The ledger as an Excel workbook (编号, 来源, 内容, 地点, 分类, 承办单位, 时限, 状态, 办理结果, 是否满意), streamed',
          params: LedgerParams,
          response: { 200: Type.String({ format: 'binary', description: 'xlsx bytes' }), ...errorResponses(400, 401, 403, 404) },
        },
      },
      async (req, reply) => {
        const p = requireUser(req);
        const ledger = await getLedger(ctx, req.params.id);
        const out = new PassThrough();
        exportLedgerXlsx(ctx, p, ledger.id, out).catch((e: unknown) => {
          req.log.error({ err: e }, 'ledger export failed');
          out.destroy(e as Error);
        });
        return reply
          .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
          .header('content-disposition', `attachment; filename="ledger-${ledger.id}.xlsx"; filename*=UTF-8''${encodeURIComponent(ledger.name)}.xlsx`)
          .send(out as never);
      },
    );
  };
}
