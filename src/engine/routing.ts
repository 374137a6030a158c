/** Routing help for operators: the catalogue's suggestion and likely repeats. */
import { suggestDispatch } from './domain/routing/dispatch-routing.ts';
import { findRepeatCandidates } from './ticket.repository.ts';
import type { AppContext } from './context.ts';
import { AppError } from '../platform/errors.ts';
import { progressText } from './intake.ts';

export async function suggestRouting(ctx: AppContext, categoryId: number | null, streetCode: string | null, communityCode: string | null) {
  const ref = await ctx.reference.get();
  if (categoryId !== null && !ref.categoryById.has(categoryId))
    throw new AppError('INTAKE.UNKNOWN_CATEGORY', `Category ${categoryId} does not exist`, { categoryId });
  let street = streetCode;
  if (communityCode !== null) {
    const c = ref.divisionByCode.get(communityCode);
    if (c === undefined) throw new AppError('INTAKE.UNKNOWN_PLACE', `Community ${communityCode} is not in this district`);
    street = c.parentCode;
  }
  const s = suggestDispatch(categoryId, { streetCode: street, communityCode }, ref.catalog, ref.routingUnits);
  const unit = ref.unitById.get(s.leadUnitId)!;
  return { ...s, leadUnit: { id: unit.id, name: unit.name, unitType: unit.unitType } };
}

/** Open tickets of the same phone, category and community; the phone is looked up by its keyed hashes only. */
export async function repeatCandidates(ctx: AppContext, phone: string, categoryId: number, communityCode: string | null) {
  const ref = await ctx.reference.get();
  const rows = await findRepeatCandidates(ctx.database.db, ctx.districtCode, ctx.personalData.phoneKeys(phone), categoryId, communityCode);
  return rows.map((r) => ({ id: r.id, number: r.number, state: r.state, acceptedAt: r.acceptedAt.toISOString(), progress: progressText(r, ref) }));
}
