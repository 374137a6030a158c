/** Number formats and message keys shared by the rankings, analytics and admin pages. */
import type { MessageKey } from '../messages/zh-CN.ts';

/** A rate in [0, 1] as a percentage with one decimal, or '—' when there is none. */
export const pct = (v: number | null | undefined): string => (v === null || v === undefined ? '—' : `${(v * 100).toFixed(1)}%`);

/** A score 0–100 with one decimal, or '—'. */
export const score = (v: number | null | undefined): string => (v === null || v === undefined ? '—' : v.toFixed(1));

/** Hours with one decimal, or '—'. */
export const hours = (v: number | null | undefined): string => (v === null || v === undefined ? '—' : v.toFixed(1));

/** A rate in [0, 1] as a percentage number with one decimal for charts (null stays null: a gap). */
export const pctValue = (v: number | null | undefined): number | null => (v === null || v === undefined ? null : Math.round(v * 1000) / 10);

/** The message key of a unit type's name (centre.unitType.street …). */
export const unitTypeKey = (type: string) => `centre.unitType.${type}` as MessageKey;

/** The message key of a role's name (centre.role.operator …). */
export const roleKey = (role: string) => `centre.role.${role}` as MessageKey;
