/**
 * Request and reply schemas of the plans module (kế hoạch, nhiệm vụ, đôn đốc, chiến dịch, kiểm tra).
 *
 * Routes (who may call them; actions from src/domain/access/policy.ts):
 *
 *   Plans and tasks
 *   GET    /api/plans                               list plans                         plans.read
 *   POST   /api/plans                               register a plan                    plans.manage
 *   GET    /api/plans/:id                           plan with its task tree            plans.read
 *   PATCH  /api/plans/:id                           edit the header / status           plans.manage
 *   DELETE /api/plans/:id                           delete a draft plan                plans.manage
 *   POST   /api/plans/:id/attachments               attach a file (multipart)          plans.manage
 *   GET    /api/plans/attachments/:id               download an attachment             plans.read
 *   DELETE /api/plans/attachments/:id               remove an attachment               plans.manage
 *   POST   /api/plans/:id/tasks                     add a task                         plans.manage
 *   PATCH  /api/plans/tasks/:id                     edit a task (parentId moves it)    plans.manage
 *   DELETE /api/plans/tasks/:id                     delete a task without reports      plans.manage
 *   POST   /api/plans/tasks/:id/subtasks            split a task into a sub-task       plans.manage, or plans.report on the task's lead unit
 *   POST   /api/plans/:id/import                    replace the task table from Excel  plans.manage (all-or-nothing, row/cell errors)
 *   GET    /api/plans/:id/export.xlsx               the task table (round-trips)       plans.read
 *   GET    /api/plans/template.xlsx                 an empty task table                plans.read
 *
 *   Unit inbox and progress reports
 *   GET    /api/plans/inbox?unitId=&on=             due / late / missing occurrences   plans.report or plans.monitor on the unit
 *   GET    /api/plans/tasks/:id/reports             report history of a task           plans.read (task's units) / plans.monitor
 *   POST   /api/plans/tasks/:id/reports             report progress on an occurrence   plans.report on the task's lead unit
 *   POST   /api/plans/reports/:id/evidence          add an evidence file (multipart)   plans.report on the report's unit
 *   GET    /api/plans/evidence/:id                  download an evidence file          plans.read
 *
 *   Chasing (đôn đốc)
 *   GET    /api/plans/overdue?on=                   overdue board by unit              plans.monitor
 *   GET    /api/plans/reminders?status=             reminder jobs (sent, failed, …)    plans.manage
 *   POST   /api/plans/reminders/run                 schedule and send due reminders    plans.manage
 *
 *   Campaigns (chiến dịch)
 *   GET    /api/plans/campaigns                     list                               plans.read
 *   POST   /api/plans/campaigns                     create with targets and milestones plans.manage
 *   GET    /api/plans/campaigns/:id?on=             progress, burn-up, warnings        plans.read
 *   POST   /api/plans/campaigns/targets/:id/values  record a reported value            plans.report on the target's unit
 *
 *   Remedial plans (kế hoạch khắc phục)
 *   POST   /api/plans/remedial                      draft plan from a PAR assessment   plans.manage, or plans.report on its unit
 *   GET    /api/plans/remedial-tasks?code=&cycleId=&unitId=  open tasks of a criterion  plans.read
 *
 *   Inspections (kiểm tra CCHC)
 *   GET    /api/plans/inspection-plans?year=        list with coverage                 plans.read
 *   POST   /api/plans/inspection-plans              plan over units (≥ 30 % coverage)  plans.manage
 *   GET    /api/plans/inspection-plans/:id          inspections, checklists, findings  plans.read
 *   PATCH  /api/plans/inspections/:id               checklist results, date conducted  plans.manage
 *   POST   /api/plans/inspections/:id/findings      finding (+ follow-up task)         plans.manage
 *   GET    /api/plans/inspection-coverage?year=     planned / inspected coverage       plans.read
 *
 *   Dashboards
 *   GET    /api/plans/dashboard?year=&on=           completion, overdue trend, campaigns plans.monitor (own units for unit leaders)
 *   GET    /api/plans/dashboard.xlsx?year=&on=      the same as a workbook             plans.monitor
 *   GET    /api/plans/reports/quarterly.pdf?year=&quarter=  quarterly report (official layout)  plans.monitor
 */
import { z } from 'zod';
import { FREQUENCIES, PLAN_KINDS, PLAN_STATUSES, REPORT_STATUSES } from '../../domain/plans/types.ts';

export const IsoDay = z.iso.date();
export const Id = z.strictObject({ id: z.uuid() });
/** A non-negative decimal written with a dot or a comma ('90', '12,5'). */
export const DecimalText = z.string().regex(/^\d{1,12}([.,]\d{1,4})?$/);

// ---- Plans and tasks ----

export const ScheduleSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('once'), dueDate: IsoDay }),
  z.strictObject({
    kind: z.literal('recurring'),
    frequency: z.enum(FREQUENCIES),
    from: IsoDay,
    until: IsoDay,
    /** days after the period's end when the report is due (0 = the last day of the period) */
    dueDay: z.number().int().min(0).max(60),
  }),
]);

export const ExpectedSchema = z.strictObject({
  text: z.string().trim().max(2000).default(''),
  targetValue: DecimalText.nullable().default(null),
  targetUnit: z.string().trim().max(40).nullable().default(null),
});

export const TaskBody = z.strictObject({
  ref: z.string().trim().min(1).max(20),
  work: z.string().trim().min(1).max(4000),
  leadUnitId: z.uuid().nullable(),
  supportUnitIds: z.array(z.uuid()).max(200).default([]),
  responsiblePerson: z.string().trim().max(200).nullable().default(null),
  schedule: ScheduleSchema.nullable(),
  expected: ExpectedSchema.default({ text: '', targetValue: null, targetUnit: null }),
  /** PAR criteria (framework node codes) this task repairs; used by remedial plans */
  criterionCodes: z.array(z.string().min(1).max(32)).max(50).default([]),
});
export const TaskPatch = TaskBody.partial().extend({ parentId: z.uuid().nullable().optional() });

export const PlanBody = z.strictObject({
  number: z.string().trim().min(1).max(60),
  date: IsoDay,
  issuer: z.string().trim().min(1).max(200),
  title: z.string().trim().min(1).max(500),
  purpose: z.string().trim().max(8000).default(''),
  kind: z.enum(PLAN_KINDS).default('plan'),
  status: z.enum(PLAN_STATUSES).default('active'),
  /** the PAR cycle a remedial plan answers, if any */
  parCycleId: z.uuid().nullable().default(null),
});
export const PlanPatch = PlanBody.partial().omit({ kind: true });

export const UnitRef = z.object({ id: z.string(), code: z.string(), name: z.string() });

export const OccurrenceOut = z.object({
  id: z.string(),
  period: z.string(),
  periodStart: z.string(),
  periodEnd: z.string(),
  dueDate: z.string(),
  /** latest report on this occurrence, if any */
  status: z.enum(REPORT_STATUSES).nullable(),
  percent: z.number().nullable(),
  reportedAt: z.string().nullable(),
});

export const TaskOut = z.object({
  id: z.string(),
  planId: z.string(),
  parentId: z.string().nullable(),
  ref: z.string(),
  work: z.string(),
  leadUnit: UnitRef,
  supportUnits: z.array(UnitRef),
  responsiblePerson: z.string().nullable(),
  schedule: ScheduleSchema,
  expected: z.object({ text: z.string(), targetValue: z.string().nullable(), targetUnit: z.string().nullable() }),
  criterionCodes: z.array(z.string()),
  /** latest status and percent over all occurrences (a recurring task is done when every due occurrence is) */
  status: z.enum(REPORT_STATUSES),
  percent: z.number(),
  occurrences: z.array(OccurrenceOut),
  /** set when the task came from an inspection finding */
  inspectionFindingId: z.string().nullable(),
  version: z.number(),
});

export const AttachmentOut = z.object({ id: z.string(), name: z.string(), size: z.number(), mime: z.string(), sha256: z.string(), uploadedAt: z.string() });

export const PlanSummaryOut = z.object({
  id: z.string(),
  number: z.string(),
  date: z.string(),
  issuer: z.string(),
  title: z.string(),
  kind: z.enum(PLAN_KINDS),
  status: z.enum(PLAN_STATUSES),
  taskCount: z.number(),
  doneCount: z.number(),
  lateCount: z.number(),
});

export const PlanOut = PlanSummaryOut.extend({
  purpose: z.string(),
  parCycleId: z.string().nullable(),
  attachments: z.array(AttachmentOut),
  /** flat list in table order (ref); parentId gives the tree */
  tasks: z.array(TaskOut),
});

export const PlanListQuery = z.strictObject({ kind: z.enum(PLAN_KINDS).optional(), year: z.coerce.number().int().min(2000).max(2100).optional() });

/** Errors of an Excel import: one entry per bad cell (A1 address) or missing column. */
export const ImportErrorOut = z.object({ row: z.number(), column: z.string(), message: z.string(), messageEn: z.string().optional() });

// ---- Inbox and reports ----

export const InboxQuery = z.strictObject({ unitId: z.uuid(), on: IsoDay.optional(), withinDays: z.coerce.number().int().min(0).max(90).default(14) });

export const InboxItemOut = z.object({
  taskId: z.string(),
  occurrenceId: z.string(),
  planId: z.string(),
  planNumber: z.string(),
  ref: z.string(),
  work: z.string(),
  role: z.enum(['lead', 'support']),
  period: z.string(),
  dueDate: z.string(),
  state: z.enum(['done', 'upcoming', 'dueSoon', 'late', 'missing']),
  /** working days late (0 when not late) */
  workingDaysLate: z.number(),
  status: z.enum(REPORT_STATUSES).nullable(),
  percent: z.number().nullable(),
});
export const InboxOut = z.object({
  unit: UnitRef,
  on: z.string(),
  counts: z.object({ dueSoon: z.number(), late: z.number(), missing: z.number(), upcoming: z.number(), done: z.number() }),
  items: z.array(InboxItemOut),
});

export const ReportBody = z.strictObject({
  occurrenceId: z.uuid(),
  status: z.enum(REPORT_STATUSES),
  /** 0–100; checked by the use case so that the reply says so in words */
  percent: z.number().int(),
  text: z.string().trim().max(8000).default(''),
});
export const ReportOut = z.object({
  id: z.string(),
  taskId: z.string(),
  occurrenceId: z.string(),
  period: z.string(),
  status: z.enum(REPORT_STATUSES),
  percent: z.number(),
  text: z.string(),
  reportedBy: z.string(),
  reportedAt: z.string(),
  evidence: z.array(AttachmentOut),
});

// ---- Chasing ----

export const OverdueQuery = z.strictObject({ on: IsoDay.optional() });
export const OverdueOut = z.object({
  on: z.string(),
  units: z.array(
    z.object({
      unit: UnitRef,
      overdue: z.number(),
      maxWorkingDaysLate: z.number(),
      items: z.array(InboxItemOut),
    }),
  ),
});

/** cancelled: the task was reported done (or the plan closed) before the job ran */
export const JOB_STATUSES = ['pending', 'sending', 'sent', 'failed', 'cancelled'] as const;
export const ReminderJobOut = z.object({
  id: z.string(),
  kind: z.enum(['reminder', 'escalation']),
  taskId: z.string(),
  /** what the reminder is about: the task, its plan, its lead unit and the due date of the occurrence */
  task: z.object({ ref: z.string(), work: z.string(), planId: z.string(), planNumber: z.string(), unitName: z.string(), dueDate: z.string() }),
  occurrenceId: z.string(),
  recipient: z.string(),
  email: z.string().nullable(),
  status: z.enum(JOB_STATUSES),
  /** sent, bounced (the SMTP server refused the address: see lastError) or none (no address or mail off) */
  mailStatus: z.enum(['sent', 'bounced', 'none']).nullable(),
  attempts: z.number(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
});
export const RemindersQuery = z.strictObject({ status: z.enum(JOB_STATUSES).optional() });
export const RunRemindersOut = z.object({ scheduled: z.number(), sent: z.number(), failed: z.number() });

// ---- Campaigns ----

export const INDICATORS = ['onlineRate', 'digitisationRate', 'onlinePaymentRate'] as const;
export const CampaignTargetBody = z.strictObject({
  unitId: z.uuid(),
  name: z.string().trim().min(1).max(300),
  /** a Decision 766 indicator read live from the service index; null = the unit reports the value */
  indicator: z.enum(INDICATORS).nullable().default(null),
  unitLabel: z.string().trim().max(40).default('%'),
  baseline: DecimalText,
  /** milestones: value to reach by a day number of the campaign (e.g. day 50 and day 100) */
  milestones: z
    .array(z.strictObject({ day: z.number().int().min(1).max(3660), value: DecimalText }))
    .min(1)
    .max(10),
});
export const CampaignBody = z.strictObject({
  name: z.string().trim().min(1).max(300),
  planId: z.uuid().nullable().default(null),
  startDate: IsoDay,
  endDate: IsoDay,
  targets: z.array(CampaignTargetBody).max(500).default([]),
});
export const CampaignQuery = z.strictObject({ on: IsoDay.optional() });
export const TargetValueBody = z.strictObject({ day: IsoDay, value: DecimalText, note: z.string().trim().max(2000).default('') });

export const SeriesPoint = z.object({ day: z.number(), date: z.string(), value: z.string() });
export const CampaignTargetOut = z.object({
  id: z.string(),
  unit: UnitRef,
  name: z.string(),
  indicator: z.enum(INDICATORS).nullable(),
  unitLabel: z.string(),
  baseline: z.string(),
  milestones: z.array(z.object({ day: z.number(), date: z.string(), value: z.string() })),
  /** actual values over time (burn-up), 2 decimals */
  actual: z.array(SeriesPoint),
  /** the required pace line from the baseline through each milestone */
  required: z.array(SeriesPoint),
  current: z.string().nullable(),
  /** projected value at the next milestone at the current pace */
  projection: z.object({ milestoneDay: z.number(), milestoneValue: z.string(), projected: z.string() }).nullable(),
  /** the value the required pace asks for on the day of observation */
  requiredNow: z.string(),
  warning: z.boolean(),
});
export const CampaignSummaryOut = z.object({
  id: z.string(),
  name: z.string(),
  planId: z.string().nullable(),
  startDate: z.string(),
  endDate: z.string(),
  targetCount: z.number(),
});
export const CampaignOut = CampaignSummaryOut.extend({
  on: z.string(),
  dayNumber: z.number(),
  targets: z.array(CampaignTargetOut),
  warnings: z.number(),
});

// ---- Remedial plans ----

export const RemedialBody = z.strictObject({ assessmentId: z.uuid() });
export const RemedialTasksQuery = z.strictObject({ code: z.string().min(1).max(32), cycleId: z.uuid().optional(), unitId: z.uuid().optional() });
export const RemedialTaskOut = TaskOut.extend({ planNumber: z.string(), planStatus: z.enum(PLAN_STATUSES) });

// ---- Inspections ----

export const CoverageOut = z.object({ covered: z.number(), total: z.number(), ratio: z.string(), percent: z.string(), meetsMinimum: z.boolean() });
export const ChecklistItemSchema = z.strictObject({
  item: z.string().min(1).max(500),
  result: z.enum(['pass', 'fail']).nullable(),
  note: z.string().max(2000).default(''),
});
export const InspectionPlanBody = z.strictObject({
  year: z.number().int().min(2000).max(2100),
  name: z.string().trim().min(1).max(300),
  checklist: z.array(z.string().trim().min(1).max(500)).min(1).max(100),
  inspections: z
    .array(z.strictObject({ unitId: z.uuid(), plannedDate: IsoDay }))
    .min(1)
    .max(2000),
});
export const InspectionPatch = z.strictObject({ checklist: z.array(ChecklistItemSchema).optional(), conductedOn: IsoDay.nullable().optional() });
export const FindingBody = z.strictObject({
  text: z.string().trim().min(1).max(4000),
  task: z
    .strictObject({ work: z.string().trim().min(1).max(4000), dueDate: IsoDay, responsiblePerson: z.string().trim().max(200).nullable().default(null) })
    .nullable()
    .default(null),
});
export const FindingOut = z.object({ id: z.string(), text: z.string(), taskId: z.string().nullable() });
export const InspectionPlanOut = z.object({
  id: z.string(),
  year: z.number(),
  name: z.string(),
  checklist: z.array(z.string()),
  followUpPlanId: z.string().nullable(),
  coverage: CoverageOut,
  inspections: z.array(
    z.object({
      id: z.string(),
      unit: UnitRef,
      plannedDate: z.string(),
      status: z.enum(['planned', 'done']),
      conductedOn: z.string().nullable(),
      checklist: z.array(z.object({ item: z.string(), result: z.enum(['pass', 'fail']).nullable(), note: z.string() })),
      findings: z.array(FindingOut),
    }),
  ),
});
export const InspectionPlanSummaryOut = z.object({
  id: z.string(),
  year: z.number(),
  name: z.string(),
  inspections: z.number(),
  done: z.number(),
  coverage: CoverageOut,
});
export const YearQuery = z.strictObject({ year: z.coerce.number().int().min(2000).max(2100) });
export const YearCoverageOut = z.object({ year: z.number(), planned: CoverageOut, inspected: CoverageOut });

// ---- Dashboard ----

export const DashboardQuery = z.strictObject({ year: z.coerce.number().int().min(2000).max(2100).optional(), on: IsoDay.optional() });
export const DashboardOut = z.object({
  on: z.string(),
  year: z.number(),
  /** occurrences due by `on` in the year, per lead unit; rate = done / due in percent, 2 decimals (lowest first) */
  completion: z.array(z.object({ unit: UnitRef, due: z.number(), done: z.number(), late: z.number(), rate: z.string() })),
  /** occurrences overdue and not done at each month's end (the current month: at `on`) */
  overdueTrend: z.array(z.object({ month: z.string(), overdue: z.number() })),
  /** campaigns running on `on` (or ended in the last 30 days) */
  campaigns: z.array(z.object({ id: z.string(), name: z.string(), dayNumber: z.number(), targets: z.number(), warnings: z.number() })),
});
