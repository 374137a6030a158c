/**
 * SQL of the leaders' figures: counts by unit over a period, the activities module's own tables
 * (hours, activities, sessions), the engine's users and units (volunteers are users holding the role
 * `volunteer`) and the engine's tickets of kind `service_order`. The service maps units to streets.
 */
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/client.ts';
import { queryRows } from '../../platform/db/client.ts';

const n = (v: string | number | null) => Number(v ?? 0);

/** Volunteers (users holding the role) by their home unit. */
export async function registeredVolunteersByUnit(db: DbOrTx, districtCode: string): Promise<{ unitId: number; n: number }[]> {
  const rows = await queryRows<{ unit_id: number; n: string | number }>(
    db,
    sql`select u.unit_id, count(*) as n
          from users u join units un on un.id = u.unit_id
         where un.district_code = ${districtCode} and u.roles @> array['volunteer']::text[]
         group by u.unit_id`,
  );
  return rows.map((r) => ({ unitId: Number(r.unit_id), n: n(r.n) }));
}

/** Volunteers with a positive total of minutes served in the local dates [from, to), by their home unit. */
export async function activeVolunteersByUnit(db: DbOrTx, districtCode: string, from: string, to: string): Promise<{ unitId: number; n: number }[]> {
  const rows = await queryRows<{ unit_id: number; n: string | number }>(
    db,
    sql`select u.unit_id, count(*) as n
          from (select r.user_id from service_hour_records r
                 where r.district_code = ${districtCode} and r.served_on >= ${from}::date and r.served_on < ${to}::date
                 group by r.user_id having sum(r.minutes) > 0) a
          join users u on u.id = a.user_id
         group by u.unit_id`,
  );
  return rows.map((r) => ({ unitId: Number(r.unit_id), n: n(r.n) }));
}

/** Minutes served in the local dates [from, to), by the organising unit (where the service was done). */
export async function minutesByOrganiser(db: DbOrTx, districtCode: string, from: string, to: string): Promise<{ unitId: number; n: number }[]> {
  const rows = await queryRows<{ unit_id: number; n: string | number }>(
    db,
    sql`select r.organiser_unit_id as unit_id, sum(r.minutes) as n
          from service_hour_records r
         where r.district_code = ${districtCode} and r.served_on >= ${from}::date and r.served_on < ${to}::date
         group by r.organiser_unit_id`,
  );
  return rows.map((r) => ({ unitId: Number(r.unit_id), n: n(r.n) }));
}

/** Published activities with a session starting in [from, to), by the organising unit. */
export async function activitiesHeldByOrganiser(db: DbOrTx, districtCode: string, from: Date, to: Date): Promise<{ unitId: number; n: number }[]> {
  const rows = await queryRows<{ unit_id: number; n: string | number }>(
    db,
    sql`select a.organiser_unit_id as unit_id, count(distinct a.id) as n
          from activities a
          join activity_sessions s on s.activity_id = a.id and s.district_code = a.district_code
         where a.district_code = ${districtCode} and a.state = 'published'
           and s.starts_at >= ${from.toISOString()} and s.starts_at < ${to.toISOString()}
         group by a.organiser_unit_id`,
  );
  return rows.map((r) => ({ unitId: Number(r.unit_id), n: n(r.n) }));
}

export interface OrderCountsRow {
  unitId: number;
  orders: number;
  rated: number;
  satisfied: number;
  replied: number;
  onTime: number;
}

/**
 * Tickets of kind `service_order` accepted in [from, to), by their lead unit: how many, how many rated
 * (by the requester), rated satisfied or basically satisfied, replied, and replied by the reply deadline.
 */
export async function serviceOrdersByLeadUnit(db: DbOrTx, districtCode: string, from: Date, to: Date): Promise<OrderCountsRow[]> {
  const rows = await queryRows<Record<'unit_id' | 'orders' | 'rated' | 'satisfied' | 'replied' | 'on_time', string | number>>(
    db,
    sql`select t.lead_unit_id as unit_id, count(*) as orders,
               count(*) filter (where t.satisfaction is not null) as rated,
               count(*) filter (where t.satisfaction in ('satisfied', 'basically_satisfied')) as satisfied,
               count(*) filter (where t.replied_at is not null) as replied,
               count(*) filter (where t.replied_at is not null and t.reply_due_at is not null and t.replied_at <= t.reply_due_at) as on_time
          from tickets t
         where t.district_code = ${districtCode} and t.kind = 'service_order' and t.lead_unit_id is not null
           and t.accepted_at >= ${from.toISOString()} and t.accepted_at < ${to.toISOString()}
         group by t.lead_unit_id`,
  );
  return rows.map((r) => ({
    unitId: Number(r.unit_id),
    orders: n(r.orders),
    rated: n(r.rated),
    satisfied: n(r.satisfied),
    replied: n(r.replied),
    onTime: n(r.on_time),
  }));
}
