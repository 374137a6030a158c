/** 中文: Intake workbench and ticket page. Keys start with 'ticket.'; every key must also be in ticket.en.ts. */
export const ticketZhCN = {
} as const;
