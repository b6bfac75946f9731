/**
 * Request and reply schemas of the surveys module (SIPAS satisfaction survey and the PAR sociological survey).
 *
 * Routes (method, path — who may call it; "staff" = survey.manage: admin, PAR office; "collect" = survey.collect;
 * "read" = survey.read, scoped to the caller's units):
 *
 * Questionnaires
 *   GET    /api/surveys/questionnaires                                   read    list, latest version of each
 *   POST   /api/surveys/questionnaires                                   staff   create (version 1)
 *   GET    /api/surveys/questionnaires/:id                               read    questionnaire with all its versions
 *   POST   /api/surveys/questionnaires/:id/versions                      staff   new version (content copied or given)
 *   PUT    /api/surveys/questionnaires/:id/versions/:version             staff   replace a version's content (409 once a survey uses it)
 *
 * Surveys
 *   GET    /api/surveys                                                  read    list
 *   POST   /api/surveys                                                  staff   create (draft) with units, targets, quotas
 *   GET    /api/surveys/:id                                              read    detail (plan, status, counts)
 *   PUT    /api/surveys/:id/plan                                         staff   replace the plan of a draft
 *   POST   /api/surveys/:id/open                                         staff   draft → open
 *   POST   /api/surveys/:id/close                                        staff   open → closed; feeds the PAR Index
 *
 * Sampling
 *   POST   /api/surveys/:id/sample                                       staff   seeded stratified draw; returns the links once
 *   GET    /api/surveys/:id/sample                                       read    sampled dossiers (contacts masked unless staff)
 *   PUT    /api/surveys/:id/sample/:sampleId/contact                     staff   set a sampled respondent's contact (audited masked)
 *   GET    /api/surveys/:id/board                                        read    quota-fill board per unit and stratum
 *
 * Collection (all four write the same response model)
 *   GET    /api/public/surveys/t/:token?lang=vi                          public  questionnaire for a single-use token
 *   POST   /api/public/surveys/t/:token/responses                        public  submit (rate-limited per IP, 32 KB body)
 *   POST   /api/surveys/:id/kiosks                                       collect open a kiosk session for a unit; key returned once
 *   GET    /api/public/surveys/kiosk/:key?lang=vi                        public  kiosk questionnaire
 *   POST   /api/public/surveys/kiosk/:key/responses                      public  kiosk submit, one per dossier code
 *   POST   /api/surveys/:id/paper                                        collect paper form keying (optional double entry)
 *   POST   /api/surveys/:id/responses/batch                              collect offline batch sync, idempotent by client id
 *
 * Responses and results
 *   GET    /api/surveys/:id/responses                                    staff   responses with exclusion state
 *   POST   /api/surveys/:id/responses/:responseId/exclude                staff   exclude with a reason (audited)
 *   POST   /api/surveys/:id/responses/:responseId/restore                staff   undo an exclusion (audited)
 *   GET    /api/surveys/:id/indices                                      read    element/overall indices per unit, group, province
 *   GET    /api/surveys/:id/indices.xlsx | indices.pdf                   read    exports
 */

import { z } from 'zod';
import { DEMOGRAPHICS, FORMULA_KINDS, QUESTION_TYPES, SIPAS_ELEMENTS } from '../../domain/surveys/questionnaire.ts';

const Id = z.string().min(1).max(64);
const Uuid = z.uuid();
const IsoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');

// ---------------------------------------------------------------------------------------------------------------
// Questionnaire content (mirrors src/domain/surveys/questionnaire.ts; structural rules are checked there)

export const LangTextSchema = z
  .object({ vi: z.string().max(2000), en: z.string().max(2000) })
  .catchall(z.string().max(2000))
  .describe('Văn bản đa ngôn ngữ {vi, en, [mã ngôn ngữ]} / text by language');

const ShowIfSchema = z.strictObject({
  questionId: Id,
  equals: z.union([z.string(), z.number()]).optional(),
  in: z
    .array(z.union([z.string(), z.number()]))
    .max(50)
    .optional(),
});
const OptionSchema = z.strictObject({ value: z.string().min(1).max(64), label: LangTextSchema });
const base = {
  id: Id,
  text: LangTextSchema,
  help: LangTextSchema.optional(),
  required: z.boolean(),
  showIf: ShowIfSchema.optional(),
  demographic: z.enum(DEMOGRAPHICS).optional(),
};
export const QuestionSchema = z.discriminatedUnion('type', [
  z.strictObject({ ...base, type: z.literal('scale5') }),
  z.strictObject({ ...base, type: z.literal('single'), options: z.array(OptionSchema).max(50) }),
  z.strictObject({ ...base, type: z.literal('multi'), options: z.array(OptionSchema).max(50), maxSelected: z.number().int().min(1).optional() }),
  z.strictObject({ ...base, type: z.literal('number'), min: z.number(), max: z.number(), integer: z.boolean().optional() }),
  z.strictObject({ ...base, type: z.literal('text'), maxLength: z.number().int().min(1).max(4000) }),
]);
export const QUESTION_TYPE_ENUM = z.enum(QUESTION_TYPES);
export const SectionSchema = z.strictObject({
  id: Id,
  element: z.enum(SIPAS_ELEMENTS).nullable(),
  title: LangTextSchema,
  questions: z.array(QuestionSchema).max(200),
});
export const QuestionnaireContentSchema = z.strictObject({
  title: LangTextSchema,
  intro: LangTextSchema.optional(),
  languages: z
    .array(z.string().regex(/^[a-z]{2,3}$/))
    .min(2)
    .max(10),
  formula: z.strictObject({ kind: z.enum(FORMULA_KINDS) }),
  sections: z.array(SectionSchema).min(1).max(50),
  illustrative: z.boolean().optional(),
});

export const QuestionnaireCreateBody = z.strictObject({
  code: z.string().regex(/^[A-Za-z0-9_.-]{1,40}$/),
  kind: z.enum(['sipas', 'parSurvey']),
  content: QuestionnaireContentSchema,
});
export const QuestionnaireVersionBody = z.strictObject({ content: QuestionnaireContentSchema.optional() });

export const QuestionnaireVersionReply = z.object({
  id: z.string(),
  questionnaireId: z.string(),
  code: z.string(),
  kind: z.enum(['sipas', 'parSurvey']),
  version: z.number().int(),
  content: QuestionnaireContentSchema,
  /** true once a survey uses the version (then it can no longer change) */
  locked: z.boolean(),
  createdAt: z.string(),
});
export const QuestionnaireSummary = z.object({
  id: z.string(),
  code: z.string(),
  kind: z.enum(['sipas', 'parSurvey']),
  title: LangTextSchema,
  latestVersion: z.number().int(),
  latestVersionId: z.string(),
  illustrative: z.boolean(),
});
export const QuestionnaireListReply = z.object({ items: z.array(QuestionnaireSummary) });
export const QuestionnaireDetailReply = z.object({
  id: z.string(),
  code: z.string(),
  kind: z.enum(['sipas', 'parSurvey']),
  versions: z.array(QuestionnaireVersionReply),
});

// ---------------------------------------------------------------------------------------------------------------
// Surveys and their plan

export const SURVEY_KINDS = ['sipas', 'parSurvey'] as const;
export const SURVEY_STATUSES = ['draft', 'open', 'closed'] as const;
export const CHANNELS = ['link', 'kiosk', 'paper', 'offline'] as const;
export const STRATUM_DIMENSIONS = ['field', 'channel', 'sex', 'ageGroup'] as const;

export const QuotaSchema = z
  .strictObject({
    dimension: z.enum(STRATUM_DIMENSIONS),
    value: z.string().min(1).max(100),
    /** share of the unit's target, e.g. "0.5" */
    share: z.string().regex(/^(0(\.\d{1,4})?|1(\.0{1,4})?)$/),
  })
  .describe('Hạn ngạch theo tầng: lĩnh vực, kênh, giới tính, nhóm tuổi / quota by stratum');

export const PlanBody = z.strictObject({
  name: z.string().trim().min(1).max(300),
  periodFrom: IsoDay,
  periodTo: IsoDay.describe('ngày cuối của kỳ (bao gồm) / last day, inclusive'),
  units: z
    .array(z.strictObject({ unitId: Id, target: z.number().int().min(1).max(1_000_000), frameSize: z.number().int().min(0).optional() }))
    .min(1)
    .max(2000),
  quotas: z.array(QuotaSchema).max(200).default([]),
  parFeed: z
    .array(z.strictObject({ nodeCode: z.string().min(1).max(40), measure: z.string().min(1).max(64) }))
    .max(200)
    .default([])
    .describe(
      'Tiêu chí ĐTXHH của Chỉ số CCHC nhận điểm = điểm tối đa × chỉ số ("overall" hoặc một yếu tố). Để trống: với khảo sát XHH, mọi tiêu chí ĐTXHH nhận chỉ số chung / PAR survey leaves fed on close',
    ),
});
export const SurveyCreateBody = PlanBody.extend({
  kind: z.enum(SURVEY_KINDS),
  year: z.number().int().min(2000).max(2100),
  questionnaireVersionId: Id,
});

export const SurveyUnitReply = z.object({
  unitId: z.string(),
  unitCode: z.string(),
  unitName: z.string(),
  target: z.number().int(),
  frameSize: z.number().int().nullable(),
  drawn: z.number().int(),
  responded: z.number().int(),
});
export const SurveyReply = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(SURVEY_KINDS),
  year: z.number().int(),
  periodFrom: z.string(),
  periodTo: z.string(),
  status: z.enum(SURVEY_STATUSES),
  questionnaireVersionId: z.string(),
  questionnaireCode: z.string(),
  questionnaireVersion: z.number().int(),
  formula: z.object({ kind: z.enum(FORMULA_KINDS) }),
  quotas: z.array(QuotaSchema),
  parFeed: z.array(z.object({ nodeCode: z.string(), measure: z.string() })),
  illustrative: z.boolean(),
  sampleSeed: z.string().nullable(),
  units: z.array(SurveyUnitReply),
  responses: z.number().int(),
  excluded: z.number().int(),
  openedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
});
export const SurveyListReply = z.object({
  items: z.array(SurveyReply.omit({ units: true, quotas: true, parFeed: true })),
});

export const CloseReply = z.object({
  survey: SurveyReply,
  /** PAR leaves that received points from this survey */
  parFeed: z.array(
    z.object({
      cycleId: z.string(),
      unitId: z.string(),
      nodeCode: z.string(),
      points: z.string(),
      index: z.string(),
      n: z.number().int(),
    }),
  ),
  parFeedSkipped: z.array(z.object({ unitId: z.string(), nodeCode: z.string().nullable(), reason: z.string() })),
});

// ---------------------------------------------------------------------------------------------------------------
// Sampling

export const SampleBody = z.strictObject({
  seed: z.string().min(1).max(100).describe('hạt giống ngẫu nhiên; cùng hạt giống + cùng khung mẫu → cùng mẫu / seed'),
  baseUrl: z.url().optional().describe('gốc của đường dẫn khảo sát công khai, mặc định theo máy chủ / public base URL'),
});
export const SampleLink = z.object({
  sampleId: z.string(),
  unitId: z.string(),
  dossierCode: z.string().nullable(),
  token: z.string(),
  url: z.string().describe('đường dẫn dùng một lần, in thành mã QR / single-use link, QR-ready'),
});
export const SampleReply = z.object({
  seed: z.string(),
  frameSize: z.number().int(),
  drawn: z.number().int(),
  perUnit: z.array(z.object({ unitId: z.string(), frame: z.number().int(), target: z.number().int(), drawn: z.number().int() })),
  /** shown once: only hashes of the tokens are stored */
  links: z.array(SampleLink),
});
export const SampleListReply = z.object({
  items: z.array(
    z.object({
      sampleId: z.string(),
      unitId: z.string(),
      dossierCode: z.string().nullable(),
      field: z.string().nullable(),
      channel: z.string().nullable(),
      contact: z.string().nullable().describe('che một phần trừ cán bộ khảo sát / masked except for survey staff'),
      used: z.boolean(),
    }),
  ),
  contactsMasked: z.boolean(),
});

export const BoardReply = z.object({
  units: z.array(
    z.object({
      unitId: z.string(),
      unitCode: z.string(),
      unitName: z.string(),
      target: z.number().int(),
      drawn: z.number().int(),
      responded: z.number().int(),
      strata: z.array(
        z.object({
          dimension: z.enum(STRATUM_DIMENSIONS),
          value: z.string(),
          target: z.number().int().nullable(),
          drawn: z.number().int().nullable(),
          responded: z.number().int(),
        }),
      ),
    }),
  ),
});

// ---------------------------------------------------------------------------------------------------------------
// Collection

export const AnswerValueSchema = z.union([z.number(), z.string().max(4000), z.array(z.string().max(64)).max(50), z.null()]);
export const AnswersSchema = z.record(z.string().max(64), AnswerValueSchema);

export const PublicQuestionnaireReply = z.object({
  surveyName: z.string(),
  unitName: z.string(),
  lang: z.string(),
  questionnaire: QuestionnaireContentSchema,
});
export const PublicSubmitBody = z.strictObject({
  id: Uuid.optional().describe('mã do máy khách sinh ra; gửi lại cùng mã không tạo bản ghi thứ hai / client-generated id'),
  answers: AnswersSchema,
  lang: z.string().max(3).optional(),
});
export const SubmitAck = z.object({ id: z.string(), status: z.literal('accepted'), duplicate: z.boolean() });

export const KioskCreateBody = z.strictObject({ unitId: Id, label: z.string().trim().min(1).max(100) });
export const KioskCreateReply = z.object({ kioskId: z.string(), key: z.string(), url: z.string() });
export const KioskSubmitBody = PublicSubmitBody.extend({ dossierCode: z.string().trim().min(1).max(100) });

export const PaperBody = z.strictObject({
  unitId: Id,
  formNumber: z.string().trim().min(1).max(50).describe('số phiếu giấy / paper form number'),
  answers: AnswersSchema,
  doubleEntry: z.boolean().default(false),
  dossierCode: z.string().trim().min(1).max(100).optional(),
});
export const PaperReply = z.object({
  status: z.enum(['stored', 'awaitingSecondKeying', 'mismatch']),
  responseId: z.string().nullable(),
  mismatches: z.array(z.object({ questionId: z.string(), first: z.unknown(), second: z.unknown() })),
});

export const BatchBody = z.strictObject({
  responses: z
    .array(
      z.strictObject({
        id: Uuid,
        unitId: Id,
        answers: AnswersSchema,
        collectedAt: z.iso.datetime({ offset: true }).optional(),
        dossierCode: z.string().trim().min(1).max(100).optional(),
      }),
    )
    .min(1)
    .max(500),
});
export const BatchAck = z.object({
  id: z.string(),
  status: z.enum(['accepted', 'rejected']),
  errors: z.array(z.object({ questionId: z.string(), code: z.string(), message: z.string(), messageEn: z.string() })).optional(),
  reason: z.string().optional(),
});
export const BatchReply = z.object({ acks: z.array(BatchAck) });

// ---------------------------------------------------------------------------------------------------------------
// Responses and indices

export const ResponseListReply = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      unitId: z.string(),
      channel: z.enum(CHANNELS),
      dossierCode: z.string().nullable(),
      answers: z.record(z.string(), z.unknown()),
      submittedAt: z.string(),
      excluded: z.boolean(),
      excludedReason: z.string().nullable(),
      excludedBy: z.string().nullable(),
    }),
  ),
  total: z.number().int(),
});
export const ExcludeBody = z.strictObject({ reason: z.string().trim().min(3).max(1000) });

const IndexCell = z.object({
  /** index in %, exact text rounded half-up to 2 decimals; null when there is no valid answer */
  value: z.string().nullable(),
  /** number of valid answers (or respondents) behind the value */
  n: z.number().int(),
  /** 95 % margin of error in percentage points, 2 decimals; null when not computable */
  marginOfError: z.string().nullable(),
});
const IndexRow = z.object({
  key: z.string(),
  name: z.string(),
  respondents: z.number().int(),
  frameSize: z.number().int().nullable(),
  elements: z.record(z.string(), IndexCell),
  overall: IndexCell,
  rank: z.number().int().nullable(),
  previous: z.string().nullable().describe('chỉ số năm trước cùng loại / last year'),
  change: z.string().nullable(),
});
export const IndicesReply = z.object({
  surveyId: z.string(),
  formula: z.enum(FORMULA_KINDS),
  provisional: z.boolean(),
  provisionalNote: z.string(),
  elements: z.array(z.string()),
  previousSurveyId: z.string().nullable(),
  province: IndexRow,
  groups: z.array(IndexRow),
  units: z.array(IndexRow),
});
