import { type Kysely, sql } from 'kysely';

/**
 * The daily rollups also count the dossiers with feedback (PAKN) or a dissatisfied rating (1–2 of 5), which the
 * Decision 766 indicator 5.4 subtracts: "100% − (tỷ lệ hồ sơ quá hạn + tỷ lệ hồ sơ có PAKN hoặc đánh giá dislike)"
 * (qd766_indicators.json 5.4). Existing rollups are filled from the dossiers.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE dossier_daily ADD COLUMN feedback_or_dissatisfied integer NOT NULL DEFAULT 0`.execute(db);
  await sql`
    UPDATE dossier_daily r SET feedback_or_dissatisfied = s.n
    FROM (
      SELECT unit_id, procedure_code, received_day, count(*) FILTER (WHERE feedback OR rating <= 2) AS n
      FROM dossiers GROUP BY unit_id, procedure_code, received_day
    ) s
    WHERE r.unit_id = s.unit_id AND r.procedure_code = s.procedure_code AND r.day = s.received_day AND s.n > 0`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('This migration cannot be reverted');
}
