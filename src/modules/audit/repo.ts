import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { type AuditContent, entryHash, GENESIS_HASH, type StoredAuditEntry, verifyChain } from '../../domain/audit/chain.ts';

/** A fixed advisory-lock key: audit rows are appended one at a time so that the chain has no forks. */
const AUDIT_LOCK_KEY = 7_312_001;

export interface AuditInput {
  at: Date;
  actorId: string | null;
  actorName: string;
  action: string;
  entityType: string;
  entityId: string | null;
  unitId?: string | null;
  before?: unknown;
  after?: unknown;
  ip?: string | null;
}

/** JSON round trip: what is hashed is exactly what jsonb gives back (Dates become strings, undefined goes). */
const plain = (v: unknown) => (v === undefined || v === null ? null : JSON.parse(JSON.stringify(v)));

/**
 * Appends one audit entry. Must be called inside the use case's transaction, so that the entry and the change it
 * records commit or roll back together.
 */
export async function writeAudit(trx: Kysely<DB>, input: AuditInput): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(${AUDIT_LOCK_KEY})`.execute(trx);
  const last = await trx.selectFrom('audit_log').select(['id', 'hash']).orderBy('id', 'desc').limit(1).executeTakeFirst();
  const content: AuditContent = {
    id: String(last ? BigInt(last.id) + 1n : 1n),
    at: input.at.toISOString(),
    actorId: input.actorId,
    actorName: input.actorName,
    action: input.action,
    entityType: input.entityType,
    entityId: input.entityId,
    unitId: input.unitId ?? null,
    before: plain(input.before),
    after: plain(input.after),
    ip: input.ip ?? null,
  };
  const prevHash = last?.hash ?? GENESIS_HASH;
  const hash = entryHash(prevHash, content);
  await trx
    .insertInto('audit_log')
    .values({
      id: content.id,
      at: content.at,
      actor_id: content.actorId,
      actor_name: content.actorName,
      action: content.action,
      entity_type: content.entityType,
      entity_id: content.entityId,
      unit_id: content.unitId,
      before: content.before === null ? null : JSON.stringify(content.before),
      after: content.after === null ? null : JSON.stringify(content.after),
      ip: content.ip,
      prev_hash: prevHash,
      hash,
    })
    .execute();
}

type AuditRow = {
  id: string;
  at: Date;
  actor_id: string | null;
  actor_name: string;
  action: string;
  entity_type: string;
  entity_id: string | null;
  unit_id: string | null;
  before: unknown;
  after: unknown;
  ip: string | null;
  prev_hash: string;
  hash: string;
};

export function toStored(r: AuditRow): StoredAuditEntry {
  return {
    id: String(r.id),
    at: new Date(r.at).toISOString(),
    actorId: r.actor_id,
    actorName: r.actor_name,
    action: r.action,
    entityType: r.entity_type,
    entityId: r.entity_id,
    unitId: r.unit_id,
    before: r.before,
    after: r.after,
    ip: r.ip,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

/** Walks the whole log in pages and checks every link and hash. */
export async function verifyAuditLog(db: Kysely<DB>, pageSize = 5000) {
  let prev = GENESIS_HASH;
  let nextId = 1n;
  let checked = 0;
  for (;;) {
    const rows = await db.selectFrom('audit_log').selectAll().where('id', '>=', String(nextId)).orderBy('id').limit(pageSize).execute();
    if (rows.length === 0) break;
    const r = verifyChain(
      rows.map((x) => toStored(x as AuditRow)),
      prev,
      nextId,
    );
    if (!r.ok) return { ok: false as const, checked: checked + r.checked, brokenAt: r.brokenAt, reason: r.reason };
    checked += r.checked;
    prev = r.lastHash;
    nextId = BigInt(rows[rows.length - 1].id) + 1n;
  }
  return { ok: true as const, checked };
}

export interface AuditFilter {
  actor?: string;
  action?: string;
  entityType?: string;
  entityId?: string;
  from?: string; // YYYY-MM-DD, Vietnam days
  to?: string;
  /** 'all' or the unit ids whose entries may be read (the actor's scope, already expanded to descendants) */
  units: 'all' | string[];
  page: number;
  pageSize: number;
}

export async function listAudit(db: Kysely<DB>, f: AuditFilter) {
  let q = db.selectFrom('audit_log');
  if (f.actor) q = q.where(sql<boolean>`f_unaccent(actor_name) LIKE '%' || f_unaccent(${f.actor}) || '%'`);
  if (f.action) q = q.where('action', 'like', `${f.action}%`);
  if (f.entityType) q = q.where('entity_type', '=', f.entityType);
  if (f.entityId) q = q.where('entity_id', '=', f.entityId);
  // Day filters are Vietnam calendar days (UTC+7).
  if (f.from) q = q.where('at', '>=', sql<Date>`(${f.from}::date)::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh'`);
  if (f.to) q = q.where('at', '<', sql<Date>`(${f.to}::date + 1)::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh'`);
  if (f.units !== 'all') {
    if (f.units.length === 0) return { items: [], total: 0 };
    q = q.where('unit_id', 'in', f.units);
  }
  const [{ total }] = await q.select((eb) => eb.fn.countAll<string>().as('total')).execute();
  const rows = await q
    .selectAll('audit_log')
    .select(
      sql<string | null>`CASE audit_log.entity_type
        WHEN 'unit' THEN (SELECT u.name FROM units u WHERE u.id::text = audit_log.entity_id)
        WHEN 'user' THEN (SELECT u.username FROM users u WHERE u.id::text = audit_log.entity_id)
        END`.as('entity_label'),
    )
    .orderBy('id', 'desc')
    .limit(f.pageSize)
    .offset((f.page - 1) * f.pageSize)
    .execute();
  return {
    total: Number(total),
    items: rows.map((r) => ({
      id: String(r.id),
      at: new Date(r.at).toISOString(),
      actorName: r.actor_name,
      action: r.action,
      entityType: r.entity_type,
      entityId: r.entity_id,
      entityLabel: r.entity_label,
      unitId: r.unit_id,
      before: r.before,
      after: r.after,
      ip: r.ip,
    })),
  };
}
