import { type Kysely, sql } from 'kysely';

// Foundation schema: units and lineage, users and roles, sessions and API tokens, audit log, working calendar.
// Written for PostgreSQL 15 (CI) and PGlite (PostgreSQL 18); nothing newer than 15 is used.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE EXTENSION IF NOT EXISTS unaccent`.execute(db);
  await sql`CREATE EXTENSION IF NOT EXISTS btree_gist`.execute(db);

  // unaccent() is STABLE; an IMMUTABLE wrapper lets it be used in indexes and generated columns.
  await sql`
    CREATE OR REPLACE FUNCTION f_unaccent(text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, replace(replace($1, 'đ', 'd'), 'Đ', 'D'))) $$
  `.execute(db);

  await sql`
    CREATE TABLE units (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      code text NOT NULL CHECK (code ~ '^[A-Za-z0-9_.-]{1,32}$'),
      name text NOT NULL CHECK (length(btrim(name)) > 0),
      kind text NOT NULL CHECK (kind IN ('province', 'agency', 'district', 'commune')),
      parent_id uuid REFERENCES units(id),
      valid_from date,
      valid_to date,
      note text,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK (valid_to IS NULL OR valid_from IS NULL OR valid_to > valid_from),
      CHECK (parent_id IS NULL OR parent_id <> id),
      -- A code identifies one unit at any one time; a code may be reused after the unit holding it ceased to exist
      -- (e.g. Gia Lai's new code 52 was Bình Định's before 1/7/2025).
      CONSTRAINT units_code_no_overlap EXCLUDE USING gist (code WITH =, daterange(valid_from, valid_to, '[)') WITH &&)
    )
  `.execute(db);
  await sql`CREATE INDEX units_parent_idx ON units (parent_id)`.execute(db);
  await sql`CREATE INDEX units_search_idx ON units (f_unaccent(name))`.execute(db);

  await sql`
    CREATE TABLE unit_groups (
      code text PRIMARY KEY CHECK (code ~ '^[a-z0-9_]{1,32}$'),
      name text NOT NULL,
      name_en text NOT NULL
    )
  `.execute(db);
  await sql`
    CREATE TABLE unit_group_members (
      unit_id uuid NOT NULL REFERENCES units(id) ON DELETE CASCADE,
      group_code text NOT NULL REFERENCES unit_groups(code),
      PRIMARY KEY (unit_id, group_code)
    )
  `.execute(db);

  // One row per link between a unit that ceased (or gave up part of itself) and a unit that carries it on.
  await sql`
    CREATE TABLE unit_lineage (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      predecessor_id uuid NOT NULL REFERENCES units(id),
      successor_id uuid NOT NULL REFERENCES units(id),
      event_date date NOT NULL,
      kind text NOT NULL CHECK (kind IN ('merge', 'split', 'rename')),
      partial boolean NOT NULL DEFAULT false,
      note text,
      created_at timestamptz NOT NULL DEFAULT now(),
      CHECK (predecessor_id <> successor_id),
      UNIQUE (predecessor_id, successor_id)
    )
  `.execute(db);
  await sql`CREATE INDEX unit_lineage_successor_idx ON unit_lineage (successor_id)`.execute(db);

  await sql`
    CREATE TABLE users (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      username text NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9_.-]{2,64}$'),
      display_name text NOT NULL,
      password_hash text NOT NULL,
      active boolean NOT NULL DEFAULT true,
      failed_logins integer NOT NULL DEFAULT 0,
      locked_until timestamptz,
      must_change_password boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )
  `.execute(db);
  await sql`
    CREATE TABLE user_roles (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      role text NOT NULL CHECK (role IN ('admin', 'parOffice', 'appraiser', 'councilMember', 'focalOfficer', 'unitLeader', 'provincialLeader')),
      unit_id uuid REFERENCES units(id),
      -- Only the system admin and the PAR office are province-wide; every other role is scoped to a unit.
      CHECK ((role IN ('admin', 'parOffice')) = (unit_id IS NULL))
    )
  `.execute(db);
  await sql`CREATE UNIQUE INDEX user_roles_uniq ON user_roles (user_id, role, coalesce(unit_id, '00000000-0000-0000-0000-000000000000'::uuid))`.execute(db);

  await sql`
    CREATE TABLE sessions (
      id text PRIMARY KEY,
      user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      csrf_token text NOT NULL,
      created_at timestamptz NOT NULL,
      last_seen_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL
    )
  `.execute(db);
  await sql`CREATE INDEX sessions_user_idx ON sessions (user_id)`.execute(db);

  await sql`
    CREATE TABLE api_tokens (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      name text NOT NULL,
      token_hash text NOT NULL UNIQUE,
      created_at timestamptz NOT NULL,
      last_used_at timestamptz,
      revoked_at timestamptz
    )
  `.execute(db);

  // Sliding-window counters for login and token endpoints, kept in the database so that several app
  // processes share them.
  await sql`
    CREATE TABLE login_attempts (
      id bigserial PRIMARY KEY,
      bucket text NOT NULL,
      at timestamptz NOT NULL
    )
  `.execute(db);
  await sql`CREATE INDEX login_attempts_bucket_idx ON login_attempts (bucket, at)`.execute(db);

  // Append-only, hash-chained audit log (see src/domain/audit).
  await sql`
    CREATE TABLE audit_log (
      id bigint PRIMARY KEY,
      at timestamptz NOT NULL,
      actor_id uuid,
      actor_name text NOT NULL,
      action text NOT NULL,
      entity_type text NOT NULL,
      entity_id text,
      unit_id uuid,
      before jsonb,
      after jsonb,
      ip text,
      prev_hash text NOT NULL,
      hash text NOT NULL UNIQUE
    )
  `.execute(db);
  await sql`CREATE INDEX audit_log_at_idx ON audit_log (at)`.execute(db);
  await sql`CREATE INDEX audit_log_entity_idx ON audit_log (entity_type, entity_id)`.execute(db);

  await sql`
    CREATE TABLE holidays (
      day date PRIMARY KEY,
      name text NOT NULL,
      kind text NOT NULL CHECK (kind IN ('fixed', 'lunar', 'custom', 'workingWeekend'))
    )
  `.execute(db);
  // Years whose default holidays have been generated; after that the list is edited by people, never regenerated.
  await sql`
    CREATE TABLE calendar_years (
      year integer PRIMARY KEY,
      initialized_at timestamptz NOT NULL DEFAULT now()
    )
  `.execute(db);

  await sql`
    CREATE TABLE app_meta (
      key text PRIMARY KEY,
      value text NOT NULL
    )
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Foundation migration cannot be reverted');
}
