/**
 * Requesters' personal data (DOMAIN-RULES §13): masked by default; revealed only to the centre and the
 * staff of the units handling the ticket, and every reveal is recorded with its reason.
 */
import { findTicketRow, insertReveal } from './ticket.repository.ts';
import type { Principal } from './auth.ts';
import type { AppContext } from './context.ts';
import { AppError, notFound } from '../platform/errors.ts';
import { PersonalDataKeyError, ticketAad, type PersonalDataKeyring } from '../platform/crypto/personal-data-crypto.ts';
import { scopeOf } from './ticket-actions.ts';

export { maskAddress, maskName, maskPhone } from './domain/shared/masking.ts';
import { maskAddress, maskName, maskPhone } from './domain/shared/masking.ts';

const CENTRE_ROLES = new Set(['operator', 'callback_agent', 'centre_supervisor']);

/** Whether this user may reveal the personal data of a ticket handled by these units. */
export function mayReveal(p: Principal, leadUnitId: number | null, coUnitIds: readonly number[]): boolean {
  if (p.isCentre && p.roles.some((r) => CENTRE_ROLES.has(r))) return true;
  const handler = p.roles.includes('unit_handler') || p.roles.includes('unit_leader');
  return handler && (p.unitId === leadUnitId || coUnitIds.includes(p.unitId));
}

/** The stored (sealed) requester fields of a ticket and the identity they are bound to. */
export interface SealedRequester {
  districtCode: string;
  id: number;
  requesterName?: string;
  requesterPhone?: string;
  address?: string;
}

const COLUMNS = { requesterName: 'requester_name', requesterPhone: 'requester_phone', address: 'address' } as const;

/** Opens one of a ticket's sealed requester fields (personal data at rest, personal-data-crypto.ts). */
export function openRequesterField(pd: PersonalDataKeyring, row: SealedRequester, field: keyof typeof COLUMNS): string {
  return pd.open(row[field] ?? '', ticketAad(row.districtCode, row.id, COLUMNS[field]));
}

/** Shown in place of a value that does not open (altered in the database): one bad row must not break a whole list. */
export const UNREADABLE_MARK = '〔无法解密 unreadable〕';

function shown(pd: PersonalDataKeyring, row: SealedRequester, field: keyof typeof COLUMNS, mask: (clear: string) => string): string {
  try {
    return mask(openRequesterField(pd, row, field));
  } catch (e) {
    if (e instanceof PersonalDataKeyError) return UNREADABLE_MARK;
    throw e;
  }
}

/** The requester as staff lists show them: name and phone masked. */
export function maskedRequester(pd: PersonalDataKeyring, row: SealedRequester) {
  return { name: shown(pd, row, 'requesterName', maskName), phone: shown(pd, row, 'requesterPhone', maskPhone), masked: true as const };
}

/** The address for this viewer: clear to those who may reveal the requester (they go there), masked otherwise. */
export function addressFor(
  pd: PersonalDataKeyring,
  viewer: Principal,
  row: SealedRequester & { leadUnitId: number | null; coUnitIds: readonly number[] },
): string {
  return shown(pd, row, 'address', mayReveal(viewer, row.leadUnitId, row.coUnitIds) ? (a) => a : maskAddress);
}

export async function revealRequester(ctx: AppContext, p: Principal, ticketId: number, reason: string) {
  const db = ctx.database.db;
  const row = await findTicketRow(db, ticketId, scopeOf(ctx, p));
  if (row === undefined) throw notFound('Ticket', ticketId);
  if (!mayReveal(p, row.leadUnitId, row.coUnitIds)) throw new AppError('AUTH.FORBIDDEN', 'Only the command centre and the handling unit may see the requester');
  if (reason.trim().length < 2) throw new AppError('VALIDATION.INVALID_INPUT', 'Give the reason for viewing the personal data');
  await insertReveal(db, { districtCode: row.districtCode, ticketId, userId: p.userId, unitId: p.unitId, at: ctx.clock(), reason: reason.trim() });
  const pd = ctx.personalData;
  return {
    name: openRequesterField(pd, row, 'requesterName'),
    phone: openRequesterField(pd, row, 'requesterPhone'),
    address: openRequesterField(pd, row, 'address'),
  };
}
