/**
 * 志愿活动 over the real databases (PGlite, and PostgreSQL when DATABASE_URL is set): publishing,
 * sign-up and the waiting list (also under concurrency), the QR check-in and its refusals, the hours
 * (confirmation, manual records, corrections, the points hook in the same transaction), records,
 * leaderboards and the certificate PDF.
 */
import zlib from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { onHoursRecorded } from '../src/modules/activities/index.ts';
import { buildVolunteer, buildVolunteers } from './builders/activity-volunteers.ts';
import { login } from '../src/engine/auth.ts';
import { send } from './support/api-surface.ts';
import { createHarness, dbKind, PASSWORD, testClock } from './support/harness.ts';

const clock = testClock('2026-03-02T09:00:00+08:00');
const h = await createHarness({ clock });
afterAll(async () => {
  await h.close();
});
const STREET = h.unitId('ST-110109001');

// Sessions made without the login route (its rate limit would stop a test that signs in many
// volunteers), renewed when the test clock passes their expiry.
const sessionsOf = new Map<string, { token: string; expiresAt: Date }>();
async function tokenOf(username: string): Promise<string> {
  const hit = sessionsOf.get(username);
  if (hit !== undefined && hit.expiresAt.getTime() > clock.now().getTime() + 60_000) return hit.token;
  const s = await login(h.ctx, username, PASSWORD);
  sessionsOf.set(username, s);
  return s.token;
}
const api = async (username: string, method: string, url: string, payload?: unknown) =>
  send(h, { method, url, token: await tokenOf(username), ...(payload === undefined ? {} : { payload }) });

let day = 3;
/** A published activity of the first street with one session per `capacity`, each on a new day (09:00–12:00). */
async function publish(capacities: number[], extra: Record<string, unknown> = {}) {
  const sessions = capacities.map((capacity) => {
    const d = String(day++).padStart(2, '0');
    return { startsAt: `2026-03-${d}T09:00:00+08:00`, endsAt: `2026-03-${d}T12:00:00+08:00`, capacity };
  });
  const r = await api('street', 'POST', '/api/activities', {
    title: '社区环境清洁',
    activityType: 'environment',
    venueName: '石门营社区广场',
    address: '石门营小区 1 号',
    sessions,
    publish: true,
    ...extra,
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body as { id: number; sessions: { id: number; startsAt: string; endsAt: string }[] };
}

const listOf = async (sessionId: number) =>
  (await api('street', 'GET', `/api/activities/sessions/${sessionId}/signups`)).body.items as {
    userId: number;
    status: string;
    position: number;
    checkedInAt: string | null;
    checkedOutAt: string | null;
  }[];

describe(`activities (${dbKind()})`, () => {
  it('publishes, signs up to capacity, puts the rest on the waiting list and promotes the first waiting on a cancellation', async () => {
    const a = await publish([2]);
    const s = a.sessions[0]!.id;
    const vols = await buildVolunteers(h.ctx, STREET, 4);
    const answers = [];
    for (const v of vols) answers.push((await api(v.username, 'POST', `/api/activities/sessions/${s}/signups`)).body);
    expect(answers.map((x) => x.status)).toEqual(['signed_up', 'signed_up', 'waiting', 'waiting']);
    expect(answers[3].waitingAhead).toBe(1);
    // Twice: refused.
    expect((await api(vols[0]!.username, 'POST', `/api/activities/sessions/${s}/signups`)).body.error.code).toBe('ACTIVITY.ALREADY_SIGNED_UP');
    // A signed-up volunteer leaves: the first waiting takes the place, the second still waits.
    expect((await api(vols[1]!.username, 'DELETE', `/api/activities/sessions/${s}/signups/me`)).status).toBe(200);
    const list = await listOf(s);
    expect(list.filter((e) => e.status === 'signed_up').map((e) => e.userId)).toEqual([vols[0]!.id, vols[2]!.id]);
    expect(list.filter((e) => e.status === 'waiting').map((e) => e.userId)).toEqual([vols[3]!.id]);
    // The volunteer sees their place.
    const mine = (await api(vols[3]!.username, 'GET', `/api/activities/${a.id}`)).body.sessions[0].mine;
    expect(mine.status).toBe('waiting');
    // A waiting volunteer leaving promotes nobody.
    expect((await api(vols[3]!.username, 'DELETE', `/api/activities/sessions/${s}/signups/me`)).status).toBe(200);
    expect((await listOf(s)).filter((e) => e.status === 'signed_up')).toHaveLength(2);
  });

  it('refuses overlapping sessions of one volunteer, and sign-up once the session has started', async () => {
    const a = await publish([5]);
    const other = await api('street', 'POST', '/api/activities', {
      title: '助老服务',
      activityType: 'elderly_care',
      venueName: '敬老院',
      sessions: [{ startsAt: a.sessions[0]!.startsAt.replace('T01:00', 'T02:00'), endsAt: a.sessions[0]!.endsAt.replace('T04:00', 'T05:00'), capacity: 5 }],
      publish: true,
    });
    expect(other.status).toBe(201);
    const v = await buildVolunteer(h.ctx, STREET);
    expect((await api(v.username, 'POST', `/api/activities/sessions/${a.sessions[0]!.id}/signups`)).status).toBe(200);
    const clash = await api(v.username, 'POST', `/api/activities/sessions/${other.body.sessions[0].id}/signups`);
    expect(clash.body.error.code).toBe('ACTIVITY.OVERLAPPING_SESSION');
    // After the start: closed.
    const late = await buildVolunteer(h.ctx, STREET);
    const saved = clock.now();
    clock.set(a.sessions[0]!.startsAt);
    const r = await api(late.username, 'POST', `/api/activities/sessions/${a.sessions[0]!.id}/signups`);
    clock.set(saved);
    expect(r.body.error.code).toBe('ACTIVITY.SESSION_STARTED');
  });

  it('keeps at most `capacity` signed up and the waiting order under concurrent sign-ups and cancellations', async () => {
    const capacity = 3;
    const a = await publish([capacity]);
    const s = a.sessions[0]!.id;
    const vols = await buildVolunteers(h.ctx, STREET, 12);
    for (const v of vols) await api(v.username, 'GET', '/api/auth/me'); // sessions made before the race
    const first = await Promise.all(vols.slice(0, 8).map((v) => api(v.username, 'POST', `/api/activities/sessions/${s}/signups`)));
    expect(first.map((r) => r.status)).toEqual(Array(8).fill(200));
    expect(first.filter((r) => r.body.status === 'signed_up')).toHaveLength(capacity);
    let list = await listOf(s);
    // Positions are distinct; the signed-up hold the smallest.
    const positions = list.map((e) => e.position);
    expect(new Set(positions).size).toBe(positions.length);
    const signed = list.filter((e) => e.status === 'signed_up');
    const waiting = list.filter((e) => e.status === 'waiting');
    expect(Math.max(...signed.map((e) => e.position))).toBeLessThan(Math.min(...waiting.map((e) => e.position)));
    // Two signed-up leave while four more sign up, all at once: the first two waiting (in order) take the places.
    const leaving = signed.slice(0, 2).map((e) => vols.find((v) => v.id === e.userId)!);
    const expectedPromoted = waiting.slice(0, 2).map((e) => e.userId);
    await Promise.all([
      ...leaving.map((v) => api(v.username, 'DELETE', `/api/activities/sessions/${s}/signups/me`)),
      ...vols.slice(8).map((v) => api(v.username, 'POST', `/api/activities/sessions/${s}/signups`)),
    ]);
    list = await listOf(s);
    const nowSigned = list.filter((e) => e.status === 'signed_up');
    expect(nowSigned).toHaveLength(capacity);
    for (const id of expectedPromoted) expect(nowSigned.map((e) => e.userId)).toContain(id);
    const nowWaiting = list.filter((e) => e.status === 'waiting');
    expect(nowWaiting.map((e) => e.position)).toEqual([...nowWaiting.map((e) => e.position)].sort((x, y) => x - y));
    expect(nowSigned.length + nowWaiting.length).toBe(12 - 2);
  });

  it('moves the latest sign-ups to the head of the waiting list when the capacity drops, and promotes in order when it grows', async () => {
    const a = await publish([3]);
    const s = a.sessions[0]!.id;
    const vols = await buildVolunteers(h.ctx, STREET, 5);
    for (const v of vols) await api(v.username, 'POST', `/api/activities/sessions/${s}/signups`);
    const down = await api('street', 'PATCH', `/api/activities/sessions/${s}`, { capacity: 1 });
    expect(down.status, JSON.stringify(down.body)).toBe(200);
    expect(down.body.demoted).toEqual([vols[1]!.id, vols[2]!.id]);
    let list = await listOf(s);
    expect(list.filter((e) => e.status === 'waiting').map((e) => e.userId)).toEqual([vols[1]!.id, vols[2]!.id, vols[3]!.id, vols[4]!.id]);
    const up = await api('street', 'PATCH', `/api/activities/sessions/${s}`, { capacity: 2 });
    expect(up.body.promoted).toEqual([vols[1]!.id]);
    list = await listOf(s);
    expect(list.filter((e) => e.status === 'signed_up').map((e) => e.userId)).toEqual([vols[0]!.id, vols[1]!.id]);
    // Within the hour before the start a volunteer may be at the venue already: they keep their place.
    const saved = clock.now();
    clock.set(new Date(Date.parse(a.sessions[0]!.startsAt) - 30 * 60_000));
    const code = (await api('street', 'GET', `/api/activities/sessions/${s}/check-in-code`)).body.token as string;
    expect((await api(vols[1]!.username, 'POST', '/api/activities/check-ins', { token: code })).status).toBe(200);
    const refused = await api('street', 'PATCH', `/api/activities/sessions/${s}`, { capacity: 1 });
    expect(refused.body.error.code).toBe('ACTIVITY.INVALID_SESSION');
    expect(refused.body.error.details.userIds).toEqual([vols[1]!.id]);
    // Once started, the capacity is fixed.
    clock.set(a.sessions[0]!.startsAt);
    expect((await api('street', 'PATCH', `/api/activities/sessions/${s}`, { capacity: 5 })).body.error.code).toBe('ACTIVITY.SESSION_STARTED');
    clock.set(saved);
  });

  it('checks in and out with the code of the session, and refuses expired, forged, foreign, early and repeated scans', async () => {
    const a = await publish([10], { latitude: 39.94, longitude: 116.1 });
    const s = a.sessions[0]!;
    const [v, w, outsider] = await buildVolunteers(h.ctx, STREET, 3);
    await api(v!.username, 'POST', `/api/activities/sessions/${s.id}/signups`);
    await api(w!.username, 'POST', `/api/activities/sessions/${s.id}/signups`);
    const saved = clock.now();
    try {
      // Too early for a code (more than an hour before the start).
      clock.set(new Date(Date.parse(s.startsAt) - 2 * 3600_000));
      expect((await api('street', 'GET', `/api/activities/sessions/${s.id}/check-in-code`)).body.error.code).toBe('CHECK_IN.NOT_OPEN');
      clock.set(new Date(Date.parse(s.startsAt) - 10 * 60_000));
      const code = (await api('street', 'GET', `/api/activities/sessions/${s.id}/check-in-code`)).body;
      expect(code.url).toMatch(/\/m\/check-in\?t=/);
      expect(code.svg).toContain('<svg');
      expect(new URL(code.url).searchParams.get('t')).toBe(code.token);
      const post = (user: string, body: Record<string, unknown>) => api(user, 'POST', '/api/activities/check-ins', body);
      // Forged: one character of the signature changed; another session's id under the same signature.
      const forged = code.token.slice(0, -1) + (code.token.endsWith('A') ? 'B' : 'A');
      expect((await post(v!.username, { token: forged })).body.error.code).toBe('CHECK_IN.INVALID_CODE');
      expect((await post(v!.username, { token: code.token.replace(/^\d+/, String(s.id + 1)) })).body.error.code).toBe('CHECK_IN.INVALID_CODE');
      expect((await post(v!.username, { token: 'nonsense' })).body.error.code).toBe('CHECK_IN.INVALID_CODE');
      // Not signed up; far from the venue.
      expect((await post(outsider!.username, { token: code.token })).body.error.code).toBe('CHECK_IN.NOT_SIGNED_UP');
      expect((await post(v!.username, { token: code.token, position: { latitude: 39.99, longitude: 116.1 } })).body.error.code).toBe('CHECK_IN.TOO_FAR');
      // In; a second scan at once is a double tap, not a check-out.
      const first = await post(v!.username, { token: code.token, position: { latitude: 39.9402, longitude: 116.1001 } });
      expect(first.status, JSON.stringify(first.body)).toBe(200);
      expect(first.body.action).toBe('checked_in');
      expect((await post(v!.username, { token: code.token })).body.error.code).toBe('CHECK_IN.ALREADY_CHECKED_IN');
      expect((await post(w!.username, { token: code.token, action: 'out' })).body.error.code).toBe('CHECK_IN.NOT_CHECKED_IN');
      // The code expires after its period and grace.
      clock.advance(91_000);
      expect((await post(w!.username, { token: code.token })).body.error.code).toBe('CHECK_IN.CODE_EXPIRED');
      const fresh = (await api('street', 'GET', `/api/activities/sessions/${s.id}/check-in-code`)).body;
      expect(fresh.token).not.toBe(code.token);
      expect((await post(w!.username, { token: fresh.token })).body.action).toBe('checked_in');
      // Out two hours later, then no more.
      clock.set(new Date(Date.parse(s.startsAt) + 2 * 3600_000));
      const later = (await api('street', 'GET', `/api/activities/sessions/${s.id}/check-in-code`)).body;
      const out = await post(v!.username, { token: later.token });
      expect(out.body.action).toBe('checked_out');
      expect((await post(v!.username, { token: later.token })).body.error.code).toBe('CHECK_IN.ALREADY_CHECKED_OUT');
      // A new venue changes the code: the old one stops working.
      const moved = await api('street', 'PATCH', `/api/activities/${a.id}`, { venueName: '石门营社区活动中心' });
      expect(moved.status).toBe(200);
      const third = await buildVolunteer(h.ctx, STREET);
      expect((await post(third.username, { token: later.token })).body.error.code).toBe('CHECK_IN.INVALID_CODE');
      // Closed two hours after the end.
      clock.set(new Date(Date.parse(s.endsAt) + 3 * 3600_000));
      expect((await api('street', 'GET', `/api/activities/sessions/${s.id}/check-in-code`)).body.error.code).toBe('CHECK_IN.NOT_OPEN');
      const list = await listOf(s.id);
      expect(list.find((e) => e.userId === v!.id)!.checkedOutAt).not.toBeNull();
      expect(list.find((e) => e.userId === w!.id)!.checkedOutAt).toBeNull();
    } finally {
      clock.set(saved);
    }
  });

  it('confirms hours clipped to the session, counts a missing check-out to the end, records walk-ins by hand and corrects by new records', async () => {
    const a = await publish([10]);
    const s = a.sessions[0]!;
    const [v, w, walkIn] = await buildVolunteers(h.ctx, STREET, 3);
    for (const x of [v!, w!]) await api(x.username, 'POST', `/api/activities/sessions/${s.id}/signups`);
    const seen: number[][] = [];
    const off = onHoursRecorded(async (_ctx, _tx, records) => void seen.push(records.map((r) => r.minutes)));
    const saved = clock.now();
    try {
      clock.set(new Date(Date.parse(s.startsAt) - 20 * 60_000));
      const code = (await api('street', 'GET', `/api/activities/sessions/${s.id}/check-in-code`)).body.token as string;
      for (const x of [v!, w!]) expect((await api(x.username, 'POST', '/api/activities/check-ins', { token: code })).status).toBe(200);
      clock.set(new Date(Date.parse(s.startsAt) + 90 * 60_000));
      const code2 = (await api('street', 'GET', `/api/activities/sessions/${s.id}/check-in-code`)).body.token as string;
      expect((await api(v!.username, 'POST', '/api/activities/check-ins', { token: code2 })).body.action).toBe('checked_out');
      // Not before the end.
      expect((await api('street', 'POST', `/api/activities/sessions/${s.id}/hours`, {})).body.error.code).toBe('HOURS.SESSION_NOT_ENDED');
      clock.set(new Date(Date.parse(s.endsAt) + 3600_000));
      // An adjusted figure needs a reason.
      const noReason = await api('street', 'POST', `/api/activities/sessions/${s.id}/hours`, { items: [{ userId: w!.id, minutes: 100 }] });
      expect(noReason.body.error.code).toBe('HOURS.REASON_REQUIRED');
      const all = await api('street', 'POST', `/api/activities/sessions/${s.id}/hours`, {});
      expect(all.status, JSON.stringify(all.body)).toBe(200);
      const byUser = new Map((all.body.recorded as { userId: number; minutes: number; noCheckOut: boolean }[]).map((r) => [r.userId, r]));
      // Checked in 20 minutes early (clipped to the start), out after 90 minutes.
      expect(byUser.get(v!.id)).toMatchObject({ minutes: 90, noCheckOut: false });
      // Never checked out: to the session's end (3 h), flagged.
      expect(byUser.get(w!.id)).toMatchObject({ minutes: 180, noCheckOut: true });
      // A retry records nothing twice.
      const again = await api('street', 'POST', `/api/activities/sessions/${s.id}/hours`, { items: [{ userId: v!.id }] });
      expect(again.body).toMatchObject({ recorded: [], skipped: [v!.id] });
      // The walk-in: by a coordinator (a leader), not by a handler; flagged manual with the reason.
      const manualBody = { userId: walkIn!.id, minutes: 120, source: 'walk_in', reason: '现场报名，组织者确认' };
      expect((await api('street', 'POST', `/api/activities/sessions/${s.id}/manual-hours`, manualBody)).status).toBe(403);
      const manual = await api('street.leader', 'POST', `/api/activities/sessions/${s.id}/manual-hours`, manualBody);
      expect(manual.status, JSON.stringify(manual.body)).toBe(201);
      expect(manual.body).toMatchObject({ kind: 'manual', manualSource: 'walk_in', minutes: 120, reason: '现场报名，组织者确认' });
      expect((await api('street.leader', 'POST', `/api/activities/sessions/${s.id}/manual-hours`, manualBody)).body.error.code).toBe('HOURS.ALREADY_RECORDED');
      // A correction is a new record carrying the difference.
      const wRecord = (all.body.recorded as { id: number; userId: number }[]).find((r) => r.userId === w!.id)!;
      const fix = await api('street.leader', 'POST', `/api/activities/hours/${wRecord.id}/corrections`, {
        minutes: 150,
        reason: '提前半小时离开',
      });
      expect(fix.status, JSON.stringify(fix.body)).toBe(201);
      expect(fix.body).toMatchObject({ kind: 'correction', minutes: -30 });
      expect(seen).toEqual([[90, 180], [120], [-30]]);
      // The volunteer's own hours and the staff's view agree.
      const mineW = (await api(w!.username, 'GET', '/api/activities/my/hours?year=2026')).body;
      expect(mineW.totalMinutes).toBe(150);
      expect(mineW.byMonth).toEqual([{ month: '2026-03', minutes: 150, hours: 2.5 }]);
      const record = (await api('supervisor', 'GET', `/api/activities/volunteers/${w!.id}/record?year=2026`)).body;
      expect(record.totalMinutes).toBe(150);
      // The leaderboard: masked names, the organiser's total.
      const board = (await api(v!.username, 'GET', '/api/activities/leaderboard?period=2026-03')).body;
      const names = board.volunteers.map((x: { name: string }) => x.name);
      expect(names).not.toContain(v!.displayName);
      expect(names).toContain('志*****');
      expect(board.volunteers.find((x: { you: boolean }) => x.you).hours).toBe(1.5);
      expect(board.organisers[0].name).toContain('街道');
    } finally {
      off();
      clock.set(saved);
    }
  });

  it('awards in the same transaction: a hook that fails leaves no hours recorded', async () => {
    const a = await publish([5]);
    const s = a.sessions[0]!;
    const v = await buildVolunteer(h.ctx, STREET);
    const off = onHoursRecorded(async () => {
      throw new Error('points bank down');
    });
    const saved = clock.now();
    try {
      clock.set(new Date(Date.parse(s.endsAt) + 60_000));
      const r = await api('street.leader', 'POST', `/api/activities/sessions/${s.id}/manual-hours`, {
        userId: v.id,
        minutes: 60,
        source: 'paper',
        reason: '纸质签到表',
      });
      expect(r.status).toBe(500);
    } finally {
      off();
    }
    try {
      const again = await api('street.leader', 'POST', `/api/activities/sessions/${s.id}/manual-hours`, {
        userId: v.id,
        minutes: 60,
        source: 'paper',
        reason: '纸质签到表',
      });
      expect(again.status, JSON.stringify(again.body)).toBe(201);
    } finally {
      clock.set(saved);
    }
  });

  it('keeps drafts to their organisers and other units’ activities out of reach', async () => {
    const draft = await api('street', 'POST', '/api/activities', {
      title: '草稿活动',
      activityType: 'other',
      venueName: '街道办',
      sessions: [{ startsAt: '2026-04-01T09:00:00+08:00', endsAt: '2026-04-01T10:00:00+08:00', capacity: 3 }],
    });
    expect(draft.body.state).toBe('draft');
    const v = await buildVolunteer(h.ctx, STREET);
    expect((await api(v.username, 'GET', `/api/activities/${draft.body.id}`)).status).toBe(404);
    expect((await api(v.username, 'GET', '/api/activities')).body.items.map((x: { id: number }) => x.id)).not.toContain(draft.body.id);
    expect((await api(v.username, 'POST', `/api/activities/sessions/${draft.body.sessions[0].id}/signups`)).body.error.code).toBe('ACTIVITY.NOT_PUBLISHED');
    expect((await api('cgw', 'POST', `/api/activities/${draft.body.id}/publish`)).status).toBe(403);
    expect((await api('gov', 'GET', `/api/activities/${draft.body.id}`)).status).toBe(200);
    expect((await api('street', 'POST', `/api/activities/${draft.body.id}/publish`)).body.state).toBe('published');
  });

  it('lets a volunteer browse, sign up, check in and read their own hours, and nothing of the organisers’', async () => {
    const a = await publish([3]);
    const s = a.sessions[0]!.id;
    const v = await buildVolunteer(h.ctx, STREET);
    for (const [method, url, body] of [
      [
        'POST',
        '/api/activities',
        {
          title: '志愿者自建',
          activityType: 'other',
          venueName: '某处',
          sessions: [{ startsAt: '2026-05-01T09:00:00+08:00', endsAt: '2026-05-01T10:00:00+08:00', capacity: 1 }],
        },
      ],
      ['PATCH', `/api/activities/${a.id}`, { title: '改名' }],
      ['POST', `/api/activities/${a.id}/cancel`, { reason: '不想办了' }],
      ['GET', `/api/activities/sessions/${s}/signups`],
      ['GET', `/api/activities/sessions/${s}/check-in-code`],
      ['POST', `/api/activities/sessions/${s}/hours`, {}],
      ['POST', `/api/activities/sessions/${s}/manual-hours`, { userId: v.id, minutes: 60, source: 'paper', reason: '给自己补录' }],
      ['GET', '/api/activities/volunteers?q=%E5%BF%97'],
      ['GET', `/api/activities/volunteers/${v.id}/record?year=2026`],
    ] as const) {
      const r = await api(v.username, method, url, body);
      expect(r.status, `${method} ${url}`).toBe(403);
    }
    for (const url of [
      '/api/activities',
      `/api/activities/${a.id}`,
      '/api/activities/my/signups',
      '/api/activities/my/hours?year=2026',
      '/api/activities/leaderboard?period=2026',
    ])
      expect((await api(v.username, 'GET', url)).status, url).toBe(200);
    expect((await api(v.username, 'POST', `/api/activities/sessions/${s}/signups`)).status).toBe(200);
    const mine = (await api(v.username, 'GET', '/api/activities/my/signups')).body.items as { session: { id: number }; status: string }[];
    expect(mine.find((m) => m.session.id === s)?.status).toBe('signed_up');
  });

  it('writes the certificate as a PDF in a Chinese font that holds the volunteer’s name and hours', async () => {
    const v = await buildVolunteer(h.ctx, STREET, { displayName: '王志愿' });
    const a = await publish([5]);
    const s = a.sessions[0]!;
    const saved = clock.now();
    clock.set(new Date(Date.parse(s.endsAt) + 60_000));
    await api('street.leader', 'POST', `/api/activities/sessions/${s.id}/manual-hours`, {
      userId: v.id,
      minutes: 150,
      source: 'paper',
      reason: '纸质签到表',
    });
    clock.set(saved);
    const r = await h.app.inject({
      method: 'GET',
      url: '/api/activities/my/certificate.pdf?year=2026',
      headers: { authorization: `Bearer ${await tokenOf(v.username)}` },
    });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toBe('application/pdf');
    const pdf = r.rawPayload;
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.toString('latin1')).toMatch(/\/FontName \/[A-Z]{6}\+WenQuanYiMicroHei/);
    const text = pdfText(pdf);
    expect(text).toContain('志愿服务时长证明');
    expect(text).toContain('王志愿');
    expect(text).toContain('2.5');
    expect(text).toContain('社区环境清洁');
  });
});

/**
 * The text of a PDF made by pdfkit: its content streams' hex glyph strings mapped back through the
 * fonts' ToUnicode maps (enough to read what a certificate says, not a general PDF reader).
 */
function pdfText(pdf: Buffer): string {
  const raw = pdf.toString('latin1');
  const streams: string[] = [];
  for (const m of raw.matchAll(/stream\r?\n/g)) {
    const start = m.index + m[0].length;
    const end = raw.indexOf('endstream', start);
    try {
      streams.push(zlib.inflateSync(pdf.subarray(start, end)).toString('latin1'));
    } catch {
      streams.push(raw.slice(start, end));
    }
  }
  const map = new Map<string, string>();
  for (const s of streams.filter((x) => x.includes('begincmap'))) {
    for (const block of s.matchAll(/beginbfrange([\s\S]*?)endbfrange/g))
      for (const r of block[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*\[([^\]]*)\]/g)) {
        const from = parseInt(r[1]!, 16);
        [...r[3]!.matchAll(/<([0-9a-fA-F]+)>/g)].forEach((u, i) =>
          map.set(
            (from + i).toString(16).padStart(r[1]!.length, '0').toLowerCase(),
            String.fromCodePoint(...(u[1]!.match(/.{4}/g) ?? []).map((x) => parseInt(x, 16))),
          ),
        );
      }
  }
  let out = '';
  for (const s of streams.filter((x) => /T[Jj]/.test(x) && !x.includes('begincmap')))
    for (const m of s.matchAll(/<([0-9a-fA-F]+)>/g)) out += (m[1]!.toLowerCase().match(/.{4}/g) ?? []).map((g) => map.get(g) ?? '').join('');
  return out;
}
