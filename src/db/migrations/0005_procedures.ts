import { type Kysely, sql } from 'kysely';

// The procedure catalogue (danh mục thủ tục hành chính, TTHC): reference data for Decision 766 (methodology §3, §5).
// One row per MaTTHC: '1.001757' (national code) or '2.000488.000.00.00.H21' (the code with its implementing-body
// suffix). The legal maximum handling time is given in its own unit (giờ / ngày / ngày làm việc / tháng, §5.2), both
// or neither. `illustrative` marks demo rows whose codes and times are not official.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE procedures (
      code text PRIMARY KEY CHECK (code ~ '^[1-9][.][0-9]{6}([.][0-9]{3}[.][0-9]{2}[.][0-9]{2}[.][A-Z][0-9]{2})?$'),
      name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 1000),
      field text NOT NULL CHECK (length(btrim(field)) BETWEEN 1 AND 200),
      level text NOT NULL CHECK (level IN ('province', 'commune', 'both')),
      online_service text NOT NULL CHECK (online_service IN ('full', 'partial', 'none')),
      has_fee boolean NOT NULL,
      legal_max numeric(8,2) CHECK (legal_max > 0),
      legal_max_unit text CHECK (legal_max_unit IN ('hour', 'day', 'workingDay', 'month')),
      published_on date,
      illustrative boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT procedures_legal_max_with_unit CHECK ((legal_max IS NULL) = (legal_max_unit IS NULL))
    )
  `.execute(db);
  await sql`CREATE INDEX procedures_field_idx ON procedures (f_unaccent(field))`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('This migration cannot be reverted');
}
