/** English: Unit inbox, callback workbench, supervision queues. */
import type { workZhCN } from './work.zh-CN.ts';

export const workEn: Record<keyof typeof workZhCN, string> = {
};
