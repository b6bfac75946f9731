import { createHash } from 'node:crypto';
import path from 'node:path';
import { sql } from 'kysely';
import type { PlanKindCol, PlanStatusCol } from '../../db/schema.ts';
import { vietnamDay } from '../../domain/shared/clock.ts';
import { AppError, conflict, fieldInvalid, notFound } from '../../server/errors.ts';
import { authorize } from '../../server/http.ts';
import { writeAudit } from '../audit/repo.ts';
import type { UseCaseContext } from '../auth/context.ts';
import { actorIdOrNull } from '../auth/context.ts';
import { EVIDENCE_MAX_BYTES, evidenceType, safeFileName } from '../par/evidence.ts';
import { pgCode } from '../units/repo.ts';
import { loadTasks } from './repo.ts';
import { loadPlanRow } from './tasks.ts';

export interface PlanHeader {
  number: string;
  date: string;
  issuer: string;
  title: string;
  purpose: string;
  kind: PlanKindCol;
  status: PlanStatusCol;
  parCycleId: string | null;
}

export async function listPlans(c: UseCaseContext, f: { kind?: PlanKindCol; year?: number }) {
  authorize(c, 'plans.read');
  let q = c.db.selectFrom('plans').selectAll().orderBy('date', 'desc').orderBy('number');
  if (f.kind) q = q.where('kind', '=', f.kind);
  if (f.year) q = q.where(sql<number>`extract(year from date)::int`, '=', f.year);
  const plans = await q.execute();
  const tasks = await loadTasks(c.db, { planIds: plans.map((p) => p.id) }, c.clock.now());
  const today = vietnamDay(c.clock.now());
  return plans.map((p) => {
    const mine = tasks.filter((t) => t.planId === p.id);
    return {
      id: p.id,
      number: p.number,
      date: p.date,
      issuer: p.issuer,
      title: p.title,
      kind: p.kind,
      status: p.status,
      taskCount: mine.length,
      doneCount: mine.filter((t) => t.status === 'done').length,
      lateCount: mine.filter((t) => t.occurrences.some((o) => o.status !== 'done' && o.dueDate < today)).length,
    };
  });
}

export async function getPlan(c: UseCaseContext, id: string) {
  authorize(c, 'plans.read');
  const p = await loadPlanRow(c.db, id);
  const tasks = await loadTasks(c.db, { planIds: [id] }, c.clock.now());
  const attachments = await c.db
    .selectFrom('plan_attachments as a')
    .innerJoin('blobs as b', 'b.sha256', 'a.sha256')
    .select(['a.id', 'a.file_name', 'a.uploaded_at', 'b.size', 'b.mime', 'b.sha256'])
    .where('a.plan_id', '=', id)
    .orderBy('a.uploaded_at')
    .execute();
  const today = vietnamDay(c.clock.now());
  return {
    id: p.id,
    number: p.number,
    date: p.date,
    issuer: p.issuer,
    title: p.title,
    purpose: p.purpose,
    kind: p.kind,
    status: p.status,
    parCycleId: p.par_cycle_id,
    taskCount: tasks.length,
    doneCount: tasks.filter((t) => t.status === 'done').length,
    lateCount: tasks.filter((t) => t.occurrences.some((o) => o.status !== 'done' && o.dueDate < today)).length,
    attachments: attachments.map((a) => ({
      id: a.id,
      name: a.file_name,
      size: Number(a.size),
      mime: a.mime,
      sha256: a.sha256,
      uploadedAt: new Date(a.uploaded_at).toISOString(),
    })),
    tasks,
  };
}

export async function createPlan(c: UseCaseContext, h: PlanHeader) {
  authorize(c, 'plans.manage');
  const id = await c.db.transaction().execute(async (trx) => {
    const now = c.clock.now();
    let row: { id: string };
    try {
      row = await trx
        .insertInto('plans')
        .values({
          number: h.number,
          date: h.date,
          issuer: h.issuer,
          title: h.title,
          purpose: h.purpose,
          kind: h.kind,
          status: h.status,
          par_cycle_id: h.parCycleId,
          created_by: actorIdOrNull(c.actor),
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
    } catch (e) {
      if (pgCode(e) === '23505') throw fieldInvalid('plan_number_taken', 'number', { number: h.number, date: h.date });
      throw e;
    }
    await writeAudit(trx, {
      at: now,
      actorId: actorIdOrNull(c.actor),
      actorName: c.actor.username,
      action: 'plan.create',
      entityType: 'plan',
      entityId: row.id,
      after: h,
      ip: c.ip,
    });
    return row.id;
  });
  return getPlan(c, id);
}

export async function updatePlan(c: UseCaseContext, id: string, patch: Partial<Omit<PlanHeader, 'kind'>>) {
  authorize(c, 'plans.manage');
  await c.db.transaction().execute(async (trx) => {
    const before = await loadPlanRow(trx, id);
    if (patch.date && patch.date > before.date) {
      // a later plan date must not leave tasks due before it
      const tasks = await loadTasks(trx, { planIds: [id] }, c.clock.now());
      const early = tasks.filter((t) => t.occurrences[0] && t.occurrences[0].dueDate < patch.date!);
      if (early.length) throw fieldInvalid('plan_date_after_tasks', 'date', { refs: early.map((t) => t.ref).join(', ') });
    }
    try {
      await trx
        .updateTable('plans')
        .set({
          ...(patch.number !== undefined && { number: patch.number }),
          ...(patch.date !== undefined && { date: patch.date }),
          ...(patch.issuer !== undefined && { issuer: patch.issuer }),
          ...(patch.title !== undefined && { title: patch.title }),
          ...(patch.purpose !== undefined && { purpose: patch.purpose }),
          ...(patch.status !== undefined && { status: patch.status }),
          ...(patch.parCycleId !== undefined && { par_cycle_id: patch.parCycleId }),
          updated_at: c.clock.now(),
        })
        .where('id', '=', id)
        .execute();
    } catch (e) {
      if (pgCode(e) === '23505') throw fieldInvalid('plan_number_taken', 'number', { number: patch.number ?? before.number, date: patch.date ?? before.date });
      throw e;
    }
    await writeAudit(trx, {
      at: c.clock.now(),
      actorId: actorIdOrNull(c.actor),
      actorName: c.actor.username,
      action: 'plan.update',
      entityType: 'plan',
      entityId: id,
      before: { number: before.number, date: before.date, issuer: before.issuer, title: before.title, status: before.status },
      after: patch,
      ip: c.ip,
    });
  });
  return getPlan(c, id);
}

/** Only a draft plan, or a plan none of whose tasks has been reported on, can be deleted. */
export async function deletePlan(c: UseCaseContext, id: string) {
  authorize(c, 'plans.manage');
  await c.db.transaction().execute(async (trx) => {
    const p = await loadPlanRow(trx, id);
    const reported = await trx
      .selectFrom('plan_reports as r')
      .innerJoin('plan_tasks as t', 't.id', 'r.task_id')
      .select('r.id')
      .where('t.plan_id', '=', id)
      .limit(1)
      .executeTakeFirst();
    if (reported) throw conflict('plan_has_reports');
    await trx.deleteFrom('campaigns').where('plan_id', '=', id).execute();
    await trx.deleteFrom('plans').where('id', '=', id).execute();
    await writeAudit(trx, {
      at: c.clock.now(),
      actorId: actorIdOrNull(c.actor),
      actorName: c.actor.username,
      action: 'plan.delete',
      entityType: 'plan',
      entityId: id,
      before: { number: p.number, date: p.date, title: p.title },
      ip: c.ip,
    });
  });
}

export interface UploadedFile {
  name: string;
  bytes: Buffer;
  truncated: boolean;
}

/** Checks an uploaded file (name, size, type by content) and stores its bytes once per sha256. */
export async function storeBlob(c: UseCaseContext, trx: UseCaseContext['db'], file: UploadedFile) {
  if (file.truncated || file.bytes.length > EVIDENCE_MAX_BYTES) throw new AppError('body_too_large', { status: 413 });
  const name = safeFileName(file.name);
  if (!name) throw fieldInvalid('par_evidence_name', 'file');
  const type = evidenceType(name, file.bytes);
  if ('error' in type) throw fieldInvalid('par_evidence_type', 'file', { ext: path.extname(name) || '—' });
  const sha256 = createHash('sha256').update(file.bytes).digest('hex');
  await trx
    .insertInto('blobs')
    .values({ sha256, size: file.bytes.length, mime: type.mime, bytes: file.bytes })
    .onConflict((oc) => oc.column('sha256').doNothing())
    .execute();
  return { name, sha256, mime: type.mime, size: file.bytes.length, at: c.clock.now() };
}

export async function addAttachment(c: UseCaseContext, planId: string, file: UploadedFile) {
  authorize(c, 'plans.manage');
  return c.db.transaction().execute(async (trx) => {
    await loadPlanRow(trx, planId);
    const b = await storeBlob(c, trx, file);
    const row = await trx
      .insertInto('plan_attachments')
      .values({ plan_id: planId, sha256: b.sha256, file_name: b.name, uploaded_by: actorIdOrNull(c.actor), uploaded_at: b.at })
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeAudit(trx, {
      at: b.at,
      actorId: actorIdOrNull(c.actor),
      actorName: c.actor.username,
      action: 'plan.attachment.add',
      entityType: 'planAttachment',
      entityId: row.id,
      after: { planId, name: b.name, sha256: b.sha256, size: b.size },
      ip: c.ip,
    });
    return { id: row.id, name: b.name, size: b.size, mime: b.mime, sha256: b.sha256, uploadedAt: b.at.toISOString() };
  });
}

export async function removeAttachment(c: UseCaseContext, id: string) {
  authorize(c, 'plans.manage');
  await c.db.transaction().execute(async (trx) => {
    const a = await trx.selectFrom('plan_attachments').selectAll().where('id', '=', id).executeTakeFirst();
    if (!a) throw notFound();
    await trx.deleteFrom('plan_attachments').where('id', '=', id).execute();
    await writeAudit(trx, {
      at: c.clock.now(),
      actorId: actorIdOrNull(c.actor),
      actorName: c.actor.username,
      action: 'plan.attachment.remove',
      entityType: 'planAttachment',
      entityId: id,
      before: { planId: a.plan_id, name: a.file_name, sha256: a.sha256 },
      ip: c.ip,
    });
  });
}

/** The bytes of a plan attachment or of a report's evidence file. */
export async function readFile(c: UseCaseContext, kind: 'attachment' | 'evidence', id: string) {
  authorize(c, 'plans.read');
  const row =
    kind === 'attachment'
      ? await c.db
          .selectFrom('plan_attachments as a')
          .innerJoin('blobs as b', 'b.sha256', 'a.sha256')
          .select(['a.file_name', 'b.mime', 'b.bytes'])
          .where('a.id', '=', id)
          .executeTakeFirst()
      : await c.db
          .selectFrom('plan_report_evidence as a')
          .innerJoin('blobs as b', 'b.sha256', 'a.sha256')
          .select(['a.file_name', 'b.mime', 'b.bytes'])
          .where('a.id', '=', id)
          .executeTakeFirst();
  if (!row) throw notFound();
  return { name: row.file_name, mime: row.mime, bytes: row.bytes };
}
