import { sql } from 'kysely';
import { vietnamDayEnd, vietnamDayStart } from '../../domain/shared/clock.ts';
import { drawStratifiedSample, type FrameItem } from '../../domain/surveys/sampling.ts';
import { AppError } from '../../server/errors.ts';
import { authorize } from '../../server/http.ts';
import { writeAudit } from '../audit/repo.ts';
import { actorIdOrNull, type UseCaseContext } from '../auth/context.ts';
import { hashSecret, maskContact, newSecret, reachableUnits, requireSurvey, surveyUnits } from './repo.ts';
import { seesContacts } from './surveys.ts';

/** KenhThucHien of the national one-stop data: 1 direct, 2 online, 3 public post. */
const CHANNEL_NAMES: Record<number, string> = { 1: 'direct', 2: 'online', 3: 'post' };
export const UNKNOWN_FIELD = '(chưa rõ lĩnh vực)';

/** Start of a Vietnam calendar day as an instant (UTC+7, no daylight saving). */

interface DossierFrameItem extends FrameItem {
  source: string;
  code: string;
  receivedDay: string;
}

/**
 * Draws the sample: for a SIPAS survey, the frame is the dossiers of the survey's units finished in the period
 * (Vietnam days), stratified by unit × field × channel (src/domain/surveys/sampling.ts); for a PAR sociological
 * survey, whose respondents are officials and leaders chosen by the unit, each unit gets `target` tokens without a
 * dossier. One single-use token per sampled item; only hashes are stored and the links are returned once.
 * Drawing again replaces the sample while none of its tokens has been answered.
 */
export async function drawSample(c: UseCaseContext, surveyId: string, input: { seed: string; baseUrl: string }) {
  authorize(c, 'survey.manage');
  return c.db.transaction().execute(async (trx) => {
    const s = await requireSurvey(trx, surveyId, { forUpdate: true });
    if (s.status === 'closed') throw new AppError('survey_not_open', { status: 409 });
    const answered = await trx
      .selectFrom('survey_responses')
      .select('id')
      .where('survey_id', '=', surveyId)
      .where('sample_id', 'is not', null)
      .limit(1)
      .executeTakeFirst();
    if (answered) throw new AppError('survey_sample_has_responses', { status: 409 });
    const units = await surveyUnits(trx, surveyId);
    const targets = new Map(units.map((u) => [u.unitId, u.target]));
    let items: (DossierFrameItem | (FrameItem & { source: null; code: null; receivedDay: null }))[];
    let frameSize = 0;
    let perUnit: { unitId: string; frame: number; target: number; drawn: number }[];
    if (s.kind === 'sipas') {
      const rows = await trx
        .selectFrom('dossiers as d')
        .leftJoin('procedures as p', 'p.code', 'd.procedure_code')
        .select(['d.unit_id', 'd.source', 'd.code', 'd.received_day', 'd.channel', 'p.field'])
        .where(
          'd.unit_id',
          'in',
          units.map((u) => u.unitId),
        )
        .where('d.finished_at', 'is not', null)
        .where('d.finished_at', '>=', vietnamDayStart(s.periodFrom))
        .where('d.finished_at', '<=', vietnamDayEnd(s.periodTo))
        .execute();
      const frame: DossierFrameItem[] = rows.map((r) => ({
        key: `${r.source}\u0000${r.code}\u0000${r.received_day}`,
        unitId: r.unit_id,
        field: r.field ?? UNKNOWN_FIELD,
        channel: CHANNEL_NAMES[r.channel] ?? String(r.channel),
        source: r.source,
        code: r.code,
        receivedDay: r.received_day,
      }));
      frameSize = frame.length;
      const steering = s.quotas.flatMap((q) =>
        q.dimension === 'field' || q.dimension === 'channel' ? [{ dimension: q.dimension, value: q.value, share: q.share }] : [],
      );
      const drawn = drawStratifiedSample(frame, targets, input.seed, steering);
      items = drawn.sample;
      perUnit = drawn.perUnit;
      for (const u of drawn.perUnit)
        await trx.updateTable('survey_units').set({ frame_size: u.frame }).where('survey_id', '=', surveyId).where('unit_id', '=', u.unitId).execute();
    } else {
      items = units.flatMap((u) =>
        Array.from({ length: u.target }, (_, i) => ({ key: String(i), unitId: u.unitId, field: '', channel: '', source: null, code: null, receivedDay: null })),
      );
      perUnit = units.map((u) => ({ unitId: u.unitId, frame: u.frameSize ?? u.target, target: u.target, drawn: u.target }));
      frameSize = perUnit.reduce((t, u) => t + u.frame, 0);
    }
    await trx.deleteFrom('survey_samples').where('survey_id', '=', surveyId).execute();
    const links: { sampleId: string; unitId: string; dossierCode: string | null; token: string; url: string }[] = [];
    const base = input.baseUrl.replace(/\/+$/, '');
    for (let k = 0; k < items.length; k += 1000) {
      const chunk = items.slice(k, k + 1000).map((it) => ({ it, token: newSecret() }));
      const inserted = await trx
        .insertInto('survey_samples')
        .values(
          chunk.map(({ it, token }) => ({
            survey_id: surveyId,
            unit_id: it.unitId,
            dossier_source: it.source,
            dossier_code: it.code,
            dossier_received_day: it.receivedDay,
            field: s.kind === 'sipas' ? it.field : null,
            channel: s.kind === 'sipas' ? it.channel : null,
            token_hash: hashSecret(token),
          })),
        )
        .returning(['id', 'token_hash'])
        .execute();
      const idOf = new Map(inserted.map((r) => [r.token_hash, r.id]));
      for (const { it, token } of chunk)
        links.push({ sampleId: idOf.get(hashSecret(token)) as string, unitId: it.unitId, dossierCode: it.code, token, url: `${base}/s/${token}` });
    }
    await trx.updateTable('surveys').set({ sample_seed: input.seed, updated_at: c.clock.now() }).where('id', '=', surveyId).execute();
    await writeAudit(trx, {
      at: c.clock.now(),
      actorId: actorIdOrNull(c.actor),
      actorName: c.actor.username,
      action: 'survey.sample.draw',
      entityType: 'survey',
      entityId: surveyId,
      before: { seed: s.sampleSeed },
      after: { seed: input.seed, frameSize, drawn: links.length, perUnit },
      ip: c.ip,
    });
    return { seed: input.seed, frameSize, drawn: links.length, perUnit, links };
  });
}

export async function listSample(c: UseCaseContext, surveyId: string) {
  authorize(c, 'survey.read');
  await requireSurvey(c.db, surveyId);
  const reach = await reachableUnits(c, 'survey.read');
  const rows = await c.db
    .selectFrom('survey_samples as s')
    .leftJoin('survey_responses as r', 'r.sample_id', 's.id')
    .select(['s.id', 's.unit_id', 's.dossier_code', 's.field', 's.channel', 's.contact', 'r.id as response_id'])
    .where('s.survey_id', '=', surveyId)
    .orderBy('s.unit_id')
    .orderBy('s.dossier_code')
    .orderBy('s.id')
    .execute();
  const full = seesContacts(c);
  return {
    contactsMasked: !full,
    items: rows
      .filter((r) => reach === 'all' || reach.has(r.unit_id))
      .map((r) => ({
        sampleId: r.id,
        unitId: r.unit_id,
        dossierCode: r.dossier_code,
        field: r.field,
        channel: r.channel,
        contact: full ? r.contact : maskContact(r.contact),
        used: r.response_id !== null,
      })),
  };
}

/** Quota-fill board: per unit target, drawn and responded, and per quota stratum the same counts. */
export async function quotaBoard(c: UseCaseContext, surveyId: string) {
  authorize(c, 'survey.read');
  const s = await requireSurvey(c.db, surveyId);
  const reach = await reachableUnits(c, 'survey.read');
  const units = (await surveyUnits(c.db, surveyId)).filter((u) => reach === 'all' || reach.has(u.unitId));
  const samples = await c.db
    .selectFrom('survey_samples')
    .select(['unit_id', 'field', 'channel', (eb) => eb.fn.countAll<string>().as('n')])
    .where('survey_id', '=', surveyId)
    .groupBy(['unit_id', 'field', 'channel'])
    .execute();
  const responses = await c.db
    .selectFrom('survey_responses as r')
    .leftJoin('survey_samples as sm', 'sm.id', 'r.sample_id')
    .select([
      'r.unit_id',
      'sm.field',
      'sm.channel',
      sql<string | null>`r.demographics->>'sex'`.as('sex'),
      sql<string | null>`r.demographics->>'ageGroup'`.as('age_group'),
      (eb) => eb.fn.countAll<string>().as('n'),
    ])
    .where('r.survey_id', '=', surveyId)
    .where('r.excluded', '=', false)
    .groupBy(['r.unit_id', 'sm.field', 'sm.channel', sql`r.demographics->>'sex'`, sql`r.demographics->>'ageGroup'`])
    .execute();
  const dimValue = (row: { field: string | null; channel: string | null; sex?: string | null; age_group?: string | null }, dim: string) =>
    dim === 'field' ? row.field : dim === 'channel' ? row.channel : dim === 'sex' ? (row.sex ?? null) : (row.age_group ?? null);
  return {
    units: units.map((u) => {
      const us = samples.filter((x) => x.unit_id === u.unitId);
      const ur = responses.filter((x) => x.unit_id === u.unitId);
      const total = (rows: { n: string }[]) => rows.reduce((t, x) => t + Number(x.n), 0);
      const strata = s.quotas.map((q) => {
        const sampled = q.dimension === 'field' || q.dimension === 'channel';
        // target = share × unit target, half-up to a whole respondent
        const [whole, frac = ''] = q.share.split('.');
        const scaled = BigInt(whole) * 10_000n + BigInt(`${frac}0000`.slice(0, 4));
        const target = Number((scaled * BigInt(u.target) * 2n + 10_000n) / 20_000n);
        return {
          dimension: q.dimension,
          value: q.value,
          target,
          drawn: sampled ? total(us.filter((x) => dimValue(x, q.dimension) === q.value)) : null,
          responded: total(ur.filter((x) => dimValue(x, q.dimension) === q.value)),
        };
      });
      return { unitId: u.unitId, unitCode: u.unitCode, unitName: u.unitName, target: u.target, drawn: total(us), responded: total(ur), strata };
    }),
  };
}

/** Records a respondent's contact (phone, e-mail) for a sampled dossier; the survey team only. Audited, masked. */
export async function setSampleContact(c: UseCaseContext, surveyId: string, sampleId: string, contact: string | null) {
  authorize(c, 'survey.manage');
  return c.db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('survey_samples')
      .select(['id', 'unit_id', 'contact'])
      .where('id', '=', sampleId)
      .where('survey_id', '=', surveyId)
      .forUpdate()
      .executeTakeFirst();
    if (!row) throw new AppError('not_found', { status: 404 });
    await trx.updateTable('survey_samples').set({ contact }).where('id', '=', sampleId).execute();
    // the audit trail keeps only the masked form: it is readable by more people than the survey team
    await writeAudit(trx, {
      at: c.clock.now(),
      actorId: actorIdOrNull(c.actor),
      actorName: c.actor.username,
      action: 'survey.sample.contact',
      entityType: 'surveySample',
      entityId: sampleId,
      unitId: row.unit_id,
      before: { contact: maskContact(row.contact) },
      after: { contact: maskContact(contact) },
      ip: c.ip,
    });
    return { sampleId, contact };
  });
}
