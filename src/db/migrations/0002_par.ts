import { type Kysely, sql } from 'kysely';

// PAR Index (Chỉ số CCHC): frameworks, cycles, per-unit assessments, leaf scores with history, evidence files.
// Large per-unit tables carry unit_id in their keys (distribution by unit in a national deployment).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE par_frameworks (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      name text NOT NULL,
      year integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
      group_code text NOT NULL REFERENCES unit_groups(code),
      classes jsonb NOT NULL DEFAULT '[]',
      copied_from_id uuid REFERENCES par_frameworks(id),
      illustrative boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (year, group_code, name)
    )
  `.execute(db);
  await sql`
    CREATE TABLE par_framework_nodes (
      framework_id uuid NOT NULL REFERENCES par_frameworks(id) ON DELETE CASCADE,
      code text NOT NULL,
      parent_code text,
      title text NOT NULL,
      max_points numeric(8,2) NOT NULL,
      source text NOT NULL CHECK (source IN ('self', 'survey', 'data')),
      kind text NOT NULL DEFAULT 'normal' CHECK (kind IN ('normal', 'bonus', 'penalty')),
      method jsonb,
      guidance text,
      evidence_required boolean NOT NULL DEFAULT false,
      ord integer NOT NULL,
      PRIMARY KEY (framework_id, code)
    )
  `.execute(db);

  await sql`
    CREATE TABLE par_cycles (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      framework_id uuid NOT NULL REFERENCES par_frameworks(id),
      name text NOT NULL,
      year integer NOT NULL,
      stage text NOT NULL DEFAULT 'selfAssessment'
        CHECK (stage IN ('selfAssessment', 'appraisal', 'explanation', 'reappraisal', 'council', 'published')),
      survey_included boolean NOT NULL DEFAULT true,
      self_deadline date,
      appraisal_deadline date,
      explanation_deadline date,
      council_deadline date,
      published_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now()
    )
  `.execute(db);

  await sql`
    CREATE TABLE par_appraisers (
      cycle_id uuid NOT NULL REFERENCES par_cycles(id) ON DELETE CASCADE,
      user_id uuid NOT NULL REFERENCES users(id),
      unit_id uuid REFERENCES units(id),
      area_code text,
      CHECK (unit_id IS NOT NULL OR area_code IS NOT NULL)
    )
  `.execute(db);
  await sql`CREATE UNIQUE INDEX par_appraisers_uniq ON par_appraisers (cycle_id, user_id, coalesce(unit_id::text, ''), coalesce(area_code, ''))`.execute(db);

  await sql`
    CREATE TABLE par_assessments (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      cycle_id uuid NOT NULL REFERENCES par_cycles(id) ON DELETE CASCADE,
      unit_id uuid NOT NULL REFERENCES units(id),
      status text NOT NULL DEFAULT 'draft'
        CHECK (status IN ('draft', 'submitted', 'returned', 'appraised', 'explained', 'reappraised', 'finalised', 'published')),
      submitted_at timestamptz,
      submitted_by uuid REFERENCES users(id),
      returned_reason text,
      reopened_reason text,
      version integer NOT NULL DEFAULT 1,
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (cycle_id, unit_id)
    )
  `.execute(db);

  await sql`
    CREATE TABLE par_scores (
      assessment_id uuid NOT NULL REFERENCES par_assessments(id) ON DELETE CASCADE,
      unit_id uuid NOT NULL,
      node_code text NOT NULL,
      self_points numeric(8,2),
      self_input jsonb,
      self_note text,
      appraised_points numeric(8,2),
      appraisal_reason text,
      appraised_by uuid REFERENCES users(id),
      explanation_status text CHECK (explanation_status IN ('accepted', 'disputed')),
      explanation_text text,
      reappraised_points numeric(8,2),
      reappraisal_reason text,
      final_points numeric(8,2),
      data_source jsonb,
      version integer NOT NULL DEFAULT 1,
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (assessment_id, node_code)
    )
  `.execute(db);

  await sql`
    CREATE TABLE par_score_history (
      id bigserial PRIMARY KEY,
      assessment_id uuid NOT NULL REFERENCES par_assessments(id) ON DELETE CASCADE,
      unit_id uuid NOT NULL,
      node_code text NOT NULL,
      stage text NOT NULL CHECK (stage IN ('self', 'appraisal', 'explanation', 'reappraisal', 'final', 'correction', 'data', 'survey')),
      points numeric(8,2),
      reason text,
      evidence_delta jsonb,
      actor_id uuid,
      actor_name text NOT NULL,
      at timestamptz NOT NULL
    )
  `.execute(db);
  await sql`CREATE INDEX par_score_history_leaf_idx ON par_score_history (assessment_id, node_code, id)`.execute(db);

  // Content-addressed file store: the same bytes are kept once, whoever uploads them and however often.
  await sql`
    CREATE TABLE blobs (
      sha256 text PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
      size integer NOT NULL,
      mime text NOT NULL,
      bytes bytea NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )
  `.execute(db);
  await sql`
    CREATE TABLE par_evidence (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      assessment_id uuid NOT NULL REFERENCES par_assessments(id) ON DELETE CASCADE,
      unit_id uuid NOT NULL,
      node_code text NOT NULL,
      sha256 text NOT NULL REFERENCES blobs(sha256),
      file_name text NOT NULL,
      stage text NOT NULL DEFAULT 'self' CHECK (stage IN ('self', 'explanation')),
      uploaded_by uuid REFERENCES users(id),
      uploaded_at timestamptz NOT NULL,
      removed_at timestamptz
    )
  `.execute(db);
  await sql`CREATE INDEX par_evidence_leaf_idx ON par_evidence (assessment_id, node_code)`.execute(db);

  // Published results, frozen at publication (what the province announced, whatever changes later).
  await sql`
    CREATE TABLE par_results (
      cycle_id uuid NOT NULL REFERENCES par_cycles(id) ON DELETE CASCADE,
      unit_id uuid NOT NULL REFERENCES units(id),
      total numeric(8,2) NOT NULL,
      max_points numeric(8,2) NOT NULL,
      index_value numeric(6,2) NOT NULL,
      rank integer NOT NULL,
      class_name text,
      areas jsonb NOT NULL,
      PRIMARY KEY (cycle_id, unit_id)
    )
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('PAR migration cannot be reverted');
}
