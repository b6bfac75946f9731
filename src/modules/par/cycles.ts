import { sql } from 'kysely';
import type { ParStage } from '../../db/schema.ts';
import { vietnamDay } from '../../domain/shared/clock.ts';
import { AppError, fieldInvalid, notFound } from '../../server/errors.ts';
import { authorize } from '../../server/http.ts';
import { writeAudit } from '../audit/repo.ts';
import type { UseCaseContext } from '../auth/context.ts';
import { actorIdOrNull } from '../auth/context.ts';
import { loadCycle, loadFramework } from './repo.ts';
import { visibleUnitIds } from './workflow.ts';

export interface CycleInput {
  frameworkId: string;
  name: string;
  surveyIncluded: boolean;
  selfDeadline: string | null;
  appraisalDeadline: string | null;
  explanationDeadline: string | null;
  councilDeadline: string | null;
}

/**
 * Opens a cycle (kỳ đánh giá) for the framework's year and unit group: one assessment per unit of the group that
 * exists at the end of the year, with an empty score row for every leaf.
 */
export async function createCycle(c: UseCaseContext, input: CycleInput) {
  authorize(c, 'par.cycle.manage');
  return c.db.transaction().execute(async (trx) => {
    const fw = await loadFramework(trx, input.frameworkId);
    if (!fw) throw fieldInvalid('not_found', 'body.frameworkId');
    const day = `${fw.year}-12-31`;
    const units = await trx
      .selectFrom('units')
      .innerJoin('unit_group_members as m', 'm.unit_id', 'units.id')
      .select('units.id')
      .where('m.group_code', '=', fw.groupCode)
      .where((eb) =>
        eb.and([eb.or([eb('valid_from', 'is', null), eb('valid_from', '<=', day)]), eb.or([eb('valid_to', 'is', null), eb('valid_to', '>', day)])]),
      )
      .execute();
    if (units.length === 0) throw new AppError('par_no_units', { status: 422, params: { group: fw.groupCode, year: fw.year } });
    const cycle = await trx
      .insertInto('par_cycles')
      .values({
        framework_id: fw.id,
        name: input.name,
        year: fw.year,
        survey_included: input.surveyIncluded,
        self_deadline: input.selfDeadline,
        appraisal_deadline: input.appraisalDeadline,
        explanation_deadline: input.explanationDeadline,
        council_deadline: input.councilDeadline,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const leaves = fw.nodes.filter((n) => !fw.nodes.some((m) => m.parentCode === n.code));
    for (const u of units) {
      const a = await trx.insertInto('par_assessments').values({ cycle_id: cycle.id, unit_id: u.id }).returning('id').executeTakeFirstOrThrow();
      await trx
        .insertInto('par_scores')
        .values(leaves.map((n) => ({ assessment_id: a.id, unit_id: u.id, node_code: n.code, self_input: null, data_source: null })))
        .execute();
    }
    await writeAudit(trx, {
      at: c.clock.now(),
      actorId: actorIdOrNull(c.actor),
      actorName: c.actor.username,
      action: 'par.cycle.create',
      entityType: 'parCycle',
      entityId: cycle.id,
      after: { ...input, units: units.length },
      ip: c.ip,
    });
    return (await loadCycle(trx, cycle.id))!;
  });
}

const NEXT: Record<ParStage, ParStage | null> = {
  selfAssessment: 'appraisal',
  appraisal: 'explanation',
  explanation: 'reappraisal',
  reappraisal: 'council',
  council: null, // publication is its own step
  published: null,
};

/** Moves the cycle to its next stage (the PAR office decides when). */
export async function advanceStage(c: UseCaseContext, cycleId: string) {
  authorize(c, 'par.cycle.manage');
  return c.db.transaction().execute(async (trx) => {
    const cycle = await loadCycle(trx, cycleId);
    if (!cycle) throw notFound();
    const next = NEXT[cycle.stage];
    if (!next) throw new AppError(cycle.stage === 'published' ? 'par_published' : 'par_stage_closed', { status: 409, params: { stage: cycle.stage } });
    await trx.updateTable('par_cycles').set({ stage: next }).where('id', '=', cycleId).execute();
    await writeAudit(trx, {
      at: c.clock.now(),
      actorId: actorIdOrNull(c.actor),
      actorName: c.actor.username,
      action: 'par.cycle.stage',
      entityType: 'parCycle',
      entityId: cycleId,
      before: { stage: cycle.stage },
      after: { stage: next },
      ip: c.ip,
    });
    return (await loadCycle(trx, cycleId))!;
  });
}

/** Replaces the appraiser assignments of a cycle (per unit or per area). */
export async function setAppraisers(c: UseCaseContext, cycleId: string, rows: { userId: string; unitId: string | null; areaCode: string | null }[]) {
  authorize(c, 'par.cycle.manage');
  return c.db.transaction().execute(async (trx) => {
    const cycle = await loadCycle(trx, cycleId);
    if (!cycle) throw notFound();
    if (cycle.stage === 'published') throw new AppError('par_published', { status: 409 });
    for (const [i, r] of rows.entries()) {
      const isAppraiser = await trx
        .selectFrom('user_roles')
        .select('user_id')
        .where('user_id', '=', r.userId)
        .where('role', '=', 'appraiser')
        .executeTakeFirst();
      if (!isAppraiser) throw fieldInvalid('par_not_assigned', `body.assignments.${i}.userId`);
    }
    const before = await trx.selectFrom('par_appraisers').selectAll().where('cycle_id', '=', cycleId).execute();
    await trx.deleteFrom('par_appraisers').where('cycle_id', '=', cycleId).execute();
    if (rows.length) {
      await trx
        .insertInto('par_appraisers')
        .values(rows.map((r) => ({ cycle_id: cycleId, user_id: r.userId, unit_id: r.unitId, area_code: r.areaCode })))
        .execute();
    }
    await writeAudit(trx, {
      at: c.clock.now(),
      actorId: actorIdOrNull(c.actor),
      actorName: c.actor.username,
      action: 'par.cycle.appraisers',
      entityType: 'parCycle',
      entityId: cycleId,
      before,
      after: rows,
      ip: c.ip,
    });
  });
}

/** The board: every unit of the cycle with its status, and whether it is late against the stage deadline. */
export async function cycleBoard(c: UseCaseContext, cycleId: string) {
  authorize(c, 'par.read');
  const cycle = await loadCycle(c.db, cycleId);
  if (!cycle) throw notFound();
  const visible = await visibleUnitIds(c);
  let q = c.db
    .selectFrom('par_assessments as a')
    .innerJoin('units as u', 'u.id', 'a.unit_id')
    .select([
      'a.id',
      'a.unit_id',
      'u.name',
      'u.code',
      'a.status',
      'a.submitted_at',
      'a.returned_reason',
      sql<string>`(SELECT count(*) FROM par_scores s WHERE s.assessment_id = a.id AND s.self_points IS NOT NULL)`.as('scored'),
      sql<string>`(SELECT count(*) FROM par_evidence e WHERE e.assessment_id = a.id AND e.removed_at IS NULL)`.as('evidence'),
    ])
    .where('a.cycle_id', '=', cycleId);
  if (visible !== 'all') q = visible.length ? q.where('a.unit_id', 'in', visible) : q.where(sql<boolean>`false`);
  const rows = await q.execute();
  const fw = (await loadFramework(c.db, cycle.frameworkId))!;
  const leafCount = fw.nodes.filter((n) => n.source === 'self' && !fw.nodes.some((m) => m.parentCode === n.code)).length;
  const appraisers = await c.db
    .selectFrom('par_appraisers as pa')
    .innerJoin('users as u', 'u.id', 'pa.user_id')
    .select(['pa.user_id', 'u.display_name', 'pa.unit_id', 'pa.area_code'])
    .where('pa.cycle_id', '=', cycleId)
    .execute();
  const today = vietnamDay(c.clock.now());
  const selfOpen = cycle.stage === 'selfAssessment';
  const collator = new Intl.Collator('vi');
  return {
    cycle,
    framework: { name: fw.name, groupCode: fw.groupCode },
    selfLeafCount: leafCount,
    appraisers: appraisers.map((a) => ({ userId: a.user_id, displayName: a.display_name, unitId: a.unit_id, areaCode: a.area_code })),
    items: rows
      .map((r) => {
        const notSubmitted = r.status === 'draft' || r.status === 'returned';
        const late = selfOpen && notSubmitted && cycle.selfDeadline !== null && today > cycle.selfDeadline;
        return {
          assessmentId: r.id,
          unitId: r.unit_id,
          unitName: r.name,
          unitCode: r.code,
          status: r.status,
          submittedAt: r.submitted_at ? new Date(r.submitted_at).toISOString() : null,
          returnedReason: r.returned_reason,
          scoredLeaves: Number(r.scored),
          evidenceFiles: Number(r.evidence),
          late,
          missing: notSubmitted && Number(r.scored) === 0,
        };
      })
      .sort((a, b) => collator.compare(a.unitName, b.unitName)),
  };
}

/**
 * Reminds the units that have not submitted: every focal officer and leader of each such unit gets a notification
 * (and the reminder is audited). Returns how many units and people were reminded.
 */
export async function remindLateUnits(c: UseCaseContext, cycleId: string) {
  authorize(c, 'par.cycle.manage');
  return c.db.transaction().execute(async (trx) => {
    const cycle = await loadCycle(trx, cycleId);
    if (!cycle) throw notFound();
    if (cycle.stage !== 'selfAssessment') throw new AppError('par_stage_closed', { status: 409, params: { stage: cycle.stage } });
    const pending = await trx
      .selectFrom('par_assessments as a')
      .innerJoin('units as u', 'u.id', 'a.unit_id')
      .select(['a.id', 'a.unit_id', 'u.name'])
      .where('a.cycle_id', '=', cycleId)
      .where('a.status', 'in', ['draft', 'returned'])
      .execute();
    let people = 0;
    const deadline = cycle.selfDeadline ? cycle.selfDeadline.split('-').reverse().join('/') : null;
    for (const a of pending) {
      const users = await trx
        .selectFrom('user_roles as r')
        .innerJoin('users as u', 'u.id', 'r.user_id')
        .select('r.user_id')
        .distinct()
        .where('r.unit_id', '=', a.unit_id)
        .where('r.role', 'in', ['focalOfficer', 'unitLeader'])
        .where('u.active', '=', true)
        .execute();
      if (users.length === 0) continue;
      await trx
        .insertInto('notifications')
        .values(
          users.map((u) => ({
            user_id: u.user_id,
            kind: 'par.reminder',
            title: `Nhắc nộp hồ sơ tự đánh giá Chỉ số CCHC — ${cycle.name}`,
            body: `${a.name} chưa nộp hồ sơ tự đánh giá${deadline ? ` (hạn ${deadline})` : ''}. Đề nghị hoàn thiện và nộp.`,
            link: `/par/assessments/${a.id}`,
            created_at: c.clock.now(),
          })),
        )
        .execute();
      people += users.length;
    }
    await writeAudit(trx, {
      at: c.clock.now(),
      actorId: actorIdOrNull(c.actor),
      actorName: c.actor.username,
      action: 'par.remind',
      entityType: 'parCycle',
      entityId: cycleId,
      after: { units: pending.length, people },
      ip: c.ip,
    });
    return { units: pending.length, people };
  });
}
