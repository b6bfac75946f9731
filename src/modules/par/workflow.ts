import type { Kysely } from 'kysely';
import type { AssessmentStatus, DB } from '../../db/schema.ts';
import { can, reachFor } from '../../domain/access/policy.ts';
import { AppError, conflict, fieldInvalid } from '../../server/errors.ts';
import type { MessageCode } from '../../server/messages.ts';
import { writeAudit } from '../audit/repo.ts';
import type { UseCaseContext } from '../auth/context.ts';
import { actorIdOrNull } from '../auth/context.ts';
import { descendantsOf } from '../units/repo.ts';
import { type Loaded, loadForAction, requireStage, requireStatus } from './guard.ts';
import { checkLeafInput, checkLeafPoints, type LeafCheck } from './leaf-rules.ts';
import { effectivePoints, loadScore, loadScores, type ScoreRow, type StoredNode, shortDecimal } from './repo.ts';

type HistoryStage = 'self' | 'appraisal' | 'explanation' | 'reappraisal' | 'final' | 'correction' | 'data' | 'survey';

function leafOf(l: Loaded, code: string): StoredNode {
  const node = l.framework.nodes.find((n) => n.code === code);
  const isLeaf = node && !l.framework.nodes.some((n) => n.parentCode === code);
  if (!node || !isLeaf) throw fieldInvalid('par_unknown_leaf', 'params.code', { code });
  return node;
}

function fail(check: LeafCheck & { ok: false }, code: string): never {
  throw fieldInvalid(check.problem as MessageCode, 'body.points', { code, ...check.params });
}

/**
 * Updates one leaf's row with optimistic concurrency: the caller sends the version it saw, and a concurrent change
 * makes this one fail with 409 instead of silently overwriting it. Writes the leaf history and the audit row.
 */
async function updateLeaf(
  trx: Kysely<DB>,
  c: UseCaseContext,
  l: Loaded,
  code: string,
  expectedVersion: number,
  set: Partial<
    Record<
      | 'self_points'
      | 'self_input'
      | 'self_note'
      | 'appraised_points'
      | 'appraisal_reason'
      | 'appraised_by'
      | 'explanation_status'
      | 'explanation_text'
      | 'reappraised_points'
      | 'reappraisal_reason'
      | 'final_points',
      unknown
    >
  >,
  history: { stage: HistoryStage; points: string | null; reason: string | null },
): Promise<ScoreRow> {
  const before = await loadScore(trx, l.assessment.id, code);
  const updated = await trx
    .updateTable('par_scores')
    .set({ ...(set as object), version: expectedVersion + 1, updated_at: c.clock.now() })
    .where('assessment_id', '=', l.assessment.id)
    .where('node_code', '=', code)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1) throw new AppError('par_stale', { status: 409, params: { code } });
  await trx
    .insertInto('par_score_history')
    .values({
      assessment_id: l.assessment.id,
      unit_id: l.assessment.unitId,
      node_code: code,
      stage: history.stage,
      points: history.points,
      reason: history.reason,
      evidence_delta: null,
      actor_id: actorIdOrNull(c.actor),
      actor_name: c.actor.displayName,
      at: c.clock.now(),
    })
    .execute();
  const after = (await loadScore(trx, l.assessment.id, code))!;
  await writeAudit(trx, {
    at: c.clock.now(),
    actorId: actorIdOrNull(c.actor),
    actorName: c.actor.username,
    action: `par.${history.stage}`,
    entityType: 'parScore',
    entityId: `${l.assessment.id}:${code}`,
    unitId: l.assessment.unitId,
    before,
    after,
    ip: c.ip,
  });
  return after;
}

/** Moves a unit's assessment to `status` (with any other columns) and audits the step. */
async function moveAssessment(
  trx: Kysely<DB>,
  c: UseCaseContext,
  l: Loaded,
  status: AssessmentStatus,
  action: string,
  extra: { set?: Record<string, unknown>; after?: Record<string, unknown> } = {},
) {
  await trx
    .updateTable('par_assessments')
    .set({ ...extra.set, status, updated_at: c.clock.now() })
    .where('id', '=', l.assessment.id)
    .execute();
  await writeAudit(trx, {
    at: c.clock.now(),
    actorId: actorIdOrNull(c.actor),
    actorName: c.actor.username,
    action,
    entityType: 'parAssessment',
    entityId: l.assessment.id,
    unitId: l.assessment.unitId,
    before: { status: l.assessment.status },
    after: { status, ...extra.after },
    ip: c.ip,
  });
}

export interface SelfScoreInput {
  points?: string | number;
  input?: Record<string, unknown>;
  note?: string | null;
  version: number;
}

/** The unit scores one leaf (tự chấm) while its assessment is open for it. */
export async function selfScore(c: UseCaseContext, assessmentId: string, code: string, body: SelfScoreInput) {
  return c.db.transaction().execute(async (trx) => {
    const l = await loadForAction(c, trx, assessmentId, 'par.selfScore');
    // Late units and units returned for supplementation keep working while the appraisal runs.
    requireStage(l.cycle, 'selfAssessment', 'appraisal');
    requireStatus(l.assessment, 'draft', 'returned');
    const node = leafOf(l, code);
    const check = body.input !== undefined ? checkLeafInput(node, body.input) : checkLeafPoints(node, body.points ?? null, 'self');
    if (!check.ok) fail(check, code);
    return updateLeaf(
      trx,
      c,
      l,
      code,
      body.version,
      { self_points: check.points, self_input: body.input ? JSON.stringify(body.input) : null, self_note: body.note ?? null },
      { stage: 'self', points: check.points, reason: body.note ?? null },
    );
  });
}

/** The unit leader approves and submits; the self-scores are locked from then on. */
export async function submitAssessment(c: UseCaseContext, assessmentId: string) {
  return c.db.transaction().execute(async (trx) => {
    const l = await loadForAction(c, trx, assessmentId, 'par.submit');
    requireStage(l.cycle, 'selfAssessment', 'appraisal');
    requireStatus(l.assessment, 'draft', 'returned');
    const scores = await loadScores(trx, assessmentId);
    const selfLeaves = l.framework.nodes.filter((n) => n.source === 'self' && !l.framework.nodes.some((m) => m.parentCode === n.code));
    const missing = selfLeaves.filter((n) => n.kind === 'normal' && scores.find((s) => s.nodeCode === n.code)?.selfPoints == null).map((n) => n.code);
    if (missing.length) throw new AppError('par_incomplete', { status: 422, params: { count: missing.length, codes: missing.slice(0, 10).join(', ') } });
    await moveAssessment(trx, c, l, 'submitted', 'par.submit', {
      set: { submitted_at: c.clock.now(), submitted_by: actorIdOrNull(c.actor), returned_reason: null },
    });
  });
}

/** An appraiser may act on a unit when assigned to it (or to an area of the cycle). */
async function requireAssigned(trx: Kysely<DB>, c: UseCaseContext, l: Loaded, code: string | null): Promise<void> {
  const rows = await trx
    .selectFrom('par_appraisers')
    .select(['unit_id', 'area_code'])
    .where('cycle_id', '=', l.cycle.id)
    .where('user_id', '=', c.actor.userId)
    .execute();
  const area = code ? areaOf(l, code) : null;
  const ok = rows.some((r) => r.unit_id === l.assessment.unitId || (r.area_code !== null && (code === null || r.area_code === area)));
  if (!ok) throw new AppError('par_not_assigned', { status: 403 });
}

function areaOf(l: Loaded, code: string): string {
  let node = l.framework.nodes.find((n) => n.code === code);
  while (node?.parentCode) node = l.framework.nodes.find((n) => n.code === node!.parentCode);
  return node?.code ?? code;
}

/** Sets the appraised score of a leaf; a score that differs from the self-score needs a reason. */
export async function appraiseLeaf(
  c: UseCaseContext,
  assessmentId: string,
  code: string,
  body: { points: string | number; reason?: string | null; version: number },
) {
  return c.db.transaction().execute(async (trx) => {
    const l = await loadForAction(c, trx, assessmentId, 'par.appraise');
    requireStage(l.cycle, 'appraisal');
    requireStatus(l.assessment, 'submitted');
    await requireAssigned(trx, c, l, code);
    const node = leafOf(l, code);
    const check = checkLeafPoints(node, body.points, 'appraisal');
    if (!check.ok) fail(check, code);
    const current = await loadScore(trx, assessmentId, code);
    const differs = current?.selfPoints == null || shortDecimal(current.selfPoints) !== check.points;
    if (differs && !body.reason?.trim()) throw fieldInvalid('par_reason_required', 'body.reason');
    return updateLeaf(
      trx,
      c,
      l,
      code,
      body.version,
      { appraised_points: check.points, appraisal_reason: body.reason ?? null, appraised_by: actorIdOrNull(c.actor) },
      { stage: 'appraisal', points: check.points, reason: body.reason ?? null },
    );
  });
}

/** Returns a submitted unit for supplementation: it can edit and submit again. */
export async function returnAssessment(c: UseCaseContext, assessmentId: string, reason: string) {
  return c.db.transaction().execute(async (trx) => {
    const l = await loadForAction(c, trx, assessmentId, 'par.appraise');
    requireStage(l.cycle, 'appraisal', 'selfAssessment');
    requireStatus(l.assessment, 'submitted');
    await requireAssigned(trx, c, l, null);
    await moveAssessment(trx, c, l, 'returned', 'par.return', { set: { returned_reason: reason }, after: { reason } });
  });
}

/** Closes the appraisal of a unit; leaves the appraiser did not change keep the self-score (confirmed). */
export async function completeAppraisal(c: UseCaseContext, assessmentId: string) {
  return c.db.transaction().execute(async (trx) => {
    const l = await loadForAction(c, trx, assessmentId, 'par.appraise');
    requireStage(l.cycle, 'appraisal');
    requireStatus(l.assessment, 'submitted');
    await requireAssigned(trx, c, l, null);
    const scores = await loadScores(trx, assessmentId);
    for (const s of scores) {
      const node = l.framework.nodes.find((n) => n.code === s.nodeCode);
      if (node?.source !== 'self' || s.appraisedPoints !== null) continue;
      await updateLeaf(
        trx,
        c,
        l,
        s.nodeCode,
        s.version,
        { appraised_points: s.selfPoints ?? '0', appraised_by: actorIdOrNull(c.actor) },
        { stage: 'appraisal', points: s.selfPoints ?? '0', reason: 'Xác nhận điểm tự chấm' },
      );
    }
    await moveAssessment(trx, c, l, 'appraised', 'par.appraised');
  });
}

/** The unit's answer on one leaf in the explanation round: accept, or dispute with a reason (and new evidence). */
export async function explainLeaf(
  c: UseCaseContext,
  assessmentId: string,
  code: string,
  body: { status: 'accepted' | 'disputed'; text?: string | null; version: number },
) {
  return c.db.transaction().execute(async (trx) => {
    const l = await loadForAction(c, trx, assessmentId, 'par.explain');
    requireStage(l.cycle, 'explanation');
    requireStatus(l.assessment, 'appraised');
    leafOf(l, code);
    if (body.status === 'disputed' && !body.text?.trim()) throw fieldInvalid('par_reason_required', 'body.text');
    return updateLeaf(
      trx,
      c,
      l,
      code,
      body.version,
      { explanation_status: body.status, explanation_text: body.text ?? null },
      { stage: 'explanation', points: null, reason: body.text ?? body.status },
    );
  });
}

export async function submitExplanation(c: UseCaseContext, assessmentId: string) {
  return c.db.transaction().execute(async (trx) => {
    const l = await loadForAction(c, trx, assessmentId, 'par.explain');
    requireStage(l.cycle, 'explanation');
    requireStatus(l.assessment, 'appraised');
    await moveAssessment(trx, c, l, 'explained', 'par.explained');
  });
}

/** Re-appraisal of a disputed leaf; the reason is always required. */
export async function reappraiseLeaf(
  c: UseCaseContext,
  assessmentId: string,
  code: string,
  body: { points: string | number; reason: string; version: number },
) {
  return c.db.transaction().execute(async (trx) => {
    const l = await loadForAction(c, trx, assessmentId, 'par.appraise');
    requireStage(l.cycle, 'reappraisal');
    requireStatus(l.assessment, 'explained', 'appraised');
    await requireAssigned(trx, c, l, code);
    const node = leafOf(l, code);
    const check = checkLeafPoints(node, body.points, 'appraisal');
    if (!check.ok) fail(check, code);
    if (!body.reason.trim()) throw fieldInvalid('par_reason_required', 'body.reason');
    return updateLeaf(
      trx,
      c,
      l,
      code,
      body.version,
      { reappraised_points: check.points, reappraisal_reason: body.reason },
      { stage: 'reappraisal', points: check.points, reason: body.reason },
    );
  });
}

/** Closes the re-appraisal of a unit (its disputed leaves have been answered). */
export async function completeReappraisal(c: UseCaseContext, assessmentId: string) {
  return c.db.transaction().execute(async (trx) => {
    const l = await loadForAction(c, trx, assessmentId, 'par.appraise');
    requireStage(l.cycle, 'reappraisal');
    requireStatus(l.assessment, 'explained', 'appraised');
    await requireAssigned(trx, c, l, null);
    await moveAssessment(trx, c, l, 'reappraised', 'par.reappraised');
  });
}

/** Survey-derived and data-derived points are set by the PAR office (from the survey / data modules), never by the unit. */
export async function setDerivedPoints(
  c: UseCaseContext,
  assessmentId: string,
  code: string,
  body: { points: string | number; source: string; version: number },
) {
  return c.db.transaction().execute(async (trx) => {
    const l = await loadForAction(c, trx, assessmentId, 'par.cycle.manage');
    if (l.cycle.stage === 'published') throw new AppError('par_published', { status: 409 });
    const node = leafOf(l, code);
    if (node.source === 'self') throw fieldInvalid('par_points_invalid', 'params.code', { code });
    const check = checkLeafPoints(node, body.points, 'derived');
    if (!check.ok) fail(check, code);
    return updateLeaf(
      trx,
      c,
      l,
      code,
      body.version,
      { final_points: null, self_points: null, appraised_points: check.points, appraisal_reason: body.source },
      { stage: node.source === 'survey' ? 'survey' : 'data', points: check.points, reason: body.source },
    );
  });
}

/** The council closes a unit: every leaf's final points are the last appraised value. */
export async function finaliseAssessment(c: UseCaseContext, assessmentId: string) {
  return c.db.transaction().execute(async (trx) => {
    const l = await loadForAction(c, trx, assessmentId, 'par.finalise');
    requireStage(l.cycle, 'council');
    requireStatus(l.assessment, 'appraised', 'explained', 'reappraised');
    for (const s of await loadScores(trx, assessmentId)) {
      const points = effectivePoints({ ...s, finalPoints: null }) ?? '0';
      await updateLeaf(trx, c, l, s.nodeCode, s.version, { final_points: points }, { stage: 'final', points, reason: null });
    }
    await moveAssessment(trx, c, l, 'finalised', 'par.finalised');
  });
}

/**
 * What the actor can do on this assessment now (stage, status, policy scope and appraiser assignment), so that
 * screens offer only the actions that will succeed.
 */
export async function allowedActions(c: UseCaseContext, l: Loaded) {
  const on = { unitPath: l.unitPath };
  const stage = l.cycle.stage;
  const status = l.assessment.status;
  const assigned =
    can(c.actor, 'par.appraise', on) &&
    (await c.db
      .selectFrom('par_appraisers')
      .select('user_id')
      .where('cycle_id', '=', l.cycle.id)
      .where('user_id', '=', c.actor.userId)
      .where((eb) => eb.or([eb('unit_id', '=', l.assessment.unitId), eb('area_code', 'is not', null)]))
      .executeTakeFirst()) !== undefined;
  const open = status === 'draft' || status === 'returned';
  return {
    selfScore: can(c.actor, 'par.selfScore', on) && (stage === 'selfAssessment' || stage === 'appraisal') && open,
    uploadEvidence:
      can(c.actor, 'par.selfScore', on) &&
      (((stage === 'selfAssessment' || stage === 'appraisal') && open) || (stage === 'explanation' && status === 'appraised')),
    submit: can(c.actor, 'par.submit', on) && (stage === 'selfAssessment' || stage === 'appraisal') && open,
    appraise: assigned && stage === 'appraisal' && status === 'submitted',
    return: assigned && (stage === 'appraisal' || stage === 'selfAssessment') && status === 'submitted',
    explain: can(c.actor, 'par.explain', on) && stage === 'explanation' && status === 'appraised',
    reappraise: assigned && stage === 'reappraisal' && (status === 'explained' || status === 'appraised'),
    finalise: can(c.actor, 'par.finalise', on) && stage === 'council' && ['appraised', 'explained', 'reappraised'].includes(status),
    reopen: can(c.actor, 'par.publish', on) && status === 'published',
    setDerived: can(c.actor, 'par.cycle.manage', on) && stage !== 'published',
  };
}

/** Assessments visible to the actor in a cycle (their scope, or all). */
export async function visibleUnitIds(c: UseCaseContext): Promise<'all' | string[]> {
  const reach = reachFor(c.actor, 'par.read');
  return reach === 'all' ? 'all' : descendantsOf(c.db, reach);
}

export { conflict };
