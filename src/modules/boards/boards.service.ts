/**
 * Building units (楼门/单元) and their door boards (四公示一门牌, DOMAIN-RULES §12). The admin imports the
 * units of the district's communities (JSON items or a CSV/.xlsx file, all or nothing, upsert by code);
 * staff list a community's units; anyone may read a unit's public board (its published duty contacts,
 * Party-member households and conventions), reached through the QR code printed on the door, which
 * opens the board page; from there the requester page is pre-filled with the unit's place.
 */
import QRCode from 'qrcode';
import type { BoardPerson } from './boards.domain.ts';
import {
  codesOfOtherDistricts,
  findBuildingByCode,
  listBuildingsOfCommunity,
  upsertBuildings,
  type BuildingRow,
  type NewBuildingRow,
} from './boards.repository.ts';
import { districtGrids } from '../grids/index.ts';
import type { Principal } from '../../engine/auth.ts';
import type { AppContext } from '../../engine/context.ts';
import { placeName } from '../../engine/domain/places.ts';
import { AppError, forbidden, notFound } from '../../platform/errors.ts';
import { readImportTable } from '../../platform/files/read-table.ts';

export type { BoardPerson };

/** Limits of one building unit (the HTTP schema states the same ones). */
export const BUILDING_LIMITS = {
  code: 40,
  name: 100,
  address: 300,
  persons: 20,
  role: 20,
  personName: 50,
  phone: 30,
  households: 100,
  household: 20,
  conventions: 2000,
  /** Units per import. */
  items: 5000,
} as const;

export const BUILDING_CODE_RE = /^[A-Za-z0-9._-]+$/;
const PHONE_RE = /^[0-9+\- ]+$/;

export interface BuildingInput {
  code: string;
  name: string;
  /** Defaults to the community's name and the unit's name. */
  address?: string;
  communityCode: string;
  gridCode?: string | null;
  latitude?: number | null;
  longitude?: number | null;
  responsiblePersons?: BoardPerson[];
  partyMemberHouseholds?: string[];
  conventions?: string;
}

export interface RejectedRow {
  /** 0-based position of the item (or the file's data row). */
  index: number;
  /** Line in the file (header = 1), for file imports. */
  rowNumber?: number;
  code: string;
  reason: string;
}

// ---------------------------------------------------------------------------------------------
// Import

/** Imports building units, all or nothing: any invalid row rejects the whole batch with every reason. */
export async function importBuildings(ctx: AppContext, items: readonly BuildingInput[], rowNumbers?: readonly number[]): Promise<{ imported: number }> {
  if (items.length === 0) throw new AppError('BUILDING.INVALID_ROWS', 'No building units to import', { rejected: [] });
  if (items.length > BUILDING_LIMITS.items)
    throw new AppError('BUILDING.TOO_MANY_ROWS', `${items.length} building units; at most ${BUILDING_LIMITS.items} per import`, { max: BUILDING_LIMITS.items });
  const ref = await ctx.reference.get();
  const db = ctx.database.db;
  const gridByCode = new Map((await districtGrids(ctx)).map((g) => [g.code, g]));
  const rejected: RejectedRow[] = [];
  const seen = new Set<string>();
  const now = ctx.clock();
  const rows: NewBuildingRow[] = [];
  items.forEach((b, index) => {
    const code = b.code.trim();
    const reasons: string[] = [];
    if (code === '' || code.length > BUILDING_LIMITS.code || !BUILDING_CODE_RE.test(code))
      reasons.push(`Code must be 1–${BUILDING_LIMITS.code} letters, digits, . _ or -`);
    else if (seen.has(code)) reasons.push('Duplicate building code in this import');
    seen.add(code);
    const name = b.name.trim();
    if (name === '' || name.length > BUILDING_LIMITS.name) reasons.push(`Name must be 1–${BUILDING_LIMITS.name} characters`);
    const community = ref.divisionByCode.get(b.communityCode);
    const isOurs = community !== undefined && community.level === 'community' && community.districtCode === ctx.districtCode;
    if (!isOurs) reasons.push(`Community ${b.communityCode} is not a community of district ${ctx.districtCode}`);
    const gridCode = b.gridCode?.trim() || null;
    if (gridCode !== null) {
      const grid = gridByCode.get(gridCode);
      if (grid === undefined) reasons.push(`Grid ${gridCode} does not exist`);
      else if (isOurs && grid.communityCode !== b.communityCode)
        reasons.push(`Grid ${gridCode} belongs to community ${grid.communityCode}, not ${b.communityCode}`);
    }
    const lat = b.latitude ?? null;
    const lng = b.longitude ?? null;
    if ((lat === null) !== (lng === null)) reasons.push('Latitude and longitude go together');
    if (lat !== null && !(Number.isFinite(lat) && lat >= -90 && lat <= 90)) reasons.push('Latitude must be between -90 and 90');
    if (lng !== null && !(Number.isFinite(lng) && lng >= -180 && lng <= 180)) reasons.push('Longitude must be between -180 and 180');
    const address = (b.address ?? '').trim() || (isOurs ? `${placeName(community.name)}${name}` : name);
    if (address.length > BUILDING_LIMITS.address) reasons.push(`Address must be at most ${BUILDING_LIMITS.address} characters`);
    const persons = (b.responsiblePersons ?? []).map((p) => ({
      role: p.role.trim(),
      name: p.name.trim(),
      ...(p.phone?.trim() ? { phone: p.phone.trim() } : {}),
    }));
    if (persons.length > BUILDING_LIMITS.persons) reasons.push(`At most ${BUILDING_LIMITS.persons} responsible persons`);
    for (const p of persons) {
      if (p.role === '' || p.role.length > BUILDING_LIMITS.role) reasons.push(`A responsible person needs a role of 1–${BUILDING_LIMITS.role} characters`);
      if (p.name === '' || p.name.length > BUILDING_LIMITS.personName)
        reasons.push(`A responsible person needs a name of 1–${BUILDING_LIMITS.personName} characters`);
      if (p.phone !== undefined && (p.phone.length > BUILDING_LIMITS.phone || !PHONE_RE.test(p.phone))) reasons.push(`Phone ${p.phone} is not a phone number`);
    }
    const households = (b.partyMemberHouseholds ?? []).map((h) => h.trim()).filter((h) => h !== '');
    if (households.length > BUILDING_LIMITS.households) reasons.push(`At most ${BUILDING_LIMITS.households} Party-member households`);
    if (households.some((h) => h.length > BUILDING_LIMITS.household))
      reasons.push(`A Party-member household is at most ${BUILDING_LIMITS.household} characters`);
    const conventions = (b.conventions ?? '').trim();
    if (conventions.length > BUILDING_LIMITS.conventions) reasons.push(`Conventions are at most ${BUILDING_LIMITS.conventions} characters`);
    for (const reason of reasons) rejected.push({ index, ...(rowNumbers ? { rowNumber: rowNumbers[index]! } : {}), code, reason });
    rows.push({
      code,
      name,
      address,
      communityCode: b.communityCode,
      streetCode: community?.parentCode ?? '',
      districtCode: ctx.districtCode,
      gridCode,
      latitude: lat,
      longitude: lng,
      responsiblePersons: persons,
      partyMemberHouseholds: [...new Set(households)],
      conventions,
      updatedAt: now,
    });
  });
  const foreign = new Set(
    await codesOfOtherDistricts(
      db,
      ctx.districtCode,
      [...seen].filter((c) => c !== ''),
    ),
  );
  rows.forEach((r, index) => {
    if (foreign.has(r.code))
      rejected.push({
        index,
        ...(rowNumbers ? { rowNumber: rowNumbers[index]! } : {}),
        code: r.code,
        reason: 'Code is used by a building of another district',
      });
  });
  if (rejected.length > 0) {
    rejected.sort((a, b) => a.index - b.index);
    throw new AppError('BUILDING.INVALID_ROWS', `${new Set(rejected.map((r) => r.index)).size} building rows are invalid; nothing was imported`, { rejected });
  }
  const imported = await db.transaction((tx) => upsertBuildings(tx, rows));
  return { imported };
}

/** Accepted header names per field (Chinese or English), as documented in docs/IMPORT.md. */
export const BUILDING_COLUMNS = {
  code: ['编号', 'code'],
  name: ['名称', 'name'],
  address: ['地址', 'address'],
  communityCode: ['社区编码', 'community_code'],
  gridCode: ['网格编码', 'grid_code'],
  latitude: ['纬度', 'latitude'],
  longitude: ['经度', 'longitude'],
  responsible: ['责任人', 'responsible'],
  partyHouseholds: ['党员中心户', 'party_households'],
  conventions: ['公约', 'conventions'],
} as const;
type Column = keyof typeof BUILDING_COLUMNS;

function cell(cells: Record<string, string>, field: Column): string {
  for (const name of BUILDING_COLUMNS[field]) {
    const v = cells[name];
    if (v !== undefined) return v.trim();
  }
  return '';
}

const LIST_SEP = /[;；]/;

/** `楼门长:张三:13800000000;网格员:李四` → persons; a part without a role and a name is an error. */
export function parseResponsible(text: string): { persons: BoardPerson[]; errors: string[] } {
  const persons: BoardPerson[] = [];
  const errors: string[] = [];
  for (const part of text
    .split(LIST_SEP)
    .map((s) => s.trim())
    .filter((s) => s !== '')) {
    const [role = '', name = '', phone = '', ...rest] = part.split(/[:：]/).map((s) => s.trim());
    if (role === '' || name === '' || rest.length > 0) errors.push(`Responsible person "${part}" is not 角色:姓名[:电话]`);
    else persons.push(phone === '' ? { role, name } : { role, name, phone });
  }
  return { persons, errors };
}

/** `301;502` (also separated by ，、,) → rooms. */
export const parseHouseholds = (text: string): string[] =>
  text
    .split(/[;；,，、]/)
    .map((s) => s.trim())
    .filter((s) => s !== '');

function parseCoordinate(text: string, what: string, errors: string[]): number | null {
  if (text === '') return null;
  const n = Number(text);
  if (!/^[-+]?\d+(\.\d+)?$/.test(text) || !Number.isFinite(n)) {
    errors.push(`${what} "${text}" is not a number`);
    return null;
  }
  return n;
}

/**
 * Imports building units from a CSV (UTF-8 or GBK) or .xlsx file, all or nothing; rejected rows
 * carry their line in the file.
 */
export async function importBuildingsFile(ctx: AppContext, bytes: Uint8Array): Promise<{ imported: number; encoding: string }> {
  const table = await readImportTable(bytes);
  const missing = (['code', 'name', 'communityCode'] as const).filter((f) => !BUILDING_COLUMNS[f].some((h) => table.headers.includes(h)));
  if (missing.length > 0)
    throw new AppError('BUILDING.MISSING_COLUMNS', `The file lacks the columns ${missing.map((f) => BUILDING_COLUMNS[f].join('/')).join(', ')}`, { missing });
  const rejected: RejectedRow[] = table.problems.map((p) => ({ index: -1, rowNumber: p.rowNumber, code: '', reason: `Row cannot be read (${p.reason})` }));
  const items: BuildingInput[] = [];
  const rowNumbers: number[] = [];
  table.rows.forEach((row, index) => {
    const errors: string[] = [];
    const c = row.cells;
    const { persons, errors: personErrors } = parseResponsible(cell(c, 'responsible'));
    errors.push(...personErrors);
    const before = errors.length;
    let latitude = parseCoordinate(cell(c, 'latitude'), 'Latitude', errors);
    let longitude = parseCoordinate(cell(c, 'longitude'), 'Longitude', errors);
    // An unreadable coordinate is reported once, not again as a lone one.
    if (errors.length > before) latitude = longitude = null;
    const code = cell(c, 'code');
    for (const reason of errors) rejected.push({ index, rowNumber: row.rowNumber, code, reason });
    items.push({
      code,
      name: cell(c, 'name'),
      address: cell(c, 'address'),
      communityCode: cell(c, 'communityCode'),
      gridCode: cell(c, 'gridCode') || null,
      latitude,
      longitude,
      responsiblePersons: persons,
      partyMemberHouseholds: parseHouseholds(cell(c, 'partyHouseholds')),
      conventions: cell(c, 'conventions'),
    });
    rowNumbers.push(row.rowNumber);
  });
  try {
    const r = await importBuildings(ctx, items, rowNumbers);
    if (rejected.length > 0) throw new AppError('BUILDING.INVALID_ROWS', `${rejected.length} building rows are invalid; nothing was imported`, { rejected });
    return { ...r, encoding: table.encoding };
  } catch (e) {
    // Parse errors are found before validation: report them together with the validation's reasons.
    if (e instanceof AppError && e.code === 'BUILDING.INVALID_ROWS' && rejected.length > 0 && e.details?.rejected !== undefined) {
      const all = [...rejected, ...(e.details.rejected as RejectedRow[])].sort((a, b) => (a.rowNumber ?? 0) - (b.rowNumber ?? 0));
      throw new AppError('BUILDING.INVALID_ROWS', `${new Set(all.map((r) => r.rowNumber)).size} building rows are invalid; nothing was imported`, {
        rejected: all,
      });
    }
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------
// Reading

function communityOfDistrict(ctx: AppContext, ref: Awaited<ReturnType<AppContext['reference']['get']>>, communityCode: string) {
  const c = ref.divisionByCode.get(communityCode);
  return c !== undefined && c.level === 'community' && c.districtCode === ctx.districtCode ? c : undefined;
}

/**
 * The building units of a community, for staff: admins and the command centre see every community;
 * street staff see the communities of their own street.
 */
export async function listBuildings(ctx: AppContext, p: Principal, communityCode: string): Promise<BuildingRow[]> {
  const ref = await ctx.reference.get();
  const community = communityOfDistrict(ctx, ref, communityCode);
  if (community === undefined) throw notFound('Community', communityCode);
  const unit = ref.unitById.get(p.unitId);
  const mayRead = p.roles.includes('admin') || p.isCentre || (unit?.unitType === 'street' && unit.divisionCode === community.parentCode);
  if (!mayRead) throw forbidden('Only admins, the command centre and the staff of the community’s street may list its building units');
  return listBuildingsOfCommunity(ctx.database.db, ctx.districtCode, communityCode);
}

/**
 * The building units of a community of this district, for other modules (党员包户 lists a community's
 * doors by building): the caller has checked its own scope. Name, address and the door board's Party
 * households only — no responsible persons' phones.
 */
export interface BuildingRef {
  id: number;
  code: string;
  name: string;
  address: string;
  communityCode: string;
  gridCode: string | null;
  /** The door board's Party-member households (四公示: 党员户). */
  partyMemberHouseholds: string[];
}
const buildingRef = (b: BuildingRow): BuildingRef => ({
  id: b.id,
  code: b.code,
  name: b.name,
  address: b.address,
  communityCode: b.communityCode,
  gridCode: b.gridCode,
  partyMemberHouseholds: b.partyMemberHouseholds,
});

export const buildingsOfCommunity = async (ctx: AppContext, communityCode: string): Promise<BuildingRef[]> =>
  (await listBuildingsOfCommunity(ctx.database.db, ctx.districtCode, communityCode)).map(buildingRef);

/** One building unit of this district by its code, for other modules. */
export async function buildingByCode(ctx: AppContext, code: string): Promise<BuildingRef | undefined> {
  const b = await findBuildingByCode(ctx.database.db, ctx.districtCode, code);
  return b === undefined ? undefined : buildingRef(b);
}

/** What a resident sees on the door (四公示一门牌): no requester data, only published duty contacts. */
export interface PublicBoard {
  code: string;
  name: string;
  address: string;
  communityCode: string;
  communityName: string;
  streetCode: string;
  streetName: string;
  latitude: number | null;
  longitude: number | null;
  responsiblePersons: BoardPerson[];
  partyMemberHouseholds: string[];
  conventions: string;
  /** The requester page, pre-filled with this unit's place. */
  requestPath: string;
  /** The board page the QR code opens. */
  boardPath: string;
  updatedAt: Date;
}

export const boardPagePath = (code: string): string => `/m/board/${encodeURIComponent(code)}`;
export const requestPagePath = (code: string): string => `/m?building=${encodeURIComponent(code)}`;

export async function publicBoard(ctx: AppContext, code: string): Promise<PublicBoard> {
  const b = await findBuildingByCode(ctx.database.db, ctx.districtCode, code);
  if (b === undefined) throw notFound('Building', code);
  const ref = await ctx.reference.get();
  const community = ref.divisionByCode.get(b.communityCode);
  const street = ref.divisionByCode.get(b.streetCode);
  return {
    code: b.code,
    name: b.name,
    address: b.address,
    communityCode: b.communityCode,
    communityName: community ? placeName(community.name) : '',
    streetCode: b.streetCode,
    streetName: street?.name ?? '',
    latitude: b.latitude,
    longitude: b.longitude,
    responsiblePersons: b.responsiblePersons.map((p) => ({ role: p.role, name: p.name, ...(p.phone ? { phone: p.phone } : {}) })),
    partyMemberHouseholds: b.partyMemberHouseholds,
    conventions: b.conventions,
    requestPath: requestPagePath(b.code),
    boardPath: boardPagePath(b.code),
    updatedAt: b.updatedAt,
  };
}

// ---------------------------------------------------------------------------------------------
// QR code

const HOST_RE = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/**
 * The absolute address of a board page, from a configured public base URL (e.g.
 * `https://jiesu.example.gov.cn`, a path prefix allowed) or else the request's protocol and host.
 * A host that is not a plain host name (a forged Host header) is refused.
 */
export function boardUrl(code: string, origin: { baseUrl?: string | null; protocol?: string; host?: string }): string {
  let base: string;
  if (origin.baseUrl) base = origin.baseUrl.replace(/\/+$/, '');
  else {
    const protocol = origin.protocol === 'https' ? 'https' : 'http';
    const host = origin.host ?? '';
    if (!HOST_RE.test(host)) throw new AppError('VALIDATION.INVALID_INPUT', 'The request’s Host header is not a host name', { host: host.slice(0, 100) });
    base = `${protocol}://${host}`;
  }
  return `${base}${boardPagePath(code)}`;
}

/** The QR code of a board page, as an SVG document. */
export async function boardQrSvg(
  ctx: AppContext,
  code: string,
  origin: Parameters<typeof boardUrl>[1],
): Promise<{ svg: string; url: string; updatedAt: Date }> {
  const b = await findBuildingByCode(ctx.database.db, ctx.districtCode, code);
  if (b === undefined) throw notFound('Building', code);
  const url = boardUrl(b.code, origin);
  const svg = await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return { svg, url, updatedAt: b.updatedAt };
}

// ---------------------------------------------------------------------------------------------
// Demo data

const ROOM_FLOORS = [3, 5, 2, 6, 4];
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙'];
const GIVEN = ['秀兰', '建国', '桂英', '志强', '淑珍', '海燕', '国庆', '丽华', '振华', '玉梅', '文博', '春生'];
const DEMO_CONVENTIONS = [
  '一、邻里和睦，互谅互助，有事好商量。',
  '二、楼道不堆物，消防通道不占用，电动车不进楼入户。',
  '三、垃圾分类投放，不高空抛物，爱护公共设施。',
  '四、文明养犬，拴绳出行，及时清理粪便。',
  '五、装修按时施工，晚十点后不扰邻。',
  '六、发现问题扫码反映，共建美好家园。',
].join('\n');

/**
 * Demo building units (idempotent: upserted by code): four units in each community of `streetCode`
 * that has grids, each on one of its community's grids, with 楼门长, 网格员, 党员中心户 and a short 居民公约.
 */
export async function seedDemoBuildings(ctx: AppContext, streetCode: string): Promise<number> {
  if (streetCode === '') return 0;
  const ref = await ctx.reference.get();
  const grids = (await districtGrids(ctx)).filter((g) => g.streetCode === streetCode);
  const communities = [...new Set(grids.map((g) => g.communityCode))].sort();
  const items: BuildingInput[] = [];
  communities.forEach((communityCode, ci) => {
    const community = ref.divisionByCode.get(communityCode);
    if (community === undefined) return;
    const place = placeName(community.name);
    const ownGrids = grids.filter((g) => g.communityCode === communityCode).sort((a, b) => a.code.localeCompare(b.code));
    for (let n = 0; n < 4; n++) {
      const building = n < 2 ? 1 : 3;
      const unit = (n % 2) + 1;
      const k = ci * 4 + n;
      const person = (i: number) => `${SURNAMES[(k + i * 5) % SURNAMES.length]}${GIVEN[(k * 7 + i * 3) % GIVEN.length]}`;
      const phone = (i: number) => `13${(5 + ((k + i) % 5)).toString()}${String(10_000_000 + ((k * 7919 + i * 104_729) % 90_000_000)).padStart(8, '0')}`;
      const floor = ROOM_FLOORS[k % ROOM_FLOORS.length]!;
      items.push({
        code: `B${communityCode}-${building}-${unit}`,
        name: `${building}号楼${unit}单元`,
        address: `${ref.divisionByCode.get(streetCode)?.name ?? ''}${place}${building}号楼${unit}单元`,
        communityCode,
        gridCode: ownGrids[building === 1 ? 0 : ownGrids.length - 1]?.code ?? null,
        latitude: Math.round((39.94 + ci * 0.004 + n * 0.0006) * 1e6) / 1e6,
        longitude: Math.round((116.1 + ci * 0.005 + n * 0.0007) * 1e6) / 1e6,
        responsiblePersons: [
          { role: '楼门长', name: person(0), phone: phone(0) },
          { role: '网格员', name: person(1), phone: phone(1) },
          { role: '社区民警', name: person(2), phone: phone(2) },
          { role: '物业管家', name: person(3), phone: `010-6980${String(1000 + k).slice(-4)}` },
        ],
        partyMemberHouseholds: [`${floor}0${unit}`, `${floor + 1}0${3 - unit}`],
        conventions: DEMO_CONVENTIONS,
      });
    }
  });
  // Units already there (perhaps edited since) are left alone.
  const fresh: BuildingInput[] = [];
  for (const b of items) if ((await findBuildingByCode(ctx.database.db, ctx.districtCode, b.code)) === undefined) fresh.push(b);
  if (fresh.length === 0) return 0;
  return (await importBuildings(ctx, fresh)).imported;
}

/** A building with its door board, as the use cases return it (routes present it). */
export type Building = BuildingRow;
