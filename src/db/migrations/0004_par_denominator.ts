import { type Kysely, sql } from 'kysely';

// A framework may declare its index denominator and what a cycle without the survey part does (methodology §1.3).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE par_frameworks ADD COLUMN index_denominator numeric(8,2) CHECK (index_denominator > 0)`.execute(db);
  await sql`ALTER TABLE par_frameworks ADD COLUMN without_survey text NOT NULL DEFAULT 'rescale' CHECK (without_survey IN ('rescale', 'keepDenominator'))`.execute(
    db,
  );
}

export async function down(): Promise<void> {
  throw new Error('This migration cannot be reverted');
}
