import fs from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { openDatabase } from '../../src/db/database.ts';
import { pgliteExtensions } from '../../src/db/pglite.ts';
import { ManualClock } from '../../src/domain/shared/clock.ts';
import { prepareDatabase } from '../../src/modules/setup/start.ts';
import { backends, PG_DB_PREFIX, PG_TEMPLATE_DB, pgliteTemplateFile, pgUrl, TEST_ADMIN_PASSWORD, TEST_NOW, tmpRoot } from './env.ts';

/**
 * Migrates and seeds one database per backend once, so that each test file starts from a copy:
 * a dumped PGlite data directory, and a PostgreSQL template database.
 */
export default async function setup() {
  fs.mkdirSync(tmpRoot, { recursive: true });
  const clock = new ManualClock(TEST_NOW);
  const opts = { adminPassword: TEST_ADMIN_PASSWORD, demo: true, log: () => {} };
  const kinds = backends();

  const pglite = await PGlite.create({ extensions: pgliteExtensions });
  const d = await openDatabase({ kind: 'pglite-instance', pglite });
  await prepareDatabase(d.db, clock, opts);
  await d.close();
  const dump = await pglite.dumpDataDir('none');
  fs.writeFileSync(pgliteTemplateFile, Buffer.from(await dump.arrayBuffer()));
  await pglite.close();

  if (kinds.includes('postgres')) {
    const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await admin.connect();
    // leftovers of an interrupted run
    const stale = await admin.query(`SELECT datname FROM pg_database WHERE starts_with(datname, $1) OR datname = $2`, [PG_DB_PREFIX, PG_TEMPLATE_DB]);
    for (const r of stale.rows) await admin.query(`DROP DATABASE IF EXISTS "${r.datname}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${PG_TEMPLATE_DB}"`);
    const t = await openDatabase({ kind: 'postgres', url: pgUrl(PG_TEMPLATE_DB), poolSize: 1 });
    await prepareDatabase(t.db, clock, opts);
    await t.close();
    await admin.end();
  }
  return async () => {
    if (kinds.includes('postgres')) {
      const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS "${PG_TEMPLATE_DB}" WITH (FORCE)`);
      await admin.end();
    }
  };
}
