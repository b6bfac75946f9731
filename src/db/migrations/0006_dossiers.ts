import { type Kysely, sql } from 'kysely';

/**
 * One-stop dossiers (hồ sơ) and their daily rollups.
 * - The receiving unit id is part of every large table's primary key, so that the tables can be distributed by unit
 *   on Citus later (province alone is too skewed a key); joins between them include it.
 * - Dossiers are partitioned by month on the Vietnam calendar day of receipt; partitions are created as data
 *   arrives (see ensureMonthPartitions), with a default partition as a safety net.
 * - Batches are staged first and merged in one transaction: a killed import leaves only staging rows, which are
 *   never read and are cleared on the next import.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE source_systems (
      code text PRIMARY KEY CHECK (code ~ '^[a-z0-9_.-]{2,40}$'),
      name text NOT NULL,
      user_id uuid REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now()
    )
  `.execute(db);

  await sql`
    CREATE TABLE dossiers (
      unit_id uuid NOT NULL,
      source text NOT NULL,
      code text NOT NULL,
      received_day date NOT NULL,
      procedure_code text NOT NULL,
      received_at timestamptz NOT NULL,
      due_at timestamptz,
      finished_at timestamptz,
      status text NOT NULL,
      channel smallint NOT NULL CHECK (channel IN (1, 2, 3)),
      supplement_count smallint NOT NULL DEFAULT 0,
      digitised boolean NOT NULL DEFAULT false,
      electronic_result boolean NOT NULL DEFAULT false,
      financial_obligation boolean NOT NULL DEFAULT false,
      online_payment smallint CHECK (online_payment IN (1, 2)),
      rating smallint CHECK (rating BETWEEN 1 AND 5),
      feedback boolean NOT NULL DEFAULT false,
      outcome text NOT NULL CHECK (outcome IN ('early', 'onTime', 'late', 'inProgress')),
      late_working_days integer,
      apology_at timestamptz,
      apology_note text,
      source_updated_at timestamptz NOT NULL,
      batch_id uuid NOT NULL,
      PRIMARY KEY (unit_id, source, code, received_day)
    ) PARTITION BY RANGE (received_day)
  `.execute(db);
  await sql`CREATE TABLE dossiers_default PARTITION OF dossiers DEFAULT`.execute(db);
  await sql`CREATE INDEX dossiers_open_idx ON dossiers (unit_id, due_at) WHERE finished_at IS NULL`.execute(db);
  await sql`CREATE INDEX dossiers_unit_day_idx ON dossiers (unit_id, received_day)`.execute(db);

  await sql`
    CREATE UNLOGGED TABLE dossier_staging (
      batch_id uuid NOT NULL,
      unit_id uuid NOT NULL,
      source text NOT NULL,
      code text NOT NULL,
      received_day date NOT NULL,
      procedure_code text NOT NULL,
      received_at timestamptz NOT NULL,
      due_at timestamptz,
      finished_at timestamptz,
      status text NOT NULL,
      channel smallint NOT NULL,
      supplement_count smallint NOT NULL,
      digitised boolean NOT NULL,
      electronic_result boolean NOT NULL,
      financial_obligation boolean NOT NULL,
      online_payment smallint,
      rating smallint,
      feedback boolean NOT NULL,
      outcome text NOT NULL,
      late_working_days integer,
      source_updated_at timestamptz NOT NULL
    )
  `.execute(db);
  await sql`CREATE INDEX dossier_staging_batch_idx ON dossier_staging (batch_id)`.execute(db);

  // Counts per unit × procedure × day of receipt, maintained at every import; dashboards read only these.
  await sql`
    CREATE TABLE dossier_daily (
      unit_id uuid NOT NULL,
      procedure_code text NOT NULL,
      day date NOT NULL,
      received integer NOT NULL,
      finished integer NOT NULL,
      early integer NOT NULL,
      on_time integer NOT NULL,
      late integer NOT NULL,
      in_progress integer NOT NULL,
      online integer NOT NULL,
      post integer NOT NULL,
      digitised integer NOT NULL,
      electronic_result integer NOT NULL,
      financial_obligation integer NOT NULL,
      paid_online integer NOT NULL,
      feedback integer NOT NULL,
      late_working_days bigint NOT NULL,
      PRIMARY KEY (unit_id, procedure_code, day)
    )
  `.execute(db);
  await sql`CREATE INDEX dossier_daily_day_idx ON dossier_daily (day)`.execute(db);

  await sql`
    CREATE TABLE dossier_batches (
      id uuid PRIMARY KEY,
      source text NOT NULL,
      file_name text,
      rows integer NOT NULL,
      inserted integer NOT NULL,
      updated integer NOT NULL,
      unchanged integer NOT NULL,
      encoding text NOT NULL,
      created_by uuid,
      created_at timestamptz NOT NULL
    )
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('This migration cannot be reverted');
}
