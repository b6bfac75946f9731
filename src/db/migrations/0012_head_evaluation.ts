import { type Kysely, sql } from 'kysely';

/**
 * The PAR machinery (criteria tree, cycle with self → appraisal → explanation → council → published, leaf history,
 * evidence, audit) also runs the evaluation of heads of agencies (đánh giá người đứng đầu; Gia Lai QĐ 22/2019/QĐ-UBND:
 * criteria, self-scoring, review by a working group, classification). A framework says which of the two it serves;
 * its cycles follow it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE par_frameworks
      ADD COLUMN purpose text NOT NULL DEFAULT 'parIndex' CHECK (purpose IN ('parIndex', 'headEvaluation'))
  `.execute(db);
  await sql`CREATE INDEX par_frameworks_purpose_idx ON par_frameworks (purpose, year)`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('This migration cannot be reverted');
}
