import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bulkLoad } from '../../src/db/bulkLoad.ts';
import type { Database } from '../../src/db/database.ts';
import { freshDatabase } from '../support/db.ts';
import { backends } from '../support/env.ts';

describe.each(backends())('bulkLoad on %s', (kind) => {
  let d: Database;
  beforeAll(async () => {
    d = await freshDatabase(kind);
    await sql`CREATE TABLE bl_test (id integer PRIMARY KEY, name text, day date, at timestamptz, ok boolean, amount numeric(12,2))`.execute(d.db);
  });
  afterAll(async () => {
    await d?.close();
  });

  it('loads awkward text (tabs, newlines, backslashes, diacritics), nulls, dates and decimals exactly', async () => {
    const rows = [
      [1, 'Phường Quy Nhơn\tĐông', '2025-07-01', new Date('2025-07-01T01:02:03.456Z'), true, '1234.50'],
      [2, 'dòng 1\ndòng 2 \\ gạch', null, null, false, '0.01'],
      [3, null, '2024-02-29', null, null, null],
    ] as const;
    expect(await bulkLoad(d, 'bl_test', ['id', 'name', 'day', 'at', 'ok', 'amount'], rows)).toBe(3);
    const got = await sql<{
      id: number;
      name: string | null;
      day: string | null;
      at: Date | null;
      ok: boolean | null;
      amount: string | null;
    }>`SELECT * FROM bl_test ORDER BY id`.execute(d.db);
    expect(got.rows).toEqual([
      { id: 1, name: 'Phường Quy Nhơn\tĐông', day: '2025-07-01', at: new Date('2025-07-01T01:02:03.456Z'), ok: true, amount: '1234.50' },
      { id: 2, name: 'dòng 1\ndòng 2 \\ gạch', day: null, at: null, ok: false, amount: '0.01' },
      { id: 3, name: null, day: '2024-02-29', at: null, ok: null, amount: null },
    ]);
  });

  it('is all-or-nothing: a bad row in a later batch leaves nothing behind', async () => {
    function* rows() {
      for (let i = 100; i < 12_100; i++) yield [i, `row ${i}`, i === 11_000 ? 'not-a-date' : '2025-01-01', null, true, '1'] as const;
    }
    await expect(bulkLoad(d, 'bl_test', ['id', 'name', 'day', 'at', 'ok', 'amount'], rows(), { batchSize: 1000 })).rejects.toThrow();
    const n = await sql<{ n: string }>`SELECT count(*) AS n FROM bl_test WHERE id >= 100`.execute(d.db);
    expect(Number(n.rows[0].n)).toBe(0);
  });
});
