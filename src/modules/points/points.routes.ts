/**
 * 文明积分银行 over HTTP: the earning rules, staff confirming good conduct, the catalogue and its stock,
 * the holder's redemptions with a pickup code, the holder's account, leaderboards and the audit.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../engine/context.ts';
import { requireUser } from '../../engine/http/auth.ts';
import { nullable } from '../../engine/http/tickets.schemas.ts';
import { routePolicy } from '../../engine/policy.ts';
import { errorResponses, literalUnion, RowId, Text, UnitId } from '../../platform/http/schemas.ts';
import { PARTNER_KINDS, REDEMPTION_STATUSES, RULE_KINDS, TRANSACTION_KINDS, type RuleVersion } from './points.domain.ts';
import { POINTS_POLICY } from './points.policy.ts';
import {
  addItem,
  addPartner,
  addRuleVersion,
  audit,
  awardConduct,
  cancelRedemption,
  collect,
  editItem,
  editPartner,
  leaderboard,
  teamLeaderboard,
  listItems,
  listPartners,
  listRules,
  myAccount,
  myRedemptions,
  partnerRedemptions,
  redeem,
  restock,
  reverseAward,
  type RedemptionView,
} from './points.service.ts';

const tags = ['points'];
const BigId = (description: string) => Type.Integer({ minimum: 1, maximum: 9_007_199_254_740_991, description });
const Key = (description: string) => Type.String({ minLength: 8, maxLength: 64, pattern: '^[\\x21-\\x7e]+$', description });
const PickupCode = Type.String({ pattern: '^[0-9A-Za-z]{10}$', description: 'The 10-character pickup code (取货码) the holder shows' });
const Instant = (description: string) => Type.String({ format: 'date-time', description });

const RuleSchema = Type.Object({
  id: Type.Integer({ description: 'Version id (recorded on each award)' }),
  code: Type.String({ description: 'Rule code, e.g. service.hour, conduct.waste_sorting' }),
  kind: literalUnion(RULE_KINDS, 'hour: per confirmed service hour; activity: per activity; conduct: per good-conduct check'),
  name: Type.String({ description: '规则名称' }),
  pointsPerUnit: Type.Integer({ description: 'Points per hour, activity or check' }),
  dailyCap: nullable(Type.Integer(), 'At most this many points per holder and day under the code; null = none'),
  effectiveFrom: Type.String({ description: 'In force from this Asia/Shanghai date (YYYY-MM-DD)' }),
});

const PartnerSchema = Type.Object({
  id: Type.Integer(),
  name: Type.String({ description: '兑换点名称' }),
  kind: literalUnion(PARTNER_KINDS, 'shop: a partner shop; station: a practice station’s exchange shelf'),
  unitId: Type.Integer({ description: 'The unit whose staff hand items out' }),
  address: Type.String(),
  active: Type.Boolean(),
});

const ItemSchema = Type.Object({
  id: Type.Integer(),
  partnerId: Type.Integer(),
  name: Type.String({ description: '兑换品名称' }),
  description: Type.String(),
  cost: Type.Integer({ description: 'Points per piece' }),
  stock: Type.Integer({ description: 'Pieces left' }),
  active: Type.Boolean({ description: 'False once withdrawn (下架)' }),
});

const RedemptionSchema = Type.Object({
  id: Type.Integer(),
  itemId: Type.Integer(),
  itemName: Type.String(),
  partnerId: Type.Integer(),
  quantity: Type.Integer(),
  points: Type.Integer({ description: 'Points taken' }),
  status: literalUnion(REDEMPTION_STATUSES, 'pending: to be collected; collected; cancelled (points refunded, stock returned)'),
  pickupCode: Type.String({ description: '取货码' }),
  createdAt: Instant('When redeemed'),
  collectedAt: nullable(Instant('When handed over'), 'null until collected'),
  cancelledAt: nullable(Instant('When cancelled'), 'null unless cancelled'),
});

const AwardSchema = Type.Object({
  transactionId: Type.Integer(),
  points: Type.Integer({ description: 'Points awarded' }),
  capped: Type.Boolean({ description: 'The daily cap cut the award' }),
  ruleVersionId: Type.Integer({ description: 'The rule version the award was computed under' }),
  balance: Type.Integer({ description: 'The holder’s balance afterwards' }),
  replayed: Type.Boolean({ description: 'A retry with the same check key: the first award, unchanged' }),
});

const IdParams = Type.Object({ id: RowId('Id') }, { additionalProperties: false });
const BigIdParams = Type.Object({ id: BigId('Id') }, { additionalProperties: false });
const PageQuery = {
  before: Type.Optional(BigId('Return rows with ids below this (the last id of the previous page)')),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50, description: 'Page size' })),
};

const presentRule = (r: RuleVersion) => r;
const presentPartner = (r: { id: number; name: string; kind: (typeof PARTNER_KINDS)[number]; unitId: number; address: string; active: boolean }) => ({
  id: r.id,
  name: r.name,
  kind: r.kind,
  unitId: r.unitId,
  address: r.address,
  active: r.active,
});
const presentItem = (r: { id: number; partnerId: number; name: string; description: string; cost: number; stock: number; active: boolean }) => ({
  id: r.id,
  partnerId: r.partnerId,
  name: r.name,
  description: r.description,
  cost: r.cost,
  stock: r.stock,
  active: r.active,
});
const presentRedemption = (r: RedemptionView & { itemName?: string }) => ({
  id: r.id,
  itemId: r.itemId,
  itemName: r.itemName ?? '',
  partnerId: r.partnerId,
  quantity: r.quantity,
  points: r.points,
  status: r.status,
  pickupCode: r.pickupCode,
  createdAt: r.createdAt.toISOString(),
  collectedAt: r.collectedAt?.toISOString() ?? null,
  cancelledAt: r.cancelledAt?.toISOString() ?? null,
});
const presentAward = (a: { transactionId: number; points: number; capped: boolean; ruleVersionId: number; balance: number; replayed: boolean }) => ({
  transactionId: a.transactionId,
  points: a.points,
  capped: a.capped,
  ruleVersionId: a.ruleVersionId,
  balance: a.balance,
  replayed: a.replayed,
});

/** A leaderboard's period: a month or a year, and how many rows. */
const LeaderboardQuery = Type.Object(
  {
    period: literalUnion(['month', 'year'] as const, 'month or year'),
    at: Type.String({ pattern: '^\\d{4}(-\\d{2})?$', description: 'YYYY-MM for a month, YYYY for a year' }),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20, description: 'How many' })),
  },
  { additionalProperties: false },
);

export function pointsRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    // ----- rules
    app.get(
      '/api/points/rules',
      {
        schema: {
          ...routePolicy(POINTS_POLICY, 'rulesRead'),
          tags,
          summary: 'Earning rules (积分规则), every version',
          response: { 200: Type.Object({ items: Type.Array(RuleSchema) }), ...errorResponses(401) },
        },
      },
      async () => ({ items: (await listRules(ctx)).map(presentRule) }),
    );

    app.post(
      '/api/points/rules',
      {
        schema: {
          ...routePolicy(POINTS_POLICY, 'rulesManage'),
          tags,
          summary: 'Add a version of an earning rule, in force from today or a later date',
          body: Type.Object(
            {
              code: Type.String({ pattern: '^[a-z][a-z0-9_.-]{1,59}$', description: 'Rule code (a new one, or a new version of an existing code)' }),
              kind: literalUnion(RULE_KINDS, 'What it pays for (a code keeps its kind)'),
              name: Text(100, '规则名称', 1),
              pointsPerUnit: Type.Integer({ minimum: 1, maximum: 10_000, description: 'Points per hour, activity or check' }),
              dailyCap: nullable(Type.Integer({ minimum: 1, maximum: 1_000_000 }), 'Cap per holder and day; null = none'),
              effectiveFrom: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'Asia/Shanghai date from which it is in force' }),
            },
            { additionalProperties: false },
          ),
          response: { 201: RuleSchema, ...errorResponses(400, 401, 403, 409, 422) },
        },
      },
      async (req, reply) => reply.status(201).send(presentRule(await addRuleVersion(ctx, requireUser(req), req.body))),
    );

    // ----- good conduct
    app.post(
      '/api/points/conduct-awards',
      {
        schema: {
          ...routePolicy(POINTS_POLICY, 'awardConduct'),
          tags,
          summary: 'A street’s worker confirms a household’s good conduct (垃圾分类、党员包户) and the holder earns its points',
          body: Type.Object(
            {
              holderUsername: Type.String({
                minLength: 1,
                maxLength: 64,
                pattern: '^[\\x21-\\x7e]+$',
                description: 'The resident’s or volunteer’s account (their phone)',
              }),
              ruleCode: Type.String({ pattern: '^[a-z][a-z0-9_.-]{1,59}$', description: 'A conduct rule, e.g. conduct.waste_sorting' }),
              communityCode: Type.String({ pattern: '^\\d{12}$', description: 'The household’s community, in your street' }),
              checkKey: Key('Your key for this check: a retry with it returns the first award'),
              occurredAt: Type.Optional(Instant('When the check was made (default now; at most 31 days ago)')),
              note: Type.Optional(Text(200, 'What was seen')),
            },
            { additionalProperties: false },
          ),
          response: { 201: AwardSchema, 200: AwardSchema, ...errorResponses(400, 401, 403, 409, 422) },
        },
      },
      async (req, reply) => {
        const b = req.body;
        const a = await awardConduct(ctx, requireUser(req), {
          holderUsername: b.holderUsername,
          ruleCode: b.ruleCode,
          communityCode: b.communityCode,
          checkKey: b.checkKey,
          ...(b.occurredAt === undefined ? {} : { occurredAt: new Date(b.occurredAt) }),
          ...(b.note === undefined ? {} : { note: b.note }),
        });
        return reply.status(a.replayed ? 200 : 201).send(presentAward(a));
      },
    );

    app.post(
      '/api/points/transactions/:id/reverse',
      {
        schema: {
          ...routePolicy(POINTS_POLICY, 'reverse'),
          tags,
          summary: 'Reverse an award made by mistake (冲正): a counter-transaction; nothing is deleted',
          params: BigIdParams,
          body: Type.Object({ reason: Text(200, 'Why', 1) }, { additionalProperties: false }),
          response: {
            201: Type.Object({ transactionId: Type.Integer({ description: 'The reversing transaction' }) }),
            ...errorResponses(400, 401, 403, 404, 409),
          },
        },
      },
      async (req, reply) => reply.status(201).send(await reverseAward(ctx, requireUser(req), req.params.id, req.body.reason)),
    );

    // ----- the catalogue
    app.get(
      '/api/points/partners',
      {
        schema: {
          ...routePolicy(POINTS_POLICY, 'catalogueRead'),
          tags,
          summary: 'Redemption partners (兑换点): shops and stations’ exchange shelves',
          response: { 200: Type.Object({ items: Type.Array(PartnerSchema) }), ...errorResponses(401) },
        },
      },
      async () => ({ items: (await listPartners(ctx)).map(presentPartner) }),
    );

    app.post(
      '/api/points/partners',
      {
        schema: {
          ...routePolicy(POINTS_POLICY, 'catalogueManage'),
          tags,
          summary: 'Add a redemption partner',
          body: Type.Object(
            {
              name: Text(100, '兑换点名称', 1),
              kind: literalUnion(PARTNER_KINDS, 'shop or station'),
              unitId: UnitId,
              address: Type.Optional(Text(200, 'Address')),
            },
            { additionalProperties: false },
          ),
          response: { 201: PartnerSchema, ...errorResponses(400, 401, 403, 422) },
        },
      },
      async (req, reply) => reply.status(201).send(presentPartner(await addPartner(ctx, requireUser(req), req.body))),
    );

    app.patch(
      '/api/points/partners/:id',
      {
        schema: {
          ...routePolicy(POINTS_POLICY, 'catalogueManage'),
          tags,
          summary: 'Rename a partner, change its address, close or reopen it',
          params: IdParams,
          body: Type.Object(
            { name: Type.Optional(Text(100, 'Name', 1)), address: Type.Optional(Text(200, 'Address')), active: Type.Optional(Type.Boolean()) },
            { additionalProperties: false },
          ),
          response: { 200: PartnerSchema, ...errorResponses(400, 401, 403, 404) },
        },
      },
      async (req) => presentPartner(await editPartner(ctx, requireUser(req), req.params.id, req.body)),
    );

    app.get(
      '/api/points/items',
      {
        schema: {
          ...routePolicy(POINTS_POLICY, 'catalogueRead'),
          tags,
          summary: 'The redemption catalogue with cost and stock',
          querystring: Type.Object(
            { withdrawn: Type.Optional(Type.Boolean({ description: 'Include withdrawn items (staff)' })) },
            { additionalProperties: false },
          ),
          response: { 200: Type.Object({ items: Type.Array(ItemSchema) }), ...errorResponses(400, 401) },
        },
      },
      async (req) => ({ items: (await listItems(ctx, req.query.withdrawn ?? false)).map(presentItem) }),
    );

    app.post(
      '/api/points/items',
      {
        schema: {
          ...routePolicy(POINTS_POLICY, 'catalogueManage'),
          tags,
          summary: 'Add an item to a partner’s catalogue',
          body: Type.Object(
            {
              partnerId: RowId('Partner id'),
              name: Text(100, '兑换品名称', 1),
              description: Type.Optional(Text(500, 'Description')),
              cost: Type.Integer({ minimum: 1, maximum: 1_000_000, description: 'Points per piece' }),
              stock: Type.Integer({ minimum: 0, maximum: 1_000_000, description: 'Pieces in stock' }),
            },
            { additionalProperties: false },
          ),
          response: { 201: ItemSchema, ...errorResponses(400, 401, 403, 422) },
        },
      },
      async (req, reply) => reply.status(201).send(presentItem(await addItem(ctx, requireUser(req), req.body))),
    );

    app.patch(
      '/api/points/items/:id',
      {
        schema: {
          ...routePolicy(POINTS_POLICY, 'catalogueManage'),
          tags,
          summary: 'Rename an item, change its cost, withdraw or restore it (stock changes through /stock)',
          params: IdParams,
          body: Type.Object(
            {
              name: Type.Optional(Text(100, 'Name', 1)),
              description: Type.Optional(Text(500, 'Description')),
              cost: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000, description: 'Points per piece' })),
              active: Type.Optional(Type.Boolean()),
            },
            { additionalProperties: false },
          ),
          response: { 200: ItemSchema, ...errorResponses(400, 401, 403, 404) },
        },
      },
      async (req) => presentItem(await editItem(ctx, requireUser(req), req.params.id, req.body)),
    );

    app.post(
      '/api/points/items/:id/stock',
      {
        schema: {
          ...routePolicy(POINTS_POLICY, 'catalogueManage'),
          tags,
          summary: 'Add stock (a delivery) or take it away (a count found less); never below zero',
          params: IdParams,
          body: Type.Object(
            { delta: Type.Integer({ minimum: -1_000_000, maximum: 1_000_000, description: 'Pieces added (negative: taken away); not 0' }) },
            { additionalProperties: false },
          ),
          response: { 200: ItemSchema, ...errorResponses(400, 401, 403, 404, 409) },
        },
      },
      async (req) => presentItem(await restock(ctx, requireUser(req), req.params.id, req.body.delta)),
    );

    // ----- redemptions
    app.post(
      '/api/points/redemptions',
      {
        schema: {
          ...routePolicy(POINTS_POLICY, 'redeem'),
          tags,
          summary: 'Redeem an item: points and stock taken together; answers a pickup code. Retries with the same Idempotency-Key return the first',
          headers: Type.Object({ 'idempotency-key': Key('Required: the same key from a retry or a second phone returns the first redemption') }),
          body: Type.Object(
            { itemId: RowId('Item id'), quantity: Type.Optional(Type.Integer({ minimum: 1, maximum: 20, default: 1, description: 'Pieces' })) },
            { additionalProperties: false },
          ),
          response: {
            201: Type.Object({ ...RedemptionSchema.properties, balance: Type.Integer({ description: 'Your balance afterwards' }) }),
            200: Type.Object({ ...RedemptionSchema.properties, balance: Type.Integer({ description: 'Your balance now' }) }),
            ...errorResponses(400, 401, 403, 409, 422),
          },
        },
      },
      async (req, reply) => {
        const p = requireUser(req);
        const r = await redeem(ctx, p, { itemId: req.body.itemId, quantity: req.body.quantity ?? 1, idempotencyKey: req.headers['idempotency-key'] });
        const items = await listItems(ctx, true);
        return reply
          .status(r.replayed ? 200 : 201)
          .send({ ...presentRedemption({ ...r, itemName: items.find((i) => i.id === r.itemId)?.name ?? '' }), balance: r.balance ?? 0 });
      },
    );

    app.get(
      '/api/points/redemptions/mine',
      {
        schema: {
          ...routePolicy(POINTS_POLICY, 'myAccount'),
          tags,
          summary: 'My redemptions, newest first',
          querystring: Type.Object(PageQuery, { additionalProperties: false }),
          response: { 200: Type.Object({ items: Type.Array(RedemptionSchema) }), ...errorResponses(400, 401, 403) },
        },
      },
      async (req) => ({ items: (await myRedemptions(ctx, requireUser(req), req.query.before ?? null, req.query.limit ?? 50)).map(presentRedemption) }),
    );

    app.get(
      '/api/points/redemptions',
      {
        schema: {
          ...routePolicy(POINTS_POLICY, 'handOut'),
          tags,
          summary: 'Redemptions at the points your unit runs (the centre: all), newest first',
          querystring: Type.Object(
            { ...PageQuery, status: Type.Optional(literalUnion(REDEMPTION_STATUSES, 'Only this status')) },
            { additionalProperties: false },
          ),
          response: {
            200: Type.Object({
              items: Type.Array(Type.Object({ ...RedemptionSchema.properties, holderName: Type.String({ description: 'The holder, masked' }) })),
            }),
            ...errorResponses(400, 401, 403),
          },
        },
      },
      async (req) => {
        const rows = await partnerRedemptions(
          ctx,
          requireUser(req),
          req.query.status === undefined ? {} : { status: req.query.status },
          req.query.before ?? null,
          req.query.limit ?? 50,
        );
        return { items: rows.map((r) => ({ ...presentRedemption(r), holderName: r.holderName })) };
      },
    );

    app.post(
      '/api/points/redemptions/collect',
      {
        schema: {
          ...routePolicy(POINTS_POLICY, 'handOut'),
          tags,
          summary: 'Hand an item over against its pickup code (the partner’s or station’s staff)',
          body: Type.Object({ pickupCode: PickupCode }, { additionalProperties: false }),
          response: { 200: RedemptionSchema, ...errorResponses(400, 401, 403, 404, 409) },
        },
      },
      async (req) => presentRedemption(await collect(ctx, requireUser(req), req.body.pickupCode)),
    );

    app.post(
      '/api/points/redemptions/:id/cancel',
      {
        schema: {
          ...routePolicy(POINTS_POLICY, 'cancelRedemption'),
          tags,
          summary: 'Cancel a pending redemption: the points are refunded by a counter-transaction and the stock returns',
          params: BigIdParams,
          body: Type.Object({ reason: Type.Optional(Text(200, 'Why')) }, { additionalProperties: false }),
          response: {
            200: Type.Object({ ...RedemptionSchema.properties, balance: Type.Integer({ description: 'The holder’s balance afterwards' }) }),
            ...errorResponses(400, 401, 403, 404, 409),
          },
        },
      },
      async (req) => {
        const r = await cancelRedemption(ctx, requireUser(req), req.params.id, req.body.reason ?? '');
        return { ...presentRedemption(r), balance: r.balance ?? 0 };
      },
    );

    // ----- accounts, leaderboards, the audit
    app.get(
      '/api/points/me',
      {
        schema: {
          ...routePolicy(POINTS_POLICY, 'myAccount'),
          tags,
          summary: 'My points: the balance and the movements, newest first',
          querystring: Type.Object(PageQuery, { additionalProperties: false }),
          response: {
            200: Type.Object({
              balance: Type.Integer({ description: 'Points now' }),
              movements: Type.Array(
                Type.Object({
                  transactionId: Type.Integer(),
                  kind: literalUnion(TRANSACTION_KINDS, 'award, redeem, refund, reverse or adjust'),
                  amount: Type.Integer({ description: 'Signed points on your account' }),
                  occurredAt: Instant('When it happened'),
                  reason: Type.String(),
                  ruleName: nullable(Type.String(), 'The rule an award was computed under'),
                }),
              ),
              nextBefore: nullable(Type.Integer(), 'Pass as `before` for the next page; null at the end'),
            }),
            ...errorResponses(400, 401, 403),
          },
        },
      },
      async (req) => {
        const limit = req.query.limit ?? 50;
        const r = await myAccount(ctx, requireUser(req), { before: req.query.before ?? null, limit });
        return {
          balance: r.balance,
          movements: r.movements.map((m) => ({
            transactionId: m.transactionId,
            kind: m.kind,
            amount: m.amount,
            occurredAt: m.occurredAt.toISOString(),
            reason: m.reason,
            ruleName: m.ruleName,
          })),
          nextBefore: r.movements.length === limit ? r.movements[r.movements.length - 1]!.transactionId : null,
        };
      },
    );

    app.get(
      '/api/points/leaderboard',
      {
        schema: {
          ...routePolicy(POINTS_POLICY, 'leaderboard'),
          tags,
          summary: 'Holders by points earned in a month or a year (volunteers named by their consent)',
          querystring: LeaderboardQuery,
          response: {
            200: Type.Object({
              items: Type.Array(
                Type.Object({
                  rank: Type.Integer(),
                  name: Type.String({ description: 'The real name when the volunteer consented to show it, masked (张*) otherwise' }),
                  points: Type.Integer(),
                  me: Type.Boolean({ description: 'This row is you' }),
                }),
              ),
            }),
            ...errorResponses(400, 401, 422),
          },
        },
      },
      async (req) => ({ items: await leaderboard(ctx, requireUser(req), req.query.period, req.query.at, req.query.limit ?? 20) }),
    );

    app.get(
      '/api/points/leaderboard/teams',
      {
        schema: {
          ...routePolicy(POINTS_POLICY, 'leaderboard'),
          tags,
          summary: 'Teams by the points their members earned in a month or a year (a member counts for every team they belong to)',
          querystring: LeaderboardQuery,
          response: {
            200: Type.Object({
              items: Type.Array(
                Type.Object({
                  rank: Type.Integer(),
                  teamId: Type.Integer(),
                  name: Type.String({ description: 'The team’s name' }),
                  points: Type.Integer({ description: 'Points its current members earned in the period' }),
                  members: Type.Integer({ description: 'Members now' }),
                  yours: Type.Boolean({ description: 'You are a member' }),
                }),
              ),
            }),
            ...errorResponses(400, 401, 422),
          },
        },
      },
      async (req) => ({ items: await teamLeaderboard(ctx, requireUser(req), req.query.period, req.query.at, req.query.limit ?? 20) }),
    );

    app.get(
      '/api/points/audit',
      {
        schema: {
          ...routePolicy(POINTS_POLICY, 'audit'),
          tags,
          summary: 'The audit: every balance re-derived from the entries; mismatches, negative balances, unbalanced transactions, the issuer equation',
          response: {
            200: Type.Object({
              accounts: Type.Integer({ description: 'Accounts checked' }),
              transactions: Type.Integer({ description: 'Transactions checked' }),
              anomalies: Type.Integer({ description: 'Findings in all (0 = the ledger balances)' }),
              mismatched: Type.Array(Type.Object({ id: Type.Integer(), kind: Type.String(), cached: Type.Integer(), derived: Type.Integer() }), {
                description: 'Accounts whose cached balance differs from the sum of their entries',
              }),
              negative: Type.Array(Type.Object({ id: Type.Integer(), kind: Type.String(), cached: Type.Integer(), derived: Type.Integer() }), {
                description: 'Holder or partner accounts below zero',
              }),
              unbalanced: Type.Array(Type.Object({ transactionId: Type.Integer(), sum: Type.Integer(), entries: Type.Integer() }), {
                description: 'Transactions whose entries do not sum to zero or that have fewer than two',
              }),
              issuer: Type.Object({
                issuerBalance: Type.Integer({ description: 'The issuing account, re-derived (minus the points in circulation)' }),
                circulating: Type.Integer({ description: 'Holders’ and partners’ balances, re-derived' }),
                holds: Type.Boolean({ description: 'issuer + circulating = 0, and the cached balances sum to 0' }),
              }),
            }),
            ...errorResponses(401, 403),
          },
        },
      },
      async (req) => audit(ctx, requireUser(req)),
    );
  };
}
