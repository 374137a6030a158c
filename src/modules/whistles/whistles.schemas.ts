/**
 * The double assessment's (双考核) figures of one unit in a month, shared by the whistles' own
 * assessment answer and the ranking rows of the analytics module (through index.ts).
 */
import { Type } from 'typebox';
import { nullable } from '../../engine/http/tickets.schemas.ts';

/** A summoned department's figures: how often, how punctually it reported in, how the streets rated it. */
export const SummonedFigures = Type.Object({
  summons: Type.Integer({ minimum: 0, description: 'Times summoned by whistles blown in the month' }),
  reportedOnTime: Type.Integer({ minimum: 0, description: 'Of those, reported in by the due time' }),
  onTimeRate: nullable(Type.Number({ minimum: 0, maximum: 1 }), 'On-time report-in rate 0–1 (reportedOnTime / summons); null without summons'),
  ratings: Type.Integer({ minimum: 0, description: 'Ratings the streets gave it' }),
  averageRating: nullable(Type.Number({ minimum: 1, maximum: 5 }), 'Average street rating 1–5; null without ratings'),
});

/** A street's whistles: how many it blew, and how many of them a hotline or grid ticket triggered. */
export const BlownFigures = Type.Object({
  whistles: Type.Integer({ minimum: 0, description: 'Whistles blown in the month' }),
  triggeredBySourceTickets: Type.Integer({ minimum: 0, description: 'Of those, started from a hotline or grid ticket' }),
  sourceTicketIds: Type.Array(Type.Integer(), { description: 'Those tickets’ ids, ascending' }),
});
