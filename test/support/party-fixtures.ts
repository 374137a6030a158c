/**
 * The party module's fixtures for tests of the star rating and the brand programme: a small organisation
 * tree inserted directly (district committee › two street 党工委 › branches in their communities),
 * members with sealed personal data (a secretary with a resident account in each branch), party
 * workers of the district, a department, both streets and one station, and expert staff accounts.
 */
import { hashPassword } from '../../src/engine/auth.ts';
import { insertUser } from '../../src/engine/user.repository.ts';
import { ensureStations } from '../../src/modules/volunteers/index.ts';
import { sealMemberField } from '../../src/modules/party/party.service.ts';
import { partyMembers, partyOrganisations } from '../../src/schema.ts';
import { DISTRICT, PASSWORD, type Harness } from './harness.ts';
import { eq } from 'drizzle-orm';

export interface Branch {
  id: number;
  name: string;
  divisionCode: string;
  /** The secretary's username (a resident account). */
  secretary: string;
  secretaryId: number;
}

export interface PartyFixtures {
  streetA: string;
  streetB: string;
  branchesA: Branch[];
  branchesB: Branch[];
  /** Party workers: district unit, a department (组织部-like), street A, street B, the station of branchesA[0]'s community. */
  district: string;
  dept: string;
  streetWorkerA: string;
  streetWorkerB: string;
  station: string;
  /** Expert staff accounts (role unit_handler at departments): usernames and ids. */
  experts: { username: string; id: number }[];
  /** A resident who is no secretary. */
  resident: string;
  userId(username: string): number;
}

export async function partyFixtures(h: Harness, opts: { branchesPerStreet?: number; experts?: number; prefix?: string } = {}): Promise<PartyFixtures> {
  const per = opts.branchesPerStreet ?? 3;
  const prefix = opts.prefix ?? 'pf';
  const db = h.ctx.database.db;
  const ctx = h.ctx;
  await ensureStations(ctx);
  ctx.reference.invalidate();
  const ref = await ctx.reference.get();
  const hash = await hashPassword(PASSWORD);
  const ids = new Map<string, number>();
  const account = async (username: string, displayName: string, unitId: number, roles: ('party_worker' | 'unit_handler' | 'resident')[]) => {
    const u = await insertUser(db, { username, displayName, passwordHash: hash, unitId, roles });
    ids.set(username, u.id);
    return u.id;
  };
  const streets = ref.units.filter((u) => u.unitType === 'street' && u.divisionCode).sort((a, b) => a.divisionCode!.localeCompare(b.divisionCode!));
  const [sa, sb] = [streets[0]!, streets[1]!];
  const now = ctx.clock();
  const stamp = { createdAt: now, updatedAt: now };
  const org = async (row: Omit<typeof partyOrganisations.$inferInsert, 'districtCode' | 'path' | 'createdAt' | 'updatedAt'>, parentPath: string) => {
    const [r] = await db
      .insert(partyOrganisations)
      .values({ ...row, districtCode: DISTRICT, path: '/', ...stamp })
      .returning({ id: partyOrganisations.id });
    const path = `${parentPath}${r!.id}/`;
    await db.update(partyOrganisations).set({ path }).where(eq(partyOrganisations.id, r!.id));
    return { id: r!.id, path };
  };
  const root = await org({ parentId: null, level: 'committee', hostType: 'district', code: `${prefix}-root`, name: '中共测试区委' }, '/');
  let serial = 0;
  const branchesOf = async (street: (typeof streets)[number], tag: string): Promise<Branch[]> => {
    const s = await org(
      {
        parentId: root.id,
        level: 'committee',
        hostType: 'street',
        code: `${prefix}-${tag}`,
        name: `${street.name}党工委`,
        divisionCode: street.divisionCode,
        unitId: street.id,
      },
      root.path,
    );
    const communities = [...ref.divisionByCode.values()]
      .filter((x) => x.level === 'community' && x.code.startsWith(street.divisionCode!))
      .sort((a, b) => a.code.localeCompare(b.code));
    const out: Branch[] = [];
    for (let i = 0; i < per; i++) {
      const c = communities[i % communities.length]!;
      const name = `${c.name}第${i + 1}党支部`;
      const b = await org({ parentId: s.id, level: 'branch', hostType: 'community', code: `${prefix}-${tag}-${i + 1}`, name, divisionCode: c.code }, s.path);
      const station = ref.units.find((u) => u.unitType === 'station' && u.divisionCode === c.code) ?? street;
      const secretary = `${prefix}.sec.${tag}${i + 1}`;
      const secretaryId = await account(secretary, '党*', station.id, ['resident']);
      // The secretary and three more members (the member_count indicator counts them).
      for (let m = 0; m < 4; m++) {
        serial++;
        const [row] = await db
          .insert(partyMembers)
          .values({
            districtCode: DISTRICT,
            organisationId: b.id,
            userId: m === 0 ? secretaryId : null,
            realName: 'x',
            idNumber: 'x',
            idNumberKey: ctx.personalData.digest(`${prefix}:${serial}`),
            memberType: 'full',
            homeCommunityCode: c.code,
            posts: m === 0 ? ['secretary'] : [],
            ...stamp,
          })
          .returning({ id: partyMembers.id });
        await db
          .update(partyMembers)
          .set({
            realName: sealMemberField(ctx.personalData, DISTRICT, row!.id, 'real_name', `党员${serial}`),
            idNumber: sealMemberField(ctx.personalData, DISTRICT, row!.id, 'id_number', `11010919800101${String(serial).padStart(4, '0')}`),
          })
          .where(eq(partyMembers.id, row!.id));
      }
      out.push({ id: b.id, name, divisionCode: c.code, secretary, secretaryId });
    }
    return out;
  };
  const branchesA = await branchesOf(sa, 'a');
  const branchesB = await branchesOf(sb, 'b');
  const gov = ref.units.find((u) => u.unitType === 'district')!;
  const depts = ref.units.filter((u) => u.unitType === 'department');
  const stationUnit = ref.units.find((u) => u.unitType === 'station' && u.divisionCode === branchesA[0]!.divisionCode)!;
  await account(`${prefix}.district`, '区委组织部 党务', gov.id, ['party_worker']);
  await account(`${prefix}.dept`, '组织部 党务', depts[0]!.id, ['party_worker']);
  await account(`${prefix}.streetA`, '街道A 党务', sa.id, ['party_worker']);
  await account(`${prefix}.streetB`, '街道B 党务', sb.id, ['party_worker']);
  await account(`${prefix}.station`, '实践站 党务', stationUnit.id, ['party_worker']);
  await account(`${prefix}.resident`, '居*', stationUnit.id, ['resident']);
  const experts = [];
  for (let i = 1; i <= (opts.experts ?? 3); i++) {
    const username = `${prefix}.expert${i}`;
    experts.push({ username, id: await account(username, `专家${i}`, depts[i % depts.length]!.id, ['unit_handler']) });
  }
  return {
    streetA: sa.divisionCode!,
    streetB: sb.divisionCode!,
    branchesA,
    branchesB,
    district: `${prefix}.district`,
    dept: `${prefix}.dept`,
    streetWorkerA: `${prefix}.streetA`,
    streetWorkerB: `${prefix}.streetB`,
    station: `${prefix}.station`,
    experts,
    resident: `${prefix}.resident`,
    userId: (u) => ids.get(u)!,
  };
}

/** A complete, valid set of entries under the default rule set, all at `fraction` of full marks. */
export function entriesAt(fraction: number, text: 'evidence' | 'comment') {
  const inds = [
    ['organisation', 20],
    ['members', 20],
    ['meetings', 25],
    ['service', 20],
    ['discipline', 15],
  ] as const;
  return inds.map(([code, base]) => ({
    code,
    score: Math.round(base * fraction * 10) / 10,
    adjustments: [] as { rule: string; count: number }[],
    [text]: `${code} 材料`,
  }));
}
