import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.ts';

/**
 * Cache of computed Decision 766 period results, keyed by (period, rule version, data version).
 *
 * The data version is one durable row (service_index_data_version, migration 0013) that every write able to change a
 * score bumps in its own transaction: dossier imports and rollup rebuilds (refreshRollups), entered counts (form and
 * Excel), the procedure catalogue (import and demo seed) and a transfer import. Each request reads the row first and
 * then its data, so a result is never older than the version it is filed under, and several server processes stay
 * correct with a cache each. Unit changes need no bump: the scores do not read the units table (names are read per
 * request), and the rules are code, named by their version id in the key.
 */

/**
 * Marks the service index data as changed. Call it inside the writing transaction, before the audit row, so that
 * every writer takes the version row's lock before the audit lock (one lock order, no deadlock).
 */
export async function bumpDataVersion(trx: Kysely<DB>): Promise<void> {
  await sql`UPDATE service_index_data_version SET version = version + 1`.execute(trx);
}

/** The current data version (a bigint, as text). */
export async function readDataVersion(db: Kysely<DB>): Promise<bigint> {
  const r = await sql<{ version: string }>`SELECT version FROM service_index_data_version`.execute(db);
  return BigInt(r.rows[0]?.version ?? 0);
}

/** Periods kept per database: a league table, its previous period and a few more for each kind of period. */
export const MAX_PERIODS = 32;

interface CacheState {
  version: bigint;
  /** Insertion order is recency order: a hit is moved to the end, the first entry is the least recently used. */
  entries: Map<string, Promise<unknown>>;
}

/** One cache per database handle (tests open many databases in one process; their versions are unrelated). */
const caches = new WeakMap<object, CacheState>();

/**
 * The result filed under `key` at data version `version` for the database behind `handle` (its Kysely instance),
 * computing it once when missing (concurrent requests share the computation). Entries of an older version are dropped
 * when a newer version is seen; a request that read an older version than the cache holds computes without storing.
 * A failed computation is not kept.
 */
export function cachedPeriodResult<T>(handle: object, version: bigint, key: string, compute: () => Promise<T>): Promise<T> {
  let state = caches.get(handle);
  if (!state || state.version < version) {
    state = { version, entries: new Map() };
    caches.set(handle, state);
  }
  if (version < state.version) return compute();
  const hit = state.entries.get(key) as Promise<T> | undefined;
  if (hit) {
    state.entries.delete(key);
    state.entries.set(key, hit);
    return hit;
  }
  const entries = state.entries;
  const p = compute();
  entries.set(key, p);
  p.catch(() => {
    if (entries.get(key) === p) entries.delete(key);
  });
  while (entries.size > MAX_PERIODS) entries.delete(entries.keys().next().value as string);
  return p;
}
