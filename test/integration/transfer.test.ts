import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.ts';
import { migrateToLatest } from '../../src/db/migrator.ts';
import { pgliteExtensions } from '../../src/db/pglite.ts';
import { exportAll, importAll, TRANSFER_TABLES, TransferError } from '../../src/db/transfer.ts';
import { verifyAuditLog } from '../../src/modules/audit/repo.ts';
import { ensureUnitGroups } from '../../src/modules/setup/bootstrap.ts';
import { type Backend, freshDatabase } from '../support/db.ts';
import { backends, tmpRoot } from '../support/env.ts';

const dir = path.join(tmpRoot, `transfer-${process.pid}`);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function counts(db: Parameters<typeof verifyAuditLog>[0]) {
  const out: Record<string, number> = {};
  for (const t of TRANSFER_TABLES) out[t] = Number((await sql<{ n: string }>`SELECT count(*) AS n FROM ${sql.table(t)}`.execute(db)).rows[0].n);
  return out;
}

/** An empty, migrated target of the given kind (as `cchc import` sees it). */
async function emptyTarget(kind: Backend) {
  if (kind === 'pglite') {
    const pglite = await PGlite.create({ extensions: pgliteExtensions });
    const d = await openDatabase({ kind: 'pglite-instance', pglite });
    await migrateToLatest(d.db);
    await ensureUnitGroups(d.db);
    return {
      ...d,
      close: async () => {
        await d.close();
        await pglite.close();
      },
    };
  }
  const d = await freshDatabase('postgres');
  // start from the seeded template, then empty it the way a fresh install would be
  await sql`TRUNCATE ${sql.raw(TRANSFER_TABLES.filter((t) => t !== 'unit_groups').join(', '))} CASCADE`.execute(d.db);
  return d;
}

describe.each(backends())('export from PGlite, import into %s', (targetKind) => {
  it('carries every row, keeps the audit chain intact, and refuses a non-empty target', async () => {
    const src = await freshDatabase('pglite');
    const before = await counts(src.db);
    const m = await exportAll(src.db, dir, new Date('2026-03-02T00:00:00Z'));
    expect(m.tables.units).toBe(554);
    await src.close();

    const target = await emptyTarget(targetKind);
    try {
      await importAll(target.db, dir);
      expect(await counts(target.db)).toEqual(before);
      expect((await verifyAuditLog(target.db)).ok).toBe(true);
      const qn = await target.db.selectFrom('units').select(['name', 'valid_from']).where('code', '=', '21583').orderBy('name').execute();
      expect(qn).toEqual([
        { name: 'Phường Quy Nhơn', valid_from: '2025-07-01' },
        { name: 'Phường Thị Nại', valid_from: null },
      ]);
      // a second import into the now non-empty database is refused and changes nothing
      await expect(importAll(target.db, dir)).rejects.toThrow(TransferError);
      expect(await counts(target.db)).toEqual(before);
    } finally {
      await target.close();
    }
  });
});
