// Typed wrappers for every API endpoint used by the web app, plus React Query keys.

import { api, setCsrfToken } from './client';
import type {
  ApiToken,
  AuditEntry,
  AuditQuery,
  AuditVerifyResult,
  CreatedToken,
  Health,
  Holiday,
  ImportResult,
  ListResponse,
  MergeInput,
  SessionResponse,
  SplitInput,
  Unit,
  UnitDetail,
  UnitGroup,
  UnitInput,
  UnitKind,
  UnitPatch,
  User,
  UserCreateInput,
  UserPatch,
} from './types';

export const queryKeys = {
  me: ['me'] as const,
  health: ['health'] as const,
  units: (params: UnitListParams) => ['units', 'list', params] as const,
  unitsAll: ['units'] as const,
  unit: (id: string) => ['units', 'detail', id] as const,
  unitLineage: (id: string, date: string) => ['units', 'lineage', id, date] as const,
  unitGroups: ['unit-groups'] as const,
  users: ['users'] as const,
  tokens: ['tokens'] as const,
  audit: (q: AuditQuery) => ['audit', q] as const,
  holidays: (year: number) => ['holidays', year] as const,
};

// ---- auth ----
export async function fetchMe(): Promise<SessionResponse | null> {
  try {
    const res = await api.get<SessionResponse>('/api/auth/me', { skipAuthRedirect: true });
    setCsrfToken(res.csrfToken);
    return res;
  } catch (err) {
    if (err && typeof err === 'object' && 'status' in err && (err as { status: number }).status === 401) {
      setCsrfToken(null);
      return null;
    }
    throw err;
  }
}

export async function login(username: string, password: string): Promise<SessionResponse> {
  const res = await api.post<SessionResponse>('/api/auth/login', { username, password }, { skipAuthRedirect: true });
  setCsrfToken(res.csrfToken);
  return res;
}

export async function logout(): Promise<void> {
  try {
    await api.post<void>('/api/auth/logout', undefined, { skipAuthRedirect: true });
  } finally {
    setCsrfToken(null);
  }
}

export const fetchHealth = () => api.get<Health>('/api/health');

// ---- units ----
export interface UnitListParams {
  date?: string;
  q?: string;
  kind?: UnitKind | '';
}

export const fetchUnits = (params: UnitListParams, signal?: AbortSignal) =>
  api.get<ListResponse<Unit>>('/api/units', { query: { ...params }, signal }).then((r) => r.items);

export const fetchUnit = (id: string, signal?: AbortSignal) => api.get<UnitDetail>(`/api/units/${encodeURIComponent(id)}`, { signal });

export const fetchUnitLineage = (id: string, date: string, signal?: AbortSignal) =>
  api.get<{ unitsOnDate: Unit[] }>(`/api/units/${encodeURIComponent(id)}/lineage`, { query: { date }, signal }).then((r) => r.unitsOnDate);

export const fetchUnitGroups = () => api.get<ListResponse<UnitGroup>>('/api/unit-groups').then((r) => r.items);

export const createUnit = (input: UnitInput) => api.post<{ unit: Unit }>('/api/units', input).then((r) => r.unit);

export const updateUnit = (id: string, patch: UnitPatch) => api.patch<{ unit: Unit }>(`/api/units/${encodeURIComponent(id)}`, patch).then((r) => r?.unit);

export const mergeUnits = (input: MergeInput) => api.post<{ successor: Unit }>('/api/units/merge', input).then((r) => r.successor);

export const splitUnit = (input: SplitInput) => api.post<{ successors: Unit[] }>('/api/units/split', input).then((r) => r.successors);

export const UNITS_EXPORT_URL = '/api/units/export.xlsx';

export function importUnits(file: File): Promise<ImportResult> {
  const form = new FormData();
  form.append('file', file, file.name);
  return api.upload<ImportResult>('/api/units/import', form);
}

// ---- users ----
export const fetchUsers = () => api.get<ListResponse<User>>('/api/users').then((r) => r.items);
export const createUser = (input: UserCreateInput) => api.post<unknown>('/api/users', input);
export const updateUser = (id: string, patch: UserPatch & { unlock?: boolean }) => api.patch<unknown>(`/api/users/${encodeURIComponent(id)}`, patch);

// ---- API tokens ----
export const fetchTokens = () => api.get<ListResponse<ApiToken>>('/api/tokens').then((r) => r.items);
export const createToken = (name: string) => api.post<CreatedToken>('/api/tokens', { name });
export const revokeToken = (id: string) => api.delete(`/api/tokens/${encodeURIComponent(id)}`);

// ---- audit ----
export const fetchAudit = (q: AuditQuery, signal?: AbortSignal) => api.get<{ items: AuditEntry[]; total: number }>('/api/audit', { query: { ...q }, signal });
export const verifyAudit = () => api.post<AuditVerifyResult>('/api/audit/verify');

// ---- calendar ----
export const fetchHolidays = (year: number) => api.get<ListResponse<Holiday>>('/api/calendar/holidays', { query: { year } }).then((r) => r.items);
/** `kind` is only sent for a make-up working weekend day (a server extension); plain holidays send { day, name }. */
export const addHoliday = (day: string, name: string, kind?: 'workingWeekend') =>
  api.post<unknown>('/api/calendar/holidays', kind ? { day, name, kind } : { day, name });
export const removeHoliday = (day: string) => api.delete(`/api/calendar/holidays/${encodeURIComponent(day)}`);
export const addWorkingDays = (from: string, days: number) =>
  api.get<{ date: string }>('/api/calendar/add-working-days', { query: { from, days } }).then((r) => r.date);
