/**
 * Pure rules of the organisation tree (党委 › 党总支 › 党支部) and of members' posts: nesting, moves,
 * paths, scope and the roll-up of member counts. No I/O, no clock.
 */

export const ORGANISATION_LEVELS = ['committee', 'general_branch', 'branch'] as const;
export type OrganisationLevel = (typeof ORGANISATION_LEVELS)[number];

export const ORGANISATION_HOSTS = ['district', 'street', 'community', 'village', 'department', 'enterprise', 'property', 'school', 'other'] as const;
export type OrganisationHost = (typeof ORGANISATION_HOSTS)[number];

export const MEMBER_TYPES = ['full', 'probationary'] as const;
export type MemberType = (typeof MEMBER_TYPES)[number];

/** What happened to an organisation or a member (kinds of `party_events`). */
export const PARTY_EVENT_KINDS = [
  'organisation_created',
  'organisation_renamed',
  'organisation_moved',
  'organisation_paired',
  'organisation_retired',
  'organisation_imported',
  'member_added',
  'member_edited',
  'member_transferred',
  'member_left',
  'member_linked',
  'member_imported',
  'report_in',
  'report_in_withdrawn',
  'evaluated',
] as const;
export type PartyEventKind = (typeof PARTY_EVENT_KINDS)[number];

export const LEVEL_LABELS: Record<OrganisationLevel, string> = { committee: '党委', general_branch: '党总支', branch: '党支部' };
export const HOST_LABELS: Record<OrganisationHost, string> = {
  district: '区',
  street: '街乡',
  community: '社区',
  village: '村',
  department: '机关部门',
  enterprise: '企业',
  property: '物业',
  school: '学校',
  other: '其他',
};
export const MEMBER_TYPE_LABELS: Record<MemberType, string> = { full: '正式党员', probationary: '预备党员' };

// ---------------------------------------------------------------------------------------------
// Nesting

export type NestingProblem = 'BRANCH_HAS_NO_CHILDREN' | 'GENERAL_BRANCH_UNDER_COMMITTEE' | 'COMMITTEE_UNDER_COMMITTEE' | 'NEEDS_PARENT';

/**
 * Whether an organisation of `level` may sit under a parent of `parentLevel` (null: no parent, the
 * district's root). A branch has no children; a general branch sits under a committee; a committee
 * under a committee or nowhere (the root); a branch under a committee or a general branch.
 */
export function nestingProblem(level: OrganisationLevel, parentLevel: OrganisationLevel | null): NestingProblem | null {
  if (parentLevel === 'branch') return 'BRANCH_HAS_NO_CHILDREN';
  if (parentLevel === null) return level === 'committee' ? null : 'NEEDS_PARENT';
  if (level === 'general_branch' && parentLevel !== 'committee') return 'GENERAL_BRANCH_UNDER_COMMITTEE';
  if (level === 'committee' && parentLevel !== 'committee') return 'COMMITTEE_UNDER_COMMITTEE';
  return null;
}

export const NESTING_WORDS: Record<NestingProblem, string> = {
  BRANCH_HAS_NO_CHILDREN: '党支部下不能再设党组织 / A branch has no organisations under it',
  GENERAL_BRANCH_UNDER_COMMITTEE: '党总支须隶属于党委 / A general branch sits under a committee',
  COMMITTEE_UNDER_COMMITTEE: '党委须隶属于党委或为区委 / A committee sits under a committee, or is the district root',
  NEEDS_PARENT: '党总支、党支部须有上级党组织 / A general branch or branch needs a superior organisation',
};

// ---------------------------------------------------------------------------------------------
// Paths: `/1/7/42/`

export const pathOf = (parentPath: string | null, id: number): string => `${parentPath ?? '/'}${id}/`;

/** The ids on a path, root first (the node itself last). */
export const idsOnPath = (path: string): number[] =>
  path
    .split('/')
    .filter((s) => s !== '')
    .map(Number);

export const depthOf = (path: string): number => idsOnPath(path).length - 1;

/** True when `path` is `ancestorPath` or lies under it. */
export const isWithin = (path: string, ancestorPath: string): boolean => path.startsWith(ancestorPath);

/**
 * Why a node may not move under `newParentPath`: never under itself or its own subtree. Null when
 * the move is allowed as far as the tree's shape goes (nesting is checked separately).
 */
export function moveProblem(nodePath: string, newParentPath: string): 'UNDER_ITSELF' | null {
  return isWithin(newParentPath, nodePath) ? 'UNDER_ITSELF' : null;
}

/** The path of a node of the moved subtree: the moved node's old path prefix replaced by its new one. */
export function rebasePath(path: string, oldPrefix: string, newPrefix: string): string {
  if (!path.startsWith(oldPrefix)) throw new Error(`${path} is not under ${oldPrefix}`);
  return newPrefix + path.slice(oldPrefix.length);
}

// ---------------------------------------------------------------------------------------------
// Member counts

/**
 * Totals per node from the members directly in each (`direct`): a node's total is its own plus those of
 * every node below it, found through the paths, in one pass (O(nodes × depth)). A node whose path
 * names an ancestor missing from `nodes` (outside the viewer's scope) still counts for the ancestors present.
 */
export function rollUpCounts(nodes: readonly { id: number; path: string; direct: number }[]): Map<number, number> {
  const total = new Map<number, number>(nodes.map((n) => [n.id, 0]));
  for (const n of nodes)
    for (const id of idsOnPath(n.path)) {
      const t = total.get(id);
      if (t !== undefined) total.set(id, t + n.direct);
    }
  return total;
}

// ---------------------------------------------------------------------------------------------
// Scope of a party worker

/** What a party worker may see and manage: the whole district, or organisations in a division (a street's or a community's). */
export type PartyScope = { kind: 'district' } | { kind: 'division'; prefix: string } | { kind: 'none' };

/**
 * The scope of a party worker by their unit: the district unit, a department or the centre → the whole
 * district; a street (or a station of a street: a 所) → organisations whose division is in that street;
 * a community's station → that community's; the district's practice centre → the whole district.
 */
export function scopeOfUnit(unit: { unitType: string; divisionCode: string | null }, districtCode: string): PartyScope {
  if (unit.unitType === 'district' || unit.unitType === 'department' || unit.unitType === 'centre') return { kind: 'district' };
  if (unit.unitType === 'street' || unit.unitType === 'station') {
    const d = unit.divisionCode;
    if (d === null || !d.startsWith(districtCode)) return { kind: 'none' };
    return d === districtCode ? { kind: 'district' } : { kind: 'division', prefix: d };
  }
  return { kind: 'none' };
}

/** The one community of a community's worker (a scope of exactly one community), or undefined. */
export const communityOfScope = (scope: PartyScope): string | undefined => (scope.kind === 'division' && scope.prefix.length === 12 ? scope.prefix : undefined);

/** Whether an organisation (by its division code; null = the district's own) lies in the scope. */
export function inScope(scope: PartyScope, divisionCode: string | null): boolean {
  if (scope.kind === 'district') return true;
  if (scope.kind === 'none') return false;
  return divisionCode !== null && divisionCode.startsWith(scope.prefix);
}

// ---------------------------------------------------------------------------------------------
// Posts

/** Fixed posts: 书记, 副书记, 委员. Pioneer posts (先锋岗) are free-named: `pioneer:<name>`. */
export const FIXED_POSTS = ['secretary', 'deputy_secretary', 'committee_member'] as const;
export type FixedPost = (typeof FIXED_POSTS)[number];
export const POST_LABELS: Record<FixedPost, string> = { secretary: '书记', deputy_secretary: '副书记', committee_member: '委员' };
export const PIONEER_PREFIX = 'pioneer:';
export const MAX_PIONEER_NAME = 30;

export type PostProblem = 'UNKNOWN_POST' | 'PIONEER_NAME' | 'SECRETARY_AND_DEPUTY';

/**
 * Posts as stored: fixed ones first in their order, then pioneer posts by name, without duplicates;
 * or the problem. A pioneer post's name is 1–30 characters after trimming. Nobody is both secretary
 * and deputy secretary of one branch.
 */
export function normalisePosts(raw: readonly string[]): { posts: string[] } | { problem: PostProblem; post: string } {
  const fixed = new Set<FixedPost>();
  const pioneers: string[] = [];
  for (const p of raw) {
    const s = p.trim();
    if ((FIXED_POSTS as readonly string[]).includes(s)) fixed.add(s as FixedPost);
    else if (s.startsWith(PIONEER_PREFIX)) {
      const name = s.slice(PIONEER_PREFIX.length).trim().replace(/\s+/g, ' ');
      if (name.length === 0 || name.length > MAX_PIONEER_NAME) return { problem: 'PIONEER_NAME', post: p };
      if (!pioneers.includes(name)) pioneers.push(name);
    } else return { problem: 'UNKNOWN_POST', post: p };
  }
  if (fixed.has('secretary') && fixed.has('deputy_secretary')) return { problem: 'SECRETARY_AND_DEPUTY', post: 'deputy_secretary' };
  return { posts: [...FIXED_POSTS.filter((f) => fixed.has(f)), ...pioneers.sort().map((n) => PIONEER_PREFIX + n)] };
}

/** Posts as a spreadsheet cell writes them (书记；委员；先锋岗:政策宣讲), or the first word not understood. */
export function readPostsCell(cell: string): { posts: string[] } | { bad: string } {
  const out: string[] = [];
  for (const w of cell
    .split(/[;；,，、\n]/)
    .map((s) => s.trim())
    .filter((s) => s !== '')) {
    const fixed = FIXED_POSTS.find((f) => POST_LABELS[f] === w || f === w);
    if (fixed !== undefined) out.push(fixed);
    else {
      const m = /^(?:先锋岗|pioneer)\s*[:：]\s*(.+)$/.exec(w);
      if (m === null) return { bad: w };
      out.push(PIONEER_PREFIX + m[1]!.trim());
    }
  }
  return { posts: out };
}

export const isSecretary = (posts: readonly string[]): boolean => posts.includes('secretary');

/** A post in words (书记, 先锋岗·政策宣讲). */
export const postLabel = (post: string): string =>
  post.startsWith(PIONEER_PREFIX) ? `先锋岗·${post.slice(PIONEER_PREFIX.length)}` : (POST_LABELS[post as FixedPost] ?? post);

// ---------------------------------------------------------------------------------------------
// Import

/** Spreadsheet columns of an organisations sheet, Chinese first. */
export const ORGANISATION_COLUMNS = {
  code: ['组织代码', 'code'],
  name: ['组织名称', 'name'],
  level: ['组织层级', '层级', 'level'],
  parentCode: ['上级组织代码', 'parent_code'],
  hostType: ['设立类型', 'host_type'],
  divisionCode: ['所在区划代码', 'division_code'],
  pairedCommunityCode: ['双报到社区代码', 'paired_community_code'],
} as const;
export type OrganisationField = keyof typeof ORGANISATION_COLUMNS;

/** Spreadsheet columns of a members sheet. */
export const MEMBER_COLUMNS = {
  realName: ['姓名', 'name'],
  idNumber: ['身份证号', 'id_number'],
  phone: ['手机号', 'phone'],
  organisationCode: ['所在党组织代码', '组织代码', 'organisation_code'],
  memberType: ['党员类型', 'member_type'],
  joinedOn: ['入党日期', 'joined_on'],
  homeCommunityCode: ['居住社区代码', 'home_community_code'],
  inService: ['在职党员', 'in_service'],
  workUnit: ['工作单位', 'work_unit'],
  posts: ['职务', 'posts'],
} as const;
export type MemberField = keyof typeof MEMBER_COLUMNS;

export const ORGANISATION_REQUIRED: readonly OrganisationField[] = ['code', 'name', 'level'];
export const MEMBER_REQUIRED: readonly MemberField[] = ['realName', 'idNumber', 'organisationCode'];

/** A level from its Chinese or English name. */
export const levelOf = (s: string): OrganisationLevel | undefined =>
  ORGANISATION_LEVELS.find((l) => l === s || LEVEL_LABELS[l] === s || (l === 'committee' && /党(工)?委$/.test(s)));
export const hostOf = (s: string): OrganisationHost | undefined => ORGANISATION_HOSTS.find((h) => h === s || HOST_LABELS[h] === s);
export const memberTypeOf = (s: string): MemberType | undefined =>
  MEMBER_TYPES.find((t) => t === s || MEMBER_TYPE_LABELS[t] === s || MEMBER_TYPE_LABELS[t].slice(0, 2) === s);
/** 是/否, yes/no, true/false, 1/0; empty = no. */
export function yesNo(s: string): boolean | undefined {
  if (['是', 'yes', 'true', '1', 'y'].includes(s.toLowerCase())) return true;
  if (['', '否', 'no', 'false', '0', 'n'].includes(s.toLowerCase())) return false;
  return undefined;
}

/**
 * The order to create organisations of a file in, parents first (a parent named in the file comes
 * before its children, whatever the rows' order), or the codes caught in a cycle.
 */
export function parentsFirst<T extends { code: string; parentCode: string | null }>(rows: readonly T[]): { order: T[]; cyclic: T[] } {
  const byCode = new Map(rows.map((r) => [r.code, r]));
  const done = new Set<string>();
  const visiting = new Set<string>();
  const order: T[] = [];
  const cyclic: T[] = [];
  const visit = (r: T): boolean => {
    if (done.has(r.code)) return true;
    if (visiting.has(r.code)) return false;
    visiting.add(r.code);
    const parent = r.parentCode === null ? undefined : byCode.get(r.parentCode);
    const ok = parent === undefined || visit(parent);
    visiting.delete(r.code);
    if (!ok) {
      cyclic.push(r);
      done.add(r.code);
      return false;
    }
    done.add(r.code);
    order.push(r);
    return true;
  };
  for (const r of rows) visit(r);
  return { order, cyclic };
}
