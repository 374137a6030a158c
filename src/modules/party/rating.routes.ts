/**
 * 评星定级 and 党建品牌 over HTTP: rule sets, cycles, a branch's rating (self-rating, review, appeal),
 * history and the branches that fell a star; the brand programme's applications, preliminary review,
 * rounds, the experts' blind sheets, advancing, publication and the public list of brands.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type TSchema } from 'typebox';
import type { AppContext } from '../../engine/context.ts';
import { requireUser } from '../../engine/http/auth.ts';
import { nullable } from '../../engine/http/tickets.schemas.ts';
import { routePolicy } from '../../engine/policy.ts';
import { DivisionCode, errorResponses, literalUnion, RowId, Text } from '../../platform/http/schemas.ts';
import { APPLICATION_STATUSES, PROGRAMME_STATUSES, ROUND_STATUSES } from './brands.domain.ts';
import {
  advanceRound,
  applyForBrand,
  closeRound,
  createProgramme,
  expertApplication,
  expertSheet,
  listBrandProgrammes,
  listPublishedBrands,
  myApplications,
  myExpertRounds,
  openFirstRound,
  preliminaryReview,
  programmeDetail,
  publishProgramme,
  roundTable,
  scoreApplication,
} from './brands.service.ts';
import { ADJUSTMENT_KINDS, CYCLE_STATUSES, INDICATOR_SOURCES, RATING_STATUSES } from './rating.domain.ts';
import { PARTY_POLICY as P } from './party.policy.ts';
import {
  addRatingRuleSet,
  appealRating,
  cycleBoard,
  decideAppeal,
  fallenBranches,
  finaliseCycle,
  listRatingCycles,
  listRatingRuleSets,
  myBranchRatings,
  openCycle,
  postCycle,
  ratingDetail,
  ratingHistory,
  reviewRating,
  submitSelfRating,
} from './rating.service.ts';

const ratingTags = ['party-rating'];
const brandTags = ['party-brands'];
const Code = (description: string) => Type.String({ pattern: '^[a-z][a-z0-9_]{0,39}$', description });
const Day = (description: string) => Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])$', description });
const Points = (description: string) => Type.Number({ minimum: 0, maximum: 1000, description });
const Year = Type.Integer({ minimum: 2000, maximum: 2100, description: 'The year rated (年度)' });
const IdIn = (description: string) => Type.Object({ id: RowId(description) }, { additionalProperties: false });
const obj = <T extends Record<string, TSchema>>(props: T) => Type.Object(props, { additionalProperties: false });

// ----- rule sets

const IndicatorSchema = obj({
  code: Code('Indicator code, e.g. organisation'),
  name: Text(60, '指标名称', 1),
  basePoints: Points('Full marks of the basic score (基础分); a score is entered within 0..basePoints'),
  max: Points('The indicator’s ceiling with its bonuses (≥ basePoints)'),
  source: literalUnion(
    INDICATOR_SOURCES,
    'manual: entered by people; member_count: the branch’s active members; meeting_compliance: 三会一课 and 主题党日 held of those owed in the year; service_hours: confirmed 双报到 service hours per member in the year',
  ),
  fullAt: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000, description: 'member_count: full marks from this many members' })),
});
const AdjustmentSchema = obj({
  code: Code('Rule code'),
  name: Text(60, '加减分事项', 1),
  indicatorCode: Code('The indicator it applies to'),
  kind: literalUnion(ADJUSTMENT_KINDS, 'bonus 加分 or deduction 减分'),
  points: Points('Points per occurrence'),
  cap: Points('The most this rule gives or takes in all'),
});
const BandSchema = obj({ stars: Type.Integer({ minimum: 1, maximum: 5, description: 'Stars (1..5)' }), minScore: Points('From this total on') });
const RuleSetContentSchema = obj({
  indicators: Type.Array(IndicatorSchema, { minItems: 1, maxItems: 30, description: '考核指标' }),
  adjustments: Type.Array(AdjustmentSchema, { maxItems: 100, description: 'Bonus and deduction rules' }),
  bonusCap: Points('All bonuses together add at most this'),
  deductionCap: Points('All deductions together take at most this'),
  bands: Type.Array(BandSchema, { minItems: 1, maxItems: 5, description: 'Star bands; the lowest starts at 0' }),
});
const RuleSetSchema = Type.Object({
  id: Type.Integer(),
  version: Type.String({ description: 'Version name, e.g. 2025版' }),
  effectiveFrom: Type.String({ description: 'In force from this date (YYYY-MM-DD)' }),
  content: RuleSetContentSchema,
  createdAt: Type.String({ format: 'date-time' }),
});

// ----- cycles and ratings

const Counts = Type.Object(
  { pending: Type.Integer(), self_rated: Type.Integer(), reviewed: Type.Integer(), appealed: Type.Integer(), final: Type.Integer() },
  { description: 'Ratings in your scope by status' },
);
const CycleSchema = Type.Object({
  id: Type.Integer(),
  year: Type.Integer({ description: '年度' }),
  ruleSetId: Type.Integer(),
  ruleSetVersion: Type.String(),
  status: literalUnion(CYCLE_STATUSES, 'rating: self-ratings and reviews; posting: 公示 and appeals; final'),
  postingFrom: nullable(Type.String(), 'First day of the posting window'),
  postingTo: nullable(Type.String(), 'Last day of the posting window'),
  openedAt: Type.String({ format: 'date-time' }),
  finalisedAt: nullable(Type.String({ format: 'date-time' })),
  counts: Counts,
});
const RatingStatusSchema = literalUnion(RATING_STATUSES, 'pending → self_rated → reviewed → (appealed → reviewed) → final');
const BoardRowSchema = Type.Object({
  ratingId: Type.Integer(),
  organisationId: Type.Integer(),
  organisationName: Type.String({ description: '党支部名称' }),
  organisationCode: Type.String(),
  streetCode: nullable(Type.String(), 'The street it sits in; null for the district’s own'),
  streetName: nullable(Type.String()),
  status: RatingStatusSchema,
  selfTotal: nullable(Type.Number(), 'Self-rating total'),
  selfStars: nullable(Type.Integer()),
  reviewTotal: nullable(Type.Number(), 'Reviewed total (after an appeal: the decided one)'),
  reviewStars: nullable(Type.Integer()),
  finalStars: nullable(Type.Integer()),
  appealed: Type.Boolean(),
  previousYear: nullable(Type.Integer(), 'Year of the previous final result'),
  previousStars: nullable(Type.Integer(), 'Stars of the previous final result'),
  fell: Type.Boolean({ description: 'Stars now below the previous final result (掉星)' }),
});
const AdjustmentCount = obj({ rule: Code('Adjustment rule code'), count: Type.Integer({ minimum: 0, maximum: 99, description: 'Occurrences' }) });
const SelfEntry = obj({
  code: Code('Indicator code'),
  score: Points('Basic score within 0..basePoints, one decimal (sourced indicators: replaced by the figure)'),
  adjustments: Type.Array(AdjustmentCount, { maxItems: 50 }),
  evidence: Text(2000, '佐证材料说明 Evidence'),
});
const ReviewEntry = obj({
  code: Code('Indicator code'),
  score: Points('Basic score within 0..basePoints, one decimal (sourced indicators: replaced by the figure)'),
  adjustments: Type.Array(AdjustmentCount, { maxItems: 50 }),
  comment: Text(1000, '审核意见 per indicator'),
});
const ResultSchema = Type.Object({
  indicators: Type.Array(Type.Object({ code: Type.String(), score: Type.Number(), bonus: Type.Number(), deduction: Type.Number(), value: Type.Number() })),
  bonus: Type.Number({ description: 'Bonuses after the overall cap' }),
  deduction: Type.Number({ description: 'Deductions after the overall cap' }),
  total: Type.Number(),
  stars: Type.Integer(),
});
const RatingDetailSchema = Type.Object({
  id: Type.Integer(),
  cycle: CycleSchema,
  organisation: Type.Object({ id: Type.Integer(), name: Type.String(), code: Type.String(), streetName: nullable(Type.String()) }),
  status: RatingStatusSchema,
  rules: RuleSetContentSchema,
  figures: Type.Object({
    memberCount: Type.Integer({ description: 'Active members of the branch now' }),
    meetings: nullable(
      Type.Object({
        owed: Type.Integer({ description: 'Meetings owed so far in the year: one per period over, per kind the branch owes' }),
        met: Type.Integer({ description: 'Of them, periods with a meeting held' }),
      }),
      'meeting_compliance figures; null when the rule set has no such indicator',
    ),
    serviceMinutes: nullable(Type.Integer(), 'service_hours: confirmed 双报到 service minutes of the members in the year; null when unused'),
    sourcedScores: Type.Record(Type.String(), Type.Number(), { description: 'Score per sourced indicator, from the figures' }),
  }),
  self: nullable(
    Type.Object({
      entries: Type.Array(Type.Object({ code: Type.String(), score: Type.Number(), adjustments: Type.Array(AdjustmentCount), evidence: Type.String() })),
      result: ResultSchema,
      by: nullable(Type.String()),
      at: nullable(Type.String()),
    }),
  ),
  review: nullable(
    Type.Object({
      entries: Type.Array(Type.Object({ code: Type.String(), score: Type.Number(), adjustments: Type.Array(AdjustmentCount), comment: Type.String() })),
      result: ResultSchema,
      comment: Type.String(),
      by: nullable(Type.String()),
      at: nullable(Type.String()),
    }),
  ),
  appeal: nullable(
    Type.Object({
      reason: Type.String(),
      at: nullable(Type.String()),
      by: nullable(Type.String()),
      decision: nullable(literalUnion(['upheld', 'changed'] as const, 'upheld 维持 or changed 改变')),
      comment: nullable(Type.String()),
      decidedAt: nullable(Type.String()),
    }),
  ),
  final: nullable(Type.Object({ total: Type.Number(), stars: Type.Integer() })),
  events: Type.Array(
    Type.Object({
      kind: Type.String({ description: 'self_rated, reviewed, appealed, appeal_upheld, appeal_changed, finalised' }),
      actor: nullable(Type.String()),
      at: Type.String(),
    }),
  ),
  may: Type.Object({ selfRate: Type.Boolean(), review: Type.Boolean(), appeal: Type.Boolean(), decideAppeal: Type.Boolean() }),
});
const HistorySchema = Type.Object({
  organisation: Type.Object({ id: Type.Integer(), name: Type.String(), code: Type.String() }),
  years: Type.Array(
    Type.Object({
      ratingId: Type.Integer(),
      year: Type.Integer(),
      cycleStatus: literalUnion(CYCLE_STATUSES, 'The cycle’s stage'),
      status: RatingStatusSchema,
      total: nullable(Type.Number(), 'Final total, else the reviewed one'),
      stars: nullable(Type.Integer()),
      final: Type.Boolean(),
      appealed: Type.Boolean(),
      appealDecision: nullable(Type.String()),
    }),
  ),
});

// ----- brands

const CriterionSchema = obj({
  code: Code('Criterion code'),
  name: Text(60, '评分标准', 1),
  maxPoints: Type.Integer({ minimum: 1, maximum: 100, description: 'Maximum points' }),
});
const ProgrammeSchema = Type.Object({
  id: Type.Integer(),
  year: Type.Integer(),
  title: Type.String({ description: '评选名称' }),
  status: literalUnion(PROGRAMME_STATUSES, 'applying (and preliminary review) → scoring (rounds) → published'),
  criteria: Type.Array(CriterionSchema),
  createdAt: Type.String(),
  publishedAt: nullable(Type.String()),
});
const ApplicationSchema = Type.Object({
  id: Type.Integer(),
  programmeId: Type.Integer(),
  organisationId: Type.Integer(),
  organisationName: Type.String({ description: 'The applying branch (never shown to experts)' }),
  title: Type.String({ description: '品牌名称' }),
  summary: Type.String(),
  practice: Type.String({ description: '做法介绍' }),
  status: literalUnion(APPLICATION_STATUSES, 'submitted → passed | rejected (初审)'),
  appliedAt: Type.String(),
  reviewReason: nullable(Type.String()),
  reviewedAt: nullable(Type.String()),
  chosen: Type.Boolean({ description: 'Chosen as a brand at publication' }),
  finalRank: nullable(Type.Integer()),
  reachedRound: nullable(Type.Integer({ description: 'The last round it reached' })),
});
const RoundTableSchema = Type.Object({
  programme: ProgrammeSchema,
  round: Type.Object({
    id: Type.Integer(),
    number: Type.Integer(),
    status: literalUnion(ROUND_STATUSES, 'scoring or closed'),
    trimmed: Type.Boolean({ description: 'Ranked by the trimmed mean' }),
    openedAt: Type.String(),
    closedAt: nullable(Type.String()),
    latest: Type.Boolean({ description: 'The programme’s latest round (it may advance or publish)' }),
  }),
  experts: Type.Array(
    Type.Object({ userId: Type.Integer(), name: Type.String(), done: Type.Integer({ description: 'Applications scored' }), of: Type.Integer() }),
  ),
  rows: Type.Array(
    Type.Object({
      applicationId: Type.Integer(),
      label: Type.String({ description: 'Blind label the experts see' }),
      organisationName: Type.String(),
      title: Type.String(),
      expertsDone: Type.Array(Type.Boolean(), { description: 'Per expert (in the order of `experts`): scored yet' }),
      scored: Type.Integer(),
      mean: nullable(Type.Number(), 'Mean of the experts’ totals (trimmed when the round says so)'),
      rank: nullable(Type.Integer(), 'Live while scoring, frozen once closed'),
      tied: Type.Boolean({ description: 'Another application has the same mean (the tie rule ordered them)' }),
      advanced: Type.Boolean({ description: 'Advanced to the next round (or chosen at publication)' }),
      chosen: Type.Boolean(),
    }),
  ),
});
const ProgrammeDetailSchema = Type.Object({
  programme: ProgrammeSchema,
  applications: Type.Array(ApplicationSchema),
  rounds: Type.Array(
    Type.Object({
      id: Type.Integer(),
      number: Type.Integer(),
      status: literalUnion(ROUND_STATUSES, 'scoring or closed'),
      trimmed: Type.Boolean(),
      entries: Type.Integer(),
      experts: Type.Integer(),
      advanced: Type.Integer(),
      openedAt: Type.String(),
      closedAt: nullable(Type.String()),
    }),
  ),
});
/** What an expert sees: no branch, no other expert’s scores, no ranking. */
const BlindItem = Type.Object({
  applicationId: Type.Integer(),
  label: Type.String({ description: 'Blind label, e.g. R1-017' }),
  title: Type.String(),
  summary: Type.String(),
  practice: Type.String(),
  myScores: nullable(Type.Record(Type.String(), Type.Integer()), 'Your points per criterion, if scored'),
  myTotal: nullable(Type.Integer()),
  myComment: nullable(Type.String()),
});
const BlindRound = Type.Object({
  id: Type.Integer(),
  number: Type.Integer(),
  status: literalUnion(ROUND_STATUSES, 'scoring or closed'),
  programmeTitle: Type.String(),
});
const ScoresBody = obj({
  scores: Type.Record(Type.String({ pattern: '^[a-z][a-z0-9_]{0,39}$' }), Type.Integer({ minimum: 0, maximum: 100 }), {
    description: 'Points per criterion code, each within 0..its max',
    additionalProperties: false,
  }),
  comment: Type.Optional(Text(1000, '评语')),
});
const Pick = {
  applicationIds: Type.Optional(Type.Array(RowId('Application id'), { minItems: 1, maxItems: 500, description: 'The chosen applications of the round' })),
  top: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, description: 'Or the top N by rank' })),
};
const Experts = Type.Array(RowId('Staff user id'), { minItems: 1, maxItems: 15, description: 'The round’s experts (staff accounts)' });

export function partyRatingRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    // ===== star rating
    app.get(
      '/api/party/rating/rule-sets',
      {
        schema: {
          ...routePolicy(P, 'ratingSelf'),
          tags: ratingTags,
          summary: 'Rating rule sets (评星规则), every version',
          response: { 200: Type.Object({ items: Type.Array(RuleSetSchema) }), ...errorResponses(401, 403) },
        },
      },
      async (req) => ({ items: await listRatingRuleSets(ctx, requireUser(req)) }),
    );
    app.post(
      '/api/party/rating/rule-sets',
      {
        schema: {
          ...routePolicy(P, 'ratingOrganise'),
          tags: ratingTags,
          summary: 'Add a version of the rating rules (indicators, bonus/deduction rules with caps, star bands)',
          body: obj({ version: Text(40, 'Version name, unique', 1), effectiveFrom: Day('In force from this date'), content: RuleSetContentSchema }),
          response: { 201: RuleSetSchema, ...errorResponses(400, 401, 403, 409, 422) },
        },
      },
      async (req, reply) => reply.status(201).send(await addRatingRuleSet(ctx, requireUser(req), req.body)),
    );
    app.get(
      '/api/party/rating/cycles',
      {
        schema: {
          ...routePolicy(P, 'ratingRead'),
          tags: ratingTags,
          summary: 'Rating cycles by year, with counts by status for your scope',
          response: { 200: Type.Object({ items: Type.Array(CycleSchema) }), ...errorResponses(401, 403) },
        },
      },
      async (req) => ({ items: await listRatingCycles(ctx, requireUser(req)) }),
    );
    app.post(
      '/api/party/rating/cycles',
      {
        schema: {
          ...routePolicy(P, 'ratingOrganise'),
          tags: ratingTags,
          summary: 'Open a year’s rating: one rating per branch, under a rule set version (default: in force at the year’s end)',
          body: obj({ year: Year, ruleSetId: Type.Optional(RowId('Rule set version')) }),
          response: { 201: CycleSchema, ...errorResponses(400, 401, 403, 409, 422) },
        },
      },
      async (req, reply) => reply.status(201).send(await openCycle(ctx, requireUser(req), req.body)),
    );
    app.get(
      '/api/party/rating/cycles/:id',
      {
        schema: {
          ...routePolicy(P, 'ratingRead'),
          tags: ratingTags,
          summary: 'A cycle’s board: every branch in your scope with status, scores and stars (previous year’s beside)',
          params: IdIn('Cycle id'),
          querystring: obj({
            street: Type.Optional(DivisionCode(9, 'Only branches of this street')),
            status: Type.Optional(RatingStatusSchema),
            fell: Type.Optional(Type.Boolean({ description: 'Only branches that fell (true) or did not fall (false) a star' })),
          }),
          response: { 200: Type.Object({ cycle: CycleSchema, rows: Type.Array(BoardRowSchema) }), ...errorResponses(400, 401, 403, 404) },
        },
      },
      async (req) => cycleBoard(ctx, requireUser(req), req.params.id, req.query),
    );
    app.get(
      '/api/party/rating/cycles/:id/fallen',
      {
        schema: {
          ...routePolicy(P, 'ratingRead'),
          tags: ratingTags,
          summary: 'Branches that fell a star (stars below their previous final result), per street',
          params: IdIn('Cycle id'),
          response: {
            200: Type.Object({
              cycle: CycleSchema,
              final: Type.Boolean({ description: 'False while the cycle is not final: stars are the reviewed ones' }),
              streets: Type.Array(Type.Object({ streetCode: nullable(Type.String()), streetName: Type.String(), branches: Type.Array(BoardRowSchema) })),
            }),
            ...errorResponses(400, 401, 403, 404),
          },
        },
      },
      async (req) => fallenBranches(ctx, requireUser(req), req.params.id),
    );
    app.post(
      '/api/party/rating/cycles/:id/posting',
      {
        schema: {
          ...routePolicy(P, 'ratingOrganise'),
          tags: ratingTags,
          summary: 'Post the results (公示) for a window; every rating must be reviewed',
          params: IdIn('Cycle id'),
          body: obj({ from: Day('First day (today or later)'), to: Day('Last day (at most 30 days after the first)') }),
          response: { 200: CycleSchema, ...errorResponses(400, 401, 403, 404, 409, 422) },
        },
      },
      async (req) => postCycle(ctx, requireUser(req), req.params.id, req.body),
    );
    app.post(
      '/api/party/rating/cycles/:id/finalise',
      {
        schema: {
          ...routePolicy(P, 'ratingOrganise'),
          tags: ratingTags,
          summary: 'Finalise the cycle after the posting window, with no appeal open: results join the branches’ history',
          params: IdIn('Cycle id'),
          response: { 200: CycleSchema, ...errorResponses(400, 401, 403, 404, 409) },
        },
      },
      async (req) => finaliseCycle(ctx, requireUser(req), req.params.id),
    );
    app.get(
      '/api/party/ratings/:id',
      {
        schema: {
          ...routePolicy(P, 'ratingSelf'),
          tags: ratingTags,
          summary: 'One branch’s rating: rules, self-rating, review, appeal, events and what you may do',
          params: IdIn('Rating id'),
          response: { 200: RatingDetailSchema, ...errorResponses(400, 401, 403, 404) },
        },
      },
      async (req) => ratingDetail(ctx, requireUser(req), req.params.id),
    );
    app.put(
      '/api/party/ratings/:id/self',
      {
        schema: {
          ...routePolicy(P, 'ratingSelf'),
          tags: ratingTags,
          summary: 'The branch’s self-rating (自评): a score, adjustments and evidence per indicator; again until reviewed',
          params: IdIn('Rating id'),
          body: obj({ entries: Type.Array(SelfEntry, { minItems: 1, maxItems: 30 }) }),
          response: { 200: RatingDetailSchema, ...errorResponses(400, 401, 403, 404, 409, 422) },
        },
      },
      async (req) => submitSelfRating(ctx, requireUser(req), req.params.id, req.body.entries),
    );
    app.put(
      '/api/party/ratings/:id/review',
      {
        schema: {
          ...routePolicy(P, 'ratingReview'),
          tags: ratingTags,
          summary: 'The review (审核): a score, adjustments and comment per indicator; revisable until posted',
          params: IdIn('Rating id'),
          body: obj({ entries: Type.Array(ReviewEntry, { minItems: 1, maxItems: 30 }), comment: Text(2000, '总体审核意见') }),
          response: { 200: RatingDetailSchema, ...errorResponses(400, 401, 403, 404, 409, 422) },
        },
      },
      async (req) => reviewRating(ctx, requireUser(req), req.params.id, req.body),
    );
    app.post(
      '/api/party/ratings/:id/appeal',
      {
        schema: {
          ...routePolicy(P, 'ratingSelf'),
          tags: ratingTags,
          summary: 'The branch appeals (申诉) its posted result within the posting window, once',
          params: IdIn('Rating id'),
          body: obj({ reason: Text(2000, '申诉理由', 1) }),
          response: { 200: RatingDetailSchema, ...errorResponses(400, 401, 403, 404, 409) },
        },
      },
      async (req) => appealRating(ctx, requireUser(req), req.params.id, req.body.reason),
    );
    app.post(
      '/api/party/ratings/:id/appeal-decision',
      {
        schema: {
          ...routePolicy(P, 'ratingReview'),
          tags: ratingTags,
          summary: 'Decide an appeal: upheld (维持), or changed (改变) with the new scores',
          params: IdIn('Rating id'),
          body: obj({
            decision: literalUnion(['upheld', 'changed'] as const, 'upheld or changed'),
            comment: Text(2000, '复核意见', 1),
            entries: Type.Optional(Type.Array(ReviewEntry, { minItems: 1, maxItems: 30, description: 'The new scores (changed only)' })),
          }),
          response: { 200: RatingDetailSchema, ...errorResponses(400, 401, 403, 404, 409, 422) },
        },
      },
      async (req) => decideAppeal(ctx, requireUser(req), req.params.id, req.body),
    );
    app.get(
      '/api/party/rating/history/:id',
      {
        schema: {
          ...routePolicy(P, 'ratingSelf'),
          tags: ratingTags,
          summary: 'A branch’s results by year (its secretary, or a party worker in scope)',
          params: IdIn('Branch (organisation) id'),
          response: { 200: HistorySchema, ...errorResponses(400, 401, 403, 404) },
        },
      },
      async (req) => ratingHistory(ctx, requireUser(req), req.params.id),
    );
    app.get(
      '/api/party/rating/mine',
      {
        schema: {
          ...routePolicy(P, 'ratingMine'),
          tags: ratingTags,
          summary: 'The branches you are secretary of, with their ratings by year',
          response: { 200: Type.Object({ branches: Type.Array(HistorySchema) }), ...errorResponses(401, 403) },
        },
      },
      async (req) => myBranchRatings(ctx, requireUser(req)),
    );

    // ===== brand programme
    app.get(
      '/api/party/brand-programmes',
      {
        schema: {
          ...routePolicy(P, 'brandRead'),
          tags: brandTags,
          summary: 'Brand programmes (党建品牌评选)',
          response: { 200: Type.Object({ items: Type.Array(ProgrammeSchema) }), ...errorResponses(401, 403) },
        },
      },
      async (req) => ({ items: await listBrandProgrammes(ctx, requireUser(req)) }),
    );
    app.post(
      '/api/party/brand-programmes',
      {
        schema: {
          ...routePolicy(P, 'brandOrganise'),
          tags: brandTags,
          summary: 'Start a brand programme with its scoring criteria; it takes applications',
          body: obj({ year: Year, title: Text(100, '评选名称', 1), criteria: Type.Array(CriterionSchema, { minItems: 1, maxItems: 20 }) }),
          response: { 201: ProgrammeSchema, ...errorResponses(400, 401, 403, 422) },
        },
      },
      async (req, reply) => reply.status(201).send(await createProgramme(ctx, requireUser(req), req.body)),
    );
    app.get(
      '/api/party/brand-programmes/:id',
      {
        schema: {
          ...routePolicy(P, 'brandOrganise'),
          tags: brandTags,
          summary: 'A programme for its organiser: every application with its branch, and the rounds',
          params: IdIn('Programme id'),
          response: { 200: ProgrammeDetailSchema, ...errorResponses(400, 401, 403, 404) },
        },
      },
      async (req) => programmeDetail(ctx, requireUser(req), req.params.id),
    );
    app.post(
      '/api/party/brand-programmes/:id/applications',
      {
        schema: {
          ...routePolicy(P, 'brandApply'),
          tags: brandTags,
          summary: 'A branch secretary applies for their branch (once per programme)',
          params: IdIn('Programme id'),
          body: obj({
            title: Text(60, '品牌名称', 1),
            summary: Text(500, '简介', 1),
            practice: Text(5000, '做法介绍', 1),
            organisationId: Type.Optional(RowId('Your branch, when you are secretary of more than one')),
          }),
          response: { 201: ApplicationSchema, ...errorResponses(400, 401, 403, 404, 409) },
        },
      },
      async (req, reply) => reply.status(201).send(await applyForBrand(ctx, requireUser(req), req.params.id, req.body)),
    );
    app.post(
      '/api/party/brand-programmes/:id/rounds',
      {
        schema: {
          ...routePolicy(P, 'brandOrganise'),
          tags: brandTags,
          summary: 'Open round 1 with every application that passed the preliminary review, and its experts',
          params: IdIn('Programme id'),
          body: obj({ expertUserIds: Experts, trimmed: Type.Optional(Type.Boolean({ description: 'Rank by the trimmed mean (from five experts on)' })) }),
          response: { 201: RoundTableSchema, ...errorResponses(400, 401, 403, 404, 409, 422) },
        },
      },
      async (req, reply) => reply.status(201).send(await openFirstRound(ctx, requireUser(req), req.params.id, req.body)),
    );
    app.post(
      '/api/party/brand-programmes/:id/publish',
      {
        schema: {
          ...routePolicy(P, 'brandOrganise'),
          tags: brandTags,
          summary: 'Publish the brands: the chosen applications (or top N) of the last, closed round',
          params: IdIn('Programme id'),
          body: obj(Pick),
          response: { 200: ProgrammeDetailSchema, ...errorResponses(400, 401, 403, 404, 409, 422) },
        },
      },
      async (req) => publishProgramme(ctx, requireUser(req), req.params.id, req.body),
    );
    app.get(
      '/api/party/brand-applications/mine',
      {
        schema: {
          ...routePolicy(P, 'brandApply'),
          tags: brandTags,
          summary: 'Your branches’ applications',
          response: { 200: Type.Object({ items: Type.Array(ApplicationSchema) }), ...errorResponses(401, 403) },
        },
      },
      async (req) => ({ items: await myApplications(ctx, requireUser(req)) }),
    );
    app.post(
      '/api/party/brand-applications/:id/preliminary',
      {
        schema: {
          ...routePolicy(P, 'brandOrganise'),
          tags: brandTags,
          summary: 'Preliminary review (初审): pass, or reject with a reason',
          params: IdIn('Application id'),
          body: obj({ decision: literalUnion(['pass', 'reject'] as const, 'pass or reject'), reason: Type.Optional(Text(1000, 'Reason (needed to reject)')) }),
          response: { 200: ApplicationSchema, ...errorResponses(400, 401, 403, 404, 409, 422) },
        },
      },
      async (req) => preliminaryReview(ctx, requireUser(req), req.params.id, req.body),
    );
    app.get(
      '/api/party/brand-rounds/mine',
      {
        schema: {
          ...routePolicy(P, 'brandScore'),
          tags: brandTags,
          summary: 'The rounds you score as an expert, with your progress',
          response: {
            200: Type.Object({
              items: Type.Array(
                Type.Object({
                  roundId: Type.Integer(),
                  number: Type.Integer(),
                  status: literalUnion(ROUND_STATUSES, 'scoring or closed'),
                  programmeTitle: Type.String(),
                  entries: Type.Integer(),
                  scored: Type.Integer({ description: 'Applications you scored' }),
                }),
              ),
            }),
            ...errorResponses(401, 403),
          },
        },
      },
      async (req) => ({ items: await myExpertRounds(ctx, requireUser(req)) }),
    );
    app.get(
      '/api/party/brand-rounds/:id',
      {
        schema: {
          ...routePolicy(P, 'brandOrganise'),
          tags: brandTags,
          summary: 'The round’s table: every application, each expert’s completion, mean, rank and advance mark',
          params: IdIn('Round id'),
          response: { 200: RoundTableSchema, ...errorResponses(400, 401, 403, 404) },
        },
      },
      async (req) => roundTable(ctx, requireUser(req), req.params.id),
    );
    app.post(
      '/api/party/brand-rounds/:id/close',
      {
        schema: {
          ...routePolicy(P, 'brandOrganise'),
          tags: brandTags,
          summary: 'Close the round once every expert scored every application: the ranking is frozen',
          params: IdIn('Round id'),
          response: { 200: RoundTableSchema, ...errorResponses(400, 401, 403, 404, 409) },
        },
      },
      async (req) => closeRound(ctx, requireUser(req), req.params.id),
    );
    app.post(
      '/api/party/brand-rounds/:id/advance',
      {
        schema: {
          ...routePolicy(P, 'brandOrganise'),
          tags: brandTags,
          summary: 'Advance the chosen applications (or top N) of a closed round to a new round with its experts',
          params: IdIn('Round id'),
          body: obj({ ...Pick, expertUserIds: Experts, trimmed: Type.Optional(Type.Boolean({ description: 'Rank the new round by the trimmed mean' })) }),
          response: { 201: RoundTableSchema, ...errorResponses(400, 401, 403, 404, 409, 422) },
        },
      },
      async (req, reply) => reply.status(201).send(await advanceRound(ctx, requireUser(req), req.params.id, req.body)),
    );
    app.get(
      '/api/party/brand-rounds/:id/sheet',
      {
        schema: {
          ...routePolicy(P, 'brandScore'),
          tags: brandTags,
          summary: 'Your blind score sheet for a round you are expert of: applications by label, your own scores only',
          params: IdIn('Round id'),
          response: {
            200: Type.Object({ round: BlindRound, criteria: Type.Array(CriterionSchema), items: Type.Array(BlindItem) }),
            ...errorResponses(400, 401, 403, 404),
          },
        },
      },
      async (req) => expertSheet(ctx, requireUser(req), req.params.id),
    );
    app.get(
      '/api/party/brand-rounds/:id/applications/:applicationId',
      {
        schema: {
          ...routePolicy(P, 'brandScore'),
          tags: brandTags,
          summary: 'One application of your round, blind (404 for an application of another round)',
          params: obj({ id: RowId('Round id'), applicationId: RowId('Application id') }),
          response: { 200: Type.Object({ round: BlindRound, criteria: Type.Array(CriterionSchema), item: BlindItem }), ...errorResponses(400, 401, 403, 404) },
        },
      },
      async (req) => expertApplication(ctx, requireUser(req), req.params.id, req.params.applicationId),
    );
    app.put(
      '/api/party/brand-rounds/:id/scores/:applicationId',
      {
        schema: {
          ...routePolicy(P, 'brandScore'),
          tags: brandTags,
          summary: 'Score (or revise) one application of your round: every criterion within 0..its max, until the round closes',
          params: obj({ id: RowId('Round id'), applicationId: RowId('Application id') }),
          body: ScoresBody,
          response: {
            200: Type.Object({ round: BlindRound, criteria: Type.Array(CriterionSchema), item: BlindItem }),
            ...errorResponses(400, 401, 403, 404, 409, 422),
          },
        },
      },
      async (req) => scoreApplication(ctx, requireUser(req), req.params.id, req.params.applicationId, req.body),
    );
    app.get(
      '/api/party/brands',
      {
        schema: {
          ...routePolicy(P, 'brandPublished'),
          tags: brandTags,
          summary: 'Published party-building brands of the district (public)',
          response: {
            200: Type.Object({
              items: Type.Array(
                Type.Object({
                  programmeId: Type.Integer(),
                  programmeTitle: Type.String(),
                  year: Type.Integer(),
                  rank: Type.Integer({ description: 'Place in the final ranking' }),
                  organisationName: Type.String(),
                  title: Type.String(),
                  summary: Type.String(),
                  publishedAt: Type.String(),
                }),
              ),
            }),
          },
        },
      },
      async () => ({ items: await listPublishedBrands(ctx) }),
    );
  };
}
