import { type Kysely, sql } from 'kysely';

// Staged dossier rows remember their line in the file, so that duplicates are found in SQL (memory stays bounded
// however large the file) and still reported by row.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE dossier_staging ADD COLUMN row_no integer NOT NULL DEFAULT 0`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('This migration cannot be reverted');
}
