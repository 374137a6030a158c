/** The rankings page's names for the answer of GET /api/assessment/rankings (generated from the OpenAPI document). */
import type { ApiJson } from '../../shared/api.ts';

export type RankingsView = ApiJson<'/api/assessment/rankings'>;
export type RankingRowView = RankingsView['groups'][number]['rows'][number];
export type Measures = RankingRowView['measures'];
