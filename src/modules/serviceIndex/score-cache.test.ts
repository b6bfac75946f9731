import { describe, expect, it } from 'vitest';
import { cachedPeriodResult, MAX_PERIODS, REFRESHED_PERIODS, refreshPeriods } from './score-cache.ts';

/** A computation that counts its runs. */
function counter() {
  const runs: string[] = [];
  return { runs, compute: (value: string) => () => Promise.resolve(runs.push(value)).then(() => value) };
}

describe('the cache of computed periods', () => {
  it('computes a period once per data version, shares a computation in flight, and forgets older versions', async () => {
    const db = {};
    const c = counter();
    const [a, b] = await Promise.all([cachedPeriodResult(db, 1n, 'Q4', c.compute('v1')), cachedPeriodResult(db, 1n, 'Q4', c.compute('again'))]);
    expect([a, b]).toEqual(['v1', 'v1']);
    expect(await cachedPeriodResult(db, 2n, 'Q4', c.compute('v2'))).toBe('v2');
    // a request that read the older version computes for itself and stores nothing
    expect(await cachedPeriodResult(db, 1n, 'Q4', c.compute('late reader'))).toBe('late reader');
    expect(await cachedPeriodResult(db, 2n, 'Q4', c.compute('not run'))).toBe('v2');
    expect(c.runs).toEqual(['v1', 'v2', 'late reader']);
  });

  it('keeps each database apart, keeps no failure, and keeps the most recently used periods', async () => {
    const one = {};
    const two = {};
    const c = counter();
    await cachedPeriodResult(one, 5n, 'Q1', c.compute('one'));
    expect(await cachedPeriodResult(two, 5n, 'Q1', c.compute('two'))).toBe('two');
    await expect(cachedPeriodResult(one, 5n, 'Q2', () => Promise.reject(new Error('db down')))).rejects.toThrow('db down');
    expect(await cachedPeriodResult(one, 5n, 'Q2', c.compute('retried'))).toBe('retried');

    for (let i = 0; i < MAX_PERIODS; i++) {
      await cachedPeriodResult(one, 5n, `P${i}`, c.compute(`P${i}`));
      await cachedPeriodResult(one, 5n, 'Q1', c.compute('not run')); // used again: stays
    }
    expect(await cachedPeriodResult(one, 5n, 'Q1', c.compute('not run'))).toBe('one');
    expect(await cachedPeriodResult(one, 5n, 'P0', c.compute('P0 again'))).toBe('P0 again');
    expect(c.runs).not.toContain('not run');
  });

  it('after a write, computes the recently used periods again, one after the other, before they are asked for', async () => {
    const db = {};
    const runs: string[] = [];
    /** A computation that says which run it was. */
    const compute = (name: string) => async () => {
      runs.push(name);
      return `${name}#${runs.length}`;
    };
    for (let i = 0; i < REFRESHED_PERIODS + 2; i++) await cachedPeriodResult(db, 1n, `P${i}`, compute(`P${i}`));
    runs.length = 0;
    // a request at version 2 computes only its own period
    expect(await cachedPeriodResult(db, 2n, `P${REFRESHED_PERIODS + 1}`, compute('asked'))).toBe('asked#1');
    expect(runs).toEqual(['asked']);
    // the refresh computes the other recent ones (not P0, P1, used longest ago), in their order of use
    const recent = Array.from({ length: REFRESHED_PERIODS - 1 }, (_, i) => `P${i + 2}`);
    expect(await refreshPeriods(db, 2n)).toBe(REFRESHED_PERIODS - 1);
    expect(runs).toEqual(['asked', ...recent]);
    const served = await Promise.all(recent.map((p) => cachedPeriodResult(db, 2n, p, compute('not run'))));
    expect(served.every((v, i) => v.startsWith(`${recent[i]}#`))).toBe(true);
    expect(await refreshPeriods(db, 2n)).toBe(0);
    expect(await cachedPeriodResult(db, 2n, 'P0', compute('P0 on demand'))).toBe(`P0 on demand#${REFRESHED_PERIODS + 1}`);
    // a write with no request in between: the refresh alone moves the cache to version 3
    runs.length = 0;
    expect(await refreshPeriods(db, 3n)).toBe(REFRESHED_PERIODS);
    expect(await cachedPeriodResult(db, 3n, 'P0', compute('not run'))).toBe(`P0 on demand#${REFRESHED_PERIODS}`);
    expect(runs).not.toContain('not run');
  });
});
