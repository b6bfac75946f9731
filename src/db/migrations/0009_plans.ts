import { type Kysely, sql } from 'kysely';

// Plans (kế hoạch) with their tasks, occurrences (one per due date), progress reports with evidence, reminder jobs,
// and campaigns (chiến dịch) with targets per unit. Per-unit tables carry unit_id (distribution by unit).
export async function up(db: Kysely<unknown>): Promise<void> {
  // Reminder and escalation mail goes to the user's address; optional.
  await sql`ALTER TABLE users ADD COLUMN IF NOT EXISTS email text`.execute(db);

  await sql`
    CREATE TABLE plans (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      number text NOT NULL,
      date date NOT NULL,
      issuer text NOT NULL,
      title text NOT NULL,
      purpose text NOT NULL DEFAULT '',
      kind text NOT NULL DEFAULT 'plan' CHECK (kind IN ('plan', 'remedial', 'inspectionFollowUp')),
      status text NOT NULL DEFAULT 'active' CHECK (status IN ('draft', 'active', 'closed')),
      par_cycle_id uuid REFERENCES par_cycles(id),
      illustrative boolean NOT NULL DEFAULT false,
      created_by uuid REFERENCES users(id),
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      UNIQUE (number, date)
    )
  `.execute(db);
  await sql`
    CREATE TABLE plan_attachments (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      plan_id uuid NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
      sha256 text NOT NULL REFERENCES blobs(sha256),
      file_name text NOT NULL,
      uploaded_by uuid REFERENCES users(id),
      uploaded_at timestamptz NOT NULL
    )
  `.execute(db);
  await sql`
    CREATE TABLE plan_tasks (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      plan_id uuid NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
      parent_id uuid REFERENCES plan_tasks(id) ON DELETE CASCADE,
      ref text NOT NULL,
      work text NOT NULL,
      lead_unit_id uuid NOT NULL REFERENCES units(id),
      responsible_person text,
      schedule jsonb NOT NULL,
      expected_text text NOT NULL DEFAULT '',
      target_value numeric(20,4),
      target_unit text,
      criterion_codes jsonb NOT NULL DEFAULT '[]',
      inspection_finding_id uuid,
      version integer NOT NULL DEFAULT 1,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      UNIQUE (plan_id, ref)
    )
  `.execute(db);
  await sql`CREATE INDEX plan_tasks_lead_idx ON plan_tasks (lead_unit_id)`.execute(db);
  await sql`CREATE INDEX plan_tasks_parent_idx ON plan_tasks (parent_id)`.execute(db);
  await sql`
    CREATE TABLE plan_task_support_units (
      task_id uuid NOT NULL REFERENCES plan_tasks(id) ON DELETE CASCADE,
      unit_id uuid NOT NULL REFERENCES units(id),
      PRIMARY KEY (task_id, unit_id)
    )
  `.execute(db);
  await sql`CREATE INDEX plan_task_support_unit_idx ON plan_task_support_units (unit_id)`.execute(db);
  await sql`
    CREATE TABLE plan_occurrences (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      task_id uuid NOT NULL REFERENCES plan_tasks(id) ON DELETE CASCADE,
      period text NOT NULL,
      period_start date NOT NULL,
      period_end date NOT NULL,
      due_date date NOT NULL,
      UNIQUE (task_id, period)
    )
  `.execute(db);
  await sql`CREATE INDEX plan_occurrences_due_idx ON plan_occurrences (due_date)`.execute(db);
  await sql`
    CREATE TABLE plan_reports (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      unit_id uuid NOT NULL REFERENCES units(id),
      task_id uuid NOT NULL REFERENCES plan_tasks(id) ON DELETE CASCADE,
      occurrence_id uuid NOT NULL REFERENCES plan_occurrences(id) ON DELETE CASCADE,
      status text NOT NULL CHECK (status IN ('notStarted', 'inProgress', 'done', 'blocked')),
      percent integer NOT NULL CHECK (percent BETWEEN 0 AND 100),
      text text NOT NULL DEFAULT '',
      reported_by uuid REFERENCES users(id),
      reported_by_name text NOT NULL,
      reported_at timestamptz NOT NULL
    )
  `.execute(db);
  await sql`CREATE INDEX plan_reports_occurrence_idx ON plan_reports (occurrence_id, reported_at DESC)`.execute(db);
  await sql`
    CREATE TABLE plan_report_evidence (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      unit_id uuid NOT NULL REFERENCES units(id),
      report_id uuid NOT NULL REFERENCES plan_reports(id) ON DELETE CASCADE,
      sha256 text NOT NULL REFERENCES blobs(sha256),
      file_name text NOT NULL,
      uploaded_by uuid REFERENCES users(id),
      uploaded_at timestamptz NOT NULL
    )
  `.execute(db);

  // Reminder jobs: one row per (occurrence, kind, recipient), so nothing is sent twice however often the scheduler
  // runs. A worker claims rows (FOR UPDATE SKIP LOCKED) for a lease; a claim whose lease ran out (the worker died)
  // is claimed again.
  await sql`
    CREATE TABLE plan_jobs (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      unit_id uuid NOT NULL REFERENCES units(id),
      kind text NOT NULL CHECK (kind IN ('reminder', 'escalation')),
      occurrence_id uuid NOT NULL REFERENCES plan_occurrences(id) ON DELETE CASCADE,
      recipient_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      email text,
      status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'cancelled')),
      attempts integer NOT NULL DEFAULT 0,
      run_after timestamptz NOT NULL,
      claim_token uuid,
      lease_until timestamptz,
      last_error text,
      mail_status text CHECK (mail_status IN ('sent', 'bounced', 'none')),
      created_at timestamptz NOT NULL,
      sent_at timestamptz,
      UNIQUE (occurrence_id, kind, recipient_id)
    )
  `.execute(db);
  await sql`CREATE INDEX plan_jobs_status_idx ON plan_jobs (status, run_after)`.execute(db);

  await sql`
    CREATE TABLE campaigns (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      name text NOT NULL,
      plan_id uuid REFERENCES plans(id) ON DELETE SET NULL,
      start_date date NOT NULL,
      end_date date NOT NULL,
      illustrative boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL,
      CHECK (end_date >= start_date)
    )
  `.execute(db);
  await sql`
    CREATE TABLE campaign_targets (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      campaign_id uuid NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
      unit_id uuid NOT NULL REFERENCES units(id),
      name text NOT NULL,
      indicator text CHECK (indicator IN ('onlineRate', 'digitisationRate', 'onlinePaymentRate')),
      unit_label text NOT NULL DEFAULT '%',
      baseline numeric(20,4) NOT NULL,
      milestones jsonb NOT NULL
    )
  `.execute(db);
  await sql`
    CREATE TABLE campaign_values (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      unit_id uuid NOT NULL REFERENCES units(id),
      target_id uuid NOT NULL REFERENCES campaign_targets(id) ON DELETE CASCADE,
      day date NOT NULL,
      value numeric(20,4) NOT NULL,
      note text NOT NULL DEFAULT '',
      reported_by uuid REFERENCES users(id),
      reported_at timestamptz NOT NULL,
      UNIQUE (target_id, day)
    )
  `.execute(db);

  // Inspections (kiểm tra CCHC): a yearly plan over units, per inspection a checklist and findings; a finding's
  // follow-up task is an ordinary plan task (plan kind 'inspectionFollowUp') and so enters the unit's inbox.
  await sql`
    CREATE TABLE inspection_plans (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      year integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
      name text NOT NULL,
      checklist jsonb NOT NULL DEFAULT '[]',
      follow_up_plan_id uuid REFERENCES plans(id) ON DELETE SET NULL,
      illustrative boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL,
      UNIQUE (year, name)
    )
  `.execute(db);
  await sql`
    CREATE TABLE inspections (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      unit_id uuid NOT NULL REFERENCES units(id),
      inspection_plan_id uuid NOT NULL REFERENCES inspection_plans(id) ON DELETE CASCADE,
      planned_date date NOT NULL,
      status text NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'done')),
      conducted_on date,
      checklist jsonb NOT NULL DEFAULT '[]',
      UNIQUE (inspection_plan_id, unit_id)
    )
  `.execute(db);
  await sql`
    CREATE TABLE inspection_findings (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      unit_id uuid NOT NULL REFERENCES units(id),
      inspection_id uuid NOT NULL REFERENCES inspections(id) ON DELETE CASCADE,
      text text NOT NULL,
      task_id uuid REFERENCES plan_tasks(id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL
    )
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Plans migration cannot be reverted');
}
