import { z } from 'zod';
import { requestLang } from '../../server/errors.ts';
import { type App, ctx, type FastifyRequest } from '../../server/http.ts';
import { attachment } from '../par/exports/format.ts';
import { createKiosk, keyPaperForm, publicQuestionnaireByKiosk, publicQuestionnaireByToken, submitByKiosk, submitByToken, syncBatch } from './collect.ts';
import { indicesPdf, indicesWorkbook } from './exports.ts';
import { createQuestionnaire, getQuestionnaire, listQuestionnaires, newVersion, replaceVersion } from './questionnaires.ts';
import { IpRateLimiter } from './rate-limit.ts';
import { indicesReport, listResponses, setExcluded } from './results.ts';
import { drawSample, listSample, quotaBoard, setSampleContact } from './sample.ts';
import {
  BatchBody,
  BatchReply,
  BoardReply,
  CloseReply,
  ExcludeBody,
  IndicesReply,
  KioskCreateBody,
  KioskCreateReply,
  KioskSubmitBody,
  PaperBody,
  PaperReply,
  PlanBody,
  PublicQuestionnaireReply,
  PublicSubmitBody,
  QuestionnaireContentSchema,
  QuestionnaireCreateBody,
  QuestionnaireDetailReply,
  QuestionnaireListReply,
  QuestionnaireVersionBody,
  ResponseListReply,
  SampleBody,
  SampleListReply,
  SampleReply,
  SubmitAck,
  SurveyCreateBody,
  SurveyListReply,
  SurveyReply,
} from './schemas.ts';
import { closeSurvey, createSurvey, listSurveys, openSurvey, surveyDetail, updatePlan } from './surveys.ts';

const Id = z.strictObject({ id: z.uuid() });
const xlsx = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** Largest public submission accepted (answers of one questionnaire are a few kilobytes). */
export const PUBLIC_BODY_LIMIT = 32 * 1024;

export interface SurveyRouteOptions {
  /** Public endpoints: requests per IP per window (default 120 per minute). */
  publicRateLimit?: { max: number; windowMs: number };
}

const baseUrlOf = (req: FastifyRequest, given?: string) => given ?? `${req.protocol}://${req.host}`;
const LangQuery = z.strictObject({
  lang: z
    .string()
    .regex(/^[a-z]{2,3}$/)
    .optional(),
});

/** Surveys: SIPAS and the PAR sociological survey (route list in schemas.ts). */
export async function surveyRoutes(app: App, opts: SurveyRouteOptions) {
  const tags = ['surveys'];
  const limiter = new IpRateLimiter(opts.publicRateLimit?.max ?? 120, opts.publicRateLimit?.windowMs ?? 60_000);
  const limit = (req: FastifyRequest) => limiter.hit(req.ip ?? 'unknown', Date.now());

  // --- questionnaires
  app.get('/api/surveys/questionnaires', { schema: { tags, response: { 200: QuestionnaireListReply } } }, async (req) => listQuestionnaires(ctx(req)));
  app.post('/api/surveys/questionnaires', { schema: { tags, body: QuestionnaireCreateBody } }, async (req, reply) =>
    reply.status(201).send(await createQuestionnaire(ctx(req), req.body)),
  );
  app.get('/api/surveys/questionnaires/:id', { schema: { tags, params: Id, response: { 200: QuestionnaireDetailReply } } }, async (req) =>
    getQuestionnaire(ctx(req), req.params.id),
  );
  app.post('/api/surveys/questionnaires/:id/versions', { schema: { tags, params: Id, body: QuestionnaireVersionBody } }, async (req, reply) =>
    reply.status(201).send(await newVersion(ctx(req), req.params.id, req.body.content)),
  );
  app.put(
    '/api/surveys/questionnaires/:id/versions/:version',
    {
      schema: {
        tags,
        params: z.strictObject({ id: z.uuid(), version: z.coerce.number().int().min(1) }),
        body: z.strictObject({ content: QuestionnaireContentSchema }),
      },
    },
    async (req) => replaceVersion(ctx(req), req.params.id, req.params.version, req.body.content),
  );

  // --- surveys
  app.get('/api/surveys', { schema: { tags, response: { 200: SurveyListReply } } }, async (req) => listSurveys(ctx(req)));
  app.post('/api/surveys', { schema: { tags, body: SurveyCreateBody, response: { 201: SurveyReply } } }, async (req, reply) =>
    reply.status(201).send(await createSurvey(ctx(req), req.body)),
  );
  app.get('/api/surveys/:id', { schema: { tags, params: Id, response: { 200: SurveyReply } } }, async (req) => surveyDetail(ctx(req), req.params.id));
  app.put('/api/surveys/:id/plan', { schema: { tags, params: Id, body: PlanBody, response: { 200: SurveyReply } } }, async (req) =>
    updatePlan(ctx(req), req.params.id, req.body),
  );
  app.post('/api/surveys/:id/open', { schema: { tags, params: Id, response: { 200: SurveyReply } } }, async (req) => openSurvey(ctx(req), req.params.id));
  app.post(
    '/api/surveys/:id/close',
    { schema: { tags, params: Id, response: { 200: CloseReply }, description: 'Đóng khảo sát và cấp điểm các tiêu chí ĐTXHH của Chỉ số CCHC' } },
    async (req) => closeSurvey(ctx(req), req.params.id),
  );

  // --- sampling
  app.post(
    '/api/surveys/:id/sample',
    {
      schema: {
        tags,
        params: Id,
        body: SampleBody,
        response: { 200: SampleReply },
        description: 'Rút mẫu phân tầng có hạt giống; đường dẫn chỉ trả về một lần',
      },
    },
    async (req, reply) =>
      reply
        .header('cache-control', 'no-store')
        .send(await drawSample(ctx(req), req.params.id, { seed: req.body.seed, baseUrl: baseUrlOf(req, req.body.baseUrl) })),
  );
  app.get('/api/surveys/:id/sample', { schema: { tags, params: Id, response: { 200: SampleListReply } } }, async (req) => listSample(ctx(req), req.params.id));
  app.put(
    '/api/surveys/:id/sample/:sampleId/contact',
    {
      schema: {
        tags,
        params: z.strictObject({ id: z.uuid(), sampleId: z.uuid() }),
        body: z.strictObject({ contact: z.string().trim().min(1).max(200).nullable() }),
        description: 'Ghi liên hệ của người được chọn mẫu (chỉ cán bộ khảo sát) / set a sampled respondent contact',
      },
    },
    async (req) => setSampleContact(ctx(req), req.params.id, req.params.sampleId, req.body.contact),
  );
  app.get('/api/surveys/:id/board', { schema: { tags, params: Id, response: { 200: BoardReply } } }, async (req) => quotaBoard(ctx(req), req.params.id));

  // --- collection: public link and kiosk (no account; rate-limited per IP; small bodies)
  app.get(
    '/api/public/surveys/t/:token',
    { schema: { tags, params: z.strictObject({ token: z.string().min(10).max(100) }), querystring: LangQuery, response: { 200: PublicQuestionnaireReply } } },
    async (req, reply) => {
      limit(req);
      return reply
        .header('cache-control', 'no-store')
        .send(await publicQuestionnaireByToken(app.deps.db, req.params.token, req.query.lang ?? requestLang(req)));
    },
  );
  app.post(
    '/api/public/surveys/t/:token/responses',
    {
      bodyLimit: PUBLIC_BODY_LIMIT,
      // the limiter runs before the body is validated, so a flood of bad bodies is refused too
      onRequest: async (req) => limit(req),
      schema: { tags, params: z.strictObject({ token: z.string().min(10).max(100) }), body: PublicSubmitBody, response: { 200: SubmitAck } },
    },
    async (req) => submitByToken(app.deps.db, app.deps.clock.now(), req.params.token, req.body),
  );
  app.get(
    '/api/public/surveys/kiosk/:key',
    { schema: { tags, params: z.strictObject({ key: z.string().min(10).max(100) }), querystring: LangQuery, response: { 200: PublicQuestionnaireReply } } },
    async (req, reply) => {
      limit(req);
      return reply.header('cache-control', 'no-store').send(await publicQuestionnaireByKiosk(app.deps.db, req.params.key, req.query.lang ?? requestLang(req)));
    },
  );
  app.post(
    '/api/public/surveys/kiosk/:key/responses',
    {
      bodyLimit: PUBLIC_BODY_LIMIT,
      onRequest: async (req) => limit(req),
      schema: { tags, params: z.strictObject({ key: z.string().min(10).max(100) }), body: KioskSubmitBody, response: { 200: SubmitAck } },
    },
    async (req) => submitByKiosk(app.deps.db, app.deps.clock.now(), req.params.key, req.body),
  );

  // --- collection by staff
  app.post('/api/surveys/:id/kiosks', { schema: { tags, params: Id, body: KioskCreateBody, response: { 201: KioskCreateReply } } }, async (req, reply) =>
    reply.status(201).send(await createKiosk(ctx(req), req.params.id, { ...req.body, baseUrl: baseUrlOf(req) })),
  );
  app.post('/api/surveys/:id/paper', { schema: { tags, params: Id, body: PaperBody, response: { 200: PaperReply } } }, async (req) =>
    keyPaperForm(ctx(req), req.params.id, req.body),
  );
  app.post(
    '/api/surveys/:id/responses/batch',
    {
      schema: {
        tags,
        params: Id,
        body: BatchBody,
        response: { 200: BatchReply },
        description: 'Đồng bộ phiếu nhập ngoại tuyến; gửi lại cùng lô không tạo bản ghi trùng',
      },
    },
    async (req) => syncBatch(ctx(req), req.params.id, req.body),
  );

  // --- responses and results
  app.get(
    '/api/surveys/:id/responses',
    {
      schema: {
        tags,
        params: Id,
        querystring: z.strictObject({ limit: z.coerce.number().int().min(1).max(500).default(100), offset: z.coerce.number().int().min(0).default(0) }),
        response: { 200: ResponseListReply },
      },
    },
    async (req) => listResponses(ctx(req), req.params.id, req.query),
  );
  const ResponseParams = z.strictObject({ id: z.uuid(), responseId: z.uuid() });
  app.post('/api/surveys/:id/responses/:responseId/exclude', { schema: { tags, params: ResponseParams, body: ExcludeBody } }, async (req) =>
    setExcluded(ctx(req), req.params.id, req.params.responseId, true, req.body.reason),
  );
  app.post('/api/surveys/:id/responses/:responseId/restore', { schema: { tags, params: ResponseParams, body: ExcludeBody } }, async (req) =>
    setExcluded(ctx(req), req.params.id, req.params.responseId, false, req.body.reason),
  );
  app.get('/api/surveys/:id/indices', { schema: { tags, params: Id, response: { 200: IndicesReply } } }, async (req) => indicesReport(ctx(req), req.params.id));
  app.get('/api/surveys/:id/indices.xlsx', { schema: { tags, params: Id } }, async (req, reply) => {
    const f = await indicesWorkbook(ctx(req), req.params.id);
    return reply.type(xlsx).header('content-disposition', attachment(f.fileName)).header('cache-control', 'no-store').send(f.buffer);
  });
  app.get('/api/surveys/:id/indices.pdf', { schema: { tags, params: Id } }, async (req, reply) => {
    const f = await indicesPdf(ctx(req), req.params.id);
    return reply.type('application/pdf').header('content-disposition', attachment(f.fileName)).header('cache-control', 'no-store').send(f.buffer);
  });
}
