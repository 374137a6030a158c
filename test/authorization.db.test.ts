/**
 * Who may do what, for every operation under /api (read from the OpenAPI document) and every demo
 * role, against tickets owned by different units. The expectations are written out per operation and
 * role below; an operation without a row fails the test, so a new route cannot ship without a rule.
 *
 * Scope rule (DOMAIN-RULES §3, `principalFromToken` + `unitWithDescendants`): the command centre and admins
 * see every ticket; any other user sees the tickets whose lead or co-handling unit is their unit or a
 * unit below it in the `parentId` tree. In the seeded reference data (src/engine/reference/data/units.ts) the
 * streets, the departments and the centre have the district government as parent; public-service
 * enterprises have no parent. So `gov` sees the tickets of every street and department (and of a ticket
 * only co-handled by one), but not an enterprise's, and not a ticket still waiting for dispatch; a
 * street or a department sees only its own. A ticket outside one's scope is 404, never 403.
 * Personal data: no ticket view shows the requester's clear name or phone; the reveal works for the
 * centre and for the lead and co-handling units only (403 for a supervising unit such as `gov` on a
 * street's ticket), and each successful reveal is recorded.
 */
import { count } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { login, principalOfUsername } from '../src/engine/auth.ts';
import { awardPoints } from '../src/modules/points/index.ts';
import { addItem, addPartner, redeem } from '../src/modules/points/points.service.ts';
import { seedPointsRules } from '../src/modules/points/points.seed.ts';
import { adminOf, buildHolder } from './builders/points.ts';
import { ACTION_RULES } from '../src/engine/domain/workflow/actions.ts';
import { DEFAULT_RULE_SET as PARTY_RULES } from '../src/modules/party/rating.domain.ts';
import { personalDataReveals } from '../src/schema.ts';
import { apiOperations, expectErrorShape, fillPath, send, sessions, type RawResponse } from './support/api-surface.ts';
import { createHarness, dbKind, PASSWORD } from './support/harness.ts';
import { multipartFile, pngImage } from './support/images.ts';
import { buildVolunteer } from './builders/activity-volunteers.ts';
import { answerOrder, createMenuItem, dispatchOrder, placeOrder, recordService } from '../src/modules/volunteers/orders.service.ts';
import { volunteerFixtures } from './support/volunteer-fixtures.ts';

const h = await createHarness();
afterAll(async () => {
  await h.close();
});
const token = sessions(h);
const db = h.ctx.database.db;
const ref = await h.ctx.reference.get();

const ROLES = ['operator', 'callback', 'supervisor', 'admin', 'street', 'street.leader', 'cgw', 'gov'] as const;
type RoleUser = (typeof ROLES)[number];

/**
 * Who owns the ticket (its lead unit, and co-handlers):
 * U unassigned (accepted, not dispatched) · S the first street (`street`'s unit) · O another street ·
 * D the City Management Commission (`cgw`) · G the district government (`gov`) ·
 * C another street leads and `cgw` co-handles · E a public-service enterprise (power company).
 */
const COLUMNS = ['U', 'S', 'O', 'D', 'G', 'C', 'E'] as const;
type Column = (typeof COLUMNS)[number];

const STREET_CODE = '110109001';
const unitCode: Record<Exclude<Column, 'U'>, string> = {
  S: `ST-${STREET_CODE}`,
  O: 'ST-110109002',
  D: 'DEPT-CGW',
  G: 'GOV-110109',
  C: 'ST-110109002',
  E: 'ENT-POWER',
};
const owner = (c: Column) => (c === 'U' ? null : { lead: h.unitId(unitCode[c]), co: c === 'C' ? [h.unitId('DEPT-CGW')] : [] });
/** The account acting for the lead unit while a test ticket is brought into shape. */
const leadAccount = (c: Column) => `h.${unitCode[c as Exclude<Column, 'U'>].toLowerCase()}`;

// ---------------------------------------------------------------------------------------------
// The expectation table. A allowed (2xx) · F forbidden (403) · N not found, outside the scope (404) ·
// - not tried (the ticket cannot be in a state where the action applies).
// Ticket routes: one letter per column U S O D G C E. Other routes: one letter.

type Row = Record<RoleUser, string>;
const row = (...v: string[]): Row => Object.fromEntries(ROLES.map((r, i) => [r, v[i]!])) as Row;

const EXPECT: Record<string, Row> = {
  //                                                operator   callback   supervisor admin      street     street.leader cgw     gov
  'POST /api/auth/login': /*                    */ row('A', 'A', 'A', 'A', 'A', 'A', 'A', 'A'),
  'POST /api/auth/logout': /*                   */ row('A', 'A', 'A', 'A', 'A', 'A', 'A', 'A'),
  'GET /api/auth/me': /*                        */ row('A', 'A', 'A', 'A', 'A', 'A', 'A', 'A'),
  'GET /api/units': /*                          */ row('A', 'A', 'A', 'A', 'A', 'A', 'A', 'A'),
  'GET /api/categories': /*                     */ row('A', 'A', 'A', 'A', 'A', 'A', 'A', 'A'),
  'GET /api/divisions': /*                      */ row('A', 'A', 'A', 'A', 'A', 'A', 'A', 'A'),
  'GET /api/time-limits': /*                    */ row('A', 'A', 'A', 'A', 'A', 'A', 'A', 'A'),
  'GET /api/reference/labels': /*               */ row('A', 'A', 'A', 'A', 'A', 'A', 'A', 'A'),
  'GET /api/knowledge': /*                      */ row('A', 'A', 'A', 'A', 'A', 'A', 'A', 'A'),
  'POST /api/tickets': /*                       */ row('A', 'F', 'A', 'A', 'F', 'F', 'F', 'F'),
  'GET /api/tickets': /*                        */ row('A', 'A', 'A', 'A', 'A', 'A', 'A', 'A'),
  'GET /api/routing/suggest': /*                */ row('A', 'A', 'A', 'A', 'A', 'A', 'A', 'A'),
  'GET /api/tickets/repeat-candidates': /*      */ row('A', 'F', 'A', 'A', 'F', 'F', 'F', 'F'),
  'GET /api/assessment/rankings': /*            */ row('A', 'A', 'A', 'A', 'A', 'A', 'A', 'A'),
  'GET /api/assessment/rules': /*               */ row('A', 'A', 'A', 'A', 'A', 'A', 'A', 'A'),
  'POST /api/assessment/rules': /*              */ row('F', 'F', 'A', 'A', 'F', 'F', 'F', 'F'),
  'POST /api/imports': /*                       */ row('F', 'F', 'A', 'A', 'F', 'F', 'F', 'F'),
  'GET /api/imports': /*                        */ row('F', 'F', 'A', 'A', 'F', 'F', 'F', 'F'),
  'GET /api/imports/{id}': /*                   */ row('F', 'F', 'A', 'A', 'F', 'F', 'F', 'F'),
  'GET /api/admin/calendar/{year}': /*          */ row('F', 'F', 'F', 'A', 'F', 'F', 'F', 'F'),
  'PUT /api/admin/calendar/{year}': /*          */ row('F', 'F', 'F', 'A', 'F', 'F', 'F', 'F'),
  'PUT /api/admin/time-limits/{code}': /*       */ row('F', 'F', 'F', 'A', 'F', 'F', 'F', 'F'),
  // Analytics: the centre's supervisors, admins and unit leaders (aggregates only). Units and users: admins.
  'GET /api/analytics/volume': /*               */ row('F', 'F', 'A', 'A', 'F', 'A', 'F', 'A'),
  'GET /api/analytics/rates': /*                */ row('F', 'F', 'A', 'A', 'F', 'A', 'F', 'A'),
  'POST /api/admin/units': /*                   */ row('F', 'F', 'F', 'A', 'F', 'F', 'F', 'F'),
  'PATCH /api/admin/units/{id}': /*             */ row('F', 'F', 'F', 'A', 'F', 'F', 'F', 'F'),
  'GET /api/admin/users': /*                    */ row('F', 'F', 'F', 'A', 'F', 'F', 'F', 'F'),
  'POST /api/admin/users': /*                   */ row('F', 'F', 'F', 'A', 'F', 'F', 'F', 'F'),
  'PATCH /api/admin/users/{id}': /*             */ row('F', 'F', 'F', 'A', 'F', 'F', 'F', 'F'),
  'GET /api/admin/dispatch-catalog': /*         */ row('F', 'F', 'A', 'A', 'F', 'F', 'F', 'F'),
  'POST /api/admin/dispatch-catalog': /*        */ row('F', 'F', 'F', 'A', 'F', 'F', 'F', 'F'),
  'DELETE /api/admin/dispatch-catalog/{id}': /* */ row('F', 'F', 'F', 'A', 'F', 'F', 'F', 'F'),
  // The category tree: admins edit it (everyone reads it through GET /api/categories).
  'POST /api/admin/categories': /*              */ row('F', 'F', 'F', 'A', 'F', 'F', 'F', 'F'),
  'PATCH /api/admin/categories/{id}': /*        */ row('F', 'F', 'F', 'A', 'F', 'F', 'F', 'F'),
  // Automatic supervision spans: the centre's supervisors read them, admins set them.
  'GET /api/admin/supervision-escalation': /*   */ row('F', 'F', 'A', 'A', 'F', 'F', 'F', 'F'),
  'PUT /api/admin/supervision-escalation': /*   */ row('F', 'F', 'F', 'A', 'F', 'F', 'F', 'F'),
  // Work queues: the centre's supervisors, the callback agents (callback queue), everyone (inbox tab counts).
  'GET /api/queues': /*                         */ row('F', 'A', 'A', 'A', 'F', 'F', 'F', 'F'),
  'GET /api/queues/inbox': /*                   */ row('A', 'A', 'A', 'A', 'A', 'A', 'A', 'A'),
  'GET /api/queues/callback': /*                */ row('F', 'A', 'A', 'A', 'F', 'F', 'F', 'F'),
  'GET /api/queues/{name}': /*                  */ row('F', 'F', 'A', 'A', 'F', 'F', 'F', 'F'),
  // The requester page needs no login (the same answer whoever asks); any signed-in user may upload a photo.
  'GET /api/public/divisions': /*               */ row('A', 'A', 'A', 'A', 'A', 'A', 'A', 'A'),
  'GET /api/public/categories': /*              */ row('A', 'A', 'A', 'A', 'A', 'A', 'A', 'A'),
  'POST /api/public/requests': /*               */ row('A', 'A', 'A', 'A', 'A', 'A', 'A', 'A'),
  'GET /api/public/requests/{number}': /*       */ row('A', 'A', 'A', 'A', 'A', 'A', 'A', 'A'),
  'POST /api/public/requests/{number}/rating': /* */ row('A', 'A', 'A', 'A', 'A', 'A', 'A', 'A'),
  'POST /api/public/attachments': /*            */ row('A', 'A', 'A', 'A', 'A', 'A', 'A', 'A'),
  // Whistles (吹哨报到): streets blow and rate, summoned departments report in; staff of the units involved and the centre read.
  'POST /api/whistles': /*                      */ row('F', 'F', 'F', 'F', 'A', 'A', 'F', 'F'),
  'GET /api/whistles': /*                       */ row('F', 'F', 'A', 'A', 'A', 'A', 'A', 'A'),
  'GET /api/whistles/assessment': /*            */ row('F', 'F', 'A', 'A', 'A', 'A', 'A', 'A'),
  'GET /api/whistles/{id}': /*                  */ row('F', 'F', 'A', 'A', 'A', 'A', 'A', 'A'),
  'GET /api/whistles/by-source/{id}': /*        */ row('A', 'A', 'A', 'A', 'A', 'A', 'N', 'A'),
  'POST /api/whistles/{id}/report-in': /*       */ row('F', 'F', 'F', 'F', 'F', 'F', 'A', 'F'),
  'POST /api/whistles/{id}/ratings': /*         */ row('F', 'F', 'F', 'F', 'A', 'A', 'F', 'F'),
  // Ledgers (台账): every staff user reads (items scoped like tickets); the centre's supervisors and admins edit.
  'GET /api/ledgers': /*                        */ row('A', 'A', 'A', 'A', 'A', 'A', 'A', 'A'),
  'POST /api/ledgers': /*                       */ row('F', 'F', 'A', 'A', 'F', 'F', 'F', 'F'),
  'GET /api/ledgers/{id}': /*                   */ row('A', 'A', 'A', 'A', 'A', 'A', 'A', 'A'),
  'GET /api/ledgers/{id}/items': /*             */ row('A', 'A', 'A', 'A', 'A', 'A', 'A', 'A'),
  'POST /api/ledgers/{id}/items': /*            */ row('F', 'F', 'A', 'A', 'F', 'F', 'F', 'F'),
  'DELETE /api/ledgers/{id}/items/{ticketId}': /* */ row('F', 'F', 'A', 'A', 'F', 'F', 'F', 'F'),
  'GET /api/ledgers/{id}/summary': /*           */ row('A', 'A', 'A', 'A', 'A', 'A', 'A', 'A'),
  'GET /api/ledgers/{id}/export.xlsx': /*       */ row('A', 'A', 'A', 'A', 'A', 'A', 'A', 'A'),
  'POST /api/ledgers/{id}/import': /*           */ row('F', 'F', 'A', 'A', 'F', 'F', 'F', 'F'),
  // Grids: admins import and assign; everyone signed in lists grids; only grid workers (none here) report.
  'POST /api/admin/grids': /*                   */ row('F', 'F', 'F', 'A', 'F', 'F', 'F', 'F'),
  'GET /api/grids': /*                          */ row('A', 'A', 'A', 'A', 'A', 'A', 'A', 'A'),
  'POST /api/admin/grids/{code}/workers': /*    */ row('F', 'F', 'F', 'A', 'F', 'F', 'F', 'F'),
  'DELETE /api/admin/grids/{code}/workers/{userId}': row('F', 'F', 'F', 'A', 'F', 'F', 'F', 'F'),
  'POST /api/grid-reports': /*                  */ row('F', 'F', 'F', 'F', 'F', 'F', 'F', 'F'),
  'GET /api/grid-reports/mine': /*              */ row('F', 'F', 'F', 'F', 'F', 'F', 'F', 'F'),
  // Building-door boards: admins import; the centre, admins and the community's street list; the board and its QR code are public.
  'POST /api/admin/buildings': /*               */ row('F', 'F', 'F', 'A', 'F', 'F', 'F', 'F'),
  'GET /api/buildings': /*                      */ row('A', 'A', 'A', 'A', 'A', 'A', 'F', 'F'),
  'GET /api/public/boards/{code}': /*           */ row('A', 'A', 'A', 'A', 'A', 'A', 'A', 'A'),
  'GET /api/public/boards/{code}/qr.svg': /*    */ row('A', 'A', 'A', 'A', 'A', 'A', 'A', 'A'),
  'POST /api/attachments': /*                   */ row('A', 'A', 'A', 'A', 'A', 'A', 'A', 'A'),
  // A photo attached to a ticket of the first street: whoever sees that ticket.
  'GET /api/attachments/{id}/content': /*       */ row('A', 'A', 'A', 'A', 'A', 'A', 'N', 'A'),
  // 文明积分银行: everyone signed in reads rules, catalogue and leaderboards; the centre's supervisors and admins keep
  // them, audit and reverse; a street's handlers confirm conduct in their street; the staff of the unit running a
  // redemption point hand out and cancel (the first street runs the one here); only residents and volunteers (none
  // of these users) redeem and have an account.
  'GET /api/points/rules': /*                   */ row('A', 'A', 'A', 'A', 'A', 'A', 'A', 'A'),
  'POST /api/points/rules': /*                  */ row('F', 'F', 'A', 'A', 'F', 'F', 'F', 'F'),
  'POST /api/points/conduct-awards': /*         */ row('F', 'F', 'F', 'F', 'A', 'A', 'F', 'F'),
  'POST /api/points/transactions/{id}/reverse': row('F', 'F', 'A', 'A', 'F', 'F', 'F', 'F'),
  'GET /api/points/partners': /*                */ row('A', 'A', 'A', 'A', 'A', 'A', 'A', 'A'),
  'POST /api/points/partners': /*               */ row('F', 'F', 'A', 'A', 'F', 'F', 'F', 'F'),
  'PATCH /api/points/partners/{id}': /*         */ row('F', 'F', 'A', 'A', 'F', 'F', 'F', 'F'),
  'GET /api/points/items': /*                   */ row('A', 'A', 'A', 'A', 'A', 'A', 'A', 'A'),
  'POST /api/points/items': /*                  */ row('F', 'F', 'A', 'A', 'F', 'F', 'F', 'F'),
  'PATCH /api/points/items/{id}': /*            */ row('F', 'F', 'A', 'A', 'F', 'F', 'F', 'F'),
  'POST /api/points/items/{id}/stock': /*       */ row('F', 'F', 'A', 'A', 'F', 'F', 'F', 'F'),
  'POST /api/points/redemptions': /*            */ row('F', 'F', 'F', 'F', 'F', 'F', 'F', 'F'),
  'GET /api/points/redemptions/mine': /*        */ row('F', 'F', 'F', 'F', 'F', 'F', 'F', 'F'),
  'GET /api/points/redemptions': /*             */ row('F', 'F', 'A', 'A', 'A', 'A', 'A', 'A'),
  'POST /api/points/redemptions/collect': /*    */ row('F', 'F', 'A', 'A', 'A', 'A', 'N', 'N'),
  'POST /api/points/redemptions/{id}/cancel': /**/ row('F', 'F', 'A', 'A', 'A', 'A', 'N', 'N'),
  'GET /api/points/me': /*                      */ row('F', 'F', 'F', 'F', 'F', 'F', 'F', 'F'),
  'GET /api/points/leaderboard': /*             */ row('A', 'A', 'A', 'A', 'A', 'A', 'A', 'A'),
  'GET /api/points/leaderboard/teams': /*       */ row('A', 'A', 'A', 'A', 'A', 'A', 'A', 'A'),
  'GET /api/points/audit': /*                   */ row('F', 'F', 'A', 'A', 'F', 'F', 'F', 'F'),

  // Volunteer activities (志愿活动), organised by the first street: its handlers and leaders (and the government above it, and
  // admins) manage; leaders and admins coordinate (manual records, corrections); volunteers (none here) sign up and check in.
  'GET /api/activities': /*                     */ row('A', 'A', 'A', 'A', 'A', 'A', 'A', 'A'),
  'POST /api/activities': /*                    */ row('F', 'F', 'F', 'A', 'A', 'A', 'A', 'A'),
  'GET /api/activities/{id}': /*                */ row('A', 'A', 'A', 'A', 'A', 'A', 'A', 'A'),
  'PATCH /api/activities/{id}': /*              */ row('F', 'F', 'F', 'A', 'A', 'A', 'F', 'A'),
  'POST /api/activities/{id}/publish': /*       */ row('F', 'F', 'F', 'A', 'A', 'A', 'F', 'A'),
  'POST /api/activities/{id}/cancel': /*        */ row('F', 'F', 'F', 'A', 'A', 'A', 'F', 'A'),
  'POST /api/activities/{id}/sessions': /*      */ row('F', 'F', 'F', 'A', 'A', 'A', 'F', 'A'),
  'PATCH /api/activities/sessions/{sessionId}': row('F', 'F', 'F', 'A', 'A', 'A', 'F', 'A'),
  'GET /api/activities/sessions/{sessionId}/signups': row('F', 'F', 'F', 'A', 'A', 'A', 'F', 'A'),
  'POST /api/activities/sessions/{sessionId}/signups': row('F', 'F', 'F', 'F', 'F', 'F', 'F', 'F'),
  'DELETE /api/activities/sessions/{sessionId}/signups/me': row('F', 'F', 'F', 'F', 'F', 'F', 'F', 'F'),
  'GET /api/activities/sessions/{sessionId}/check-in-code': row('F', 'F', 'F', 'A', 'A', 'A', 'F', 'A'),
  'POST /api/activities/check-ins': /*          */ row('F', 'F', 'F', 'F', 'F', 'F', 'F', 'F'),
  'POST /api/activities/sessions/{sessionId}/hours': row('F', 'F', 'F', 'A', 'A', 'A', 'F', 'A'),
  'POST /api/activities/sessions/{sessionId}/manual-hours': row('F', 'F', 'F', 'A', 'F', 'A', 'F', 'A'),
  'POST /api/activities/hours/{recordId}/corrections': row('F', 'F', 'F', 'A', 'F', 'A', 'F', 'A'),
  'GET /api/activities/volunteers': /*          */ row('F', 'F', 'F', 'A', 'F', 'A', 'F', 'A'),
  'GET /api/activities/volunteers/{userId}/record': row('F', 'F', 'A', 'A', 'A', 'A', 'A', 'A'),
  'GET /api/activities/my/signups': /*          */ row('F', 'F', 'F', 'F', 'F', 'F', 'F', 'F'),
  'GET /api/activities/my/hours': /*            */ row('F', 'F', 'F', 'F', 'F', 'F', 'F', 'F'),
  'GET /api/activities/my/certificate.pdf': /*  */ row('F', 'F', 'F', 'F', 'F', 'F', 'F', 'F'),
  'GET /api/activities/leaderboard': /*         */ row('A', 'A', 'A', 'A', 'A', 'A', 'A', 'A'),
  'GET /api/activities/leaderboard/teams': /*   */ row('A', 'A', 'A', 'A', 'A', 'A', 'A', 'A'),
  // The leaders' figures: the centre's supervisors and admins, the district government's leader (every street), the
  // street's leader (their street); handlers and the department's handler are refused.
  'GET /api/activities/figures': /*             */ row('F', 'F', 'A', 'A', 'F', 'A', 'F', 'A'),
  // Volunteers (志愿服务): none of these staff is a resident, a volunteer or the staff of a practice station (see the
  // volunteer matrix below). Registering and claiming a resident's account need no account at all.
  'POST /api/residents': /*                     */ row('A', 'A', 'A', 'A', 'A', 'A', 'A', 'A'),
  'POST /api/residents/claim': /*               */ row('A', 'A', 'A', 'A', 'A', 'A', 'A', 'A'),
  'GET /api/residents/me': /*                   */ row('F', 'F', 'F', 'F', 'F', 'F', 'F', 'F'),
  'GET /api/volunteers/me': /*                  */ row('F', 'F', 'F', 'F', 'F', 'F', 'F', 'F'),
  'POST /api/volunteers/me': /*                 */ row('F', 'F', 'F', 'F', 'F', 'F', 'F', 'F'),
  'PATCH /api/volunteers/me': /*                */ row('F', 'F', 'F', 'F', 'F', 'F', 'F', 'F'),
  'GET /api/volunteers': /*                     */ row('F', 'F', 'F', 'F', 'F', 'F', 'F', 'F'),
  'POST /api/volunteers/import': /*             */ row('F', 'F', 'F', 'F', 'F', 'F', 'F', 'F'),
  'GET /api/volunteers/{userId}': /*            */ row('F', 'F', 'F', 'F', 'F', 'F', 'F', 'F'),
  'POST /api/volunteers/{userId}/reveal': /*    */ row('F', 'F', 'F', 'F', 'F', 'F', 'F', 'F'),
  'GET /api/teams': /*                          */ row('F', 'F', 'F', 'F', 'F', 'F', 'F', 'F'),
  'POST /api/teams': /*                         */ row('F', 'F', 'F', 'F', 'F', 'F', 'F', 'F'),
  'GET /api/teams/{id}': /*                     */ row('F', 'F', 'F', 'F', 'N', 'N', 'N', 'N'),
  'PATCH /api/teams/{id}': /*                   */ row('F', 'F', 'F', 'F', 'F', 'F', 'F', 'F'),
  'POST /api/teams/{id}/members': /*            */ row('F', 'F', 'F', 'F', 'F', 'F', 'F', 'F'),
  'DELETE /api/teams/{id}/members/{userId}': /* */ row('F', 'F', 'F', 'F', 'F', 'F', 'F', 'F'),
  'POST /api/teams/{id}/join': /*               */ row('F', 'F', 'F', 'F', 'F', 'F', 'F', 'F'),
  // Service orders: residents order and rate, the centre orders on the hotline, station staff dispatch, team leaders
  // answer and serve (the volunteer matrix below); every unit's staff and the centre's supervisors see the ranking.
  'GET /api/volunteers/orders/menu': /*         */ row('F', 'F', 'F', 'F', 'F', 'F', 'F', 'F'),
  'POST /api/volunteers/orders': /*             */ row('F', 'F', 'F', 'F', 'F', 'F', 'F', 'F'),
  'GET /api/volunteers/orders/mine': /*         */ row('F', 'F', 'F', 'F', 'F', 'F', 'F', 'F'),
  'POST /api/volunteers/orders/{id}/rating': /* */ row('F', 'F', 'F', 'F', 'F', 'F', 'F', 'F'),
  'GET /api/volunteers/orders/hotline/menu': /* */ row('A', 'F', 'A', 'A', 'F', 'F', 'F', 'F'),
  'POST /api/volunteers/orders/hotline': /*     */ row('A', 'F', 'A', 'A', 'F', 'F', 'F', 'F'),
  'GET /api/volunteers/menu': /*                */ row('F', 'F', 'F', 'F', 'F', 'F', 'F', 'F'),
  'POST /api/volunteers/menu': /*               */ row('F', 'F', 'F', 'F', 'F', 'F', 'F', 'F'),
  'PATCH /api/volunteers/menu/{id}': /*         */ row('F', 'F', 'F', 'F', 'F', 'F', 'F', 'F'),
  'GET /api/volunteers/orders': /*              */ row('F', 'F', 'F', 'F', 'F', 'F', 'F', 'F'),
  'GET /api/volunteers/orders/ranking': /*      */ row('F', 'F', 'A', 'A', 'A', 'A', 'A', 'A'),
  'GET /api/volunteers/orders/team': /*         */ row('F', 'F', 'F', 'F', 'F', 'F', 'F', 'F'),
  'GET /api/volunteers/orders/{id}': /*         */ row('F', 'F', 'F', 'F', 'F', 'F', 'F', 'F'),
  'GET /api/volunteers/orders/{id}/suggestions': row('F', 'F', 'F', 'F', 'F', 'F', 'F', 'F'),
  'POST /api/volunteers/orders/{id}/dispatch': /**/ row('F', 'F', 'F', 'F', 'F', 'F', 'F', 'F'),
  'POST /api/volunteers/orders/{id}/answer': /* */ row('F', 'F', 'F', 'F', 'F', 'F', 'F', 'F'),
  'POST /api/volunteers/orders/{id}/notes': /*  */ row('F', 'F', 'F', 'F', 'F', 'F', 'F', 'F'),
  'POST /api/volunteers/orders/{id}/service': /**/ row('F', 'F', 'F', 'F', 'F', 'F', 'F', 'F'),

  // 党建 (organisations and members): party workers by scope, secretaries and members (resident accounts); none of these
  // roles holds either (test/party.db.test.ts has the matrix of party workers, secretaries and members).
  'GET /api/party/organisations': /*            */ row('F', 'F', 'F', 'F', 'F', 'F', 'F', 'F'),
  'POST /api/party/organisations': /*           */ row('F', 'F', 'F', 'F', 'F', 'F', 'F', 'F'),
  'GET /api/party/organisations/{id}': /*       */ row('F', 'F', 'F', 'F', 'F', 'F', 'F', 'F'),
  'PATCH /api/party/organisations/{id}': /*     */ row('F', 'F', 'F', 'F', 'F', 'F', 'F', 'F'),
  'POST /api/party/organisations/{id}/move': /* */ row('F', 'F', 'F', 'F', 'F', 'F', 'F', 'F'),
  'POST /api/party/organisations/{id}/retire': row('F', 'F', 'F', 'F', 'F', 'F', 'F', 'F'),
  'POST /api/party/members': /*                 */ row('F', 'F', 'F', 'F', 'F', 'F', 'F', 'F'),
  'GET /api/party/members/{id}': /*             */ row('F', 'F', 'F', 'F', 'F', 'F', 'F', 'F'),
  'PATCH /api/party/members/{id}': /*           */ row('F', 'F', 'F', 'F', 'F', 'F', 'F', 'F'),
  'POST /api/party/members/{id}/transfer': /*   */ row('F', 'F', 'F', 'F', 'F', 'F', 'F', 'F'),
  'POST /api/party/members/{id}/leave': /*      */ row('F', 'F', 'F', 'F', 'F', 'F', 'F', 'F'),
  'POST /api/party/members/{id}/account': /*    */ row('F', 'F', 'F', 'F', 'F', 'F', 'F', 'F'),
  'POST /api/party/members/{id}/reveal': /*     */ row('F', 'F', 'F', 'F', 'F', 'F', 'F', 'F'),
  'GET /api/party/me': /*                       */ row('F', 'F', 'F', 'F', 'F', 'F', 'F', 'F'),
  'POST /api/party/import': /*                  */ row('F', 'F', 'F', 'F', 'F', 'F', 'F', 'F'),
  // Party star rating and brands: party workers, secretaries (residents) and assigned experts only (their own matrix in test/party-rating-authorization.db.test.ts);
  // any staff account may ask for its expert rounds (none here: 404 for a round), and the published brands are public.
  'GET /api/party/rating/rule-sets': row('F', 'F', 'F', 'F', 'F', 'F', 'F', 'F'),
  'POST /api/party/rating/rule-sets': row('F', 'F', 'F', 'F', 'F', 'F', 'F', 'F'),
  'GET /api/party/rating/cycles': row('F', 'F', 'F', 'F', 'F', 'F', 'F', 'F'),
  'POST /api/party/rating/cycles': row('F', 'F', 'F', 'F', 'F', 'F', 'F', 'F'),
  'GET /api/party/rating/cycles/{id}': row('F', 'F', 'F', 'F', 'F', 'F', 'F', 'F'),
  'GET /api/party/rating/cycles/{id}/fallen': row('F', 'F', 'F', 'F', 'F', 'F', 'F', 'F'),
  'POST /api/party/rating/cycles/{id}/posting': row('F', 'F', 'F', 'F', 'F', 'F', 'F', 'F'),
  'POST /api/party/rating/cycles/{id}/finalise': row('F', 'F', 'F', 'F', 'F', 'F', 'F', 'F'),
  'GET /api/party/ratings/{id}': row('F', 'F', 'F', 'F', 'F', 'F', 'F', 'F'),
  'PUT /api/party/ratings/{id}/self': row('F', 'F', 'F', 'F', 'F', 'F', 'F', 'F'),
  'PUT /api/party/ratings/{id}/review': row('F', 'F', 'F', 'F', 'F', 'F', 'F', 'F'),
  'POST /api/party/ratings/{id}/appeal': row('F', 'F', 'F', 'F', 'F', 'F', 'F', 'F'),
  'POST /api/party/ratings/{id}/appeal-decision': row('F', 'F', 'F', 'F', 'F', 'F', 'F', 'F'),
  'GET /api/party/rating/history/{id}': row('F', 'F', 'F', 'F', 'F', 'F', 'F', 'F'),
  'GET /api/party/rating/mine': row('F', 'F', 'F', 'F', 'F', 'F', 'F', 'F'),
  'GET /api/party/brand-programmes': row('F', 'F', 'F', 'F', 'F', 'F', 'F', 'F'),
  'POST /api/party/brand-programmes': row('F', 'F', 'F', 'F', 'F', 'F', 'F', 'F'),
  'GET /api/party/brand-programmes/{id}': row('F', 'F', 'F', 'F', 'F', 'F', 'F', 'F'),
  'POST /api/party/brand-programmes/{id}/applications': row('F', 'F', 'F', 'F', 'F', 'F', 'F', 'F'),
  'POST /api/party/brand-programmes/{id}/rounds': row('F', 'F', 'F', 'F', 'F', 'F', 'F', 'F'),
  'POST /api/party/brand-programmes/{id}/publish': row('F', 'F', 'F', 'F', 'F', 'F', 'F', 'F'),
  'GET /api/party/brand-applications/mine': row('F', 'F', 'F', 'F', 'F', 'F', 'F', 'F'),
  'POST /api/party/brand-applications/{id}/preliminary': row('F', 'F', 'F', 'F', 'F', 'F', 'F', 'F'),
  'GET /api/party/brand-rounds/{id}': row('F', 'F', 'F', 'F', 'F', 'F', 'F', 'F'),
  'POST /api/party/brand-rounds/{id}/close': row('F', 'F', 'F', 'F', 'F', 'F', 'F', 'F'),
  'POST /api/party/brand-rounds/{id}/advance': row('F', 'F', 'F', 'F', 'F', 'F', 'F', 'F'),
  'GET /api/party/brand-rounds/{id}/sheet': row('N', 'N', 'N', 'N', 'N', 'N', 'N', 'N'),
  'GET /api/party/brand-rounds/{id}/applications/{applicationId}': row('N', 'N', 'N', 'N', 'N', 'N', 'N', 'N'),
  'PUT /api/party/brand-rounds/{id}/scores/{applicationId}': row('N', 'N', 'N', 'N', 'N', 'N', 'N', 'N'),
  'GET /api/party/brand-rounds/mine': row('A', 'A', 'A', 'A', 'A', 'A', 'A', 'A'),
  'GET /api/party/brands': row('A', 'A', 'A', 'A', 'A', 'A', 'A', 'A'),
  // 双报到: party workers, members and secretaries only (test/reportin.db.test.ts has their matrix).
  'GET /api/party/reportin/community': row('F', 'F', 'F', 'F', 'F', 'F', 'F', 'F'),
  'POST /api/party/reportin/members': row('F', 'F', 'F', 'F', 'F', 'F', 'F', 'F'),
  'POST /api/party/reportin/organisations': row('F', 'F', 'F', 'F', 'F', 'F', 'F', 'F'),
  'POST /api/party/reportin/{id}/withdraw': row('F', 'F', 'F', 'F', 'F', 'F', 'F', 'F'),
  'GET /api/party/reportin/me': row('F', 'F', 'F', 'F', 'F', 'F', 'F', 'F'),
  'POST /api/party/reportin/me': row('F', 'F', 'F', 'F', 'F', 'F', 'F', 'F'),
  'GET /api/party/reportin/needs': row('F', 'F', 'F', 'F', 'F', 'F', 'F', 'F'),
  'POST /api/party/reportin/needs': row('F', 'F', 'F', 'F', 'F', 'F', 'F', 'F'),
  'PATCH /api/party/reportin/needs/{id}': row('F', 'F', 'F', 'F', 'F', 'F', 'F', 'F'),
  'POST /api/party/reportin/needs/{id}/withdraw': row('F', 'F', 'F', 'F', 'F', 'F', 'F', 'F'),
  'POST /api/party/reportin/needs/{id}/claims': row('F', 'F', 'F', 'F', 'F', 'F', 'F', 'F'),
  'POST /api/party/reportin/claims/{id}/record': row('F', 'F', 'F', 'F', 'F', 'F', 'F', 'F'),
  'POST /api/party/reportin/claims/{id}/cancel': row('F', 'F', 'F', 'F', 'F', 'F', 'F', 'F'),
  'GET /api/party/reportin/claims/{id}/photos/{photoId}': row('F', 'F', 'F', 'F', 'F', 'F', 'F', 'F'),
  'POST /api/party/reportin/claims/{id}/confirm': row('F', 'F', 'F', 'F', 'F', 'F', 'F', 'F'),
  'POST /api/party/reportin/claims/{id}/send-back': row('F', 'F', 'F', 'F', 'F', 'F', 'F', 'F'),
  'GET /api/party/reportin/resources': row('F', 'F', 'F', 'F', 'F', 'F', 'F', 'F'),
  'POST /api/party/reportin/resources': row('F', 'F', 'F', 'F', 'F', 'F', 'F', 'F'),
  'GET /api/party/reportin/attendance': row('F', 'F', 'F', 'F', 'F', 'F', 'F', 'F'),
  'PUT /api/party/reportin/attendance': row('F', 'F', 'F', 'F', 'F', 'F', 'F', 'F'),
  'GET /api/party/reportin/evaluations': row('F', 'F', 'F', 'F', 'F', 'F', 'F', 'F'),
  'PUT /api/party/reportin/evaluations': row('F', 'F', 'F', 'F', 'F', 'F', 'F', 'F'),
  'GET /api/party/reportin/overview': row('F', 'F', 'F', 'F', 'F', 'F', 'F', 'F'),
  // 党员包户: party workers and carers only (test/households.db.test.ts has their matrix).
  'GET /api/party/households': row('F', 'F', 'F', 'F', 'F', 'F', 'F', 'F'),
  'GET /api/party/households/overview': row('F', 'F', 'F', 'F', 'F', 'F', 'F', 'F'),
  'POST /api/party/households': row('F', 'F', 'F', 'F', 'F', 'F', 'F', 'F'),
  'PATCH /api/party/households/{id}': row('F', 'F', 'F', 'F', 'F', 'F', 'F', 'F'),
  'POST /api/party/households/{id}/retire': row('F', 'F', 'F', 'F', 'F', 'F', 'F', 'F'),
  'PUT /api/party/households/buildings/{code}/model': row('F', 'F', 'F', 'F', 'F', 'F', 'F', 'F'),
  'GET /api/party/households/mine': row('F', 'F', 'F', 'F', 'F', 'F', 'F', 'F'),
  'GET /api/party/households/{id}/records': row('F', 'F', 'F', 'F', 'F', 'F', 'F', 'F'),
  'POST /api/party/households/{id}/visits': row('F', 'F', 'F', 'F', 'F', 'F', 'F', 'F'),
  'GET /api/party/households/visits/{id}/photos/{photoId}': row('F', 'F', 'F', 'F', 'F', 'F', 'F', 'F'),
  'POST /api/party/households/{id}/checks': row('F', 'F', 'F', 'F', 'F', 'F', 'F', 'F'),
  // 承诺践诺 and 先锋岗: party workers, members and secretaries only (test/pledges.db.test.ts has their matrix); the community board is public.
  'GET /api/party/pledges/mine': row('F', 'F', 'F', 'F', 'F', 'F', 'F', 'F'),
  'GET /api/party/pledges': row('F', 'F', 'F', 'F', 'F', 'F', 'F', 'F'),
  'POST /api/party/pledges': row('F', 'F', 'F', 'F', 'F', 'F', 'F', 'F'),
  'GET /api/party/pledges/{id}': row('F', 'F', 'F', 'F', 'F', 'F', 'F', 'F'),
  'PATCH /api/party/pledges/{id}': row('F', 'F', 'F', 'F', 'F', 'F', 'F', 'F'),
  'POST /api/party/pledges/{id}/submit': row('F', 'F', 'F', 'F', 'F', 'F', 'F', 'F'),
  'POST /api/party/pledges/{id}/approve': row('F', 'F', 'F', 'F', 'F', 'F', 'F', 'F'),
  'POST /api/party/pledges/{id}/return': row('F', 'F', 'F', 'F', 'F', 'F', 'F', 'F'),
  'POST /api/party/pledges/{id}/fulfilments': row('F', 'F', 'F', 'F', 'F', 'F', 'F', 'F'),
  'GET /api/party/pledge-fulfilments/{id}/photos/{photoId}': row('F', 'F', 'F', 'F', 'F', 'F', 'F', 'F'),
  'POST /api/party/pledge-fulfilments/{id}/review': row('F', 'F', 'F', 'F', 'F', 'F', 'F', 'F'),
  'POST /api/party/pledges/{id}/assessment': row('F', 'F', 'F', 'F', 'F', 'F', 'F', 'F'),
  'GET /api/party/pioneer-posts': row('F', 'F', 'F', 'F', 'F', 'F', 'F', 'F'),
  'POST /api/party/pioneer-posts': row('F', 'F', 'F', 'F', 'F', 'F', 'F', 'F'),
  'POST /api/party/pioneer-posts/{id}/end': row('F', 'F', 'F', 'F', 'F', 'F', 'F', 'F'),
  'GET /api/public/party/pledges': row('A', 'A', 'A', 'A', 'A', 'A', 'A', 'A'),
  // 三会一课 and 主题党日: party workers, secretaries and members only (test/meetings.db.test.ts has their matrix).
  'GET /api/party/meetings': row('F', 'F', 'F', 'F', 'F', 'F', 'F', 'F'),
  'POST /api/party/meetings': row('F', 'F', 'F', 'F', 'F', 'F', 'F', 'F'),
  'GET /api/party/meetings/me': row('F', 'F', 'F', 'F', 'F', 'F', 'F', 'F'),
  'GET /api/party/meetings/compliance': row('F', 'F', 'F', 'F', 'F', 'F', 'F', 'F'),
  'GET /api/party/meetings/{id}': row('F', 'F', 'F', 'F', 'F', 'F', 'F', 'F'),
  'POST /api/party/meetings/{id}/record': row('F', 'F', 'F', 'F', 'F', 'F', 'F', 'F'),
  'POST /api/party/meetings/{id}/cancel': row('F', 'F', 'F', 'F', 'F', 'F', 'F', 'F'),

  //                                                 operator   callback   supervisor admin      street     street.leader cgw      gov
  'GET /api/tickets/{id}': /*                    */ row('AAAAAAA', 'AAAAAAA', 'AAAAAAA', 'AAAAAAA', 'NANNNNN', 'NANNNNN', 'NNNANAN', 'NAAAAAN'),
  'POST /api/tickets/{id}/reveal': /*            */ row('AAAAAAA', 'AAAAAAA', 'AAAAAAA', 'AAAAAAA', 'NANNNNN', 'NANNNNN', 'NNNANAN', 'NFFFAFN'),
  // Photos: listed for those who see the ticket; added by the centre and the ticket's own units.
  'GET /api/tickets/{id}/attachments': /*        */ row('AAAAAAA', 'AAAAAAA', 'AAAAAAA', 'AAAAAAA', 'NANNNNN', 'NANNNNN', 'NNNANAN', 'NAAAAAN'),
  'POST /api/tickets/{id}/attachments': /*       */ row('AAAAAAA', 'AAAAAAA', 'AAAAAAA', 'AAAAAAA', 'NANNNNN', 'NANNNNN', 'NNNANAN', 'NFFFAFN'),
  // Intake (operator or supervisor of the centre), on a ticket not yet dispatched.
  'POST /api/tickets/{id}/actions/answerDirectly': row('A------', 'F------', 'A------', 'A------', 'N------', 'N------', 'N------', 'N------'),
  'POST /api/tickets/{id}/actions/closeSpecial': row('A------', 'F------', 'A------', 'A------', 'N------', 'N------', 'N------', 'N------'),
  'POST /api/tickets/{id}/actions/linkRepeat': row('A------', 'F------', 'A------', 'A------', 'N------', 'N------', 'N------', 'N------'),
  'POST /api/tickets/{id}/actions/dispatch': /*  */ row('A------', 'F------', 'A------', 'A------', 'N------', 'N------', 'N------', 'N------'),
  // The lead unit's handlers and leaders.
  'POST /api/tickets/{id}/actions/object': /*    */ row('-FFFFFF', '-FFFFFF', '-FFFFFF', '-FFFFFF', '-ANNNNN', '-ANNNNN', '-NNANFN', '-FFFAFN'),
  'POST /api/tickets/{id}/actions/sign': /*      */ row('-FFFFFF', '-FFFFFF', '-FFFFFF', '-FFFFFF', '-ANNNNN', '-ANNNNN', '-NNANFN', '-FFFAFN'),
  'POST /api/tickets/{id}/actions/contact': /*   */ row('-FFFFFF', '-FFFFFF', '-FFFFFF', '-FFFFFF', '-ANNNNN', '-ANNNNN', '-NNANFN', '-FFFAFN'),
  'POST /api/tickets/{id}/actions/requestExtension': row('-FFFFFF', '-FFFFFF', '-FFFFFF', '-FFFFFF', '-ANNNNN', '-ANNNNN', '-NNANFN', '-FFFAFN'),
  'POST /api/tickets/{id}/actions/defer': /*     */ row('-FFFFFF', '-FFFFFF', '-FFFFFF', '-FFFFFF', '-ANNNNN', '-ANNNNN', '-NNANFN', '-FFFAFN'),
  'POST /api/tickets/{id}/actions/reply': /*     */ row('-FFFFFF', '-FFFFFF', '-FFFFFF', '-FFFFFF', '-ANNNNN', '-ANNNNN', '-NNANFN', '-FFFAFN'),
  // Lead or co-handling unit.
  'POST /api/tickets/{id}/actions/progress': /*  */ row('-FFFFFF', '-FFFFFF', '-FFFFFF', '-FFFFFF', '-ANNNNN', '-ANNNNN', '-NNANAN', '-FFFAFN'),
  // Co-handling unit only.
  'POST /api/tickets/{id}/actions/coReply': /*   */ row('-FFFFFF', '-FFFFFF', '-FFFFFF', '-FFFFFF', '-FNNNNN', '-FNNNNN', '-NNFNAN', '-FFFFFN'),
  // A leader of the lead unit.
  'POST /api/tickets/{id}/actions/appeal': /*    */ row('-FFFFFF', '-FFFFFF', '-FFFFFF', '-FFFFFF', '-FNNNNN', '-ANNNNN', '-NNFNFN', '-FFFAFN'),
  // The centre's supervisors (and admins, who hold that role).
  'POST /api/tickets/{id}/actions/reassign': /*  */ row('-FFFFFF', '-FFFFFF', '-AAAAAA', '-AAAAAA', '-FNNNNN', '-FNNNNN', '-NNFNFN', '-FFFFFN'),
  'POST /api/tickets/{id}/actions/decideObjection': row('-FFFFFF', '-FFFFFF', '-AAAAAA', '-AAAAAA', '-FNNNNN', '-FNNNNN', '-NNFNFN', '-FFFFFN'),
  'POST /api/tickets/{id}/actions/decideExtension': row('-FFFFFF', '-FFFFFF', '-AAAAAA', '-AAAAAA', '-FNNNNN', '-FNNNNN', '-NNFNFN', '-FFFFFN'),
  'POST /api/tickets/{id}/actions/redo': /*      */ row('-FFFFFF', '-FFFFFF', '-AAAAAA', '-AAAAAA', '-FNNNNN', '-FNNNNN', '-NNFNFN', '-FFFFFN'),
  'POST /api/tickets/{id}/actions/supervise': /* */ row('-FFFFFF', '-FFFFFF', '-AAAAAA', '-AAAAAA', '-FNNNNN', '-FNNNNN', '-NNFNFN', '-FFFFFN'),
  'POST /api/tickets/{id}/actions/decideAppeal': row('-FFFFFF', '-FFFFFF', '-AAAAAA', '-AAAAAA', '-FNNNNN', '-FNNNNN', '-NNFNFN', '-FFFFFN'),
  // Callback agents and supervisors of the centre.
  'POST /api/tickets/{id}/actions/callback': /*  */ row('-FFFFFF', '-AAAAAA', '-AAAAAA', '-AAAAAA', '-FNNNNN', '-FNNNNN', '-NNFNFN', '-FFFFFN'),
  'POST /api/tickets/{id}/actions/close': /*     */ row('-FFFFFF', '-AAAAAA', '-AAAAAA', '-AAAAAA', '-FNNNNN', '-FNNNNN', '-NNFNFN', '-FFFFFN'),
};

// ---------------------------------------------------------------------------------------------
// Tickets in the state each action needs, made through the API.

const NAME = '欧阳娜娜';
const PHONE = '13987654321';
const ADDRESS = '某路100号3单元501室';
const MARK = 'AUTHZ-MATRIX';
const leaf = ref.categories.find((c) => c.isLeaf && c.active)!;

type Stage =
  | 'accepted'
  | 'acceptedConsultation'
  | 'dispatched'
  | 'signed'
  | 'handling'
  | 'objection'
  | 'extensionPending'
  | 'replied'
  | 'calledBackUnsatisfied'
  | 'closedSatisfied'
  | 'appealPending';

async function api(user: string | null, method: string, url: string, payload?: unknown): Promise<RawResponse> {
  return send(h, { method, url, token: user ? await token(user) : null, ...(payload === undefined ? {} : { payload }) });
}

async function must(user: string, method: string, url: string, payload?: unknown): Promise<RawResponse> {
  const r = await api(user, method, url, payload);
  if (r.status >= 300) throw new Error(`setup ${user} ${method} ${url}: ${r.status} ${r.text}`);
  return r;
}

async function prepare(col: Column, stage: Stage, mark = MARK): Promise<number> {
  const o = owner(col);
  if (o === null && !stage.startsWith('accepted')) throw new Error(`an unassigned ticket cannot be ${stage}`);
  const created = await must('operator', 'POST', '/api/tickets', {
    requestType: stage === 'acceptedConsultation' ? 'consultation' : 'complaint',
    channel: 'phone',
    categoryId: leaf.id,
    content: `${mark} 路灯不亮，夜间出行不便`,
    address: ADDRESS,
    requesterName: NAME,
    requesterPhone: PHONE,
    triage: o === null ? { action: 'none' } : { action: 'dispatch', leadUnitId: o.lead, coUnitIds: o.co },
  });
  const id = created.body.ticketId as number;
  if (o === null || stage === 'dispatched') return id;
  const lead = leadAccount(col);
  const act = (user: string, action: string, body: unknown) => must(user, 'POST', `/api/tickets/${id}/actions/${action}`, body);
  if (stage === 'objection') {
    await act(lead, 'object', { reason: '不属于本单位职责' });
    return id;
  }
  await act(lead, 'sign', { note: '' });
  if (stage === 'signed') return id;
  await act(lead, 'contact', { method: 'phone', note: '' });
  if (stage === 'handling') return id;
  if (stage === 'extensionPending') {
    await act(lead, 'requestExtension', { days: 3, reason: '需协调' });
    return id;
  }
  await act(lead, 'reply', { text: '已修复' });
  if (stage === 'replied') return id;
  if (stage === 'calledBackUnsatisfied') {
    await act('callback', 'callback', { valid: true, contacted: true, resolved: false, satisfaction: 'unsatisfied', note: '' });
    return id;
  }
  await act('callback', 'callback', { valid: true, contacted: true, resolved: true, satisfaction: 'satisfied', note: '' });
  if (stage === 'closedSatisfied') return id;
  await act(lead, 'appeal', { reason: '不应计入考核' });
  return id;
}

/** An open ticket that repeats are linked to. */
const ORIGINAL = await prepare('D', 'dispatched', 'AUTHZ-ORIGINAL');

/** The stage each action starts from, and a body it accepts. */
const ACTIONS: Record<string, { stage: Stage; body: Record<string, unknown> }> = {
  answerDirectly: { stage: 'acceptedConsultation', body: { answer: '可在政务服务网办理', articleId: null } },
  closeSpecial: { stage: 'accepted', body: { route: 'petition', note: '' } },
  linkRepeat: { stage: 'accepted', body: { originalId: ORIGINAL } },
  dispatch: { stage: 'accepted', body: { leadUnitId: h.unitId(`ST-${STREET_CODE}`), coUnitIds: [], fallback: false, reason: '' } },
  reassign: { stage: 'dispatched', body: { leadUnitId: h.unitId('ST-110109003'), coUnitIds: [], note: '' } },
  object: { stage: 'dispatched', body: { reason: '不属于本单位职责' } },
  decideObjection: { stage: 'objection', body: { approve: false, note: '' } },
  sign: { stage: 'dispatched', body: { note: '' } },
  contact: { stage: 'signed', body: { method: 'phone', note: '' } },
  progress: { stage: 'signed', body: { note: '已现场查看' } },
  coReply: { stage: 'dispatched', body: { note: '协办意见' } },
  requestExtension: { stage: 'signed', body: { days: 3, reason: '需协调多部门' } },
  decideExtension: { stage: 'extensionPending', body: { approve: true, note: '' } },
  defer: { stage: 'handling', body: { reason: '需纳入年度计划', plan: '列入改造计划', reviewDate: '2026-12-31' } },
  reply: { stage: 'handling', body: { text: '已修复' } },
  callback: { stage: 'replied', body: { valid: true, contacted: true, resolved: true, satisfaction: 'satisfied', note: '' } },
  redo: { stage: 'calledBackUnsatisfied', body: { note: '诉求人不满意' } },
  close: { stage: 'calledBackUnsatisfied', body: { note: '' } },
  supervise: { stage: 'dispatched', body: { note: '请加快办理' } },
  appeal: { stage: 'closedSatisfied', body: { reason: '诉求超出职责范围' } },
  decideAppeal: { stage: 'appealPending', body: { approve: false, note: '' } },
};

/** Shared tickets for the calls that must change nothing, by stage and column. */
const probes = new Map<string, number>();
async function probe(col: Column, stage: Stage): Promise<number> {
  const key = `${stage}:${col}`;
  let id = probes.get(key);
  if (id === undefined) {
    id = await prepare(col, stage);
    probes.set(key, id);
  }
  return id;
}

async function versionOf(id: number): Promise<number> {
  return (await must('supervisor', 'GET', `/api/tickets/${id}`)).body.version as number;
}

// ---------------------------------------------------------------------------------------------
// Requests for the routes that take no ticket.

let catalogEntryId = 0;
let ruleMonth = 0;
const ruleBody = () => ({
  version: `authz-${++ruleMonth}`,
  effectiveFrom: `2027-${String(ruleMonth).padStart(2, '0')}`,
  unitType: null,
  weights: { response: 0.2, resolution: 0.3, satisfaction: 0.5 },
  basicallySatisfiedWeight: 0.8,
  grades: [
    { grade: 'A', minScore: 90 },
    { grade: 'B', minScore: 0 },
  ],
  listSize: 5,
  focusAfterMonths: 3,
});
const someCommunity = [...ref.divisionByCode.values()].find((d) => d.level === 'community' && d.parentCode === STREET_CODE)!;
const limit = { amount: 2, unit: 'natural_hours' };

/** A photo uploaded by `user` (signed in), not yet attached. */
async function photoOf(user: string): Promise<number> {
  const r = await send(h, { method: 'POST', url: '/api/attachments', token: await token(user), ...multipartFile(pngImage()) });
  if (r.status !== 201) throw new Error(`setup upload as ${user}: ${r.status} ${r.text}`);
  return r.body.id as number;
}
/** A request from the requester page, optionally handled up to the unit's reply. */
async function publicRequest(replied = false): Promise<{ number: string; queryCode: string }> {
  const r = await must('operator', 'POST', '/api/public/requests', { content: `${MARK} 公共诉求`, streetCode: STREET_CODE, requesterPhone: PHONE });
  if (!replied) return r.body;
  const id = ((await must('supervisor', 'GET', `/api/tickets?q=${r.body.number}`)).body.items as { id: number }[])[0]!.id;
  const act = (user: string, action: string, body: unknown) => must(user, 'POST', `/api/tickets/${id}/actions/${action}`, body);
  await act('operator', 'dispatch', { leadUnitId: h.unitId(`ST-${STREET_CODE}`), coUnitIds: [], fallback: false, reason: '' });
  await act('street', 'sign', { note: '' });
  await act('street', 'contact', { method: 'phone', note: '' });
  await act('street', 'reply', { text: '已修复' });
  return r.body;
}
let streetPhoto = 0;
const upload = () => {
  const m = multipartFile(pngImage());
  return { body: m.payload, headers: m.headers };
};

/** Whistles blown by the first street summoning `cgw` (from a ticket the street leads). */
const whistleBody = () => ({ title: '联合执法', content: `${MARK} 吹哨`, place: '现场', departmentUnitIds: [h.unitId('DEPT-CGW')], reportLimitMinutes: 30 });
let whistleSourceId = 0;
let sharedWhistleId = 0;
async function whistleSource(): Promise<number> {
  if (whistleSourceId === 0) whistleSourceId = await probe('S', 'dispatched');
  return whistleSourceId;
}
const freshWhistle = async (): Promise<number> =>
  (await must('street', 'POST', '/api/whistles', { ...whistleBody(), sourceTicketId: await whistleSource() })).body.ticketId as number;
/** An .xlsx with a 编号 column naming the whistle's source ticket. */
async function ledgerWorkbook(): Promise<string> {
  const id = await whistleSource();
  const number = (await must('supervisor', 'GET', `/api/tickets/${id}`)).body.number as string;
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('s').addRows([['编号'], [number]]);
  return Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
}
let sharedLedgerId = 0;
async function sharedLedger(): Promise<number> {
  if (sharedLedgerId === 0)
    sharedLedgerId = (await must('supervisor', 'POST', '/api/ledgers', { name: '授权台账', rules: { keywords: [MARK] } })).body.id as number;
  return sharedLedgerId;
}
async function sharedWhistle(): Promise<number> {
  if (sharedWhistleId === 0) sharedWhistleId = await freshWhistle();
  return sharedWhistleId;
}

// The points bank: its rules, a redemption point run by the first street, and holders made afresh for each
// call that needs a pending redemption or an award of its own.
await seedPointsRules(h.ctx);
const pointsAdmin = await adminOf(h.ctx);
const pointsPartner = await addPartner(h.ctx, pointsAdmin, { name: '授权兑换点', kind: 'station', unitId: h.unitId(`ST-${STREET_CODE}`) });
const pointsItem = await addItem(h.ctx, pointsAdmin, { partnerId: pointsPartner.id, name: '授权兑换品', cost: 1, stock: 1000 });
let pointsHolders = 0;
const pointsHolder = () => buildHolder(h.ctx, { username: `1370000${String(++pointsHolders).padStart(4, '0')}` });
async function pointsAward(): Promise<number> {
  const u = await pointsHolder();
  const a = await db.transaction((tx) =>
    awardPoints(h.ctx, tx, {
      holderUserId: u.userId,
      ruleCode: 'service.hour',
      quantity: 1,
      sourceKey: `authz:${u.userId}`,
      occurredAt: h.clock.now(),
      actor: null,
    }),
  );
  return a.transactionId;
}
async function pendingRedemption(): Promise<{ id: number; pickupCode: string }> {
  const u = await pointsHolder();
  await db.transaction((tx) =>
    awardPoints(h.ctx, tx, {
      holderUserId: u.userId,
      ruleCode: 'service.hour',
      quantity: 1,
      sourceKey: `authz:r:${u.userId}`,
      occurredAt: h.clock.now(),
      actor: null,
    }),
  );
  const r = await redeem(h.ctx, (await principalOfUsername(h.ctx, u.username))!, { itemId: pointsItem.id, quantity: 1, idempotencyKey: `authz-${u.userId}` });
  return { id: r.id, pickupCode: r.pickupCode };
}
/** Activities of the first street (志愿活动): a fresh one per call where the call changes it. */
const SOON = { startsAt: '2026-03-02T09:30:00+08:00', endsAt: '2026-03-02T11:30:00+08:00', capacity: 5 };
const PAST = { startsAt: '2026-03-01T09:00:00+08:00', endsAt: '2026-03-01T12:00:00+08:00', capacity: 5 };
async function streetActivity(publish = true): Promise<{ id: number; soon: number; past: number }> {
  const r = await must('street', 'POST', '/api/activities', {
    title: '授权测试活动',
    activityType: 'community_service',
    venueName: '社区广场',
    sessions: [SOON, PAST],
    publish,
  });
  const sessions = r.body.sessions as { id: number; startsAt: string }[];
  return {
    id: r.body.id as number,
    soon: sessions.find((s) => s.startsAt.startsWith('2026-03-02'))!.id,
    past: sessions.find((s) => s.startsAt.startsWith('2026-03-01'))!.id,
  };
}
let sharedActivity: { id: number; soon: number; past: number } | undefined;
const activity = async () => (sharedActivity ??= await streetActivity());
let authzVolunteer: { id: number; username: string } | undefined;
const volunteer = async () => (authzVolunteer ??= await buildVolunteer(h.ctx, h.unitId(`ST-${STREET_CODE}`)));
let hourRecord = 0;
let correctedMinutes = 10;
async function sharedHourRecord(): Promise<number> {
  if (hourRecord === 0) {
    const v = await volunteer();
    const body = { userId: v.id, minutes: 60, source: 'paper', reason: '纸质签到表' };
    hourRecord = (await must('admin', 'POST', `/api/activities/sessions/${(await activity()).past}/manual-hours`, body)).body.id as number;
  }
  return hourRecord;
}
/** The volunteer subsystem's stations, staff, residents, volunteers, a team and imported accounts to claim. */
const VOL = await volunteerFixtures(h, { claimable: 20 });
const profileBody = { skills: ['elderly_care'], areas: [], availability: [], consentPublicName: true };
let teamSerial = 0;

// Service orders: a menu item of the first community's station, and fresh orders brought to the step a call needs.
const asUser = async (username: string) => (await principalOfUsername(h.ctx, username))!;
const ORDER_ITEM = (await createMenuItem(h.ctx, await asUser('station'), { name: '授权测试服务', skills: [], timeLimitClass: 'general' })).id;
let menuSerial = 0;
async function freshOrder(step: 'pending' | 'offered' | 'accepted' | 'served' = 'pending'): Promise<number> {
  const id = (await placeOrder(h.ctx, await asUser(VOL.resident), { menuItemId: ORDER_ITEM, content: '授权测试' })).ticketId;
  if (step === 'pending') return id;
  await dispatchOrder(h.ctx, await asUser('station'), id, VOL.teamId);
  if (step === 'offered') return id;
  await answerOrder(h.ctx, await asUser(VOL.leader), id, { accept: true });
  if (step === 'accepted') return id;
  await recordService(h.ctx, await asUser(VOL.leader), id, { servedBy: [VOL.leaderId], minutes: 30, note: '' });
  return id;
}

const PLAIN: Record<string, (user: RoleUser) => Promise<{ url: string; body?: unknown; token?: string | null; headers?: Record<string, string> }>> = {
  'POST /api/residents': async () => ({ url: '/api/residents', body: VOL.registration(), token: null }),
  'POST /api/residents/claim': async () => ({ url: '/api/residents/claim', body: { ...VOL.claimable(), password: PASSWORD }, token: null }),
  'GET /api/residents/me': async () => ({ url: '/api/residents/me' }),
  'GET /api/party/organisations': async () => ({ url: '/api/party/organisations' }),
  'POST /api/party/organisations': async () => ({
    url: '/api/party/organisations',
    body: { parentId: 1, level: 'branch', hostType: 'community', code: 'AUTHZ-BR', name: '授权测试支部' },
  }),
  'GET /api/party/organisations/{id}': async () => ({ url: '/api/party/organisations/1' }),
  'PATCH /api/party/organisations/{id}': async () => ({ url: '/api/party/organisations/1', body: { name: '改名' } }),
  'POST /api/party/organisations/{id}/move': async () => ({ url: '/api/party/organisations/1/move', body: { parentId: 2 } }),
  'POST /api/party/organisations/{id}/retire': async () => ({ url: '/api/party/organisations/1/retire', body: { reason: '撤并' } }),
  'POST /api/party/members': async () => ({
    url: '/api/party/members',
    body: { organisationId: 1, realName: '授权测试', idNumber: VOL.person().idNumber, memberType: 'full' },
  }),
  'GET /api/party/members/{id}': async () => ({ url: '/api/party/members/1' }),
  'PATCH /api/party/members/{id}': async () => ({ url: '/api/party/members/1', body: { inService: true } }),
  'POST /api/party/members/{id}/transfer': async () => ({ url: '/api/party/members/1/transfer', body: { organisationId: 2 } }),
  'POST /api/party/members/{id}/leave': async () => ({ url: '/api/party/members/1/leave', body: { reason: '转出本区' } }),
  'POST /api/party/members/{id}/account': async () => ({ url: '/api/party/members/1/account', body: { phone: '13910000001' } }),
  'POST /api/party/members/{id}/reveal': async () => ({ url: '/api/party/members/1/reveal', body: { reason: '核实' } }),
  'GET /api/party/me': async () => ({ url: '/api/party/me' }),
  'POST /api/party/import': async () => ({ url: '/api/party/import', body: { kind: 'organisations', dryRun: true, fileBase64: 'AAAA' } }),
  'GET /api/party/households': async () => ({ url: '/api/party/households?community=110109001001' }),
  'GET /api/party/households/overview': async () => ({ url: '/api/party/households/overview' }),
  'POST /api/party/households': async () => ({ url: '/api/party/households', body: { buildingCode: 'B1', rooms: ['101'] } }),
  'PATCH /api/party/households/{id}': async () => ({ url: '/api/party/households/1', body: { note: '核实' } }),
  'POST /api/party/households/{id}/retire': async () => ({ url: '/api/party/households/1/retire', body: { reason: '搬离' } }),
  'PUT /api/party/households/buildings/{code}/model': async () => ({ url: '/api/party/households/buildings/B1/model', body: { area: null } }),
  'GET /api/party/households/mine': async () => ({ url: '/api/party/households/mine' }),
  'GET /api/party/households/{id}/records': async () => ({ url: '/api/party/households/1/records' }),
  'POST /api/party/households/{id}/visits': async () => ({ url: '/api/party/households/1/visits', body: { notes: '走访' } }),
  'GET /api/party/households/visits/{id}/photos/{photoId}': async () => ({ url: '/api/party/households/visits/1/photos/1' }),
  'POST /api/party/households/{id}/checks': async () => ({ url: '/api/party/households/1/checks', body: { result: 'good' } }),
  'GET /api/party/reportin/community': async () => ({ url: '/api/party/reportin/community?community=110109001001' }),
  'POST /api/party/reportin/members': async () => ({ url: '/api/party/reportin/members', body: { memberId: 1 } }),
  'POST /api/party/reportin/organisations': async () => ({ url: '/api/party/reportin/organisations', body: { organisationId: 1 } }),
  'POST /api/party/reportin/{id}/withdraw': async () => ({ url: '/api/party/reportin/1/withdraw', body: { reason: '核实' } }),
  'GET /api/party/reportin/me': async () => ({ url: '/api/party/reportin/me' }),
  'POST /api/party/reportin/me': async () => ({ url: '/api/party/reportin/me' }),
  'GET /api/party/reportin/needs': async () => ({ url: '/api/party/reportin/needs?community=110109001001' }),
  'POST /api/party/reportin/needs': async () => ({
    url: '/api/party/reportin/needs',
    body: { title: '授权', description: '', category: 'other', peopleWanted: 1, neededOn: '2026-03-07', timeText: '', place: '' },
  }),
  'PATCH /api/party/reportin/needs/{id}': async () => ({ url: '/api/party/reportin/needs/1', body: { peopleWanted: 2 } }),
  'POST /api/party/reportin/needs/{id}/withdraw': async () => ({ url: '/api/party/reportin/needs/1/withdraw', body: { reason: '核实' } }),
  'POST /api/party/reportin/needs/{id}/claims': async () => ({ url: '/api/party/reportin/needs/1/claims', body: {} }),
  'POST /api/party/reportin/claims/{id}/record': async () => ({
    url: '/api/party/reportin/claims/1/record',
    body: { summary: '服务', servedOn: '2026-03-01', minutes: 60 },
  }),
  'POST /api/party/reportin/claims/{id}/cancel': async () => ({ url: '/api/party/reportin/claims/1/cancel' }),
  'GET /api/party/reportin/claims/{id}/photos/{photoId}': async () => ({ url: '/api/party/reportin/claims/1/photos/1' }),
  'POST /api/party/reportin/claims/{id}/confirm': async () => ({ url: '/api/party/reportin/claims/1/confirm' }),
  'POST /api/party/reportin/claims/{id}/send-back': async () => ({ url: '/api/party/reportin/claims/1/send-back', body: { reason: '核实' } }),
  'GET /api/party/reportin/resources': async () => ({ url: '/api/party/reportin/resources?community=110109001001' }),
  'POST /api/party/reportin/resources': async () => ({
    url: '/api/party/reportin/resources',
    body: { organisationId: 1, title: '活动室', description: '', category: 'culture' },
  }),
  'GET /api/party/reportin/attendance': async () => ({ url: '/api/party/reportin/attendance?community=110109001001' }),
  'PUT /api/party/reportin/attendance': async () => ({ url: '/api/party/reportin/attendance', body: { day: '2026-02-28', present: [] } }),
  'GET /api/party/reportin/evaluations': async () => ({ url: '/api/party/reportin/evaluations?year=2025' }),
  'PUT /api/party/reportin/evaluations': async () => ({
    url: '/api/party/reportin/evaluations',
    body: { year: 2025, memberId: 1, grade: 'qualified', comment: '' },
  }),
  'GET /api/party/reportin/overview': async () => ({ url: '/api/party/reportin/overview?month=2026-03' }),
  'GET /api/party/pledges/mine': async () => ({ url: '/api/party/pledges/mine' }),
  'GET /api/party/pledges': async () => ({ url: '/api/party/pledges?organisationId=1' }),
  'POST /api/party/pledges': async () => ({ url: '/api/party/pledges', body: { year: 2026, category: 'other', text: '授权承诺' } }),
  'GET /api/party/pledges/{id}': async () => ({ url: '/api/party/pledges/1' }),
  'PATCH /api/party/pledges/{id}': async () => ({ url: '/api/party/pledges/1', body: { public: false } }),
  'POST /api/party/pledges/{id}/submit': async () => ({ url: '/api/party/pledges/1/submit' }),
  'POST /api/party/pledges/{id}/approve': async () => ({ url: '/api/party/pledges/1/approve' }),
  'POST /api/party/pledges/{id}/return': async () => ({ url: '/api/party/pledges/1/return', body: { reason: '核实' } }),
  'POST /api/party/pledges/{id}/fulfilments': async () => ({ url: '/api/party/pledges/1/fulfilments', body: { doneOn: '2026-02-01', text: '授权践诺' } }),
  'GET /api/party/pledge-fulfilments/{id}/photos/{photoId}': async () => ({ url: '/api/party/pledge-fulfilments/1/photos/1' }),
  'POST /api/party/pledge-fulfilments/{id}/review': async () => ({ url: '/api/party/pledge-fulfilments/1/review', body: { decision: 'accepted' } }),
  'POST /api/party/pledges/{id}/assessment': async () => ({ url: '/api/party/pledges/1/assessment', body: { result: 'fulfilled' } }),
  'GET /api/party/pioneer-posts': async () => ({ url: '/api/party/pioneer-posts?organisationId=1' }),
  'POST /api/party/pioneer-posts': async () => ({
    url: '/api/party/pioneer-posts',
    body: { memberId: 1, kind: 'pioneer', title: '授权岗', place: '', from: '2026-03-01' },
  }),
  'POST /api/party/pioneer-posts/{id}/end': async () => ({ url: '/api/party/pioneer-posts/1/end', body: { reason: '核实' } }),
  'GET /api/public/party/pledges': async () => ({ url: `/api/public/party/pledges?community=${STREET_CODE}001` }),
  'GET /api/party/meetings': async () => ({ url: '/api/party/meetings?organisationId=1' }),
  'POST /api/party/meetings': async () => ({
    url: '/api/party/meetings',
    body: { organisationId: 1, kind: 'committee', title: '支委会', startsAt: '2026-03-10T19:00:00+08:00', place: '活动室' },
  }),
  'GET /api/party/meetings/me': async () => ({ url: '/api/party/meetings/me' }),
  'GET /api/party/meetings/compliance': async () => ({ url: '/api/party/meetings/compliance' }),
  'GET /api/party/meetings/{id}': async () => ({ url: '/api/party/meetings/1' }),
  'POST /api/party/meetings/{id}/record': async () => ({ url: '/api/party/meetings/1/record', body: { minutes: '记录', present: [], excused: [] } }),
  'POST /api/party/meetings/{id}/cancel': async () => ({ url: '/api/party/meetings/1/cancel', body: { reason: '改期' } }),
  'GET /api/volunteers/me': async () => ({ url: '/api/volunteers/me' }),
  'POST /api/volunteers/me': async () => ({ url: '/api/volunteers/me', body: profileBody }),
  'PATCH /api/volunteers/me': async () => ({ url: '/api/volunteers/me', body: { consentPublicName: false } }),
  'GET /api/volunteers': async () => ({ url: '/api/volunteers?pageSize=5' }),
  'POST /api/volunteers/import': async () => ({
    url: '/api/volunteers/import',
    body: { stationId: VOL.stationOf(VOL.community), dryRun: true, fileBase64: await VOL.rosterFile() },
  }),
  'GET /api/volunteers/{userId}': async () => ({ url: `/api/volunteers/${VOL.volunteerId}` }),
  'POST /api/volunteers/{userId}/reveal': async () => ({ url: `/api/volunteers/${VOL.volunteerId}/reveal`, body: { reason: '核实身份' } }),
  'GET /api/teams': async () => ({ url: '/api/teams' }),
  'POST /api/teams': async () => ({
    url: '/api/teams',
    body: {
      name: `授权测试队 ${++teamSerial}`,
      stationId: VOL.stationOf(VOL.community),
      skills: [],
      areas: [],
      leaderUserId: VOL.volunteerId,
      memberUserIds: [],
    },
  }),
  'GET /api/teams/{id}': async () => ({ url: `/api/teams/${VOL.teamId}` }),
  'PATCH /api/teams/{id}': async () => ({ url: `/api/teams/${VOL.teamId}`, body: { skills: ['elderly_care'] } }),
  'POST /api/teams/{id}/members': async () => ({ url: `/api/teams/${VOL.teamId}/members`, body: { userIds: [VOL.volunteerId] } }),
  'DELETE /api/teams/{id}/members/{userId}': async () => ({ url: `/api/teams/${VOL.teamId}/members/${VOL.volunteerId}` }),
  'POST /api/teams/{id}/join': async () => ({ url: `/api/teams/${VOL.teamId}/join` }),
  'GET /api/volunteers/orders/menu': async () => ({ url: '/api/volunteers/orders/menu' }),
  'POST /api/volunteers/orders': async () => ({ url: '/api/volunteers/orders', body: { menuItemId: ORDER_ITEM, content: '上门服务' } }),
  'GET /api/volunteers/orders/mine': async () => ({ url: '/api/volunteers/orders/mine' }),
  'POST /api/volunteers/orders/{id}/rating': async () => ({
    url: `/api/volunteers/orders/${await freshOrder('served')}/rating`,
    body: { satisfaction: 'satisfied' },
  }),
  'GET /api/volunteers/orders/hotline/menu': async () => ({ url: `/api/volunteers/orders/hotline/menu?residentPhone=${VOL.resident}` }),
  'POST /api/volunteers/orders/hotline': async () => ({
    url: '/api/volunteers/orders/hotline',
    body: { menuItemId: ORDER_ITEM, content: '电话点单', residentPhone: VOL.resident },
  }),
  'GET /api/volunteers/menu': async () => ({ url: '/api/volunteers/menu' }),
  'POST /api/volunteers/menu': async () => ({
    url: '/api/volunteers/menu',
    body: { name: `授权测试菜单 ${++menuSerial}`, skills: [], timeLimitClass: 'general' },
  }),
  'PATCH /api/volunteers/menu/{id}': async () => ({ url: `/api/volunteers/menu/${ORDER_ITEM}`, body: { description: '说明' } }),
  'GET /api/volunteers/orders': async () => ({ url: '/api/volunteers/orders' }),
  'GET /api/volunteers/orders/ranking': async () => ({ url: '/api/volunteers/orders/ranking' }),
  'GET /api/volunteers/orders/team': async () => ({ url: '/api/volunteers/orders/team' }),
  'GET /api/volunteers/orders/{id}': async () => ({ url: `/api/volunteers/orders/${await freshOrder()}` }),
  'GET /api/volunteers/orders/{id}/suggestions': async () => ({ url: `/api/volunteers/orders/${await freshOrder()}/suggestions` }),
  'POST /api/volunteers/orders/{id}/dispatch': async () => ({ url: `/api/volunteers/orders/${await freshOrder()}/dispatch`, body: { teamId: VOL.teamId } }),
  'POST /api/volunteers/orders/{id}/answer': async () => ({ url: `/api/volunteers/orders/${await freshOrder('offered')}/answer`, body: { accept: true } }),
  'POST /api/volunteers/orders/{id}/notes': async () => ({ url: `/api/volunteers/orders/${await freshOrder('accepted')}/notes`, body: { note: '进展' } }),
  'POST /api/volunteers/orders/{id}/service': async () => ({
    url: `/api/volunteers/orders/${await freshOrder('accepted')}/service`,
    body: { servedBy: [VOL.leaderId], minutes: 30, note: '' },
  }),
  'POST /api/auth/login': async (user) => ({ url: '/api/auth/login', body: { username: user, password: PASSWORD }, token: null }),
  // A session of its own, so logging out does not end the one the other calls use.
  'POST /api/auth/logout': async (user) => ({ url: '/api/auth/logout', token: (await login(h.ctx, user, PASSWORD)).token }),
  'GET /api/auth/me': async () => ({ url: '/api/auth/me' }),
  'GET /api/units': async () => ({ url: '/api/units' }),
  'GET /api/categories': async () => ({ url: '/api/categories' }),
  'GET /api/divisions': async () => ({ url: '/api/divisions' }),
  'GET /api/time-limits': async () => ({ url: '/api/time-limits' }),
  'GET /api/reference/labels': async () => ({ url: '/api/reference/labels' }),
  'GET /api/knowledge': async () => ({ url: '/api/knowledge?q=%E5%99%AA%E9%9F%B3' }),
  'POST /api/tickets': async () => ({ url: '/api/tickets', body: { requestType: 'help', channel: 'web', content: '咨询办事流程', categoryId: leaf.id } }),
  'GET /api/tickets': async () => ({ url: '/api/tickets?limit=5' }),
  'GET /api/routing/suggest': async () => ({ url: `/api/routing/suggest?categoryId=${leaf.id}&communityCode=${someCommunity.code}` }),
  'GET /api/tickets/repeat-candidates': async () => ({ url: `/api/tickets/repeat-candidates?phone=${PHONE}&categoryId=${leaf.id}` }),
  'GET /api/assessment/rankings': async () => ({ url: '/api/assessment/rankings?month=2026-03' }),
  'GET /api/assessment/rules': async () => ({ url: '/api/assessment/rules' }),
  'POST /api/assessment/rules': async () => ({ url: '/api/assessment/rules', body: ruleBody() }),
  'POST /api/imports': async () => ({
    url: '/api/imports',
    body: { kind: 'findings', dryRun: true, contentBase64: Buffer.from('外部编号,内容\nauthz-1,测试发现').toString('base64') },
  }),
  'GET /api/imports': async () => ({ url: '/api/imports?limit=5' }),
  'GET /api/imports/{id}': async () => {
    const body = { kind: 'findings', dryRun: true, fileName: 'authz.csv', contentBase64: Buffer.from('外部编号,内容\nauthz-run,测试发现').toString('base64') };
    return { url: `/api/imports/${(await must('admin', 'POST', '/api/imports', body)).body.runId}` };
  },
  'GET /api/admin/calendar/{year}': async () => ({ url: '/api/admin/calendar/2027' }),
  'PUT /api/admin/calendar/{year}': async () => ({
    url: '/api/admin/calendar/2030',
    body: { source: '测试', days: [{ date: '2030-01-01', kind: 'holiday', name: '元旦' }] },
  }),
  'PUT /api/admin/time-limits/{code}': async () => ({
    url: '/api/admin/time-limits/authz_test',
    body: { name: '测试', nameEn: 'Test', sign: limit, contact: limit, reply: limit },
  }),
  'GET /api/analytics/volume': async () => ({ url: '/api/analytics/volume?from=2026-01&to=2026-03&groupBy=category' }),
  'GET /api/analytics/rates': async () => ({ url: `/api/analytics/rates?from=2026-01&to=2026-03&unitId=${h.unitId(`ST-${STREET_CODE}`)}` }),
  'POST /api/admin/units': async (user) => ({
    url: '/api/admin/units',
    body: {
      code: `DEPT-AUTHZ-${user.toUpperCase().replace(/[^A-Z]/g, '')}`,
      name: '授权测试局',
      nameEn: 'Authz',
      unitType: 'department',
      divisionCode: null,
      parentId: h.unitId('GOV-110109'),
    },
  }),
  'PATCH /api/admin/units/{id}': async () => ({ url: `/api/admin/units/${h.unitId('DEPT-YJJ')}`, body: { nameEn: 'Emergency Management Bureau' } }),
  'GET /api/admin/users': async () => ({ url: '/api/admin/users' }),
  'POST /api/admin/users': async (user) => ({
    url: '/api/admin/users',
    body: {
      username: `authz.${user.replace(/[^a-z]/g, '')}`,
      displayName: '授权测试',
      unitId: h.unitId('DEPT-CGW'),
      roles: ['unit_handler'],
      password: 'authz-pass-2026',
    },
  }),
  'PATCH /api/admin/users/{id}': async () => {
    const zjw = ((await must('admin', 'GET', '/api/admin/users')).body.items as { id: number; username: string }[]).find((u) => u.username === 'zjw')!;
    return { url: `/api/admin/users/${zjw.id}`, body: { displayName: '住建委承办人 孙磊' } };
  },
  'GET /api/admin/dispatch-catalog': async () => ({ url: '/api/admin/dispatch-catalog' }),
  'POST /api/admin/dispatch-catalog': async () => ({
    url: '/api/admin/dispatch-catalog',
    body: { categoryId: leaf.id, divisionCode: someCommunity.code, unitId: h.unitId('DEPT-CGW'), unitType: null, coUnitIds: [], note: 'authz' },
  }),
  'POST /api/admin/categories': async (user) => ({
    url: '/api/admin/categories',
    body: {
      parentId: null,
      code: `AUTHZ_${user.toUpperCase().replace(/[^A-Z]/g, '')}`,
      name: `授权测试 ${user}`,
      nameEn: 'Authz',
      isLeaf: false,
      timeLimitClass: null,
      keywords: [],
    },
  }),
  'PATCH /api/admin/categories/{id}': async () => ({ url: `/api/admin/categories/${leaf.id}`, body: { keywords: [...leaf.keywords, '授权测试'] } }),
  'GET /api/admin/supervision-escalation': async () => ({ url: '/api/admin/supervision-escalation' }),
  'PUT /api/admin/supervision-escalation': async () => ({
    url: '/api/admin/supervision-escalation',
    body: { superviseAfterDays: 1, urgeAfterDays: 3, notifyAfterDays: 5 },
  }),
  'GET /api/queues': async () => ({ url: '/api/queues' }),
  'GET /api/queues/inbox': async () => ({ url: `/api/queues/inbox?categoryId=${leaf.id}` }),
  'GET /api/queues/callback': async () => ({ url: '/api/queues/callback?limit=5' }),
  'GET /api/queues/{name}': async () => ({ url: '/api/queues/objections?limit=5' }),
  'GET /api/public/divisions': async () => ({ url: '/api/public/divisions' }),
  'GET /api/public/categories': async () => ({ url: '/api/public/categories' }),
  'POST /api/public/requests': async () => ({
    url: '/api/public/requests',
    body: { content: `${MARK} 公共诉求`, streetCode: STREET_CODE, requesterPhone: PHONE },
  }),
  'GET /api/public/requests/{number}': async () => {
    const r = await publicRequest();
    return { url: `/api/public/requests/${r.number}?code=${r.queryCode}` };
  },
  'POST /api/public/requests/{number}/rating': async () => {
    const r = await publicRequest(true);
    return {
      url: `/api/public/requests/${r.number}/rating?code=${r.queryCode}`,
      body: { contacted: true, resolved: true, satisfaction: 'satisfied', comment: '' },
    };
  },
  'POST /api/public/attachments': async () => ({ url: '/api/public/attachments', ...upload() }),
  'POST /api/attachments': async () => ({ url: '/api/attachments', ...upload() }),
  'GET /api/attachments/{id}/content': async () => {
    if (streetPhoto === 0) {
      streetPhoto = await photoOf('street');
      await must('street', 'POST', `/api/tickets/${await prepare('S', 'dispatched')}/attachments`, { attachmentIds: [streetPhoto], purpose: 'reply' });
    }
    return { url: `/api/attachments/${streetPhoto}/content` };
  },
  'POST /api/whistles': async () => ({ url: '/api/whistles', body: whistleBody() }),
  'GET /api/whistles': async () => ({ url: '/api/whistles' }),
  'GET /api/whistles/assessment': async () => ({ url: '/api/whistles/assessment?month=2026-03' }),
  'GET /api/whistles/{id}': async () => ({ url: `/api/whistles/${await sharedWhistle()}` }),
  'GET /api/whistles/by-source/{id}': async () => ({ url: `/api/whistles/by-source/${await whistleSource()}` }),
  'POST /api/whistles/{id}/report-in': async () => ({
    url: `/api/whistles/${await freshWhistle()}/report-in`,
    body: { reporterName: '执法队', place: '现场', note: '' },
  }),
  'POST /api/whistles/{id}/ratings': async () => ({
    url: `/api/whistles/${await freshWhistle()}/ratings`,
    body: { ratings: [{ unitId: h.unitId('DEPT-CGW'), score: 4 }] },
  }),
  'GET /api/ledgers': async () => ({ url: '/api/ledgers' }),
  'POST /api/ledgers': async () => ({ url: '/api/ledgers', body: { name: '授权台账', rules: { keywords: [MARK] } } }),
  'GET /api/ledgers/{id}': async () => ({ url: `/api/ledgers/${await sharedLedger()}` }),
  'GET /api/ledgers/{id}/items': async () => ({ url: `/api/ledgers/${await sharedLedger()}/items` }),
  'POST /api/ledgers/{id}/items': async () => ({ url: `/api/ledgers/${await sharedLedger()}/items`, body: { ticketIds: [await whistleSource()] } }),
  'DELETE /api/ledgers/{id}/items/{ticketId}': async () => ({ url: `/api/ledgers/${await sharedLedger()}/items/${await whistleSource()}` }),
  'GET /api/ledgers/{id}/summary': async () => ({ url: `/api/ledgers/${await sharedLedger()}/summary?period=month&date=2026-03-02` }),
  'GET /api/ledgers/{id}/export.xlsx': async () => ({ url: `/api/ledgers/${await sharedLedger()}/export.xlsx` }),
  'POST /api/ledgers/{id}/import': async () => ({ url: `/api/ledgers/${await sharedLedger()}/import`, body: { contentBase64: await ledgerWorkbook() } }),
  'POST /api/admin/grids': async () => ({ url: '/api/admin/grids', body: { grids: [{ code: 'AUTHZ-1', name: '网格', communityCode: `${STREET_CODE}001` }] } }),
  'GET /api/grids': async () => ({ url: '/api/grids' }),
  'POST /api/admin/grids/{code}/workers': async () => {
    const grid = (await must('grid', 'GET', '/api/grids')).body.items[0].code as string;
    const users = (await must('admin', 'GET', '/api/admin/users')).body.items as { id: number; username: string }[];
    return { url: `/api/admin/grids/${grid}/workers`, body: { userIds: [users.find((u) => u.username === 'grid')!.id] } };
  },
  'DELETE /api/admin/grids/{code}/workers/{userId}': async () => {
    // A spare grid of the grid worker's street, assigned afresh each time so the admin's removal finds it.
    await must('admin', 'POST', '/api/admin/grids', { grids: [{ code: 'AUTHZ-DEL', name: '网格', communityCode: `${STREET_CODE}001` }] });
    const users = (await must('admin', 'GET', '/api/admin/users')).body.items as { id: number; username: string }[];
    const grid = users.find((u) => u.username === 'grid')!.id;
    await must('admin', 'POST', '/api/admin/grids/AUTHZ-DEL/workers', { userIds: [grid] });
    return { url: `/api/admin/grids/AUTHZ-DEL/workers/${grid}` };
  },
  'POST /api/grid-reports': async () => ({ url: '/api/grid-reports', body: { gridCode: 'G1', categoryId: 1, description: '问题' } }),
  'GET /api/grid-reports/mine': async () => ({ url: '/api/grid-reports/mine' }),
  'POST /api/admin/buildings': async () => ({
    url: '/api/admin/buildings',
    body: { buildings: [{ code: 'AUTHZ-B1', name: '1号楼1单元', communityCode: `${STREET_CODE}001` }] },
  }),
  'GET /api/buildings': async () => ({ url: `/api/buildings?communityCode=${STREET_CODE}001` }),
  'GET /api/public/boards/{code}': async () => ({ url: `/api/public/boards/B${STREET_CODE}001-1-1` }),
  'GET /api/public/boards/{code}/qr.svg': async () => ({ url: `/api/public/boards/B${STREET_CODE}001-1-1/qr.svg` }),
  'GET /api/points/rules': async () => ({ url: '/api/points/rules' }),
  'POST /api/points/rules': async (user) => ({
    url: '/api/points/rules',
    body: {
      code: `authz.${user.replace(/[^a-z]/g, '')}`,
      kind: 'activity',
      name: '授权测试规则',
      pointsPerUnit: 5,
      dailyCap: null,
      effectiveFrom: '2026-04-01',
    },
  }),
  'POST /api/points/conduct-awards': async (user) => ({
    url: '/api/points/conduct-awards',
    body: {
      holderUsername: (await pointsHolder()).username,
      ruleCode: 'conduct.waste_sorting',
      communityCode: someCommunity.code,
      checkKey: `authz-check-${user.replace(/[^a-z]/g, '')}`,
    },
  }),
  'POST /api/points/transactions/{id}/reverse': async () => ({
    url: `/api/points/transactions/${await pointsAward()}/reverse`,
    body: { reason: '授权测试冲正' },
  }),
  'GET /api/points/partners': async () => ({ url: '/api/points/partners' }),
  'POST /api/points/partners': async () => ({
    url: '/api/points/partners',
    body: { name: '授权新兑换点', kind: 'shop', unitId: h.unitId(`ST-${STREET_CODE}`) },
  }),
  'PATCH /api/points/partners/{id}': async () => ({ url: `/api/points/partners/${pointsPartner.id}`, body: { address: '授权测试地址' } }),
  'GET /api/points/items': async () => ({ url: '/api/points/items?withdrawn=true' }),
  'POST /api/points/items': async () => ({ url: '/api/points/items', body: { partnerId: pointsPartner.id, name: '授权新品', cost: 3, stock: 3 } }),
  'PATCH /api/points/items/{id}': async () => ({ url: `/api/points/items/${pointsItem.id}`, body: { description: '授权测试' } }),
  'POST /api/points/items/{id}/stock': async () => ({ url: `/api/points/items/${pointsItem.id}/stock`, body: { delta: 1 } }),
  'POST /api/points/redemptions': async (user) => ({
    url: '/api/points/redemptions',
    body: { itemId: pointsItem.id },
    headers: { 'idempotency-key': `authz-redeem-${user.replace(/[^a-z]/g, '')}` },
  }),
  'GET /api/points/redemptions/mine': async () => ({ url: '/api/points/redemptions/mine' }),
  'GET /api/points/redemptions': async () => ({ url: '/api/points/redemptions?status=pending' }),
  'POST /api/points/redemptions/collect': async () => ({
    url: '/api/points/redemptions/collect',
    body: { pickupCode: (await pendingRedemption()).pickupCode },
  }),
  'POST /api/points/redemptions/{id}/cancel': async () => ({
    url: `/api/points/redemptions/${(await pendingRedemption()).id}/cancel`,
    body: { reason: '授权测试' },
  }),
  'GET /api/points/me': async () => ({ url: '/api/points/me' }),
  'GET /api/party/rating/rule-sets': async () => ({ url: '/api/party/rating/rule-sets' }),
  'POST /api/party/rating/rule-sets': async () => ({
    url: '/api/party/rating/rule-sets',
    body: { version: 'authz', effectiveFrom: '2030-01-01', content: PARTY_RULES },
  }),
  'GET /api/party/rating/cycles': async () => ({ url: '/api/party/rating/cycles' }),
  'POST /api/party/rating/cycles': async () => ({ url: '/api/party/rating/cycles', body: { year: 2030 } }),
  'GET /api/party/rating/cycles/{id}': async () => ({ url: '/api/party/rating/cycles/2147483647' }),
  'GET /api/party/rating/cycles/{id}/fallen': async () => ({ url: '/api/party/rating/cycles/2147483647/fallen' }),
  'POST /api/party/rating/cycles/{id}/posting': async () => ({
    url: '/api/party/rating/cycles/2147483647/posting',
    body: { from: '2026-03-02', to: '2026-03-08' },
  }),
  'POST /api/party/rating/cycles/{id}/finalise': async () => ({ url: '/api/party/rating/cycles/2147483647/finalise' }),
  'GET /api/party/ratings/{id}': async () => ({ url: '/api/party/ratings/2147483647' }),
  'PUT /api/party/ratings/{id}/self': async () => ({
    url: '/api/party/ratings/2147483647/self',
    body: { entries: [{ code: 'organisation', score: 10, adjustments: [], evidence: '' }] },
  }),
  'PUT /api/party/ratings/{id}/review': async () => ({
    url: '/api/party/ratings/2147483647/review',
    body: { entries: [{ code: 'organisation', score: 10, adjustments: [], comment: '' }], comment: '' },
  }),
  'POST /api/party/ratings/{id}/appeal': async () => ({ url: '/api/party/ratings/2147483647/appeal', body: { reason: '申诉' } }),
  'POST /api/party/ratings/{id}/appeal-decision': async () => ({
    url: '/api/party/ratings/2147483647/appeal-decision',
    body: { decision: 'upheld', comment: '维持' },
  }),
  'GET /api/party/rating/history/{id}': async () => ({ url: '/api/party/rating/history/2147483647' }),
  'GET /api/party/rating/mine': async () => ({ url: '/api/party/rating/mine' }),
  'GET /api/party/brand-programmes': async () => ({ url: '/api/party/brand-programmes' }),
  'POST /api/party/brand-programmes': async () => ({
    url: '/api/party/brand-programmes',
    body: { year: 2030, title: '授权测试', criteria: [{ code: 'a', name: '创新', maxPoints: 10 }] },
  }),
  'GET /api/party/brand-programmes/{id}': async () => ({ url: '/api/party/brand-programmes/2147483647' }),
  'POST /api/party/brand-programmes/{id}/applications': async () => ({
    url: '/api/party/brand-programmes/2147483647/applications',
    body: { title: 't', summary: 's', practice: 'p' },
  }),
  'POST /api/party/brand-programmes/{id}/rounds': async () => ({ url: '/api/party/brand-programmes/2147483647/rounds', body: { expertUserIds: [1] } }),
  'POST /api/party/brand-programmes/{id}/publish': async () => ({ url: '/api/party/brand-programmes/2147483647/publish', body: { top: 1 } }),
  'GET /api/party/brand-applications/mine': async () => ({ url: '/api/party/brand-applications/mine' }),
  'POST /api/party/brand-applications/{id}/preliminary': async () => ({
    url: '/api/party/brand-applications/2147483647/preliminary',
    body: { decision: 'pass' },
  }),
  'GET /api/party/brand-rounds/mine': async () => ({ url: '/api/party/brand-rounds/mine' }),
  'GET /api/party/brand-rounds/{id}': async () => ({ url: '/api/party/brand-rounds/2147483647' }),
  'POST /api/party/brand-rounds/{id}/close': async () => ({ url: '/api/party/brand-rounds/2147483647/close' }),
  'POST /api/party/brand-rounds/{id}/advance': async () => ({ url: '/api/party/brand-rounds/2147483647/advance', body: { top: 1, expertUserIds: [1] } }),
  'GET /api/party/brand-rounds/{id}/sheet': async () => ({ url: '/api/party/brand-rounds/2147483647/sheet' }),
  'GET /api/party/brand-rounds/{id}/applications/{applicationId}': async () => ({ url: '/api/party/brand-rounds/2147483647/applications/1' }),
  'PUT /api/party/brand-rounds/{id}/scores/{applicationId}': async () => ({ url: '/api/party/brand-rounds/2147483647/scores/1', body: { scores: { a: 1 } } }),
  'GET /api/party/brands': async () => ({ url: '/api/party/brands' }),
  'GET /api/points/leaderboard': async () => ({ url: '/api/points/leaderboard?period=month&at=2026-03' }),
  'GET /api/points/leaderboard/teams': async () => ({ url: '/api/points/leaderboard/teams?period=month&at=2026-03' }),
  'GET /api/points/audit': async () => ({ url: '/api/points/audit' }),
  'GET /api/activities': async () => ({ url: '/api/activities' }),
  'POST /api/activities': async () => ({
    url: '/api/activities',
    body: { title: '授权测试活动', activityType: 'other', venueName: '单位', sessions: [SOON] },
  }),
  'GET /api/activities/{id}': async () => ({ url: `/api/activities/${(await activity()).id}` }),
  'PATCH /api/activities/{id}': async () => ({ url: `/api/activities/${(await activity()).id}`, body: { description: '授权测试' } }),
  'POST /api/activities/{id}/publish': async () => ({ url: `/api/activities/${(await streetActivity(false)).id}/publish` }),
  'POST /api/activities/{id}/cancel': async () => ({ url: `/api/activities/${(await streetActivity()).id}/cancel`, body: { reason: '天气原因' } }),
  'POST /api/activities/{id}/sessions': async () => ({
    url: `/api/activities/${(await activity()).id}/sessions`,
    body: { ...SOON, startsAt: '2026-03-09T09:00:00+08:00', endsAt: '2026-03-09T10:00:00+08:00' },
  }),
  'PATCH /api/activities/sessions/{sessionId}': async () => ({ url: `/api/activities/sessions/${(await streetActivity()).soon}`, body: { capacity: 8 } }),
  'GET /api/activities/sessions/{sessionId}/signups': async () => ({ url: `/api/activities/sessions/${(await activity()).soon}/signups` }),
  'POST /api/activities/sessions/{sessionId}/signups': async () => ({ url: `/api/activities/sessions/${(await activity()).soon}/signups` }),
  'DELETE /api/activities/sessions/{sessionId}/signups/me': async () => ({ url: `/api/activities/sessions/${(await activity()).soon}/signups/me` }),
  'GET /api/activities/sessions/{sessionId}/check-in-code': async () => ({ url: `/api/activities/sessions/${(await activity()).soon}/check-in-code` }),
  'POST /api/activities/check-ins': async () => ({ url: '/api/activities/check-ins', body: { token: 'not-a-code' } }),
  'POST /api/activities/sessions/{sessionId}/hours': async () => ({ url: `/api/activities/sessions/${(await activity()).past}/hours`, body: {} }),
  'POST /api/activities/sessions/{sessionId}/manual-hours': async () => {
    const v = await buildVolunteer(h.ctx, h.unitId(`ST-${STREET_CODE}`));
    return {
      url: `/api/activities/sessions/${(await activity()).past}/manual-hours`,
      body: { userId: v.id, minutes: 30, source: 'walk_in', reason: '现场参加' },
    };
  },
  'POST /api/activities/hours/{recordId}/corrections': async () => ({
    url: `/api/activities/hours/${await sharedHourRecord()}/corrections`,
    body: { minutes: correctedMinutes++, reason: '核对签到表' },
  }),
  'GET /api/activities/volunteers': async () => ({ url: '/api/activities/volunteers?q=%E5%BF%97%E6%84%BF' }),
  'GET /api/activities/volunteers/{userId}/record': async () => ({ url: `/api/activities/volunteers/${(await volunteer()).id}/record?year=2026` }),
  'GET /api/activities/my/signups': async () => ({ url: '/api/activities/my/signups' }),
  'GET /api/activities/my/hours': async () => ({ url: '/api/activities/my/hours?year=2026' }),
  'GET /api/activities/my/certificate.pdf': async () => ({ url: '/api/activities/my/certificate.pdf?year=2026' }),
  'GET /api/activities/leaderboard': async () => ({ url: '/api/activities/leaderboard?period=2026-03' }),
  'GET /api/activities/leaderboard/teams': async () => ({ url: '/api/activities/leaderboard/teams?period=2026-03' }),
  'GET /api/activities/figures': async () => ({ url: '/api/activities/figures?period=2026-03' }),
  'DELETE /api/admin/dispatch-catalog/{id}': async () => {
    if (catalogEntryId === 0) {
      const r = await must('admin', 'POST', '/api/admin/dispatch-catalog', {
        categoryId: leaf.id,
        divisionCode: STREET_CODE,
        unitId: h.unitId('DEPT-ZJW'),
        unitType: null,
        coUnitIds: [],
        note: 'authz delete',
      });
      catalogEntryId = r.body.id as number;
    }
    return { url: `/api/admin/dispatch-catalog/${catalogEntryId}` };
  },
};

// ---------------------------------------------------------------------------------------------

const operations = apiOperations(h);
const isTicketRoute = (path: string) => path.startsWith('/api/tickets/{id}');
const actionOf = (key: string) => /\/actions\/(\w+)$/.exec(key)?.[1];

function classOf(status: number): string {
  if (status >= 200 && status < 300) return 'A';
  if (status === 403) return 'F';
  if (status === 404) return 'N';
  return `?${status}`;
}

function checkAnswer(label: string, expected: string, r: RawResponse, problems: string[]): void {
  const got = classOf(r.status);
  if (got !== expected) {
    problems.push(`${label}: expected ${expected}, got ${r.status} ${r.text.slice(0, 200)}`);
    return;
  }
  if (got === 'A') return;
  try {
    expectErrorShape(r, label);
    const code = r.body.error.code as string;
    if (got === 'F') expect(['AUTH.FORBIDDEN', 'WORKFLOW.FORBIDDEN'], label).toContain(code);
    if (got === 'N') expect(code, label).toBe('NOT_FOUND');
  } catch (e) {
    problems.push(String((e as Error).message).split('\n')[0]!);
  }
}

/** The scope rule, derived from the units' parent links: the expectation for GET /api/tickets/{id}. */
function visible(user: RoleUser, col: Column): boolean {
  if (['operator', 'callback', 'supervisor', 'admin'].includes(user)) return true;
  const o = owner(col);
  if (o === null) return false;
  const home = h.unitId({ street: `ST-${STREET_CODE}`, 'street.leader': `ST-${STREET_CODE}`, cgw: 'DEPT-CGW', gov: 'GOV-110109' }[user as 'street']);
  const below = new Set([home]);
  for (let grew = true; grew;) {
    grew = false;
    for (const u of ref.units)
      if (u.parentId !== null && below.has(u.parentId) && !below.has(u.id)) {
        below.add(u.id);
        grew = true;
      }
  }
  return [o.lead, ...o.co].some((id) => below.has(id));
}

describe(`authorization matrix (${dbKind()})`, () => {
  it('has an explicit rule for every /api operation, and no rule for an operation that does not exist', () => {
    const keys = operations.map((o) => o.key);
    expect(keys.length).toBeGreaterThan(30);
    expect(
      keys.filter((k) => EXPECT[k] === undefined),
      'operations without a row in EXPECT',
    ).toEqual([]);
    expect(
      Object.keys(EXPECT).filter((k) => !keys.includes(k)),
      'rows in EXPECT for operations that do not exist',
    ).toEqual([]);
    for (const o of operations) {
      const width = isTicketRoute(o.path) ? COLUMNS.length : 1;
      for (const r of ROLES) expect(EXPECT[o.key]![r], `${o.key} / ${r}`).toMatch(new RegExp(`^[AFN-]{${width}}$`));
      const action = actionOf(o.key);
      if (action !== undefined) expect(ACTIONS[action], `no setup for action ${action}`).toBeDefined();
      else if (!isTicketRoute(o.path)) expect(PLAIN[o.key], `no request for ${o.key}`).toBeDefined();
    }
  });

  it('names each operation’s rule from its module’s policy (x-policy), and the rule’s roles agree with the table', async () => {
    const rolesOf = new Map<RoleUser, string[]>();
    for (const u of ROLES) rolesOf.set(u, ((await api(u, 'GET', '/api/auth/me')).body as { roles: string[] }).roles);
    let checked = 0;
    for (const o of operations) {
      const rule = (o.op as { 'x-policy'?: { rule: string; roles: string[] | string; scope?: string } })['x-policy'];
      expect(rule, `${o.key} has no x-policy`).toBeDefined();
      expect(rule!.rule, o.key).toMatch(/^[a-z0-9]+\.[A-Za-z]+$/);
      if (!Array.isArray(rule!.roles)) continue;
      for (const u of ROLES) {
        const cells = EXPECT[o.key]![u].replaceAll('-', '');
        const holds = rule!.roles.some((r) => rolesOf.get(u)!.includes(r));
        // Without one of the rule's roles the answer is 403 whatever the ticket; with one, the role check
        // lets the user past (a rule with a scope may still refuse them in the use case).
        if (!holds) expect(cells, `${o.key} / ${u} lacks ${rule!.roles.join('|')} (${rule!.rule})`).toMatch(/^F+$/);
        else if (rule!.scope === undefined) expect(cells, `${o.key} / ${u} holds ${rule!.rule}`).toMatch(/[AN]/);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(200);
  });

  it('uses the scope rule the reference data implies: the government supervises streets and departments, not enterprises', () => {
    const gov = h.unitId('GOV-110109');
    for (const u of ref.units) {
      if (u.unitType === 'street' || u.unitType === 'department' || u.unitType === 'centre') expect(u.parentId, u.code).toBe(gov);
      if (u.unitType === 'enterprise' || u.unitType === 'district') expect(u.parentId, u.code).toBeNull();
    }
    // Every ticket route's "not found" cells are exactly the tickets outside the user's scope.
    for (const [key, byRole] of Object.entries(EXPECT)) {
      if (!isTicketRoute(key.split(' ')[1]!)) continue;
      for (const r of ROLES)
        COLUMNS.forEach((c, i) => {
          const cell = byRole[r][i]!;
          if (cell !== '-') expect(cell === 'N', `${key} / ${r} / ${c}: N exactly when out of scope`).toBe(!visible(r, c));
        });
    }
  });

  for (const o of operations) {
    const rule = EXPECT[o.key];
    if (rule === undefined) continue;
    const action = actionOf(o.key);

    if (!isTicketRoute(o.path)) {
      it(`${o.key}`, async () => {
        const problems: string[] = [];
        for (const user of ROLES) {
          const req = await PLAIN[o.key]!(user);
          const tok = req.token === undefined ? await token(user) : req.token;
          const r = await send(h, {
            method: o.method,
            url: req.url,
            token: tok,
            ...(req.body === undefined ? {} : { payload: req.body }),
            ...(req.headers ? { headers: req.headers } : {}),
          });
          checkAnswer(`${o.key} as ${user}`, rule[user], r, problems);
        }
        expect(problems).toEqual([]);
      });
      continue;
    }

    if (action !== undefined) {
      it(`${o.key}`, async () => {
        const { stage, body } = ACTIONS[action]!;
        const problems: string[] = [];
        const touched: [number, number][] = [];
        for (const user of ROLES) {
          for (const [i, col] of COLUMNS.entries()) {
            const expected = rule[user][i]!;
            if (expected === '-') continue;
            const id = expected === 'A' ? await prepare(col, stage) : await probe(col, stage);
            const before = expected === 'A' ? 0 : await versionOf(id);
            const r = await api(user, 'POST', fillPath(o.path, { id }), body);
            checkAnswer(`${action} as ${user} on ${col}`, expected, r, problems);
            if (expected !== 'A') touched.push([id, before]);
          }
        }
        // A refused action leaves the ticket as it was.
        for (const [id, before] of touched) expect(await versionOf(id), `ticket ${id}`).toBe(before);
        expect(problems).toEqual([]);
        // The table and the state machine agree on who acts.
        expect(ACTION_RULES[action as keyof typeof ACTION_RULES]).toBeDefined();
      });
      continue;
    }

    if (o.key === 'GET /api/tickets/{id}') {
      it(`${o.key}: scope, and the requester masked for everyone`, async () => {
        const problems: string[] = [];
        for (const user of ROLES)
          for (const [i, col] of COLUMNS.entries()) {
            const id = await probe(col, col === 'U' ? 'accepted' : 'dispatched');
            const r = await api(user, 'GET', `/api/tickets/${id}`);
            checkAnswer(`GET as ${user} on ${col}`, rule[user][i]!, r, problems);
            if (r.status === 200) {
              expect(r.text, `${user} on ${col}`).not.toContain(NAME);
              expect(r.text, `${user} on ${col}`).not.toContain(PHONE);
              expect(r.body.requester).toEqual({ name: '欧***', phone: '139****4321', masked: true });
              // The flag the UI shows matches who may reveal.
              const mayReveal = EXPECT['POST /api/tickets/{id}/reveal']![user][i] === 'A';
              expect(r.body.mayRevealRequester, `mayRevealRequester for ${user} on ${col}`).toBe(mayReveal);
              // The address is personal data too: clear only to those who may reveal it.
              expect(r.body.address, `address for ${user} on ${col}`).toBe(mayReveal ? ADDRESS : '某路100号****');
            }
          }
        expect(problems).toEqual([]);
      });
      continue;
    }

    if (o.key === 'POST /api/tickets/{id}/reveal') {
      it(`${o.key}: the centre and the handling units only, and every reveal recorded`, async () => {
        const reveals = async () => (await db.select({ n: count() }).from(personalDataReveals))[0]!.n;
        const start = await reveals();
        let allowed = 0;
        const problems: string[] = [];
        for (const user of ROLES)
          for (const [i, col] of COLUMNS.entries()) {
            const id = await probe(col, col === 'U' ? 'accepted' : 'dispatched');
            const before = await reveals();
            const r = await api(user, 'POST', `/api/tickets/${id}/reveal`, { reason: '回电核实诉求' });
            checkAnswer(`reveal as ${user} on ${col}`, rule[user][i]!, r, problems);
            if (r.status === 200) {
              allowed++;
              expect(r.body).toEqual({ name: NAME, phone: PHONE, address: ADDRESS });
              expect(await reveals(), `reveal by ${user} on ${col} recorded`).toBe(before + 1);
            } else expect(await reveals(), `refused reveal by ${user} on ${col} recorded nothing`).toBe(before);
          }
        expect(problems).toEqual([]);
        expect(await reveals()).toBe(start + allowed);
        expect(allowed).toBeGreaterThan(20);
      });
      continue;
    }

    if (o.key === 'GET /api/tickets/{id}/attachments' || o.key === 'POST /api/tickets/{id}/attachments') {
      it(`${o.key}: scope, and only the centre and the ticket's own units add photos`, async () => {
        const problems: string[] = [];
        for (const user of ROLES)
          for (const [i, col] of COLUMNS.entries()) {
            const id = await probe(col, col === 'U' ? 'accepted' : 'dispatched');
            if (o.method === 'GET') {
              checkAnswer(`photos as ${user} on ${col}`, rule[user][i]!, await api(user, 'GET', `/api/tickets/${id}/attachments`), problems);
              continue;
            }
            const photo = await photoOf(user);
            const r = await api(user, 'POST', `/api/tickets/${id}/attachments`, { attachmentIds: [photo], purpose: 'other' });
            checkAnswer(`attach as ${user} on ${col}`, rule[user][i]!, r, problems);
            // A refused attach leaves the photo unattached (still the uploader's alone).
            if (r.status !== 200) expect((await api('supervisor', 'GET', `/api/attachments/${photo}/content`)).status, `photo ${photo}`).toBe(404);
          }
        expect(problems).toEqual([]);
      });
      continue;
    }

    it(`${o.key}`, () => {
      throw new Error(`${o.key} is a ticket route the matrix does not know how to call: teach it`);
    });
  }

  it('lists only the tickets in scope, with the requester masked', async () => {
    const ids = new Map<number, Column>();
    for (const col of COLUMNS) ids.set(await prepare(col, col === 'U' ? 'accepted' : 'dispatched', 'AUTHZ-LIST'), col);
    for (const user of ROLES) {
      const r = await api(user, 'GET', '/api/tickets?q=AUTHZ-LIST&limit=200');
      expect(r.status).toBe(200);
      expect(r.text).not.toContain(PHONE);
      expect(r.text).not.toContain(NAME);
      const seen = new Set((r.body.items as { id: number }[]).map((t) => t.id));
      for (const [id, col] of ids) expect(seen.has(id), `${user} lists the ${col} ticket`).toBe(visible(user, col));
    }
  });
});

describe(`sessions (${dbKind()})`, () => {
  const cookieLogin = async (username: string) => {
    const r = await send(h, { method: 'POST', url: '/api/auth/login', payload: { username, password: PASSWORD } });
    expect(r.status).toBe(200);
    const cookies = ([] as string[]).concat((r.headers['set-cookie'] as string | string[]) ?? []);
    const jar = Object.fromEntries(cookies.map((c) => c.split(';')[0]!.split('=') as [string, string]));
    expect(jar.jiesu_session).toBeTruthy();
    expect(jar.jiesu_csrf).toBe(r.body.csrfToken);
    return { cookie: `jiesu_session=${jar.jiesu_session}; jiesu_csrf=${jar.jiesu_csrf}`, csrf: jar.jiesu_csrf! };
  };

  it('a cookie-authenticated write needs the X-CSRF-Token header matching the jiesu_csrf cookie', async () => {
    const { cookie, csrf } = await cookieLogin('operator');
    const body = { requestType: 'help', channel: 'web', content: 'CSRF 测试' };
    const before = (await api('supervisor', 'GET', '/api/tickets?limit=1')).body.total as number;

    const noHeader = await send(h, { method: 'POST', url: '/api/tickets', payload: body, headers: { cookie } });
    expect(noHeader.status).toBe(403);
    expectErrorShape(noHeader);
    expect(noHeader.body.error.code).toBe('AUTH.CSRF');
    const wrong = await send(h, { method: 'POST', url: '/api/tickets', payload: body, headers: { cookie, 'x-csrf-token': `${csrf}x` } });
    expect(wrong.status).toBe(403);
    expect(wrong.body.error.code).toBe('AUTH.CSRF');
    expect((await api('supervisor', 'GET', '/api/tickets?limit=1')).body.total).toBe(before);

    // Reads need no header; a write with it works.
    expect((await send(h, { method: 'GET', url: '/api/auth/me', headers: { cookie } })).status).toBe(200);
    const ok = await send(h, { method: 'POST', url: '/api/tickets', payload: body, headers: { cookie, 'x-csrf-token': csrf } });
    expect(ok.status).toBe(201);
    expect((await api('supervisor', 'GET', '/api/tickets?limit=1')).body.total).toBe(before + 1);

    // Logging out also needs it; afterwards the cookie is worthless.
    expect((await send(h, { method: 'POST', url: '/api/auth/logout', headers: { cookie } })).status).toBe(403);
    expect((await send(h, { method: 'POST', url: '/api/auth/logout', headers: { cookie, 'x-csrf-token': csrf } })).status).toBe(204);
    expect((await send(h, { method: 'GET', url: '/api/auth/me', headers: { cookie } })).status).toBe(401);
  });

  it('a bearer token needs no CSRF header (it cannot be sent by another site)', async () => {
    const r = await api('operator', 'POST', '/api/tickets', { requestType: 'help', channel: 'web', content: 'bearer 测试' });
    expect(r.status).toBe(201);
  });

  it('the 11th login attempt within a minute from one address is refused with 429', async () => {
    const address = '192.0.2.77';
    for (let i = 1; i <= 10; i++) {
      // An unknown name, so that no account is locked (see the next test); the answer is the same.
      const r = await send(h, { method: 'POST', url: '/api/auth/login', payload: { username: 'mallory', password: `wrong-${i}` }, remoteAddress: address });
      expect(r.status, `attempt ${i}`).toBe(401);
    }
    // Even the right password is refused now, in the one error shape.
    const blocked = await send(h, { method: 'POST', url: '/api/auth/login', payload: { username: 'operator', password: PASSWORD }, remoteAddress: address });
    expect(blocked.status).toBe(429);
    expectErrorShape(blocked);
    expect(blocked.body.error.code).toBe('RATE_LIMITED');
    // Another address is not affected.
    const other = await send(h, { method: 'POST', url: '/api/auth/login', payload: { username: 'operator', password: PASSWORD }, remoteAddress: '192.0.2.78' });
    expect(other.status).toBe(200);
  });

  it('ten wrong passwords for one account, from many addresses, lock that account (and only it) for 15 minutes', async () => {
    const login = (username: string, password: string, n: number) =>
      send(h, { method: 'POST', url: '/api/auth/login', payload: { username, password }, remoteAddress: `198.51.100.${n}` });
    for (let i = 1; i <= 10; i++) expect((await login('callback', `wrong-${i}`, i)).status, `attempt ${i}`).toBe(401);
    // Even the right password, from a fresh address, is refused now; the wait is stated.
    const locked = await login('callback', PASSWORD, 50);
    expect(locked.status).toBe(429);
    expectErrorShape(locked);
    expect(locked.body.error.code).toBe('RATE_LIMITED');
    expect(locked.body.error.details.retryAfterSeconds).toBeGreaterThan(0);
    expect(locked.body.error.details.retryAfterSeconds).toBeLessThanOrEqual(15 * 60);
    // A name that does not exist is treated the same (the answer does not reveal which names exist).
    for (let i = 1; i <= 10; i++) expect((await login('nobody-here', `wrong-${i}`, 100 + i)).status).toBe(401);
    expect((await login('nobody-here', 'x', 120)).status).toBe(429);
    // Other accounts are not affected; after the window the account signs in again.
    expect((await login('operator', PASSWORD, 51)).status).toBe(200);
    h.clock.advance(15 * 60_000 + 1);
    expect((await login('callback', PASSWORD, 52)).status).toBe(200);
  });
});

// ---------------------------------------------------------------------------------------------
// The volunteer subsystem, by the people it serves: the staff of the first community's station
// (`station`), of the district's practice centre above it (`station.centre`), of another community's
// station (`station.other`), a street's handler (no station), a resident and a volunteer (a plain
// member of the station's team). A allowed · F 403 · N 404 (outside the scope) · C 409 (not yet / already a volunteer).

const VOLUNTEER_USERS = ['station', 'station.centre', 'station.other', 'street', 'resident', 'volunteer'] as const;
type VolunteerUser = (typeof VOLUNTEER_USERS)[number];
const usernameOf = (u: VolunteerUser) => (u === 'resident' ? VOL.resident : u === 'volunteer' ? VOL.volunteer : u);

const VOLUNTEER_EXPECT: Record<string, string> = {
  //                                          station, centre, other, street, resident, volunteer
  'POST /api/residents': /*                 */ 'AAAAAA',
  'POST /api/residents/claim': /*           */ 'AAAAAA',
  'GET /api/residents/me': /*               */ 'FFFFAA',
  'GET /api/volunteers/me': /*              */ 'FFFFCA',
  'POST /api/volunteers/me': /*             */ 'FFFFAC',
  'PATCH /api/volunteers/me': /*            */ 'FFFFCA',
  'GET /api/volunteers': /*                 */ 'AAAFFF',
  'POST /api/volunteers/import': /*         */ 'AAFFFF',
  'GET /api/volunteers/{userId}': /*        */ 'AANFFF',
  // Only the resident's own station sees them in clear, not the centre above it.
  'POST /api/volunteers/{userId}/reveal': /**/ 'AFFFFF',
  'GET /api/teams': /*                      */ 'AAAFFA',
  'POST /api/teams': /*                     */ 'AAFFFF',
  'GET /api/teams/{id}': /*                 */ 'AANNFA',
  'PATCH /api/teams/{id}': /*               */ 'AANFFF',
  'POST /api/teams/{id}/members': /*        */ 'AANFFF',
  // The member leaves themself, or the station's staff remove them.
  'DELETE /api/teams/{id}/members/{userId}': 'AANFFA',
  'POST /api/teams/{id}/join': /*           */ 'FFFFFA',
  // Service orders. The leader's own answers, notes and records are in test/orders.db.test.ts; here the volunteer is a
  // plain member of the team the order is offered to (404), and only the order's own station dispatches (the centre: 403).
  'GET /api/volunteers/orders/menu': /*     */ 'FFFFAA',
  'POST /api/volunteers/orders': /*         */ 'FFFFAA',
  'GET /api/volunteers/orders/mine': /*     */ 'FFFFAA',
  'POST /api/volunteers/orders/{id}/rating': 'FFFFAN',
  'GET /api/volunteers/orders/hotline/menu': 'FFFFFF',
  'POST /api/volunteers/orders/hotline': /* */ 'FFFFFF',
  'GET /api/volunteers/menu': /*            */ 'AAAFFF',
  'POST /api/volunteers/menu': /*           */ 'AAAFFF',
  'PATCH /api/volunteers/menu/{id}': /*     */ 'AANFFF',
  'GET /api/volunteers/orders': /*          */ 'AAAFFF',
  'GET /api/volunteers/orders/ranking': /*  */ 'AAAAFF',
  'GET /api/volunteers/orders/team': /*     */ 'FFFFFA',
  'GET /api/volunteers/orders/{id}': /*     */ 'AANFFF',
  'GET /api/volunteers/orders/{id}/suggestions': 'AANFFF',
  'POST /api/volunteers/orders/{id}/dispatch': 'AFNFFF',
  'POST /api/volunteers/orders/{id}/answer': 'FFFFFN',
  'POST /api/volunteers/orders/{id}/notes': 'FFFFFN',
  'POST /api/volunteers/orders/{id}/service': 'FFFFFN',
};

describe(`authorization matrix of the volunteer subsystem (${dbKind()})`, () => {
  const volunteerOps = operations.filter((o) => (o.op as { 'x-policy'?: { rule: string } })['x-policy']?.rule.startsWith('volunteers.'));

  it('has a row for every operation of the volunteers module', () => {
    expect(volunteerOps.length).toBeGreaterThan(10);
    expect(volunteerOps.map((o) => o.key).sort()).toEqual(Object.keys(VOLUNTEER_EXPECT).sort());
  });

  for (const o of volunteerOps) {
    it(`${o.key}`, async () => {
      const problems: string[] = [];
      for (const [i, user] of VOLUNTEER_USERS.entries()) {
        const expected = VOLUNTEER_EXPECT[o.key]![i]!;
        // Calls that change what the next one needs get it back first.
        if (o.key === 'DELETE /api/teams/{id}/members/{userId}')
          await must('station', 'POST', `/api/teams/${VOL.teamId}/members`, { userIds: [VOL.volunteerId] });
        const req = await PLAIN[o.key]!('street');
        let tok: string | null = req.token === undefined ? await token(usernameOf(user)) : req.token;
        if (o.key === 'POST /api/volunteers/me' && user === 'resident') tok = await VOL.freshResident();
        const r = await send(h, { method: o.method, url: req.url, token: tok, ...(req.body === undefined ? {} : { payload: req.body }) });
        const got = r.status >= 200 && r.status < 300 ? 'A' : r.status === 403 ? 'F' : r.status === 404 ? 'N' : r.status === 409 ? 'C' : `?${r.status}`;
        if (got !== expected) problems.push(`${o.key} as ${user}: expected ${expected}, got ${r.status} ${r.text.slice(0, 200)}`);
        else if (got !== 'A') expectErrorShape(r, `${o.key} as ${user}`);
      }
      expect(problems).toEqual([]);
    });
  }
});
