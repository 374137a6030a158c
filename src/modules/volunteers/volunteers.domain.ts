/**
 * Pure rules of the volunteer subsystem (志愿服务): the resident ID number's check digit (GB 11643),
 * masking, the fixed skill list, availability, practice stations in the division tree, team rules and
 * the reading of one roster row. No I/O and no clock: "today" is an argument.
 */

// ---------------------------------------------------------------------------------------------
// Resident ID numbers (公民身份号码, GB 11643-1999): 6-digit region, 8-digit birth date, 3-digit
// sequence, 1 check character (ISO 7064 MOD 11-2: 0–9 or X).

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';

/** Why an ID number is refused; `null` when it is well formed. */
export type IdNumberProblem = 'FORMAT' | 'REGION' | 'BIRTH_DATE' | 'CHECK_DIGIT';

/** The check character of the first 17 digits (ISO 7064 MOD 11-2 as GB 11643 prescribes). */
export function idCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK_CHARS[sum % 11]!;
}

/** Upper-case X, no surrounding blanks (what residents type: a lower-case x, a trailing space). */
export const normaliseIdNumber = (s: string): string => s.trim().toUpperCase();

/**
 * Checks an 18-character resident ID number: digits with a final digit or X, a region code whose
 * first digit names a province group (1–8, as the national codes do), a real birth date from 1900 to
 * `today` (a local date YYYY-MM-DD), and the check character. Returns the first problem, or null.
 */
export function idNumberProblem(raw: string, today: string): IdNumberProblem | null {
  const s = normaliseIdNumber(raw);
  if (!/^\d{17}[\dX]$/.test(s)) return 'FORMAT';
  if (!/^[1-8]\d{5}$/.test(s.slice(0, 6))) return 'REGION';
  const y = Number(s.slice(6, 10));
  const m = Number(s.slice(10, 12));
  const d = Number(s.slice(12, 14));
  const date = new Date(Date.UTC(y, m - 1, d));
  const iso = `${s.slice(6, 10)}-${s.slice(10, 12)}-${s.slice(12, 14)}`;
  if (y < 1900 || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d || iso > today) return 'BIRTH_DATE';
  if (idCheckChar(s) !== s[17]) return 'CHECK_DIGIT';
  return null;
}

/** What each problem means, for a person (the row report, error messages). */
export const ID_PROBLEM_WORDS: Record<IdNumberProblem, string> = {
  FORMAT: '身份证号须为18位，前17位为数字，末位为数字或X / An ID number has 18 characters: 17 digits and a digit or X',
  REGION: '身份证号的地区码无效 / The region code of the ID number is not valid',
  BIRTH_DATE: '身份证号中的出生日期无效 / The birth date in the ID number is not a real date',
  CHECK_DIGIT: '身份证号校验位不正确，请核对 / The check character of the ID number is wrong; check the number',
};

/** 110109199001011234 → 110109********1234 (region and last four stay, the birth date goes). */
export function maskIdNumber(id: string): string {
  if (id.length <= 10) return '*'.repeat(id.length);
  return `${id.slice(0, 6)}${'*'.repeat(id.length - 10)}${id.slice(-4)}`;
}

// ---------------------------------------------------------------------------------------------
// Skills, availability

/** The fixed skill list (code → 中文 label). Codes are stored; labels are shown. */
export const SKILLS = {
  elderly_care: '助老',
  disability_aid: '助残',
  free_clinic: '义诊',
  legal_advice: '法律咨询',
  environment: '环境保护',
  waste_sorting: '垃圾分类',
  arts: '文艺',
  counselling: '心理疏导',
  appliance_repair: '家电维修',
  haircut: '理发',
  tutoring: '助学辅导',
  publicity: '宣传宣讲',
  patrol: '治安巡逻',
  emergency: '应急救援',
  civilised_traffic: '文明交通',
} as const;
export type Skill = keyof typeof SKILLS;
export const SKILL_CODES = Object.keys(SKILLS) as Skill[];
const SKILL_BY_LABEL = new Map<string, Skill>(SKILL_CODES.map((k) => [SKILLS[k], k]));

/** A skill by its code or its Chinese label (a roster says 助老); undefined when not in the list. */
export function skillOf(text: string): Skill | undefined {
  const t = text.trim();
  if ((SKILL_CODES as string[]).includes(t)) return t as Skill;
  return SKILL_BY_LABEL.get(t);
}

/** Time slots of a day a volunteer may be available in. */
export const TIME_SLOTS = ['morning', 'afternoon', 'evening'] as const;
export type TimeSlot = (typeof TIME_SLOTS)[number];
export const SLOT_LABELS: Record<TimeSlot, string> = { morning: '上午', afternoon: '下午', evening: '晚上' };

/** One available slot: ISO weekday 1 (Monday) … 7 (Sunday) and a part of the day. */
export interface AvailabilitySlot {
  weekday: number;
  slot: TimeSlot;
}

/** Slots without repeats, sorted by weekday then slot (so equal availabilities compare equal). */
export function normaliseAvailability(slots: readonly AvailabilitySlot[]): AvailabilitySlot[] {
  const seen = new Set<string>();
  const out: AvailabilitySlot[] = [];
  for (const s of slots) {
    const k = `${s.weekday}:${s.slot}`;
    if (seen.has(k)) continue;
    seen.add(k);
    out.push({ weekday: s.weekday, slot: s.slot });
  }
  return out.sort((a, b) => a.weekday - b.weekday || TIME_SLOTS.indexOf(a.slot) - TIME_SLOTS.indexOf(b.slot));
}

// ---------------------------------------------------------------------------------------------
// Practice stations (新时代文明实践中心/所/站) in the division tree

export type StationLevel = 'centre' | 'institute' | 'station';

/** A station's level from its division code: district 6 digits → 中心, street 9 → 所, community 12 → 站. */
export function stationLevelOf(divisionCode: string): StationLevel | null {
  if (/^\d{6}$/.test(divisionCode)) return 'centre';
  if (/^\d{9}$/.test(divisionCode)) return 'institute';
  if (/^\d{12}$/.test(divisionCode)) return 'station';
  return null;
}

/** The unit code of the practice station of a division (`STN-<division code>`). */
export const stationCode = (divisionCode: string): string => `STN-${divisionCode}`;

/**
 * The station's name: 门头沟区新时代文明实践中心, 大峪街道新时代文明实践所, 德露苑社区新时代文明实践站
 * (a community's committee suffix dropped: 德露苑社区居委会 → 德露苑社区, 炭厂村委会 → 炭厂村).
 */
export function stationName(divisionName: string, level: StationLevel): string {
  const place = divisionName.replace(/居委会$/, '').replace(/村委会$/, '村');
  return `${place}新时代文明实践${level === 'centre' ? '中心' : level === 'institute' ? '所' : '站'}`;
}

export const STATION_NAME_EN: Record<StationLevel, string> = {
  centre: 'Civilisation Practice Centre',
  institute: 'Civilisation Practice Institute',
  station: 'Civilisation Practice Station',
};

// ---------------------------------------------------------------------------------------------
// Teams

export const TEAM_STATUSES = ['active', 'suspended', 'dissolved'] as const;
export type TeamStatus = (typeof TEAM_STATUSES)[number];
export const TEAM_STATUS_LABELS: Record<TeamStatus, string> = { active: '活跃', suspended: '暂停', dissolved: '已解散' };

/** Team names: trimmed, inner runs of blanks made one space (so 「助老  服务队」 and 「助老 服务队」 are one name). */
export const normaliseTeamName = (s: string): string => s.trim().replace(/\s+/g, ' ');

// ---------------------------------------------------------------------------------------------
// The roster (志愿者花名册) file: one row per volunteer, optionally naming a team and their role in it.

/** Accepted header names per field (Chinese first, English beside it). */
export const ROSTER_COLUMNS = {
  realName: ['姓名', 'name'],
  phone: ['手机号', 'phone'],
  idNumber: ['身份证号', 'id_number'],
  communityCode: ['社区编码', 'community_code'],
  skills: ['技能', 'skills'],
  areas: ['服务区域', 'areas'],
  team: ['队伍', 'team'],
  teamRole: ['队内角色', 'team_role'],
} as const;
export type RosterField = keyof typeof ROSTER_COLUMNS;
export const ROSTER_REQUIRED: readonly RosterField[] = ['realName', 'phone', 'idNumber', 'communityCode'];
export const ROSTER_FIELD_LABELS: Record<RosterField, string> = {
  realName: '姓名',
  phone: '手机号',
  idNumber: '身份证号',
  communityCode: '社区编码',
  skills: '技能',
  areas: '服务区域',
  team: '队伍',
  teamRole: '队内角色',
};

/** One problem of a row: the field (header label) and the reason in Chinese with English beside it. */
export interface RowProblem {
  field: string;
  reason: string;
}

export interface RosterRow {
  realName: string;
  phone: string;
  idNumber: string;
  communityCode: string;
  skills: Skill[];
  areas: string[];
  team: string | null;
  leader: boolean;
}

/** The places a roster may name: this district's communities and streets. */
export interface RosterPlaces {
  isCommunity(code: string): boolean;
  /** A street/town or community of the district (service areas). */
  isArea(code: string): boolean;
}

const splitList = (s: string) =>
  s
    .split(/[;；,，、\s]+/)
    .map((x) => x.trim())
    .filter((x) => x !== '');

/** Mainland mobile numbers: 11 digits starting with 1 (a +86/86 prefix and separators are dropped). */
export function normaliseMobile(s: string): string | null {
  const digits = s.replace(/[\s-]/g, '').replace(/^(\+?86)(?=1\d{10}$)/, '');
  return /^1[3-9]\d{9}$/.test(digits) ? digits : null;
}

/**
 * Reads one roster row: every problem is reported (field and reason), nothing is guessed. `cell` gives
 * a field's trimmed text ('' when the column is absent or empty).
 */
export function readRosterRow(cell: (f: RosterField) => string, places: RosterPlaces, today: string): { row: RosterRow | null; problems: RowProblem[] } {
  const problems: RowProblem[] = [];
  const bad = (f: RosterField, reason: string) => problems.push({ field: ROSTER_FIELD_LABELS[f], reason });
  const realName = cell('realName');
  if (realName === '') bad('realName', '姓名不能为空 / The name is empty');
  else if ([...realName].length > 40) bad('realName', '姓名超过40个字符 / The name is longer than 40 characters');
  const phoneText = cell('phone');
  const phone = normaliseMobile(phoneText);
  if (phoneText === '') bad('phone', '手机号不能为空 / The mobile number is empty');
  else if (phone === null) bad('phone', '手机号须为11位手机号码 / Not an 11-digit mobile number');
  const idText = cell('idNumber');
  const idProblem = idText === '' ? null : idNumberProblem(idText, today);
  if (idText === '') bad('idNumber', '身份证号不能为空 / The ID number is empty');
  else if (idProblem !== null) bad('idNumber', ID_PROBLEM_WORDS[idProblem]);
  const communityCode = cell('communityCode');
  if (communityCode === '') bad('communityCode', '社区编码不能为空 / The community code is empty');
  else if (!places.isCommunity(communityCode)) bad('communityCode', `${communityCode} 不是本区的社区编码 / Not a community code of this district`);
  const skills: Skill[] = [];
  for (const s of splitList(cell('skills'))) {
    const k = skillOf(s);
    if (k === undefined) bad('skills', `未知技能「${s}」/ Unknown skill "${s}"`);
    else if (!skills.includes(k)) skills.push(k);
  }
  const areas: string[] = [];
  for (const a of splitList(cell('areas'))) {
    if (!places.isArea(a)) bad('areas', `${a} 不是本区的街乡或社区编码 / Not a street or community code of this district`);
    else if (!areas.includes(a)) areas.push(a);
  }
  const teamText = normaliseTeamName(cell('team'));
  if ([...teamText].length > 60) bad('team', '队伍名称超过60个字符 / The team name is longer than 60 characters');
  const roleText = cell('teamRole');
  let leader = false;
  if (roleText === '队长' || roleText.toLowerCase() === 'leader') leader = true;
  else if (roleText !== '' && roleText !== '队员' && roleText.toLowerCase() !== 'member')
    bad('teamRole', `队内角色须为「队长」或「队员」/ The team role must be 队长 (leader) or 队员 (member)`);
  if (leader && teamText === '') bad('teamRole', '队长须填写所在队伍 / A leader needs a team');
  if (problems.length > 0) return { row: null, problems };
  return {
    row: { realName, phone: phone!, idNumber: normaliseIdNumber(idText), communityCode, skills, areas, team: teamText === '' ? null : teamText, leader },
    problems,
  };
}

/** A team's total of a per-member figure (hours, points), with the members who contributed. */
export interface TeamTotal<T extends { memberIds: readonly number[] }> {
  team: T;
  rank: number;
  total: number;
  /** Members whose figure is not zero. */
  contributors: number;
}

/**
 * Teams ranked by the sum of their members' figures (`byMember`, e.g. minutes served or points earned
 * in a period): **a member counts in full for every team they belong to**, so a volunteer in two teams
 * adds their hours to both (the totals of all teams may exceed the district's). Teams with a total
 * above zero only, most first, ties by the order given (team id); ranks 1, 2, 3 … without gaps.
 */
export function rankTeams<T extends { memberIds: readonly number[] }>(
  teams: readonly T[],
  byMember: ReadonlyMap<number, number>,
  limit: number,
): TeamTotal<T>[] {
  return teams
    .map((team) => {
      let total = 0;
      let contributors = 0;
      for (const id of new Set(team.memberIds)) {
        const v = byMember.get(id) ?? 0;
        total += v;
        if (v !== 0) contributors++;
      }
      return { team, total, contributors };
    })
    .filter((t) => t.total > 0)
    .sort((a, b) => b.total - a.total)
    .slice(0, limit)
    .map((t, i) => ({ ...t, rank: i + 1 }));
}
