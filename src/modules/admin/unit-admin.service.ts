/**
 * Administration of units (admin role): add a street/town, department or enterprise, rename it, move
 * it under another supervising unit, deactivate or reactivate it. Rules:
 * - codes are unique (ADMIN.UNIT_CODE_TAKEN);
 * - a street/town unit governs one street/town of the district (ADMIN.UNKNOWN_PLACE), and only one
 *   active unit governs a street at a time (ADMIN.DIVISION_TAKEN), so routing "to the street of the
 *   place" stays unambiguous; departments and enterprises govern no place (ADMIN.INVALID_UNIT);
 * - the parent (supervising unit, whose users then see this unit's tickets) is a unit of the district
 *   and never the unit itself or one below it (ADMIN.UNIT_CYCLE);
 * - the district government (the fallback queue) and the command centre cannot be deactivated
 *   (ADMIN.UNIT_REQUIRED).
 * Deactivating keeps the unit's tickets and users; it only stops new dispatches to it. Every change
 * reloads the reference cache.
 */
import { isUniqueViolation } from '../../platform/db/errors.ts';
import { findUnitByCode, insertUnit, updateUnit } from './unit-admin.repository.ts';
import type { AppContext } from '../../engine/context.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { unitWithDescendants, type ReferenceSnapshot } from '../../engine/reference/reference-cache.ts';
import { listUnitsView } from '../../engine/reference/units.ts';

export interface NewUnit {
  code: string;
  name: string;
  nameEn: string;
  unitType: 'street' | 'department' | 'enterprise';
  divisionCode: string | null;
  parentId: number | null;
}

function checkParent(ref: ReferenceSnapshot, parentId: number | null, selfId?: number): void {
  if (parentId === null) return;
  if (!ref.unitById.has(parentId)) throw new AppError('UNIT.UNKNOWN', `Unit ${parentId} does not exist`, { unitId: parentId });
  if (selfId !== undefined && unitWithDescendants(ref.units, selfId).includes(parentId))
    throw new AppError('ADMIN.UNIT_CYCLE', 'A unit cannot be placed under itself or a unit it supervises', { unitId: selfId, parentId });
}

function checkStreetFree(ref: ReferenceSnapshot, divisionCode: string, selfId?: number): void {
  const other = ref.units.find((u) => u.unitType === 'street' && u.active && u.divisionCode === divisionCode && u.id !== selfId);
  if (other !== undefined)
    throw new AppError('ADMIN.DIVISION_TAKEN', `${other.name} already governs ${divisionCode}; deactivate it first`, { divisionCode, unitId: other.id });
}

async function unitView(ctx: AppContext, id: number) {
  return (await listUnitsView(ctx)).find((u) => u.id === id)!;
}

export async function createUnit(ctx: AppContext, input: NewUnit) {
  const ref = await ctx.reference.get();
  const code = input.code.trim().toUpperCase();
  if (input.unitType === 'street') {
    const d = input.divisionCode === null ? undefined : ref.divisionByCode.get(input.divisionCode);
    if (d === undefined || d.level !== 'street')
      throw new AppError('ADMIN.UNKNOWN_PLACE', 'A street/town unit needs a street/town of this district', { divisionCode: input.divisionCode });
    checkStreetFree(ref, d.code);
  } else if (input.divisionCode !== null) {
    throw new AppError('ADMIN.INVALID_UNIT', 'Only street/town units govern a place; give divisionCode null');
  }
  checkParent(ref, input.parentId);
  const taken = () => new AppError('ADMIN.UNIT_CODE_TAKEN', `单位编码 ${code} 已存在 The unit code ${code} is taken`, { code });
  if ((await findUnitByCode(ctx.database.db, ctx.districtCode, code)) !== undefined) throw taken();
  let id: number;
  try {
    id = (
      await insertUnit(ctx.database.db, {
        code,
        name: input.name.trim(),
        nameEn: input.nameEn.trim(),
        unitType: input.unitType,
        districtCode: ctx.districtCode,
        divisionCode: input.divisionCode,
        parentId: input.parentId,
      })
    ).id;
  } catch (e) {
    if (isUniqueViolation(e)) throw taken();
    throw e;
  }
  ctx.reference.invalidate();
  return unitView(ctx, id);
}

export interface UnitPatch {
  name?: string;
  nameEn?: string;
  parentId?: number | null;
  active?: boolean;
}

export async function changeUnit(ctx: AppContext, id: number, patch: UnitPatch) {
  const ref = await ctx.reference.get();
  const unit = ref.unitById.get(id);
  if (unit === undefined) throw notFound('Unit', id);
  if (patch.active === false && (unit.isFallback || unit.unitType === 'centre'))
    throw new AppError('ADMIN.UNIT_REQUIRED', `${unit.name} cannot be deactivated: the district needs it`, { unitId: id });
  if (patch.active === true && !unit.active && unit.unitType === 'street' && unit.divisionCode !== null) checkStreetFree(ref, unit.divisionCode, id);
  if (patch.parentId !== undefined) checkParent(ref, patch.parentId, id);
  await updateUnit(ctx.database.db, id, {
    ...(patch.name === undefined ? {} : { name: patch.name.trim() }),
    ...(patch.nameEn === undefined ? {} : { nameEn: patch.nameEn.trim() }),
    ...(patch.parentId === undefined ? {} : { parentId: patch.parentId }),
    ...(patch.active === undefined ? {} : { active: patch.active }),
  });
  ctx.reference.invalidate();
  return unitView(ctx, id);
}
