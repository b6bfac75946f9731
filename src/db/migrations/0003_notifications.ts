import { type Kysely, sql } from 'kysely';

// In-app notifications (reminders of deadlines, returned assessments, …), read by their recipient.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE notifications (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      kind text NOT NULL,
      title text NOT NULL,
      body text NOT NULL,
      link text,
      created_at timestamptz NOT NULL,
      read_at timestamptz
    )
  `.execute(db);
  await sql`CREATE INDEX notifications_user_idx ON notifications (user_id, created_at DESC)`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Notifications migration cannot be reverted');
}
