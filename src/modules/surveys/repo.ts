import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB, SurveyKind } from '../../db/schema.ts';
import { type Action, can, reachFor } from '../../domain/access/policy.ts';
import type { QuestionnaireContent } from '../../domain/surveys/questionnaire.ts';
import { AppError, notFound } from '../../server/errors.ts';
import type { UseCaseContext } from '../auth/context.ts';
import { descendantsOf, unitPath } from '../units/repo.ts';

export type SurveyStatus = 'draft' | 'open' | 'closed';

export interface Quota {
  dimension: 'field' | 'channel' | 'sex' | 'ageGroup';
  value: string;
  share: string;
}
export interface ParFeedRule {
  nodeCode: string;
  /** 'overall' or an element key of the questionnaire */
  measure: string;
}

export interface SurveyRow {
  id: string;
  name: string;
  kind: SurveyKind;
  year: number;
  periodFrom: string;
  periodTo: string;
  status: SurveyStatus;
  questionnaireVersionId: string;
  quotas: Quota[];
  parFeed: ParFeedRule[];
  sampleSeed: string | null;
  illustrative: boolean;
  openedAt: Date | null;
  closedAt: Date | null;
}

export const hashSecret = (token: string) => createHash('sha256').update(token).digest('hex');
/** A single-use secret for a link or a kiosk: 144 random bits, URL-safe. */
export const newSecret = () => randomBytes(18).toString('base64url');

const parseJson = <T>(v: unknown): T => (typeof v === 'string' ? (JSON.parse(v) as T) : (v as T));

export async function loadSurvey(db: Kysely<DB>, id: string, opts: { forUpdate?: boolean } = {}): Promise<SurveyRow | null> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  let q = db.selectFrom('surveys').selectAll().where('id', '=', id);
  if (opts.forUpdate) q = q.forUpdate();
  const r = await q.executeTakeFirst();
  if (!r) return null;
  return {
    id: r.id,
    name: r.name,
    kind: r.kind,
    year: r.year,
    periodFrom: r.period_from,
    periodTo: r.period_to,
    status: r.status,
    questionnaireVersionId: r.questionnaire_version_id,
    quotas: parseJson<Quota[]>(r.quotas),
    parFeed: parseJson<ParFeedRule[]>(r.par_feed),
    sampleSeed: r.sample_seed,
    illustrative: r.illustrative,
    openedAt: r.opened_at,
    closedAt: r.closed_at,
  };
}

export async function requireSurvey(db: Kysely<DB>, id: string, opts: { forUpdate?: boolean } = {}): Promise<SurveyRow> {
  const s = await loadSurvey(db, id, opts);
  if (!s) throw new AppError('survey_not_found', { status: 404 });
  return s;
}

export interface VersionRow {
  id: string;
  questionnaireId: string;
  code: string;
  kind: SurveyKind;
  version: number;
  content: QuestionnaireContent;
  createdAt: Date;
}

export async function loadVersion(db: Kysely<DB>, versionId: string): Promise<VersionRow | null> {
  if (!/^[0-9a-f-]{36}$/i.test(versionId)) return null;
  const r = await db
    .selectFrom('survey_questionnaire_versions as v')
    .innerJoin('survey_questionnaires as q', 'q.id', 'v.questionnaire_id')
    .select(['v.id', 'v.questionnaire_id', 'q.code', 'q.kind', 'v.version', 'v.content', 'v.created_at'])
    .where('v.id', '=', versionId)
    .executeTakeFirst();
  if (!r) return null;
  return {
    id: r.id,
    questionnaireId: r.questionnaire_id,
    code: r.code,
    kind: r.kind,
    version: r.version,
    content: parseJson<QuestionnaireContent>(r.content),
    createdAt: r.created_at,
  };
}

/**
 * Content of versions used by surveys. A version is frozen once a survey uses it, so what is cached here never goes
 * stale; the public submit path reads it on every response.
 */
const frozenContent = new Map<string, QuestionnaireContent>();
export async function frozenVersionContent(db: Kysely<DB>, versionId: string): Promise<QuestionnaireContent> {
  const hit = frozenContent.get(versionId);
  if (hit) return hit;
  const v = await loadVersion(db, versionId);
  if (!v) throw notFound();
  if (frozenContent.size > 1000) frozenContent.clear();
  frozenContent.set(versionId, v.content);
  return v.content;
}

export interface SurveyUnit {
  unitId: string;
  unitCode: string;
  unitName: string;
  target: number;
  frameSize: number | null;
}

export async function surveyUnits(db: Kysely<DB>, surveyId: string): Promise<SurveyUnit[]> {
  const rows = await db
    .selectFrom('survey_units as su')
    .innerJoin('units as u', 'u.id', 'su.unit_id')
    .select(['su.unit_id', 'u.code', 'u.name', 'su.target', 'su.frame_size'])
    .where('su.survey_id', '=', surveyId)
    .orderBy('u.code')
    .execute();
  return rows.map((r) => ({ unitId: r.unit_id, unitCode: r.code, unitName: r.name, target: r.target, frameSize: r.frame_size }));
}

/** The units an actor reaches with a scoped action: 'all' or a set of unit ids (scope roots and descendants). */
export async function reachableUnits(c: UseCaseContext, action: Action): Promise<'all' | Set<string>> {
  const reach = reachFor(c.actor, action);
  if (reach === 'all') return 'all';
  return new Set(await descendantsOf(c.db, reach));
}

/** Throws 403 unless the actor holds `action` on the unit. */
export async function authorizeUnit(c: UseCaseContext, action: Action, unitId: string): Promise<void> {
  if (!can(c.actor, action, { unitPath: await unitPath(c.db, unitId) })) throw new AppError('forbidden_unit', { status: 403 });
}

/** Masks a contact for readers outside the survey team: only the last 3 characters stay. */
export function maskContact(contact: string | null): string | null {
  if (contact === null) return null;
  const keep = 3;
  const chars = [...contact];
  return chars.map((ch, i) => (i < chars.length - keep && /[\p{L}\p{N}]/u.test(ch) ? '•' : ch)).join('');
}
