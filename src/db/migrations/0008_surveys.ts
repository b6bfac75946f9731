import { type Kysely, sql } from 'kysely';

/**
 * Surveys: SIPAS satisfaction surveys and the PAR sociological survey (ĐTXHH).
 * - A questionnaire has numbered versions; a version's content is frozen once a survey uses it (checked under a row
 *   lock by the use cases: creating a survey locks the version FOR SHARE, editing it FOR UPDATE).
 * - A sampled dossier gets one single-use token; only its SHA-256 is stored.
 * - Responses carry a client-generated id (primary key), so a retried submission or a replayed offline batch never
 *   stores twice; one response per token (sample_id), per dossier and per paper form number is enforced by unique
 *   constraints, never by "check then insert".
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE survey_questionnaires (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      code text NOT NULL UNIQUE,
      kind text NOT NULL CHECK (kind IN ('sipas', 'parSurvey')),
      created_by uuid REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now()
    )
  `.execute(db);
  await sql`
    CREATE TABLE survey_questionnaire_versions (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      questionnaire_id uuid NOT NULL REFERENCES survey_questionnaires(id),
      version integer NOT NULL CHECK (version >= 1),
      content jsonb NOT NULL,
      created_by uuid REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (questionnaire_id, version)
    )
  `.execute(db);
  await sql`
    CREATE TABLE surveys (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      name text NOT NULL,
      kind text NOT NULL CHECK (kind IN ('sipas', 'parSurvey')),
      year integer NOT NULL,
      period_from date NOT NULL,
      period_to date NOT NULL,
      questionnaire_version_id uuid NOT NULL REFERENCES survey_questionnaire_versions(id),
      status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'open', 'closed')),
      quotas jsonb NOT NULL DEFAULT '[]',
      par_feed jsonb NOT NULL DEFAULT '[]',
      sample_seed text,
      illustrative boolean NOT NULL DEFAULT false,
      opened_at timestamptz,
      closed_at timestamptz,
      created_by uuid REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK (period_from <= period_to)
    )
  `.execute(db);
  await sql`CREATE INDEX surveys_kind_year_idx ON surveys (kind, year)`.execute(db);
  await sql`
    CREATE TABLE survey_units (
      survey_id uuid NOT NULL REFERENCES surveys(id) ON DELETE CASCADE,
      unit_id uuid NOT NULL REFERENCES units(id),
      target integer NOT NULL CHECK (target >= 1),
      frame_size integer CHECK (frame_size >= 0),
      PRIMARY KEY (survey_id, unit_id)
    )
  `.execute(db);
  await sql`
    CREATE TABLE survey_samples (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      survey_id uuid NOT NULL REFERENCES surveys(id) ON DELETE CASCADE,
      unit_id uuid NOT NULL REFERENCES units(id),
      dossier_source text,
      dossier_code text,
      dossier_received_day date,
      field text,
      channel text,
      contact text,
      token_hash text NOT NULL UNIQUE,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (survey_id, unit_id, dossier_code)
    )
  `.execute(db);
  await sql`CREATE INDEX survey_samples_survey_idx ON survey_samples (survey_id, unit_id)`.execute(db);
  await sql`
    CREATE TABLE survey_kiosks (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      survey_id uuid NOT NULL REFERENCES surveys(id) ON DELETE CASCADE,
      unit_id uuid NOT NULL REFERENCES units(id),
      label text NOT NULL,
      key_hash text NOT NULL UNIQUE,
      created_by uuid REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      closed_at timestamptz
    )
  `.execute(db);
  await sql`
    CREATE TABLE survey_responses (
      id uuid PRIMARY KEY,
      survey_id uuid NOT NULL REFERENCES surveys(id) ON DELETE CASCADE,
      unit_id uuid NOT NULL REFERENCES units(id),
      channel text NOT NULL CHECK (channel IN ('link', 'kiosk', 'paper', 'offline')),
      sample_id uuid UNIQUE REFERENCES survey_samples(id),
      kiosk_id uuid REFERENCES survey_kiosks(id),
      dossier_code text,
      form_number text,
      answers jsonb NOT NULL,
      demographics jsonb NOT NULL DEFAULT '{}',
      lang text,
      submitted_at timestamptz NOT NULL,
      collected_at timestamptz,
      entered_by uuid REFERENCES users(id),
      excluded boolean NOT NULL DEFAULT false,
      excluded_reason text,
      excluded_by uuid REFERENCES users(id),
      excluded_at timestamptz,
      UNIQUE (survey_id, unit_id, dossier_code),
      UNIQUE (survey_id, form_number),
      CHECK (NOT excluded OR excluded_reason IS NOT NULL)
    )
  `.execute(db);
  await sql`CREATE INDEX survey_responses_survey_idx ON survey_responses (survey_id, unit_id)`.execute(db);
  await sql`
    CREATE TABLE survey_paper_keyings (
      survey_id uuid NOT NULL REFERENCES surveys(id) ON DELETE CASCADE,
      form_number text NOT NULL,
      unit_id uuid NOT NULL REFERENCES units(id),
      dossier_code text,
      answers jsonb NOT NULL,
      keyed_by uuid REFERENCES users(id),
      keyed_at timestamptz NOT NULL,
      PRIMARY KEY (survey_id, form_number)
    )
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('This migration cannot be reverted');
}
