import { z } from 'zod';
import { DATA_INDICATORS } from '../../domain/par/dataIndicators.ts';
import { AppError } from '../../server/errors.ts';
import { type App, authorize, ctx } from '../../server/http.ts';
import { assessmentView, leafHistory } from './assessment-view.ts';
import { advanceStage, createCycle, cycleBoard, remindLateUnits, setAppraisers } from './cycles.ts';
import { feedDataLeaves } from './data-feed.ts';
import { EVIDENCE_MAX_BYTES, readEvidence, removeEvidence, uploadEvidence } from './evidence.ts';
import {
  compareFrameworks,
  copyFramework,
  deleteFramework,
  exportFramework,
  getFramework,
  importFramework,
  listFrameworks,
  replaceFramework,
  updateFrameworkSettings,
} from './frameworks.ts';
import { ComputeBody, computeEndpoint, cycleResults, exportResultsWorkbook, publishCycle, reopenAssessment } from './results.ts';
import { groupTrends } from './trends.ts';
import {
  appraiseLeaf,
  completeAppraisal,
  completeReappraisal,
  explainLeaf,
  finaliseAssessment,
  reappraiseLeaf,
  returnAssessment,
  selfScore,
  setDerivedPoints,
  submitAssessment,
  submitExplanation,
  visibleUnitIds,
} from './workflow.ts';

const Id = z.strictObject({ id: z.uuid() });
const Leaf = z.strictObject({ id: z.uuid(), code: z.string().min(1).max(32) });
const Points = z.union([z.string().regex(/^-?\d+([.,]\d+)?$/), z.number()]);
const Day = z.iso.date().nullable().default(null);
/** Which frameworks and cycles: the PAR Index (default) or the evaluation of heads of agencies. */
const PurposeQuery = z.strictObject({ purpose: z.enum(['parIndex', 'headEvaluation']).default('parIndex') });
const xlsx = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export async function parRoutes(app: App) {
  const tags = ['par'];

  // Frameworks (Bộ chỉ số)
  app.get('/api/par/frameworks', { schema: { tags, querystring: PurposeQuery } }, async (req) => ({
    items: await listFrameworks(ctx(req), req.query.purpose),
  }));
  app.get('/api/par/frameworks/:id', { schema: { tags, params: Id } }, async (req) => ({ framework: await getFramework(ctx(req), req.params.id) }));
  app.get('/api/par/frameworks/:id/export.xlsx', { schema: { tags, params: Id } }, async (req, reply) => {
    const f = await exportFramework(ctx(req), req.params.id);
    return reply.type(xlsx).header('content-disposition', `attachment; filename="${f.name}"`).send(f.buffer);
  });
  app.post('/api/par/frameworks/import', { schema: { tags, querystring: PurposeQuery, consumes: ['multipart/form-data'] } }, async (req, reply) => {
    const c = ctx(req);
    if (!req.isMultipart()) throw new AppError('unsupported_media_type', { status: 415 });
    const file = await req.file();
    if (!file) throw new AppError('file_missing', { status: 422 });
    const buf = await file.toBuffer();
    if (file.file.truncated) throw new AppError('body_too_large', { status: 413 });
    return reply.status(201).send({ framework: await importFramework(c, buf, req.query.purpose) });
  });
  app.patch(
    '/api/par/frameworks/:id',
    {
      schema: {
        tags,
        params: Id,
        body: z.strictObject({
          indexDenominator: z
            .string()
            .regex(/^\d+(\.\d{1,2})?$/)
            .nullable()
            .optional(),
          withoutSurvey: z.enum(['rescale', 'keepDenominator']).optional(),
          classes: z
            .array(z.strictObject({ name: z.string().trim().min(1).max(100), minIndex: z.string().regex(/^\d+(\.\d{1,2})?$/) }))
            .max(20)
            .optional(),
        }),
      },
    },
    async (req) => ({ framework: await updateFrameworkSettings(ctx(req), req.params.id, req.body) }),
  );
  app.delete('/api/par/frameworks/:id', { schema: { tags, params: Id } }, async (req, reply) => {
    await deleteFramework(ctx(req), req.params.id);
    return reply.status(204).send();
  });
  app.post('/api/par/frameworks/:id/import', { schema: { tags, params: Id, consumes: ['multipart/form-data'] } }, async (req) => {
    const c = ctx(req);
    if (!req.isMultipart()) throw new AppError('unsupported_media_type', { status: 415 });
    const file = await req.file();
    if (!file) throw new AppError('file_missing', { status: 422 });
    const buf = await file.toBuffer();
    if (file.file.truncated) throw new AppError('body_too_large', { status: 413 });
    return { framework: await replaceFramework(c, req.params.id, buf) };
  });
  app.post(
    '/api/par/frameworks/:id/copy',
    { schema: { tags, params: Id, body: z.strictObject({ year: z.number().int().min(2000).max(2100), name: z.string().trim().min(1).max(200) }) } },
    async (req, reply) => reply.status(201).send({ framework: await copyFramework(ctx(req), req.params.id, req.body) }),
  );
  app.get('/api/par/frameworks/:id/diff', { schema: { tags, params: Id, querystring: z.strictObject({ against: z.uuid() }) } }, async (req) =>
    compareFrameworks(ctx(req), req.params.id, req.query.against),
  );

  // Cycles (kỳ đánh giá)
  app.get('/api/par/cycles', { schema: { tags, querystring: PurposeQuery } }, async (req) => {
    const c = ctx(req);
    authorize(c, 'par.read');
    const visible = await visibleUnitIds(c);
    const mine =
      visible === 'all'
        ? []
        : visible.length
          ? await c.db.selectFrom('par_assessments').select(['cycle_id', 'id', 'unit_id']).where('unit_id', 'in', visible).execute()
          : [];
    const rows = await c.db
      .selectFrom('par_cycles as c')
      .innerJoin('par_frameworks as f', 'f.id', 'c.framework_id')
      .select(['c.id', 'c.name', 'c.year', 'c.stage', 'c.survey_included', 'c.self_deadline', 'f.group_code', 'f.name as framework_name', 'c.framework_id'])
      .select('f.purpose')
      .where('f.purpose', '=', req.query.purpose)
      .orderBy('c.year', 'desc')
      .orderBy('f.group_code')
      .execute();
    return {
      items: rows
        .filter((r) => visible === 'all' || mine.some((m) => m.cycle_id === r.id))
        .map((r) => ({
          myAssessmentId: mine.filter((m) => m.cycle_id === r.id).length === 1 ? mine.find((m) => m.cycle_id === r.id)!.id : null,
          id: r.id,
          name: r.name,
          year: r.year,
          stage: r.stage,
          surveyIncluded: r.survey_included,
          selfDeadline: r.self_deadline,
          groupCode: r.group_code,
          frameworkId: r.framework_id,
          frameworkName: r.framework_name,
          purpose: r.purpose,
        })),
    };
  });
  app.post(
    '/api/par/cycles',
    {
      schema: {
        tags,
        body: z.strictObject({
          frameworkId: z.uuid(),
          name: z.string().trim().min(1).max(200),
          surveyIncluded: z.boolean().default(true),
          selfDeadline: Day,
          appraisalDeadline: Day,
          explanationDeadline: Day,
          councilDeadline: Day,
        }),
      },
    },
    async (req, reply) => reply.status(201).send({ cycle: await createCycle(ctx(req), req.body) }),
  );
  app.get('/api/par/cycles/:id/board', { schema: { tags, params: Id } }, async (req) => cycleBoard(ctx(req), req.params.id));
  app.post('/api/par/cycles/:id/remind', { schema: { tags, params: Id } }, async (req) => remindLateUnits(ctx(req), req.params.id));
  app.post('/api/par/cycles/:id/advance', { schema: { tags, params: Id } }, async (req) => ({ cycle: await advanceStage(ctx(req), req.params.id) }));
  app.put(
    '/api/par/cycles/:id/appraisers',
    {
      schema: {
        tags,
        params: Id,
        body: z.strictObject({
          assignments: z
            .array(z.strictObject({ userId: z.uuid(), unitId: z.uuid().nullable().default(null), areaCode: z.string().max(32).nullable().default(null) }))
            .max(2000),
        }),
      },
    },
    async (req, reply) => {
      await setAppraisers(ctx(req), req.params.id, req.body.assignments);
      return reply.status(204).send();
    },
  );
  app.post('/api/par/cycles/:id/data-feed', { schema: { tags, params: Id } }, async (req) => feedDataLeaves(ctx(req), req.params.id));
  app.get('/api/par/data-indicators', { schema: { tags } }, async (req) => {
    authorize(ctx(req), 'par.read');
    return { items: Object.values(DATA_INDICATORS) };
  });
  app.post('/api/par/cycles/:id/publish', { schema: { tags, params: Id } }, async (req) => publishCycle(ctx(req), req.params.id));
  app.get('/api/par/cycles/:id/results', { schema: { tags, params: Id } }, async (req) => cycleResults(ctx(req), req.params.id));
  app.get('/api/par/cycles/:id/results.xlsx', { schema: { tags, params: Id } }, async (req, reply) => {
    const f = await exportResultsWorkbook(ctx(req), req.params.id);
    return reply.type(xlsx).header('content-disposition', `attachment; filename="${f.name}"`).send(f.buffer);
  });

  app.get('/api/par/trends', { schema: { tags, querystring: z.strictObject({ group: z.string().regex(/^[a-z0-9_]{1,32}$/) }) } }, async (req) =>
    groupTrends(ctx(req), req.query.group),
  );

  // One unit's assessment
  app.get('/api/par/assessments/:id', { schema: { tags, params: Id } }, async (req) => assessmentView(ctx(req), req.params.id));
  app.get('/api/par/assessments/:id/leaves/:code/history', { schema: { tags, params: Leaf } }, async (req) => ({
    items: await leafHistory(ctx(req), req.params.id, req.params.code),
  }));
  app.put(
    '/api/par/assessments/:id/leaves/:code/self',
    {
      schema: {
        tags,
        params: Leaf,
        body: z.strictObject({
          points: Points.optional(),
          input: z.record(z.string(), z.unknown()).optional(),
          note: z.string().max(4000).nullable().optional(),
          version: z.number().int().min(1),
        }),
      },
    },
    async (req) => ({ score: await selfScore(ctx(req), req.params.id, req.params.code, req.body) }),
  );
  app.post('/api/par/assessments/:id/submit', { schema: { tags, params: Id } }, async (req, reply) => {
    await submitAssessment(ctx(req), req.params.id);
    return reply.status(204).send();
  });
  app.put(
    '/api/par/assessments/:id/leaves/:code/appraisal',
    {
      schema: {
        tags,
        params: Leaf,
        body: z.strictObject({ points: Points, reason: z.string().max(4000).nullable().optional(), version: z.number().int().min(1) }),
      },
    },
    async (req) => ({ score: await appraiseLeaf(ctx(req), req.params.id, req.params.code, req.body) }),
  );
  app.post(
    '/api/par/assessments/:id/return',
    { schema: { tags, params: Id, body: z.strictObject({ reason: z.string().trim().min(1).max(4000) }) } },
    async (req, reply) => {
      await returnAssessment(ctx(req), req.params.id, req.body.reason);
      return reply.status(204).send();
    },
  );
  app.post('/api/par/assessments/:id/appraised', { schema: { tags, params: Id } }, async (req, reply) => {
    await completeAppraisal(ctx(req), req.params.id);
    return reply.status(204).send();
  });
  app.put(
    '/api/par/assessments/:id/leaves/:code/explanation',
    {
      schema: {
        tags,
        params: Leaf,
        body: z.strictObject({ status: z.enum(['accepted', 'disputed']), text: z.string().max(4000).nullable().optional(), version: z.number().int().min(1) }),
      },
    },
    async (req) => ({ score: await explainLeaf(ctx(req), req.params.id, req.params.code, req.body) }),
  );
  app.post('/api/par/assessments/:id/explained', { schema: { tags, params: Id } }, async (req, reply) => {
    await submitExplanation(ctx(req), req.params.id);
    return reply.status(204).send();
  });
  app.put(
    '/api/par/assessments/:id/leaves/:code/reappraisal',
    { schema: { tags, params: Leaf, body: z.strictObject({ points: Points, reason: z.string().trim().min(1).max(4000), version: z.number().int().min(1) }) } },
    async (req) => ({ score: await reappraiseLeaf(ctx(req), req.params.id, req.params.code, req.body) }),
  );
  app.put(
    '/api/par/assessments/:id/leaves/:code/derived',
    { schema: { tags, params: Leaf, body: z.strictObject({ points: Points, source: z.string().trim().min(1).max(500), version: z.number().int().min(1) }) } },
    async (req) => ({ score: await setDerivedPoints(ctx(req), req.params.id, req.params.code, req.body) }),
  );
  app.post('/api/par/assessments/:id/reappraised', { schema: { tags, params: Id } }, async (req, reply) => {
    await completeReappraisal(ctx(req), req.params.id);
    return reply.status(204).send();
  });
  app.post('/api/par/assessments/:id/finalise', { schema: { tags, params: Id } }, async (req, reply) => {
    await finaliseAssessment(ctx(req), req.params.id);
    return reply.status(204).send();
  });
  app.post(
    '/api/par/assessments/:id/reopen',
    { schema: { tags, params: Id, body: z.strictObject({ reason: z.string().trim().min(1).max(4000) }) } },
    async (req, reply) => {
      await reopenAssessment(ctx(req), req.params.id, req.body.reason);
      return reply.status(204).send();
    },
  );

  // Evidence (tài liệu kiểm chứng)
  app.post('/api/par/assessments/:id/leaves/:code/evidence', { schema: { tags, params: Leaf, consumes: ['multipart/form-data'] } }, async (req, reply) => {
    const c = ctx(req);
    if (!req.isMultipart()) throw new AppError('unsupported_media_type', { status: 415 });
    const file = await req.file({ limits: { fileSize: EVIDENCE_MAX_BYTES } });
    if (!file) throw new AppError('file_missing', { status: 422 });
    const bytes = await file.toBuffer();
    return reply
      .status(201)
      .send({ evidence: await uploadEvidence(c, req.params.id, req.params.code, { name: file.filename, bytes, truncated: file.file.truncated }) });
  });
  app.get(
    '/api/par/evidence/:id',
    { schema: { tags, params: Id, querystring: z.strictObject({ download: z.enum(['0', '1']).optional() }) } },
    async (req, reply) => {
      const f = await readEvidence(ctx(req), req.params.id);
      const disposition = req.query.download === '1' ? 'attachment' : 'inline';
      return reply
        .type(f.mime)
        .header('content-disposition', `${disposition}; filename*=UTF-8''${encodeURIComponent(f.name)}`)
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox")
        .send(f.bytes);
    },
  );
  app.delete('/api/par/evidence/:id', { schema: { tags, params: Id } }, async (req, reply) => {
    await removeEvidence(ctx(req), req.params.id);
    return reply.status(204).send();
  });

  // What-if: stateless computation, writes nothing.
  app.post(
    '/api/par/compute',
    { schema: { tags, body: ComputeBody, description: 'Tính tổng điểm, chỉ số, xếp hạng, xếp loại (không ghi dữ liệu) / stateless what-if computation' } },
    async (req) => {
      ctx(req);
      return computeEndpoint(req.body);
    },
  );
}
