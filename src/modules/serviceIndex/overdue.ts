import { sql } from 'kysely';
import { addWorkingDays, workingDaysBetween } from '../../domain/calendar/index.ts';
import { vietnamDay, vietnamDayEnd } from '../../domain/shared/clock.ts';
import { notFound } from '../../server/errors.ts';
import { authorize } from '../../server/http.ts';
import { writeAudit } from '../audit/repo.ts';
import type { UseCaseContext } from '../auth/context.ts';
import { actorIdOrNull } from '../auth/context.ts';
import { loadCalendar } from '../calendar/repo.ts';
import { unitPath } from '../units/repo.ts';

/**
 * The overdue watch of a unit: open dossiers already past their due date, and those due within the next N working
 * days (counted on the working-day calendar, so Tết and weekends do not count).
 */
export async function overdueWatch(c: UseCaseContext, unitId: string, withinWorkingDays: number) {
  authorize(c, 'serviceIndex.read', { unitPath: await unitPath(c.db, unitId) });
  const now = c.clock.now();
  const today = vietnamDay(now);
  const year = Number(today.slice(0, 4));
  const cal = await loadCalendar(c.db, [year, year + 1], now);
  const horizonDay = addWorkingDays(cal, today, withinWorkingDays);
  const horizon = vietnamDayEnd(horizonDay);
  const rows = await c.db
    .selectFrom('dossiers as d')
    .leftJoin('procedures as p', 'p.code', 'd.procedure_code')
    .select([
      'd.code',
      'd.source',
      'd.received_day',
      'd.procedure_code',
      'p.name as procedure_name',
      'd.received_at',
      'd.due_at',
      'd.apology_at',
      'd.apology_note',
    ])
    .where('d.unit_id', '=', unitId)
    .where('d.finished_at', 'is', null)
    .where('d.due_at', 'is not', null)
    .where('d.due_at', '<=', horizon)
    .orderBy('d.due_at')
    .orderBy('d.code')
    .limit(1000)
    .execute();
  const items = rows.map((r) => {
    const dueDay = vietnamDay(new Date(r.due_at as Date));
    return {
      code: r.code,
      source: r.source,
      receivedDay: r.received_day,
      procedureCode: r.procedure_code,
      procedureName: r.procedure_name,
      receivedAt: new Date(r.received_at).toISOString(),
      dueAt: new Date(r.due_at as Date).toISOString(),
      overdue: new Date(r.due_at as Date) < now,
      /** Overdue: working days since the due day (0 = due earlier today); due soon: working days left. */
      workingDays: Math.abs(workingDaysBetween(cal, dueDay, today)),
      apologyAt: r.apology_at ? new Date(r.apology_at).toISOString() : null,
      apologyNote: r.apology_note,
    };
  });
  return { today, horizonDay, overdue: items.filter((i) => i.overdue), dueSoon: items.filter((i) => !i.overdue) };
}

/**
 * Records the apology letter for a late dossier (văn bản xin lỗi và đề nghị gia hạn, form 04 of TT 03/2025/TT-VPCP;
 * methodology §5): when it was sent and its reference / new appointment.
 */
export async function recordApology(c: UseCaseContext, input: { unitId: string; source: string; code: string; receivedDay: string; note: string }) {
  authorize(c, 'serviceIndex.apology', { unitPath: await unitPath(c.db, input.unitId) });
  return c.db.transaction().execute(async (trx) => {
    const d = await trx
      .selectFrom('dossiers')
      .select(['code', 'apology_at', 'apology_note'])
      .where('unit_id', '=', input.unitId)
      .where('source', '=', input.source)
      .where('code', '=', input.code)
      .where('received_day', '=', input.receivedDay)
      .executeTakeFirst();
    if (!d) throw notFound();
    await sql`UPDATE dossiers SET apology_at = ${c.clock.now()}, apology_note = ${input.note}
      WHERE unit_id = ${input.unitId} AND source = ${input.source} AND code = ${input.code} AND received_day = ${input.receivedDay}`.execute(trx);
    await writeAudit(trx, {
      at: c.clock.now(),
      actorId: actorIdOrNull(c.actor),
      actorName: c.actor.username,
      action: 'dossiers.apology',
      entityType: 'dossier',
      entityId: `${input.source}:${input.code}`,
      unitId: input.unitId,
      before: { apologyAt: d.apology_at, apologyNote: d.apology_note },
      after: { apologyAt: c.clock.now(), apologyNote: input.note },
      ip: c.ip,
    });
  });
}
