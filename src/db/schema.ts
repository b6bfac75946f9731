import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

/** Dates are kept as 'YYYY-MM-DD' strings end to end (the pool parses the `date` type as text). */
type DateCol = string;
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type DefaultTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface UnitsTable {
  id: Generated<string>;
  code: string;
  name: string;
  kind: 'province' | 'agency' | 'district' | 'commune';
  parent_id: string | null;
  valid_from: DateCol | null;
  valid_to: DateCol | null;
  note: string | null;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
}

export interface UnitGroupsTable {
  code: string;
  name: string;
  name_en: string;
}

export interface UnitGroupMembersTable {
  unit_id: string;
  group_code: string;
}

export interface UnitLineageTable {
  id: Generated<string>;
  predecessor_id: string;
  successor_id: string;
  event_date: DateCol;
  kind: 'merge' | 'split' | 'rename';
  partial: Generated<boolean>;
  note: string | null;
  created_at: DefaultTimestamp;
}

export interface UsersTable {
  id: Generated<string>;
  username: string;
  display_name: string;
  password_hash: string;
  active: Generated<boolean>;
  failed_logins: Generated<number>;
  locked_until: Timestamp | null;
  must_change_password: Generated<boolean>;
  /** reminder mail (0009_plans); optional */
  email: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
}

export interface UserRolesTable {
  id: Generated<string>;
  user_id: string;
  role: string;
  unit_id: string | null;
}

export interface SessionsTable {
  id: string;
  user_id: string;
  csrf_token: string;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
}

export interface ApiTokensTable {
  id: Generated<string>;
  user_id: string;
  name: string;
  token_hash: string;
  created_at: Timestamp;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

export interface LoginAttemptsTable {
  id: Generated<string>;
  bucket: string;
  at: Timestamp;
}

export interface AuditLogTable {
  id: ColumnType<string, string | number, never>;
  at: Timestamp;
  actor_id: string | null;
  actor_name: string;
  action: string;
  entity_type: string;
  entity_id: string | null;
  unit_id: string | null;
  before: unknown;
  after: unknown;
  ip: string | null;
  prev_hash: string;
  hash: string;
}

export interface HolidaysTable {
  day: DateCol;
  name: string;
  kind: 'fixed' | 'lunar' | 'custom' | 'workingWeekend';
}

export interface CalendarYearsTable {
  year: number;
  initialized_at: DefaultTimestamp;
}

export interface AppMetaTable {
  key: string;
  value: string;
}

/** What a PAR-style framework serves: the PAR Index, or the evaluation of heads of agencies. */
export type FrameworkPurpose = 'parIndex' | 'headEvaluation';

export interface ParFrameworksTable {
  id: Generated<string>;
  name: string;
  year: number;
  group_code: string;
  classes: ColumnType<unknown, string, string>;
  copied_from_id: string | null;
  illustrative: Generated<boolean>;
  index_denominator: string | null;
  without_survey: ColumnType<'rescale' | 'keepDenominator', 'rescale' | 'keepDenominator' | undefined, 'rescale' | 'keepDenominator'>;
  purpose: ColumnType<FrameworkPurpose, FrameworkPurpose | undefined, FrameworkPurpose>;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
}

export interface ParFrameworkNodesTable {
  framework_id: string;
  code: string;
  parent_code: string | null;
  title: string;
  max_points: string;
  source: 'self' | 'survey' | 'data';
  kind: 'normal' | 'bonus' | 'penalty';
  method: ColumnType<unknown, string | null, string | null>;
  guidance: string | null;
  evidence_required: boolean;
  ord: number;
}

export type ParStage = 'selfAssessment' | 'appraisal' | 'explanation' | 'reappraisal' | 'council' | 'published';
export interface ParCyclesTable {
  id: Generated<string>;
  framework_id: string;
  name: string;
  year: number;
  stage: ColumnType<ParStage, ParStage | undefined, ParStage>;
  survey_included: Generated<boolean>;
  self_deadline: DateCol | null;
  appraisal_deadline: DateCol | null;
  explanation_deadline: DateCol | null;
  council_deadline: DateCol | null;
  published_at: Timestamp | null;
  created_at: DefaultTimestamp;
}

export interface ParAppraisersTable {
  cycle_id: string;
  user_id: string;
  unit_id: string | null;
  area_code: string | null;
}

export type AssessmentStatus = 'draft' | 'submitted' | 'returned' | 'appraised' | 'explained' | 'reappraised' | 'finalised' | 'published';
export interface ParAssessmentsTable {
  id: Generated<string>;
  cycle_id: string;
  unit_id: string;
  status: ColumnType<AssessmentStatus, AssessmentStatus | undefined, AssessmentStatus>;
  submitted_at: Timestamp | null;
  submitted_by: string | null;
  returned_reason: string | null;
  reopened_reason: string | null;
  version: Generated<number>;
  updated_at: DefaultTimestamp;
}

export interface ParScoresTable {
  assessment_id: string;
  unit_id: string;
  node_code: string;
  self_points: string | null;
  self_input: ColumnType<unknown, string | null, string | null>;
  self_note: string | null;
  appraised_points: string | null;
  appraisal_reason: string | null;
  appraised_by: string | null;
  explanation_status: 'accepted' | 'disputed' | null;
  explanation_text: string | null;
  reappraised_points: string | null;
  reappraisal_reason: string | null;
  final_points: string | null;
  data_source: ColumnType<unknown, string | null, string | null>;
  version: Generated<number>;
  updated_at: DefaultTimestamp;
}

export interface ParScoreHistoryTable {
  id: Generated<string>;
  assessment_id: string;
  unit_id: string;
  node_code: string;
  stage: 'self' | 'appraisal' | 'explanation' | 'reappraisal' | 'final' | 'correction' | 'data' | 'survey';
  points: string | null;
  reason: string | null;
  evidence_delta: ColumnType<unknown, string | null, string | null>;
  actor_id: string | null;
  actor_name: string;
  at: Timestamp;
}

export interface BlobsTable {
  sha256: string;
  size: number;
  mime: string;
  bytes: Buffer;
  created_at: DefaultTimestamp;
}

export interface ParEvidenceTable {
  id: Generated<string>;
  assessment_id: string;
  unit_id: string;
  node_code: string;
  sha256: string;
  file_name: string;
  stage: 'self' | 'explanation';
  uploaded_by: string | null;
  uploaded_at: Timestamp;
  removed_at: Timestamp | null;
}

export interface ParResultsTable {
  cycle_id: string;
  unit_id: string;
  total: string;
  max_points: string;
  index_value: string;
  rank: number;
  class_name: string | null;
  areas: ColumnType<unknown, string, string>;
}

export interface NotificationsTable {
  id: Generated<string>;
  user_id: string;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  created_at: Timestamp;
  read_at: Timestamp | null;
}

export interface SourceSystemsTable {
  code: string;
  name: string;
  user_id: string | null;
  created_at: DefaultTimestamp;
}

export interface DossierRowColumns {
  unit_id: string;
  source: string;
  code: string;
  received_day: DateCol;
  procedure_code: string;
  received_at: Timestamp;
  due_at: Timestamp | null;
  finished_at: Timestamp | null;
  status: string;
  channel: number;
  supplement_count: number;
  digitised: boolean;
  electronic_result: boolean;
  financial_obligation: boolean;
  online_payment: number | null;
  rating: number | null;
  feedback: boolean;
  outcome: 'early' | 'onTime' | 'late' | 'inProgress';
  late_working_days: number | null;
  source_updated_at: Timestamp;
}

export interface DossiersTable extends DossierRowColumns {
  apology_at: Timestamp | null;
  apology_note: string | null;
  batch_id: string;
}

export interface DossierStagingTable extends DossierRowColumns {
  batch_id: string;
  row_no: number;
}

export interface DossierDailyTable {
  unit_id: string;
  procedure_code: string;
  day: DateCol;
  received: number;
  finished: number;
  early: number;
  on_time: number;
  late: number;
  in_progress: number;
  online: number;
  post: number;
  digitised: number;
  electronic_result: number;
  financial_obligation: number;
  paid_online: number;
  feedback: number;
  late_working_days: string;
  /** dossiers with feedback (PAKN) or a rating of 1–2 (Decision 766, 5.4) */
  feedback_or_dissatisfied: Generated<number>;
}

export interface ServiceIndexCountsTable {
  unit_id: string;
  period: string;
  group_id: string;
  counts: ColumnType<Record<string, number>, string, string>;
  updated_by: string | null;
  updated_at: Date;
}

/** One row: bumped by every write that can change a Decision 766 score (migration 0013). */
export interface ServiceIndexDataVersionTable {
  id: Generated<boolean>;
  version: ColumnType<string, string | number, string | number>;
}

export interface DossierBatchesTable {
  id: string;
  source: string;
  file_name: string | null;
  rows: number;
  inserted: number;
  updated: number;
  unchanged: number;
  encoding: string;
  created_by: string | null;
  created_at: Timestamp;
}

/** Procedure catalogue (danh mục TTHC), keyed by MaTTHC. `legal_max` is numeric(8,2), read as text ('15.00'). */
export interface ProceduresTable {
  code: string;
  name: string;
  field: string;
  level: 'province' | 'commune' | 'both';
  online_service: 'full' | 'partial' | 'none';
  has_fee: boolean;
  legal_max: string | null;
  legal_max_unit: 'hour' | 'day' | 'workingDay' | 'month' | null;
  published_on: DateCol | null;
  illustrative: Generated<boolean>;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
}

// Surveys (SIPAS, PAR sociological survey): see migrations/0008_surveys.ts
export type SurveyKind = 'sipas' | 'parSurvey';
export type SurveyChannel = 'link' | 'kiosk' | 'paper' | 'offline';
export interface SurveyQuestionnairesTable {
  id: Generated<string>;
  code: string;
  kind: SurveyKind;
  created_by: string | null;
  created_at: DefaultTimestamp;
}
export interface SurveyQuestionnaireVersionsTable {
  id: Generated<string>;
  questionnaire_id: string;
  version: number;
  content: ColumnType<unknown, string, string>;
  created_by: string | null;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
}
export interface SurveysTable {
  id: Generated<string>;
  name: string;
  kind: SurveyKind;
  year: number;
  period_from: DateCol;
  period_to: DateCol;
  questionnaire_version_id: string;
  status: ColumnType<'draft' | 'open' | 'closed', 'draft' | 'open' | 'closed' | undefined, 'draft' | 'open' | 'closed'>;
  quotas: ColumnType<unknown, string | undefined, string>;
  par_feed: ColumnType<unknown, string | undefined, string>;
  sample_seed: string | null;
  illustrative: Generated<boolean>;
  opened_at: Timestamp | null;
  closed_at: Timestamp | null;
  created_by: string | null;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
}
export interface SurveyUnitsTable {
  survey_id: string;
  unit_id: string;
  target: number;
  frame_size: number | null;
}
export interface SurveySamplesTable {
  id: Generated<string>;
  survey_id: string;
  unit_id: string;
  dossier_source: string | null;
  dossier_code: string | null;
  dossier_received_day: DateCol | null;
  field: string | null;
  channel: string | null;
  contact: string | null;
  token_hash: string;
  created_at: DefaultTimestamp;
}
export interface SurveyKiosksTable {
  id: Generated<string>;
  survey_id: string;
  unit_id: string;
  label: string;
  key_hash: string;
  created_by: string | null;
  created_at: DefaultTimestamp;
  closed_at: Timestamp | null;
}
export interface SurveyResponsesTable {
  id: string;
  survey_id: string;
  unit_id: string;
  channel: SurveyChannel;
  sample_id: string | null;
  kiosk_id: string | null;
  dossier_code: string | null;
  form_number: string | null;
  answers: ColumnType<unknown, string, string>;
  demographics: ColumnType<unknown, string | undefined, string>;
  lang: string | null;
  submitted_at: Timestamp;
  collected_at: Timestamp | null;
  entered_by: string | null;
  excluded: Generated<boolean>;
  excluded_reason: string | null;
  excluded_by: string | null;
  excluded_at: Timestamp | null;
}
export interface SurveyPaperKeyingsTable {
  survey_id: string;
  form_number: string;
  unit_id: string;
  dossier_code: string | null;
  answers: ColumnType<unknown, string, string>;
  keyed_by: string | null;
  keyed_at: Timestamp;
}

// ---- Plans (0009_plans) ----
export type PlanKindCol = 'plan' | 'remedial' | 'inspectionFollowUp';
export type PlanStatusCol = 'draft' | 'active' | 'closed';
export type PlanReportStatus = 'notStarted' | 'inProgress' | 'done' | 'blocked';

export interface PlansTable {
  id: Generated<string>;
  number: string;
  date: DateCol;
  issuer: string;
  title: string;
  purpose: Generated<string>;
  kind: Generated<PlanKindCol>;
  status: Generated<PlanStatusCol>;
  par_cycle_id: string | null;
  illustrative: Generated<boolean>;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface PlanAttachmentsTable {
  id: Generated<string>;
  plan_id: string;
  sha256: string;
  file_name: string;
  uploaded_by: string | null;
  uploaded_at: Timestamp;
}

/** `schedule` is the domain Schedule as JSON; `target_value` numeric read as text. */
export interface PlanTasksTable {
  id: Generated<string>;
  plan_id: string;
  parent_id: string | null;
  ref: string;
  work: string;
  lead_unit_id: string;
  responsible_person: string | null;
  schedule: ColumnType<unknown, string, string>;
  expected_text: Generated<string>;
  target_value: string | null;
  target_unit: string | null;
  criterion_codes: ColumnType<string[], string | undefined, string>;
  inspection_finding_id: string | null;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface PlanTaskSupportUnitsTable {
  task_id: string;
  unit_id: string;
}

export interface PlanOccurrencesTable {
  id: Generated<string>;
  task_id: string;
  period: string;
  period_start: DateCol;
  period_end: DateCol;
  due_date: DateCol;
}

export interface PlanReportsTable {
  id: Generated<string>;
  unit_id: string;
  task_id: string;
  occurrence_id: string;
  status: PlanReportStatus;
  percent: number;
  text: Generated<string>;
  reported_by: string | null;
  reported_by_name: string;
  reported_at: Timestamp;
}

export interface PlanReportEvidenceTable {
  id: Generated<string>;
  unit_id: string;
  report_id: string;
  sha256: string;
  file_name: string;
  uploaded_by: string | null;
  uploaded_at: Timestamp;
}

export interface PlanJobsTable {
  id: Generated<string>;
  unit_id: string;
  kind: 'reminder' | 'escalation';
  occurrence_id: string;
  recipient_id: string;
  email: string | null;
  status: Generated<'pending' | 'sending' | 'sent' | 'failed' | 'cancelled'>;
  attempts: Generated<number>;
  run_after: Timestamp;
  claim_token: string | null;
  lease_until: Timestamp | null;
  last_error: string | null;
  mail_status: 'sent' | 'bounced' | 'none' | null;
  created_at: Timestamp;
  sent_at: Timestamp | null;
}

export interface CampaignsTable {
  id: Generated<string>;
  name: string;
  plan_id: string | null;
  start_date: DateCol;
  end_date: DateCol;
  illustrative: Generated<boolean>;
  created_at: Timestamp;
}

export interface CampaignTargetsTable {
  id: Generated<string>;
  campaign_id: string;
  unit_id: string;
  name: string;
  indicator: 'onlineRate' | 'digitisationRate' | 'onlinePaymentRate' | null;
  unit_label: Generated<string>;
  baseline: string;
  milestones: ColumnType<{ day: number; value: string }[], string, string>;
}

export interface CampaignValuesTable {
  id: Generated<string>;
  unit_id: string;
  target_id: string;
  day: DateCol;
  value: string;
  note: Generated<string>;
  reported_by: string | null;
  reported_at: Timestamp;
}

export interface ChecklistItem {
  item: string;
  result: 'pass' | 'fail' | null;
  note: string;
}

export interface InspectionPlansTable {
  id: Generated<string>;
  year: number;
  name: string;
  checklist: ColumnType<string[], string, string>;
  follow_up_plan_id: string | null;
  illustrative: Generated<boolean>;
  created_at: Timestamp;
}

export interface InspectionsTable {
  id: Generated<string>;
  unit_id: string;
  inspection_plan_id: string;
  planned_date: DateCol;
  status: Generated<'planned' | 'done'>;
  conducted_on: DateCol | null;
  checklist: ColumnType<ChecklistItem[], string, string>;
}

export interface InspectionFindingsTable {
  id: Generated<string>;
  unit_id: string;
  inspection_id: string;
  text: string;
  task_id: string | null;
  created_at: Timestamp;
}

export interface DB {
  units: UnitsTable;
  unit_groups: UnitGroupsTable;
  unit_group_members: UnitGroupMembersTable;
  unit_lineage: UnitLineageTable;
  users: UsersTable;
  user_roles: UserRolesTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  login_attempts: LoginAttemptsTable;
  audit_log: AuditLogTable;
  holidays: HolidaysTable;
  calendar_years: CalendarYearsTable;
  app_meta: AppMetaTable;
  par_frameworks: ParFrameworksTable;
  par_framework_nodes: ParFrameworkNodesTable;
  par_cycles: ParCyclesTable;
  par_appraisers: ParAppraisersTable;
  par_assessments: ParAssessmentsTable;
  par_scores: ParScoresTable;
  par_score_history: ParScoreHistoryTable;
  blobs: BlobsTable;
  par_evidence: ParEvidenceTable;
  par_results: ParResultsTable;
  notifications: NotificationsTable;
  source_systems: SourceSystemsTable;
  dossiers: DossiersTable;
  dossier_staging: DossierStagingTable;
  dossier_daily: DossierDailyTable;
  dossier_batches: DossierBatchesTable;
  service_index_counts: ServiceIndexCountsTable;
  service_index_data_version: ServiceIndexDataVersionTable;
  procedures: ProceduresTable;
  survey_questionnaires: SurveyQuestionnairesTable;
  survey_questionnaire_versions: SurveyQuestionnaireVersionsTable;
  surveys: SurveysTable;
  survey_units: SurveyUnitsTable;
  survey_samples: SurveySamplesTable;
  survey_kiosks: SurveyKiosksTable;
  survey_responses: SurveyResponsesTable;
  survey_paper_keyings: SurveyPaperKeyingsTable;
  plans: PlansTable;
  plan_attachments: PlanAttachmentsTable;
  plan_tasks: PlanTasksTable;
  plan_task_support_units: PlanTaskSupportUnitsTable;
  plan_occurrences: PlanOccurrencesTable;
  plan_reports: PlanReportsTable;
  plan_report_evidence: PlanReportEvidenceTable;
  plan_jobs: PlanJobsTable;
  campaigns: CampaignsTable;
  campaign_targets: CampaignTargetsTable;
  campaign_values: CampaignValuesTable;
  inspection_plans: InspectionPlansTable;
  inspections: InspectionsTable;
  inspection_findings: InspectionFindingsTable;
}

export type UnitRow = Selectable<UnitsTable>;
export type NewUnit = Insertable<UnitsTable>;
export type UserRow = Selectable<UsersTable>;
