/** Checks on units named in a request (dispatch, re-dispatch). */
import type { AppContext } from '../context.ts';
import { AppError } from '../../platform/errors.ts';
import type { ReferenceSnapshot } from './reference-cache.ts';

/** Every unit must exist in this district, be active and be a handling unit (not the centre). */
export function assertUnitsDispatchable(ref: ReferenceSnapshot, ids: readonly number[]): void {
  for (const id of ids) {
    const u = ref.unitById.get(id);
    if (u === undefined) throw new AppError('UNIT.UNKNOWN', `Unit ${id} does not exist`, { unitId: id });
    if (!u.active) throw new AppError('UNIT.INACTIVE', `Unit ${u.name} is inactive`, { unitId: id });
    if (u.unitType === 'centre') throw new AppError('UNIT.NOT_HANDLING', `${u.name} does not handle tickets`, { unitId: id });
  }
}

export async function listUnitsView(ctx: AppContext) {
  const ref = await ctx.reference.get();
  return ref.units.map((u) => ({
    id: u.id,
    code: u.code,
    name: u.name,
    nameEn: u.nameEn,
    unitType: u.unitType,
    divisionCode: u.divisionCode,
    parentId: u.parentId,
    isFallback: u.isFallback,
    active: u.active,
  }));
}
