import { type Kysely, sql } from 'kysely';

/**
 * The dossiers' primary key puts the day of receipt right after the unit: (unit_id, received_day, source, code). It
 * is still the upsert key (source and MaHoSo per day of receipt) and now also serves every read by unit and period
 * (drill-down, the rollup refresh of touched days), which the separate (unit_id, received_day) index did; that index
 * goes, so an import writes two indexes per dossier instead of three.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE dossiers DROP CONSTRAINT dossiers_pkey`.execute(db);
  await sql`ALTER TABLE dossiers ADD CONSTRAINT dossiers_pkey PRIMARY KEY (unit_id, received_day, source, code)`.execute(db);
  await sql`DROP INDEX IF EXISTS dossiers_unit_day_idx`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('This migration cannot be reverted');
}
