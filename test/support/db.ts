import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { type Database, openDatabase } from '../../src/db/database.ts';
import { pgliteExtensions } from '../../src/db/pglite.ts';
import { PG_DB_PREFIX, PG_TEMPLATE_DB, pgliteTemplateFile, pgUrl } from './env.ts';

export type Backend = 'pglite' | 'postgres';

/** A fresh, migrated and demo-seeded database of the given kind, private to the caller. */
export async function freshDatabase(kind: Backend): Promise<Database> {
  if (kind === 'pglite') {
    const blob = new Blob([fs.readFileSync(pgliteTemplateFile)]);
    const pglite = await PGlite.create({ loadDataDir: blob, extensions: pgliteExtensions });
    const d = await openDatabase({ kind: 'pglite-instance', pglite });
    return {
      ...d,
      close: async () => {
        await d.close();
        await pglite.close();
      },
    };
  }
  const name = `${PG_DB_PREFIX}${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${PG_TEMPLATE_DB}"`);
  await admin.end();
  const d = await openDatabase({ kind: 'postgres', url: pgUrl(name), poolSize: 4 });
  return {
    ...d,
    close: async () => {
      await d.close();
      const a = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await a.end();
    },
  };
}
