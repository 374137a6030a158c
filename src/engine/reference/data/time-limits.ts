/**
 * The default time-limit preset, one row per time-limit class (DOMAIN-RULES §4.2). Published practice:
 * threats to life or property 2 hours; water, power, gas and heating 24 hours; general requests
 * 7 days; complex ones 15 days; online intake (sign-for) within 2 hours. These are seed defaults
 * that an administrator edits; the domain never hard-codes them.
 */
import type { TimeLimitClass } from './categories.ts';

/** Natural (wall-clock) hours, or working days on the official calendar. */
export type LimitUnit = 'natural_hours' | 'working_days';

/** A time limit: an amount of a unit. */
export interface Limit {
  amount: number;
  unit: LimitUnit;
}

/** One time-limit class with its sign-for, first-contact and reply limits. */
export interface TimeLimitClassSeed {
  code: TimeLimitClass;
  name: string;
  nameEn: string;
  sign: Limit;
  contact: Limit;
  reply: Limit;
}

const hours = (amount: number): Limit => ({ amount, unit: 'natural_hours' });
const workingDays = (amount: number): Limit => ({ amount, unit: 'working_days' });

/** The default preset (DOMAIN-RULES §4.2). */
export const TIME_LIMIT_CLASSES: TimeLimitClassSeed[] = [
  {
    code: 'emergency',
    name: '紧急类',
    nameEn: 'Emergency / threat to life or property',
    sign: hours(1),
    contact: hours(1),
    reply: hours(2),
  },
  {
    code: 'utility',
    name: '水电气热类',
    nameEn: 'Water, power, gas and heating',
    sign: hours(2),
    contact: hours(4),
    reply: hours(24),
  },
  {
    code: 'general',
    name: '一般类',
    nameEn: 'General',
    sign: hours(2),
    contact: workingDays(1),
    reply: workingDays(7),
  },
  {
    code: 'complex',
    name: '复杂类',
    nameEn: 'Complex',
    sign: hours(2),
    contact: workingDays(1),
    reply: workingDays(15),
  },
];
