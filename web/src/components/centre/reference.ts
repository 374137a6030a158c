/** Reference data the centre pages share: units, categories, places (plain fetches through the typed client). */
import { api, must } from '../../shared/api.ts';
import type { CategoryView, DivisionView, UnitView } from './types.ts';

export async function fetchUnits(): Promise<UnitView[]> {
  return ((await must(api.GET('/api/units'))) as { items: UnitView[] }).items;
}

export async function fetchCategories(): Promise<CategoryView[]> {
  return ((await must(api.GET('/api/categories'))) as { items: CategoryView[] }).items;
}

export async function fetchDivisions(): Promise<DivisionView[]> {
  return ((await must(api.GET('/api/divisions'))) as { items: DivisionView[] }).items;
}
