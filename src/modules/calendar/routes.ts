import { z } from 'zod';
import { addWorkingDays, isWeekend, workingDaysBetween } from '../../domain/calendar/index.ts';
import { conflict, fieldInvalid, notFound } from '../../server/errors.ts';
import { type App, authorize, ctx } from '../../server/http.ts';
import { writeAudit } from '../audit/repo.ts';
import { actorIdOrNull } from '../auth/context.ts';
import { ensureYears, holidaysOfYear, loadCalendar } from './repo.ts';

const Day = z.iso.date();
const yearOf = (d: string) => Number(d.slice(0, 4));

export async function calendarRoutes(app: App) {
  const { db, clock } = app.deps;

  app.get(
    '/api/calendar/holidays',
    { schema: { tags: ['calendar'], querystring: z.strictObject({ year: z.coerce.number().int().min(1900).max(2200) }) } },
    async (req) => {
      authorize(ctx(req), 'calendar.read');
      await ensureYears(db, [req.query.year], clock.now());
      const rows = await holidaysOfYear(db, req.query.year);
      return { items: rows.map((r) => ({ day: r.day, name: r.name, kind: r.kind })) };
    },
  );

  app.post(
    '/api/calendar/holidays',
    {
      schema: {
        tags: ['calendar'],
        body: z.strictObject({ day: Day, name: z.string().trim().min(1).max(200), kind: z.enum(['custom', 'workingWeekend']).default('custom') }),
      },
    },
    async (req, reply) => {
      const c = ctx(req);
      authorize(c, 'calendar.manage');
      const { day, name, kind } = req.body;
      if (kind === 'workingWeekend' && !isWeekend(day)) {
        throw fieldInvalid('calendar_not_weekend', 'body.day');
      }
      await ensureYears(db, [yearOf(day)], clock.now());
      await db.transaction().execute(async (trx) => {
        const exists = await trx.selectFrom('holidays').select('day').where('day', '=', day).executeTakeFirst();
        if (exists) throw conflict('holiday_exists', { day: day.split('-').reverse().join('/') });
        await trx.insertInto('holidays').values({ day, name, kind }).execute();
        await writeAudit(trx, {
          at: clock.now(),
          actorId: actorIdOrNull(c.actor),
          actorName: c.actor.username,
          action: 'calendar.addDay',
          entityType: 'holiday',
          entityId: day,
          after: { day, name, kind },
          ip: c.ip,
        });
      });
      return reply.status(201).send({ day, name, kind });
    },
  );

  app.delete('/api/calendar/holidays/:day', { schema: { tags: ['calendar'], params: z.strictObject({ day: Day }) } }, async (req, reply) => {
    const c = ctx(req);
    authorize(c, 'calendar.manage');
    await db.transaction().execute(async (trx) => {
      const row = await trx.selectFrom('holidays').selectAll().where('day', '=', req.params.day).executeTakeFirst();
      if (!row) throw notFound();
      await trx.deleteFrom('holidays').where('day', '=', row.day).execute();
      await writeAudit(trx, {
        at: clock.now(),
        actorId: actorIdOrNull(c.actor),
        actorName: c.actor.username,
        action: 'calendar.removeDay',
        entityType: 'holiday',
        entityId: row.day,
        before: row,
        ip: c.ip,
      });
    });
    return reply.status(204).send();
  });

  app.get(
    '/api/calendar/add-working-days',
    { schema: { tags: ['calendar'], querystring: z.strictObject({ from: Day, days: z.coerce.number().int().min(-1000).max(1000) }) } },
    async (req) => {
      authorize(ctx(req), 'calendar.read');
      const y = yearOf(req.query.from);
      const span = Math.ceil(Math.abs(req.query.days) / 200) + 1;
      const years = Array.from({ length: 2 * span + 1 }, (_, i) => y - span + i);
      const cal = await loadCalendar(db, years, clock.now());
      return { date: addWorkingDays(cal, req.query.from, req.query.days) };
    },
  );

  app.get('/api/calendar/working-days-between', { schema: { tags: ['calendar'], querystring: z.strictObject({ from: Day, to: Day }) } }, async (req) => {
    authorize(ctx(req), 'calendar.read');
    const [a, b] = [yearOf(req.query.from), yearOf(req.query.to)].sort((x, y) => x - y);
    if (b - a > 20) throw fieldInvalid('calendar_range_too_long', 'querystring.to');
    const cal = await loadCalendar(
      db,
      Array.from({ length: b - a + 1 }, (_, i) => a + i),
      clock.now(),
    );
    return { workingDays: workingDaysBetween(cal, req.query.from, req.query.to) };
  });
}
