/**
 * Plans (kế hoạch) and their tasks (nhiệm vụ), following the "5 rõ" rule: rõ việc (the work), rõ người (lead unit and
 * support units), rõ trách nhiệm (the responsible person), rõ thời gian (a due date or a recurring schedule) and rõ
 * hiệu quả (the expected result, with a measurable target where there is one).
 *
 * Pure types: no IO, no clock. Days are ISO `YYYY-MM-DD` strings; quantities are decimal strings.
 */
import type { IsoDate } from '../calendar/isoDate.ts';

export const PLAN_KINDS = ['plan', 'remedial', 'inspectionFollowUp'] as const;
/** `plan`: a registered plan document; `remedial`: drafted from the PAR weak-criteria list; `inspectionFollowUp`. */
export type PlanKind = (typeof PLAN_KINDS)[number];

export const PLAN_STATUSES = ['draft', 'active', 'closed'] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];

/** How often a recurring task falls due: monthly, quarterly (báo cáo quý), half-yearly, yearly. */
export const FREQUENCIES = ['monthly', 'quarterly', 'halfYearly', 'yearly'] as const;
export type Frequency = (typeof FREQUENCIES)[number];

/**
 * When a task falls due: once, or every period between `from` and `until` (both inclusive), due `dueDay` days after
 * the period ends (0 = the period's last day; a quarterly report "before the 15th of the next month" is 15).
 */
export type Schedule = { kind: 'once'; dueDate: IsoDate } | { kind: 'recurring'; frequency: Frequency; from: IsoDate; until: IsoDate; dueDay: number };

export const REPORT_STATUSES = ['notStarted', 'inProgress', 'done', 'blocked'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

/** rõ hiệu quả: what the task must produce, and optionally a number to reach (e.g. 90 %, 100 dossiers). */
export interface ExpectedResult {
  text: string;
  /** decimal string, e.g. '90' */
  targetValue: string | null;
  targetUnit: string | null;
}

export interface TaskInput {
  /** Reference of the task within the plan, e.g. '1', '2.3' (the plan table's STT). */
  ref: string;
  work: string;
  leadUnitId: string | null;
  supportUnitIds: string[];
  responsiblePerson: string | null;
  schedule: Schedule | null;
  expected: ExpectedResult;
  /** ref of the parent task, when this is a sub-task */
  parentRef: string | null;
}

/** One due date of a task: a one-off task has one occurrence; a recurring task has one per period. */
export interface Occurrence {
  /** 'once' or the period label ('2026-Q1', '2026-03', '2026-H1', '2026') */
  period: string;
  periodStart: IsoDate;
  periodEnd: IsoDate;
  dueDate: IsoDate;
}

/** Where an occurrence stands on a given day for its unit's inbox. */
export type OccurrenceState = 'done' | 'upcoming' | 'dueSoon' | 'late' | 'missing';

export type TaskProblem =
  | { code: 'plan_task_lead_required'; field: 'leadUnitId' }
  | { code: 'plan_task_due_required'; field: 'schedule' }
  | { code: 'plan_task_due_before_plan'; field: 'schedule'; params: { due: IsoDate; planDate: IsoDate } }
  | { code: 'plan_task_schedule_range'; field: 'schedule' }
  | { code: 'plan_task_work_required'; field: 'work' }
  | { code: 'plan_task_target_invalid'; field: 'expected.targetValue' }
  | { code: 'plan_task_support_is_lead'; field: 'supportUnitIds' };
