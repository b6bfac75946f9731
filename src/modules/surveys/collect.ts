import { randomUUID } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { DB, SurveyChannel } from '../../db/schema.ts';
import { can } from '../../domain/access/policy.ts';
import { type Answers, demographicsOf, normaliseAnswers, type QuestionnaireContent, validateAnswers } from '../../domain/surveys/questionnaire.ts';
import { AppError } from '../../server/errors.ts';
import { authorize } from '../../server/http.ts';
import { writeAudit } from '../audit/repo.ts';
import { actorIdOrNull, type UseCaseContext } from '../auth/context.ts';
import { unitPath } from '../units/repo.ts';
import { answerFieldErrors, answersInvalid } from './problems.ts';
import { frozenVersionContent, hashSecret, newSecret, requireSurvey, surveyUnits } from './repo.ts';

interface NewResponse {
  id: string;
  surveyId: string;
  unitId: string;
  channel: SurveyChannel;
  sampleId?: string | null;
  kioskId?: string | null;
  dossierCode?: string | null;
  formNumber?: string | null;
  answers: Record<string, unknown>;
  demographics: Record<string, string>;
  lang?: string | null;
  submittedAt: Date;
  collectedAt?: Date | null;
  enteredBy?: string | null;
}

/**
 * Inserts a response once. The client id is the primary key and the token, dossier and paper form are unique, so a
 * conflict is resolved by the database, never by "check then insert": 'inserted', 'duplicate' (this very response
 * is already stored: a retry) or the constraint that refused it.
 */
async function insertResponse(
  db: Kysely<DB>,
  r: NewResponse,
): Promise<'inserted' | 'duplicate' | 'tokenUsed' | 'dossierAnswered' | 'formStored' | 'idConflict'> {
  // Plain SQL on this path: it runs for every public submission (see the surveys scenario of `npm run bench`).
  const inserted = await sql<{ id: string }>`
    INSERT INTO survey_responses (id, survey_id, unit_id, channel, sample_id, kiosk_id, dossier_code, form_number, answers, demographics, lang,
                                  submitted_at, collected_at, entered_by)
    VALUES (${r.id}, ${r.surveyId}, ${r.unitId}, ${r.channel}, ${r.sampleId ?? null}, ${r.kioskId ?? null}, ${r.dossierCode ?? null},
            ${r.formNumber ?? null}, ${JSON.stringify(r.answers)}, ${JSON.stringify(r.demographics)}, ${r.lang ?? null}, ${r.submittedAt},
            ${r.collectedAt ?? null}, ${r.enteredBy ?? null})
    ON CONFLICT DO NOTHING
    RETURNING id`.execute(db);
  const row = inserted.rows[0];
  if (row) return 'inserted';
  const same = await db
    .selectFrom('survey_responses')
    .select(['id', 'survey_id', 'sample_id', 'unit_id', 'dossier_code', 'form_number'])
    .where('id', '=', r.id)
    .executeTakeFirst();
  if (same) {
    const match =
      same.survey_id === r.surveyId &&
      same.unit_id === r.unitId &&
      (same.sample_id ?? null) === (r.sampleId ?? null) &&
      (same.dossier_code ?? null) === (r.dossierCode ?? null) &&
      (same.form_number ?? null) === (r.formNumber ?? null);
    return match ? 'duplicate' : 'idConflict';
  }
  if (r.sampleId) return 'tokenUsed';
  if (r.formNumber) {
    const f = await db
      .selectFrom('survey_responses')
      .select('id')
      .where('survey_id', '=', r.surveyId)
      .where('form_number', '=', r.formNumber)
      .executeTakeFirst();
    if (f) return 'formStored';
  }
  return 'dossierAnswered';
}

function conflictError(kind: 'tokenUsed' | 'dossierAnswered' | 'formStored' | 'idConflict', params: { code?: string | null; form?: string | null }) {
  switch (kind) {
    case 'tokenUsed':
      return new AppError('survey_token_used', { status: 409 });
    case 'dossierAnswered':
      return new AppError('survey_dossier_answered', { status: 409, params: { code: params.code ?? '' } });
    case 'formStored':
      return new AppError('survey_form_stored', { status: 409, params: { form: params.form ?? '' } });
    case 'idConflict':
      return new AppError('survey_response_id_conflict', { status: 409 });
  }
}

function checked(content: QuestionnaireContent, answers: Answers) {
  const r = validateAnswers(content, answers);
  if (!r.ok) throw answersInvalid(r.errors);
  return { answers: normaliseAnswers(content, answers), demographics: demographicsOf(content, answers) as Record<string, string> };
}

/** What a respondent sees: the questionnaire's content (texts in every language; the page picks one). */
const publicQuestionnaire = (content: QuestionnaireContent) => content;

// ----------------------------------------------------------------------------------------------------------------
// Single-use link (token of a sampled dossier)

async function tokenTarget(db: Kysely<DB>, token: string) {
  const row = await db
    .selectFrom('survey_samples as sm')
    .innerJoin('surveys as s', 's.id', 'sm.survey_id')
    .innerJoin('units as u', 'u.id', 'sm.unit_id')
    .select([
      'sm.id as sample_id',
      'sm.unit_id',
      'sm.dossier_code',
      's.id as survey_id',
      's.name',
      's.status',
      's.questionnaire_version_id',
      'u.name as unit_name',
    ])
    .where('sm.token_hash', '=', hashSecret(token))
    .executeTakeFirst();
  if (!row) throw new AppError('survey_token_unknown', { status: 404 });
  return row;
}

export async function publicQuestionnaireByToken(db: Kysely<DB>, token: string, lang: string) {
  const t = await tokenTarget(db, token);
  if (t.status !== 'open') throw new AppError('survey_not_open', { status: 409 });
  const used = await db.selectFrom('survey_responses').select('id').where('sample_id', '=', t.sample_id).executeTakeFirst();
  if (used) throw new AppError('survey_token_used', { status: 409 });
  const content = await frozenVersionContent(db, t.questionnaire_version_id);
  return { surveyName: t.name, unitName: t.unit_name, lang: content.languages.includes(lang) ? lang : 'vi', questionnaire: publicQuestionnaire(content) };
}

export async function submitByToken(db: Kysely<DB>, now: Date, token: string, body: { id?: string; answers: Answers; lang?: string }) {
  // the hot path: one indexed lookup, then one insert
  const found = await sql<{
    sample_id: string;
    unit_id: string;
    dossier_code: string | null;
    survey_id: string;
    status: string;
    questionnaire_version_id: string;
  }>`
    SELECT sm.id AS sample_id, sm.unit_id, sm.dossier_code, s.id AS survey_id, s.status, s.questionnaire_version_id
    FROM survey_samples sm JOIN surveys s ON s.id = sm.survey_id
    WHERE sm.token_hash = ${hashSecret(token)}`.execute(db);
  const t = found.rows[0];
  if (!t) throw new AppError('survey_token_unknown', { status: 404 });
  if (t.status !== 'open') throw new AppError('survey_not_open', { status: 409 });
  const content = await frozenVersionContent(db, t.questionnaire_version_id);
  const a = checked(content, body.answers);
  const id = body.id ?? randomUUID();
  const r = await insertResponse(db, {
    id,
    surveyId: t.survey_id,
    unitId: t.unit_id,
    channel: 'link',
    sampleId: t.sample_id,
    dossierCode: t.dossier_code,
    answers: a.answers,
    demographics: a.demographics,
    lang: body.lang ?? null,
    submittedAt: now,
  });
  if (r !== 'inserted' && r !== 'duplicate') throw conflictError(r, { code: t.dossier_code });
  return { id, status: 'accepted' as const, duplicate: r === 'duplicate' };
}

// ----------------------------------------------------------------------------------------------------------------
// Kiosk: a tablet at the one-stop desk, opened by staff for one unit; one response per dossier code

export async function createKiosk(c: UseCaseContext, surveyId: string, input: { unitId: string; label: string; baseUrl: string }) {
  authorize(c, 'survey.collect');
  const s = await requireSurvey(c.db, surveyId);
  if (!(await surveyUnits(c.db, surveyId)).some((u) => u.unitId === input.unitId))
    throw new AppError('survey_unit_not_in_survey', { status: 422, params: { unitId: input.unitId } });
  if (!can(c.actor, 'survey.collect', { unitPath: await unitPath(c.db, input.unitId) })) throw new AppError('forbidden_unit', { status: 403 });
  if (s.status !== 'open') throw new AppError('survey_not_open', { status: 409 });
  const key = newSecret();
  const kiosk = await c.db.transaction().execute(async (trx) => {
    const k = await trx
      .insertInto('survey_kiosks')
      .values({ survey_id: surveyId, unit_id: input.unitId, label: input.label, key_hash: hashSecret(key), created_by: actorIdOrNull(c.actor) })
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeAudit(trx, {
      at: c.clock.now(),
      actorId: actorIdOrNull(c.actor),
      actorName: c.actor.username,
      action: 'survey.kiosk.open',
      entityType: 'surveyKiosk',
      entityId: k.id,
      unitId: input.unitId,
      after: { surveyId, label: input.label },
      ip: c.ip,
    });
    return k;
  });
  return { kioskId: kiosk.id, key, url: `${input.baseUrl.replace(/\/+$/, '')}/k/${key}` };
}

async function kioskTarget(db: Kysely<DB>, key: string) {
  const row = await db
    .selectFrom('survey_kiosks as k')
    .innerJoin('surveys as s', 's.id', 'k.survey_id')
    .innerJoin('units as u', 'u.id', 'k.unit_id')
    .select(['k.id as kiosk_id', 'k.unit_id', 'k.closed_at', 's.id as survey_id', 's.name', 's.status', 's.questionnaire_version_id', 'u.name as unit_name'])
    .where('k.key_hash', '=', hashSecret(key))
    .executeTakeFirst();
  if (!row || row.closed_at) throw new AppError('survey_kiosk_unknown', { status: 404 });
  if (row.status !== 'open') throw new AppError('survey_not_open', { status: 409 });
  return row;
}

export async function publicQuestionnaireByKiosk(db: Kysely<DB>, key: string, lang: string) {
  const k = await kioskTarget(db, key);
  const content = await frozenVersionContent(db, k.questionnaire_version_id);
  return { surveyName: k.name, unitName: k.unit_name, lang: content.languages.includes(lang) ? lang : 'vi', questionnaire: publicQuestionnaire(content) };
}

export async function submitByKiosk(db: Kysely<DB>, now: Date, key: string, body: { id?: string; answers: Answers; lang?: string; dossierCode: string }) {
  const k = await kioskTarget(db, key);
  const dossier = await db
    .selectFrom('dossiers')
    .select('code')
    .where('unit_id', '=', k.unit_id)
    .where('code', '=', body.dossierCode)
    .limit(1)
    .executeTakeFirst();
  if (!dossier) throw new AppError('survey_dossier_unknown', { status: 404, params: { code: body.dossierCode } });
  const content = await frozenVersionContent(db, k.questionnaire_version_id);
  const a = checked(content, body.answers);
  const id = body.id ?? randomUUID();
  const r = await insertResponse(db, {
    id,
    surveyId: k.survey_id,
    unitId: k.unit_id,
    channel: 'kiosk',
    kioskId: k.kiosk_id,
    dossierCode: body.dossierCode,
    answers: a.answers,
    demographics: a.demographics,
    lang: body.lang ?? null,
    submittedAt: now,
  });
  if (r !== 'inserted' && r !== 'duplicate') throw conflictError(r === 'tokenUsed' ? 'dossierAnswered' : r, { code: body.dossierCode });
  return { id, status: 'accepted' as const, duplicate: r === 'duplicate' };
}

// ----------------------------------------------------------------------------------------------------------------
// Paper forms keyed by survey staff, with optional double entry

async function openSurveyForUnit(c: UseCaseContext, surveyId: string, unitId: string) {
  const s = await requireSurvey(c.db, surveyId);
  if (!(await surveyUnits(c.db, surveyId)).some((u) => u.unitId === unitId))
    throw new AppError('survey_unit_not_in_survey', { status: 422, params: { unitId } });
  if (!can(c.actor, 'survey.collect', { unitPath: await unitPath(c.db, unitId) })) throw new AppError('forbidden_unit', { status: 403 });
  if (s.status !== 'open') throw new AppError('survey_not_open', { status: 409 });
  return s;
}

const canonical = (v: unknown) => JSON.stringify(Array.isArray(v) ? [...v].sort() : (v ?? null));

export async function keyPaperForm(
  c: UseCaseContext,
  surveyId: string,
  input: { unitId: string; formNumber: string; answers: Answers; doubleEntry: boolean; dossierCode?: string },
) {
  authorize(c, 'survey.collect');
  const s = await openSurveyForUnit(c, surveyId, input.unitId);
  const content = await frozenVersionContent(c.db, s.questionnaireVersionId);
  const a = checked(content, input.answers);
  return c.db.transaction().execute(async (trx) => {
    const stored = await trx
      .selectFrom('survey_responses')
      .select('id')
      .where('survey_id', '=', surveyId)
      .where('form_number', '=', input.formNumber)
      .executeTakeFirst();
    if (stored) throw conflictError('formStored', { form: input.formNumber });
    if (input.doubleEntry) {
      // The first keying waits (row lock on the keying) for a second one; they must agree question by question.
      const first = await trx
        .selectFrom('survey_paper_keyings')
        .selectAll()
        .where('survey_id', '=', surveyId)
        .where('form_number', '=', input.formNumber)
        .forUpdate()
        .executeTakeFirst();
      if (!first) {
        // (a concurrent first keying of the same form wins; this one then also waits for the second keying)
        await trx
          .insertInto('survey_paper_keyings')
          .values({
            survey_id: surveyId,
            form_number: input.formNumber,
            unit_id: input.unitId,
            dossier_code: input.dossierCode ?? null,
            answers: JSON.stringify(a.answers),
            keyed_by: actorIdOrNull(c.actor),
            keyed_at: c.clock.now(),
          })
          .onConflict((oc) => oc.doNothing())
          .execute();
        return { status: 'awaitingSecondKeying' as const, responseId: null, mismatches: [] };
      }
      const firstAnswers = (typeof first.answers === 'string' ? JSON.parse(first.answers) : first.answers) as Record<string, unknown>;
      const ids = [...new Set([...Object.keys(firstAnswers), ...Object.keys(a.answers)])];
      const mismatches: { questionId: string; first: unknown; second: unknown }[] = ids
        .filter((q) => canonical(firstAnswers[q]) !== canonical(a.answers[q]))
        .map((q) => ({ questionId: q, first: firstAnswers[q] ?? null, second: a.answers[q] ?? null }));
      if (first.unit_id !== input.unitId) mismatches.unshift({ questionId: 'unitId', first: first.unit_id, second: input.unitId });
      if ((first.dossier_code ?? null) !== (input.dossierCode ?? null))
        mismatches.unshift({ questionId: 'dossierCode', first: first.dossier_code, second: input.dossierCode ?? null });
      if (mismatches.length > 0) {
        // The discrepancy is listed and nothing is stored; the first keying stays for the next comparison.
        return { status: 'mismatch' as const, responseId: null, mismatches };
      }
      await trx.deleteFrom('survey_paper_keyings').where('survey_id', '=', surveyId).where('form_number', '=', input.formNumber).execute();
    }
    const id = randomUUID();
    const r = await insertResponse(trx, {
      id,
      surveyId,
      unitId: input.unitId,
      channel: 'paper',
      dossierCode: input.dossierCode ?? null,
      formNumber: input.formNumber,
      answers: a.answers,
      demographics: a.demographics,
      submittedAt: c.clock.now(),
      enteredBy: actorIdOrNull(c.actor),
    });
    if (r !== 'inserted') throw conflictError(r === 'duplicate' ? 'formStored' : r, { code: input.dossierCode, form: input.formNumber });
    await writeAudit(trx, {
      at: c.clock.now(),
      actorId: actorIdOrNull(c.actor),
      actorName: c.actor.username,
      action: 'survey.response.paper',
      entityType: 'surveyResponse',
      entityId: id,
      unitId: input.unitId,
      after: { surveyId, formNumber: input.formNumber, doubleEntry: input.doubleEntry },
      ip: c.ip,
    });
    return { status: 'stored' as const, responseId: id, mismatches: [] };
  });
}

// ----------------------------------------------------------------------------------------------------------------
// Offline batch sync: idempotent by client-generated id

export async function syncBatch(
  c: UseCaseContext,
  surveyId: string,
  input: { responses: { id: string; unitId: string; answers: Answers; collectedAt?: string; dossierCode?: string }[] },
) {
  authorize(c, 'survey.collect');
  const s = await requireSurvey(c.db, surveyId);
  if (s.status !== 'open') throw new AppError('survey_not_open', { status: 409 });
  const content = await frozenVersionContent(c.db, s.questionnaireVersionId);
  const planned = new Set((await surveyUnits(c.db, surveyId)).map((u) => u.unitId));
  const allowed = new Map<string, boolean>();
  for (const unitId of new Set(input.responses.map((r) => r.unitId)))
    allowed.set(unitId, planned.has(unitId) && can(c.actor, 'survey.collect', { unitPath: await unitPath(c.db, unitId) }));
  return c.db.transaction().execute(async (trx) => {
    const acks: {
      id: string;
      status: 'accepted' | 'rejected';
      reason?: string;
      errors?: { questionId: string; code: string; message: string; messageEn: string }[];
    }[] = [];
    let stored = 0;
    for (const item of input.responses) {
      if (!allowed.get(item.unitId)) {
        acks.push({ id: item.id, status: 'rejected', reason: planned.has(item.unitId) ? 'forbidden_unit' : 'survey_unit_not_in_survey' });
        continue;
      }
      const v = validateAnswers(content, item.answers);
      if (!v.ok) {
        acks.push({
          id: item.id,
          status: 'rejected',
          reason: 'survey_answers_invalid',
          errors: answerFieldErrors(v.errors).map((e) => ({ questionId: e.questionId, code: e.code, message: e.message, messageEn: e.messageEn ?? e.message })),
        });
        continue;
      }
      const r = await insertResponse(trx, {
        id: item.id,
        surveyId,
        unitId: item.unitId,
        channel: 'offline',
        dossierCode: item.dossierCode ?? null,
        answers: normaliseAnswers(content, item.answers),
        demographics: demographicsOf(content, item.answers) as Record<string, string>,
        submittedAt: c.clock.now(),
        collectedAt: item.collectedAt ? new Date(item.collectedAt) : null,
        enteredBy: actorIdOrNull(c.actor),
      });
      if (r === 'inserted') stored++;
      if (r === 'inserted' || r === 'duplicate') acks.push({ id: item.id, status: 'accepted' });
      else
        acks.push({
          id: item.id,
          status: 'rejected',
          reason: r === 'idConflict' ? 'survey_response_id_conflict' : r === 'formStored' ? 'survey_form_stored' : 'survey_dossier_answered',
        });
    }
    if (stored > 0)
      await writeAudit(trx, {
        at: c.clock.now(),
        actorId: actorIdOrNull(c.actor),
        actorName: c.actor.username,
        action: 'survey.response.sync',
        entityType: 'survey',
        entityId: surveyId,
        after: { stored, received: input.responses.length },
        ip: c.ip,
      });
    return { acks };
  });
}
