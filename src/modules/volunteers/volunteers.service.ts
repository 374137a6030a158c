/**
 * Volunteers (志愿者) and teams (志愿服务队). A resident registers as a volunteer with skills, service
 * areas, availability and their consent to show their name publicly (recorded with its time, given or
 * withdrawn). Station staff (unit_handler/unit_leader of a `station` unit) list the volunteers of their
 * station and the stations below it (masked, filtered, paginated) and manage its teams: a team belongs
 * to one station, has a leader (a volunteer who is a member), members, skills, areas and a status.
 * Teams outside a user's scope answer 404, like tickets.
 */
import type { Principal } from '../../engine/auth.ts';
import type { AppContext } from '../../engine/context.ts';
import { maskName } from '../../engine/personal-data.ts';
import { authorize, mayAct } from '../../engine/policy.ts';
import { unitWithDescendants, type ReferenceSnapshot } from '../../engine/reference/reference-cache.ts';
import { isUniqueViolation } from '../../platform/db/errors.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { maskedIdentity, openResidentName } from './residents.service.ts';
import { normaliseAvailability, normaliseTeamName, type AvailabilitySlot, type Skill, type TeamStatus } from './volunteers.domain.ts';
import { VOLUNTEERS_POLICY } from './volunteers.policy.ts';
import {
  addMembers,
  addRole,
  districtTeamMemberRows,
  findProfile,
  findResident,
  findTeam,
  findVolunteerRow,
  insertProfiles,
  insertTeam,
  listTeamRows,
  listVolunteerRows,
  membershipsOf,
  profilesOf,
  removeMember,
  residentsOf,
  teamMemberIds,
  teamsOfUser,
  updateProfile,
  updateTeam as updateTeamRow,
  type ProfileRow,
  type TeamRow,
  type VolunteerListRow,
} from './volunteers.repository.ts';

// ---------------------------------------------------------------------------------------------
// Scope

/** The stations a staff user manages: their own station and those below it. Others: AUTH.FORBIDDEN. */
export function managedStations(ref: ReferenceSnapshot, p: Principal): number[] {
  authorize(p, VOLUNTEERS_POLICY.rules.manage);
  const unit = ref.unitById.get(p.unitId);
  if (unit?.unitType !== 'station') throw new AppError('AUTH.FORBIDDEN', 'Only the staff of a practice centre or station manage volunteers and teams');
  return unitWithDescendants(ref.units, p.unitId).filter((id) => ref.unitById.get(id)?.unitType === 'station');
}

/** A station of this district (active); VOLUNTEER.UNKNOWN_STATION otherwise. */
export function stationOf(ref: ReferenceSnapshot, id: number) {
  const u = ref.unitById.get(id);
  if (u === undefined || u.unitType !== 'station' || !u.active)
    throw new AppError('VOLUNTEER.UNKNOWN_STATION', `Unit ${id} is not a practice station of this district`, { stationId: id });
  return u;
}

/** Service areas must be streets/towns or communities of the district. */
function checkAreas(ref: ReferenceSnapshot, areas: readonly string[]): string[] {
  const unique = [...new Set(areas)];
  const bad = unique.filter((a) => {
    const d = ref.divisionByCode.get(a);
    return d === undefined || (d.level !== 'street' && d.level !== 'community');
  });
  if (bad.length > 0) throw new AppError('VOLUNTEER.UNKNOWN_AREA', `Not streets or communities of this district: ${bad.join(', ')}`, { areas: bad });
  return unique;
}

// ---------------------------------------------------------------------------------------------
// Names shown beside volunteers

/** The name shown for a volunteer: in clear when they consented to it, masked otherwise. */
function shownName(name: string | null, consent: boolean): string {
  if (name === null) return '〔无法解密 unreadable〕';
  return consent ? name : maskName(name);
}

/**
 * The names other modules may show for volunteers (leaderboards, public activity pages): the real name
 * when the volunteer consented to its being shown, masked (张*) otherwise; users who are no volunteers
 * of the district are left out.
 */
export async function volunteerPublicNames(ctx: AppContext, userIds: readonly number[]): Promise<Map<number, string>> {
  const db = ctx.database.db;
  const profiles = await profilesOf(db, ctx.districtCode, [...new Set(userIds)]);
  const out = new Map<number, string>();
  const residents = new Map(
    (
      await residentsOf(
        db,
        ctx.districtCode,
        profiles.map((x) => x.userId),
      )
    ).map((r) => [r.userId, r]),
  );
  for (const pr of profiles) {
    const r = residents.get(pr.userId);
    if (r !== undefined) out.set(pr.userId, shownName(openResidentName(ctx.personalData, r), pr.consentPublicName));
  }
  return out;
}

/** A team of the district as other modules see it: its station and its members' user ids. */
export interface TeamMembership {
  teamId: number;
  name: string;
  stationUnitId: number;
  memberIds: number[];
}

/**
 * The district's teams that are not dissolved (active and suspended) with their current members, for
 * other modules' rankings (team leaderboards by hours and points). Memberships have no history: a
 * team is its members now.
 */
export async function districtTeamMemberships(ctx: AppContext): Promise<TeamMembership[]> {
  const out = new Map<number, TeamMembership>();
  for (const r of await districtTeamMemberRows(ctx.database.db, ctx.districtCode)) {
    let t = out.get(r.teamId);
    if (t === undefined) out.set(r.teamId, (t = { teamId: r.teamId, name: r.name, stationUnitId: r.stationUnitId, memberIds: [] }));
    if (r.userId !== null) t.memberIds.push(r.userId);
  }
  return [...out.values()];
}

// ---------------------------------------------------------------------------------------------
// The volunteer's own profile

export interface ProfileInput {
  skills: Skill[];
  areas: string[];
  availability: AvailabilitySlot[];
  consentPublicName: boolean;
}

export interface TeamRef {
  id: number;
  name: string;
  status: TeamStatus;
  leader: boolean;
}

/** A volunteer's profile as both the volunteer and the station's staff see it. */
interface ProfileFields {
  userId: number;
  stationUnitId: number;
  stationName: string;
  skills: Skill[];
  areas: string[];
  availability: AvailabilitySlot[];
  consentPublicName: boolean;
  consentAt: string | null;
  source: 'self' | 'imported';
  registeredAt: string;
}

export interface MyProfileView extends ProfileFields {
  teams: TeamRef[];
}

async function myView(ctx: AppContext, pr: ProfileRow): Promise<MyProfileView> {
  const ref = await ctx.reference.get();
  const teams = await teamsOfUser(ctx.database.db, ctx.districtCode, pr.userId);
  return {
    userId: pr.userId,
    stationUnitId: pr.stationUnitId,
    stationName: ref.unitById.get(pr.stationUnitId)?.name ?? '',
    skills: pr.skills as Skill[],
    areas: pr.areas,
    availability: pr.availability as AvailabilitySlot[],
    consentPublicName: pr.consentPublicName,
    consentAt: pr.consentAt?.toISOString() ?? null,
    source: pr.source,
    registeredAt: pr.registeredAt.toISOString(),
    teams: teams.map((t) => ({ id: t.id, name: t.name, status: t.status, leader: t.leaderUserId === pr.userId })),
  };
}

/** A resident registers as a volunteer: the profile, and the role `volunteer` added to their account. */
export async function registerVolunteer(ctx: AppContext, p: Principal, input: ProfileInput): Promise<MyProfileView> {
  authorize(p, VOLUNTEERS_POLICY.rules.self);
  const db = ctx.database.db;
  const resident = await findResident(db, ctx.districtCode, p.userId);
  if (resident === undefined) throw new AppError('VOLUNTEER.NOT_A_RESIDENT', 'Only a resident’s account can register as a volunteer');
  if ((await findProfile(db, ctx.districtCode, p.userId)) !== undefined)
    throw new AppError('VOLUNTEER.ALREADY_REGISTERED', 'Already registered as a volunteer');
  const ref = await ctx.reference.get();
  const areas = checkAreas(ref, input.areas);
  const now = ctx.clock();
  try {
    await db.transaction(async (tx) => {
      await insertProfiles(tx, [
        {
          userId: p.userId,
          districtCode: ctx.districtCode,
          stationUnitId: p.unitId,
          skills: [...new Set(input.skills)],
          areas,
          availability: normaliseAvailability(input.availability),
          consentPublicName: input.consentPublicName,
          consentAt: now,
          source: 'self',
          registeredAt: now,
          updatedAt: now,
        },
      ]);
      await addRole(tx, [p.userId], 'volunteer');
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError('VOLUNTEER.ALREADY_REGISTERED', 'Already registered as a volunteer');
    throw e;
  }
  return myView(ctx, (await findProfile(db, ctx.districtCode, p.userId))!);
}

export async function myVolunteerProfile(ctx: AppContext, p: Principal): Promise<MyProfileView> {
  authorize(p, VOLUNTEERS_POLICY.rules.self);
  const pr = await findProfile(ctx.database.db, ctx.districtCode, p.userId);
  if (pr === undefined) throw new AppError('VOLUNTEER.NOT_REGISTERED', 'Not registered as a volunteer yet');
  return myView(ctx, pr);
}

/** Changes the volunteer's own profile; a changed consent records its time. */
export async function updateMyProfile(ctx: AppContext, p: Principal, patch: Partial<ProfileInput>): Promise<MyProfileView> {
  authorize(p, VOLUNTEERS_POLICY.rules.self);
  const db = ctx.database.db;
  const pr = await findProfile(db, ctx.districtCode, p.userId);
  if (pr === undefined) throw new AppError('VOLUNTEER.NOT_REGISTERED', 'Not registered as a volunteer yet');
  const ref = await ctx.reference.get();
  const now = ctx.clock();
  await updateProfile(db, ctx.districtCode, p.userId, {
    ...(patch.skills !== undefined ? { skills: [...new Set(patch.skills)] } : {}),
    ...(patch.areas !== undefined ? { areas: checkAreas(ref, patch.areas) } : {}),
    ...(patch.availability !== undefined ? { availability: normaliseAvailability(patch.availability) } : {}),
    ...(patch.consentPublicName !== undefined && patch.consentPublicName !== pr.consentPublicName
      ? { consentPublicName: patch.consentPublicName, consentAt: now }
      : {}),
    updatedAt: now,
  });
  return myView(ctx, (await findProfile(db, ctx.districtCode, p.userId))!);
}

// ---------------------------------------------------------------------------------------------
// Station staff: the volunteers of their stations

export interface VolunteerFilter {
  stationId?: number;
  skill?: Skill;
  area?: string;
  page: number;
  pageSize: number;
}

export interface VolunteerView extends ProfileFields {
  realName: string;
  idNumber: string;
  phone: string;
  masked: true;
  communityCode: string;
  communityName: string;
  /** The account can sign in (imported accounts: once claimed). */
  active: boolean;
  claimed: boolean;
}

function volunteerView(ctx: AppContext, ref: ReferenceSnapshot, r: VolunteerListRow): VolunteerView {
  const pr = r.profile;
  return {
    userId: pr.userId,
    ...maskedIdentity(ctx.personalData, r.resident, r.username),
    communityCode: r.resident.communityCode,
    communityName: ref.divisionByCode.get(r.resident.communityCode)?.name ?? r.resident.communityCode,
    stationUnitId: pr.stationUnitId,
    stationName: ref.unitById.get(pr.stationUnitId)?.name ?? '',
    skills: pr.skills as Skill[],
    areas: pr.areas,
    availability: pr.availability as AvailabilitySlot[],
    consentPublicName: pr.consentPublicName,
    consentAt: pr.consentAt?.toISOString() ?? null,
    source: pr.source,
    active: r.active,
    claimed: r.resident.claimedAt !== null,
    registeredAt: pr.registeredAt.toISOString(),
  };
}

/** A page of the volunteers of the user's stations, masked, by user id. */
export async function listVolunteers(
  ctx: AppContext,
  p: Principal,
  f: VolunteerFilter,
): Promise<{ items: VolunteerView[]; total: number; page: number; pageSize: number }> {
  const ref = await ctx.reference.get();
  const stations = managedStations(ref, p);
  if (f.stationId !== undefined && !stations.includes(f.stationId)) return { items: [], total: 0, page: f.page, pageSize: f.pageSize };
  if (f.area !== undefined) checkAreas(ref, [f.area]);
  const { rows, total } = await listVolunteerRows(ctx.database.db, ctx.districtCode, {
    stationIds: stations,
    ...(f.stationId !== undefined ? { stationId: f.stationId } : {}),
    ...(f.skill !== undefined ? { skill: f.skill } : {}),
    ...(f.area !== undefined ? { area: f.area } : {}),
    offset: (f.page - 1) * f.pageSize,
    limit: f.pageSize,
  });
  return { items: rows.map((r) => volunteerView(ctx, ref, r)), total, page: f.page, pageSize: f.pageSize };
}

/** One volunteer of the user's stations (masked) with their teams; 404 outside the scope. */
export async function volunteerDetail(ctx: AppContext, p: Principal, userId: number): Promise<VolunteerView & { teams: TeamRef[] }> {
  const ref = await ctx.reference.get();
  const stations = managedStations(ref, p);
  const r = await findVolunteerRow(ctx.database.db, ctx.districtCode, userId);
  if (r === undefined || !stations.includes(r.profile.stationUnitId)) throw notFound('Volunteer', userId);
  const teams = await teamsOfUser(ctx.database.db, ctx.districtCode, userId);
  return { ...volunteerView(ctx, ref, r), teams: teams.map((t) => ({ id: t.id, name: t.name, status: t.status, leader: t.leaderUserId === userId })) };
}

// ---------------------------------------------------------------------------------------------
// Teams

export interface TeamInput {
  name: string;
  stationId: number;
  skills: Skill[];
  areas: string[];
  leaderUserId: number;
  memberUserIds: number[];
}

export interface TeamView {
  id: number;
  name: string;
  stationUnitId: number;
  stationName: string;
  skills: Skill[];
  areas: string[];
  status: TeamStatus;
  leaderUserId: number;
  leaderName: string;
  memberCount: number;
  createdAt: string;
  updatedAt: string;
}

export interface TeamMemberView {
  userId: number;
  name: string;
  leader: boolean;
}

async function teamViews(ctx: AppContext, rows: (TeamRow & { members: number })[]): Promise<TeamView[]> {
  const ref = await ctx.reference.get();
  const names = await volunteerPublicNames(
    ctx,
    rows.map((t) => t.leaderUserId),
  );
  return rows.map((t) => ({
    id: t.id,
    name: t.name,
    stationUnitId: t.stationUnitId,
    stationName: ref.unitById.get(t.stationUnitId)?.name ?? '',
    skills: t.skills as Skill[],
    areas: t.areas,
    status: t.status,
    leaderUserId: t.leaderUserId,
    leaderName: names.get(t.leaderUserId) ?? '',
    memberCount: t.members,
    createdAt: t.createdAt.toISOString(),
    updatedAt: t.updatedAt.toISOString(),
  }));
}

/** The users must be volunteers of the district: VOLUNTEER.UNKNOWN_VOLUNTEER naming those who are not. */
async function checkVolunteers(ctx: AppContext, userIds: readonly number[]): Promise<void> {
  const unique = [...new Set(userIds)];
  const found = new Set((await profilesOf(ctx.database.db, ctx.districtCode, unique)).map((x) => x.userId));
  const missing = unique.filter((id) => !found.has(id));
  if (missing.length > 0) throw new AppError('VOLUNTEER.UNKNOWN_VOLUNTEER', `Not volunteers of this district: ${missing.join(', ')}`, { userIds: missing });
}

const nameTaken = (name: string) => new AppError('TEAM.NAME_TAKEN', `The station already has a team named ${name}`, { name });

/** Station staff create a team of one of their stations; the leader is a member. */
export async function createTeam(ctx: AppContext, p: Principal, input: TeamInput): Promise<TeamView> {
  const ref = await ctx.reference.get();
  const stations = managedStations(ref, p);
  stationOf(ref, input.stationId);
  if (!stations.includes(input.stationId)) throw new AppError('AUTH.FORBIDDEN', 'This station is not yours to manage');
  const name = normaliseTeamName(input.name);
  if (name === '') throw new AppError('VALIDATION.INVALID_INPUT', '请填写队伍名称 Give the team a name', { field: 'name' });
  const areas = checkAreas(ref, input.areas);
  const members = [...new Set([input.leaderUserId, ...input.memberUserIds])];
  await checkVolunteers(ctx, members);
  const now = ctx.clock();
  let team: TeamRow;
  try {
    team = await ctx.database.db.transaction(async (tx) => {
      const t = await insertTeam(tx, {
        districtCode: ctx.districtCode,
        stationUnitId: input.stationId,
        name,
        skills: [...new Set(input.skills)],
        areas,
        leaderUserId: input.leaderUserId,
        status: 'active',
        createdBy: p.userId,
        createdAt: now,
        updatedAt: now,
      });
      await addMembers(
        tx,
        members.map((userId) => ({ teamId: t.id, userId, joinedAt: now })),
      );
      return t;
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw nameTaken(name);
    throw e;
  }
  return (await teamViews(ctx, [{ ...team, members: members.length }]))[0]!;
}

/** A team of the user's stations (404 otherwise). */
async function managedTeam(ctx: AppContext, p: Principal, id: number): Promise<{ team: TeamRow; ref: ReferenceSnapshot }> {
  const ref = await ctx.reference.get();
  const stations = managedStations(ref, p);
  const team = await findTeam(ctx.database.db, ctx.districtCode, id);
  if (team === undefined || !stations.includes(team.stationUnitId)) throw notFound('Team', id);
  return { team, ref };
}

export interface TeamPatch {
  name?: string;
  skills?: Skill[];
  areas?: string[];
  status?: TeamStatus;
  leaderUserId?: number;
}

/** Renames, re-skills, changes the status or the leader (who becomes a member if they were not). */
export async function updateTeam(ctx: AppContext, p: Principal, id: number, patch: TeamPatch): Promise<TeamView & { members: TeamMemberView[] }> {
  const { team, ref } = await managedTeam(ctx, p, id);
  const name = patch.name === undefined ? undefined : normaliseTeamName(patch.name);
  if (name === '') throw new AppError('VALIDATION.INVALID_INPUT', '请填写队伍名称 Give the team a name', { field: 'name' });
  const areas = patch.areas === undefined ? undefined : checkAreas(ref, patch.areas);
  if (patch.leaderUserId !== undefined) await checkVolunteers(ctx, [patch.leaderUserId]);
  const now = ctx.clock();
  try {
    await ctx.database.db.transaction(async (tx) => {
      await updateTeamRow(tx, ctx.districtCode, id, {
        ...(name !== undefined ? { name } : {}),
        ...(patch.skills !== undefined ? { skills: [...new Set(patch.skills)] } : {}),
        ...(areas !== undefined ? { areas } : {}),
        ...(patch.status !== undefined ? { status: patch.status } : {}),
        ...(patch.leaderUserId !== undefined ? { leaderUserId: patch.leaderUserId } : {}),
        updatedAt: now,
      });
      if (patch.leaderUserId !== undefined) await addMembers(tx, [{ teamId: id, userId: patch.leaderUserId, joinedAt: now }]);
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw nameTaken(name ?? team.name);
    throw e;
  }
  return teamDetailView(ctx, id);
}

export interface TeamFilter {
  stationId?: number;
  status?: TeamStatus;
  skill?: Skill;
  page: number;
  pageSize: number;
}

/**
 * Teams: staff see their stations' teams (every status); a volunteer (not staff) sees the district's
 * active teams, to choose one to join.
 */
export async function listTeams(ctx: AppContext, p: Principal, f: TeamFilter): Promise<{ items: TeamView[]; total: number; page: number; pageSize: number }> {
  const ref = await ctx.reference.get();
  const staff = mayAct(p, VOLUNTEERS_POLICY.rules.manage) && ref.unitById.get(p.unitId)?.unitType === 'station';
  if (!staff) authorize(p, VOLUNTEERS_POLICY.rules.join);
  const stations = staff ? managedStations(ref, p) : 'all';
  const status = staff ? f.status : 'active';
  if (!staff && f.status !== undefined && f.status !== 'active') return { items: [], total: 0, page: f.page, pageSize: f.pageSize };
  const { rows, total } = await listTeamRows(ctx.database.db, ctx.districtCode, {
    stationIds: stations,
    ...(f.stationId !== undefined ? { stationId: f.stationId } : {}),
    ...(status !== undefined ? { status } : {}),
    ...(f.skill !== undefined ? { skill: f.skill } : {}),
    offset: (f.page - 1) * f.pageSize,
    limit: f.pageSize,
  });
  return { items: await teamViews(ctx, rows), total, page: f.page, pageSize: f.pageSize };
}

async function teamDetailView(ctx: AppContext, id: number): Promise<TeamView & { members: TeamMemberView[] }> {
  const db = ctx.database.db;
  const team = (await findTeam(db, ctx.districtCode, id))!;
  const memberIds = await teamMemberIds(db, id);
  const [view] = await teamViews(ctx, [{ ...team, members: memberIds.length }]);
  const names = await volunteerPublicNames(ctx, memberIds);
  return {
    ...view!,
    members: memberIds.map((userId) => ({ userId, name: names.get(userId) ?? '', leader: userId === team.leaderUserId })),
  };
}

/** A team with its members (names as the volunteers consented): the staff of its station, or a member. */
export async function teamDetail(ctx: AppContext, p: Principal, id: number): Promise<TeamView & { members: TeamMemberView[] }> {
  const ref = await ctx.reference.get();
  const team = await findTeam(ctx.database.db, ctx.districtCode, id);
  if (team === undefined) throw notFound('Team', id);
  const staff = mayAct(p, VOLUNTEERS_POLICY.rules.manage) && ref.unitById.get(p.unitId)?.unitType === 'station';
  const inScope = staff && managedStations(ref, p).includes(team.stationUnitId);
  const member = !inScope && (await membershipsOf(ctx.database.db, [id])).some((m) => m.userId === p.userId);
  if (!inScope && !member) throw notFound('Team', id);
  return teamDetailView(ctx, id);
}

/** Station staff add members (volunteers of the district) to a team that is not dissolved. */
export async function addTeamMembers(ctx: AppContext, p: Principal, id: number, userIds: readonly number[]): Promise<{ added: number }> {
  const { team } = await managedTeam(ctx, p, id);
  if (team.status === 'dissolved') throw new AppError('TEAM.NOT_ACTIVE', `Team ${team.name} is dissolved`);
  await checkVolunteers(ctx, userIds);
  const now = ctx.clock();
  return {
    added: await addMembers(
      ctx.database.db,
      [...new Set(userIds)].map((userId) => ({ teamId: id, userId, joinedAt: now })),
    ),
  };
}

/** A volunteer joins an active team (again: nothing changes). */
export async function joinTeam(ctx: AppContext, p: Principal, id: number): Promise<{ joined: boolean }> {
  authorize(p, VOLUNTEERS_POLICY.rules.join);
  const db = ctx.database.db;
  if ((await findProfile(db, ctx.districtCode, p.userId)) === undefined) throw new AppError('VOLUNTEER.NOT_REGISTERED', 'Not registered as a volunteer yet');
  const team = await findTeam(db, ctx.districtCode, id);
  if (team === undefined) throw notFound('Team', id);
  if (team.status !== 'active') throw new AppError('TEAM.NOT_ACTIVE', `Team ${team.name} is not active`);
  return { joined: (await addMembers(db, [{ teamId: id, userId: p.userId, joinedAt: ctx.clock() }])) > 0 };
}

/** A member leaves, or the station's staff remove them; the leader stays until another is chosen. */
export async function removeTeamMember(ctx: AppContext, p: Principal, id: number, userId: number): Promise<void> {
  authorize(p, VOLUNTEERS_POLICY.rules.removeMember);
  const db = ctx.database.db;
  const ref = await ctx.reference.get();
  const team = await findTeam(db, ctx.districtCode, id);
  if (team === undefined) throw notFound('Team', id);
  const self = userId === p.userId;
  const staff =
    mayAct(p, VOLUNTEERS_POLICY.rules.manage) && ref.unitById.get(p.unitId)?.unitType === 'station' && managedStations(ref, p).includes(team.stationUnitId);
  if (!self && !staff) {
    // Someone else's membership of a team outside the user's stations: not theirs to see.
    if (mayAct(p, VOLUNTEERS_POLICY.rules.manage) && ref.unitById.get(p.unitId)?.unitType === 'station') throw notFound('Team', id);
    throw new AppError('AUTH.FORBIDDEN', 'Only the member themself or the station’s staff may remove a member');
  }
  if (team.leaderUserId === userId) throw new AppError('TEAM.LEADER_CANNOT_LEAVE', 'The leader cannot leave; choose another leader first');
  if (!(await removeMember(db, id, userId))) throw new AppError('TEAM.NOT_A_MEMBER', `User ${userId} is not a member of team ${team.name}`, { userId });
}
