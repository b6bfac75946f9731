import { type Kysely, sql } from 'kysely';
import type { DB, UnitRow } from '../../db/schema.ts';
import type { LineageEdge, UnitSpan } from '../../domain/units/lineage.ts';

export type UnitKind = 'province' | 'agency' | 'district' | 'commune';

export interface UnitDto {
  id: string;
  code: string;
  name: string;
  kind: UnitKind;
  parentId: string | null;
  validFrom: string | null;
  validTo: string | null;
  note: string | null;
  groupCodes: string[];
}

export function toDto(r: UnitRow, groups: string[] = []): UnitDto {
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    kind: r.kind,
    parentId: r.parent_id,
    validFrom: r.valid_from,
    validTo: r.valid_to,
    note: r.note,
    groupCodes: groups,
  };
}

export const toSpan = (u: Pick<UnitDto, 'id' | 'validFrom' | 'validTo'>): UnitSpan => ({ id: u.id, validFrom: u.validFrom, validTo: u.validTo });

async function groupsOf(db: Kysely<DB>, ids: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (ids.length === 0) return out;
  const rows = await db.selectFrom('unit_group_members').select(['unit_id', 'group_code']).where('unit_id', 'in', ids).orderBy('group_code').execute();
  for (const r of rows) out.set(r.unit_id, [...(out.get(r.unit_id) ?? []), r.group_code]);
  return out;
}

export async function withGroups(db: Kysely<DB>, rows: UnitRow[]): Promise<UnitDto[]> {
  const g = await groupsOf(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => toDto(r, g.get(r.id) ?? []));
}

export async function findUnit(db: Kysely<DB>, id: string): Promise<UnitDto | null> {
  const r = await db.selectFrom('units').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? (await withGroups(db, [r]))[0] : null;
}

export async function findUnits(db: Kysely<DB>, ids: string[]): Promise<UnitDto[]> {
  if (ids.length === 0) return [];
  return withGroups(db, await db.selectFrom('units').selectAll().where('id', 'in', ids).execute());
}

export interface UnitFilter {
  date?: string;
  q?: string;
  kind?: UnitKind;
  group?: string;
}

export async function listUnits(db: Kysely<DB>, f: UnitFilter): Promise<UnitDto[]> {
  let q = db.selectFrom('units').selectAll('units');
  if (f.date) {
    const d = f.date;
    q = q.where((eb) =>
      eb.and([eb.or([eb('valid_from', 'is', null), eb('valid_from', '<=', d)]), eb.or([eb('valid_to', 'is', null), eb('valid_to', '>', d)])]),
    );
  }
  if (f.kind) q = q.where('kind', '=', f.kind);
  if (f.q) {
    const needle = f.q.trim();
    q = q.where((eb) => eb.or([eb(sql`f_unaccent(units.name)`, 'like', sql`'%' || f_unaccent(${needle}) || '%'`), eb('code', '=', needle)]));
  }
  if (f.group) {
    const g = f.group;
    q = q.where((eb) =>
      eb.exists(eb.selectFrom('unit_group_members as m').select('m.unit_id').whereRef('m.unit_id', '=', 'units.id').where('m.group_code', '=', g)),
    );
  }
  const rows = await q
    .select(
      sql<string[]>`coalesce((SELECT array_agg(m.group_code ORDER BY m.group_code) FROM unit_group_members m WHERE m.unit_id = units.id), '{}')`.as(
        'group_codes',
      ),
    )
    .execute();
  const collator = new Intl.Collator('vi');
  rows.sort((a, b) => collator.compare(a.name, b.name));
  return rows.map((r) => toDto(r, r.group_codes));
}

/** The unit and its ancestors in the registry tree, nearest first (the policy's unit path). */
export async function unitPath(db: Kysely<DB>, unitId: string): Promise<string[]> {
  const r = await sql<{ id: string }>`
    WITH RECURSIVE up(id, parent_id, depth) AS (
      SELECT id, parent_id, 0 FROM units WHERE id = ${unitId}
      UNION ALL
      SELECT u.id, u.parent_id, up.depth + 1 FROM units u JOIN up ON u.id = up.parent_id WHERE up.depth < 20
    )
    SELECT id FROM up ORDER BY depth`.execute(db);
  return r.rows.map((x) => x.id);
}

/** Every unit under the given roots (the roots included): a scoped role's reach. */
export async function descendantsOf(db: Kysely<DB>, roots: string[]): Promise<string[]> {
  if (roots.length === 0) return [];
  const r = await sql<{ id: string }>`
    WITH RECURSIVE down(id, depth) AS (
      SELECT id, 0 FROM units WHERE id IN (${sql.join(roots)})
      UNION
      SELECT u.id, down.depth + 1 FROM units u JOIN down ON u.parent_id = down.id WHERE down.depth < 20
    )
    SELECT DISTINCT id FROM down`.execute(db);
  return r.rows.map((x) => x.id);
}

export async function lineageEdges(db: Kysely<DB>): Promise<LineageEdge[]> {
  const rows = await db.selectFrom('unit_lineage').select(['predecessor_id', 'successor_id', 'event_date', 'partial']).execute();
  return rows.map((r) => ({ predecessorId: r.predecessor_id, successorId: r.successor_id, date: r.event_date, partial: r.partial }));
}

export async function allSpans(db: Kysely<DB>): Promise<Map<string, UnitSpan>> {
  const rows = await db.selectFrom('units').select(['id', 'valid_from', 'valid_to']).execute();
  return new Map(rows.map((r) => [r.id, { id: r.id, validFrom: r.valid_from, validTo: r.valid_to }]));
}

export async function lineageLinks(db: Kysely<DB>, unitId: string) {
  const rows = await db
    .selectFrom('unit_lineage')
    .selectAll()
    .where((eb) => eb.or([eb('predecessor_id', '=', unitId), eb('successor_id', '=', unitId)]))
    .orderBy('event_date')
    .execute();
  const others = await findUnits(db, [...new Set(rows.map((r) => (r.predecessor_id === unitId ? r.successor_id : r.predecessor_id)))]);
  const byId = new Map(others.map((u) => [u.id, u]));
  const link = (r: (typeof rows)[number], other: string) => ({
    unit: byId.get(other) as UnitDto,
    date: r.event_date,
    kind: r.kind,
    partial: r.partial,
    note: r.note,
  });
  const collator = new Intl.Collator('vi');
  const byName = (a: { unit: UnitDto }, b: { unit: UnitDto }) => collator.compare(a.unit.name, b.unit.name);
  return {
    predecessors: rows
      .filter((r) => r.successor_id === unitId)
      .map((r) => link(r, r.predecessor_id))
      .sort(byName),
    successors: rows
      .filter((r) => r.predecessor_id === unitId)
      .map((r) => link(r, r.successor_id))
      .sort(byName),
  };
}

export async function setGroups(db: Kysely<DB>, unitId: string, groupCodes: string[]): Promise<void> {
  await db.deleteFrom('unit_group_members').where('unit_id', '=', unitId).execute();
  if (groupCodes.length) {
    await db
      .insertInto('unit_group_members')
      .values([...new Set(groupCodes)].map((g) => ({ unit_id: unitId, group_code: g })))
      .execute();
  }
}

export async function knownGroups(db: Kysely<DB>) {
  return db.selectFrom('unit_groups').select(['code', 'name', 'name_en']).orderBy('code').execute();
}

/** Postgres error code of a failed statement, if any. */
export function pgCode(e: unknown): string | undefined {
  return (e as { code?: string })?.code;
}
