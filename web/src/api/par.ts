// Types and endpoints of the PAR Index module (Chỉ số CCHC): frameworks, cycles, assessments, evidence, results.
// Decimals (points, indices) travel as strings with a dot ("62.62"); the UI formats them per language.

import { api } from './client';
import type { ListResponse } from './types';

export type ParStage = 'selfAssessment' | 'appraisal' | 'explanation' | 'reappraisal' | 'council' | 'published';
export const PAR_STAGES: readonly ParStage[] = ['selfAssessment', 'appraisal', 'explanation', 'reappraisal', 'council', 'published'];

export type AssessmentStatus = 'draft' | 'submitted' | 'returned' | 'appraised' | 'explained' | 'reappraised' | 'finalised' | 'published';
export const ASSESSMENT_STATUSES: readonly AssessmentStatus[] = [
  'draft',
  'returned',
  'submitted',
  'appraised',
  'explained',
  'reappraised',
  'finalised',
  'published',
];

export type NodeSource = 'self' | 'survey' | 'data';
export type NodeKind = 'normal' | 'bonus' | 'penalty';
export type Dec = string | number;

export type ScoringMethod =
  | { type: 'direct' }
  | { type: 'levels'; levels: { label: string; points: Dec }[] }
  | { type: 'bands'; bands: { minPercent: Dec; points: Dec; minExclusive?: boolean }[]; onZeroDenominator?: 'max' | 'zero' }
  | { type: 'proportional'; targetPercent?: Dec; onZeroDenominator?: 'max' | 'zero' }
  | { type: 'count'; pointsPerItem: Dec; cap?: Dec }
  | { type: 'boolean' }
  | { type: 'deduction'; pointsPerItem: Dec; floor: Dec }
  | { type: 'bonus'; cap: Dec }
  | { type: 'survey' }
  | { type: 'data'; indicator: string };

export type ScoringMethodType = ScoringMethod['type'];

export interface FrameworkNode {
  code: string;
  parentCode: string | null;
  title: string;
  maxPoints: string;
  source: NodeSource;
  kind: NodeKind;
  method: ScoringMethod | null;
  guidance: string | null;
  evidenceRequired: boolean;
  order: number;
}

export interface ClassRule {
  name: string;
  minIndex: string;
}

export interface Framework {
  id: string;
  name: string;
  year: number;
  groupCode: string;
  classes: ClassRule[];
  illustrative?: boolean;
  copiedFromId?: string | null;
  nodes: FrameworkNode[];
}

/** What a framework serves: the PAR Index, or the evaluation of heads of agencies on the same machinery. */
export type Purpose = 'parIndex' | 'headEvaluation';

export interface FrameworkSummary {
  purpose: Purpose;
  id: string;
  name: string;
  year: number;
  groupCode: string;
  illustrative: boolean;
  copiedFromId?: string | null;
  nodeCount: number;
  cycleCount: number;
}

export interface DiffNode {
  code: string;
  parentCode: string | null;
  title: string;
  maxPoints: string;
  source: string;
  kind: string;
  method: unknown;
  guidance: string | null;
}

export interface FrameworkDiff {
  added: DiffNode[];
  removed: DiffNode[];
  changed: { code: string; fields: { field: string; before: unknown; after: unknown }[] }[];
  unchanged: number;
}

export interface CycleSummary {
  id: string;
  name: string;
  year: number;
  stage: ParStage;
  surveyIncluded: boolean;
  selfDeadline: string | null;
  groupCode: string;
  frameworkId: string;
  frameworkName: string;
  purpose: Purpose;
  /** The assessment of the user's own unit in this cycle; null for province-wide users (or several units). */
  myAssessmentId?: string | null;
}

export interface Cycle {
  id: string;
  frameworkId: string;
  name: string;
  year: number;
  stage: ParStage;
  surveyIncluded: boolean;
  selfDeadline: string | null;
  appraisalDeadline: string | null;
  explanationDeadline: string | null;
  councilDeadline: string | null;
  publishedAt: string | null;
  purpose: Purpose;
}

export interface CycleInput {
  frameworkId: string;
  name: string;
  surveyIncluded: boolean;
  selfDeadline: string | null;
  appraisalDeadline: string | null;
  explanationDeadline: string | null;
  councilDeadline: string | null;
}

export interface BoardItem {
  assessmentId: string;
  unitId: string;
  unitName: string;
  unitCode: string;
  status: AssessmentStatus;
  submittedAt: string | null;
  returnedReason: string | null;
  scoredLeaves: number;
  evidenceFiles: number;
  late: boolean;
  missing: boolean;
}

export interface AppraiserAssignment {
  userId: string;
  unitId: string | null;
  areaCode: string | null;
}

export interface BoardAppraiser extends AppraiserAssignment {
  displayName: string;
}

export interface Board {
  cycle: Cycle;
  /** the cycle's framework: its name and unit group */
  framework: { name: string; groupCode: string };
  items: BoardItem[];
  /** Number of self-scored leaves of the cycle's framework. */
  selfLeafCount: number;
  /** Current appraiser assignments (per unit, or per area when unitId is null). */
  appraisers: BoardAppraiser[];
}

export interface Assessment {
  id: string;
  cycleId: string;
  unitId: string;
  status: AssessmentStatus;
  submittedAt: string | null;
  returnedReason: string | null;
  reopenedReason: string | null;
  version: number;
}

export interface LeafScore {
  nodeCode: string;
  selfPoints: string | null;
  selfInput: Record<string, unknown> | null;
  selfNote: string | null;
  appraisedPoints: string | null;
  appraisalReason: string | null;
  explanationStatus: 'accepted' | 'disputed' | null;
  explanationText: string | null;
  reappraisedPoints: string | null;
  reappraisalReason: string | null;
  finalPoints: string | null;
  dataSource?: unknown;
  version: number;
  updatedAt: string;
}

export interface Evidence {
  id: string;
  nodeCode: string;
  name: string;
  sha256: string;
  stage: 'self' | 'explanation' | string;
  uploadedAt: string;
  size: number;
  mime: string;
}

export interface ComponentResult {
  score: string;
  max: string;
  index: string | null;
  rank?: number | null;
}

export interface AssessmentTotals {
  total: string;
  max: string;
  index: string | null;
  rank: number | null;
  classification: string | null;
  subtotal?: string;
  bonus?: string;
  penalty?: string;
  areas: Record<string, ComponentResult>;
  criteria?: Record<string, ComponentResult>;
  missing: string[];
}

/** What the current user may do on an assessment right now (computed by the server: stage × status × scope × assignment). */
export interface AssessmentCan {
  selfScore: boolean;
  uploadEvidence: boolean;
  submit: boolean;
  appraise: boolean;
  return: boolean;
  explain: boolean;
  reappraise: boolean;
  finalise: boolean;
  reopen: boolean;
  setDerived: boolean;
}

export interface AssessmentView {
  can: AssessmentCan;
  assessment: Assessment;
  cycle: Cycle;
  unit: { id: string; code: string; name: string };
  framework: Framework;
  scores: LeafScore[];
  evidence: Evidence[];
  totals: AssessmentTotals;
}

export interface HistoryEntry {
  id?: string;
  stage: string;
  points: string | null;
  reason: string | null;
  evidenceDelta: { added?: { id: string; name: string }[]; removed?: { id: string; name: string }[] } | null;
  actorName: string | null;
  at: string;
}

export interface LastYear {
  index: string;
  rank: number | null;
  via: ({ unitId: string; name: string; index: string } | string)[];
}

export interface ResultItem {
  unitId: string;
  assessmentId: string;
  unitName: string;
  unitCode: string;
  total: string;
  max: string;
  index: string;
  rank: number;
  class: string | null;
  areas: Record<string, ComponentResult>;
  lastYear: LastYear | null;
  indexChange: string | null;
  rankChange: number | null;
}

export interface Results {
  cycle: Cycle;
  areas: { code: string; title: string; maxPoints: string }[];
  previousCycleId: string | null;
  items: ResultItem[];
}

export interface ComputeUnitResult {
  unitId: string;
  total: string;
  max: string;
  index: string | null;
  rank: number | null;
  class: string | null;
  areas: Record<string, ComponentResult>;
}

export interface ComputeResponse {
  max: string;
  summary: { count: number; max: string; meanTotal: string | null; meanOfIndices: string | null; indexOfMean: string | null };
  units: ComputeUnitResult[];
}

export interface ComputeBody {
  framework: { nodes: FrameworkNode[]; classes: ClassRule[] };
  surveyIncluded: boolean;
  units: { unitId: string; scores: Record<string, string | null> }[];
}

// ---- trends (leaders' dashboard) ----

export interface TrendYear {
  year: number;
  cycleId: string;
  count: number;
  meanOfIndices: string | null;
  classes: { name: string | null; count: number }[];
}

export interface TrendPoint {
  year: number;
  index: string | null;
  rank: number | null;
  /** The value comes from the predecessor unit(s) (merge/split), not from the unit itself. */
  viaLineage: boolean;
}

export interface TrendUnit {
  unitId: string;
  name: string;
  code: string;
  series: TrendPoint[];
}

export interface Trends {
  groupCode: string;
  years: TrendYear[];
  units: TrendUnit[];
}

// ---- analysis ----

export interface GapTally {
  appraised: number;
  changed: number;
  lowered: number;
  raised: number;
  pointsRemoved: string;
  pointsAdded: string;
  meanGap: string | null;
  meanGapRounded: string | null;
}

export interface AppraisalGaps {
  cycle: { id: string; name: string; year: number; stage: ParStage };
  total: GapTally & { units: number };
  leaves: (GapTally & { code: string; title: string; maxPoints: string })[];
  appraisers: (GapTally & { userId: string | null; username: string | null; name: string; units: number })[];
}

export interface WeakLeaf {
  code: string;
  kind: NodeKind;
  title?: string;
  points: string;
  max: string;
  lost: string;
  groupAverage: string | null;
  vsGroupAverage: string | null;
  lastYear: string | null;
  vsLastYear: string | null;
}

export interface WeakLeaves {
  assessmentId: string;
  unit: { id: string; code: string; name: string };
  cycle: { id: string; name: string; year: number; stage: ParStage };
  previousCycle: { id: string; name: string; year: number } | null;
  lastYearVia: { unitId: string; name: string }[];
  groupSize: number;
  totalLost: string;
  items: WeakLeaf[];
}

const enc = encodeURIComponent;

export const parKeys = {
  all: ['par'] as const,
  allFrameworks: ['par', 'frameworks'] as const,
  frameworks: (purpose: Purpose) => ['par', 'frameworks', purpose] as const,
  framework: (id: string) => ['par', 'framework', id] as const,
  diff: (id: string, against: string) => ['par', 'diff', id, against] as const,
  allCycles: ['par', 'cycles'] as const,
  cycles: (purpose: Purpose) => ['par', 'cycles', purpose] as const,
  board: (id: string) => ['par', 'board', id] as const,
  results: (id: string) => ['par', 'results', id] as const,
  assessment: (id: string) => ['par', 'assessment', id] as const,
  history: (id: string, code: string) => ['par', 'history', id, code] as const,
  trends: (group: string) => ['par', 'trends', group] as const,
  gaps: (id: string) => ['par', 'gaps', id] as const,
  weak: (id: string) => ['par', 'weak', id] as const,
};

// ---- frameworks ----
export const fetchFrameworks = (purpose: Purpose = 'parIndex') =>
  api.get<ListResponse<FrameworkSummary>>('/api/par/frameworks', { query: { purpose } }).then((r) => r.items);
export const fetchFramework = (id: string) => api.get<{ framework: Framework }>(`/api/par/frameworks/${enc(id)}`).then((r) => r.framework);
export const frameworkExportUrl = (id: string) => `/api/par/frameworks/${enc(id)}/export.xlsx`;
export function importFramework(file: File, purpose: Purpose = 'parIndex'): Promise<Framework> {
  const form = new FormData();
  form.append('file', file, file.name);
  return api.upload<{ framework: Framework }>(`/api/par/frameworks/import?purpose=${purpose}`, form).then((r) => r.framework);
}
export const copyFramework = (id: string, body: { year: number; name: string }) =>
  api.post<{ framework: Framework }>(`/api/par/frameworks/${enc(id)}/copy`, body).then((r) => r.framework);
export const deleteFramework = (id: string) => api.delete(`/api/par/frameworks/${enc(id)}`);
export const fetchFrameworkDiff = (id: string, against: string) => api.get<FrameworkDiff>(`/api/par/frameworks/${enc(id)}/diff`, { query: { against } });

// ---- cycles ----
export const fetchCycles = (purpose: Purpose = 'parIndex') =>
  api.get<ListResponse<CycleSummary>>('/api/par/cycles', { query: { purpose } }).then((r) => r.items);

export interface DataFeedOutcome {
  cycleId: string;
  fed: { unitId: string; nodeCode: string; indicator: string; points: string; provenance: string }[];
  unchanged: number;
  skipped: { unitId: string; nodeCode: string; indicator: string; reason: string }[];
}
/** Gives the cycle's data-derived criteria their points from the system's data (PAR results, tasks, inspections, 766). */
export const runDataFeed = (id: string) => api.post<DataFeedOutcome>(`/api/par/cycles/${enc(id)}/data-feed`);
export const createCycle = (input: CycleInput) => api.post<{ cycle: Cycle }>('/api/par/cycles', input).then((r) => r.cycle);
export const fetchBoard = (id: string) => api.get<Board>(`/api/par/cycles/${enc(id)}/board`);
export const remindCycle = (id: string) => api.post<{ units: number; people: number }>(`/api/par/cycles/${enc(id)}/remind`);
export const advanceCycle = (id: string) => api.post<{ cycle: Cycle }>(`/api/par/cycles/${enc(id)}/advance`).then((r) => r.cycle);
export const setAppraisers = (id: string, assignments: AppraiserAssignment[]) => api.put<void>(`/api/par/cycles/${enc(id)}/appraisers`, { assignments });
export const publishCycle = (id: string) => api.post<{ published: number }>(`/api/par/cycles/${enc(id)}/publish`);
export const fetchResults = (id: string) => api.get<Results>(`/api/par/cycles/${enc(id)}/results`);
export const resultsExportUrl = (id: string) => `/api/par/cycles/${enc(id)}/results.xlsx`;
export const resultsPdfUrl = (id: string) => `/api/par/cycles/${enc(id)}/results.pdf`;
export const fetchAppraisalGaps = (id: string) => api.get<AppraisalGaps>(`/api/par/cycles/${enc(id)}/appraisal-gaps`);
export const fetchTrends = (group: string) => api.get<Trends>('/api/par/trends', { query: { group } });

// ---- assessments ----
const leafPath = (id: string, code: string) => `/api/par/assessments/${enc(id)}/leaves/${enc(code)}`;
export const fetchAssessment = (id: string) => api.get<AssessmentView>(`/api/par/assessments/${enc(id)}`);
export const fetchLeafHistory = (id: string, code: string) => api.get<ListResponse<HistoryEntry>>(`${leafPath(id, code)}/history`).then((r) => r.items);

export interface SelfScoreBody {
  points?: string;
  input?: Record<string, unknown>;
  note?: string | null;
  version: number;
}
export const saveSelfScore = (id: string, code: string, body: SelfScoreBody) => api.put<{ score: LeafScore }>(`${leafPath(id, code)}/self`, body);
export const saveAppraisal = (id: string, code: string, body: { points: string; reason?: string | null; version: number }) =>
  api.put<{ score: LeafScore }>(`${leafPath(id, code)}/appraisal`, body);
export const saveExplanation = (id: string, code: string, body: { status: 'accepted' | 'disputed'; text?: string | null; version: number }) =>
  api.put<{ score: LeafScore }>(`${leafPath(id, code)}/explanation`, body);
export const saveReappraisal = (id: string, code: string, body: { points: string; reason: string; version: number }) =>
  api.put<{ score: LeafScore }>(`${leafPath(id, code)}/reappraisal`, body);

export const saveDerived = (id: string, code: string, body: { points: string; source: string; version: number }) =>
  api.put<{ score: LeafScore }>(`${leafPath(id, code)}/derived`, body);

export const submitAssessment = (id: string) => api.post<void>(`/api/par/assessments/${enc(id)}/submit`);
export const returnAssessment = (id: string, reason: string) => api.post<void>(`/api/par/assessments/${enc(id)}/return`, { reason });
export const completeAppraisal = (id: string) => api.post<void>(`/api/par/assessments/${enc(id)}/appraised`);
export const submitExplanation = (id: string) => api.post<void>(`/api/par/assessments/${enc(id)}/explained`);
export const completeReappraisal = (id: string) => api.post<void>(`/api/par/assessments/${enc(id)}/reappraised`);
export const finaliseAssessment = (id: string) => api.post<void>(`/api/par/assessments/${enc(id)}/finalise`);
export const reopenAssessment = (id: string, reason: string) => api.post<void>(`/api/par/assessments/${enc(id)}/reopen`, { reason });

export const assessmentSheetUrl = (id: string) => `/api/par/assessments/${enc(id)}/sheet.xlsx`;
export const remedialPlanUrl = (id: string) => `/api/par/assessments/${enc(id)}/remedial-plan.xlsx`;
export const fetchWeakLeaves = (id: string) => api.get<WeakLeaves>(`/api/par/assessments/${enc(id)}/weak`);

// ---- evidence ----
export function uploadEvidence(id: string, code: string, file: File): Promise<Evidence> {
  const form = new FormData();
  form.append('file', file, file.name);
  return api.upload<{ evidence: Evidence }>(`${leafPath(id, code)}/evidence`, form).then((r) => r.evidence);
}
export const evidenceUrl = (id: string, download = false) => `/api/par/evidence/${enc(id)}${download ? '?download=1' : ''}`;
export const removeEvidence = (id: string) => api.delete(`/api/par/evidence/${enc(id)}`);

// ---- what-if ----
export const computeWhatIf = (body: ComputeBody) => api.post<ComputeResponse>('/api/par/compute', body);
