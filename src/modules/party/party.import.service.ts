/**
 * Import of organisations and members from a spreadsheet (.xlsx first sheet, or CSV), one kind per file,
 * with the guarantees of docs/IMPORT.md:
 * - **dry run**: the same checks and the same report, nothing written;
 * - **row report**: every problem with its row number (header = 1), the column and a stable code, with
 *   words in Chinese and English;
 * - **all or nothing**: one rejected row and nothing is written; otherwise one transaction;
 * - **idempotent**: an organisation is known by its code, a member by their ID number (its keyed hash):
 *   the same file twice changes nothing the second time.
 * Organisations of a file may name parents further down the file; they are created parents first. An
 * existing organisation's name, host, division and pairing follow the file; its level and superior do not
 * (a row that changes them is rejected: move an organisation on its page). An existing member's phone,
 * type, dates, home, work and posts follow the file, and a different organisation code transfers them
 * (an event as for a transfer by hand); a different name is rejected.
 */
import type { Principal } from '../../engine/auth.ts';
import type { AppContext } from '../../engine/context.ts';
import { localDate } from '../../engine/domain/calendar/local-time.ts';
import { authorize } from '../../engine/policy.ts';
import { isUniqueViolation } from '../../platform/db/errors.ts';
import { AppError } from '../../platform/errors.ts';
import { readImportTable } from '../../platform/files/read-table.ts';
import type { ParsedTable } from '../../platform/files/parse-table.ts';
import { idNumberProblem, normaliseIdNumber, normaliseMobile } from '../volunteers/index.ts';
import {
  hostOf,
  inScope,
  levelOf,
  MEMBER_COLUMNS,
  MEMBER_REQUIRED,
  memberTypeOf,
  nestingProblem,
  normalisePosts,
  ORGANISATION_COLUMNS,
  ORGANISATION_REQUIRED,
  parentsFirst,
  readPostsCell,
  yesNo,
  type MemberField,
  type MemberType,
  type OrganisationField,
  type OrganisationHost,
  type OrganisationLevel,
  type PartyScope,
} from './party.domain.ts';
import { PARTY_POLICY } from './party.policy.ts';
import {
  findRoot,
  insertEvents,
  insertMembers,
  insertOrganisation,
  membersByIdKeys,
  nextMemberIds,
  organisationsByCodes,
  organisationsByIds,
  secretariesIn,
  updateMember,
  updateOrganisation,
  type MemberRow,
  type NewEvent,
  type OrganisationRow,
} from './party.repository.ts';
import { memberIdKeys, openMemberField, serialiseTree, workerScope } from './party.service.ts';
import { sealedMember } from './members.service.ts';

/** Most problems kept in the report (the counts still cover every row). */
export const PROBLEM_CAP = 2000;

export const IMPORT_KINDS = ['organisations', 'members'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

/** Stable codes of a row's problem. */
export type RowProblemCode =
  | 'UNREADABLE'
  | 'REQUIRED'
  | 'INVALID'
  | 'DUPLICATE'
  | 'UNKNOWN_PARENT'
  | 'NESTING'
  | 'CYCLE'
  | 'OUT_OF_SCOPE'
  | 'CHANGES_TREE'
  | 'UNKNOWN_ORGANISATION'
  | 'NOT_A_BRANCH'
  | 'NAME_MISMATCH'
  | 'SECRETARY_TAKEN'
  | 'ROOT_EXISTS';

export interface RowProblem {
  rowNumber: number;
  /** The column as the file names it (组织代码, 身份证号 …); empty for an unreadable row. */
  column: string;
  code: RowProblemCode;
  reason: string;
}

export interface ImportReport {
  kind: ImportKind;
  dryRun: boolean;
  committed: boolean;
  encoding: string;
  total: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
  problems: RowProblem[];
  problemsOmitted: number;
}

const COLUMN_LABEL = (columns: Record<string, readonly string[]>, f: string) => columns[f]![0]!;

/** A date cell: 2001-07-01, 2001/7/1, 2001.07.01, or an Excel date; null when empty; undefined when unreadable. */
export function dateCell(s: string): string | null | undefined {
  if (s === '') return null;
  const iso = /^(\d{4})-(\d{2})-(\d{2})(T.*)?$/.exec(s);
  const loose = iso ?? /^(\d{4})[./年-](\d{1,2})[./月-](\d{1,2})日?$/.exec(s);
  if (loose === null) return undefined;
  const [y, m, d] = [Number(loose[1]), Number(loose[2]), Number(loose[3])];
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return undefined;
  return date.toISOString().slice(0, 10);
}

/** Imports an uploaded file of one kind for the worker's scope. */
export async function importPartyFile(ctx: AppContext, p: Principal, kind: ImportKind, bytes: Uint8Array, opts: { dryRun: boolean }): Promise<ImportReport> {
  authorize(p, PARTY_POLICY.rules.import);
  const table = await readImportTable(bytes);
  return importPartyTable(ctx, p, kind, table, opts);
}

/** The same on a table already read (the demo's generator hands one in directly). */
export async function importPartyTable(ctx: AppContext, p: Principal, kind: ImportKind, table: ParsedTable, opts: { dryRun: boolean }): Promise<ImportReport> {
  authorize(p, PARTY_POLICY.rules.import);
  const scope = await workerScope(ctx, p);
  const columns: Record<string, readonly string[]> = kind === 'organisations' ? ORGANISATION_COLUMNS : MEMBER_COLUMNS;
  const required: readonly string[] = kind === 'organisations' ? ORGANISATION_REQUIRED : MEMBER_REQUIRED;
  const headers = table.headers.map((h) => h.trim());
  const missing = required.filter((f) => !columns[f]!.some((h) => headers.includes(h)));
  if (missing.length === required.length)
    throw new AppError('VALIDATION.INVALID_INPUT', `第1行没有可识别的列名 Row 1 names none of the columns of a ${kind} sheet`, { field: 'fileBase64' });
  if (missing.length > 0)
    throw new AppError('PARTY.IMPORT_COLUMNS', `表格缺少列 The sheet lacks the columns: ${missing.map((f) => columns[f]!.join('/')).join(', ')}`, {
      missing: missing.map((f) => COLUMN_LABEL(columns, f)),
    });
  const problems: RowProblem[] = table.problems.map((x) => ({
    rowNumber: x.rowNumber,
    column: '',
    code: 'UNREADABLE',
    reason: `该行无法读取 / The row cannot be read (${x.reason})`,
  }));
  const rejected = new Set<number>(table.problems.map((x) => x.rowNumber));
  const reject = (rowNumber: number, field: string, code: RowProblemCode, reason: string) => {
    problems.push({ rowNumber, column: field === '' ? '' : COLUMN_LABEL(columns, field), code, reason });
    rejected.add(rowNumber);
  };
  const cellOf = (r: ParsedTable['rows'][number]) => (f: string) => {
    for (const h of columns[f]!) if (r.cells[h] !== undefined) return r.cells[h].trim();
    return '';
  };
  const outcome =
    kind === 'organisations'
      ? await organisationRows(ctx, p, scope, table, cellOf, reject, rejected, opts.dryRun)
      : await memberRows(ctx, p, scope, table, cellOf, reject, rejected, opts.dryRun);
  problems.sort((a, b) => a.rowNumber - b.rowNumber);
  return {
    kind,
    dryRun: opts.dryRun,
    committed: outcome.committed,
    encoding: table.encoding,
    total: table.rows.length + table.problems.length,
    created: outcome.created,
    updated: outcome.updated,
    unchanged: outcome.unchanged,
    rejected: rejected.size,
    problems: problems.slice(0, PROBLEM_CAP),
    problemsOmitted: Math.max(0, problems.length - PROBLEM_CAP),
  };
}

type Reject = (rowNumber: number, field: string, code: RowProblemCode, reason: string) => void;
type CellOf = (r: ParsedTable['rows'][number]) => (f: string) => string;
interface Outcome {
  committed: boolean;
  created: number;
  updated: number;
  unchanged: number;
}

// ---------------------------------------------------------------------------------------------
// Organisations

interface OrgRow {
  rowNumber: number;
  code: string;
  name: string;
  level: OrganisationLevel;
  parentCode: string | null;
  hostType: OrganisationHost;
  divisionCode: string | null;
  pairedCommunityCode: string | null;
}

async function organisationRows(
  ctx: AppContext,
  p: Principal,
  scope: PartyScope,
  table: ParsedTable,
  cellOf: CellOf,
  reject: Reject,
  rejected: Set<number>,
  dryRun: boolean,
): Promise<Outcome> {
  const ref = await ctx.reference.get();
  const db = ctx.database.db;
  const rows: OrgRow[] = [];
  const seen = new Map<string, number>();
  for (const r of table.rows) {
    const cell = cellOf(r) as (f: OrganisationField) => string;
    const n = r.rowNumber;
    const before = rejected.size;
    for (const f of ORGANISATION_REQUIRED) if (cell(f) === '') reject(n, f, 'REQUIRED', '必填 / Required');
    if (rejected.size > before) continue;
    const code = cell('code');
    if (code.length > 32 || !/^[\w.-]+$/.test(code)) reject(n, 'code', 'INVALID', '组织代码须为1–32位字母、数字、-、_ / 1–32 letters, digits, -, _');
    if (cell('name').length > 100) reject(n, 'name', 'INVALID', '名称过长 / Name too long');
    const level = levelOf(cell('level'));
    if (level === undefined) reject(n, 'level', 'INVALID', '层级须为党委、党总支或党支部 / committee, general branch or branch');
    const hostText = cell('hostType');
    const hostType = hostText === '' ? 'other' : hostOf(hostText);
    if (hostType === undefined) reject(n, 'hostType', 'INVALID', '设立类型无法识别 / Unknown host type');
    const divisionCode = cell('divisionCode') || null;
    if (divisionCode !== null) {
      const d = ref.divisionByCode.get(divisionCode);
      if (d === undefined || (d.level !== 'street' && d.level !== 'community'))
        reject(n, 'divisionCode', 'INVALID', '区划须为本区的街乡或社区 / Not a street or community of the district');
      else if (!inScope(scope, divisionCode)) reject(n, 'divisionCode', 'OUT_OF_SCOPE', '区划不在您的管理范围 / Outside your scope');
    } else if (scope.kind !== 'district') reject(n, 'divisionCode', 'OUT_OF_SCOPE', '须填写您管理范围内的区划 / Give a division in your scope');
    const paired = cell('pairedCommunityCode') || null;
    if (paired !== null && ref.divisionByCode.get(paired)?.level !== 'community')
      reject(n, 'pairedCommunityCode', 'INVALID', '双报到社区须为本区社区 / Not a community of the district');
    const prior = seen.get(code);
    if (prior !== undefined) reject(n, 'code', 'DUPLICATE', `与第${prior}行组织代码相同 / Same code as row ${prior}`);
    seen.set(code, n);
    if (rejected.has(n)) continue;
    rows.push({
      rowNumber: n,
      code,
      name: cell('name'),
      level: level!,
      parentCode: cell('parentCode') || null,
      hostType: hostType!,
      divisionCode,
      pairedCommunityCode: paired,
    });
  }
  // What exists: the file's codes and the parents it names.
  const known = new Map<string, OrganisationRow>(
    (await organisationsByCodes(db, ctx.districtCode, [...new Set(rows.flatMap((r) => (r.parentCode === null ? [r.code] : [r.code, r.parentCode])))])).map(
      (o) => [o.code, o],
    ),
  );
  const inFile = new Map(rows.map((r) => [r.code, r]));
  const { order, cyclic } = parentsFirst(rows);
  for (const r of cyclic) reject(r.rowNumber, 'parentCode', 'CYCLE', '上级组织形成循环 / The superiors form a cycle');
  const root = await findRoot(db, ctx.districtCode);
  let rootsInFile = 0;
  const status = new Map<OrgRow, 'created' | 'updated' | 'unchanged'>();
  for (const r of order) {
    const existing = known.get(r.code);
    const parentLevel = r.parentCode === null ? null : (inFile.get(r.parentCode)?.level ?? known.get(r.parentCode)?.level);
    if (r.parentCode !== null && parentLevel === undefined) {
      reject(r.rowNumber, 'parentCode', 'UNKNOWN_PARENT', `上级组织 ${r.parentCode} 不存在 / No organisation has this code`);
      continue;
    }
    const parentRow = r.parentCode === null ? undefined : inFile.get(r.parentCode);
    if (parentRow !== undefined && rejected.has(parentRow.rowNumber)) {
      reject(r.rowNumber, 'parentCode', 'UNKNOWN_PARENT', `上级组织（第${parentRow.rowNumber}行）有误 / The superior's row is rejected`);
      continue;
    }
    const parentKnown = r.parentCode === null ? undefined : known.get(r.parentCode);
    if (parentRow === undefined && parentKnown !== undefined && (parentKnown.retiredAt !== null || !inScope(scope, parentKnown.divisionCode))) {
      reject(
        r.rowNumber,
        'parentCode',
        parentKnown.retiredAt !== null ? 'INVALID' : 'OUT_OF_SCOPE',
        '上级组织已撤销或不在您的管理范围 / The superior is retired or outside your scope',
      );
      continue;
    }
    const problem = nestingProblem(r.level, parentLevel ?? null);
    if (problem !== null) {
      reject(r.rowNumber, r.parentCode === null ? 'parentCode' : 'level', 'NESTING', `层级关系不符合规定 / ${problem}`);
      continue;
    }
    if (existing !== undefined) {
      if (!inScope(scope, existing.divisionCode)) {
        reject(r.rowNumber, 'code', 'OUT_OF_SCOPE', '该组织不在您的管理范围 / Outside your scope');
        continue;
      }
      const parentCodeNow = existing.parentId === null ? null : [...known.values()].find((o) => o.id === existing.parentId)?.code;
      if (existing.level !== r.level || (parentCodeNow ?? null) !== r.parentCode) {
        reject(
          r.rowNumber,
          'parentCode',
          'CHANGES_TREE',
          '导入不改变层级和上级组织，请在组织页面调整 / An import does not change the level or superior: move it on its page',
        );
        continue;
      }
      const same =
        existing.name === r.name &&
        existing.hostType === r.hostType &&
        existing.divisionCode === r.divisionCode &&
        existing.pairedCommunityCode === r.pairedCommunityCode;
      status.set(r, same ? 'unchanged' : 'updated');
    } else {
      if (r.parentCode === null) {
        rootsInFile++;
        if (root !== undefined || rootsInFile > 1 || scope.kind !== 'district') {
          reject(r.rowNumber, 'parentCode', 'ROOT_EXISTS', '本区已有区委，须填写上级组织代码 / The district has its root: give the superior');
          continue;
        }
      }
      status.set(r, 'created');
    }
  }
  const count = (s: string) => [...status.values()].filter((x) => x === s).length;
  const outcome = { committed: false, created: count('created'), updated: count('updated'), unchanged: count('unchanged') };
  if (rejected.size > 0 || dryRun) return outcome;

  const now = ctx.clock();
  try {
    await db.transaction(async (tx) => {
      await serialiseTree(ctx, tx);
      const byCode = new Map<string, OrganisationRow>(
        (await organisationsByCodes(tx, ctx.districtCode, [...new Set(rows.flatMap((r) => (r.parentCode === null ? [r.code] : [r.code, r.parentCode])))])).map(
          (o) => [o.code, o],
        ),
      );
      const events: NewEvent[] = [];
      for (const r of order) {
        const s = status.get(r);
        if (s === 'unchanged' || s === undefined) continue;
        if (s === 'created') {
          const parent = r.parentCode === null ? null : byCode.get(r.parentCode)!;
          const o = await insertOrganisation(
            tx,
            {
              districtCode: ctx.districtCode,
              parentId: parent?.id ?? null,
              level: r.level,
              hostType: r.hostType,
              code: r.code,
              name: r.name,
              divisionCode: r.divisionCode,
              unitId: null,
              pairedCommunityCode: r.pairedCommunityCode,
              foundedOn: null,
              createdAt: now,
              updatedAt: now,
            },
            parent?.path ?? null,
          );
          byCode.set(r.code, o);
          events.push({
            districtCode: ctx.districtCode,
            kind: 'organisation_imported',
            organisationId: o.id,
            memberId: null,
            actorUserId: p.userId,
            at: now,
            data: { created: true },
          });
        } else {
          const o = byCode.get(r.code)!;
          await updateOrganisation(tx, ctx.districtCode, o.id, {
            name: r.name,
            hostType: r.hostType,
            divisionCode: r.divisionCode,
            pairedCommunityCode: r.pairedCommunityCode,
            updatedAt: now,
          });
          events.push({
            districtCode: ctx.districtCode,
            kind: 'organisation_imported',
            organisationId: o.id,
            memberId: null,
            actorUserId: p.userId,
            at: now,
            data: { from: { name: o.name, hostType: o.hostType, divisionCode: o.divisionCode, pairedCommunityCode: o.pairedCommunityCode } },
          });
        }
      }
      await insertEvents(tx, events);
    });
  } catch (e) {
    if (isUniqueViolation(e))
      throw new AppError('PARTY.CODE_TAKEN', 'An organisation code of the file was taken meanwhile; nothing was imported, run the import again');
    throw e;
  }
  return { ...outcome, committed: true };
}

// ---------------------------------------------------------------------------------------------
// Members

interface MemberLine {
  rowNumber: number;
  realName: string;
  idNumber: string;
  phone: string | null;
  organisationCode: string;
  memberType: MemberType;
  joinedOn: string | null;
  homeCommunityCode: string | null;
  inService: boolean;
  workUnit: string | null;
  posts: string[];
}

async function memberRows(
  ctx: AppContext,
  p: Principal,
  scope: PartyScope,
  table: ParsedTable,
  cellOf: CellOf,
  reject: Reject,
  rejected: Set<number>,
  dryRun: boolean,
): Promise<Outcome> {
  const ref = await ctx.reference.get();
  const db = ctx.database.db;
  const pd = ctx.personalData;
  const today = localDate(ctx.clock());
  const lines: MemberLine[] = [];
  const seenId = new Map<string, number>();
  for (const r of table.rows) {
    const cell = cellOf(r) as (f: MemberField) => string;
    const n = r.rowNumber;
    const before = rejected.size;
    for (const f of MEMBER_REQUIRED) if (cell(f) === '') reject(n, f, 'REQUIRED', '必填 / Required');
    if (rejected.size > before) continue;
    if (cell('realName').length > 40) reject(n, 'realName', 'INVALID', '姓名过长 / Name too long');
    const idProblem = idNumberProblem(cell('idNumber'), today);
    if (idProblem !== null) reject(n, 'idNumber', 'INVALID', `身份证号无效 / Not a valid ID number (${idProblem})`);
    const phoneText = cell('phone');
    const phone = phoneText === '' ? null : normaliseMobile(phoneText);
    if (phoneText !== '' && phone === null) reject(n, 'phone', 'INVALID', '手机号须为11位手机号码 / Not an 11-digit mobile number');
    const typeText = cell('memberType');
    const memberType = typeText === '' ? 'full' : memberTypeOf(typeText);
    if (memberType === undefined) reject(n, 'memberType', 'INVALID', '党员类型须为正式党员或预备党员 / full or probationary');
    const joinedOn = dateCell(cell('joinedOn'));
    if (joinedOn === undefined || (joinedOn !== null && joinedOn > today)) reject(n, 'joinedOn', 'INVALID', '入党日期无效 / Not a valid date');
    const home = cell('homeCommunityCode') || null;
    if (home !== null && ref.divisionByCode.get(home)?.level !== 'community')
      reject(n, 'homeCommunityCode', 'INVALID', '居住社区须为本区社区 / Not a community of the district');
    const inService = yesNo(cell('inService'));
    if (inService === undefined) reject(n, 'inService', 'INVALID', '在职党员须填是或否 / yes or no');
    const postsRead = readPostsCell(cell('posts'));
    const posts = 'bad' in postsRead ? null : normalisePosts(postsRead.posts);
    if ('bad' in postsRead || posts === null || 'problem' in posts)
      reject(n, 'posts', 'INVALID', `职务无法识别 / Unknown post (${'bad' in postsRead ? postsRead.bad : ''})`);
    const id = normaliseIdNumber(cell('idNumber'));
    const prior = seenId.get(id);
    if (prior !== undefined) reject(n, 'idNumber', 'DUPLICATE', `与第${prior}行身份证号相同 / Same ID number as row ${prior}`);
    seenId.set(id, n);
    if (rejected.has(n)) continue;
    lines.push({
      rowNumber: n,
      realName: cell('realName'),
      idNumber: id,
      phone,
      organisationCode: cell('organisationCode'),
      memberType: memberType!,
      joinedOn: joinedOn ?? null,
      homeCommunityCode: home,
      inService: inService!,
      workUnit: cell('workUnit') || null,
      posts: (posts as { posts: string[] }).posts,
    });
  }
  // Organisations named, members known (by the ID number's hash under every key).
  const orgs = new Map((await organisationsByCodes(db, ctx.districtCode, [...new Set(lines.map((l) => l.organisationCode))])).map((o) => [o.code, o]));
  const keyToId = new Map<string, string>();
  for (const l of lines) for (const k of memberIdKeys(pd, ctx.districtCode, l.idNumber)) keyToId.set(k, l.idNumber);
  const known = new Map<string, MemberRow>((await membersByIdKeys(db, ctx.districtCode, [...keyToId.keys()])).map((m) => [keyToId.get(m.idNumberKey)!, m]));
  const orgIdsKnown = new Map<number, OrganisationRow>(
    (
      await organisationsByIds(
        db,
        ctx.districtCode,
        [...known.values()].map((m) => m.organisationId),
      )
    ).map((o) => [o.id, o]),
  );
  const status = new Map<MemberLine, 'created' | 'updated' | 'unchanged'>();
  const secretaryOf = new Map<number, MemberLine>();
  for (const l of lines) {
    const o = orgs.get(l.organisationCode);
    if (o === undefined) {
      reject(l.rowNumber, 'organisationCode', 'UNKNOWN_ORGANISATION', `组织代码 ${l.organisationCode} 不存在 / No organisation has this code`);
      continue;
    }
    if (!inScope(scope, o.divisionCode)) {
      reject(l.rowNumber, 'organisationCode', 'OUT_OF_SCOPE', '该组织不在您的管理范围 / Outside your scope');
      continue;
    }
    if (o.level !== 'branch' || o.retiredAt !== null) {
      reject(l.rowNumber, 'organisationCode', 'NOT_A_BRANCH', '党员须编入未撤销的党支部 / Members belong to an active branch');
      continue;
    }
    if (l.posts.includes('secretary')) {
      const prior = secretaryOf.get(o.id);
      if (prior !== undefined) {
        reject(l.rowNumber, 'posts', 'SECRETARY_TAKEN', `该支部已有书记（第${prior.rowNumber}行）/ The branch has a secretary (row ${prior.rowNumber})`);
        continue;
      }
      secretaryOf.set(o.id, l);
    }
    const m = known.get(l.idNumber);
    if (m === undefined) {
      status.set(l, 'created');
      continue;
    }
    if (m.leftAt !== null) {
      reject(l.rowNumber, 'idNumber', 'INVALID', '该党员已转出或离开，不能由导入恢复 / The member has left; an import does not bring them back');
      continue;
    }
    const current = orgIdsKnown.get(m.organisationId);
    if (current === undefined || !inScope(scope, current.divisionCode)) {
      reject(l.rowNumber, 'idNumber', 'OUT_OF_SCOPE', '该党员所在组织不在您的管理范围 / The member’s branch is outside your scope');
      continue;
    }
    if (openMemberField(pd, m, 'real_name', m.realName) !== l.realName) {
      reject(l.rowNumber, 'realName', 'NAME_MISMATCH', '姓名与该身份证号已登记的姓名不一致 / The name differs from the one registered with this ID number');
      continue;
    }
    const phoneNow = m.phone === null ? null : openMemberField(pd, m, 'phone', m.phone);
    const same =
      m.organisationId === o.id &&
      phoneNow === l.phone &&
      m.memberType === l.memberType &&
      m.joinedOn === l.joinedOn &&
      m.homeCommunityCode === l.homeCommunityCode &&
      m.inService === l.inService &&
      m.workUnit === l.workUnit &&
      m.posts.join('\u0000') === l.posts.join('\u0000');
    status.set(l, same ? 'unchanged' : 'updated');
  }
  // A secretary in the file for a branch whose present secretary keeps the post (absent from the file, or still secretary there).
  const holders = new Map((await secretariesIn(db, ctx.districtCode, [...secretaryOf.keys()])).map((m) => [m.organisationId, m]));
  const lineOfMember = new Map(
    lines.flatMap((l) => {
      const m = known.get(l.idNumber);
      return m === undefined ? [] : [[m.id, l] as const];
    }),
  );
  for (const [orgId, l] of secretaryOf) {
    const h = holders.get(orgId);
    if (h === undefined || known.get(l.idNumber)?.id === h.id) continue;
    const hl = lineOfMember.get(h.id);
    if (hl === undefined || (hl.posts.includes('secretary') && orgs.get(hl.organisationCode)?.id === orgId)) {
      reject(l.rowNumber, 'posts', 'SECRETARY_TAKEN', '该支部已有书记 / The branch has a secretary');
      status.delete(l);
    }
  }
  const count = (s: string) => [...status.entries()].filter(([l, x]) => x === s && !rejected.has(l.rowNumber)).length;
  const outcome = { committed: false, created: count('created'), updated: count('updated'), unchanged: count('unchanged') };
  if (rejected.size > 0 || dryRun) return outcome;

  const now = ctx.clock();
  const created = lines.filter((l) => status.get(l) === 'created');
  const updated = lines.filter((l) => status.get(l) === 'updated');
  try {
    await db.transaction(async (tx) => {
      const ids = await nextMemberIds(tx, created.length);
      const events: NewEvent[] = [];
      // Updates first, posts cleared where they change, so a secretary handing over within the file never meets the old one.
      for (const l of updated) {
        const m = known.get(l.idNumber)!;
        const o = orgs.get(l.organisationCode)!;
        const phone = l.phone === null ? null : sealedMember(pd, ctx.districtCode, m.id, { realName: l.realName, idNumber: l.idNumber, phone: l.phone }).phone;
        await updateMember(tx, ctx.districtCode, m.id, {
          organisationId: o.id,
          phone,
          memberType: l.memberType,
          joinedOn: l.joinedOn,
          homeCommunityCode: l.homeCommunityCode,
          inService: l.inService,
          workUnit: l.workUnit,
          posts: l.posts,
          updatedAt: now,
        });
        events.push({
          districtCode: ctx.districtCode,
          kind: m.organisationId === o.id ? 'member_imported' : 'member_transferred',
          organisationId: m.organisationId,
          memberId: m.id,
          actorUserId: p.userId,
          at: now,
          data:
            m.organisationId === o.id
              ? { updated: true }
              : { fromOrganisationId: m.organisationId, toOrganisationId: o.id, postsLeft: m.posts, note: '导入 import' },
        });
      }
      const rows = created.map((l, i) => ({
        id: ids[i]!,
        districtCode: ctx.districtCode,
        organisationId: orgs.get(l.organisationCode)!.id,
        userId: null,
        ...sealedMember(pd, ctx.districtCode, ids[i]!, l),
        memberType: l.memberType,
        joinedOn: l.joinedOn,
        homeCommunityCode: l.homeCommunityCode,
        inService: l.inService,
        workUnit: l.workUnit,
        posts: l.posts,
        leftAt: null,
        createdAt: now,
        updatedAt: now,
      }));
      await insertMembers(tx, rows);
      for (const r of rows)
        events.push({
          districtCode: ctx.districtCode,
          kind: 'member_imported',
          organisationId: r.organisationId,
          memberId: r.id,
          actorUserId: p.userId,
          at: now,
          data: { created: true },
        });
      await insertEvents(tx, events);
    });
  } catch (e) {
    if (isUniqueViolation(e))
      throw new AppError('PARTY.MEMBER_EXISTS', 'A member of the file was registered meanwhile; nothing was imported, run the import again');
    throw e;
  }
  return { ...outcome, committed: true };
}
