/**
 * Remedial plans (kế hoạch khắc phục tồn tại, hạn chế): the PAR weak-criteria list of a unit's assessment becomes a
 * draft plan with one task per criterion that lost points, each linked to the criterion it repairs.
 */
import { sql } from 'kysely';
import { vietnamDay } from '../../domain/shared/clock.ts';
import { AppError, notFound } from '../../server/errors.ts';
import { authorize } from '../../server/http.ts';
import { writeAudit } from '../audit/repo.ts';
import type { UseCaseContext } from '../auth/context.ts';
import { actorIdOrNull } from '../auth/context.ts';
import { weakLeavesOf } from '../par/exports/weak.ts';
import { unitPath } from '../units/repo.ts';
import { getPlan } from './plans.ts';
import { loadTasks } from './repo.ts';
import { writeTask } from './tasks.ts';

export async function draftRemedialPlan(c: UseCaseContext, assessmentId: string) {
  const w = await weakLeavesOf(c, assessmentId);
  const path = await unitPath(c.db, w.unit.id);
  try {
    authorize(c, 'plans.manage');
  } catch {
    authorize(c, 'plans.report', { unitPath: path });
  }
  if (w.items.length === 0) throw new AppError('plan_remedial_nothing', { status: 409 });
  const today = vietnamDay(c.clock.now());
  // the same deadline as the remedial-plan workbook of the PAR module: 30/06 of the following year
  const due = `${w.cycle.year + 1}-06-30` < today ? today : `${w.cycle.year + 1}-06-30`;
  const id = await c.db.transaction().execute(async (trx) => {
    const n = await trx
      .selectFrom('plans')
      .select('id')
      .where('par_cycle_id', '=', w.cycle.id)
      .where('kind', '=', 'remedial')
      .where('issuer', '=', w.unit.name)
      .execute();
    const now = c.clock.now();
    const plan = await trx
      .insertInto('plans')
      .values({
        number: `KP-${w.unit.code}-${w.cycle.year}${n.length ? `-${n.length + 1}` : ''} (dự thảo)`,
        date: today,
        issuer: w.unit.name,
        title: `Kế hoạch khắc phục tồn tại, hạn chế qua kết quả Chỉ số CCHC năm ${w.cycle.year}`,
        purpose: `Khắc phục ${w.items.length} tiêu chí bị trừ điểm (tổng ${w.totalLost.replace('.', ',')} điểm) trong ${w.cycle.name}.`,
        kind: 'remedial',
        status: 'draft',
        par_cycle_id: w.cycle.id,
        created_by: actorIdOrNull(c.actor),
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    let i = 0;
    for (const leaf of w.items) {
      i++;
      const title = leaf.title ?? '';
      await writeTask(trx, now, plan.id, {
        ref: String(i),
        work: `Khắc phục hạn chế: ${leaf.code}. ${title}`.trim(),
        leadUnitId: w.unit.id,
        supportUnitIds: [],
        responsiblePerson: null,
        schedule: { kind: 'once', dueDate: due },
        expected: {
          text: `Tiêu chí ${leaf.code} không còn bị trừ điểm (năm ${w.cycle.year} bị trừ ${leaf.lost.replace('.', ',')} điểm)`,
          targetValue: leaf.max,
          targetUnit: 'điểm',
        },
        criterionCodes: [leaf.code],
        parentId: null,
      });
    }
    await writeAudit(trx, {
      at: now,
      actorId: actorIdOrNull(c.actor),
      actorName: c.actor.username,
      action: 'plan.remedial.draft',
      entityType: 'plan',
      entityId: plan.id,
      unitId: w.unit.id,
      after: { assessmentId, cycleId: w.cycle.id, criteria: w.items.map((x) => x.code) },
      ip: c.ip,
    });
    return plan.id;
  });
  return getPlan(c, id);
}

/** The open (not done) remedial tasks of a criterion, optionally of one cycle and one unit. */
export async function openRemedialTasks(c: UseCaseContext, q: { code: string; cycleId?: string; unitId?: string }) {
  authorize(c, 'plans.read');
  let query = c.db
    .selectFrom('plan_tasks as t')
    .innerJoin('plans as p', 'p.id', 't.plan_id')
    .select(['t.id', 'p.number', 'p.status'])
    .where('p.status', '<>', 'closed')
    .where(sql<boolean>`t.criterion_codes @> ${JSON.stringify([q.code])}::jsonb`);
  if (q.cycleId) query = query.where('p.par_cycle_id', '=', q.cycleId);
  if (q.unitId) query = query.where('t.lead_unit_id', '=', q.unitId);
  const rows = await query.execute();
  if (q.cycleId && !(await c.db.selectFrom('par_cycles').select('id').where('id', '=', q.cycleId).executeTakeFirst())) throw notFound();
  const tasks = await loadTasks(c.db, { taskIds: rows.map((r) => r.id) }, c.clock.now());
  return tasks
    .filter((t) => t.status !== 'done')
    .map((t) => {
      const r = rows.find((x) => x.id === t.id)!;
      return { ...t, planNumber: r.number, planStatus: r.status };
    });
}
