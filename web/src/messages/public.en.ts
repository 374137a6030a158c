/** English: Requester mobile page. */
import type { publicZhCN } from './public.zh-CN.ts';

export const publicEn: Record<keyof typeof publicZhCN, string> = {
};
