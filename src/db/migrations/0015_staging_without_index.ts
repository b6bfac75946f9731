import { type Kysely, sql } from 'kysely';

/**
 * The dossier staging table holds only the batches being imported, and every statement on it reads a whole batch:
 * its index on batch_id cost more to keep up during COPY than it saved. Rows say when they were staged, so that what a
 * killed import left behind can be told from a batch still being imported.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX IF EXISTS dossier_staging_batch_idx`.execute(db);
  await sql`ALTER TABLE dossier_staging ADD COLUMN staged_at timestamptz NOT NULL DEFAULT now()`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('This migration cannot be reverted');
}
