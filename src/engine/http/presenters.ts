/**
 * Presenters whitelist what leaves the server. Requesters' name and phone are always masked here; the
 * clear values are only returned by the reveal endpoint, which records the reveal. The address of the
 * problem is shown to those who handle it (they need it to act) and masked for everyone else.
 */
import type { Principal } from '../auth.ts';
import type { PersonalDataKeyring } from '../../platform/crypto/personal-data-crypto.ts';
import { addressFor, maskedRequester, mayReveal } from '../personal-data.ts';
import type { ReferenceSnapshot } from '../reference/reference-cache.ts';
import type { TicketDetails } from '../ticket-queries.ts';
import { ACTION_RULES } from '../domain/workflow/actions.ts';
import type { ActionType } from '../domain/workflow/events.ts';
import type { TicketSource } from '../domain/workflow/sources.ts';
import type { TicketEventRecord as TicketEventRow, TicketRecord as TicketRow } from '../ticket-queries.ts';
import type { Channel, Outcome, RequestType, TicketDueStatus, TicketKind, TicketState, Urgency } from '../domain/workflow/ticket.ts';

/** The columns hold values the domain wrote; the casts name their types for the response schema. */
type DueStatus = TicketDueStatus;

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

function unitRef(ref: ReferenceSnapshot, id: number | null) {
  if (id === null) return null;
  const u = ref.unitById.get(id);
  return { id, name: u?.name ?? `#${id}`, unitType: u?.unitType ?? 'unknown' };
}

function placeRef(ref: ReferenceSnapshot, code: string | null) {
  if (code === null) return null;
  return { code, name: ref.divisionByCode.get(code)?.name ?? code };
}

/** `pd` opens the sealed requester fields (personal data is encrypted at rest) just to mask them. */
export function presentTicketSummary(row: TicketRow, ref: ReferenceSnapshot, pd: PersonalDataKeyring) {
  const cat = row.categoryId === null ? null : ref.categoryById.get(row.categoryId);
  return {
    id: row.id,
    number: row.number,
    kind: row.kind as TicketKind,
    state: row.state as TicketState,
    requestType: row.requestType as RequestType,
    channel: row.channel as Channel,
    urgency: row.urgency as Urgency,
    title: row.title,
    category: cat ? { id: cat.id, code: cat.code, path: cat.path } : null,
    street: placeRef(ref, row.streetCode),
    community: placeRef(ref, row.communityCode),
    leadUnit: unitRef(ref, row.leadUnitId),
    coUnits: row.coUnitIds.map((id) => unitRef(ref, id)!),
    acceptedAt: iso(row.acceptedAt)!,
    dispatchedAt: iso(row.dispatchedAt),
    activeDueAt: iso(row.activeDueAt),
    replyDueAt: iso(row.replyDueAt),
    dueStatus: row.dueStatus as DueStatus,
    outcome: row.outcome as Outcome | null,
    supervisionLevel: row.supervisionLevel,
    requester: maskedRequester(pd, row),
  };
}

function presentEvent(e: TicketEventRow, ref: ReferenceSnapshot) {
  return {
    seq: e.seq,
    type: e.type,
    label: e.type === 'accept' ? '受理' : (ACTION_RULES[e.type as ActionType]?.label ?? e.type),
    at: e.at.toISOString(),
    actor:
      e.actorUserId === null
        ? null
        : e.actorRoles?.includes('requester')
          ? { userId: e.actorUserId, unit: null, isRequester: true }
          : { userId: e.actorUserId, unit: unitRef(ref, e.actorUnitId), isRequester: false },
    stateBefore: e.stateBefore,
    stateAfter: e.stateAfter,
    data: e.data as Record<string, unknown>,
  };
}

export function presentTicketDetails(d: TicketDetails, viewer: Principal, pd: PersonalDataKeyring) {
  const { row, ticket: t, ref } = d;
  return {
    ...presentTicketSummary(row, ref, pd),
    content: row.content,
    // The requester's address is personal data too (DOMAIN-RULES §13): clear only to those who may reveal it.
    address: addressFor(pd, viewer, row),
    latitude: row.latitude,
    longitude: row.longitude,
    source: row.source as TicketSource,
    sourceSystem: row.sourceSystem,
    timeLimitClass: row.timeLimitClass,
    fallback: t.fallback,
    deadlines: {
      sign: t.deadlines.sign
        ? { startedAt: iso(t.deadlines.sign.startedAt)!, dueAt: iso(t.deadlines.sign.dueAt)!, unit: t.deadlines.sign.unit, overdue: t.overdue.sign }
        : null,
      contact: t.deadlines.contact
        ? { startedAt: iso(t.deadlines.contact.startedAt)!, dueAt: iso(t.deadlines.contact.dueAt)!, unit: t.deadlines.contact.unit, overdue: t.overdue.contact }
        : null,
      reply: t.deadlines.reply
        ? { startedAt: iso(t.deadlines.reply.startedAt)!, dueAt: iso(t.deadlines.reply.dueAt)!, unit: t.deadlines.reply.unit, overdue: t.overdue.reply }
        : null,
    },
    signedAt: iso(t.signedAt),
    contactedAt: iso(t.contactedAt),
    repliedAt: iso(t.repliedAt),
    closedAt: iso(t.closedAt),
    replyText: t.replyText,
    paused: t.pause !== null,
    pendingExtension: t.pendingExtension
      ? { requestedAt: iso(t.pendingExtension.requestedAt)!, days: t.pendingExtension.days, reason: t.pendingExtension.reason }
      : null,
    deferral: t.deferral ? { since: iso(t.deferral.since)!, plan: t.deferral.plan, reviewDate: t.deferral.reviewDate, reviewDue: t.deferral.reviewDue } : null,
    callback: t.callback
      ? { at: iso(t.callback.at)!, contacted: t.callback.contacted, resolved: t.callback.resolved, satisfaction: t.callback.satisfaction }
      : null,
    invalidCallbacks: t.invalidCallbacks,
    specialRoute: t.specialRoute,
    repeatOfId: t.repeatOfId,
    appeal: t.appeal,
    excludedFromAssessment: t.excludedFromAssessment,
    redoCount: t.redoCount,
    version: t.version,
    mayRevealRequester: mayReveal(viewer, row.leadUnitId, row.coUnitIds),
    allowedActions: d.allowedActions,
    events: d.events.map((e) => presentEvent(e, ref)),
  };
}
