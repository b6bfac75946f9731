// Types of the CCHC JSON API (camelCase; dates 'YYYY-MM-DD', timestamps ISO UTC).

export type RoleCode = 'admin' | 'parOffice' | 'appraiser' | 'councilMember' | 'focalOfficer' | 'unitLeader' | 'provincialLeader';

export const ROLE_CODES: readonly RoleCode[] = ['admin', 'parOffice', 'appraiser', 'councilMember', 'focalOfficer', 'unitLeader', 'provincialLeader'];

export type Permission =
  | 'unit.create'
  | 'unit.update'
  | 'unit.merge'
  | 'unit.import'
  | 'user.manage'
  | 'audit.read'
  | 'calendar.manage'
  | 'token.create'
  // names used by the server's access policy (see auth/useAuth.ts for the mapping)
  | 'unit.read'
  | 'unit.write'
  | 'unit.export'
  | 'user.read'
  | 'audit.verify'
  | 'calendar.read'
  | 'token.manageOwn'
  | (string & {});

export interface RoleAssignment {
  role: RoleCode;
  unitId: string | null;
  unitName: string | null;
}

export interface Me {
  id: string;
  username: string;
  displayName: string;
  roles: RoleAssignment[];
  permissions: Permission[];
}

export interface SessionResponse {
  user: Me;
  csrfToken: string;
}

export interface Health {
  status: 'ok';
  db: 'pglite' | 'postgres';
  version: string;
}

export type UnitKind = 'province' | 'agency' | 'district' | 'commune';
export const UNIT_KINDS: readonly UnitKind[] = ['province', 'agency', 'district', 'commune'];

export interface Unit {
  id: string;
  code: string;
  name: string;
  kind: UnitKind;
  parentId: string | null;
  validFrom: string | null;
  /** Exclusive end: the first day the unit no longer exists. */
  validTo: string | null;
  groupCodes: string[];
  /** Free-text note (sent by the server in addition to the contract) */
  note?: string | null;
}

export type LineageKind = 'merge' | 'split' | 'rename';

export interface LineageLink {
  unit: Unit;
  date: string;
  kind: LineageKind;
  partial: boolean;
  note: string | null;
}

export interface UnitGroup {
  code: string;
  name: string;
  /** English name (sent by the server in addition to the contract) */
  nameEn?: string | null;
}

export interface UnitDetail {
  unit: Unit;
  parent: Unit | null;
  groups: UnitGroup[];
  predecessors: LineageLink[];
  successors: LineageLink[];
}

export interface UnitInput {
  code: string;
  name: string;
  kind: UnitKind;
  parentId: string | null;
  validFrom: string | null;
  validTo?: string | null;
  groupCodes: string[];
}

export interface UnitPatch {
  name?: string;
  parentId?: string | null;
  validFrom?: string | null;
  validTo?: string | null;
  groupCodes?: string[];
}

export interface NewSuccessor {
  code: string;
  name: string;
  kind: UnitKind;
  parentId: string | null;
  groupCodes: string[];
}

export interface MergeInput {
  predecessorIds: string[];
  date: string;
  successor: { existingId: string } | NewSuccessor;
  note?: string;
}

export interface SplitInput {
  predecessorId: string;
  date: string;
  successors: Array<NewSuccessor & { partial?: boolean }>;
  note?: string;
}

export interface ImportResult {
  created: number;
  updated: number;
}

export interface User {
  id: string;
  username: string;
  displayName: string;
  active: boolean;
  lockedUntil: string | null;
  roles: RoleAssignment[];
}

export interface RoleInput {
  role: RoleCode;
  unitId: string | null;
}

export interface UserCreateInput {
  username: string;
  displayName: string;
  password: string;
  roles: RoleInput[];
}

export interface UserPatch {
  displayName?: string;
  active?: boolean;
  password?: string;
  roles?: RoleInput[];
}

export interface ApiToken {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface CreatedToken {
  id: string;
  token: string;
}

export interface AuditEntry {
  id: string | number;
  at: string;
  actorName: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  /** name of the unit / username of the user the entry is about, when known */
  entityLabel?: string | null;
  before: unknown;
  after: unknown;
  ip?: string | null;
}

export interface AuditQuery {
  actor?: string;
  action?: string;
  entityType?: string;
  from?: string;
  to?: string;
  page: number;
  pageSize: number;
}

export interface AuditVerifyResult {
  ok: boolean;
  checked: number;
  brokenAt?: number;
  reason?: string;
}

export interface Holiday {
  day: string;
  name: string;
  kind: string;
}

export interface ListResponse<T> {
  items: T[];
}
