/**
 * 三会一课 in a real browser: the demo secretary (13910000001) plans a 支部党员大会 on her branch's calendar
 * and records it held with minutes and the attendance checklist (one member excused); she sees it, with
 * her own attendance, on /m/party at a phone viewport; the street's party worker finds the branch on the
 * compliance page with one more 党员大会 held.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { partyMeetingAttendance, partyMeetings, partyMembers, users } from '../src/schema.ts';
import { apiCaller, PASSWORD, PHONE, pickOption, startE2E, type E2E } from './support.ts';

let e: E2E;
beforeAll(async () => {
  e = await startE2E();
});
afterAll(async () => {
  await e?.close();
});

/** A Beijing-time `datetime-local` value `hoursAgo` hours before now. */
const localAgo = (hoursAgo: number) => new Date(Date.now() + 8 * 3600_000 - hoursAgo * 3600_000).toISOString().slice(0, 16);

describe('三会一课', () => {
  it('the secretary plans and records a meeting, sees it on the phone, and the compliance page counts it', async () => {
    const call = apiCaller(() => e.baseUrl);
    const cal = await call('13910000001', 'GET', '/api/party/meetings');
    const branch = cal.organisation as { id: number; name: string };
    const heldBefore = (c: { branches: { organisationId: number; kinds: { kind: string; held: number }[] }[] }) =>
      c.branches.find((b) => b.organisationId === branch.id)!.kinds.find((k) => k.kind === 'member_assembly')!.held;
    const before = heldBefore(await call('party.street', 'GET', '/api/party/meetings/compliance'));

    const { page } = await e.newPage();
    await e.login(page, '13910000001');
    await page.goto('/party-meetings');
    await expect.poll(() => page.getByTestId('mt-overdue').innerText()).toContain('无支部委员会');
    await page.getByTestId('mt-plan').click();
    await pickOption(page, page.getByTestId('mt-plan-kind'), '支部党员大会');
    await page.getByTestId('mt-plan-title').fill('端到端测试：学习全会精神');
    await page.getByTestId('mt-plan-starts').fill(localAgo(2));
    await page.getByTestId('mt-plan-ok').click();
    // The new meeting opens with the checklist of every member of the branch (masked).
    const minutes = page.getByTestId('mt-record-minutes');
    await minutes.waitFor();
    const [meeting] = await e.ctx.database.db.select().from(partyMeetings).where(eq(partyMeetings.title, '端到端测试：学习全会精神'));
    expect(meeting?.state).toBe('planned');
    const detail = await call('13910000001', 'GET', `/api/party/meetings/${meeting!.id}`);
    const attendees = detail.attendees as { memberId: number; name: string }[];
    expect(attendees.length).toBeGreaterThan(1);
    expect(await page.getByTestId('mt-attendance').innerText()).toContain(attendees[1]!.name);
    await minutes.fill('传达学习全会精神，党员逐一发言。');
    const [secretary] = await e.ctx.database.db
      .select()
      .from(partyMembers)
      .innerJoin(users, eq(users.id, partyMembers.userId))
      .where(eq(users.username, '13910000001'));
    const excused = attendees.find((a) => a.memberId !== secretary!.party_members.id)!.memberId;
    await page.getByTestId(`mt-att-${excused}`).getByText('请假').click();
    await page.getByTestId(`mt-reason-${excused}`).fill('出差');
    await page.getByTestId('mt-record-ok').click();
    await expect.poll(() => page.getByTestId('mt-state').innerText()).toBe('已召开');
    await expect.poll(() => page.getByTestId('mt-rate').innerText()).toContain('%');
    await e.screenshot(page, 'party-meetings-recorded');
    const rows = await e.ctx.database.db.select().from(partyMeetingAttendance).where(eq(partyMeetingAttendance.meetingId, meeting!.id));
    expect(rows.length).toBe(attendees.length);
    expect(rows.find((r) => r.memberId === excused)).toMatchObject({ status: 'excused', reason: '出差' });
    expect(rows.filter((r) => r.status === 'present').length).toBe(attendees.length - 1);

    // On her phone: the meeting with her own attendance, and the branch's meetings ahead.
    const { page: phone } = await e.newPage(PHONE);
    await phone.goto('/m/party');
    await phone.getByTestId('login-username').fill('13910000001');
    await phone.getByTestId('login-password').fill(PASSWORD);
    await phone.getByTestId('login-submit').click();
    const attended = phone.getByTestId('m-mt-attended');
    await expect.poll(() => attended.innerText()).toContain('端到端测试：学习全会精神');
    expect(await attended.locator('li', { hasText: '端到端测试' }).innerText()).toContain('出席');
    await expect.poll(() => phone.getByTestId('m-mt-upcoming').innerText()).toContain('主题党日');
    // The other parts of the page still show.
    await expect.poll(() => phone.getByTestId('m-party-branch').innerText()).toContain(branch.name);
    await phone.getByTestId('m-ri').waitFor();
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await phone.getByTestId('m-mt').scrollIntoViewIfNeeded();
    await e.screenshot(phone, 'party-meetings-phone');

    // The street's party worker: the branch holds one more 党员大会.
    const { page: worker } = await e.newPage();
    await e.login(worker, 'party.street');
    await worker.goto('/party-meetings-compliance');
    await worker.getByTestId('mt-c-search').fill(branch.name);
    await expect.poll(() => worker.getByTestId(`mt-c-${branch.id}-member_assembly`).innerText()).toMatch(new RegExp(`^${before + 1}/\\d+$`));
    await expect.poll(() => worker.getByTestId('mt-overdue-list').innerText()).toContain('无');
    await e.screenshot(worker, 'party-meetings-compliance');
    // The calendar of the month, with the dialog closed.
    await page.keyboard.press('Escape');
    await e.screenshot(page, 'party-meetings-calendar');
  });
});
