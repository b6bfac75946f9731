/**
 * Inspections (kiểm tra công tác CCHC): a yearly inspection plan over units, which must cover at least 30 % of the
 * units assessed (agencies and communes in force at the end of the year); per inspection a checklist and findings;
 * a finding's follow-up task goes into the inspected unit's inbox as a task of the inspection plan's follow-up plan.
 */
import type { Kysely } from 'kysely';
import type { ChecklistItem, DB } from '../../db/schema.ts';
import { coverage } from '../../domain/plans/inspections.ts';
import { vietnamDay } from '../../domain/shared/clock.ts';
import { AppError, fieldInvalid, notFound } from '../../server/errors.ts';
import { authorize } from '../../server/http.ts';
import { writeAudit } from '../audit/repo.ts';
import type { UseCaseContext } from '../auth/context.ts';
import { actorIdOrNull } from '../auth/context.ts';
import { unitsById } from './repo.ts';
import { insertTaskInTransaction } from './tasks.ts';

/** Units an inspection plan is measured against: agencies and communes in force on 31/12 of the year. */
async function assessedUnits(db: Kysely<DB>, year: number): Promise<string[]> {
  const end = `${year}-12-31`;
  const rows = await db
    .selectFrom('units')
    .select('id')
    .where('kind', 'in', ['agency', 'commune'])
    .where((eb) => eb.or([eb('valid_from', 'is', null), eb('valid_from', '<=', end)]))
    .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>', end)]))
    .execute();
  return rows.map((r) => r.id);
}

/** Coverage of a year over all its inspection plans: planned and done. For a data-derived PAR leaf. */
export async function yearCoverage(db: Kysely<DB>, year: number) {
  const units = new Set(await assessedUnits(db, year));
  const rows = await db
    .selectFrom('inspections as i')
    .innerJoin('inspection_plans as p', 'p.id', 'i.inspection_plan_id')
    .select(['i.unit_id', 'i.status'])
    .where('p.year', '=', year)
    .execute();
  const planned = new Set(rows.filter((r) => units.has(r.unit_id)).map((r) => r.unit_id));
  const done = new Set(rows.filter((r) => units.has(r.unit_id) && r.status === 'done').map((r) => r.unit_id));
  return { year, planned: coverage(planned.size, units.size), inspected: coverage(done.size, units.size) };
}

export async function inspectionCoverage(c: UseCaseContext, year: number) {
  authorize(c, 'plans.read');
  return yearCoverage(c.db, year);
}

export async function createInspectionPlan(
  c: UseCaseContext,
  b: { year: number; name: string; checklist: string[]; inspections: { unitId: string; plannedDate: string }[] },
) {
  authorize(c, 'plans.manage');
  const units = new Set(await assessedUnits(c.db, b.year));
  const unknown = b.inspections.findIndex((i) => !units.has(i.unitId));
  if (unknown >= 0) throw fieldInvalid('inspection_unit_not_assessed', `inspections.${unknown}.unitId`, { year: b.year });
  const wrongYear = b.inspections.findIndex((i) => !i.plannedDate.startsWith(`${b.year}-`));
  if (wrongYear >= 0) throw fieldInvalid('inspection_date_year', `inspections.${wrongYear}.plannedDate`, { year: b.year });
  const distinct = new Set(b.inspections.map((i) => i.unitId));
  if (distinct.size !== b.inspections.length) throw fieldInvalid('inspection_unit_twice', 'inspections');
  const cov = coverage(distinct.size, units.size);
  if (!cov.meetsMinimum)
    throw fieldInvalid('inspection_coverage_low', 'inspections', { covered: cov.covered, total: cov.total, percent: cov.percent.replace('.', ',') });
  const id = await c.db.transaction().execute(async (trx) => {
    const exists = await trx.selectFrom('inspection_plans').select('id').where('year', '=', b.year).where('name', '=', b.name).executeTakeFirst();
    if (exists) throw fieldInvalid('inspection_plan_exists', 'name', { name: b.name, year: b.year });
    const p = await trx
      .insertInto('inspection_plans')
      .values({ year: b.year, name: b.name, checklist: JSON.stringify(b.checklist), created_at: c.clock.now() })
      .returning('id')
      .executeTakeFirstOrThrow();
    const list: ChecklistItem[] = b.checklist.map((item) => ({ item, result: null, note: '' }));
    for (const i of b.inspections) {
      await trx
        .insertInto('inspections')
        .values({ inspection_plan_id: p.id, unit_id: i.unitId, planned_date: i.plannedDate, checklist: JSON.stringify(list) })
        .execute();
    }
    await writeAudit(trx, {
      at: c.clock.now(),
      actorId: actorIdOrNull(c.actor),
      actorName: c.actor.username,
      action: 'inspection.plan.create',
      entityType: 'inspectionPlan',
      entityId: p.id,
      after: { ...b, coverage: cov },
      ip: c.ip,
    });
    return p.id;
  });
  return getInspectionPlan(c, id);
}

export async function listInspectionPlans(c: UseCaseContext, year?: number) {
  authorize(c, 'plans.read');
  let q = c.db.selectFrom('inspection_plans').selectAll().orderBy('year', 'desc').orderBy('name');
  if (year) q = q.where('year', '=', year);
  const plans = await q.execute();
  const out = [];
  for (const p of plans) {
    const v = await getInspectionPlan(c, p.id);
    out.push({
      id: v.id,
      year: v.year,
      name: v.name,
      inspections: v.inspections.length,
      done: v.inspections.filter((i) => i.status === 'done').length,
      coverage: v.coverage,
    });
  }
  return out;
}

export async function getInspectionPlan(c: UseCaseContext, id: string) {
  authorize(c, 'plans.read');
  const p = await c.db.selectFrom('inspection_plans').selectAll().where('id', '=', id).executeTakeFirst();
  if (!p) throw notFound();
  const ins = await c.db.selectFrom('inspections').selectAll().where('inspection_plan_id', '=', id).orderBy('planned_date').execute();
  const findings = ins.length
    ? await c.db
        .selectFrom('inspection_findings')
        .selectAll()
        .where(
          'inspection_id',
          'in',
          ins.map((i) => i.id),
        )
        .orderBy('created_at')
        .execute()
    : [];
  const units = await unitsById(
    c.db,
    ins.map((i) => i.unit_id),
  );
  const total = (await assessedUnits(c.db, p.year)).length;
  return {
    id: p.id,
    year: p.year,
    name: p.name,
    checklist: p.checklist,
    followUpPlanId: p.follow_up_plan_id,
    coverage: coverage(new Set(ins.map((i) => i.unit_id)).size, total),
    inspections: ins.map((i) => ({
      id: i.id,
      unit: units.get(i.unit_id)!,
      plannedDate: i.planned_date,
      status: i.status,
      conductedOn: i.conducted_on,
      checklist: i.checklist,
      findings: findings.filter((f) => f.inspection_id === i.id).map((f) => ({ id: f.id, text: f.text, taskId: f.task_id })),
    })),
  };
}

async function loadInspection(db: Kysely<DB>, id: string) {
  const i = await db
    .selectFrom('inspections as i')
    .innerJoin('inspection_plans as p', 'p.id', 'i.inspection_plan_id')
    .select(['i.id', 'i.unit_id', 'i.status', 'i.checklist', 'i.inspection_plan_id', 'p.year', 'p.name', 'p.follow_up_plan_id'])
    .where('i.id', '=', id)
    .executeTakeFirst();
  if (!i) throw notFound();
  return i;
}

/** Records the checklist results and, when `conductedOn` is given, that the inspection took place. */
export async function recordInspection(c: UseCaseContext, id: string, b: { checklist?: ChecklistItem[]; conductedOn?: string | null }) {
  authorize(c, 'plans.manage');
  await c.db.transaction().execute(async (trx) => {
    const i = await loadInspection(trx, id);
    if (b.checklist && (b.checklist.length !== i.checklist.length || b.checklist.some((x, k) => x.item !== i.checklist[k].item))) {
      throw fieldInvalid('inspection_checklist_items', 'checklist');
    }
    if (b.conductedOn && b.conductedOn > vietnamDay(c.clock.now())) throw fieldInvalid('campaign_value_future', 'conductedOn');
    await trx
      .updateTable('inspections')
      .set({
        ...(b.checklist && { checklist: JSON.stringify(b.checklist) }),
        ...(b.conductedOn !== undefined && { conducted_on: b.conductedOn, status: b.conductedOn ? 'done' : 'planned' }),
      })
      .where('id', '=', id)
      .execute();
    await writeAudit(trx, {
      at: c.clock.now(),
      actorId: actorIdOrNull(c.actor),
      actorName: c.actor.username,
      action: 'inspection.record',
      entityType: 'inspection',
      entityId: id,
      unitId: i.unit_id,
      before: { status: i.status, checklist: i.checklist },
      after: b,
      ip: c.ip,
    });
  });
}

/**
 * Adds a finding to an inspection; with `task`, a follow-up task for the inspected unit in the inspection plan's
 * follow-up plan (created on first use, active, so the task is in the unit's inbox at once).
 */
export async function addFinding(
  c: UseCaseContext,
  inspectionId: string,
  b: { text: string; task: { work: string; dueDate: string; responsiblePerson: string | null } | null },
) {
  authorize(c, 'plans.manage');
  return c.db.transaction().execute(async (trx) => {
    const i = await loadInspection(trx, inspectionId);
    if (i.status !== 'done') throw new AppError('inspection_not_done', { status: 409 });
    const now = c.clock.now();
    const f = await trx
      .insertInto('inspection_findings')
      .values({ unit_id: i.unit_id, inspection_id: inspectionId, text: b.text, created_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    let taskId: string | null = null;
    if (b.task) {
      let planId = i.follow_up_plan_id;
      if (!planId) {
        const p = await trx
          .insertInto('plans')
          .values({
            number: `KT-CCHC-${i.year}`,
            date: vietnamDay(now),
            issuer: 'Sở Nội vụ',
            title: `Khắc phục sau kiểm tra công tác CCHC năm ${i.year} (${i.name})`,
            purpose: 'Nhiệm vụ khắc phục các tồn tại, hạn chế phát hiện qua kiểm tra công tác cải cách hành chính.',
            kind: 'inspectionFollowUp',
            status: 'active',
            created_by: actorIdOrNull(c.actor),
            created_at: now,
            updated_at: now,
          })
          .onConflict((oc) => oc.columns(['number', 'date']).doNothing())
          .returning('id')
          .executeTakeFirst();
        planId =
          p?.id ??
          (await trx.selectFrom('plans').select('id').where('number', '=', `KT-CCHC-${i.year}`).where('date', '=', vietnamDay(now)).executeTakeFirstOrThrow())
            .id;
        await trx.updateTable('inspection_plans').set({ follow_up_plan_id: planId }).where('id', '=', i.inspection_plan_id).execute();
      }
      const n = await trx.selectFrom('plan_tasks').select('id').where('plan_id', '=', planId).execute();
      taskId = await insertTaskInTransaction(
        c,
        trx,
        planId,
        {
          ref: String(n.length + 1),
          work: b.task.work,
          leadUnitId: i.unit_id,
          supportUnitIds: [],
          responsiblePerson: b.task.responsiblePerson,
          schedule: { kind: 'once', dueDate: b.task.dueDate },
          expected: { text: `Khắc phục: ${b.text}`, targetValue: null, targetUnit: null },
          criterionCodes: [],
        },
        null,
        f.id,
      );
      await trx.updateTable('inspection_findings').set({ task_id: taskId }).where('id', '=', f.id).execute();
    }
    await writeAudit(trx, {
      at: now,
      actorId: actorIdOrNull(c.actor),
      actorName: c.actor.username,
      action: 'inspection.finding',
      entityType: 'inspectionFinding',
      entityId: f.id,
      unitId: i.unit_id,
      after: { inspectionId, ...b, taskId },
      ip: c.ip,
    });
    return { id: f.id, text: b.text, taskId };
  });
}
