/**
 * Schemas of the assessment routes: the versioned rules (the body of a new version and the items of
 * the list) and the monthly ranking (DOMAIN §6, src/engine/domain/assessment/assessment.ts).
 */
import { Type } from 'typebox';
import { UNIT_TYPES } from '../../engine/domain/assessment/assessment.ts';
import { nullable } from '../../engine/http/tickets.schemas.ts';
import { literalUnion, Month } from '../../platform/http/schemas.ts';
import { BlownFigures, SummonedFigures } from '../whistles/index.ts';

export const UnitTypeSchema = literalUnion(
  UNIT_TYPES,
  'Unit type: each type is ranked on its own (district, street/town, department, public-service enterprise)',
);

const Weight = (description: string) => Type.Number({ minimum: 0, maximum: 1, description });

/** One version of the scoring rules, in force from its month until a later version for the same scope. */
export const Rule = Type.Object(
  {
    version: Type.String({ minLength: 1, maxLength: 40, description: 'Name of this rule version, shown beside every score computed under it, e.g. 2026-v1' }),
    effectiveFrom: Month,
    unitType: Type.Union([UnitTypeSchema, Type.Null()], { description: 'The unit type the rule is for; null = every type without a rule of its own' }),
    weights: Type.Object(
      {
        response: Weight('a: weight of the response rate'),
        resolution: Weight('b: weight of the resolution rate'),
        satisfaction: Weight('c: weight of the satisfaction rate'),
      },
      { additionalProperties: false, description: 'a, b, c of the composite score; they must sum to 1' },
    ),
    basicallySatisfiedWeight: Weight('w: how much a 基本满意 (basically satisfied) rating counts towards satisfaction'),
    grades: Type.Array(
      Type.Object(
        {
          grade: Type.String({ minLength: 1, maxLength: 8, description: 'Grade name, e.g. A' }),
          minScore: Type.Number({ minimum: -1000, maximum: 100, description: 'Lowest composite score (0–100) of the grade' }),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 10, description: 'Grade bands, best first with strictly descending minScore; the last starts at 0 or below' },
    ),
    listSize: Type.Integer({ minimum: 1, maximum: 50, description: 'N: how many units make the red list and the black list of each type' }),
    focusAfterMonths: Type.Integer({
      minimum: 1,
      maximum: 24,
      description: 'Consecutive black-list months, up to the latest, after which a unit is proposed as a focus unit (治理类)',
    }),
  },
  { additionalProperties: false },
);

export const RuleList = Type.Object({ items: Type.Array(Rule, { description: 'Every rule version, oldest effectiveFrom first' }) });

const Rate = (description: string) => nullable(Type.Number({ minimum: 0, maximum: 1 }), `${description}, 0–1; null without valid callbacks`);
const Measure = (description: string) => nullable(Type.Number({ minimum: 0 }), description);
const Count = (description: string) => Type.Integer({ minimum: 0, description });

/** The operational measures over the tickets dispatched to the unit (as lead) in the month. */
const Measures = Type.Object({
  onTimeSignRate: Measure('Signed for within the limit / dispatched; null when nothing was dispatched'),
  onTimeReplyRate: Measure('Replied by the deadline / replied; null when nothing was replied'),
  objectionRate: Measure('Objections (退单) / dispatched; null when nothing was dispatched'),
  extensionRate: Measure('Extension requests (延期) / dispatched; null when nothing was dispatched'),
  repeatRate: Measure('Tickets that drew a repeat request / dispatched; null when nothing was dispatched'),
  avgHandlingHours: Measure('Average natural hours from dispatch to reply; null when nothing was replied'),
});

/** The counts a row is computed from (drill-down). */
const Counts = Type.Object({
  unitId: Type.Integer(),
  unitType: UnitTypeSchema,
  validCallbacks: Count('Valid callbacks (有效回访) of the month: the denominator of the three rates'),
  contacted: Count('Valid callbacks in which the requester confirmed being contacted'),
  resolved: Count('Valid callbacks in which the requester said the matter was resolved'),
  satisfied: Count('Valid callbacks rated 满意 (satisfied)'),
  basicallySatisfied: Count('Valid callbacks rated 基本满意 (basically satisfied)'),
  unsatisfied: Count('Valid callbacks rated 不满意 (unsatisfied)'),
  dispatched: Count('Tickets dispatched to the unit (as lead) in the month: the cohort of the measures'),
  signedOnTime: Count('Of those, signed for within the sign-for limit'),
  replied: Count('Of those, replied to so far'),
  repliedOnTime: Count('Of the replied, replied by their deadline'),
  objections: Count('Of the dispatched, those the unit objected to'),
  extensions: Count('Of the dispatched, those the unit asked more time for'),
  repeats: Count('Of the dispatched, those that drew a repeat request'),
  handlingHoursTotal: Type.Number({ minimum: 0, description: 'Natural hours from dispatch to reply, summed over the replied tickets' }),
});

/** One unit's row of a month's ranking. */
const RankingRow = Type.Object({
  unitId: Type.Integer(),
  unitName: Type.String(),
  unitType: UnitTypeSchema,
  rank: nullable(Type.Integer({ minimum: 1 }), 'Competition rank within the unit type (1, 2, 2, 4); null when the unit had no valid callbacks'),
  previousRank: nullable(Type.Integer({ minimum: 1 }), 'Rank in the previous month (under that month’s rules); null if unranked or absent'),
  movement: nullable(Type.Integer(), 'previousRank − rank: positive = moved up; null when either is null'),
  grade: nullable(Type.String(), 'Grade of the composite score under the month’s rule; null without a score'),
  responseRate: Rate('响应率: contacted / valid callbacks'),
  resolutionRate: Rate('解决率: resolved / valid callbacks'),
  satisfactionRate: Rate('满意率: (satisfied + w × basically satisfied) / valid callbacks'),
  composite: nullable(
    Type.Number({ minimum: 0, maximum: 100 }),
    'Composite score 0–100: 100 × (a·response + b·resolution + c·satisfaction); null without valid callbacks',
  ),
  measures: Measures,
  counts: Counts,
});

/** 双考核 beside the three rates: present only for units with whistles that month. */
const WhistleFigures = Type.Object(
  {
    summoned: Type.Optional(Type.Object(SummonedFigures.properties, { description: 'As a summoned department' })),
    blown: Type.Optional(Type.Object(BlownFigures.properties, { description: 'As a street that blew whistles' })),
  },
  { description: 'The unit’s whistle figures of the month (双考核)' },
);

export const Ranking = Type.Object({
  month: Month,
  groups: Type.Array(
    Type.Object({
      unitType: UnitTypeSchema,
      ruleVersion: Type.String({ description: 'Version of the rule the month was scored under (belongs beside every published score)' }),
      rankedCount: Type.Integer({ minimum: 0, description: 'Units with valid callbacks (ranked)' }),
      rows: Type.Array(Type.Object({ ...RankingRow.properties, whistle: Type.Optional(WhistleFigures) }), {
        description: 'Ranked units by composite descending (ties by unit id), then unranked units by unit id',
      }),
    }),
    { description: 'One group per unit type present in the month' },
  ),
  lists: Type.Array(
    Type.Object({
      unitType: UnitTypeSchema,
      red: Type.Array(RankingRow, { description: '红榜: the best units, best first (ties kept together)' }),
      black: Type.Array(RankingRow, { description: '黑榜: the worst units, worst first (ties kept together)' }),
    }),
    { description: 'Red and black lists per unit type, of the rule’s listSize' },
  ),
  focusUnits: Type.Array(
    Type.Object({
      unitId: Type.Integer(),
      unitName: Type.String(),
      unitType: UnitTypeSchema,
      consecutiveMonths: Type.Integer({ minimum: 1, description: 'Length of the unbroken black-list run ending at this month' }),
      months: Type.Array(Month, { description: 'The months of that run, oldest first' }),
      latestRank: Type.Integer({ minimum: 1, description: 'Rank in this month' }),
    }),
    { description: 'Units proposed as focus units (治理类): on the black list the rule’s focusAfterMonths months running; the centre decides' },
  ),
});
