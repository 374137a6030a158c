/**
 * The points bank's demo data on a district's first start, through the module's own use cases as the
 * demo admin: the earning rules, a few partners and their catalogue. Holders' awards come from the
 * volunteers module (confirmed hours) and from community workers' checks.
 */
import { principalOfUsername } from '../../engine/auth.ts';
import type { AppContext } from '../../engine/context.ts';
import type { RuleInput } from './points.service.ts';
import { addItem, addPartner, addRuleVersion, listPartners, listRules } from './points.service.ts';

/** The default earning rules (a default preset: a district changes them by adding versions). */
export const DEFAULT_POINTS_RULES: readonly Omit<RuleInput, 'effectiveFrom'>[] = [
  { code: 'service.hour', kind: 'hour', name: '志愿服务时长（每小时）', pointsPerUnit: 10, dailyCap: null },
  { code: 'activity.community_service', kind: 'activity', name: '参加社区志愿活动', pointsPerUnit: 20, dailyCap: null },
  { code: 'activity.elderly_care', kind: 'activity', name: '助老服务活动', pointsPerUnit: 30, dailyCap: null },
  { code: 'activity.environment', kind: 'activity', name: '环境整治活动', pointsPerUnit: 20, dailyCap: null },
  { code: 'conduct.waste_sorting', kind: 'conduct', name: '垃圾分类检查合格（社区工作者确认）', pointsPerUnit: 5, dailyCap: 5 },
  { code: 'conduct.party_household', kind: 'conduct', name: '党员包户家庭表现良好', pointsPerUnit: 10, dailyCap: 10 },
];

/** In force from this date, so that demo history and back-dated confirmations find a version. */
export const DEFAULT_RULES_FROM = '2020-01-01';

export async function seedPointsRules(ctx: AppContext): Promise<void> {
  const admin = await principalOfUsername(ctx, 'admin');
  if (admin === undefined) return;
  const have = new Set((await listRules(ctx)).map((r) => r.code));
  for (const r of DEFAULT_POINTS_RULES)
    if (!have.has(r.code)) await addRuleVersion(ctx, admin, { ...r, effectiveFrom: DEFAULT_RULES_FROM }, { allowPast: true });
}

export async function seedPointsDemo(ctx: AppContext): Promise<void> {
  await seedPointsRules(ctx);
  const admin = await principalOfUsername(ctx, 'admin');
  if (admin === undefined || (await listPartners(ctx)).length > 0) return;
  const ref = await ctx.reference.get();
  const streets = ref.units.filter((u) => u.unitType === 'street' && u.districtCode === ctx.districtCode && u.active);
  if (streets.length === 0) return;
  const first = streets[0]!;
  const second = streets[1] ?? first;
  const shop = await addPartner(ctx, admin, { name: '美廉美超市（积分兑换合作商户）', kind: 'shop', unitId: first.id, address: `${first.name}辖区` });
  const shelf = await addPartner(ctx, admin, { name: `${first.name}新时代文明实践站 兑换架`, kind: 'station', unitId: first.id, address: `${first.name}` });
  const shelf2 = await addPartner(ctx, admin, { name: `${second.name}新时代文明实践站 兑换架`, kind: 'station', unitId: second.id, address: `${second.name}` });
  const items: [number, string, string, number, number][] = [
    [shop.id, '洗衣液 2kg', '合作超市凭取货码领取', 200, 50],
    [shop.id, '食用油 1.8L', '合作超市凭取货码领取', 300, 20],
    [shop.id, '抽纸 6包', '合作超市凭取货码领取', 80, 100],
    [shelf.id, '环保购物袋', '实践站兑换架', 50, 200],
    [shelf.id, '理发券', '社区便民理发服务一次', 100, 30],
    [shelf2.id, '环保购物袋', '实践站兑换架', 50, 150],
    [shelf2.id, '厨余垃圾桶', '家庭分类小桶', 120, 40],
  ];
  for (const [partnerId, name, description, cost, stock] of items) await addItem(ctx, admin, { partnerId, name, description, cost, stock });
}
