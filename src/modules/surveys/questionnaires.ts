import type { SurveyKind } from '../../db/schema.ts';
import { type QuestionnaireContent, validateQuestionnaire } from '../../domain/surveys/questionnaire.ts';
import { AppError } from '../../server/errors.ts';
import { authorize } from '../../server/http.ts';
import { writeAudit } from '../audit/repo.ts';
import { actorIdOrNull, type UseCaseContext } from '../auth/context.ts';
import { questionnaireInvalid } from './problems.ts';

const parse = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v) as QuestionnaireContent;

function check(content: QuestionnaireContent) {
  const errors = validateQuestionnaire(content);
  if (errors.length > 0) throw questionnaireInvalid(errors);
}

const notFound = () => new AppError('survey_questionnaire_not_found', { status: 404 });
const isUuid = (id: string) => /^[0-9a-f-]{36}$/i.test(id);

export async function listQuestionnaires(c: UseCaseContext) {
  authorize(c, 'survey.read');
  const rows = await c.db
    .selectFrom('survey_questionnaires as q')
    .innerJoin('survey_questionnaire_versions as v', 'v.questionnaire_id', 'q.id')
    .select(['q.id', 'q.code', 'q.kind', 'v.id as version_id', 'v.version', 'v.content'])
    .where('v.version', '=', (eb) =>
      eb
        .selectFrom('survey_questionnaire_versions as v2')
        .select((e) => e.fn.max('v2.version').as('m'))
        .whereRef('v2.questionnaire_id', '=', 'q.id'),
    )
    .orderBy('q.code')
    .execute();
  return {
    items: rows.map((r) => {
      const content = parse(r.content);
      return {
        id: r.id,
        code: r.code,
        kind: r.kind,
        title: content.title,
        latestVersion: r.version,
        latestVersionId: r.version_id,
        illustrative: content.illustrative ?? false,
      };
    }),
  };
}

async function versionsOf(c: UseCaseContext, questionnaireId: string) {
  const rows = await c.db
    .selectFrom('survey_questionnaire_versions as v')
    .innerJoin('survey_questionnaires as q', 'q.id', 'v.questionnaire_id')
    .select((eb) => [
      'v.id',
      'v.questionnaire_id',
      'q.code',
      'q.kind',
      'v.version',
      'v.content',
      'v.created_at',
      eb.exists(eb.selectFrom('surveys as s').select('s.id').whereRef('s.questionnaire_version_id', '=', 'v.id')).as('locked'),
    ])
    .where('v.questionnaire_id', '=', questionnaireId)
    .orderBy('v.version')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    questionnaireId: r.questionnaire_id,
    code: r.code,
    kind: r.kind,
    version: r.version,
    content: parse(r.content),
    locked: Boolean(r.locked),
    createdAt: new Date(r.created_at).toISOString(),
  }));
}

export async function getQuestionnaire(c: UseCaseContext, id: string) {
  authorize(c, 'survey.read');
  if (!isUuid(id)) throw notFound();
  const q = await c.db.selectFrom('survey_questionnaires').selectAll().where('id', '=', id).executeTakeFirst();
  if (!q) throw notFound();
  return { id: q.id, code: q.code, kind: q.kind, versions: await versionsOf(c, id) };
}

export async function createQuestionnaire(c: UseCaseContext, input: { code: string; kind: SurveyKind; content: QuestionnaireContent }) {
  authorize(c, 'survey.manage');
  check(input.content);
  return c.db.transaction().execute(async (trx) => {
    const q = await trx
      .insertInto('survey_questionnaires')
      .values({ code: input.code, kind: input.kind, created_by: actorIdOrNull(c.actor) })
      .onConflict((oc) => oc.column('code').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!q) throw new AppError('survey_questionnaire_exists', { status: 409, params: { code: input.code } });
    const v = await trx
      .insertInto('survey_questionnaire_versions')
      .values({ questionnaire_id: q.id, version: 1, content: JSON.stringify(input.content), created_by: actorIdOrNull(c.actor) })
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeAudit(trx, {
      at: c.clock.now(),
      actorId: actorIdOrNull(c.actor),
      actorName: c.actor.username,
      action: 'survey.questionnaire.create',
      entityType: 'surveyQuestionnaire',
      entityId: q.id,
      after: { code: input.code, kind: input.kind, versionId: v.id, version: 1 },
      ip: c.ip,
    });
    return { id: q.id, versionId: v.id };
  });
}

/** A new version, with the given content or a copy of the latest one. */
export async function newVersion(c: UseCaseContext, questionnaireId: string, content: QuestionnaireContent | undefined) {
  authorize(c, 'survey.manage');
  if (!isUuid(questionnaireId)) throw notFound();
  if (content) check(content);
  return c.db.transaction().execute(async (trx) => {
    // serialise version numbering per questionnaire
    const q = await trx.selectFrom('survey_questionnaires').select('id').where('id', '=', questionnaireId).forUpdate().executeTakeFirst();
    if (!q) throw notFound();
    const latest = await trx
      .selectFrom('survey_questionnaire_versions')
      .select(['version', 'content'])
      .where('questionnaire_id', '=', questionnaireId)
      .orderBy('version', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
    const version = latest.version + 1;
    const body = content ?? parse(latest.content);
    const v = await trx
      .insertInto('survey_questionnaire_versions')
      .values({ questionnaire_id: questionnaireId, version, content: JSON.stringify(body), created_by: actorIdOrNull(c.actor) })
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeAudit(trx, {
      at: c.clock.now(),
      actorId: actorIdOrNull(c.actor),
      actorName: c.actor.username,
      action: 'survey.questionnaire.version',
      entityType: 'surveyQuestionnaire',
      entityId: questionnaireId,
      after: { versionId: v.id, version, copied: !content },
      ip: c.ip,
    });
    return { id: questionnaireId, versionId: v.id, version };
  });
}

/** Replaces a version's content while no survey uses it (then it is frozen). */
export async function replaceVersion(c: UseCaseContext, questionnaireId: string, version: number, content: QuestionnaireContent) {
  authorize(c, 'survey.manage');
  if (!isUuid(questionnaireId)) throw notFound();
  check(content);
  return c.db.transaction().execute(async (trx) => {
    // FOR UPDATE here and FOR SHARE when a survey takes the version: a survey cannot start using it mid-edit.
    const v = await trx
      .selectFrom('survey_questionnaire_versions')
      .select(['id', 'content'])
      .where('questionnaire_id', '=', questionnaireId)
      .where('version', '=', version)
      .forUpdate()
      .executeTakeFirst();
    if (!v) throw notFound();
    const used = await trx.selectFrom('surveys').select('id').where('questionnaire_version_id', '=', v.id).limit(1).executeTakeFirst();
    if (used) throw new AppError('survey_version_locked', { status: 409, params: { version } });
    await trx
      .updateTable('survey_questionnaire_versions')
      .set({ content: JSON.stringify(content), updated_at: c.clock.now() })
      .where('id', '=', v.id)
      .execute();
    await writeAudit(trx, {
      at: c.clock.now(),
      actorId: actorIdOrNull(c.actor),
      actorName: c.actor.username,
      action: 'survey.questionnaire.edit',
      entityType: 'surveyQuestionnaire',
      entityId: questionnaireId,
      before: { version, content: parse(v.content) },
      after: { version, content },
      ip: c.ip,
    });
    return { id: questionnaireId, versionId: v.id, version };
  });
}
