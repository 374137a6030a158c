import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  idCheckChar,
  idNumberProblem,
  maskIdNumber,
  normaliseAvailability,
  normaliseMobile,
  rankTeams,
  readRosterRow,
  ROSTER_COLUMNS,
  skillOf,
  stationLevelOf,
  stationName,
  type RosterField,
} from './volunteers.domain.ts';

const TODAY = '2026-03-02';

/** A valid ID number from its parts. */
const idOf = (region: string, birth: string, seq: string) => `${region}${birth}${seq}${idCheckChar(`${region}${birth}${seq}`)}`;

const region = fc.integer({ min: 100000, max: 899999 }).map(String);
const birth = fc
  .date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2026-03-01T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10).replaceAll('-', ''));
const seq = fc.integer({ min: 0, max: 999 }).map((n) => String(n).padStart(3, '0'));
const validId = fc.tuple(region, birth, seq).map(([r, b, s]) => idOf(r, b, s));

describe('resident ID numbers (GB 11643)', () => {
  it('accepts published examples and refuses their altered check digit', () => {
    // The standard's own example: 11010519491231002X.
    expect(idNumberProblem('11010519491231002X', TODAY)).toBeNull();
    expect(idNumberProblem('11010519491231002x', TODAY)).toBeNull();
    expect(idNumberProblem('110105194912310021', TODAY)).toBe('CHECK_DIGIT');
    expect(idCheckChar('44052418800101001')).toBe('4');
  });

  it('accepts every number built with its check character', () => {
    fc.assert(fc.property(validId, (id) => idNumberProblem(id, TODAY) === null));
  });

  it('detects every change of one digit', () => {
    fc.assert(
      fc.property(validId, fc.integer({ min: 0, max: 17 }), fc.integer({ min: 1, max: 9 }), (id, pos, delta) => {
        const chars = [...id];
        if (chars[pos] === 'X') return true;
        chars[pos] = String((Number(chars[pos]) + delta) % 10);
        return idNumberProblem(chars.join(''), TODAY) !== null;
      }),
    );
  });

  it('detects every swap of two different neighbouring digits', () => {
    fc.assert(
      fc.property(validId, fc.integer({ min: 0, max: 15 }), (id, pos) => {
        const chars = [...id];
        if (chars[pos] === chars[pos + 1]) return true;
        [chars[pos], chars[pos + 1]] = [chars[pos + 1]!, chars[pos]!];
        return idNumberProblem(chars.join(''), TODAY) !== null;
      }),
    );
  });

  it('names the problem: format, region, birth date, check digit', () => {
    expect(idNumberProblem('11010519491231002', TODAY)).toBe('FORMAT');
    expect(idNumberProblem('1101051949123100Y1', TODAY)).toBe('FORMAT');
    expect(idNumberProblem(idOf('010105', '19491231', '002'), TODAY)).toBe('REGION');
    expect(idNumberProblem(idOf('110105', '19490230', '002'), TODAY)).toBe('BIRTH_DATE');
    expect(idNumberProblem(idOf('110105', '18991231', '002'), TODAY)).toBe('BIRTH_DATE');
    expect(idNumberProblem(idOf('110105', '20260303', '002'), TODAY)).toBe('BIRTH_DATE');
    expect(idNumberProblem(idOf('110105', '20260302', '002'), TODAY)).toBeNull();
  });

  it('masks all but the region and the last four', () => {
    expect(maskIdNumber('11010519491231002X')).toBe('110105********002X');
    fc.assert(fc.property(validId, (id) => maskIdNumber(id).length === 18 && !maskIdNumber(id).includes(id.slice(6, 14))));
  });
});

describe('skills, availability, mobiles, stations', () => {
  it('reads a skill by code or Chinese label', () => {
    expect(skillOf('助老')).toBe('elderly_care');
    expect(skillOf(' haircut ')).toBe('haircut');
    expect(skillOf('飞行')).toBeUndefined();
  });

  it('normalises availability: no repeats, a stable order', () => {
    expect(
      normaliseAvailability([
        { weekday: 6, slot: 'evening' },
        { weekday: 1, slot: 'afternoon' },
        { weekday: 6, slot: 'morning' },
        { weekday: 1, slot: 'afternoon' },
      ]),
    ).toEqual([
      { weekday: 1, slot: 'afternoon' },
      { weekday: 6, slot: 'morning' },
      { weekday: 6, slot: 'evening' },
    ]);
  });

  it('reads mainland mobile numbers', () => {
    expect(normaliseMobile('+86 138-0000-1234')).toBe('13800001234');
    expect(normaliseMobile('12800001234')).toBeNull();
    expect(normaliseMobile('1380000123')).toBeNull();
  });

  it('places stations by the length of their division code', () => {
    expect(stationLevelOf('110109')).toBe('centre');
    expect(stationLevelOf('110109001')).toBe('institute');
    expect(stationLevelOf('110109001001')).toBe('station');
    expect(stationLevelOf('1101')).toBeNull();
    expect(stationName('大峪街道', 'institute')).toBe('大峪街道新时代文明实践所');
    expect(stationName('德露苑社区居委会', 'station')).toBe('德露苑社区新时代文明实践站');
    expect(stationName('炭厂村委会', 'station')).toBe('炭厂村新时代文明实践站');
  });
});

describe('a roster row', () => {
  const places = { isCommunity: (c: string) => c === '110109001001', isArea: (c: string) => c === '110109001001' || c === '110109001' };
  const read = (cells: Partial<Record<RosterField, string>>) => readRosterRow((f) => (cells[f] ?? '').trim(), places, TODAY);
  const good = { realName: '张三', phone: '13800001234', idNumber: '11010519491231002x', communityCode: '110109001001' };

  it('reads a good row, with skills by label and a leader', () => {
    const r = read({ ...good, skills: '助老、理发；助老', areas: '110109001', team: '  夕阳红   服务队 ', teamRole: '队长' });
    expect(r.problems).toEqual([]);
    expect(r.row).toEqual({
      realName: '张三',
      phone: '13800001234',
      idNumber: '11010519491231002X',
      communityCode: '110109001001',
      skills: ['elderly_care', 'haircut'],
      areas: ['110109001'],
      team: '夕阳红 服务队',
      leader: true,
    });
  });

  it('reports every bad field of a row, in Chinese with the field', () => {
    const r = read({ realName: '', phone: '123', idNumber: '110105194912310021', communityCode: '999', skills: '飞行', teamRole: '队长' });
    expect(r.row).toBeNull();
    expect(r.problems.map((p) => p.field)).toEqual(['姓名', '手机号', '身份证号', '社区编码', '技能', '队内角色']);
    expect(r.problems.every((p) => /[\u4e00-\u9fff]/.test(p.reason))).toBe(true);
  });

  it('has a column for every field', () => {
    for (const names of Object.values(ROSTER_COLUMNS)) expect(names.length).toBe(2);
  });
});

describe('rankTeams', () => {
  const team = (id: number, memberIds: number[]) => ({ id, memberIds });
  it('adds each member in full to every team they belong to, ranks by the total and leaves out teams with nothing', () => {
    const byMember = new Map([
      [1, 120],
      [2, 60],
      [3, 0],
    ]);
    const r = rankTeams([team(10, [1, 3]), team(11, [1, 2]), team(12, [3]), team(13, [2, 2])], byMember, 10);
    expect(r.map((t) => [t.team.id, t.rank, t.total, t.contributors])).toEqual([
      [11, 1, 180, 2],
      [10, 2, 120, 1],
      [13, 3, 60, 1],
    ]);
  });
  it('keeps the given order on ties and cuts at the limit', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.integer({ min: 1, max: 6 }), { maxLength: 4 }), { maxLength: 8 }),
        fc.integer({ min: 1, max: 5 }),
        (memberLists, limit) => {
          const teams = memberLists.map((m, i) => team(i, m));
          const byMember = new Map([1, 2, 3, 4, 5, 6].map((u) => [u, u * 10]));
          const r = rankTeams(teams, byMember, limit);
          expect(r.length).toBeLessThanOrEqual(limit);
          for (let i = 1; i < r.length; i++) {
            expect(r[i - 1]!.total).toBeGreaterThanOrEqual(r[i]!.total);
            if (r[i - 1]!.total === r[i]!.total) expect(r[i - 1]!.team.id).toBeLessThan(r[i]!.team.id);
          }
          expect(r.map((t) => t.rank)).toEqual(r.map((_, i) => i + 1));
        },
      ),
    );
  });
});
