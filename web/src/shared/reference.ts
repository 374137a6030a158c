/**
 * Reference data several modules use: categories, places (streets and communities) and units — loaded
 * once per page with `useReference` (types from the OpenAPI document), or fetched one list at a time
 * by the administration and analytics pages.
 */
import { useEffect, useState } from 'react';
import { api, must, type ApiJson } from './api.ts';

export type Category = ApiJson<'/api/categories', 'get'>['items'][number];
export type Division = ApiJson<'/api/divisions', 'get'>['items'][number];
export type Unit = ApiJson<'/api/units', 'get'>['items'][number];

export interface Reference {
  categories: Category[];
  divisions: Division[];
  units: Unit[];
  loading: boolean;
  error: unknown;
}

/** Categories, places and units, loaded once per page. */
export function useReference(): Reference {
  const [state, setState] = useState<Reference>({ categories: [], divisions: [], units: [], loading: true, error: null });
  useEffect(() => {
    let live = true;
    Promise.all([must(api.GET('/api/categories')), must(api.GET('/api/divisions')), must(api.GET('/api/units'))])
      .then(([c, d, u]) => live && setState({ categories: c.items, divisions: d.items, units: u.items, loading: false, error: null }))
      .catch((error: unknown) => live && setState((s) => ({ ...s, loading: false, error })));
    return () => {
      live = false;
    };
  }, []);
  return state;
}

export interface PlaceOption {
  value: string;
  label: string;
  children?: PlaceOption[];
}

/** Streets/towns with their communities, for a Cascader. Community names lose the 居委会/村委会 suffix. */
export function placeOptions(divisions: readonly Division[]): PlaceOption[] {
  const streets = divisions.filter((d) => d.level === 'street');
  const byStreet = new Map<string, PlaceOption[]>();
  for (const d of divisions) {
    if (d.level !== 'community' || d.parentCode === null) continue;
    const list = byStreet.get(d.parentCode) ?? [];
    list.push({ value: d.code, label: shortCommunity(d.name) });
    byStreet.set(d.parentCode, list);
  }
  return streets
    .sort((a, b) => a.code.localeCompare(b.code))
    .map((s) => ({ value: s.code, label: s.name, children: (byStreet.get(s.code) ?? []).sort((a, b) => a.value.localeCompare(b.value)) }));
}

/** 德露苑社区居委会 → 德露苑社区, 炭厂村委会 → 炭厂村. */
export const shortCommunity = (name: string) => name.replace(/居委会$/, '').replace(/村委会$/, '村');

/**
 * Units a hotline ticket is dispatched to: active, not the centre, and no practice station of the
 * volunteer subsystem (300 of them would drown the picker; their service orders are dispatched by the
 * volunteers module). `withStations` offers them too, for a deliberate choice.
 */
export const handlingUnits = (units: readonly Unit[], withStations = false) =>
  units.filter((u) => u.active && u.unitType !== 'centre' && (withStations || u.unitType !== 'station'));

/** The unit types that are assessed and ranked, each against its own kind. */
export const UNIT_TYPES = ['street', 'department', 'enterprise', 'district'] as const;
export type RankedUnitType = (typeof UNIT_TYPES)[number];

/** The reference lists as the administration and analytics pages load them, one at a time. */
export const fetchUnits = async (): Promise<Unit[]> => (await must(api.GET('/api/units'))).items;
export const fetchCategories = async (): Promise<Category[]> => (await must(api.GET('/api/categories'))).items;
export const fetchDivisions = async (): Promise<Division[]> => (await must(api.GET('/api/divisions'))).items;
