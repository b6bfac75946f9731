import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { defaultHolidays, type IsoDate, makeCalendar, type WorkingCalendar } from '../../domain/calendar/index.ts';
import { writeAudit } from '../audit/repo.ts';

/**
 * Generates the default public holidays (Bộ luật Lao động 2019, Điều 112) for years not yet in the table.
 * After that a year's list belongs to the people who edit it: it is never regenerated.
 */
export async function ensureYears(db: Kysely<DB>, years: number[], at: Date): Promise<void> {
  const wanted = [...new Set(years)].filter((y) => y >= 1900 && y <= 2200);
  if (wanted.length === 0) return;
  const have = new Set((await db.selectFrom('calendar_years').select('year').where('year', 'in', wanted).execute()).map((r) => r.year));
  const missing = wanted.filter((y) => !have.has(y));
  if (missing.length === 0) return;
  await db.transaction().execute(async (trx) => {
    for (const year of missing) {
      const inserted = await trx
        .insertInto('calendar_years')
        .values({ year })
        .onConflict((oc) => oc.doNothing())
        .returning('year')
        .execute();
      if (inserted.length === 0) continue; // another request got there first
      const days = defaultHolidays(year);
      await trx
        .insertInto('holidays')
        .values(days.map((h) => ({ day: h.day, name: h.name, kind: h.kind })))
        .onConflict((oc) => oc.doNothing())
        .execute();
      await writeAudit(trx, {
        at,
        actorId: null,
        actorName: 'system',
        action: 'calendar.initYear',
        entityType: 'calendarYear',
        entityId: String(year),
        after: { holidays: days },
        ip: null,
      });
    }
  });
}

export async function holidaysOfYear(db: Kysely<DB>, year: number) {
  return db.selectFrom('holidays').selectAll().where('day', '>=', `${year}-01-01`).where('day', '<=', `${year}-12-31`).orderBy('day').execute();
}

/** The working calendar for the given years (holidays and make-up working weekends), generating defaults as needed. */
export async function loadCalendar(db: Kysely<DB>, years: number[], at: Date): Promise<WorkingCalendar> {
  await ensureYears(db, years, at);
  const lo = Math.min(...years);
  const hi = Math.max(...years);
  const rows = await db.selectFrom('holidays').select(['day', 'kind']).where('day', '>=', `${lo}-01-01`).where('day', '<=', `${hi}-12-31`).execute();
  return makeCalendar({
    holidays: rows.filter((r) => r.kind !== 'workingWeekend').map((r) => r.day as IsoDate),
    workingWeekends: rows.filter((r) => r.kind === 'workingWeekend').map((r) => r.day as IsoDate),
  });
}
