/**
 * Residents, volunteers and teams (志愿服务). People are `users` (identified by users.id across the
 * volunteer and points modules); practice stations are `units` of type `station`. District code in
 * every key, like the other growing tables.
 */
import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, primaryKey, serial, text, timestamp, uniqueIndex, varchar } from 'drizzle-orm/pg-core';

/**
 * 居民: a resident's identity beside their user account (role `resident`). Real name and ID number are
 * sealed with the personal-data keyring (bound to the district, the user and the column); the keyed
 * hash of the ID number makes it unique per district without storing it in clear.
 */
export const residents = pgTable(
  'residents',
  {
    userId: integer('user_id').notNull(),
    districtCode: varchar('district_code', { length: 6 }).notNull(),
    /** Sealed (pd1:…): the real name. */
    realName: text('real_name').notNull(),
    /** Sealed (pd1:…): the 18-character resident ID number. */
    idNumber: text('id_number').notNull(),
    /** HMAC of the district and the ID number under the active key (64 hex): uniqueness per district. */
    idNumberKey: varchar('id_number_key', { length: 64 }).notNull(),
    /** Home community (12-digit division code); the account's unit is its practice station. */
    communityCode: varchar('community_code', { length: 12 }).notNull(),
    /** registered (on the mobile pages) | imported (from a station's roster). */
    source: varchar('source', { length: 12 }).notNull().$type<'registered' | 'imported'>(),
    /** When an imported account was claimed by its owner (phone + ID number); null until then. Registered accounts: their creation. */
    claimedAt: timestamp('claimed_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ name: 'residents_pk', columns: [t.districtCode, t.userId] }), uniqueIndex('residents_id_key_uq').on(t.districtCode, t.idNumberKey)],
);

/** 志愿者: a resident registered as a volunteer (role `volunteer`). */
export const volunteerProfiles = pgTable(
  'volunteer_profiles',
  {
    userId: integer('user_id').notNull(),
    districtCode: varchar('district_code', { length: 6 }).notNull(),
    /** The volunteer's station (their home community's 实践站): whose staff list and manage them. */
    stationUnitId: integer('station_unit_id').notNull(),
    skills: text('skills')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** Service areas: street (9) or community (12-digit) division codes. */
    areas: text('areas')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** [{ weekday 1–7, slot morning|afternoon|evening }] */
    availability: jsonb('availability').notNull().default([]).$type<{ weekday: number; slot: string }[]>(),
    /** The volunteer agrees that their name is shown in leaderboards and on public pages. */
    consentPublicName: boolean('consent_public_name').notNull().default(false),
    /** When the consent was last given or withdrawn; null = never asked (imported). */
    consentAt: timestamp('consent_at', { withTimezone: true }),
    /** self (on the mobile page) | imported (roster). */
    source: varchar('source', { length: 12 }).notNull().$type<'self' | 'imported'>(),
    registeredAt: timestamp('registered_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ name: 'volunteer_profiles_pk', columns: [t.districtCode, t.userId] }),
    index('volunteer_profiles_station_idx').on(t.districtCode, t.stationUnitId, t.userId),
    index('volunteer_profiles_skills_idx').using('gin', t.skills),
    index('volunteer_profiles_areas_idx').using('gin', t.areas),
  ],
);

/** 志愿服务队: a team of a station, with a leader and skills and areas (service orders are assigned to teams). */
export const volunteerTeams = pgTable(
  'volunteer_teams',
  {
    id: serial('id').primaryKey(),
    districtCode: varchar('district_code', { length: 6 }).notNull(),
    stationUnitId: integer('station_unit_id').notNull(),
    name: text('name').notNull(),
    skills: text('skills')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    areas: text('areas')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** A volunteer who is a member of the team. */
    leaderUserId: integer('leader_user_id').notNull(),
    status: varchar('status', { length: 12 }).notNull().$type<'active' | 'suspended' | 'dissolved'>(),
    createdBy: integer('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  // One name per station: a roster names its teams, and the same file twice finds the same team.
  (t) => [uniqueIndex('volunteer_teams_name_uq').on(t.districtCode, t.stationUnitId, t.name), index('volunteer_teams_leader_idx').on(t.leaderUserId)],
);

/** A volunteer's membership of a team (the leader is a member too). */
export const volunteerTeamMembers = pgTable(
  'volunteer_team_members',
  {
    teamId: integer('team_id').notNull(),
    userId: integer('user_id').notNull(),
    joinedAt: timestamp('joined_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ name: 'volunteer_team_members_pk', columns: [t.teamId, t.userId] }), index('volunteer_team_members_user_idx').on(t.userId)],
);

/** Every reveal of a resident's clear name and ID number by station staff: who, when, why. */
export const residentReveals = pgTable(
  'resident_reveals',
  {
    id: serial('id').primaryKey(),
    districtCode: varchar('district_code', { length: 6 }).notNull(),
    residentUserId: integer('resident_user_id').notNull(),
    userId: integer('user_id').notNull(),
    unitId: integer('unit_id').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    reason: text('reason').notNull(),
  },
  (t) => [index('resident_reveals_resident_idx').on(t.districtCode, t.residentUserId, t.at)],
);
