import { type Kysely, sql } from 'kysely';

/**
 * Counts of the Decision 766 index that one-stop dossiers cannot give (publication of procedures, feedback handling,
 * reuse of digitised data, …), entered per unit, period and group — typically read off the national portal. The unit
 * id leads the key like every per-unit table (docs/architecture.md).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE service_index_counts (
      unit_id uuid NOT NULL REFERENCES units(id),
      period text NOT NULL,
      group_id text NOT NULL CHECK (group_id IN ('transparency', 'progress', 'onlineService', 'payment', 'satisfaction', 'digitisation')),
      counts jsonb NOT NULL,
      updated_by uuid REFERENCES users(id),
      updated_at timestamptz NOT NULL,
      PRIMARY KEY (unit_id, period, group_id)
    )
  `.execute(db);
  await sql`CREATE INDEX service_index_counts_period_idx ON service_index_counts (period)`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('This migration cannot be reverted');
}
