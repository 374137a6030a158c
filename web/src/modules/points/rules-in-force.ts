/** The earning rules a holder earns under today: each code's latest version whose date has come. */

export interface RuleVersionLike {
  code: string;
  effectiveFrom: string;
}

/** Today's Asia/Shanghai date (YYYY-MM-DD): rules take effect by the district's local date, not the phone's. */
export const todayInBeijing = (now = new Date()): string => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(now);

/** The version of each rule code in force on `today` (the latest that has taken effect), by code. */
export function rulesInForce<R extends RuleVersionLike>(rules: readonly R[], today: string): R[] {
  const best = new Map<string, R>();
  for (const r of rules) if (r.effectiveFrom <= today && (best.get(r.code)?.effectiveFrom ?? '') < r.effectiveFrom) best.set(r.code, r);
  return [...best.values()].sort((a, b) => a.code.localeCompare(b.code));
}
