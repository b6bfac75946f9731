import type { Kysely } from 'kysely';
import type { AssessmentStatus, DB, FrameworkPurpose, ParStage } from '../../db/schema.ts';

/** A framework as stored: the shape the Excel file, the compute endpoint and the domain share. */
export interface StoredNode {
  code: string;
  parentCode: string | null;
  title: string;
  maxPoints: string;
  source: 'self' | 'survey' | 'data';
  kind: 'normal' | 'bonus' | 'penalty';
  method: Record<string, unknown> | null;
  guidance: string | null;
  evidenceRequired: boolean;
  order: number;
}
export interface StoredFramework {
  id: string;
  name: string;
  year: number;
  groupCode: string;
  classes: { name: string; minIndex: string }[];
  illustrative: boolean;
  copiedFromId: string | null;
  indexDenominator: string | null;
  withoutSurvey: 'rescale' | 'keepDenominator';
  /** The PAR Index, or the evaluation of heads of agencies run on the same machinery. */
  purpose: FrameworkPurpose;
  nodes: StoredNode[];
}

/** Bands are kept ascending by threshold, however the source file listed them (Excel usually lists "trên 90%" first). */
function normaliseMethod(m: Record<string, unknown>): Record<string, unknown> {
  if (m.type !== 'bands' || !Array.isArray(m.bands)) return m;
  const bands = [...(m.bands as { minPercent: string | number }[])].sort((a, b) => Number(a.minPercent) - Number(b.minPercent));
  return { ...m, bands };
}

/** numeric(8,2) comes back as '4.00'; keep the canonical short form ('4', '2.5') used by files and the API. */
export function shortDecimal(v: string): string {
  if (!v.includes('.')) return v;
  return v.replace(/0+$/, '').replace(/\.$/, '');
}

export async function loadFramework(db: Kysely<DB>, id: string): Promise<StoredFramework | null> {
  const f = await db.selectFrom('par_frameworks').selectAll().where('id', '=', id).executeTakeFirst();
  if (!f) return null;
  const nodes = await db.selectFrom('par_framework_nodes').selectAll().where('framework_id', '=', id).orderBy('ord').execute();
  return {
    id: f.id,
    name: f.name,
    year: f.year,
    groupCode: f.group_code,
    classes: f.classes as StoredFramework['classes'],
    illustrative: f.illustrative,
    copiedFromId: f.copied_from_id,
    indexDenominator: f.index_denominator === null ? null : shortDecimal(f.index_denominator),
    withoutSurvey: f.without_survey,
    purpose: f.purpose,
    nodes: nodes.map((n) => ({
      code: n.code,
      parentCode: n.parent_code,
      title: n.title,
      maxPoints: shortDecimal(n.max_points),
      source: n.source,
      kind: n.kind,
      method: n.method as StoredNode['method'],
      guidance: n.guidance,
      evidenceRequired: n.evidence_required,
      order: n.ord,
    })),
  };
}

export async function insertFramework(
  trx: Kysely<DB>,
  f: Omit<StoredFramework, 'id' | 'illustrative' | 'copiedFromId' | 'indexDenominator' | 'withoutSurvey' | 'purpose'> & {
    purpose?: FrameworkPurpose;
    illustrative?: boolean;
    copiedFromId?: string | null;
    indexDenominator?: string | null;
    withoutSurvey?: 'rescale' | 'keepDenominator';
  },
): Promise<string> {
  const row = await trx
    .insertInto('par_frameworks')
    .values({
      name: f.name,
      year: f.year,
      group_code: f.groupCode,
      classes: JSON.stringify(f.classes),
      illustrative: f.illustrative ?? false,
      copied_from_id: f.copiedFromId ?? null,
      index_denominator: f.indexDenominator ?? null,
      without_survey: f.withoutSurvey ?? 'rescale',
      purpose: f.purpose ?? 'parIndex',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (let i = 0; i < f.nodes.length; i += 500) {
    await trx
      .insertInto('par_framework_nodes')
      .values(
        f.nodes.slice(i, i + 500).map((n, j) => ({
          framework_id: row.id,
          code: n.code,
          parent_code: n.parentCode,
          title: n.title,
          max_points: n.maxPoints,
          source: n.source,
          kind: n.kind,
          method: n.method ? JSON.stringify(normaliseMethod(n.method)) : null,
          guidance: n.guidance,
          evidence_required: n.evidenceRequired,
          ord: n.order ?? i + j,
        })),
      )
      .execute();
  }
  return row.id;
}

export interface CycleRow {
  id: string;
  frameworkId: string;
  name: string;
  year: number;
  stage: ParStage;
  surveyIncluded: boolean;
  selfDeadline: string | null;
  appraisalDeadline: string | null;
  explanationDeadline: string | null;
  councilDeadline: string | null;
  publishedAt: string | null;
  /** The framework's purpose: a cycle of the PAR Index or of the evaluation of heads of agencies. */
  purpose: FrameworkPurpose;
}

export async function loadCycle(db: Kysely<DB>, id: string): Promise<CycleRow | null> {
  const c = await db
    .selectFrom('par_cycles')
    .innerJoin('par_frameworks as f', 'f.id', 'par_cycles.framework_id')
    .selectAll('par_cycles')
    .select('f.purpose')
    .where('par_cycles.id', '=', id)
    .executeTakeFirst();
  if (!c) return null;
  return {
    id: c.id,
    frameworkId: c.framework_id,
    name: c.name,
    year: c.year,
    stage: c.stage,
    surveyIncluded: c.survey_included,
    selfDeadline: c.self_deadline,
    appraisalDeadline: c.appraisal_deadline,
    explanationDeadline: c.explanation_deadline,
    councilDeadline: c.council_deadline,
    publishedAt: c.published_at ? new Date(c.published_at).toISOString() : null,
    purpose: c.purpose,
  };
}

export interface AssessmentRow {
  id: string;
  cycleId: string;
  unitId: string;
  status: AssessmentStatus;
  submittedAt: string | null;
  returnedReason: string | null;
  reopenedReason: string | null;
  version: number;
}

export async function loadAssessment(db: Kysely<DB>, id: string): Promise<AssessmentRow | null> {
  const a = await db.selectFrom('par_assessments').selectAll().where('id', '=', id).executeTakeFirst();
  if (!a) return null;
  return {
    id: a.id,
    cycleId: a.cycle_id,
    unitId: a.unit_id,
    status: a.status,
    submittedAt: a.submitted_at ? new Date(a.submitted_at).toISOString() : null,
    returnedReason: a.returned_reason,
    reopenedReason: a.reopened_reason,
    version: a.version,
  };
}

export interface ScoreRow {
  nodeCode: string;
  selfPoints: string | null;
  selfInput: unknown;
  selfNote: string | null;
  appraisedPoints: string | null;
  appraisalReason: string | null;
  explanationStatus: 'accepted' | 'disputed' | null;
  explanationText: string | null;
  reappraisedPoints: string | null;
  reappraisalReason: string | null;
  finalPoints: string | null;
  dataSource: unknown;
  version: number;
  updatedAt: string;
}

const dec = (v: string | null) => (v === null ? null : shortDecimal(v));

type ScoreDbRow = Awaited<ReturnType<ReturnType<typeof scoreQuery>['execute']>>[number];
const scoreQuery = (db: Kysely<DB>, assessmentId: string) => db.selectFrom('par_scores').selectAll().where('assessment_id', '=', assessmentId);

function toScoreRow(r: ScoreDbRow): ScoreRow {
  return {
    nodeCode: r.node_code,
    selfPoints: dec(r.self_points),
    selfInput: r.self_input,
    selfNote: r.self_note,
    appraisedPoints: dec(r.appraised_points),
    appraisalReason: r.appraisal_reason,
    explanationStatus: r.explanation_status,
    explanationText: r.explanation_text,
    reappraisedPoints: dec(r.reappraised_points),
    reappraisalReason: r.reappraisal_reason,
    finalPoints: dec(r.final_points),
    dataSource: r.data_source,
    version: r.version,
    updatedAt: new Date(r.updated_at).toISOString(),
  };
}

export async function loadScores(db: Kysely<DB>, assessmentId: string): Promise<ScoreRow[]> {
  return (await scoreQuery(db, assessmentId).execute()).map(toScoreRow);
}

/** One leaf's row (the write paths touch one leaf at a time). */
export async function loadScore(db: Kysely<DB>, assessmentId: string, code: string): Promise<ScoreRow | undefined> {
  const r = await scoreQuery(db, assessmentId).where('node_code', '=', code).executeTakeFirst();
  return r ? toScoreRow(r) : undefined;
}

/** The points that count at the current step of the process: final, else re-appraised, else appraised, else self. */
export function effectivePoints(s: Pick<ScoreRow, 'selfPoints' | 'appraisedPoints' | 'reappraisedPoints' | 'finalPoints'>): string | null {
  return s.finalPoints ?? s.reappraisedPoints ?? s.appraisedPoints ?? s.selfPoints;
}
