/** 中文: Rankings, analytics, administration. Keys start with 'centre.'; every key must also be in centre.en.ts. */
export const centreZhCN = {
} as const;
