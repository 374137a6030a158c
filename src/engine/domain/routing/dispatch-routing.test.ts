import { describe, expect, it } from 'vitest';
import { NoFallbackUnitError, suggestDispatch, type CatalogEntry, type Place, type RoutingUnit } from './dispatch-routing.ts';

const STREET_A = '110105001'; // 建外街道
const STREET_B = '110105002'; // 朝外街道
const COMMUNITY_A1 = '110105001001';
const COMMUNITY_A2 = '110105001002';

const unit = (id: number, name: string, unitType: RoutingUnit['unitType'], extra: Partial<RoutingUnit> = {}): RoutingUnit => ({
  id,
  name,
  unitType,
  divisionCode: null,
  isFallback: false,
  active: true,
  ...extra,
});

const UNITS: RoutingUnit[] = [
  unit(1, '区指挥中心', 'centre'),
  unit(100, '区政府', 'district', { isFallback: true }),
  unit(201, '建外街道', 'street', { divisionCode: STREET_A }),
  unit(202, '朝外街道', 'street', { divisionCode: STREET_B }),
  unit(301, '区城市管理委员会', 'department'),
  unit(302, '区水务局', 'department'),
  unit(303, '区园林绿化局', 'department', { active: false }),
  unit(304, '区住房和城乡建设委员会', 'department'),
];

const entry = (e: Partial<CatalogEntry> & Pick<CatalogEntry, 'divisionCode'>): CatalogEntry => ({
  categoryId: 7,
  unitId: null,
  unitType: null,
  coUnitIds: [],
  ...e,
});

/** Category 7: district-wide to 301 (co 302), street A by territory, community A1 to 304. */
const CATALOG: CatalogEntry[] = [
  entry({ divisionCode: null, unitId: 301, coUnitIds: [302] }),
  entry({ divisionCode: STREET_A, unitType: 'street' }),
  entry({ divisionCode: COMMUNITY_A1, unitId: 304 }),
  entry({ categoryId: 8, divisionCode: null, unitType: 'street' }),
];

const placeA1: Place = { streetCode: STREET_A, communityCode: COMMUNITY_A1 };
const placeA2: Place = { streetCode: STREET_A, communityCode: COMMUNITY_A2 };
const placeB: Place = { streetCode: STREET_B, communityCode: '110105002003' };
const nowhere: Place = { streetCode: null, communityCode: null };

const hasChinese = (s: string) => /[\u4e00-\u9fff]/.test(s);

describe('suggestDispatch', () => {
  it('a community entry beats the street entry, which beats the district-wide one', () => {
    for (const entries of [CATALOG, [...CATALOG].reverse()]) {
      expect(suggestDispatch(7, placeA1, entries, UNITS)).toMatchObject({
        leadUnitId: 304,
        coUnitIds: [],
        fallback: false,
        reasonCode: 'CATALOG_UNIT',
      });
      expect(suggestDispatch(7, placeA2, entries, UNITS)).toMatchObject({
        leadUnitId: 201,
        fallback: false,
        reasonCode: 'CATALOG_STREET_OF_PLACE',
      });
      const wide = suggestDispatch(7, placeB, entries, UNITS);
      expect(wide).toMatchObject({ leadUnitId: 301, coUnitIds: [302], fallback: false, reasonCode: 'CATALOG_UNIT' });
      expect(wide.reason).toContain('全区');
      expect(wide.reason).toContain('区城市管理委员会');
    }
  });

  it('a "street of the place" entry resolves to the street unit of the place', () => {
    const a = suggestDispatch(8, placeA1, CATALOG, UNITS);
    expect(a).toMatchObject({ leadUnitId: 201, reasonCode: 'CATALOG_STREET_OF_PLACE', fallback: false });
    expect(a.reason).toContain('建外街道');
    expect(suggestDispatch(8, placeB, CATALOG, UNITS).leadUnitId).toBe(202);
  });

  it('prefers the active unit when a street also has a retired one', () => {
    const units = [unit(209, '建外街道（撤销）', 'street', { divisionCode: STREET_A, active: false }), ...UNITS];
    expect(suggestDispatch(8, placeA1, CATALOG, units).leadUnitId).toBe(201);
  });

  describe('falls back to the district government, with a Chinese reason', () => {
    const cases: [string, () => ReturnType<typeof suggestDispatch>, string][] = [
      ['no category', () => suggestDispatch(null, placeA1, CATALOG, UNITS), 'FALLBACK_NO_CATEGORY'],
      ['no catalogue entry', () => suggestDispatch(99, placeA1, CATALOG, UNITS), 'FALLBACK_NO_ENTRY'],
      [
        'an entry only for another place',
        () => suggestDispatch(9, placeB, [entry({ categoryId: 9, divisionCode: STREET_A, unitId: 302 })], UNITS),
        'FALLBACK_NO_ENTRY',
      ],
      ['street of the place unknown', () => suggestDispatch(8, nowhere, CATALOG, UNITS), 'FALLBACK_PLACE_UNKNOWN'],
      ['no unit for the street', () => suggestDispatch(8, { streetCode: '110105099', communityCode: null }, CATALOG, UNITS), 'FALLBACK_PLACE_UNKNOWN'],
      [
        'the named unit is inactive',
        () => suggestDispatch(5, placeA1, [entry({ categoryId: 5, divisionCode: null, unitId: 303 })], UNITS),
        'FALLBACK_UNIT_INACTIVE',
      ],
      [
        'the named unit does not exist',
        () => suggestDispatch(5, placeA1, [entry({ categoryId: 5, divisionCode: null, unitId: 999 })], UNITS),
        'FALLBACK_UNIT_INACTIVE',
      ],
      [
        'the street unit is inactive',
        () =>
          suggestDispatch(
            8,
            placeB,
            CATALOG,
            UNITS.map((u) => (u.id === 202 ? { ...u, active: false } : u)),
          ),
        'FALLBACK_UNIT_INACTIVE',
      ],
    ];
    it.each(cases)('%s', (_, run, code) => {
      const s = run();
      expect(s).toMatchObject({ leadUnitId: 100, coUnitIds: [], fallback: true, reasonCode: code });
      expect(hasChinese(s.reason)).toBe(true);
      expect(s.reason).toContain('兜底');
      expect(s.reason).toContain('区政府');
    });
  });

  it('keeps only active, distinct co-handlers other than the lead', () => {
    const entries = [entry({ categoryId: 6, divisionCode: null, unitId: 301, coUnitIds: [302, 303, 301, 999, 304, 302] })];
    expect(suggestDispatch(6, placeA1, entries, UNITS).coUnitIds).toEqual([302, 304]);
    const street = [entry({ categoryId: 6, divisionCode: STREET_A, unitType: 'street', coUnitIds: [201, 303, 302] })];
    expect(suggestDispatch(6, placeA1, street, UNITS)).toMatchObject({ leadUnitId: 201, coUnitIds: [302] });
  });

  it('throws when the district has no active fallback unit (a configuration bug)', () => {
    const units = UNITS.map((u) => (u.isFallback ? { ...u, active: false } : u));
    expect(() => suggestDispatch(7, placeA1, CATALOG, units)).toThrow(NoFallbackUnitError);
  });
});
