/**
 * Party organisations and members (党组织、党员): the organisation tree beside the unit and division
 * trees, and members with their branch and home community. District code in every key, like the other
 * growing tables. Members' personal data is sealed with the personal-data keyring, like residents'.
 */
import { sql } from 'drizzle-orm';
import { boolean, date, index, integer, jsonb, pgTable, serial, text, timestamp, uniqueIndex, varchar } from 'drizzle-orm/pg-core';
import type { MemberType, OrganisationHost, OrganisationLevel, PartyEventKind } from './party.domain.ts';

/**
 * 党组织: one node of the organisation tree. `path` is the chain of ids from the root (`/1/7/42/`), so a
 * subtree is one prefix match; it changes only when a node moves.
 */
export const partyOrganisations = pgTable(
  'party_organisations',
  {
    id: serial('id').primaryKey(),
    districtCode: varchar('district_code', { length: 6 }).notNull(),
    /** The superior organisation; null for the district's root committee. */
    parentId: integer('parent_id'),
    /** `/<root id>/…/<own id>/`. */
    path: text('path').notNull(),
    level: varchar('level', { length: 16 }).notNull().$type<OrganisationLevel>(),
    hostType: varchar('host_type', { length: 16 }).notNull().$type<OrganisationHost>(),
    /** The organisation code (组织代码), unique in the district: the key of imports. */
    code: varchar('code', { length: 32 }).notNull(),
    name: text('name').notNull(),
    /** The street (9-digit) or community (12-digit) division where it sits; null for the district's own. */
    divisionCode: varchar('division_code', { length: 12 }),
    /** The unit it belongs to when it is one of the platform's units (a street office, a department); null otherwise. */
    unitId: integer('unit_id'),
    /** 双报到: the community (12-digit) a unit organisation is paired with and reports to; null when it does not report. */
    pairedCommunityCode: varchar('paired_community_code', { length: 12 }),
    foundedOn: date('founded_on'),
    /** Dissolved or merged: kept for history, no new members. */
    retiredAt: timestamp('retired_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('party_organisations_code_uq').on(t.districtCode, t.code),
    index('party_organisations_parent_idx').on(t.districtCode, t.parentId),
    index('party_organisations_path_idx').on(t.districtCode, t.path),
    index('party_organisations_division_idx').on(t.districtCode, t.divisionCode),
  ],
);

/**
 * 党员: a member of one organisation (their branch). Name, ID number and phone are sealed (bound to the
 * district, the member and the column); the keyed hash of the ID number makes a member unique per
 * district without storing it in clear. A member may have an account (`userId`, a resident's account)
 * for the mobile pages.
 */
export const partyMembers = pgTable(
  'party_members',
  {
    id: serial('id').primaryKey(),
    districtCode: varchar('district_code', { length: 6 }).notNull(),
    organisationId: integer('organisation_id').notNull(),
    /** The member's own account (role resident), when they have one; null otherwise. */
    userId: integer('user_id'),
    /** Sealed (pd1:…): the real name. */
    realName: text('real_name').notNull(),
    /** Sealed (pd1:…): the 18-character resident ID number. */
    idNumber: text('id_number').notNull(),
    /** HMAC of the district and the ID number under the active key (64 hex): uniqueness per district. */
    idNumberKey: varchar('id_number_key', { length: 64 }).notNull(),
    /** Sealed (pd1:…): the mobile number; null when unknown. */
    phone: text('phone'),
    memberType: varchar('member_type', { length: 16 }).notNull().$type<MemberType>(),
    joinedOn: date('joined_on'),
    /** The community (12-digit division code) where the member lives: where an in-service member reports in (双报到). */
    homeCommunityCode: varchar('home_community_code', { length: 12 }),
    /** 在职党员: works in a unit elsewhere and reports in to the home community. */
    inService: boolean('in_service').notNull().default(false),
    /** Where an in-service member works (free text, e.g. 区卫健委). */
    workUnit: text('work_unit'),
    /** Posts held: secretary (书记), committee member (委员), pioneer post (先锋岗) names… */
    posts: text('posts')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** Transferred out, or otherwise left the organisation: kept for history. */
    leftAt: timestamp('left_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('party_members_id_key_uq').on(t.districtCode, t.idNumberKey),
    index('party_members_organisation_idx').on(t.districtCode, t.organisationId),
    index('party_members_home_idx').on(t.districtCode, t.homeCommunityCode),
    uniqueIndex('party_members_user_uq')
      .on(t.districtCode, t.userId)
      .where(sql`user_id is not null`),
  ],
);

/** A reveal of a member's sealed data: who saw which field, when and why (§13). */
export const partyMemberReveals = pgTable(
  'party_member_reveals',
  {
    id: serial('id').primaryKey(),
    districtCode: varchar('district_code', { length: 6 }).notNull(),
    memberId: integer('member_id').notNull(),
    viewerUserId: integer('viewer_user_id').notNull(),
    /** realName | idNumber | phone */
    field: varchar('field', { length: 16 }).notNull(),
    reason: text('reason').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [index('party_member_reveals_member_idx').on(t.districtCode, t.memberId, t.at)],
);

/**
 * The history of the organisation tree and its members (§13: every change an event with actor and
 * time, nothing deleted): a transfer names the branch left and the branch joined, a move the old and the
 * new parent. Append-only; `data` holds the change (never personal data in clear).
 */
export const partyEvents = pgTable(
  'party_events',
  {
    id: serial('id').primaryKey(),
    districtCode: varchar('district_code', { length: 6 }).notNull(),
    kind: varchar('kind', { length: 24 }).notNull().$type<PartyEventKind>(),
    /** The organisation concerned (for a member's event: the branch they were in before it). */
    organisationId: integer('organisation_id').notNull(),
    /** The member concerned; null for an organisation's event. */
    memberId: integer('member_id'),
    actorUserId: integer('actor_user_id').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    /** The change: `{ from, to }` of the fields changed, `{ toOrganisationId }` of a transfer, a reason… */
    data: jsonb('data').$type<Record<string, unknown>>().notNull(),
  },
  (t) => [
    index('party_events_member_idx').on(t.districtCode, t.memberId, t.at),
    index('party_events_organisation_idx').on(t.districtCode, t.organisationId, t.at),
  ],
);
