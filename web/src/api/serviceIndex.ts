import { parsePeriod } from '../../../src/domain/serviceIndex/period.ts';
// Types and endpoints of the Decision 766 service index module (Chỉ số phục vụ người dân, doanh nghiệp).
// Points travel as strings with a dot ("15.00"); the UI formats them per language.

import { api, buildUrl } from './client';
import { uploadWithProgress } from './upload';

export const SI_GROUPS = ['transparency', 'progress', 'onlineService', 'payment', 'satisfaction', 'digitisation'] as const;
export type SiGroup = (typeof SI_GROUPS)[number];

export interface SiIndicator {
  code: string;
  metricCode: string | null;
  name: string;
  numerator: string | null;
  denominator: string | null;
  ratio: string | null;
  points: string;
  max: string;
  rule: 'linear' | 'target' | 'monitoring';
  target: string | null;
  status: 'computed' | 'zeroDenominator' | 'noData';
  zeroDenominatorRule: string | null;
  provisional: boolean;
}

export interface SiGroupScore {
  score: string;
  max: string;
  rank: number;
  provided: boolean;
  provisional: boolean;
  indicators: SiIndicator[];
}

export interface SiUnitScore {
  unitId: string;
  groups: Record<SiGroup, SiGroupScore>;
  total: string;
  max: string;
  rank: number;
  class: string | null;
  classProvisional: boolean;
  /** Groups without counts: the class is withheld. */
  missingGroups?: SiGroup[];
  provisional: boolean;
}

export type SiCounts = Partial<Record<SiGroup, Record<string, number>>>;

export interface SiScoreReply {
  period: string | null;
  units: SiUnitScore[];
}

export interface SiScores extends Omit<SiScoreReply, 'units'> {
  units: (SiUnitScore & { previousRank?: number | null; rankChange?: number | null })[];
  previousPeriod?: string;
  missingCounts?: Record<string, Partial<Record<SiGroup, string[]>>>;
  counts?: Record<string, SiCounts>;
  names: Record<string, { name: string; code: string }>;
}

import type { DrillFilter } from '../../../src/domain/serviceIndex/drill.ts';

export { DRILL_FILTERS, type DrillFilter, drillFilterFor } from '../../../src/domain/serviceIndex/drill.ts';

export interface DrillItem {
  code: string;
  source: string;
  procedureCode: string;
  procedureName: string | null;
  receivedAt: string;
  dueAt: string | null;
  finishedAt: string | null;
  status: string;
  channel: number | string | null;
  outcome: string | null;
  lateWorkingDays: number | null;
  digitised: boolean | null;
  onlinePayment: unknown;
  rating: number | null;
  feedback: boolean;
  electronicResult: boolean;
  apologyAt: string | null;
}

export interface DrillPage {
  total: number;
  items: DrillItem[];
}

export interface DossierImportResult {
  batchId?: string;
  rows: number;
  inserted: number;
  updated: number;
  unchanged: number;
  encoding: string;
}

export interface Procedure {
  code: string;
  name: string;
  field: string;
  level: 'province' | 'commune' | 'both';
  onlineService: 'full' | 'partial' | 'none';
  hasFee: boolean;
  legalMax: number | null;
  legalMaxUnit: 'hour' | 'day' | 'workingDay' | 'month' | null;
  publishedOn: string | null;
  illustrative: boolean;
  updatedAt: string;
}

export interface ProcedureImportResult {
  format: 'xlsx' | 'csv';
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
}

export const siKeys = {
  all: ['serviceIndex'] as const,
  scores: (period: string) => ['serviceIndex', 'scores', period] as const,
  drill: (unitId: string, period: string, filter: DrillFilter, page: number) => ['serviceIndex', 'drill', unitId, period, filter, page] as const,
  unitCounts: (unitId: string, period: string) => ['serviceIndex', 'unitCounts', unitId, period] as const,
  overdue: (unitId: string, days: number) => ['serviceIndex', 'overdue', unitId, days] as const,
  procedures: (q: string, offset: number) => ['serviceIndex', 'procedures', q, offset] as const,
};

export const fetchScores = (period: string) => api.get<SiScores>('/api/service-index/scores', { query: { period } });

export const simulateScores = (period: string, units: { unitId: string; counts: SiCounts }[]) =>
  api.post<SiScoreReply>('/api/service-index/score', { period, units });

export interface WatchedDossier {
  code: string;
  source: string;
  receivedDay: string;
  procedureCode: string;
  procedureName: string | null;
  receivedAt: string;
  dueAt: string;
  overdue: boolean;
  /** Overdue: working days since the due day; due soon: working days left. */
  workingDays: number;
  apologyAt: string | null;
  apologyNote: string | null;
}

export interface OverdueWatch {
  today: string;
  horizonDay: string;
  overdue: WatchedDossier[];
  dueSoon: WatchedDossier[];
}

export const fetchOverdue = (unitId: string, withinWorkingDays: number) =>
  api.get<OverdueWatch>(`/api/service-index/units/${unitId}/overdue`, { query: { withinWorkingDays } });

export const recordApology = (body: { unitId: string; source: string; code: string; receivedDay: string; note: string }) =>
  api.post<void>('/api/service-index/dossiers/apology', body);

export interface UnitCountsForm {
  period: string;
  fields: Record<SiGroup, { name: string; required: boolean }[]>;
  derived: SiCounts;
  entered: SiCounts;
  missing: Partial<Record<SiGroup, string[]>>;
}

export const fetchUnitCounts = (unitId: string, period: string) => api.get<UnitCountsForm>(`/api/service-index/units/${unitId}/counts`, { query: { period } });

export const saveUnitCounts = (unitId: string, body: { period: string; group: SiGroup; counts: Record<string, number> }) =>
  api.put<void>(`/api/service-index/units/${unitId}/counts`, body);

export const DRILL_PAGE_SIZE = 50;

export const fetchDrill = (unitId: string, period: string, filter: DrillFilter, page: number) =>
  api.get<DrillPage>(`/api/service-index/units/${unitId}/dossiers`, { query: { period, filter, page, pageSize: DRILL_PAGE_SIZE } });

export const drillExportUrl = (unitId: string, period: string, filter: DrillFilter) =>
  buildUrl(`/api/service-index/units/${unitId}/dossiers.xlsx`, { period, filter });

export const PROCEDURE_PAGE_SIZE = 50;

export const fetchProcedures = (q: string, offset: number) =>
  api.get<{ items: Procedure[]; total: number; limit: number; offset: number }>('/api/service-index/procedures', {
    query: { q: q || undefined, limit: PROCEDURE_PAGE_SIZE, offset },
  });

export function importProcedures(file: File): Promise<ProcedureImportResult> {
  const form = new FormData();
  form.append('file', file);
  return api.upload<ProcedureImportResult>('/api/service-index/procedures/import', form);
}

/** Uploads a dossier file (CSV / NDJSON) with its progress shown. */
export function uploadDossiers(file: File, onProgress: (fraction: number) => void): Promise<DossierImportResult> {
  return uploadWithProgress<DossierImportResult>('/api/service-index/dossiers/import', file, onProgress);
}

// ---- periods ----

export type { PeriodKind } from '../../../src/domain/serviceIndex/period.ts';

/** A period text the server accepts: year, quarter, month or ISO week (the domain's own parser). */
export function isPeriod(v: string | null): v is string {
  return !!v && parsePeriod(v) !== null;
}

/** The quarter before the current one (the last complete quarter), e.g. "2025-Q4". */
export function defaultPeriod(now = new Date()): string {
  const q = Math.floor(now.getMonth() / 3);
  return q === 0 ? `${now.getFullYear() - 1}-Q4` : `${now.getFullYear()}-Q${q}`;
}
