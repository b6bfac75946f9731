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
}

export type UnitRow = Selectable<UnitsTable>;
export type NewUnit = Insertable<UnitsTable>;
export type UserRow = Selectable<UsersTable>;
