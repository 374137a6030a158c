/**
 * Picks the handling unit for a request from the dispatch catalogue (派单目录) on the principles
 * "by statutory duty, by territory, by level": the most specific catalogue entry for the category and
 * place wins (community over street over the whole district); an entry names either a specific unit
 * or "the street/town of the place". When nothing fits, the district government takes it (兜底).
 */

export interface CatalogEntry {
  categoryId: number;
  /** null = the whole district; otherwise a street (9 digits) or community (12 digits) code. */
  divisionCode: string | null;
  unitId: number | null;
  unitType: 'street' | null;
  coUnitIds: number[];
}

export interface RoutingUnit {
  id: number;
  name: string;
  unitType: 'district' | 'street' | 'department' | 'enterprise' | 'centre' | 'station';
  divisionCode: string | null;
  isFallback: boolean;
  active: boolean;
}

export interface Place {
  streetCode: string | null;
  communityCode: string | null;
}

export type RoutingReasonCode =
  'CATALOG_UNIT' | 'CATALOG_STREET_OF_PLACE' | 'FALLBACK_NO_CATEGORY' | 'FALLBACK_NO_ENTRY' | 'FALLBACK_PLACE_UNKNOWN' | 'FALLBACK_UNIT_INACTIVE';

export interface RoutingSuggestion {
  leadUnitId: number;
  coUnitIds: number[];
  fallback: boolean;
  reasonCode: RoutingReasonCode;
  /** Chinese explanation shown to the operator. */
  reason: string;
}

export class NoFallbackUnitError extends Error {}

/** Specificity of an entry for this place: -1 if it does not apply. */
function specificity(entry: CatalogEntry, place: Place): number {
  if (entry.divisionCode === null) return 0;
  if (entry.divisionCode === place.communityCode) return 2;
  if (entry.divisionCode === place.streetCode) return 1;
  return -1;
}

export function suggestDispatch(categoryId: number | null, place: Place, entries: readonly CatalogEntry[], units: readonly RoutingUnit[]): RoutingSuggestion {
  const fallbackUnit = units.find((u) => u.isFallback && u.active);
  if (fallbackUnit === undefined) throw new NoFallbackUnitError('The district has no active fallback unit');
  const fallback = (reasonCode: RoutingReasonCode, why: string): RoutingSuggestion => ({
    leadUnitId: fallbackUnit.id,
    coUnitIds: [],
    fallback: true,
    reasonCode,
    reason: `${why}，按兜底原则派至${fallbackUnit.name}`,
  });
  if (categoryId === null) return fallback('FALLBACK_NO_CATEGORY', '未确定问题分类');

  let best: CatalogEntry | undefined;
  let bestScore = -1;
  for (const e of entries) {
    if (e.categoryId !== categoryId) continue;
    const s = specificity(e, place);
    if (s > bestScore) {
      best = e;
      bestScore = s;
    }
  }
  if (best === undefined) return fallback('FALLBACK_NO_ENTRY', '派单目录中无此分类');

  const byId = new Map(units.map((u) => [u.id, u]));
  const activeCo = [...new Set(best.coUnitIds)].filter((id) => byId.get(id)?.active === true);
  if (best.unitId !== null) {
    const unit = byId.get(best.unitId);
    if (unit === undefined || !unit.active) return fallback('FALLBACK_UNIT_INACTIVE', '目录指定单位已停用');
    const scope = best.divisionCode === null ? '全区' : '本地';
    return {
      leadUnitId: unit.id,
      coUnitIds: activeCo.filter((id) => id !== unit.id),
      fallback: false,
      reasonCode: 'CATALOG_UNIT',
      reason: `派单目录（${scope}）：此类问题由${unit.name}负责（职权法定）`,
    };
  }
  // A street may have a retired unit beside its current one (reorganisation): prefer the active one.
  const streets = place.streetCode === null ? [] : units.filter((u) => u.unitType === 'street' && u.divisionCode === place.streetCode);
  const street = streets.find((u) => u.active) ?? streets[0];
  if (street === undefined) return fallback('FALLBACK_PLACE_UNKNOWN', '此类问题属地管理，但未确定所在街乡');
  if (!street.active) return fallback('FALLBACK_UNIT_INACTIVE', '属地街乡单位已停用');
  return {
    leadUnitId: street.id,
    coUnitIds: activeCo.filter((id) => id !== street.id),
    fallback: false,
    reasonCode: 'CATALOG_STREET_OF_PLACE',
    reason: `派单目录：此类问题属地管理，由所在${street.name}负责`,
  };
}
