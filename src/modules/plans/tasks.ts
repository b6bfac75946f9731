import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { checkTask, occurrencesOf, wouldCycle } from '../../domain/plans/tasks.ts';
import type { Schedule, TaskProblem } from '../../domain/plans/types.ts';
import { AppError, conflict, type FieldError, invalid, notFound, type RowError } from '../../server/errors.ts';
import { authorize } from '../../server/http.ts';
import { message } from '../../server/messages.ts';
import { writeAudit } from '../audit/repo.ts';
import type { UseCaseContext } from '../auth/context.ts';
import { actorIdOrNull } from '../auth/context.ts';
import { loadWorkbook, WorkbookError } from '../shared/xlsx.ts';
import { unitPath } from '../units/repo.ts';
import { parseTaskSheet, writeTaskSheet } from './excel.ts';
import { loadTasks, type TaskDto } from './repo.ts';

export interface TaskFields {
  ref: string;
  work: string;
  leadUnitId: string | null;
  supportUnitIds: string[];
  responsiblePerson: string | null;
  schedule: Schedule | null;
  expected: { text: string; targetValue: string | null; targetUnit: string | null };
  criterionCodes: string[];
}

export const problemError = (p: TaskProblem, prefix = ''): FieldError => {
  const params = 'params' in p ? p.params : {};
  return { path: prefix + p.field, message: message(p.code, 'vi', params), messageEn: message(p.code, 'en', params) };
};

/** 422 with one field error per problem, or nothing. */
export function requireValidTask(t: TaskFields, planDate: string): void {
  const problems = checkTask(t, planDate);
  if (problems.length)
    throw invalid(
      'plan_task_invalid',
      problems.map((p) => problemError(p)),
      { count: problems.length },
    );
}

export async function loadPlanRow(db: Kysely<DB>, planId: string) {
  const p = await db.selectFrom('plans').selectAll().where('id', '=', planId).executeTakeFirst();
  if (!p) throw notFound();
  return p;
}

async function requireUnits(db: Kysely<DB>, ids: string[]): Promise<void> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return;
  const found = await db.selectFrom('units').select('id').where('id', 'in', unique).execute();
  const missing = unique.filter((id) => !found.some((f) => f.id === id));
  if (missing.length) throw invalid('plan_unit_unknown', undefined, { unit: missing.join(', ') });
}

const toNumeric = (v: string | null) => (v === null ? null : v.replace(',', '.'));

/**
 * Makes a task's stored occurrences match its schedule: new periods are added, periods that no longer exist are
 * removed — unless a unit has already reported on them, which is refused.
 */
export async function syncOccurrences(trx: Kysely<DB>, taskId: string, schedule: Schedule): Promise<void> {
  const wanted = occurrencesOf(schedule);
  const have = await trx.selectFrom('plan_occurrences').selectAll().where('task_id', '=', taskId).execute();
  const gone = have.filter((h) => !wanted.some((w) => w.period === h.period));
  if (gone.length) {
    const reported = await trx
      .selectFrom('plan_reports')
      .select('occurrence_id')
      .where(
        'occurrence_id',
        'in',
        gone.map((g) => g.id),
      )
      .execute();
    if (reported.length) {
      const periods = gone.filter((g) => reported.some((r) => r.occurrence_id === g.id)).map((g) => g.period);
      throw conflict('plan_schedule_reported', { periods: periods.join(', ') });
    }
    await trx
      .deleteFrom('plan_occurrences')
      .where(
        'id',
        'in',
        gone.map((g) => g.id),
      )
      .execute();
  }
  for (const w of wanted) {
    await trx
      .insertInto('plan_occurrences')
      .values({ task_id: taskId, period: w.period, period_start: w.periodStart, period_end: w.periodEnd, due_date: w.dueDate })
      .onConflict((oc) => oc.columns(['task_id', 'period']).doUpdateSet({ period_start: w.periodStart, period_end: w.periodEnd, due_date: w.dueDate }))
      .execute();
  }
}

/** Inserts or updates one task (already validated) with its support units and occurrences. Returns its id. */
export async function writeTask(
  trx: Kysely<DB>,
  at: Date,
  planId: string,
  t: TaskFields & { parentId: string | null; inspectionFindingId?: string | null },
  existingId?: string,
): Promise<string> {
  const values = {
    ref: t.ref,
    work: t.work,
    parent_id: t.parentId,
    lead_unit_id: t.leadUnitId!,
    responsible_person: t.responsiblePerson,
    schedule: JSON.stringify(t.schedule),
    expected_text: t.expected.text,
    target_value: toNumeric(t.expected.targetValue),
    target_unit: t.expected.targetUnit,
    criterion_codes: JSON.stringify(t.criterionCodes),
    updated_at: at,
  };
  let id = existingId;
  if (id) {
    await trx
      .updateTable('plan_tasks')
      .set((eb) => ({ ...values, version: eb('version', '+', 1) }))
      .where('id', '=', id)
      .execute();
    await trx.deleteFrom('plan_task_support_units').where('task_id', '=', id).execute();
  } else {
    const row = await trx
      .insertInto('plan_tasks')
      .values({ ...values, plan_id: planId, created_at: at, inspection_finding_id: t.inspectionFindingId ?? null })
      .returning('id')
      .executeTakeFirstOrThrow();
    id = row.id;
  }
  const support = [...new Set(t.supportUnitIds)];
  if (support.length)
    await trx
      .insertInto('plan_task_support_units')
      .values(support.map((u) => ({ task_id: id!, unit_id: u })))
      .execute();
  await syncOccurrences(trx, id, t.schedule!);
  return id;
}

async function refTaken(db: Kysely<DB>, planId: string, ref: string, exceptId?: string) {
  let q = db.selectFrom('plan_tasks').select('id').where('plan_id', '=', planId).where('ref', '=', ref);
  if (exceptId) q = q.where('id', '<>', exceptId);
  return !!(await q.executeTakeFirst());
}

async function oneTask(c: UseCaseContext, id: string): Promise<TaskDto> {
  const [t] = await loadTasks(c.db, { taskIds: [id] }, c.clock.now());
  if (!t) throw notFound();
  return t;
}

export async function addTask(c: UseCaseContext, planId: string, t: TaskFields, parentId: string | null = null): Promise<TaskDto> {
  authorize(c, 'plans.manage');
  const id = await c.db.transaction().execute(async (trx) => insertChecked(c, trx, planId, t, parentId));
  return oneTask(c, id);
}

async function insertChecked(
  c: UseCaseContext,
  trx: Kysely<DB>,
  planId: string,
  t: TaskFields,
  parentId: string | null,
  inspectionFindingId: string | null = null,
) {
  const plan = await loadPlanRow(trx, planId);
  requireValidTask(t, plan.date);
  await requireUnits(trx, [t.leadUnitId!, ...t.supportUnitIds]);
  if (await refTaken(trx, planId, t.ref)) throw invalid('plan_ref_taken', [fieldErr('plan_ref_taken', 'ref', { ref: t.ref })], { ref: t.ref });
  const id = await writeTask(trx, c.clock.now(), planId, { ...t, parentId, inspectionFindingId });
  await writeAudit(trx, {
    at: c.clock.now(),
    actorId: actorIdOrNull(c.actor),
    actorName: c.actor.username,
    action: 'plan.task.create',
    entityType: 'planTask',
    entityId: id,
    unitId: t.leadUnitId,
    after: { planId, parentId, ...t },
    ip: c.ip,
  });
  return id;
}

/** Used by inspections: a follow-up task created inside the caller's transaction. */
export const insertTaskInTransaction = insertChecked;

const fieldErr = (code: Parameters<typeof message>[0], path: string, params: Record<string, string | number> = {}): FieldError => ({
  path,
  message: message(code, 'vi', params),
  messageEn: message(code, 'en', params),
});

/**
 * Splits a task: the PAR office, or the task's lead unit (its focal officer or leader), adds a sub-task. A lead unit
 * may hand the sub-task to itself or to a unit under it.
 */
export async function addSubtask(c: UseCaseContext, parentId: string, t: TaskFields): Promise<TaskDto> {
  const parent = await c.db.selectFrom('plan_tasks').select(['id', 'plan_id', 'lead_unit_id']).where('id', '=', parentId).executeTakeFirst();
  if (!parent) throw notFound();
  if (!canManage(c)) {
    authorize(c, 'plans.report', { unitPath: await unitPath(c.db, parent.lead_unit_id) });
    if (t.leadUnitId) {
      const path = await unitPath(c.db, t.leadUnitId);
      if (!path.includes(parent.lead_unit_id)) throw new AppError('plan_subtask_unit', { status: 403 });
    }
  }
  const id = await c.db.transaction().execute(async (trx) => insertChecked(c, trx, parent.plan_id, t, parentId));
  return oneTask(c, id);
}

function canManage(c: UseCaseContext): boolean {
  try {
    authorize(c, 'plans.manage');
    return true;
  } catch {
    return false;
  }
}

export async function updateTask(c: UseCaseContext, taskId: string, patch: Partial<TaskFields> & { parentId?: string | null }): Promise<TaskDto> {
  authorize(c, 'plans.manage');
  await c.db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('plan_tasks').selectAll().where('id', '=', taskId).forUpdate().executeTakeFirst();
    if (!row) throw notFound();
    const [before] = await loadTasks(trx, { taskIds: [taskId] }, c.clock.now());
    const plan = await loadPlanRow(trx, row.plan_id);
    const merged: TaskFields & { parentId: string | null } = {
      ref: patch.ref ?? before.ref,
      work: patch.work ?? before.work,
      leadUnitId: patch.leadUnitId === undefined ? before.leadUnit.id : patch.leadUnitId,
      supportUnitIds: patch.supportUnitIds ?? before.supportUnits.map((u) => u.id),
      responsiblePerson: patch.responsiblePerson === undefined ? before.responsiblePerson : patch.responsiblePerson,
      schedule: patch.schedule === undefined ? before.schedule : patch.schedule,
      expected: patch.expected ?? before.expected,
      criterionCodes: patch.criterionCodes ?? before.criterionCodes,
      parentId: patch.parentId === undefined ? before.parentId : patch.parentId,
    };
    requireValidTask(merged, plan.date);
    await requireUnits(trx, [merged.leadUnitId!, ...merged.supportUnitIds]);
    if (merged.ref !== before.ref && (await refTaken(trx, row.plan_id, merged.ref, taskId))) {
      throw invalid('plan_ref_taken', [fieldErr('plan_ref_taken', 'ref', { ref: merged.ref })], { ref: merged.ref });
    }
    if (merged.parentId !== before.parentId) {
      const all = await trx.selectFrom('plan_tasks').select(['id', 'parent_id']).where('plan_id', '=', row.plan_id).execute();
      if (merged.parentId !== null && !all.some((a) => a.id === merged.parentId))
        throw invalid('plan_parent_other_plan', [fieldErr('plan_parent_other_plan', 'parentId')]);
      if (wouldCycle(new Map(all.map((a) => [a.id, a.parent_id])), taskId, merged.parentId)) {
        throw invalid('plan_task_cycle', [fieldErr('plan_task_cycle', 'parentId')]);
      }
    }
    await writeTask(trx, c.clock.now(), row.plan_id, merged, taskId);
    await writeAudit(trx, {
      at: c.clock.now(),
      actorId: actorIdOrNull(c.actor),
      actorName: c.actor.username,
      action: 'plan.task.update',
      entityType: 'planTask',
      entityId: taskId,
      unitId: merged.leadUnitId,
      before,
      after: merged,
      ip: c.ip,
    });
  });
  return oneTask(c, taskId);
}

export async function deleteTask(c: UseCaseContext, taskId: string): Promise<void> {
  authorize(c, 'plans.manage');
  await c.db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('plan_tasks').selectAll().where('id', '=', taskId).executeTakeFirst();
    if (!row) throw notFound();
    const subtree = await subtreeIds(trx, taskId);
    const reported = await trx.selectFrom('plan_reports').select('id').where('task_id', 'in', subtree).limit(1).executeTakeFirst();
    if (reported) throw conflict('plan_task_has_reports');
    await trx.deleteFrom('plan_tasks').where('id', '=', taskId).execute();
    await writeAudit(trx, {
      at: c.clock.now(),
      actorId: actorIdOrNull(c.actor),
      actorName: c.actor.username,
      action: 'plan.task.delete',
      entityType: 'planTask',
      entityId: taskId,
      unitId: row.lead_unit_id,
      before: { ref: row.ref, work: row.work, subtasks: subtree.length - 1 },
      ip: c.ip,
    });
  });
}

async function subtreeIds(db: Kysely<DB>, rootId: string): Promise<string[]> {
  const out = [rootId];
  let frontier = [rootId];
  while (frontier.length) {
    const kids = await db.selectFrom('plan_tasks').select('id').where('parent_id', 'in', frontier).execute();
    frontier = kids.map((k) => k.id).filter((k) => !out.includes(k));
    out.push(...frontier);
  }
  return out;
}

/**
 * Replaces a plan's task table with the rows of an Excel file, all or nothing: rows are matched to existing tasks by
 * STT (their reports stay), new STTs are added, and tasks no longer in the file are removed unless reported on.
 */
export async function importTasks(c: UseCaseContext, planId: string, buf: Buffer): Promise<void> {
  authorize(c, 'plans.manage');
  let wb: import('exceljs').Workbook;
  try {
    wb = await loadWorkbook(buf);
  } catch (e) {
    if (e instanceof WorkbookError) throw new AppError('not_excel', { status: 422, params: { vi: e.messageVi, en: e.messageEn } });
    throw e;
  }
  await c.db.transaction().execute(async (trx) => {
    const plan = await loadPlanRow(trx, planId);
    const units = await trx
      .selectFrom('units')
      .select(['id', 'code', 'name'])
      .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>', plan.date)]))
      .execute();
    const parsed = parseTaskSheet(wb, units);
    if ('errors' in parsed) throw invalid('import_failed', parsed.errors, { count: parsed.errors.length });
    // the 5 rõ checks that need the plan (due dates before the plan date)
    const errors: RowError[] = [];
    for (const t of parsed.rows) {
      for (const p of checkTask(t, plan.date)) {
        const params = 'params' in p ? p.params : {};
        errors.push({
          row: t.row,
          column: p.field,
          message: `Dòng ${t.row}: ${message(p.code, 'vi', params)}`,
          messageEn: `Row ${t.row}: ${message(p.code, 'en', params)}`,
        });
      }
    }
    if (errors.length) throw invalid('import_failed', errors, { count: errors.length });
    const existing = await trx.selectFrom('plan_tasks').select(['id', 'ref']).where('plan_id', '=', planId).execute();
    const gone = existing.filter((e) => !parsed.rows.some((r) => r.ref === e.ref));
    if (gone.length) {
      const reported = await trx
        .selectFrom('plan_reports')
        .select('task_id')
        .where(
          'task_id',
          'in',
          gone.map((g) => g.id),
        )
        .execute();
      if (reported.length) throw conflict('plan_import_has_reports');
      await trx
        .deleteFrom('plan_tasks')
        .where(
          'id',
          'in',
          gone.map((g) => g.id),
        )
        .execute();
    }
    // parents first: refs sorted so that '1' comes before '1.1'
    const idByRef = new Map(existing.filter((e) => !gone.includes(e)).map((e) => [e.ref, e.id]));
    const ordered = [...parsed.rows].sort((a, b) => a.ref.split('.').length - b.ref.split('.').length);
    for (const t of ordered) {
      const parentId = t.parentRef ? idByRef.get(t.parentRef)! : null;
      const id = await writeTask(trx, c.clock.now(), planId, { ...t, parentId }, idByRef.get(t.ref));
      idByRef.set(t.ref, id);
    }
    await writeAudit(trx, {
      at: c.clock.now(),
      actorId: actorIdOrNull(c.actor),
      actorName: c.actor.username,
      action: 'plan.tasks.import',
      entityType: 'plan',
      entityId: planId,
      after: { rows: parsed.rows.length, removed: gone.map((g) => g.ref), sha256: createHash('sha256').update(buf).digest('hex') },
      ip: c.ip,
    });
  });
}

export async function exportTasks(c: UseCaseContext, planId: string | null): Promise<{ name: string; buffer: Buffer }> {
  authorize(c, 'plans.read');
  if (!planId) return { name: 'mau-bang-nhiem-vu.xlsx', buffer: await writeTaskSheet(null, []) };
  const plan = await loadPlanRow(c.db, planId);
  const tasks = await loadTasks(c.db, { planIds: [planId] }, c.clock.now());
  const safe = plan.number.replace(/[^A-Za-z0-9-]+/g, '-');
  return { name: `ke-hoach-${safe}.xlsx`, buffer: await writeTaskSheet(plan, tasks) };
}
