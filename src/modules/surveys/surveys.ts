import type { Kysely } from 'kysely';
import type { DB, SurveyKind } from '../../db/schema.ts';
import { can } from '../../domain/access/policy.ts';
import { indexElements } from '../../domain/surveys/indices.ts';
import { AppError, fieldInvalid } from '../../server/errors.ts';
import { authorize } from '../../server/http.ts';
import { writeAudit } from '../audit/repo.ts';
import { actorIdOrNull, type UseCaseContext } from '../auth/context.ts';
import { type FeedOutcome, feedParIndex } from './par-feed.ts';
import { loadVersion, type ParFeedRule, type Quota, reachableUnits, requireSurvey, type SurveyRow, surveyUnits } from './repo.ts';

export interface PlanInput {
  name: string;
  periodFrom: string;
  periodTo: string;
  units: { unitId: string; target: number; frameSize?: number }[];
  quotas: Quota[];
  parFeed: ParFeedRule[];
}
export interface SurveyInput extends PlanInput {
  kind: SurveyKind;
  year: number;
  questionnaireVersionId: string;
}

const STATUS_VI = { draft: 'Nháp', open: 'Đang mở', closed: 'Đã đóng' } as const;

async function checkPlan(db: Kysely<DB>, plan: PlanInput, elements: string[]) {
  if (plan.periodFrom > plan.periodTo) throw fieldInvalid('survey_period_invalid', 'body.periodTo');
  const seen = new Set<string>();
  plan.units.forEach((u, i) => {
    if (seen.has(u.unitId)) throw fieldInvalid('survey_unit_duplicate', `body.units.${i}.unitId`, { unitId: u.unitId });
    seen.add(u.unitId);
  });
  const ids = plan.units.map((u) => u.unitId).filter((id) => /^[0-9a-f-]{36}$/i.test(id));
  const found = new Set(ids.length ? (await db.selectFrom('units').select('id').where('id', 'in', ids).execute()).map((r) => r.id) : []);
  plan.units.forEach((u, i) => {
    if (!found.has(u.unitId)) throw fieldInvalid('survey_unit_unknown', `body.units.${i}.unitId`, { unitId: u.unitId });
  });
  plan.parFeed.forEach((f, i) => {
    if (f.measure !== 'overall' && !elements.includes(f.measure))
      throw fieldInvalid('survey_feed_measure_unknown', `body.parFeed.${i}.measure`, { measure: f.measure });
  });
}

async function insertUnits(trx: Kysely<DB>, surveyId: string, plan: PlanInput) {
  await trx.deleteFrom('survey_units').where('survey_id', '=', surveyId).execute();
  await trx
    .insertInto('survey_units')
    .values(plan.units.map((u) => ({ survey_id: surveyId, unit_id: u.unitId, target: u.target, frame_size: u.frameSize ?? null })))
    .execute();
}

export async function createSurvey(c: UseCaseContext, input: SurveyInput) {
  authorize(c, 'survey.manage');
  const v = await loadVersion(c.db, input.questionnaireVersionId);
  if (!v) throw new AppError('survey_questionnaire_not_found', { status: 404 });
  if (v.kind !== input.kind) throw fieldInvalid('survey_kind_mismatch', 'body.kind');
  await checkPlan(
    c.db,
    input,
    indexElements(v.content).map((e) => e.key),
  );
  const id = await c.db.transaction().execute(async (trx) => {
    // FOR SHARE: the version cannot be edited while a survey starts using it (replaceVersion takes FOR UPDATE).
    await trx.selectFrom('survey_questionnaire_versions').select('id').where('id', '=', v.id).forShare().executeTakeFirstOrThrow();
    const s = await trx
      .insertInto('surveys')
      .values({
        name: input.name,
        kind: input.kind,
        year: input.year,
        period_from: input.periodFrom,
        period_to: input.periodTo,
        questionnaire_version_id: v.id,
        quotas: JSON.stringify(input.quotas),
        par_feed: JSON.stringify(input.parFeed),
        created_by: actorIdOrNull(c.actor),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await insertUnits(trx, s.id, input);
    await writeAudit(trx, {
      at: c.clock.now(),
      actorId: actorIdOrNull(c.actor),
      actorName: c.actor.username,
      action: 'survey.create',
      entityType: 'survey',
      entityId: s.id,
      after: input,
      ip: c.ip,
    });
    return s.id;
  });
  return surveyDetail(c, id);
}

export async function updatePlan(c: UseCaseContext, id: string, plan: PlanInput) {
  authorize(c, 'survey.manage');
  const s0 = await requireSurvey(c.db, id);
  const v = await loadVersion(c.db, s0.questionnaireVersionId);
  await checkPlan(c.db, plan, v ? indexElements(v.content).map((e) => e.key) : []);
  await c.db.transaction().execute(async (trx) => {
    const s = await requireSurvey(trx, id, { forUpdate: true });
    if (s.status !== 'draft') throw new AppError('survey_not_draft', { status: 409 });
    const before = { name: s.name, periodFrom: s.periodFrom, periodTo: s.periodTo, quotas: s.quotas, parFeed: s.parFeed, units: await surveyUnits(trx, id) };
    await trx
      .updateTable('surveys')
      .set({
        name: plan.name,
        period_from: plan.periodFrom,
        period_to: plan.periodTo,
        quotas: JSON.stringify(plan.quotas),
        par_feed: JSON.stringify(plan.parFeed),
        updated_at: c.clock.now(),
      })
      .where('id', '=', id)
      .execute();
    await insertUnits(trx, id, plan);
    await writeAudit(trx, {
      at: c.clock.now(),
      actorId: actorIdOrNull(c.actor),
      actorName: c.actor.username,
      action: 'survey.plan',
      entityType: 'survey',
      entityId: id,
      before,
      after: plan,
      ip: c.ip,
    });
  });
  return surveyDetail(c, id);
}

async function transition(c: UseCaseContext, id: string, from: SurveyRow['status'], to: SurveyRow['status']) {
  authorize(c, 'survey.manage');
  await c.db.transaction().execute(async (trx) => {
    const s = await requireSurvey(trx, id, { forUpdate: true });
    if (s.status !== from) throw new AppError('survey_transition_invalid', { status: 409, params: { from: STATUS_VI[s.status], to: STATUS_VI[to] } });
    const now = c.clock.now();
    await trx
      .updateTable('surveys')
      .set({ status: to, updated_at: now, ...(to === 'open' ? { opened_at: now } : { closed_at: now }) })
      .where('id', '=', id)
      .execute();
    await writeAudit(trx, {
      at: now,
      actorId: actorIdOrNull(c.actor),
      actorName: c.actor.username,
      action: to === 'open' ? 'survey.open' : 'survey.close',
      entityType: 'survey',
      entityId: id,
      before: { status: from },
      after: { status: to },
      ip: c.ip,
    });
  });
}

export async function openSurvey(c: UseCaseContext, id: string) {
  await transition(c, id, 'draft', 'open');
  return surveyDetail(c, id);
}

/** Closes the survey, then gives the survey-derived PAR leaves their points (max × index) with provenance. */
export async function closeSurvey(c: UseCaseContext, id: string): Promise<{ survey: Awaited<ReturnType<typeof surveyDetail>> } & FeedOutcome> {
  await transition(c, id, 'open', 'closed');
  const feed = await feedParIndex(c, id);
  return { survey: await surveyDetail(c, id), ...feed };
}

export async function surveyDetail(c: UseCaseContext, id: string) {
  authorize(c, 'survey.read');
  const s = await requireSurvey(c.db, id);
  const v = await loadVersion(c.db, s.questionnaireVersionId);
  if (!v) throw new AppError('survey_questionnaire_not_found', { status: 404 });
  const reach = await reachableUnits(c, 'survey.read');
  const units = (await surveyUnits(c.db, id)).filter((u) => reach === 'all' || reach.has(u.unitId));
  if (units.length === 0 && reach !== 'all') throw new AppError('forbidden_unit', { status: 403 });
  const drawn = await c.db
    .selectFrom('survey_samples')
    .select(['unit_id', (eb) => eb.fn.countAll<string>().as('n')])
    .where('survey_id', '=', id)
    .groupBy('unit_id')
    .execute();
  const responded = await c.db
    .selectFrom('survey_responses')
    .select(['unit_id', 'excluded', (eb) => eb.fn.countAll<string>().as('n')])
    .where('survey_id', '=', id)
    .groupBy(['unit_id', 'excluded'])
    .execute();
  const drawnOf = new Map(drawn.map((r) => [r.unit_id, Number(r.n)]));
  const inUnits = new Set(units.map((u) => u.unitId));
  let responses = 0;
  let excluded = 0;
  const respondedOf = new Map<string, number>();
  for (const r of responded) {
    if (!inUnits.has(r.unit_id)) continue;
    if (r.excluded) excluded += Number(r.n);
    else {
      responses += Number(r.n);
      respondedOf.set(r.unit_id, Number(r.n));
    }
  }
  return {
    id: s.id,
    name: s.name,
    kind: s.kind,
    year: s.year,
    periodFrom: s.periodFrom,
    periodTo: s.periodTo,
    status: s.status,
    questionnaireVersionId: v.id,
    questionnaireCode: v.code,
    questionnaireVersion: v.version,
    formula: v.content.formula,
    quotas: s.quotas,
    parFeed: s.parFeed,
    illustrative: s.illustrative,
    sampleSeed: s.sampleSeed,
    units: units.map((u) => ({ ...u, drawn: drawnOf.get(u.unitId) ?? 0, responded: respondedOf.get(u.unitId) ?? 0 })),
    responses,
    excluded,
    openedAt: s.openedAt ? new Date(s.openedAt).toISOString() : null,
    closedAt: s.closedAt ? new Date(s.closedAt).toISOString() : null,
  };
}

export async function listSurveys(c: UseCaseContext) {
  authorize(c, 'survey.read');
  const rows = await c.db
    .selectFrom('surveys as s')
    .innerJoin('survey_questionnaire_versions as v', 'v.id', 's.questionnaire_version_id')
    .innerJoin('survey_questionnaires as q', 'q.id', 'v.questionnaire_id')
    .select((eb) => [
      's.id',
      's.name',
      's.kind',
      's.year',
      's.period_from',
      's.period_to',
      's.status',
      's.sample_seed',
      's.illustrative',
      's.opened_at',
      's.closed_at',
      'v.id as version_id',
      'v.version',
      'v.content',
      'q.code',
      eb
        .selectFrom('survey_responses as r')
        .select((e) => e.fn.countAll<string>().as('n'))
        .whereRef('r.survey_id', '=', 's.id')
        .where('r.excluded', '=', false)
        .as('responses'),
      eb
        .selectFrom('survey_responses as r')
        .select((e) => e.fn.countAll<string>().as('n'))
        .whereRef('r.survey_id', '=', 's.id')
        .where('r.excluded', '=', true)
        .as('excluded'),
    ])
    .orderBy('s.year', 'desc')
    .orderBy('s.created_at', 'desc')
    .execute();
  let visible = rows;
  const reach = await reachableUnits(c, 'survey.read');
  if (reach !== 'all') {
    const withUnits = await c.db.selectFrom('survey_units').select(['survey_id', 'unit_id']).execute();
    const ok = new Set(withUnits.filter((r) => reach.has(r.unit_id)).map((r) => r.survey_id));
    visible = rows.filter((r) => ok.has(r.id));
  }
  return {
    items: visible.map((r) => {
      const content = (typeof r.content === 'string' ? JSON.parse(r.content) : r.content) as { formula: { kind: 'shareSatisfied' | 'meanScoreOver5' } };
      return {
        id: r.id,
        name: r.name,
        kind: r.kind,
        year: r.year,
        periodFrom: r.period_from,
        periodTo: r.period_to,
        status: r.status,
        questionnaireVersionId: r.version_id,
        questionnaireCode: r.code,
        questionnaireVersion: r.version,
        formula: content.formula,
        illustrative: r.illustrative,
        sampleSeed: r.sample_seed,
        responses: Number(r.responses ?? 0),
        excluded: Number(r.excluded ?? 0),
        openedAt: r.opened_at ? new Date(r.opened_at).toISOString() : null,
        closedAt: r.closed_at ? new Date(r.closed_at).toISOString() : null,
      };
    }),
  };
}

/** Whether the actor may see respondents' contacts (the survey team only). */
export const seesContacts = (c: UseCaseContext) => can(c.actor, 'survey.manage');
