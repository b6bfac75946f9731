import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { can } from '../../domain/access/policy.ts';
import { changeOf, computeIndices, type IndexRow, type IndicesResult, PROVISIONAL_NOTE } from '../../domain/surveys/indices.ts';
import type { Answers } from '../../domain/surveys/questionnaire.ts';
import { AppError } from '../../server/errors.ts';
import { authorize } from '../../server/http.ts';
import { writeAudit } from '../audit/repo.ts';
import { actorIdOrNull, type UseCaseContext } from '../auth/context.ts';
import { unitPath } from '../units/repo.ts';
import { frozenVersionContent, reachableUnits, requireSurvey, type SurveyRow, surveyUnits } from './repo.ts';

const parse = <T>(v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v) as T;

/** The exact indices of a survey over every unit of its plan (no access check: callers filter what they show). */
export async function surveyIndices(
  db: Kysely<DB>,
  s: SurveyRow,
): Promise<{ result: IndicesResult; unitNames: Map<string, string>; groupNames: Map<string, string> }> {
  const content = await frozenVersionContent(db, s.questionnaireVersionId);
  const units = await surveyUnits(db, s.id);
  const ids = units.map((u) => u.unitId);
  const members = ids.length ? await db.selectFrom('unit_group_members').select(['unit_id', 'group_code']).where('unit_id', 'in', ids).execute() : [];
  const groupNames = new Map((await db.selectFrom('unit_groups').select(['code', 'name']).execute()).map((g) => [g.code, g.name]));
  // Frames: the planned size, or the number of dossiers in the frame when the sample was drawn from dossiers.
  const responses = await db.selectFrom('survey_responses').select(['unit_id', 'answers', 'excluded']).where('survey_id', '=', s.id).execute();
  const result = computeIndices(
    content,
    content.formula.kind,
    units.map((u) => ({ unitId: u.unitId, frameSize: u.frameSize, groupCodes: members.filter((m) => m.unit_id === u.unitId).map((m) => m.group_code) })),
    responses.map((r) => ({ unitId: r.unit_id, answers: parse<Answers>(r.answers), excluded: r.excluded })),
  );
  return { result, unitNames: new Map(units.map((u) => [u.unitId, `${u.unitName}`])), groupNames };
}

/** Last year's closed survey of the same kind (the most recently closed one), for trends. */
async function previousSurvey(db: Kysely<DB>, s: SurveyRow): Promise<SurveyRow | null> {
  const prev = await db
    .selectFrom('surveys')
    .select('id')
    .where('kind', '=', s.kind)
    .where('year', '=', s.year - 1)
    .where('status', '=', 'closed')
    .orderBy('closed_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return prev ? requireSurvey(db, prev.id) : null;
}

function rowOut(r: IndexRow, name: string, rank: number | null, previous: string | null) {
  const cell = (x: IndexRow['overall']) => ({ value: x.value, n: x.n, marginOfError: x.marginOfError });
  return {
    key: r.key,
    name,
    respondents: r.respondents,
    frameSize: r.frameSize,
    elements: Object.fromEntries(Object.entries(r.elements).map(([k, v]) => [k, cell(v)])),
    overall: cell(r.overall),
    rank,
    previous,
    change: changeOf(r.overall.value, previous),
  };
}

export async function indicesReport(c: UseCaseContext, id: string) {
  authorize(c, 'survey.read');
  const s = await requireSurvey(c.db, id);
  const { result, unitNames, groupNames } = await surveyIndices(c.db, s);
  const prevSurvey = await previousSurvey(c.db, s);
  const prev = new Map<string, string | null>();
  if (prevSurvey) {
    const p = (await surveyIndices(c.db, prevSurvey)).result;
    prev.set('province', p.province.overall.value);
    for (const g of p.groups) prev.set(`g:${g.key}`, g.overall.value);
    for (const u of p.units) prev.set(`u:${u.key}`, u.overall.value);
  }
  const reach = await reachableUnits(c, 'survey.read');
  const units = result.units.filter((u) => reach === 'all' || reach.has(u.key));
  if (reach !== 'all' && units.length === 0) throw new AppError('forbidden_unit', { status: 403 });
  return {
    surveyId: s.id,
    formula: result.formula,
    provisional: result.provisional,
    provisionalNote: PROVISIONAL_NOTE,
    elements: result.elements,
    previousSurveyId: prevSurvey?.id ?? null,
    province: rowOut(result.province, 'Toàn tỉnh', null, prev.get('province') ?? null),
    groups: reach === 'all' ? result.groups.map((g) => rowOut(g, groupNames.get(g.key) ?? g.key, null, prev.get(`g:${g.key}`) ?? null)) : [],
    units: units.map((u) => rowOut(u, unitNames.get(u.key) ?? u.key, u.rank, prev.get(`u:${u.key}`) ?? null)),
  };
}

export async function listResponses(c: UseCaseContext, id: string, opts: { limit: number; offset: number }) {
  authorize(c, 'survey.manage');
  await requireSurvey(c.db, id);
  const total = await c.db
    .selectFrom('survey_responses')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('survey_id', '=', id)
    .executeTakeFirstOrThrow();
  const rows = await c.db
    .selectFrom('survey_responses as r')
    .leftJoin('users as u', 'u.id', 'r.excluded_by')
    .select(['r.id', 'r.unit_id', 'r.channel', 'r.dossier_code', 'r.answers', 'r.submitted_at', 'r.excluded', 'r.excluded_reason', 'u.display_name'])
    .where('r.survey_id', '=', id)
    .orderBy('r.submitted_at', 'desc')
    .orderBy('r.id')
    .limit(opts.limit)
    .offset(opts.offset)
    .execute();
  return {
    total: Number(total.n),
    items: rows.map((r) => ({
      id: r.id,
      unitId: r.unit_id,
      channel: r.channel,
      dossierCode: r.dossier_code,
      answers: parse<Record<string, unknown>>(r.answers),
      submittedAt: new Date(r.submitted_at).toISOString(),
      excluded: r.excluded,
      excludedReason: r.excluded_reason,
      excludedBy: r.display_name ?? null,
    })),
  };
}

/** Flags a response as excluded (it no longer counts in any index) or restores it; a reason is required and audited. */
export async function setExcluded(c: UseCaseContext, surveyId: string, responseId: string, exclude: boolean, reason: string) {
  authorize(c, 'survey.manage');
  if (!/^[0-9a-f-]{36}$/i.test(responseId)) throw new AppError('survey_response_not_found', { status: 404 });
  return c.db.transaction().execute(async (trx) => {
    const r = await trx
      .selectFrom('survey_responses')
      .select(['id', 'unit_id', 'excluded', 'excluded_reason'])
      .where('id', '=', responseId)
      .where('survey_id', '=', surveyId)
      .forUpdate()
      .executeTakeFirst();
    if (!r) throw new AppError('survey_response_not_found', { status: 404 });
    if (!can(c.actor, 'survey.manage', { unitPath: await unitPath(trx, r.unit_id) })) throw new AppError('forbidden_unit', { status: 403 });
    const now = c.clock.now();
    await trx
      .updateTable('survey_responses')
      .set(
        exclude
          ? { excluded: true, excluded_reason: reason, excluded_by: actorIdOrNull(c.actor), excluded_at: now }
          : { excluded: false, excluded_reason: null, excluded_by: null, excluded_at: null },
      )
      .where('id', '=', responseId)
      .execute();
    await writeAudit(trx, {
      at: now,
      actorId: actorIdOrNull(c.actor),
      actorName: c.actor.username,
      action: exclude ? 'survey.response.exclude' : 'survey.response.restore',
      entityType: 'surveyResponse',
      entityId: responseId,
      unitId: r.unit_id,
      before: { excluded: r.excluded, reason: r.excluded_reason },
      after: { excluded: exclude, reason },
      ip: c.ip,
    });
    return { id: responseId, excluded: exclude };
  });
}
