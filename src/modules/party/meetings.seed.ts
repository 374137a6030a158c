/**
 * The demo's 三会一课 and 主题党日 for this year up to today, after the tree's and 双报到's demos. Every branch
 * gets the year's meetings in batched inserts (entered in the name of the district's party worker `party`)
 * built by the same pure rules as the use cases (who is expected by kind, the roll call): most periods
 * held, some missed (one branch in eight misses about a third), so the compliance overview has an overdue
 * list; a 主题党日 planned in the coming days. The first demo volunteer's branch (secretary 13910000001) holds
 * every period except November's 支委会 (her calendar shows an overdue line); its last two months go through
 * the use cases as she would (plan, record minutes and a roll call), with a cancelled 党小组会 and a 主题党日
 * and a 党课 ahead. Skipped when the district has any meeting.
 */
import type { Principal } from '../../engine/auth.ts';
import { principalOfUsername } from '../../engine/auth.ts';
import type { AppContext } from '../../engine/context.ts';
import { localDate } from '../../engine/domain/calendar/local-time.ts';
import { expectedAttendees, MEETING_FREQUENCY, MEETING_KINDS, periodOver, periodsOfYear, rollCall, type MeetingKind, type Period } from './meetings.domain.ts';
import { countMeetings, insertAttendance, insertMeetings, membersOfBranches, type MeetingAttendanceRow, type NewMeeting } from './meetings.repository.ts';
import { cancelMeeting, planMeeting, recordMeeting } from './meetings.service.ts';
import { mulberry32 as prng } from '../../platform/prng.ts';

const THEMES: Record<MeetingKind, string[]> = {
  member_assembly: ['学习传达上级会议精神', '讨论发展党员工作', '民主评议党员', '审议支部年度工作计划'],
  committee: ['研究本月支部工作', '研究接诉即办难点问题', '研究党员教育管理', '研究主题党日安排'],
  group: ['学习党章党规', '交流“我为群众办实事”体会', '学习习近平新时代中国特色社会主义思想', '讨论社区治理难题'],
  lecture: ['书记讲党课：坚守初心使命', '党课：全面从严治党', '党课：弘扬北京精神', '党课：党史中的群众路线'],
  theme_day: ['主题党日：垃圾分类志愿服务', '主题党日：走访慰问困难党员', '主题党日：参观红色教育基地', '主题党日：社区环境整治'],
};
const EXCUSES = ['出差', '病假', '值班', '家中有事', '外出培训'];
const PLACES = ['党群服务中心', '支部活动室', '社区会议室'];

/** The day of the period a meeting of the kind is usually held (a month's or the quarter's last month's). */
function dayFor(kind: MeetingKind, p: Period, rand: () => number): string {
  const y = p.slice(0, 4);
  const month = p.includes('Q') ? Number(p.slice(6)) * 3 - (rand() < 0.5 ? 1 : 0) : Number(p.slice(5, 7));
  const base = { committee: 3, group: 10, theme_day: 15, member_assembly: 18, lecture: 22 }[kind];
  const day = Math.min(28, base + Math.floor(rand() * 5));
  return `${y}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export async function seedDemoMeetings(ctx: AppContext, say: (m: string) => void = () => {}): Promise<void> {
  const started = Date.now();
  const db = ctx.database.db;
  if ((await countMeetings(db, ctx.districtCode)) > 0) return;
  const today = localDate(ctx.clock());
  const year = Number(today.slice(0, 4));
  const rand = prng(20261207);
  const members = await membersOfBranches(db, ctx.districtCode);
  if (members.length === 0) return;
  const byBranch = new Map<number, { memberId: number; posts: string[]; userId: number | null }[]>();
  for (const m of members) byBranch.set(m.organisationId, [...(byBranch.get(m.organisationId) ?? []), m]);

  // The periods begun by today: those over, and the current one (held in it only when its usual day has passed).
  const firstDay = (p: Period) => (p.includes('Q') ? `${p.slice(0, 4)}-${String(Number(p.slice(6)) * 3 - 2).padStart(2, '0')}-01` : `${p}-01`);
  const due = (kind: MeetingKind): { period: Period; current: boolean }[] =>
    periodsOfYear(year, MEETING_FREQUENCY[kind])
      .filter((p) => firstDay(p) <= today)
      .map((p) => ({ period: p, current: !periodOver(p, today) }));

  // The demo secretary's branch: its last two months through the use cases, as she would; before that batched like the rest.
  const [ty, tm] = [Number(today.slice(0, 4)), Number(today.slice(5, 7))];
  const cutoff = tm > 2 ? `${ty}-${String(tm - 2).padStart(2, '0')}-01` : `${ty}-01-01`;
  const secretary = await principalOfUsername(ctx, '13910000001');
  const ownBranch = secretary === undefined ? undefined : members.find((m) => m.userId === secretary.userId)?.organisationId;
  let own = 0;
  if (secretary !== undefined && ownBranch !== undefined)
    own = await seedOwnBranch(ctx, secretary, today, rand, (kind) => due(kind).filter((d) => firstDay(d.period) >= cutoff));

  // Every other branch: batched, entered in the demo's name by the district's party worker (`party`).
  const entry = (await principalOfUsername(ctx, 'party'))?.userId ?? secretary?.userId ?? 0;
  const meetings: NewMeeting[] = [];
  const rollCalls: Omit<MeetingAttendanceRow, 'meetingId'>[][] = [];
  const now = ctx.clock();
  for (const [organisationId, ms] of byBranch) {
    const mine = organisationId === ownBranch;
    const weak = !mine && rand() < 0.12;
    for (const kind of MEETING_KINDS) {
      for (const { period, current } of due(kind)) {
        if (mine && (firstDay(period) >= cutoff || (kind === 'committee' && period.endsWith('-11')))) continue;
        const day = dayFor(kind, period, rand);
        if (day >= today) continue;
        if (!mine && rand() < (weak ? 0.35 : current ? 0.3 : 0.015)) continue;
        const at = new Date(`${day}T${kind === 'theme_day' ? '09:00' : '19:00'}:00+08:00`);
        const expected = expectedAttendees(kind, ms).map((m) => m.memberId);
        const present = expected.filter(() => rand() < 0.88);
        const excused = expected
          .filter((id) => !present.includes(id) && rand() < 0.6)
          .map((memberId) => ({ memberId, reason: EXCUSES[Math.floor(rand() * EXCUSES.length)]! }));
        const call = rollCall(expected, present, excused);
        if (!('rows' in call)) continue;
        const theme = THEMES[kind][Math.floor(rand() * THEMES[kind].length)]!;
        meetings.push({
          districtCode: ctx.districtCode,
          organisationId,
          kind,
          title: theme,
          startsAt: at,
          place: PLACES[Math.floor(rand() * PLACES.length)]!,
          state: 'held',
          minutes: `${theme}。应到${expected.length}人，实到${present.length}人。会议由支部书记主持，与会党员逐一发言，形成会议决定并明确责任人。`,
          heldAt: at,
          heldOn: day,
          recordedAt: at,
          recordedByUserId: entry,
          createdByUserId: entry,
          createdAt: at,
          updatedAt: at,
        });
        rollCalls.push(call.rows.map((r) => ({ ...r, districtCode: ctx.districtCode })));
      }
    }
    // A 主题党日 planned in the coming days (the secretary plans her own below).
    if (mine) continue;
    const ahead = new Date(`${today}T09:00:00+08:00`).getTime() + (3 + Math.floor(rand() * 10)) * 86_400_000;
    if (localDate(new Date(ahead)).slice(0, 4) === today.slice(0, 4))
      meetings.push({
        districtCode: ctx.districtCode,
        organisationId,
        kind: 'theme_day',
        title: THEMES.theme_day[Math.floor(rand() * THEMES.theme_day.length)]!,
        startsAt: new Date(ahead),
        place: PLACES[0]!,
        state: 'planned',
        createdByUserId: entry,
        createdAt: now,
        updatedAt: now,
      });
  }
  const ids = await insertMeetings(db, meetings);
  const rows: MeetingAttendanceRow[] = [];
  let k = 0;
  for (let i = 0; i < meetings.length; i++) {
    if (meetings[i]!.state !== 'held') continue;
    for (const r of rollCalls[k++]!) rows.push({ ...r, meetingId: ids[i]! });
  }
  await insertAttendance(db, rows);
  say(
    `Demo 三会一课/主题党日: ${meetings.length + own} meetings of ${byBranch.size} branches (${rows.length} roll-call lines) in ${((Date.now() - started) / 1000).toFixed(1)} s; 13910000001's branch through the use cases.`,
  );
}

/** The secretary's recent periods, through planMeeting / recordMeeting / cancelMeeting (November's 支委会 left out), and the weeks ahead. */
async function seedOwnBranch(
  ctx: AppContext,
  p: Principal,
  today: string,
  rand: () => number,
  due: (kind: MeetingKind) => { period: Period; current: boolean }[],
): Promise<number> {
  let n = 0;
  const now = ctx.clock();
  for (const kind of MEETING_KINDS)
    for (const { period } of due(kind)) {
      if (kind === 'committee' && period.endsWith('-11')) continue;
      const day = dayFor(kind, period, rand);
      if (day >= today) continue;
      const at = new Date(`${day}T19:00:00+08:00`);
      if (now.getTime() - at.getTime() > 360 * 86_400_000) continue;
      const title = THEMES[kind][Math.floor(rand() * THEMES[kind].length)]!;
      const m = await planMeeting(ctx, p, { kind, title, startsAt: at.toISOString(), place: PLACES[1]! });
      const expected = m.attendees.map((a) => a.memberId);
      const present = expected.filter((_, i) => i === 0 || rand() < 0.85);
      const excused = expected.filter((id) => !present.includes(id)).map((memberId) => ({ memberId, reason: EXCUSES[Math.floor(rand() * EXCUSES.length)]! }));
      await recordMeeting(ctx, p, m.id, {
        minutes: `${title}。应到${expected.length}人，实到${present.length}人。书记主持，传达学习有关精神，党员结合工作谈认识，明确下一步措施。`,
        present,
        excused,
      });
      n++;
    }
  // Planned ahead, and one cancelled.
  const ahead = (days: number, hour: string) => new Date(new Date(`${today}T${hour}:00+08:00`).getTime() + days * 86_400_000).toISOString();
  await planMeeting(ctx, p, { kind: 'theme_day', title: '主题党日：冬季送温暖', startsAt: ahead(5, '09:00'), place: '党群服务中心' });
  await planMeeting(ctx, p, { kind: 'lecture', title: '书记讲党课：做好接诉即办', startsAt: ahead(12, '19:00'), place: '支部活动室' });
  const cancelled = await planMeeting(ctx, p, { kind: 'group', title: '党小组学习', startsAt: ahead(2, '19:00'), place: '社区会议室' });
  await cancelMeeting(ctx, p, cancelled.id, '与区里集中培训时间冲突，改期');
  return n + 3;
}
