/** What the volunteer pages share: the skill and slot lists (typed from the API), labels, the user's stations. */
import type { paths } from '../../api-types';
import type { ApiJson } from '../../shared/api.ts';
import type { Unit } from '../../shared/reference.ts';
import type { MessageKey } from '../../shell/i18n.tsx';

export type Profile = ApiJson<'/api/volunteers/me'>;
export type Skill = Profile['skills'][number];
export type Slot = Profile['availability'][number]['slot'];
export type Volunteer = ApiJson<'/api/volunteers'>['items'][number];
export type Team = ApiJson<'/api/teams'>['items'][number];
export type TeamDetail = ApiJson<'/api/teams/{id}'>;
export type TeamStatus = Team['status'];
export type RosterReport = paths['/api/volunteers/import']['post']['responses'][200]['content']['application/json'];

/** The server's skill codes, in its order (checked against the API's enum at typecheck). */
export const SKILLS = [
  'elderly_care',
  'disability_aid',
  'free_clinic',
  'legal_advice',
  'environment',
  'waste_sorting',
  'arts',
  'counselling',
  'appliance_repair',
  'haircut',
  'tutoring',
  'publicity',
  'patrol',
  'emergency',
  'civilised_traffic',
] as const satisfies readonly Skill[];
type Exhaustive<T extends never> = T;
export type EverySkill = Exhaustive<Exclude<Skill, (typeof SKILLS)[number]>>;

export const SLOTS = ['morning', 'afternoon', 'evening'] as const satisfies readonly Slot[];
export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;
export const TEAM_STATUSES = ['active', 'suspended', 'dissolved'] as const satisfies readonly TeamStatus[];

export const skillKey = (s: string) => `volunteer.skill.${s}` as MessageKey;
export const statusKey = (s: string) => `volunteer.status.${s}` as MessageKey;

/** The stations a staff member works for: their own unit and the stations below it (the server checks the same). */
export function myStations(units: readonly Unit[], unitId: number): Unit[] {
  const children = new Map<number, Unit[]>();
  for (const u of units) if (u.parentId !== null) children.set(u.parentId, [...(children.get(u.parentId) ?? []), u]);
  const out: Unit[] = [];
  const stack = units.filter((u) => u.id === unitId && u.unitType === 'station');
  while (stack.length > 0) {
    const u = stack.pop()!;
    out.push(u);
    stack.push(...(children.get(u.id) ?? []).filter((c) => c.unitType === 'station'));
  }
  return out.sort((a, b) => (a.divisionCode ?? '').localeCompare(b.divisionCode ?? ''));
}
