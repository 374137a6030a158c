/** English: Intake workbench and ticket page. */
import type { ticketZhCN } from './ticket.zh-CN.ts';

export const ticketEn: Record<keyof typeof ticketZhCN, string> = {
};
