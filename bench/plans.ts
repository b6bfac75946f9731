// Plans at a province's volume for `npm run bench`: every agency and commune leads tasks of the year's reform plans
// (one-off tasks and quarterly reports), most due occurrences reported. Measures the monitoring reads the PAR office
// and leaders open every day, and one reminder pass, against one hand-written SQL aggregate over the same tables.

import { sql } from 'kysely';
import type { Database } from '../src/db/database.ts';
import type { Clock } from '../src/domain/shared/clock.ts';
import { systemActor } from '../src/modules/auth/context.ts';
import { dashboard } from '../src/modules/plans/dashboard.ts';
import { scheduleReminders } from '../src/modules/plans/reminders.ts';
import { overdueBoard } from '../src/modules/plans/reports.ts';
import { prepareDatabase } from '../src/modules/setup/start.ts';

export interface PlansBench {
  tasks: number;
  occurrences: number;
  reports: number;
  rows: { scenario: string; n: number; ms: number; baseline: string; baseMs: number }[];
}

async function time<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t = process.hrtime.bigint();
  const r = await fn();
  return [Number(process.hrtime.bigint() - t) / 1e6, r];
}

async function median(runs: number, fn: () => Promise<unknown>): Promise<number> {
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) ms.push((await time(fn))[0]);
  ms.sort((a, b) => a - b);
  return ms[Math.floor(ms.length / 2)];
}

/**
 * Seeds `tasksPerUnit` tasks for every agency and commune in force (half one-off, half quarterly reports) in one
 * year's plans, with reports on about 70 % of the occurrences due by the clock's day, then measures.
 */
export async function benchPlans(database: Database, clock: Clock, tasksPerUnit = 40): Promise<PlansBench> {
  const db = database.db;
  await prepareDatabase(db, clock, { adminPassword: 'bench-admin-pw', demo: true, log: () => {} });
  const now = clock.now();
  const year = now.getUTCFullYear();
  // the demo's own illustrative plans stay; the generated ones are the bulk
  await sql`
    INSERT INTO plans (number, date, issuer, title, kind, status, created_at, updated_at)
    SELECT 'BENCH-' || g, make_date(${year}, 1, 5), 'UBND tỉnh', 'Kế hoạch CCHC (đo tải) ' || g, 'plan', 'active', ${now}, ${now}
    FROM generate_series(1, 4) g`.execute(db);
  await sql`
    INSERT INTO plan_tasks (plan_id, ref, work, lead_unit_id, schedule, created_at, updated_at)
    SELECT p.id, u.code || '.' || k, 'Nhiệm vụ đo tải ' || k, u.id,
      CASE WHEN k % 2 = 0
        THEN jsonb_build_object('kind', 'once', 'dueDate', make_date(${year}, 1 + (k * 7 + length(u.code)) % 12, 1 + k % 27))
        ELSE jsonb_build_object('kind', 'recurring', 'frequency', 'quarterly', 'from', make_date(${year}, 1, 1), 'until', make_date(${year}, 12, 31), 'dueDay', 15)
      END,
      ${now}, ${now}
    FROM units u
    CROSS JOIN generate_series(1, ${tasksPerUnit}) k
    JOIN plans p ON p.number = 'BENCH-' || (1 + k % 4)
    WHERE u.kind IN ('agency', 'commune') AND u.valid_to IS NULL`.execute(db);
  // occurrences as the domain schedules them: a one-off task due on its date; a quarterly report due on the 15th of
  // the month after each quarter
  await sql`
    INSERT INTO plan_occurrences (task_id, period, period_start, period_end, due_date)
    SELECT t.id, 'once', (t.schedule->>'dueDate')::date, (t.schedule->>'dueDate')::date, (t.schedule->>'dueDate')::date
    FROM plan_tasks t JOIN plans p ON p.id = t.plan_id WHERE p.number LIKE 'BENCH-%' AND t.schedule->>'kind' = 'once'`.execute(db);
  await sql`
    INSERT INTO plan_occurrences (task_id, period, period_start, period_end, due_date)
    SELECT t.id, ${year} || '-Q' || q, make_date(${year}, q * 3 - 2, 1), (make_date(${year}, q * 3 - 2, 1) + interval '3 months - 1 day')::date,
      (make_date(${year}, q * 3 - 2, 1) + interval '3 months')::date + 14
    FROM plan_tasks t JOIN plans p ON p.id = t.plan_id CROSS JOIN generate_series(1, 4) q
    WHERE p.number LIKE 'BENCH-%' AND t.schedule->>'kind' = 'recurring'`.execute(db);
  const day = now.toISOString().slice(0, 10);
  await sql`
    INSERT INTO plan_reports (unit_id, task_id, occurrence_id, status, percent, text, reported_by_name, reported_at)
    SELECT t.lead_unit_id, t.id, o.id,
      CASE WHEN hashtext(o.id::text) % 10 < 7 THEN 'done' ELSE 'inProgress' END,
      CASE WHEN hashtext(o.id::text) % 10 < 7 THEN 100 ELSE 50 END,
      'Báo cáo (đo tải)', 'bench', o.due_date - 2
    FROM plan_occurrences o JOIN plan_tasks t ON t.id = o.task_id JOIN plans p ON p.id = t.plan_id
    WHERE p.number LIKE 'BENCH-%' AND o.due_date <= ${day}::date + 20 AND hashtext(o.id::text) % 10 <> 9`.execute(db);
  await sql`ANALYZE`.execute(db);
  const count = async (table: string) => Number((await sql<{ n: string }>`SELECT count(*) AS n FROM ${sql.table(table)}`.execute(db)).rows[0].n);
  const out: PlansBench = { tasks: await count('plan_tasks'), occurrences: await count('plan_occurrences'), reports: await count('plan_reports'), rows: [] };

  // the baseline: completion per lead unit as of today in one statement (latest report per occurrence)
  const baseline = () =>
    sql`
      SELECT t.lead_unit_id, count(*) AS due,
        count(*) FILTER (WHERE r.status = 'done') AS done,
        count(*) FILTER (WHERE r.status IS DISTINCT FROM 'done' AND o.due_date < ${day}::date) AS late
      FROM plan_occurrences o
      JOIN plan_tasks t ON t.id = o.task_id
      JOIN plans p ON p.id = t.plan_id AND p.status <> 'draft'
      LEFT JOIN LATERAL (SELECT status FROM plan_reports r WHERE r.occurrence_id = o.id ORDER BY reported_at DESC LIMIT 1) r ON true
      WHERE o.due_date BETWEEN make_date(${year}, 1, 1) AND ${day}::date
      GROUP BY t.lead_unit_id`.execute(db);
  const baseMs = await median(5, baseline);
  const c = { db, clock, actor: systemActor('bench'), ip: null };
  const dashMs = await median(5, () => dashboard(c, { year }));
  out.rows.push({
    scenario: `plans dashboard (completion by unit, overdue trend, campaigns) over ${out.occurrences.toLocaleString('en')} occurrences`,
    n: out.occurrences,
    ms: dashMs,
    baseline: 'one SQL aggregate (completion per unit)',
    baseMs,
  });
  const boardMs = await median(5, () => overdueBoard(c, undefined));
  out.rows.push({
    scenario: 'plans overdue board (working days late per task)',
    n: out.occurrences,
    ms: boardMs,
    baseline: 'one SQL aggregate (completion per unit)',
    baseMs,
  });
  const [passMs, scheduled] = await time(() => scheduleReminders({ db, clock }));
  const [againMs] = await time(() => scheduleReminders({ db, clock }));
  out.rows.push({
    scenario: `reminder scheduling pass (${scheduled.toLocaleString('en')} jobs created)`,
    n: scheduled,
    ms: passMs,
    baseline: 'one SQL aggregate (completion per unit)',
    baseMs,
  });
  out.rows.push({ scenario: 'reminder scheduling pass again (nothing new)', n: 0, ms: againMs, baseline: 'one SQL aggregate (completion per unit)', baseMs });
  return out;
}
