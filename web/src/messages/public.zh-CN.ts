/** 中文: Requester mobile page. Keys start with 'public.'; every key must also be in public.en.ts. */
export const publicZhCN = {
} as const;
