import { createHash } from 'node:crypto';

/**
 * The audit log is a hash chain: each entry's hash covers the previous entry's hash and the entry's own content,
 * so editing, deleting or reordering any entry breaks every hash after it.
 */
export const GENESIS_HASH = '0'.repeat(64);

export interface AuditContent {
  id: string;
  at: string; // ISO 8601 UTC with milliseconds
  actorId: string | null;
  actorName: string;
  action: string;
  entityType: string;
  entityId: string | null;
  unitId: string | null;
  before: unknown;
  after: unknown;
  ip: string | null;
}

/** JSON with object keys sorted at every level, so that the same value always serialises the same way. */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (typeof value === 'object') {
    const keys = Object.keys(value as object)
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function entryHash(prevHash: string, e: AuditContent): string {
  const body = canonicalJson({
    id: e.id,
    at: e.at,
    actorId: e.actorId,
    actorName: e.actorName,
    action: e.action,
    entityType: e.entityType,
    entityId: e.entityId,
    unitId: e.unitId,
    before: e.before ?? null,
    after: e.after ?? null,
    ip: e.ip,
  });
  return createHash('sha256').update(prevHash).update('\n').update(body).digest('hex');
}

export interface StoredAuditEntry extends AuditContent {
  prevHash: string;
  hash: string;
}

export type VerifyResult =
  | { ok: true; checked: number; lastHash: string }
  | { ok: false; checked: number; brokenAt: string; reason: 'hash' | 'link' | 'sequence' };

/**
 * Checks a run of entries in id order. `expectedPrev` is the hash the first entry must link to (GENESIS_HASH for
 * the first entry of the log) so that a long log can be verified in pages.
 */
export function verifyChain(entries: Iterable<StoredAuditEntry>, expectedPrev = GENESIS_HASH, expectedNextId?: bigint): VerifyResult {
  let prev = expectedPrev;
  let nextId = expectedNextId;
  let checked = 0;
  for (const e of entries) {
    if (nextId !== undefined && BigInt(e.id) !== nextId) return { ok: false, checked, brokenAt: e.id, reason: 'sequence' };
    if (e.prevHash !== prev) return { ok: false, checked, brokenAt: e.id, reason: 'link' };
    if (entryHash(e.prevHash, e) !== e.hash) return { ok: false, checked, brokenAt: e.id, reason: 'hash' };
    prev = e.hash;
    nextId = BigInt(e.id) + 1n;
    checked++;
  }
  return { ok: true, checked, lastHash: prev };
}

/** Only the fields that changed, for compact before → after records. */
export function changedFields<T extends Record<string, unknown>>(before: T, after: T): { before: Partial<T>; after: Partial<T> } {
  const b: Partial<T> = {};
  const a: Partial<T> = {};
  for (const k of new Set([...Object.keys(before), ...Object.keys(after)]) as Set<keyof T>) {
    if (canonicalJson(before[k]) !== canonicalJson(after[k])) {
      b[k] = before[k];
      a[k] = after[k];
    }
  }
  return { before: b, after: a };
}
