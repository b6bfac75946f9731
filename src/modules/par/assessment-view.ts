import { notFound } from '../../server/errors.ts';
import { authorize } from '../../server/http.ts';
import type { UseCaseContext } from '../auth/context.ts';
import { unitPath } from '../units/repo.ts';
import { loadForAction } from './guard.ts';
import { loadScores, shortDecimal } from './repo.ts';
import { computeForAssessments } from './results.ts';
import { allowedActions } from './workflow.ts';

/** Everything a scoring or appraisal screen shows: the tree, every leaf's values, evidence, and the running totals. */
export async function assessmentView(c: UseCaseContext, assessmentId: string) {
  const l = await loadForAction(c, c.db, assessmentId, 'par.read');
  const scores = await loadScores(c.db, assessmentId);
  const evidence = await c.db
    .selectFrom('par_evidence as e')
    .innerJoin('blobs as b', 'b.sha256', 'e.sha256')
    .select(['e.id', 'e.node_code', 'e.file_name', 'e.sha256', 'e.stage', 'e.uploaded_at', 'b.size', 'b.mime'])
    .where('e.assessment_id', '=', assessmentId)
    .where('e.removed_at', 'is', null)
    .orderBy('e.uploaded_at')
    .execute();
  const unit = await c.db.selectFrom('units').select(['id', 'code', 'name']).where('id', '=', l.assessment.unitId).executeTakeFirstOrThrow();
  const [computed] = await computeForAssessments(c.db, l.framework, l.cycle.surveyIncluded, [{ unitId: l.assessment.unitId, scores }]);
  return {
    assessment: l.assessment,
    cycle: l.cycle,
    unit,
    framework: l.framework,
    scores,
    evidence: evidence.map((e) => ({
      id: e.id,
      nodeCode: e.node_code,
      name: e.file_name,
      sha256: e.sha256,
      stage: e.stage,
      uploadedAt: new Date(e.uploaded_at).toISOString(),
      size: e.size,
      mime: e.mime,
    })),
    totals: computed,
    can: await allowedActions(c, l),
  };
}

/** The full history of one leaf: self → appraisal → explanation → re-appraisal → final, with who, when, why, evidence. */
export async function leafHistory(c: UseCaseContext, assessmentId: string, code: string) {
  const a = await c.db.selectFrom('par_assessments').select(['unit_id']).where('id', '=', assessmentId).executeTakeFirst();
  if (!a) throw notFound();
  authorize(c, 'par.read', { unitPath: await unitPath(c.db, a.unit_id) });
  const rows = await c.db
    .selectFrom('par_score_history')
    .selectAll()
    .where('assessment_id', '=', assessmentId)
    .where('node_code', '=', code)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: String(r.id),
    stage: r.stage,
    points: r.points === null ? null : shortDecimal(r.points),
    reason: r.reason,
    evidenceDelta: r.evidence_delta,
    actorName: r.actor_name,
    at: new Date(r.at).toISOString(),
  }));
}
