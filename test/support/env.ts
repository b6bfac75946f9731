import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const tmpRoot = path.join(repoRoot, '.test-tmp');
export const pgliteTemplateFile = path.join(tmpRoot, 'pglite-template.tar');
/** CCHC_TEST_PG_TAG keeps the PostgreSQL databases of two checkouts on one server apart. */
const PG_TAG = (process.env.CCHC_TEST_PG_TAG ?? '').replace(/[^a-z0-9]/g, '');
export const PG_TEMPLATE_DB = `cchc_test_template${PG_TAG}`;
/** Prefix of the per-file copies of the template. */
export const PG_DB_PREFIX = `cchc_t${PG_TAG}_`;
export const TEST_ADMIN_PASSWORD = 'admin-test-pw';
export const TEST_NOW = '2026-03-02T02:00:00.000Z';

/** Backends the integration suite runs on: PGlite always, PostgreSQL when TEST_DATABASE_URL is set (required in CI). */
export function backends(): ('pglite' | 'postgres')[] {
  const url = process.env.TEST_DATABASE_URL;
  if (!url && process.env.CI) throw new Error('CI requires TEST_DATABASE_URL: PostgreSQL is part of the suite, not optional');
  return url ? ['pglite', 'postgres'] : ['pglite'];
}

export function pgUrl(database: string): string {
  const u = new URL(process.env.TEST_DATABASE_URL as string);
  u.pathname = `/${database}`;
  return u.toString();
}
