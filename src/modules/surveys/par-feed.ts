import { leafPoints } from '../../domain/surveys/indices.ts';
import { AppError } from '../../server/errors.ts';
import type { UseCaseContext } from '../auth/context.ts';
import { setDerivedPoints } from '../par/workflow.ts';
import { requireSurvey } from './repo.ts';
import { surveyIndices } from './results.ts';

export interface FeedOutcome {
  parFeed: { cycleId: string; unitId: string; nodeCode: string; points: string; index: string; n: number }[];
  parFeedSkipped: { unitId: string; nodeCode: string | null; reason: string }[];
}

/**
 * Gives the survey-derived leaves (source 'survey') of the PAR cycles of the survey's year their points:
 * max × index / 100, through the PAR module's own write path for derived points (history stage 'survey', audited),
 * with the provenance "survey <id> v<questionnaire version> n=<respondents>" as the recorded source.
 *
 * Which leaf takes which index: the survey's `parFeed` rules (leaf code → 'overall' or an element); without rules, a
 * PAR sociological survey feeds every survey leaf with the overall index, and a SIPAS survey feeds nothing.
 * Cycles that are published or run without the survey part are left alone and reported.
 */
export async function feedParIndex(c: UseCaseContext, surveyId: string): Promise<FeedOutcome> {
  const s = await requireSurvey(c.db, surveyId);
  const out: FeedOutcome = { parFeed: [], parFeedSkipped: [] };
  if (s.parFeed.length === 0 && s.kind === 'sipas') return out;
  const { result } = await surveyIndices(c.db, s);
  const version = await c.db.selectFrom('survey_questionnaire_versions').select('version').where('id', '=', s.questionnaireVersionId).executeTakeFirstOrThrow();
  const unitIds = result.units.map((u) => u.key);
  if (unitIds.length === 0) return out;
  const leaves = await c.db
    .selectFrom('par_cycles as cy')
    .innerJoin('par_assessments as a', 'a.cycle_id', 'cy.id')
    .innerJoin('par_frameworks as f', (j) => j.onRef('f.id', '=', 'cy.framework_id').on('f.purpose', '=', 'parIndex'))
    .innerJoin('par_framework_nodes as n', (j) => j.onRef('n.framework_id', '=', 'cy.framework_id').on('n.source', '=', 'survey'))
    .innerJoin('par_scores as sc', (j) => j.onRef('sc.assessment_id', '=', 'a.id').onRef('sc.node_code', '=', 'n.code'))
    .select(['cy.id as cycle_id', 'cy.stage', 'cy.survey_included', 'a.id as assessment_id', 'a.unit_id', 'n.code', 'n.max_points', 'sc.version'])
    .where('cy.year', '=', s.year)
    .where('a.unit_id', 'in', unitIds)
    .orderBy('a.unit_id')
    .orderBy('n.ord')
    .execute();
  const rules = new Map(s.parFeed.map((r) => [r.nodeCode, r.measure]));
  for (const leaf of leaves) {
    const measure = rules.size > 0 ? rules.get(leaf.code) : 'overall';
    if (measure === undefined) continue;
    if (leaf.stage === 'published') {
      out.parFeedSkipped.push({ unitId: leaf.unit_id, nodeCode: leaf.code, reason: 'cyclePublished' });
      continue;
    }
    if (!leaf.survey_included) {
      out.parFeedSkipped.push({ unitId: leaf.unit_id, nodeCode: leaf.code, reason: 'surveyNotIncluded' });
      continue;
    }
    const row = result.units.find((u) => u.key === leaf.unit_id);
    const cell = measure === 'overall' ? row?.overall : row?.elements[measure];
    if (!row || !cell || cell.exact === null) {
      out.parFeedSkipped.push({ unitId: leaf.unit_id, nodeCode: leaf.code, reason: 'noIndex' });
      continue;
    }
    const points = leafPoints(leaf.max_points, cell.exact);
    const provenance = `survey ${s.id} v${version.version} ${measure} = ${cell.value}% n=${row.respondents}`;
    try {
      await setDerivedPoints(c, leaf.assessment_id, leaf.code, { points, source: provenance, version: leaf.version });
      out.parFeed.push({ cycleId: leaf.cycle_id, unitId: leaf.unit_id, nodeCode: leaf.code, points, index: cell.value ?? '', n: row.respondents });
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      out.parFeedSkipped.push({ unitId: leaf.unit_id, nodeCode: leaf.code, reason: e.code });
    }
  }
  return out;
}
