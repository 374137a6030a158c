/** English: Rankings, analytics, administration. */
import type { centreZhCN } from './centre.zh-CN.ts';

export const centreEn: Record<keyof typeof centreZhCN, string> = {
};
