import { type Kysely, sql } from 'kysely';
import type { DB } from '../../src/db/schema.ts';

/** Direct reads of the test database, to check what a request did (or did not) write. */

export async function countRows(
  db: Kysely<DB>,
  table: 'units' | 'unit_lineage' | 'audit_log' | 'users' | 'user_roles' | 'holidays' | 'sessions' | 'unit_group_members',
): Promise<number> {
  const r = await sql<{ n: string }>`SELECT count(*)::text AS n FROM ${sql.table(table)}`.execute(db);
  return Number(r.rows[0].n);
}

/** Id of the unit holding `code` on `day` (validity is half-open). */
export async function unitIdByCode(db: Kysely<DB>, code: string, day: string): Promise<string> {
  const r = await db
    .selectFrom('units')
    .select('id')
    .where('code', '=', code)
    .where((eb) => eb.and([eb.or([eb('valid_from', 'is', null), eb('valid_from', '<=', day)]), eb.or([eb('valid_to', 'is', null), eb('valid_to', '>', day)])]))
    .execute();
  if (r.length !== 1) throw new Error(`expected one unit with code ${code} on ${day}, found ${r.length}`);
  return r[0].id;
}

export interface UnitSnapshotRow {
  id: string;
  code: string;
  name: string;
  kind: string;
  parent_id: string | null;
  valid_from: string | null;
  valid_to: string | null;
  note: string | null;
  groups: string;
}

/** The whole registry (without timestamps), sorted by id, for before/after comparisons. */
export async function snapshotUnits(db: Kysely<DB>): Promise<UnitSnapshotRow[]> {
  const r = await sql<UnitSnapshotRow>`
    SELECT u.id, u.code, u.name, u.kind, u.parent_id, u.valid_from, u.valid_to, u.note,
           coalesce((SELECT string_agg(m.group_code, ',' ORDER BY m.group_code) FROM unit_group_members m WHERE m.unit_id = u.id), '') AS groups
    FROM units u ORDER BY u.id`.execute(db);
  return r.rows.map((x) => ({ ...x, valid_from: x.valid_from ? String(x.valid_from) : null, valid_to: x.valid_to ? String(x.valid_to) : null }));
}

export async function snapshotLineage(db: Kysely<DB>) {
  return db
    .selectFrom('unit_lineage')
    .select(['predecessor_id', 'successor_id', 'event_date', 'kind', 'partial', 'note'])
    .orderBy('predecessor_id')
    .orderBy('successor_id')
    .execute();
}

/** The highest audit id (0 when empty): entries written after a point are those with a greater id. */
export async function lastAuditId(db: Kysely<DB>): Promise<number> {
  const r = await sql<{ m: string | null }>`SELECT max(id)::text AS m FROM audit_log`.execute(db);
  return Number(r.rows[0].m ?? 0);
}

/** Audit rows written after `afterId`, oldest first, with JSON columns parsed. */
export async function auditSince(db: Kysely<DB>, afterId: number) {
  const rows = await db.selectFrom('audit_log').selectAll().where('id', '>', String(afterId)).orderBy('id').execute();
  const json = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v);
  return rows.map((r) => ({ ...r, id: String(r.id), before: json(r.before) as any, after: json(r.after) as any }));
}
