import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../server/errors.ts';
import { type App, ctx } from '../../server/http.ts';
import { mailConfigFromEnv, smtpMailer } from '../mail/mailer.ts';
import { EVIDENCE_MAX_BYTES } from '../par/evidence.ts';
import { createCampaign, getCampaign, listCampaigns, recordTargetValue } from './campaigns.ts';
import { dashboard, dashboardWorkbook } from './dashboard.ts';
import { addFinding, createInspectionPlan, getInspectionPlan, inspectionCoverage, listInspectionPlans, recordInspection } from './inspections.ts';
import { addAttachment, createPlan, deletePlan, getPlan, listPlans, readFile, removeAttachment, updatePlan } from './plans.ts';
import { quarterlyReportPdf } from './quarterly-report.ts';
import { draftRemedialPlan, openRemedialTasks } from './remedial.ts';
import { listJobs, runRemindersNow } from './reminders.ts';
import { addReportEvidence, overdueBoard, reportHistory, reportProgress, unitInbox } from './reports.ts';
import {
  AttachmentOut,
  CampaignBody,
  CampaignOut,
  CampaignQuery,
  CampaignSummaryOut,
  DashboardOut,
  DashboardQuery,
  FindingBody,
  FindingOut,
  Id,
  InboxOut,
  InboxQuery,
  InspectionPatch,
  InspectionPlanBody,
  InspectionPlanOut,
  InspectionPlanSummaryOut,
  OverdueOut,
  OverdueQuery,
  PlanBody,
  PlanListQuery,
  PlanOut,
  PlanPatch,
  PlanSummaryOut,
  RemedialBody,
  RemedialTaskOut,
  RemedialTasksQuery,
  ReminderJobOut,
  RemindersQuery,
  ReportBody,
  ReportOut,
  RunRemindersOut,
  TargetValueBody,
  TaskBody,
  TaskOut,
  TaskPatch,
  YearCoverageOut,
  YearQuery,
} from './schemas.ts';
import { addSubtask, addTask, deleteTask, exportTasks, importTasks, updateTask } from './tasks.ts';

const tags = ['plans'];
/** An Excel task table is small; the server's multipart limit is 10 MB. */
const TABLE_MAX_BYTES = 10 * 1024 * 1024;

/** One uploaded file of a multipart request. */
export async function uploadedFile(req: FastifyRequest, maxBytes: number) {
  if (!req.isMultipart()) throw new AppError('unsupported_media_type', { status: 415 });
  const file = await req.file({ limits: { fileSize: maxBytes } });
  if (!file) throw new AppError('file_missing', { status: 422 });
  const bytes = await file.toBuffer();
  return { name: file.filename, bytes, truncated: file.file.truncated };
}

function sendFile(reply: import('fastify').FastifyReply, f: { name: string; mime: string; bytes: Buffer }, download: boolean) {
  return reply
    .type(f.mime)
    .header('content-disposition', `${download ? 'attachment' : 'inline'}; filename*=UTF-8''${encodeURIComponent(f.name)}`)
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox")
    .send(f.bytes);
}
const Download = z.strictObject({ download: z.enum(['0', '1']).optional() });

export async function planRoutes(app: App) {
  // Mail settings come from the environment (CCHC_SMTP_URL, CCHC_MAIL_FROM); without them reminders are in-app only.
  const mailCfg = mailConfigFromEnv();
  const mailer = mailCfg ? smtpMailer(mailCfg) : null;
  app.addHook('onClose', async () => mailer?.close());

  // Plans
  app.get('/api/plans', { schema: { tags, querystring: PlanListQuery, response: { 200: z.object({ items: z.array(PlanSummaryOut) }) } } }, async (req) => ({
    items: await listPlans(ctx(req), req.query),
  }));
  app.post('/api/plans', { schema: { tags, body: PlanBody, response: { 201: z.object({ plan: PlanOut }) } } }, async (req, reply) =>
    reply.status(201).send({ plan: await createPlan(ctx(req), req.body) }),
  );
  app.get('/api/plans/:id', { schema: { tags, params: Id, response: { 200: z.object({ plan: PlanOut }) } } }, async (req) => ({
    plan: await getPlan(ctx(req), req.params.id),
  }));
  app.patch('/api/plans/:id', { schema: { tags, params: Id, body: PlanPatch, response: { 200: z.object({ plan: PlanOut }) } } }, async (req) => ({
    plan: await updatePlan(ctx(req), req.params.id, req.body),
  }));
  app.delete('/api/plans/:id', { schema: { tags, params: Id } }, async (req, reply) => {
    await deletePlan(ctx(req), req.params.id);
    return reply.status(204).send();
  });
  app.post(
    '/api/plans/:id/attachments',
    { schema: { tags, params: Id, consumes: ['multipart/form-data'], response: { 201: z.object({ attachment: AttachmentOut }) } } },
    async (req, reply) => {
      const c = ctx(req);
      const f = await uploadedFile(req, EVIDENCE_MAX_BYTES);
      return reply.status(201).send({ attachment: await addAttachment(c, req.params.id, f) });
    },
  );
  app.get('/api/plans/attachments/:id', { schema: { tags, params: Id, querystring: Download } }, async (req, reply) =>
    sendFile(reply, await readFile(ctx(req), 'attachment', req.params.id), req.query.download === '1'),
  );
  app.delete('/api/plans/attachments/:id', { schema: { tags, params: Id } }, async (req, reply) => {
    await removeAttachment(ctx(req), req.params.id);
    return reply.status(204).send();
  });

  // Tasks
  app.post('/api/plans/:id/tasks', { schema: { tags, params: Id, body: TaskBody, response: { 201: z.object({ task: TaskOut }) } } }, async (req, reply) =>
    reply.status(201).send({ task: await addTask(ctx(req), req.params.id, req.body) }),
  );
  app.patch('/api/plans/tasks/:id', { schema: { tags, params: Id, body: TaskPatch, response: { 200: z.object({ task: TaskOut }) } } }, async (req) => ({
    task: await updateTask(ctx(req), req.params.id, req.body),
  }));
  app.delete('/api/plans/tasks/:id', { schema: { tags, params: Id } }, async (req, reply) => {
    await deleteTask(ctx(req), req.params.id);
    return reply.status(204).send();
  });
  app.post(
    '/api/plans/tasks/:id/subtasks',
    { schema: { tags, params: Id, body: TaskBody, response: { 201: z.object({ task: TaskOut }) } } },
    async (req, reply) => reply.status(201).send({ task: await addSubtask(ctx(req), req.params.id, req.body) }),
  );

  // Excel task table
  const xlsx = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
  app.post(
    '/api/plans/:id/import',
    { schema: { tags, params: Id, consumes: ['multipart/form-data'], response: { 200: z.object({ plan: PlanOut }) } } },
    async (req) => {
      const c = ctx(req);
      const f = await uploadedFile(req, TABLE_MAX_BYTES);
      if (f.truncated) throw new AppError('body_too_large', { status: 413 });
      await importTasks(c, req.params.id, f.bytes);
      return { plan: await getPlan(c, req.params.id) };
    },
  );
  app.get('/api/plans/:id/export.xlsx', { schema: { tags, params: Id } }, async (req, reply) => {
    const f = await exportTasks(ctx(req), req.params.id);
    return reply.type(xlsx).header('content-disposition', `attachment; filename="${f.name}"`).send(f.buffer);
  });
  app.get('/api/plans/template.xlsx', { schema: { tags } }, async (req, reply) => {
    const f = await exportTasks(ctx(req), null);
    return reply.type(xlsx).header('content-disposition', `attachment; filename="${f.name}"`).send(f.buffer);
  });

  // Inbox and progress reports
  app.get('/api/plans/inbox', { schema: { tags, querystring: InboxQuery, response: { 200: InboxOut } } }, async (req) =>
    unitInbox(ctx(req), req.query.unitId, req.query.on, req.query.withinDays),
  );
  app.get('/api/plans/tasks/:id/reports', { schema: { tags, params: Id, response: { 200: z.object({ items: z.array(ReportOut) }) } } }, async (req) => ({
    items: await reportHistory(ctx(req), req.params.id),
  }));
  app.post(
    '/api/plans/tasks/:id/reports',
    { schema: { tags, params: Id, body: ReportBody, response: { 201: z.object({ report: ReportOut }) } } },
    async (req, reply) => reply.status(201).send({ report: await reportProgress(ctx(req), req.params.id, req.body) }),
  );
  app.post(
    '/api/plans/reports/:id/evidence',
    { schema: { tags, params: Id, consumes: ['multipart/form-data'], response: { 201: z.object({ evidence: AttachmentOut }) } } },
    async (req, reply) => {
      const c = ctx(req);
      const f = await uploadedFile(req, EVIDENCE_MAX_BYTES);
      return reply.status(201).send({ evidence: await addReportEvidence(c, req.params.id, f) });
    },
  );
  app.get('/api/plans/evidence/:id', { schema: { tags, params: Id, querystring: Download } }, async (req, reply) =>
    sendFile(reply, await readFile(ctx(req), 'evidence', req.params.id), req.query.download === '1'),
  );

  // Chasing
  app.get(
    '/api/plans/reminders',
    { schema: { tags, querystring: RemindersQuery, response: { 200: z.object({ items: z.array(ReminderJobOut) }) } } },
    async (req) => ({
      items: await listJobs(ctx(req), req.query.status),
    }),
  );
  app.post('/api/plans/reminders/run', { schema: { tags, response: { 200: RunRemindersOut } } }, async (req) => runRemindersNow(ctx(req), mailer));
  // Remedial plans
  app.post('/api/plans/remedial', { schema: { tags, body: RemedialBody, response: { 201: z.object({ plan: PlanOut }) } } }, async (req, reply) =>
    reply.status(201).send({ plan: await draftRemedialPlan(ctx(req), req.body.assessmentId) }),
  );
  app.get(
    '/api/plans/remedial-tasks',
    { schema: { tags, querystring: RemedialTasksQuery, response: { 200: z.object({ items: z.array(RemedialTaskOut) }) } } },
    async (req) => ({
      items: await openRemedialTasks(ctx(req), req.query),
    }),
  );

  // Campaigns
  app.get('/api/plans/campaigns', { schema: { tags, response: { 200: z.object({ items: z.array(CampaignSummaryOut) }) } } }, async (req) => ({
    items: await listCampaigns(ctx(req)),
  }));
  app.post('/api/plans/campaigns', { schema: { tags, body: CampaignBody, response: { 201: z.object({ campaign: CampaignOut }) } } }, async (req, reply) =>
    reply.status(201).send({ campaign: await createCampaign(ctx(req), req.body) }),
  );
  app.get(
    '/api/plans/campaigns/:id',
    { schema: { tags, params: Id, querystring: CampaignQuery, response: { 200: z.object({ campaign: CampaignOut }) } } },
    async (req) => ({
      campaign: await getCampaign(ctx(req), req.params.id, req.query.on),
    }),
  );
  app.post(
    '/api/plans/campaigns/targets/:id/values',
    { schema: { tags, params: Id, body: TargetValueBody, response: { 200: z.object({ campaign: CampaignOut }) } } },
    async (req) => ({ campaign: await recordTargetValue(ctx(req), req.params.id, req.body) }),
  );

  // Inspections
  app.get(
    '/api/plans/inspection-plans',
    { schema: { tags, querystring: YearQuery.partial(), response: { 200: z.object({ items: z.array(InspectionPlanSummaryOut) }) } } },
    async (req) => ({ items: await listInspectionPlans(ctx(req), req.query.year) }),
  );
  app.post(
    '/api/plans/inspection-plans',
    { schema: { tags, body: InspectionPlanBody, response: { 201: z.object({ plan: InspectionPlanOut }) } } },
    async (req, reply) => reply.status(201).send({ plan: await createInspectionPlan(ctx(req), req.body) }),
  );
  app.get('/api/plans/inspection-plans/:id', { schema: { tags, params: Id, response: { 200: z.object({ plan: InspectionPlanOut }) } } }, async (req) => ({
    plan: await getInspectionPlan(ctx(req), req.params.id),
  }));
  app.patch('/api/plans/inspections/:id', { schema: { tags, params: Id, body: InspectionPatch } }, async (req, reply) => {
    await recordInspection(ctx(req), req.params.id, req.body);
    return reply.status(204).send();
  });
  app.post(
    '/api/plans/inspections/:id/findings',
    { schema: { tags, params: Id, body: FindingBody, response: { 201: z.object({ finding: FindingOut }) } } },
    async (req, reply) => reply.status(201).send({ finding: await addFinding(ctx(req), req.params.id, req.body) }),
  );
  app.get('/api/plans/inspection-coverage', { schema: { tags, querystring: YearQuery, response: { 200: YearCoverageOut } } }, async (req) =>
    inspectionCoverage(ctx(req), req.query.year),
  );

  // Dashboard
  app.get('/api/plans/dashboard', { schema: { tags, querystring: DashboardQuery, response: { 200: DashboardOut } } }, async (req) =>
    dashboard(ctx(req), req.query),
  );
  app.get('/api/plans/dashboard.xlsx', { schema: { tags, querystring: DashboardQuery } }, async (req, reply) => {
    const f = await dashboardWorkbook(ctx(req), req.query);
    return reply.type(xlsx).header('content-disposition', `attachment; filename="${f.name}"`).send(f.buffer);
  });

  app.get(
    '/api/plans/reports/quarterly.pdf',
    { schema: { tags, querystring: z.strictObject({ year: z.coerce.number().int().min(2000).max(2100), quarter: z.coerce.number().int().min(1).max(4) }) } },
    async (req, reply) => {
      const f = await quarterlyReportPdf(ctx(req), req.query.year, req.query.quarter);
      return reply.type('application/pdf').header('content-disposition', `attachment; filename="${f.fileName}"`).send(f.buffer);
    },
  );
  app.get('/api/plans/overdue', { schema: { tags, querystring: OverdueQuery, response: { 200: OverdueOut } } }, async (req) =>
    overdueBoard(ctx(req), req.query.on),
  );
}
