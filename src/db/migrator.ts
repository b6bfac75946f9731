import { type Kysely, type Migration, type MigrationProvider, Migrator } from 'kysely';
import * as m0001 from './migrations/0001_foundation.ts';
import * as m0002 from './migrations/0002_par.ts';
import * as m0003 from './migrations/0003_notifications.ts';
import * as m0004 from './migrations/0004_par_denominator.ts';
import * as m0005 from './migrations/0005_procedures.ts';
import * as m0006 from './migrations/0006_dossiers.ts';
import * as m0007 from './migrations/0007_staging_row.ts';
import * as m0008 from './migrations/0008_surveys.ts';
import * as m0009 from './migrations/0009_plans.ts';
import * as m0011 from './migrations/0011_service_index_counts.ts';
import * as m0012 from './migrations/0012_head_evaluation.ts';
import * as m0013 from './migrations/0013_service_index_cache.ts';
import * as m0014 from './migrations/0014_dossier_daily_dissatisfied.ts';
import * as m0015 from './migrations/0015_staging_without_index.ts';
import * as m0016 from './migrations/0016_dossier_key_by_day.ts';

/** Migrations are listed here explicitly so that they are bundled with the code, in order. */
const migrations: Record<string, Migration> = {
  '0001_foundation': m0001,
  '0002_par': m0002,
  '0003_notifications': m0003,
  '0004_par_denominator': m0004,
  '0005_procedures': m0005,
  '0006_dossiers': m0006,
  '0007_staging_row': m0007,
  '0008_surveys': m0008,
  '0011_service_index_counts': m0011,
  '0009_plans': m0009,
  '0012_head_evaluation': m0012,
  '0013_service_index_cache': m0013,
  '0014_dossier_daily_dissatisfied': m0014,
  '0015_staging_without_index': m0015,
  '0016_dossier_key_by_day': m0016,
};

class StaticProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    return migrations;
  }
}

/** Runs every pending migration; running it again is a no-op. Throws on the first failure. */
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: new StaticProvider() });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
