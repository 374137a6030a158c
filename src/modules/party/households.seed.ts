/**
 * The demo's 党员包户, through the use cases, after the door boards' and 双报到's demos: in each community
 * with door boards, the street's party worker (`party.street`) registers every building unit's Party
 * households from its board plus four more doors, links members who live there or belong to its branches
 * (two or three households each; the first demo volunteer 13910000001, secretary of the first community's
 * branch, gets three), marks the first household of each unit as its model household and the first unit
 * of each community as its model building, links two households to the demo residents 13910000002/3; then
 * the carers' visits of the last four weeks (from their paper logs, entered by the worker), three of them
 * with a problem reported as a ticket, and weekly sorting checks of the last three weeks, which pay points
 * to the linked households. Skipped when any household exists.
 */
import { principalOfUsername } from '../../engine/auth.ts';
import type { AppContext } from '../../engine/context.ts';
import { localDate } from '../../engine/domain/calendar/local-time.ts';
import { buildingsOfCommunity } from '../boards/index.ts';
import { addDays } from './reportin.domain.ts';
import { addHouseholds, changeHousehold, markModelBuilding, recordCheck, recordVisit } from './households.service.ts';
import { anyHousehold, membersForCommunity } from './households.repository.ts';
import { findMemberByUser } from './party.repository.ts';
import { findUserByUsername } from '../../engine/user.repository.ts';

const NOTES = [
  '老人身体状况良好，叮嘱按时服药',
  '了解家中用水用电情况，提醒冬季防火',
  '宣传垃圾分类知识，发放分类指南',
  '听取对小区停车管理的意见',
  '孩子课后无人照看，已对接四点半课堂',
  '居民反映楼道灯不亮，已告知物业',
];
const PROBLEMS = ['楼道声控灯损坏多日，夜间出行不便', '单元门禁损坏，外来人员随意进出', '楼前绿地有人私搭菜园、堆放杂物'];

export async function seedDemoHouseholds(ctx: AppContext, say: (m: string) => void = () => {}): Promise<void> {
  const started = Date.now();
  const db = ctx.database.db;
  if (await anyHousehold(db, ctx.districtCode)) return;
  const worker = await principalOfUsername(ctx, 'party.street');
  if (worker === undefined) return;
  const ref = await ctx.reference.get();
  const street = ref.unitById.get(worker.unitId)?.divisionCode;
  if (street === null || street === undefined) return;
  const communities = [...ref.divisionByCode.values()]
    .filter((d) => d.level === 'community' && d.parentCode === street)
    .map((d) => d.code)
    .sort();
  const secretaryUser = await findUserByUsername(db, '13910000001');
  const secretary = secretaryUser === undefined ? undefined : await findMemberByUser(db, ctx.districtCode, secretaryUser.id);
  const holders = ['13910000002', '13910000003'];
  const today = localDate(ctx.clock());
  let households = 0;
  let visits = 0;
  let problems = 0;
  let checks = 0;
  let points = 0;

  for (const community of communities) {
    const buildings = await buildingsOfCommunity(ctx, community);
    if (buildings.length === 0) continue;
    const members = (await membersForCommunity(db, ctx.districtCode, community)).map((m) => m.member.id);
    // The secretary first where they may look after households, so the phone page has some.
    if (secretary !== undefined && members.includes(secretary.id)) {
      members.splice(members.indexOf(secretary.id), 1);
      members.unshift(secretary.id);
    }
    if (members.length === 0) continue;
    const ids: number[] = [];
    for (const [bi, b] of buildings.entries()) {
      const floor = 2 + (bi % 4);
      const rooms = [...new Set([...b.partyMemberHouseholds, `${floor}01`, `${floor}02`, `${floor + 2}01`, `${floor + 2}02`])];
      const added = await addHouseholds(ctx, worker, { buildingCode: b.code, rooms });
      households += added.length;
      ids.push(...added.map((h) => h.id));
      await changeHousehold(ctx, worker, added[0]!.id, { leadsBuilding: true });
      if (bi === 0) await markModelBuilding(ctx, worker, b.code, `${b.name}片区`);
    }
    // Three households for the first member, then two each while members last; every third door of the rest stays uncared.
    const cared: number[] = [];
    let next = 0;
    for (const [mi, memberId] of members.entries()) {
      for (let k = 0; k < (mi === 0 ? 3 : 2); k++) {
        if (mi > 0 && next % 3 === 2) next++;
        if (next >= ids.length) break;
        await changeHousehold(ctx, worker, ids[next]!, { carerMemberId: memberId });
        cared.push(ids[next]!);
        next++;
      }
      if (next >= ids.length) break;
    }
    if (community === communities[0]) {
      for (const [i, phone] of holders.entries()) {
        if ((await findUserByUsername(db, phone)) !== undefined && ids[i] !== undefined) await changeHousehold(ctx, worker, ids[i]!, { holderPhone: phone });
      }
    }
    // The carers' visits and checks, from their paper logs.
    for (const [i, id] of cared.entries()) {
      for (const back of [25 - (i % 7), 1 + (i % 5)]) {
        const problem = problems < 3 && i % 5 === 1 && back < 7 ? PROBLEMS[problems] : undefined;
        await recordVisit(ctx, worker, id, {
          visitedOn: addDays(today, -back),
          notes: NOTES[(i + back) % NOTES.length]!,
          forCarer: true,
          ...(problem === undefined ? {} : { problem: { content: problem } }),
        });
        visits++;
        if (problem !== undefined) problems++;
      }
      for (const back of [20, 13, 6]) {
        const c = await recordCheck(ctx, worker, id, {
          checkedOn: addDays(today, -back - (i % 3)),
          result: (i + back) % 6 === 0 ? 'poor' : 'good',
          forCarer: true,
          ...((i + back) % 6 === 0 ? { note: '厨余垃圾混入塑料袋' } : {}),
        });
        checks++;
        points += c.points;
      }
    }
  }
  if (households === 0) return;
  say(
    `Demo 党员包户: ${households} households, ${visits} visits (${problems} problems as tickets), ${checks} sorting checks paying ${points} points in ${((Date.now() - started) / 1000).toFixed(1)} s.`,
  );
}
