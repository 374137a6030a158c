/**
 * Counts for the analytics pages: request volume by month, category and place, and the counts behind
 * the three rates by month and by place. Volume counts every ticket accepted in the period (all kinds,
 * consultations answered at once included: that is the demand). Rate counts follow the monthly
 * assessment exactly (see assessment.repository.ts): valid callbacks by the month of the callback, of
 * dispatched tickets closed normally, without tickets excluded by an approved appeal.
 * Local months are Asia/Shanghai (UTC+8, no DST), computed without the server's time-zone database.
 */
import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../platform/db/client.ts';
import { tickets } from '../../engine/tickets.table.ts';

/** The answers of valid callbacks: the numerators and denominator of the three rates. */
export interface RateCounts {
  validCallbacks: number;
  contacted: number;
  resolved: number;
  satisfied: number;
  basicallySatisfied: number;
  unsatisfied: number;
}

export const emptyRateCounts = (): RateCounts => ({ validCallbacks: 0, contacted: 0, resolved: 0, satisfied: 0, basicallySatisfied: 0, unsatisfied: 0 });

type Row = Record<string, string | number | null>;
const n = (v: string | number | null | undefined) => Number(v ?? 0);
const LOCAL_MONTH = sql`to_char((accepted_at at time zone 'UTC') + interval '8 hours', 'YYYY-MM')`;

async function volumeBy(db: DbOrTx, key: SQL, districtCode: string, from: Date, to: Date): Promise<{ key: string | null; count: number }[]> {
  const rows = await queryRows<Row>(
    db,
    sql`select ${key} as key, count(*) as n from ${tickets}
        where district_code = ${districtCode} and accepted_at >= ${from} and accepted_at < ${to}
        group by 1 order by 1`,
  );
  return rows.map((r) => ({ key: r.key === null ? null : String(r.key), count: n(r.n) }));
}

/** Tickets accepted in [from, to), per local month 'YYYY-MM' (months without tickets absent). */
export const volumeByMonth = (db: DbOrTx, districtCode: string, from: Date, to: Date) => volumeBy(db, LOCAL_MONTH, districtCode, from, to);

/** Tickets accepted in [from, to), per category id as text (null = not yet categorised). */
export const volumeByCategory = (db: DbOrTx, districtCode: string, from: Date, to: Date) => volumeBy(db, sql`category_id`, districtCode, from, to);

/** Tickets accepted in [from, to), per street/town code of the place (null = no place given). */
export const volumeByStreet = (db: DbOrTx, districtCode: string, from: Date, to: Date) => volumeBy(db, sql`street_code`, districtCode, from, to);

async function rateCountsBy(
  db: DbOrTx,
  key: SQL,
  districtCode: string,
  fromMonth: string,
  toMonth: string,
  unitId?: number,
): Promise<Map<string | null, RateCounts>> {
  const rows = await queryRows<Row>(
    db,
    sql`select ${key} as key,
          count(*) as valid_callbacks,
          count(*) filter (where contacted) as contacted,
          count(*) filter (where resolved) as resolved,
          count(*) filter (where satisfaction = 'satisfied') as satisfied,
          count(*) filter (where satisfaction = 'basically_satisfied') as basically_satisfied,
          count(*) filter (where satisfaction = 'unsatisfied') as unsatisfied
        from ${tickets}
        where district_code = ${districtCode} and assessment_month >= ${fromMonth} and assessment_month <= ${toMonth}
          and lead_unit_id is not null and not excluded_from_assessment
          and (outcome is null or outcome = 'completed')
          ${unitId === undefined ? sql`` : sql`and lead_unit_id = ${unitId}`}
        group by 1`,
  );
  return new Map(
    rows.map((r) => [
      r.key === null ? null : String(r.key),
      {
        validCallbacks: n(r.valid_callbacks),
        contacted: n(r.contacted),
        resolved: n(r.resolved),
        satisfied: n(r.satisfied),
        basicallySatisfied: n(r.basically_satisfied),
        unsatisfied: n(r.unsatisfied),
      },
    ]),
  );
}

/**
 * Valid-callback counts per assessment month in [fromMonth, toMonth] ('YYYY-MM', inclusive), for the
 * whole district or for one lead unit: the same numbers the monthly ranking scores.
 */
export const rateCountsByMonth = (db: DbOrTx, districtCode: string, fromMonth: string, toMonth: string, unitId?: number) =>
  rateCountsBy(db, sql`assessment_month`, districtCode, fromMonth, toMonth, unitId);

/** Valid-callback counts over the assessment months [fromMonth, toMonth], per street/town code of the place. */
export const rateCountsByStreet = (db: DbOrTx, districtCode: string, fromMonth: string, toMonth: string) =>
  rateCountsBy(db, sql`street_code`, districtCode, fromMonth, toMonth);
