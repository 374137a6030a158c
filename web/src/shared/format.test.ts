import { describe, expect, it } from 'vitest';
import { beijingTime } from './format.ts';

describe('beijingTime', () => {
  it('shows an instant in Beijing time whatever zone the instant is written in', () => {
    expect(beijingTime('2026-02-04T17:30:00Z')).toBe('2026/02/05 01:30');
    expect(beijingTime('2026-02-05T01:30:00+08:00')).toBe('2026/02/05 01:30');
    expect(beijingTime('2026-02-04T12:30:00-05:00')).toBe('2026/02/05 01:30');
  });
  it('is empty for no instant', () => {
    expect(beijingTime(null)).toBe('');
    expect(beijingTime(undefined)).toBe('');
    expect(beijingTime('')).toBe('');
  });
});
