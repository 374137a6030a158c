/**
 * Requesters' personal data (DOMAIN §13): masked by default; revealed only to the centre and the
 * staff of the units handling the ticket, and every reveal is recorded with its reason.
 */
import { findTicketRow, insertReveal } from '../db/repositories/ticket.repository.ts';
import type { Principal } from './auth.ts';
import type { AppContext } from './context.ts';
import { AppError, notFound } from './errors.ts';
import { scopeOf } from './ticket-actions.ts';

/** 张三 → 张*, 欧阳娜娜 → 欧***; empty stays empty. */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length === 0) return '';
  return chars[0] + '*'.repeat(Math.max(1, chars.length - 1));
}

/** 13812341234 → 138****1234; short numbers keep only their last two digits. */
export function maskPhone(phone: string): string {
  const p = phone.trim();
  if (p.length === 0) return '';
  if (p.length >= 11) return `${p.slice(0, 3)}${'*'.repeat(p.length - 7)}${p.slice(-4)}`;
  return `${'*'.repeat(Math.max(0, p.length - 2))}${p.slice(-2)}`;
}

/** Masks an address after its first 6 characters (street and road stay, the door number goes). */
export function maskAddress(address: string): string {
  const chars = [...address];
  return chars.length <= 6 ? address : chars.slice(0, 6).join('') + '****';
}

const CENTRE_ROLES = new Set(['operator', 'callback_agent', 'centre_supervisor']);

/** Whether this user may reveal the personal data of a ticket handled by these units. */
export function mayReveal(p: Principal, leadUnitId: number | null, coUnitIds: readonly number[]): boolean {
  if (p.isCentre && p.roles.some((r) => CENTRE_ROLES.has(r))) return true;
  const handler = p.roles.includes('unit_handler') || p.roles.includes('unit_leader');
  return handler && (p.unitId === leadUnitId || coUnitIds.includes(p.unitId));
}

export async function revealRequester(ctx: AppContext, p: Principal, ticketId: number, reason: string) {
  const db = ctx.database.db;
  const row = await findTicketRow(db, ticketId, scopeOf(ctx, p));
  if (row === undefined) throw notFound('Ticket', ticketId);
  if (!mayReveal(p, row.leadUnitId, row.coUnitIds))
    throw new AppError('AUTH.FORBIDDEN', 'Only the command centre and the handling unit may see the requester');
  if (reason.trim().length < 2) throw new AppError('VALIDATION.INVALID_INPUT', 'Give the reason for viewing the personal data');
  await insertReveal(db, { districtCode: row.districtCode, ticketId, userId: p.userId, unitId: p.unitId, at: ctx.clock(), reason: reason.trim() });
  return { name: row.requesterName, phone: row.requesterPhone, address: row.address };
}
