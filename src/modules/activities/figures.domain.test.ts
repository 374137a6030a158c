import { describe, expect, it } from 'vitest';
import { addCounts, DISTRICT_LEVEL, emptyCounts, figuresScope, rateOf, streetOfUnit, type DivisionRef, type UnitRef } from './figures.domain.ts';

const divisions = new Map<string, DivisionRef>(
  [
    { code: '110109', name: '门头沟区', level: 'district', parentCode: '110100' },
    { code: '110109001', name: '大峪街道', level: 'street', parentCode: '110109' },
    { code: '110109001001', name: '某社区', level: 'community', parentCode: '110109001' },
  ].map((d) => [d.code, d as DivisionRef]),
);
const units = new Map<number, UnitRef>(
  [
    { id: 1, unitType: 'district', divisionCode: '110109' },
    { id: 2, unitType: 'station', divisionCode: '110109' },
    { id: 3, unitType: 'street', divisionCode: '110109001' },
    { id: 4, unitType: 'station', divisionCode: '110109001' },
    { id: 5, unitType: 'station', divisionCode: '110109001001' },
    { id: 6, unitType: 'department', divisionCode: null },
    { id: 7, unitType: 'centre', divisionCode: '110109' },
  ].map((u) => [u.id, u]),
);

describe('streetOfUnit', () => {
  it('counts a community station for its street, a street for itself, and the rest at district level', () => {
    expect(streetOfUnit(units.get(5), divisions)).toBe('110109001');
    expect(streetOfUnit(units.get(4), divisions)).toBe('110109001');
    expect(streetOfUnit(units.get(3), divisions)).toBe('110109001');
    for (const id of [1, 2, 6, 99]) expect(streetOfUnit(units.get(id), divisions)).toBe(DISTRICT_LEVEL);
  });
});

describe('figuresScope', () => {
  const scope = (roles: string[], unitId: number) => figuresScope({ roles: roles as never, unitId }, units, divisions);
  it('gives every street to supervisors, admins and leaders at district level, one street to a street’s leaders', () => {
    expect(scope(['centre_supervisor'], 7)).toEqual({ kind: 'all' });
    expect(scope(['admin'], 6)).toEqual({ kind: 'all' });
    expect(scope(['unit_leader'], 1)).toEqual({ kind: 'all' });
    expect(scope(['unit_leader'], 2)).toEqual({ kind: 'all' });
    expect(scope(['unit_leader'], 3)).toEqual({ kind: 'street', code: '110109001' });
    expect(scope(['unit_leader', 'unit_handler'], 4)).toEqual({ kind: 'street', code: '110109001' });
  });
  it('gives nothing to handlers and to leaders of departments and community stations', () => {
    expect(scope(['unit_handler'], 3)).toEqual({ kind: 'none' });
    expect(scope(['unit_leader'], 5)).toEqual({ kind: 'none' });
    expect(scope(['unit_leader'], 6)).toEqual({ kind: 'none' });
    expect(scope(['unit_leader'], 99)).toEqual({ kind: 'none' });
  });
});

describe('rates and counts', () => {
  it('has no rate without anything to measure, and rounds to four places', () => {
    expect(rateOf(0, 0)).toBeNull();
    expect(rateOf(2, 3)).toBe(0.6667);
    expect(rateOf(3, 3)).toBe(1);
  });
  it('adds counts field by field', () => {
    expect(addCounts(addCounts(emptyCounts(), { orders: 2, minutes: 30 }), { orders: 1 })).toEqual({ ...emptyCounts(), orders: 3, minutes: 30 });
  });
});
