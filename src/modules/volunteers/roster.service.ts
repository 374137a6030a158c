/**
 * Roster import (志愿者花名册导入): a station's or the centre's existing list of volunteers and their
 * teams, from .xlsx (or CSV), with the import guarantees of docs/IMPORT.md:
 * - **dry run**: the same checks and the same report, nothing written;
 * - **row report**: every problem with its row number (header = 1), the field and the reason in Chinese
 *   (English beside it);
 * - **all or nothing**: one rejected row and nothing is written; otherwise one transaction;
 * - **idempotent**: a person is recognised by their ID number (its keyed hash), a team by its name at
 *   the station, a membership by (team, person): the same file twice creates nothing new.
 *
 * New people get a resident account flagged `imported`, with the role volunteer, their home community's
 * station as unit, no usable password and `active = false`: nobody can sign in to it until its owner
 * claims it with the mobile number and ID number on the roster (POST /api/residents/claim). No password
 * is made up and handed around in a spreadsheet. A person already registered keeps their profile (the
 * roster adds a profile only to a resident who has none, and adds memberships).
 */
import type { Principal } from '../../engine/auth.ts';
import type { AppContext } from '../../engine/context.ts';
import { localDate } from '../../engine/domain/calendar/local-time.ts';
import { maskName } from '../../engine/personal-data.ts';
import { isUniqueViolation } from '../../platform/db/errors.ts';
import { AppError } from '../../platform/errors.ts';
import { readImportTable } from '../../platform/files/read-table.ts';
import { idNumberKey, idNumberKeys, openResidentName, sealIdentity, unusablePasswordHash } from './residents.service.ts';
import {
  ROSTER_COLUMNS,
  ROSTER_FIELD_LABELS,
  ROSTER_REQUIRED,
  readRosterRow,
  stationCode,
  type RosterField,
  type RosterRow,
  type RowProblem,
  type Skill,
} from './volunteers.domain.ts';
import {
  addMembers,
  addRole,
  findResidentsByIdKeys,
  insertProfiles,
  insertResidents,
  insertTeam,
  insertUsers,
  membershipsOf,
  profilesOf,
  teamsOfStationByName,
  updateTeam,
  usersByIds,
  usersByUsernames,
  type ResidentRow,
  type TeamRow,
} from './volunteers.repository.ts';
import { managedStations, stationOf } from './volunteers.service.ts';

/** Most problems kept in the report (the counts still cover every row). */
export const PROBLEM_CAP = 2000;

export type RowStatus = 'created' | 'updated' | 'unchanged' | 'rejected';

export interface RosterProblem extends RowProblem {
  rowNumber: number;
}

export interface RosterReport {
  dryRun: boolean;
  committed: boolean;
  encoding: string;
  /** Data rows in the file (header excluded), readable or not. */
  total: number;
  /** Rows that open a new account. */
  created: number;
  /** Rows that add to an existing person or team (a profile, a membership, a team's leader). */
  updated: number;
  /** Rows already imported: nothing to do. */
  unchanged: number;
  rejected: number;
  /** Teams the file creates. */
  teamsCreated: number;
  problems: RosterProblem[];
  /** Problems beyond PROBLEM_CAP, not listed. */
  problemsOmitted: number;
}

interface Person {
  /** Row number of the person's first row. */
  firstRow: number;
  row: RosterRow;
  existing: { userId: number; unitId: number; hasProfile: boolean } | null;
  homeStationId: number;
  skills: Set<Skill>;
  areas: Set<string>;
}

/**
 * Imports a roster for the teams of `stationId` (one of the user's stations). Returns the report;
 * `committed` is true only when every row is good and it was not a dry run.
 */
export async function importRoster(ctx: AppContext, p: Principal, bytes: Uint8Array, opts: { stationId: number; dryRun: boolean }): Promise<RosterReport> {
  const ref = await ctx.reference.get();
  const stations = managedStations(ref, p);
  stationOf(ref, opts.stationId);
  if (!stations.includes(opts.stationId)) throw new AppError('AUTH.FORBIDDEN', 'This station is not yours to manage');
  const table = await readImportTable(bytes);
  const headerNames = Object.values(ROSTER_COLUMNS).flat() as string[];
  if (!table.headers.some((h) => headerNames.includes(h.trim())))
    throw new AppError('VALIDATION.INVALID_INPUT', '这不是志愿者花名册：第1行没有可识别的列名 Not a roster: row 1 names none of the roster’s columns', {
      field: 'fileBase64',
    });
  const missing = ROSTER_REQUIRED.filter((f) => !ROSTER_COLUMNS[f].some((h) => table.headers.includes(h)));
  if (missing.length > 0)
    throw new AppError('ROSTER.MISSING_COLUMNS', `花名册缺少列 The roster lacks the columns: ${missing.map((f) => ROSTER_COLUMNS[f].join('/')).join(', ')}`, {
      missing: missing.map((f) => ROSTER_FIELD_LABELS[f]),
    });
  const db = ctx.database.db;
  const pd = ctx.personalData;
  const today = localDate(ctx.clock());
  const problems: RosterProblem[] = table.problems.map((x) => ({
    rowNumber: x.rowNumber,
    field: '',
    reason: `该行无法读取 / The row cannot be read (${x.reason})`,
  }));
  const rejectedRows = new Set<number>(table.problems.map((x) => x.rowNumber));
  const reject = (rowNumber: number, field: RosterField | '', reason: string) => {
    problems.push({ rowNumber, field: field === '' ? '' : ROSTER_FIELD_LABELS[field], reason });
    rejectedRows.add(rowNumber);
  };
  const stationIdByCode = new Map(ref.units.filter((u) => u.unitType === 'station' && u.active).map((u) => [u.code, u.id]));
  const places = {
    isCommunity: (c: string) => ref.divisionByCode.get(c)?.level === 'community',
    isArea: (c: string) => ['street', 'community'].includes(ref.divisionByCode.get(c)?.level ?? ''),
  };

  // 1. Each row on its own.
  const rows: { rowNumber: number; row: RosterRow }[] = [];
  for (const r of table.rows) {
    const cell = (f: RosterField) => {
      for (const h of ROSTER_COLUMNS[f]) if (r.cells[h] !== undefined) return r.cells[h].trim();
      return '';
    };
    const read = readRosterRow(cell, places, today);
    for (const x of read.problems) {
      problems.push({ rowNumber: r.rowNumber, ...x });
      rejectedRows.add(r.rowNumber);
    }
    if (read.row === null) continue;
    if (!stationIdByCode.has(stationCode(read.row.communityCode))) {
      reject(r.rowNumber, 'communityCode', `社区 ${read.row.communityCode} 尚未设立新时代文明实践站 / The community has no practice station`);
      continue;
    }
    rows.push({ rowNumber: r.rowNumber, row: read.row });
  }

  // 2. The rows together: one person per ID number (same phone and name on each of their rows), one ID per phone.
  const people = new Map<string, Person>();
  const idByPhone = new Map<string, { id: string; rowNumber: number }>();
  const personRows: { rowNumber: number; row: RosterRow; person: Person }[] = [];
  for (const { rowNumber, row } of rows) {
    const prior = people.get(row.idNumber);
    if (prior !== undefined && (prior.row.phone !== row.phone || prior.row.realName !== row.realName)) {
      reject(
        rowNumber,
        'idNumber',
        `与第${prior.firstRow}行身份证号相同，但姓名或手机号不同 / Same ID number as row ${prior.firstRow} with another name or mobile number`,
      );
      continue;
    }
    const samePhone = idByPhone.get(row.phone);
    if (samePhone !== undefined && samePhone.id !== row.idNumber) {
      reject(
        rowNumber,
        'phone',
        `与第${samePhone.rowNumber}行手机号相同，但身份证号不同 / Same mobile number as row ${samePhone.rowNumber} with another ID number`,
      );
      continue;
    }
    idByPhone.set(row.phone, { id: row.idNumber, rowNumber });
    const person = prior ?? {
      firstRow: rowNumber,
      row,
      existing: null,
      homeStationId: stationIdByCode.get(stationCode(row.communityCode))!,
      skills: new Set<Skill>(),
      areas: new Set<string>(),
    };
    for (const s of row.skills) person.skills.add(s);
    for (const a of row.areas) person.areas.add(a);
    people.set(row.idNumber, person);
    personRows.push({ rowNumber, row, person });
  }

  // 3. Who is known already: residents by the ID number's keyed hash, accounts by mobile number.
  const keyToId = new Map<string, string>();
  for (const id of people.keys()) for (const k of idNumberKeys(pd, ctx.districtCode, id)) keyToId.set(k, id);
  const known = await findResidentsByIdKeys(db, ctx.districtCode, [...keyToId.keys()]);
  const residentById = new Map<string, ResidentRow>(known.map((r) => [keyToId.get(r.idNumberKey)!, r]));
  const knownUsers = new Map(
    (
      await usersByIds(
        db,
        known.map((r) => r.userId),
      )
    ).map((u) => [u.id, u]),
  );
  const withProfile = new Set(
    (
      await profilesOf(
        db,
        ctx.districtCode,
        known.map((r) => r.userId),
      )
    ).map((x) => x.userId),
  );
  const phoneHolders = new Map(
    (
      await usersByUsernames(
        db,
        [...people.values()].map((x) => x.row.phone),
      )
    ).map((u) => [u.username, u]),
  );
  const badPeople = new Set<Person>();
  for (const [id, person] of people) {
    const r = residentById.get(id);
    if (r !== undefined) {
      const u = knownUsers.get(r.userId);
      const name = openResidentName(pd, r);
      if (u === undefined || u.username !== person.row.phone) {
        reject(person.firstRow, 'idNumber', '该身份证号已登记在其他手机号下 / This ID number is registered under another mobile number');
        badPeople.add(person);
      } else if (name !== person.row.realName) {
        reject(person.firstRow, 'realName', '姓名与该身份证号已登记的姓名不一致 / The name differs from the one registered with this ID number');
        badPeople.add(person);
      } else person.existing = { userId: u.id, unitId: u.unitId, hasProfile: withProfile.has(u.id) };
    } else if (phoneHolders.has(person.row.phone)) {
      reject(person.firstRow, 'phone', '该手机号已被其他账号使用 / This mobile number belongs to another account');
      badPeople.add(person);
    }
  }

  // 4. Teams of the station named in the file: a new team needs exactly one leader.
  const teamNames = [...new Set(personRows.flatMap((x) => (x.row.team === null ? [] : [x.row.team])))];
  const existingTeams = new Map<string, TeamRow>((await teamsOfStationByName(db, ctx.districtCode, opts.stationId, teamNames)).map((t) => [t.name, t]));
  const leaderOf = new Map<string, Person>();
  for (const { rowNumber, row, person } of personRows) {
    if (row.team === null || !row.leader) continue;
    const prior = leaderOf.get(row.team);
    if (prior !== undefined && prior !== person)
      reject(rowNumber, 'teamRole', `队伍「${row.team}」已有队长（第${prior.firstRow}行）/ The team already has a leader (row ${prior.firstRow})`);
    else leaderOf.set(row.team, person);
  }
  for (const { rowNumber, row } of personRows) {
    if (row.team === null) continue;
    const t = existingTeams.get(row.team);
    if (t === undefined && !leaderOf.has(row.team)) reject(rowNumber, 'team', `新队伍「${row.team}」须有一名队长 / A new team needs one leader (队长)`);
    else if (t?.status === 'dissolved') reject(rowNumber, 'team', `队伍「${row.team}」已解散 / The team is dissolved`);
  }

  // 5. What each good row changes.
  const memberships = new Set(
    (
      await membershipsOf(
        db,
        [...existingTeams.values()].map((t) => t.id),
      )
    ).map((m) => `${m.teamId}:${m.userId}`),
  );
  const status = new Map<number, RowStatus>();
  const seenPeople = new Set<Person>();
  const seenPairs = new Set<string>();
  for (const { rowNumber, row, person } of personRows) {
    if (rejectedRows.has(rowNumber) || badPeople.has(person)) continue;
    const first = !seenPeople.has(person);
    seenPeople.add(person);
    const team = row.team === null ? undefined : existingTeams.get(row.team);
    const pair = row.team === null ? null : `${row.team}\u0000${row.idNumber}`;
    const newPair =
      pair !== null && !seenPairs.has(pair) && (team === undefined || person.existing === null || !memberships.has(`${team.id}:${person.existing.userId}`));
    if (pair !== null) seenPairs.add(pair);
    const newLeader = row.leader && team !== undefined && (person.existing === null || team.leaderUserId !== person.existing.userId);
    if (person.existing === null && first) status.set(rowNumber, 'created');
    else if ((first && person.existing !== null && !person.existing.hasProfile) || newPair || newLeader) status.set(rowNumber, 'updated');
    else status.set(rowNumber, 'unchanged');
  }

  problems.sort((a, b) => a.rowNumber - b.rowNumber);
  const total = table.rows.length + table.problems.length;
  const count = (s: RowStatus) => [...status.values()].filter((x) => x === s).length;
  const newTeams = teamNames.filter((n) => !existingTeams.has(n));
  const report: RosterReport = {
    dryRun: opts.dryRun,
    committed: false,
    encoding: table.encoding,
    total,
    created: count('created'),
    updated: count('updated'),
    unchanged: count('unchanged'),
    rejected: rejectedRows.size,
    teamsCreated: newTeams.length,
    problems: problems.slice(0, PROBLEM_CAP),
    problemsOmitted: Math.max(0, problems.length - PROBLEM_CAP),
  };
  if (rejectedRows.size > 0 || opts.dryRun) return report;

  // 6. All of it in one transaction.
  const now = ctx.clock();
  const newPeople = [...people.values()].filter((x) => x.existing === null);
  const passwordHash = newPeople.length > 0 ? await unusablePasswordHash() : '';
  try {
    await db.transaction(async (tx) => {
      const ids = await insertUsers(
        tx,
        newPeople.map((x) => ({
          username: x.row.phone,
          displayName: maskName(x.row.realName),
          passwordHash,
          unitId: x.homeStationId,
          roles: ['resident', 'volunteer'],
          active: false,
        })),
      );
      const userIdOf = (x: Person) => x.existing?.userId ?? ids.get(x.row.phone)!;
      await insertResidents(
        tx,
        newPeople.map((x) => ({
          userId: userIdOf(x),
          districtCode: ctx.districtCode,
          ...sealIdentity(pd, ctx.districtCode, userIdOf(x), x.row.realName, x.row.idNumber),
          idNumberKey: idNumberKey(pd, ctx.districtCode, x.row.idNumber),
          communityCode: x.row.communityCode,
          source: 'imported' as const,
          claimedAt: null,
          createdAt: now,
        })),
      );
      const needProfile = [...people.values()].filter((x) => x.existing === null || !x.existing.hasProfile);
      await insertProfiles(
        tx,
        needProfile.map((x) => ({
          userId: userIdOf(x),
          districtCode: ctx.districtCode,
          stationUnitId: x.existing?.unitId ?? x.homeStationId,
          skills: [...x.skills],
          areas: [...x.areas],
          availability: [],
          consentPublicName: false,
          consentAt: null,
          source: 'imported' as const,
          registeredAt: now,
          updatedAt: now,
        })),
      );
      await addRole(tx, needProfile.filter((x) => x.existing !== null).map(userIdOf), 'volunteer');
      const teamIds = new Map<string, number>([...existingTeams].map(([n, t]) => [n, t.id]));
      for (const name of newTeams) {
        const members = personRows.filter((x) => x.row.team === name).map((x) => x.person);
        const t = await insertTeam(tx, {
          districtCode: ctx.districtCode,
          stationUnitId: opts.stationId,
          name,
          skills: [...new Set(members.flatMap((m) => [...m.skills]))],
          areas: [...new Set(members.flatMap((m) => [...m.areas]))],
          leaderUserId: userIdOf(leaderOf.get(name)!),
          status: 'active',
          createdBy: p.userId,
          createdAt: now,
          updatedAt: now,
        });
        teamIds.set(name, t.id);
      }
      for (const [name, t] of existingTeams) {
        const leader = leaderOf.get(name);
        if (leader !== undefined && userIdOf(leader) !== t.leaderUserId)
          await updateTeam(tx, ctx.districtCode, t.id, { leaderUserId: userIdOf(leader), updatedAt: now });
      }
      await addMembers(
        tx,
        personRows.flatMap((x) => (x.row.team === null ? [] : [{ teamId: teamIds.get(x.row.team)!, userId: userIdOf(x.person), joinedAt: now }])),
      );
    });
  } catch (e) {
    // Someone registered one of the roster's numbers between the checks and the writing: nothing was kept.
    if (isUniqueViolation(e))
      throw new AppError(
        'RESIDENT.PHONE_TAKEN',
        'A mobile number or ID number of the roster was registered meanwhile; nothing was imported, run the import again',
      );
    throw e;
  }
  return { ...report, committed: true };
}
