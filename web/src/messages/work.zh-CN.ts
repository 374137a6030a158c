/** 中文: Unit inbox, callback workbench, supervision queues. Keys start with 'work.'; every key must also be in work.en.ts. */
export const workZhCN = {
} as const;
