import fs from 'node:fs';
import path from 'node:path';
import { type Kysely, sql } from 'kysely';
import { bumpDataVersion } from '../modules/serviceIndex/score-cache.ts';
import type { DB } from './schema.ts';

/**
 * Moving an installation between databases (PGlite → PostgreSQL, or across PGlite versions, whose on-disk formats
 * differ): every table as NDJSON plus a manifest, loaded into a freshly migrated, empty database in one transaction.
 * Sessions and rate-limit counters are not carried over, nor the service index data version: the import bumps the
 * target's own, so that no process serves league tables cached before the data arrived.
 */
export const TRANSFER_TABLES = [
  'app_meta',
  'unit_groups',
  'units',
  'unit_group_members',
  'unit_lineage',
  'users',
  'user_roles',
  'api_tokens',
  'holidays',
  'calendar_years',
  'par_frameworks',
  'par_framework_nodes',
  'par_cycles',
  'par_appraisers',
  'par_assessments',
  'par_scores',
  'par_score_history',
  'blobs',
  'par_evidence',
  'par_results',
  'notifications',
  'procedures',
  'source_systems',
  'dossier_batches',
  'dossiers',
  'dossier_daily',
  'service_index_counts',
  'survey_questionnaires',
  'survey_questionnaire_versions',
  'surveys',
  'survey_units',
  'survey_samples',
  'survey_kiosks',
  'survey_responses',
  'survey_paper_keyings',
  'plans',
  'plan_attachments',
  'plan_tasks',
  'plan_task_support_units',
  'plan_occurrences',
  'plan_reports',
  'plan_report_evidence',
  'plan_jobs',
  'campaigns',
  'campaign_targets',
  'campaign_values',
  'inspection_plans',
  'inspections',
  'inspection_findings',
  'audit_log',
] as const satisfies readonly (keyof DB)[];

const ORDER_BY: Partial<Record<(typeof TRANSFER_TABLES)[number], string>> = { audit_log: 'id', par_score_history: 'id', par_frameworks: 'created_at' };
const JSON_COLUMNS: Record<string, string[]> = {
  audit_log: ['before', 'after'],
  par_frameworks: ['classes'],
  par_framework_nodes: ['method'],
  par_scores: ['self_input', 'data_source'],
  par_score_history: ['evidence_delta'],
  par_results: ['areas'],
  survey_questionnaire_versions: ['content'],
  surveys: ['quotas', 'par_feed'],
  survey_responses: ['answers', 'demographics'],
  survey_paper_keyings: ['answers'],
  plan_tasks: ['schedule', 'criterion_codes'],
  campaign_targets: ['milestones'],
  inspection_plans: ['checklist'],
  inspections: ['checklist'],
};
/** bytea columns travel as base64 text. */
const BINARY_COLUMNS: Record<string, string[]> = { blobs: ['bytes'] };
/** Tables with a serial id whose sequence must continue after the imported rows. */
const SERIAL_TABLES = ['par_score_history'];

export interface Manifest {
  format: 'cchc-export';
  version: 1;
  exportedAt: string;
  migrations: string[];
  tables: Record<string, number>;
}

export async function exportAll(db: Kysely<DB>, dir: string, at: Date): Promise<Manifest> {
  fs.mkdirSync(dir, { recursive: true });
  const tables: Record<string, number> = {};
  for (const t of TRANSFER_TABLES) {
    const order = ORDER_BY[t];
    const rows = (await sql<Record<string, unknown>>`SELECT * FROM ${sql.table(t)} ${order ? sql`ORDER BY ${sql.ref(order)}` : sql``}`.execute(db)).rows;
    for (const c of BINARY_COLUMNS[t] ?? []) for (const r of rows) r[c] = (r[c] as Buffer).toString('base64');
    fs.writeFileSync(path.join(dir, `${t}.ndjson`), rows.map((r) => JSON.stringify(r)).join('\n') + (rows.length ? '\n' : ''));
    tables[t] = rows.length;
  }
  const migrations = (await sql<{ name: string }>`SELECT name FROM kysely_migration ORDER BY name`.execute(db)).rows.map((r) => r.name);
  const manifest: Manifest = { format: 'cchc-export', version: 1, exportedAt: at.toISOString(), migrations, tables };
  fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2));
  return manifest;
}

export class TransferError extends Error {}

/** Loads an export into `db`, which must be migrated to the same migrations and hold no data yet. */
export async function importAll(db: Kysely<DB>, dir: string): Promise<Manifest> {
  const manifestFile = path.join(dir, 'manifest.json');
  if (!fs.existsSync(manifestFile)) throw new TransferError(`${dir} is not a CCHC export (no manifest.json)`);
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as Manifest;
  if (manifest.format !== 'cchc-export' || manifest.version !== 1) throw new TransferError('Unsupported export format');
  const have = (await sql<{ name: string }>`SELECT name FROM kysely_migration ORDER BY name`.execute(db)).rows.map((r) => r.name);
  if (have.join(',') !== manifest.migrations.join(',')) {
    throw new TransferError(`Schema mismatch: export has migrations [${manifest.migrations.join(', ')}], target has [${have.join(', ')}]`);
  }
  await db.transaction().execute(async (trx) => {
    for (const t of TRANSFER_TABLES) {
      const n = (await sql<{ n: string }>`SELECT count(*) AS n FROM ${sql.table(t)}`.execute(trx)).rows[0].n;
      // Reference groups are created by every start; anything else means the target is in use.
      if (Number(n) > 0 && t !== 'unit_groups') throw new TransferError(`Target table ${t} is not empty`);
    }
    await sql`DELETE FROM unit_groups`.execute(trx);
    for (const t of TRANSFER_TABLES) {
      const file = path.join(dir, `${t}.ndjson`);
      let rows = fs
        .readFileSync(file, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      if (rows.length !== manifest.tables[t]) throw new TransferError(`${t}: ${rows.length} rows, manifest says ${manifest.tables[t]}`);
      if (t === 'units') rows = parentsFirst(rows, 'parent_id');
      if (t === 'par_frameworks') rows = parentsFirst(rows, 'copied_from_id');
      if (t === 'plan_tasks') rows = parentsFirst(rows, 'parent_id');
      for (const c of JSON_COLUMNS[t] ?? []) for (const r of rows) r[c] = r[c] === null ? null : JSON.stringify(r[c]);
      for (const c of BINARY_COLUMNS[t] ?? []) for (const r of rows) r[c] = Buffer.from(r[c] as string, 'base64');
      for (let i = 0; i < rows.length; i += 500) {
        await trx
          .insertInto(t as any)
          .values(rows.slice(i, i + 500) as any)
          .execute();
      }
    }
    for (const t of SERIAL_TABLES) {
      await sql`SELECT setval(pg_get_serial_sequence(${t}, 'id'), coalesce((SELECT max(id) FROM ${sql.table(t)}), 0) + 1, false)`.execute(trx);
    }
    await bumpDataVersion(trx);
  });
  return manifest;
}

function parentsFirst(rows: Record<string, unknown>[], parentColumn: string): Record<string, unknown>[] {
  const byId = new Map(rows.map((r) => [r.id as string, r]));
  const out: Record<string, unknown>[] = [];
  const done = new Set<string>();
  const visit = (r: Record<string, unknown>, depth: number) => {
    if (done.has(r.id as string) || depth > 50) return;
    const p = r[parentColumn] ? byId.get(r[parentColumn] as string) : undefined;
    if (p) visit(p, depth + 1);
    done.add(r.id as string);
    out.push(r);
  };
  for (const r of rows) visit(r, 0);
  return out;
}
