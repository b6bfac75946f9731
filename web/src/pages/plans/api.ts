// Types and endpoints of the plans module (kế hoạch, nhiệm vụ, đôn đốc, chiến dịch), mirroring
// src/modules/plans/schemas.ts. Decimals (targets, campaign values) travel as strings with a dot.

import { api } from '../../api/client';
import { uploadWithProgress } from '../../api/upload';

export const PLAN_KINDS = ['plan', 'remedial', 'inspectionFollowUp'] as const;
export type PlanKind = (typeof PLAN_KINDS)[number];
export const PLAN_STATUSES = ['draft', 'active', 'closed'] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];
export const FREQUENCIES = ['monthly', 'quarterly', 'halfYearly', 'yearly'] as const;
export type Frequency = (typeof FREQUENCIES)[number];
export const REPORT_STATUSES = ['notStarted', 'inProgress', 'done', 'blocked'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];
export const OCCURRENCE_STATES = ['late', 'missing', 'dueSoon', 'upcoming', 'done'] as const;
export type OccurrenceState = (typeof OCCURRENCE_STATES)[number];
export const INDICATORS = ['onlineRate', 'digitisationRate', 'onlinePaymentRate'] as const;
export type Indicator = (typeof INDICATORS)[number];

export type Schedule = { kind: 'once'; dueDate: string } | { kind: 'recurring'; frequency: Frequency; from: string; until: string; dueDay: number };

export interface ExpectedResult {
  text: string;
  targetValue: string | null;
  targetUnit: string | null;
}

export interface UnitRef {
  id: string;
  code: string;
  name: string;
}

export interface Occurrence {
  id: string;
  period: string;
  periodStart: string;
  periodEnd: string;
  dueDate: string;
  status: ReportStatus | null;
  percent: number | null;
  reportedAt: string | null;
}

export interface Task {
  id: string;
  planId: string;
  parentId: string | null;
  ref: string;
  work: string;
  leadUnit: UnitRef;
  supportUnits: UnitRef[];
  responsiblePerson: string | null;
  schedule: Schedule;
  expected: ExpectedResult;
  criterionCodes: string[];
  status: ReportStatus;
  percent: number;
  occurrences: Occurrence[];
  inspectionFindingId: string | null;
  version: number;
}

export interface TaskInput {
  ref: string;
  work: string;
  leadUnitId: string | null;
  supportUnitIds: string[];
  responsiblePerson: string | null;
  schedule: Schedule | null;
  expected: ExpectedResult;
  criterionCodes?: string[];
}

export interface Attachment {
  id: string;
  name: string;
  size: number;
  mime: string;
  sha256: string;
  uploadedAt: string;
}

export interface PlanSummary {
  id: string;
  number: string;
  date: string;
  issuer: string;
  title: string;
  kind: PlanKind;
  status: PlanStatus;
  taskCount: number;
  doneCount: number;
  lateCount: number;
}

export interface Plan extends PlanSummary {
  purpose: string;
  parCycleId: string | null;
  attachments: Attachment[];
  tasks: Task[];
}

export interface PlanInput {
  number: string;
  date: string;
  issuer: string;
  title: string;
  purpose: string;
  kind?: PlanKind;
  status?: PlanStatus;
}

export interface InboxItem {
  taskId: string;
  occurrenceId: string;
  planId: string;
  planNumber: string;
  ref: string;
  work: string;
  role: 'lead' | 'support';
  period: string;
  dueDate: string;
  state: OccurrenceState;
  workingDaysLate: number;
  status: ReportStatus | null;
  percent: number | null;
}

export interface Inbox {
  unit: UnitRef;
  on: string;
  counts: Record<'dueSoon' | 'late' | 'missing' | 'upcoming' | 'done', number>;
  items: InboxItem[];
}

export interface Report {
  id: string;
  taskId: string;
  occurrenceId: string;
  period: string;
  status: ReportStatus;
  percent: number;
  text: string;
  reportedBy: string;
  reportedAt: string;
  evidence: Attachment[];
}

export interface ReportInput {
  occurrenceId: string;
  status: ReportStatus;
  percent: number;
  text: string;
}

export interface OverdueBoard {
  on: string;
  units: { unit: UnitRef; overdue: number; maxWorkingDaysLate: number; items: InboxItem[] }[];
}

export type ReminderStatus = 'pending' | 'sending' | 'sent' | 'failed';
export interface ReminderJob {
  id: string;
  kind: 'reminder' | 'escalation';
  taskId: string;
  task: { ref: string; work: string; planId: string; planNumber: string; unitName: string; dueDate: string };
  occurrenceId: string;
  recipient: string;
  email: string | null;
  status: ReminderStatus;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
}

export interface SeriesPoint {
  day: number;
  date: string;
  value: string;
}

export interface CampaignTarget {
  id: string;
  unit: UnitRef;
  name: string;
  indicator: Indicator | null;
  unitLabel: string;
  baseline: string;
  milestones: { day: number; date: string; value: string }[];
  actual: SeriesPoint[];
  required: SeriesPoint[];
  current: string | null;
  projection: { milestoneDay: number; milestoneValue: string; projected: string } | null;
  warning: boolean;
}

export interface CampaignSummary {
  id: string;
  name: string;
  planId: string | null;
  startDate: string;
  endDate: string;
  targetCount: number;
}

export interface Campaign extends CampaignSummary {
  on: string;
  dayNumber: number;
  targets: CampaignTarget[];
  warnings: number;
}

export interface CampaignTargetInput {
  unitId: string;
  name: string;
  indicator: Indicator | null;
  unitLabel: string;
  baseline: string;
  milestones: { day: number; value: string }[];
}

export interface CampaignInput {
  name: string;
  planId: string | null;
  startDate: string;
  endDate: string;
  targets: CampaignTargetInput[];
}

export interface Dashboard {
  on: string;
  year: number;
  /** campaigns running on `on` (or ended in the last 30 days) */
  campaigns: { id: string; name: string; dayNumber: number; targets: number; warnings: number }[];
  completion: { unit: UnitRef; due: number; done: number; late: number; rate: string }[];
  overdueTrend: { month: string; overdue: number }[];
}

export const planKeys = {
  all: ['plans'] as const,
  list: (kind?: PlanKind) => ['plans', 'list', kind ?? 'all'] as const,
  plan: (id: string) => ['plans', 'plan', id] as const,
  inbox: (unitId: string) => ['plans', 'inbox', unitId] as const,
  reports: (taskId: string) => ['plans', 'reports', taskId] as const,
  overdue: ['plans', 'overdue'] as const,
  reminders: (status?: ReminderStatus) => ['plans', 'reminders', status ?? 'all'] as const,
  campaigns: ['plans', 'campaigns'] as const,
  campaign: (id: string) => ['plans', 'campaign', id] as const,
  dashboard: (year?: number) => ['plans', 'dashboard', year ?? 'current'] as const,
};

const enc = encodeURIComponent;

// ---- plans and tasks ----
export const fetchPlans = (kind?: PlanKind) => api.get<{ items: PlanSummary[] }>('/api/plans', { query: { kind } }).then((r) => r.items);
export const fetchPlan = (id: string) => api.get<{ plan: Plan }>(`/api/plans/${enc(id)}`).then((r) => r.plan);
export const createPlan = (input: PlanInput) => api.post<{ plan: Plan }>('/api/plans', input).then((r) => r.plan);
export const updatePlan = (id: string, patch: Partial<PlanInput>) => api.patch<{ plan: Plan }>(`/api/plans/${enc(id)}`, patch).then((r) => r.plan);
export const deletePlan = (id: string) => api.delete(`/api/plans/${enc(id)}`);
export const uploadPlanAttachment = (id: string, file: File, onProgress: (f: number) => void) =>
  uploadWithProgress<{ attachment: Attachment }>(`/api/plans/${enc(id)}/attachments`, file, onProgress);
export const attachmentUrl = (id: string) => `/api/plans/attachments/${enc(id)}`;
export const deleteAttachment = (id: string) => api.delete(`/api/plans/attachments/${enc(id)}`);
export const createTask = (planId: string, input: TaskInput) => api.post<{ task: Task }>(`/api/plans/${enc(planId)}/tasks`, input).then((r) => r.task);
export const createSubtask = (taskId: string, input: TaskInput) =>
  api.post<{ task: Task }>(`/api/plans/tasks/${enc(taskId)}/subtasks`, input).then((r) => r.task);
export const updateTask = (taskId: string, patch: Partial<TaskInput> & { parentId?: string | null }) =>
  api.patch<{ task: Task }>(`/api/plans/tasks/${enc(taskId)}`, patch).then((r) => r.task);
export const deleteTask = (taskId: string) => api.delete(`/api/plans/tasks/${enc(taskId)}`);
/** The import replaces the task table and returns the whole plan. */
export const importTasks = (planId: string, file: File, onProgress: (f: number) => void) =>
  uploadWithProgress<{ plan: Plan }>(`/api/plans/${enc(planId)}/import`, file, onProgress).then((r) => r.plan);
export const planExportUrl = (planId: string) => `/api/plans/${enc(planId)}/export.xlsx`;
export const PLAN_TEMPLATE_URL = '/api/plans/template.xlsx';

// ---- inbox and reports ----
export const fetchInbox = (unitId: string) => api.get<Inbox>('/api/plans/inbox', { query: { unitId } });
export const fetchReports = (taskId: string) => api.get<{ items: Report[] }>(`/api/plans/tasks/${enc(taskId)}/reports`).then((r) => r.items);
export const createReport = (taskId: string, input: ReportInput) =>
  api.post<{ report: Report }>(`/api/plans/tasks/${enc(taskId)}/reports`, input).then((r) => r.report);
export const uploadReportEvidence = (reportId: string, file: File, onProgress: (f: number) => void) =>
  uploadWithProgress<{ evidence: Attachment }>(`/api/plans/reports/${enc(reportId)}/evidence`, file, onProgress);
export const evidenceUrl = (id: string) => `/api/plans/evidence/${enc(id)}`;

// ---- chasing ----
export const fetchOverdue = () => api.get<OverdueBoard>('/api/plans/overdue');
export const fetchReminders = (status?: ReminderStatus) =>
  api.get<{ items: ReminderJob[] }>('/api/plans/reminders', { query: { status } }).then((r) => r.items);
export const runReminders = () => api.post<{ scheduled: number; sent: number; failed: number }>('/api/plans/reminders/run', {});

// ---- campaigns ----
export const fetchCampaigns = () => api.get<{ items: CampaignSummary[] }>('/api/plans/campaigns').then((r) => r.items);
export const fetchCampaign = (id: string) => api.get<{ campaign: Campaign }>(`/api/plans/campaigns/${enc(id)}`).then((r) => r.campaign);
export const createCampaign = (input: CampaignInput) => api.post<{ campaign: Campaign }>('/api/plans/campaigns', input).then((r) => r.campaign);
export const recordTargetValue = (targetId: string, input: { day: string; value: string; note: string }) =>
  api.post<unknown>(`/api/plans/campaigns/targets/${enc(targetId)}/values`, input);

// ---- dashboard ----
export const fetchDashboard = (year?: number) => api.get<Dashboard>('/api/plans/dashboard', { query: { year } });
export const dashboardXlsxUrl = (year: number) => `/api/plans/dashboard.xlsx?year=${year}`;
export const quarterlyPdfUrl = (year: number, quarter: number) => `/api/plans/reports/quarterly.pdf?year=${year}&quarter=${quarter}`;

// ---- remedial plans (kế hoạch khắc phục) ----
export interface RemedialTask extends Task {
  planNumber: string;
  planStatus: PlanStatus;
}
/** Drafts a remedial plan from the weak criteria of a PAR assessment: one task per criterion that lost points. */
export const createRemedialPlan = (assessmentId: string) => api.post<{ plan: Plan }>('/api/plans/remedial', { assessmentId }).then((r) => r.plan);
export const fetchRemedialTasks = (q: { code: string; cycleId?: string; unitId?: string }) =>
  api.get<{ items: RemedialTask[] }>('/api/plans/remedial-tasks', { query: q }).then((r) => r.items);
export const remedialKeys = {
  tasks: (code: string, cycleId?: string, unitId?: string) => ['plans', 'remedial', code, cycleId ?? '', unitId ?? ''] as const,
};

// ---- inspections (kiểm tra CCHC) ----
export interface Coverage {
  covered: number;
  total: number;
  ratio: string;
  percent: string;
  meetsMinimum: boolean;
}
export type CheckResult = 'pass' | 'fail';
export interface ChecklistEntry {
  item: string;
  result: CheckResult | null;
  note: string;
}
export interface Finding {
  id: string;
  text: string;
  taskId: string | null;
}
export interface Inspection {
  id: string;
  unit: UnitRef;
  plannedDate: string;
  status: 'planned' | 'done';
  conductedOn: string | null;
  checklist: ChecklistEntry[];
  findings: Finding[];
}
export interface InspectionPlan {
  id: string;
  year: number;
  name: string;
  checklist: string[];
  followUpPlanId: string | null;
  coverage: Coverage;
  inspections: Inspection[];
}
export interface InspectionPlanSummary {
  id: string;
  year: number;
  name: string;
  inspections: number;
  done: number;
  coverage: Coverage;
}
export interface InspectionPlanInput {
  year: number;
  name: string;
  checklist: string[];
  inspections: { unitId: string; plannedDate: string }[];
}
export const inspectionKeys = {
  list: (year: number) => ['plans', 'inspections', year] as const,
  plan: (id: string) => ['plans', 'inspection', id] as const,
  coverage: (year: number) => ['plans', 'inspection-coverage', year] as const,
};
export const fetchInspectionPlans = (year: number) =>
  api.get<{ items: InspectionPlanSummary[] }>('/api/plans/inspection-plans', { query: { year } }).then((r) => r.items);
export const fetchInspectionPlan = (id: string) => api.get<{ plan: InspectionPlan }>(`/api/plans/inspection-plans/${enc(id)}`).then((r) => r.plan);
export const createInspectionPlan = (input: InspectionPlanInput) =>
  api.post<{ plan: InspectionPlan }>('/api/plans/inspection-plans', input).then((r) => r.plan);
export const recordInspection = (id: string, patch: { checklist?: ChecklistEntry[]; conductedOn?: string | null }) =>
  api.patch<void>(`/api/plans/inspections/${enc(id)}`, patch);
export const addFinding = (id: string, body: { text: string; task: { work: string; dueDate: string; responsiblePerson: string | null } | null }) =>
  api.post<{ finding: Finding }>(`/api/plans/inspections/${enc(id)}/findings`, body).then((r) => r.finding);
export const fetchInspectionCoverage = (year: number) =>
  api.get<{ year: number; planned: Coverage; inspected: Coverage }>('/api/plans/inspection-coverage', { query: { year } });
