import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { runEvery } from '../../server/every.ts';

/**
 * Cache of computed Decision 766 period results, keyed by (period, rule version, data version).
 *
 * The data version is one durable row (service_index_data_version, migration 0013) that every write able to change a
 * score bumps in its own transaction: dossier imports (with their rollup updates) and rollup rebuilds, entered counts
 * (form and Excel), the procedure catalogue (import and demo seed) and a transfer import. Each request reads the row
 * first and then its data, so a result is never older than the version it is filed under, and several server processes
 * stay correct with a cache each. Unit changes need no bump: the scores do not read the units table (names are read
 * per request), and the rules are code, named by their version id in the key.
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

interface Entry {
  result: Promise<unknown>;
  /** Computes the entry again (from the data as it is then): what a refresh after a write runs. */
  compute: () => Promise<unknown>;
}

interface CacheState {
  version: bigint;
  /** Insertion order is recency order: a hit is moved to the end, the first entry is the least recently used. */
  entries: Map<string, Entry>;
  /** Periods recently used at an older version, to compute again at this one (refreshAfterWrite). */
  stale: Map<string, Entry>;
}

/** One cache per database handle (tests open many databases in one process; their versions are unrelated). */
const caches = new WeakMap<object, CacheState>();

/** How many of the most recently used periods are computed again, ahead of requests, after a write. */
export const REFRESHED_PERIODS = 8;

function store(state: CacheState, key: string, compute: () => Promise<unknown>, result: Promise<unknown>): void {
  const entries = state.entries;
  const entry = { result, compute };
  entries.set(key, entry);
  result.catch(() => {
    if (entries.get(key) === entry) entries.delete(key);
  });
  while (entries.size > MAX_PERIODS) entries.delete(entries.keys().next().value as string);
}

/** Moves the cache of `handle` to a newer data version; the most recently used periods are kept as stale. */
function advance(handle: object, version: bigint): CacheState {
  const old = caches.get(handle);
  const recent = old ? [...old.stale, ...old.entries].slice(-REFRESHED_PERIODS) : [];
  const state: CacheState = { version, entries: new Map(), stale: new Map(recent) };
  caches.set(handle, state);
  return state;
}

/**
 * The result filed under `key` at data version `version` for the database behind `handle` (its Kysely instance),
 * computing it once when missing (concurrent requests share the computation). A request that read an older version
 * than the cache holds computes without storing. A failed computation is not kept.
 */
export function cachedPeriodResult<T>(handle: object, version: bigint, key: string, compute: () => Promise<T>): Promise<T> {
  let state = caches.get(handle);
  if (!state || state.version < version) state = advance(handle, version);
  if (version < state.version) return compute();
  const hit = state.entries.get(key);
  if (hit) {
    state.entries.delete(key);
    state.entries.set(key, hit);
    return hit.result as Promise<T>;
  }
  state.stale.delete(key);
  const result = compute();
  store(state, key, compute, result);
  return result;
}

/**
 * Computes again, one after the other, the recently used periods not yet computed at data version `version`, so that
 * the next league table requests are served from the cache. A period a request computed meanwhile is skipped.
 * Resolves with the number of periods computed.
 */
export async function refreshPeriods(handle: object, version: bigint): Promise<number> {
  let state = caches.get(handle);
  if (!state || state.version > version) return 0;
  if (state.version < version) state = advance(handle, version);
  const due = [...state.stale];
  state.stale.clear();
  let computed = 0;
  for (const [key, entry] of due) {
    if (caches.get(handle) !== state) break; // a newer version arrived meanwhile: its own refresh follows
    if (state.entries.has(key)) continue;
    const result = entry.compute();
    store(state, key, entry.compute, result);
    computed++;
    await result.catch(() => undefined);
  }
  return computed;
}

/** After a write: the recently used periods computed again at the current data version (refreshPeriods). */
export async function refreshAfterWrite(handle: Kysely<DB>): Promise<number> {
  return refreshPeriods(handle, await readDataVersion(handle));
}

/** The running server's watch for writes (one small read every `everyMs`); returns the function that stops it. */
export function startScoreRefresher(handle: Kysely<DB>, everyMs: number, log: (m: string) => void): () => void {
  return runEvery(
    everyMs,
    async () => {
      await refreshAfterWrite(handle);
    },
    (e) => log(`Chỉ số phục vụ: không tính lại được bảng xếp hạng (${e instanceof Error ? e.message : String(e)})`),
  );
}
