import { type Kysely, sql } from 'kysely';

/**
 * The data version of the Decision 766 league table: one row, bumped in the same transaction as every write that can
 * change a score (dossier imports and rollup rebuilds, entered counts, the procedure catalogue). Computed period
 * results are cached under (period, rule version, data version), so every server process reading this row serves
 * fresh results without telling the others. A reference table on Citus (one row, no unit).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE service_index_data_version (
      id boolean PRIMARY KEY DEFAULT true CHECK (id),
      version bigint NOT NULL
    )
  `.execute(db);
  await sql`INSERT INTO service_index_data_version (id, version) VALUES (true, 0)`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('This migration cannot be reverted');
}
